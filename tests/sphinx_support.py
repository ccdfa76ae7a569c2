"""Build a small Sphinx project in-process, for the extensions' unit tests."""

import io
from pathlib import Path


def sphinx_build(src: Path, out: Path, doctrees: Path, builder: str = "html",
                 strict: bool = False, fresh: bool = True) -> str:  # fmt: skip
    """Build ``src`` into ``out`` and return the warnings text.

    ``fresh=False`` keeps the saved environment, for incremental-build tests.

    Each build gets a fresh docutils registry (as ``sphinx.testing`` does): without it, a second
    Sphinx app in one pytest process warns that every node and directive "is already registered".
    """
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    warnings = io.StringIO()
    with docutils_namespace():
        app = Sphinx(str(src), str(src), str(out), str(doctrees), builder, status=None,
                     warning=warnings, freshenv=fresh, warningiserror=strict)  # fmt: skip
        app.build()
    return warnings.getvalue()
