"""Drop the build's caches when the code or data the chapters use has changed.

Sphinx re-reads, and ``execute_notebooks: cache`` re-executes, a chapter only when the
chapter's own source changes; neither knows that a chapter's output also depends on the
``widgets`` package, the data in ``data/`` and the locked environment. ``make book`` runs
this first: it hashes those inputs and, if the hash differs from the one stored in
``_build/``, deletes the caches so that every chapter is read and executed again.

The book's own extensions (``_ext/``) are not inputs here: a change to one of them does not
change what a chapter's code computes. Each registers a fingerprint config value instead
(``_ext/_assets.py``), so Sphinx re-reads or rewrites every page when it changes, without
executing the chapters again.
"""

import hashlib
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The build folder: ``_build`` by default, or the one given (a build made with
#: ``jupyter-book build . --path-output DIR`` writes to ``DIR/_build``).
BUILD = Path(sys.argv[1]).resolve() / "_build" if len(sys.argv) > 1 else ROOT / "_build"
CACHES = [BUILD / name for name in (".doctrees", ".jupyter_cache", "jupyter_execute")]
STAMP = BUILD / ".jupyter_cache.inputs"
INPUTS = ["widgets/**/*.py", "data/*", "uv.lock", "_config.yml"]


def inputs_hash() -> str:
    digest = hashlib.sha256()
    for pattern in INPUTS:
        for path in sorted(ROOT.glob(pattern)):
            if path.is_file():
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def main() -> None:
    current = inputs_hash()
    if STAMP.exists() and STAMP.read_text().strip() == current:
        return
    dropped = [cache for cache in CACHES if cache.exists()]
    for cache in dropped:
        shutil.rmtree(cache)
    if dropped:
        print("Build caches dropped: widgets/, data/ or the environment changed.")
    STAMP.parent.mkdir(parents=True, exist_ok=True)
    STAMP.write_text(current + "\n")


if __name__ == "__main__":
    main()
