"""What executed chapters depend on besides their own code, and the stamp that records it.

Sphinx re-reads, and ``execute_notebooks: cache`` re-executes, a chapter only when the
chapter's own source changes; neither knows that a chapter's output also depends on the
``widgets`` package, the data in ``data/`` and the locked environment. :func:`inputs_hash`
hashes those inputs; ``make book`` first runs ``scripts/invalidate_cache.py``, which drops
the build's caches when the hash differs from the one stored in the build
(:func:`refresh`), and ``make notebooks`` reuses a build's glued values only when its stamp
is today's hash (:func:`build_is_current`).

The book's own extensions (``_ext/``) are not inputs here: a change to one of them does not
change what a chapter's code computes. Each registers a fingerprint config value instead
(``_ext/_assets.py``), so Sphinx re-reads or rewrites every page when it changes, without
executing the chapters again.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: What the chapters' outputs depend on, as globs under the book's root.
INPUTS = ("widgets/**/*.py", "data/*", "uv.lock", "_config.yml")
CACHES = (".doctrees", ".jupyter_cache", "jupyter_execute")
STAMP = ".jupyter_cache.inputs"


def inputs_hash(root: Path = ROOT) -> str:
    """A hash of :data:`INPUTS` (names and bytes)."""
    digest = hashlib.sha256()
    for pattern in INPUTS:
        for path in sorted(Path(root).glob(pattern)):
            if path.is_file():
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def build_is_current(build: Path) -> bool:
    """Whether ``build`` (a ``_build`` folder) executed the chapters with today's inputs."""
    stamp = Path(build) / STAMP
    return stamp.is_file() and stamp.read_text().strip() == inputs_hash()


def refresh(build: Path) -> list[Path]:
    """Drop the caches of ``build`` unless its stamp is today's hash; write the stamp.
    Returns the caches dropped."""
    build = Path(build)
    current = inputs_hash()
    stamp = build / STAMP
    if stamp.exists() and stamp.read_text().strip() == current:
        return []
    dropped = [build / name for name in CACHES if (build / name).exists()]
    for cache in dropped:
        shutil.rmtree(cache)
    build.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current + "\n")
    return dropped
