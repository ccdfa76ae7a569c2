"""Drop the build's caches when the code or data the chapters use has changed.

``make book`` runs this first (``python -m scripts.invalidate_cache [DIR]``); what counts as
an input and why is in ``_ext/build_cache.py``. The build folder is ``_build`` by default, or
``DIR/_build`` (a build made with ``jupyter-book build . --path-output DIR``).
"""

import sys
from pathlib import Path

from _ext.build_cache import ROOT, refresh


def main(argv: list[str]) -> None:
    build = Path(argv[0]).resolve() / "_build" if argv else ROOT / "_build"
    if refresh(build):
        print("Build caches dropped: widgets/, data/ or the environment changed.")


if __name__ == "__main__":
    main(sys.argv[1:])
