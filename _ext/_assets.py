"""Shared plumbing for the book's local Sphinx extensions (``_ext/*.py``); not an extension.

* :func:`is_html` -- is the running builder an HTML one?
* :func:`fingerprint` / :func:`register_fingerprint` -- a hash of an extension's code and
  assets kept in a config value, so that editing the extension rebuilds what it made: Sphinx
  re-reads every page when an ``"env"`` value changes and rewrites every page when an
  ``"html"`` value changes (otherwise only pages whose own source changed are rebuilt).
* :func:`ship_page_assets` -- copy an extension's CSS/JS into ``<outdir>/_static/<name>/``
  and link them only from the pages that need them. The book's own ``_static/`` is not used:
  Jupyter Book 1 adds every .js/.css found there to every page. Sphinx writes the links page
  relative (``_static/...``, ``../_static/...``) with a ``?v=`` checksum, so they work on
  ``file://`` pages and a changed file is never served from a stale browser cache.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

#: ``needed(app, pagename, context, doctree) -> bool``: does this page use the assets?
Needed = Callable[[Sphinx, str, dict, Any], bool]


def is_html(app: Sphinx) -> bool:
    """True when the builder writes HTML (html, dirhtml, singlehtml)."""
    return getattr(getattr(app, "builder", None), "format", "") == "html"


def fingerprint(*paths: str | Path) -> str:
    """A short hash of the named files (names and bytes), in the order given.

    This helper itself is always included: a change here changes every extension's print.
    """
    digest = hashlib.sha256()
    for path in (*map(Path, paths), Path(__file__)):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def register_fingerprint(
    app: Sphinx, name: str, files: Iterable[str | Path], rebuild: str = "html"
) -> None:
    """Add the config value ``<name>_fingerprint``, set to :func:`fingerprint` of ``files``.

    ``rebuild="env"`` when the extension changes doctrees (every page is read again),
    ``"html"`` when it only changes the written HTML (every page is written again).
    """
    key = f"{name}_fingerprint"
    files = tuple(files)
    app.add_config_value(key, "", rebuild, [str])

    def _set(app: Sphinx, config: Any) -> None:
        setattr(config, key, fingerprint(*files))

    app.connect("config-inited", _set)


def ship_page_assets(
    app: Sphinx, name: str, source: Path, files: Iterable[str], needed: Needed
) -> None:
    """Ship ``source/<file>`` as ``_static/<name>/<file>``; link them where ``needed``.

    ``.css`` files become stylesheets, ``.js`` files deferred scripts, in the order given.
    """
    files = tuple(files)
    for file in files:
        if not file.endswith((".css", ".js")):
            raise ValueError(f"ship_page_assets({name!r}): {file!r} is neither .css nor .js")

    def _copy(app: Sphinx) -> None:
        if not is_html(app):
            return
        target = Path(app.outdir, "_static", name)
        target.mkdir(parents=True, exist_ok=True)
        for file in files:
            shutil.copyfile(source / file, target / file)

    def _link(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
        if not is_html(app) or not needed(app, pagename, context, doctree):
            return
        # Added during html-page-context, these apply to this page only (Sphinx >= 7.2).
        for file in files:
            if file.endswith(".css"):
                app.add_css_file(f"{name}/{file}")
            else:
                app.add_js_file(f"{name}/{file}", loading_method="defer")

    app.connect("builder-inited", _copy)
    app.connect("html-page-context", _link)
