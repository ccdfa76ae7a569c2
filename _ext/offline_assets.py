"""Serve every third-party browser asset of the book from the site itself: no CDN.

A local Sphinx extension (registered in ``_config.yml`` under ``sphinx.local_extensions``).
The vendored files, their pinned versions and licences are in ``_vendor/`` (see its README);
``scripts/vendor_assets.sh`` re-fetches them from the npm registry.

What it does
------------
1. ``config-inited``: switches off sphinx-thebe, which Jupyter Book always loads (its launch
   button would fetch thebe from unpkg.com and a kernel from mybinder.org; it also declares
   ``const THEBE_JS_URL`` twice per page, a console error); sets the theme's ``default_mode``
   (unset, pydata-sphinx-theme logs a console error on a reader's first visit).
2. ``builder-inited``: copies ``<book>/_vendor/`` to ``<outdir>/_vendor/``. Not under
   ``_static/``: Jupyter Book 1 adds every .js/.css in the book's ``_static`` to every page.
   Warns if the vendored Vega-Lite is not the one the installed Altair asks for.
3. ``html-page-context``, per page:
   * Vega: on pages whose HTML holds Altair output (``vegaEmbed(`` / ``altair-viz-``), adds
     ``window.VEGA_DEBUG`` (the version strings Altair's template compares, so it skips its
     CDN loader) and, as synchronous scripts *before* require.js, the book's Vega bundle
     (``_vendor/vega-book/vega-book.min.js``: vega 6 with only the transforms the book's
     charts can use, 422 kB instead of 521 kB, built by ``scripts/vendor_assets.sh`` from
     ``scripts/vega_bundle/``) and the book's ``vegaEmbed`` (``vega_embed.js`` beside this
     file, shipped as ``_static/offline_assets/vega-embed.js``: what the site used of
     vega-embed's 60 kB; its header says what it does and what other scripts may rely on).
     A page whose charts are not all compiled to Vega, or that needs a transform the bundle
     lacks (a warning: ``-W`` fails the build), gets the upstream vega, vega-lite and
     vega-embed UMD builds instead. *After* require.js, named AMD modules ``vega``,
     ``vega-lite``, ``vega-embed`` returning the globals (with require.js on the page,
     Altair's template asks require.js for them).
   * MathJax comes from ``mathjax_path``. Sphinx adds it to pages with maths *or whose toctree
     holds a page with maths* (the book's root page); ``offline_assets_mathjax = "page"`` drops
     it from pages without maths of their own (1.2 MB less on the landing page).
   * Widgets: myst-nb adds require.js + the widget manager (``nb_ipywidgets_js``) and the saved
     state to every page whose notebook saved widget state; ``offline_assets_widgets = "auto"``
     drops all three where no output is a widget view (3.7 MB of JavaScript for nothing).
     Where they stay, require.js is told where the manager's modules live (so its fonts load
     from ``_vendor``) and, if the page also has MathJax, a bridge from the MathJax 2 call
     ipywidgets makes (``MathJax.Hub.Queue``) to MathJax 3 is added.
   * Scripts that only act on the finished page (Sphinx's doctools, the theme's, the
     copy and toggle buttons, the book's navigation, accessibility, print and controls
     scripts: :data:`DEFERRED_SCRIPTS`) load with ``defer``, so the parser (and a chart's
     script in the body) waits only for the scripts a chart needs.
   * ``mathjax_path`` and ``nb_ipywidgets_js`` are written ``../_vendor/...`` in
     ``_config.yml`` because Sphinx resolves relative asset paths against ``_static/``; the
     resulting ``_static/../_vendor/...`` URLs are cleaned to ``_vendor/...``, and a relative
     ``data-jupyter-widgets-cdn`` (read as site-root relative) is made page relative.
4. Maths: the ``mathml`` HTML math renderer (``html_math_renderer: mathml`` in
   ``_config.yml``) writes every ``$...$`` / ``$$...$$`` as MathML at build time
   (``latex2mathml``), which browsers draw natively: no MathJax (1.2 MB of JavaScript and
   its fonts) on any page, and the maths is read by screen readers as maths. The TeX source
   stays in the page as the MathML's ``annotation`` (copy/paste, search). Numbered
   equations keep Sphinx's ``eqno`` and permalink. With ``html_math_renderer: mathjax``
   the vendored MathJax (``mathjax_path``) is used as before.
5. ``build-finished``: cuts the theme's Font Awesome web fonts (copied to
   ``_static/vendor/fontawesome/webfonts/``, 156 kB for the solid one, loaded by every page
   for its icons) down to the icons the built site uses: the ``fa-*`` classes in its HTML
   and scripts and the icon characters its stylesheets name (admonitions, external links,
   breadcrumbs). ``offline_assets_icon_font = "full"`` keeps them whole.
6. ``build-finished``: cuts the theme's third-party stylesheets (:data:`PURGED_STYLESHEETS`:
   pydata-sphinx-theme's 313 kB, mostly Bootstrap, sphinx-design, myst-nb...) to the rules
   that can match in this site (:func:`purge_css`): a selector goes when it requires a
   class or id that no page and no script a page loads names (attributes, elements and
   pseudo-classes never drop a rule; class names scripts build from pieces are kept by
   prefix, :data:`PURGE_KEEP_PREFIXES`). ``offline_assets_purge_css = []`` keeps them whole.
   A stylesheet that holds only an ``@import`` (the theme's ``theme.css``) is replaced in
   every page by the file it imports: one render-blocking request instead of two in a row.
   Then each run of local stylesheet links in a page (the theme's, the extensions' and the
   book's: 16 on a chapter) becomes one link to a file holding them all in the same order
   (:func:`bundle_stylesheets`, ``_static/bundles/<hash>.css``; three distinct sets in the
   site). Every stylesheet blocks the first paint and the scripts after it, and the
   requests queue (six at a time per host over HTTP/1.1): the first chart came 10-20 %
   sooner, measured back to back. ``offline_assets_bundle_css = False`` keeps the links.
7. ``build-finished``: scans the written HTML (and CSS under ``_static``) for assets fetched
   from another origin (script/img/iframe ``src``, stylesheet/preload/icon ``href``, CSS
   ``url()``/``@import``, Vega data ``"url"``) and warns, so ``jupyter-book build -W`` fails if
   anything reaches outside. Ordinary ``<a href>`` links are not assets and are allowed.

Config values (``sphinx: config:`` in ``_config.yml``)
------------------------------------------------------
``offline_assets_vendor_dir`` ("_vendor")
    source folder (relative to the book) and output folder name.
``offline_assets_vega`` ("auto")
    "auto": vega only on pages with Altair output; "always"; "never".
``offline_assets_vegalite`` ("compile")
    "compile": every Altair chart in a page's HTML is compiled from Vega-Lite to Vega at
    build time (``vl_convert.vegalite_to_vega``, the Vega-Lite version Altair asks for) and
    embedded with ``mode: "vega"``, so ``vega-lite.min.js`` (249 kB) is loaded only on pages
    where a chart could not be compiled (or sits in saved widget state); its long inline
    data sets are written by column (:func:`pack_columns`: field names once, not per row),
    a ``usermeta.embedOptions.patch`` (a JSON Patch vega-embed applied in the browser)
    is applied to the compiled spec (:func:`apply_patch`), and the marks styled
    ``usermeta.book.keyStyle`` + field get a Vega ``key`` (:func:`key_marks`).
    "browser": as Altair writes it, compiled in the reader's browser.
``offline_assets_vega_bundle`` ("book")
    "book": the book's Vega bundle and vegaEmbed where every chart is compiled to Vega;
    "upstream": vega and vega-embed as published.
``offline_assets_purge_css`` (:data:`PURGED_STYLESHEETS`), ``offline_assets_purge_keep``
    the stylesheets cut at build-finished (globs under ``_static``) and the class prefixes
    always kept (see 6.).
``offline_assets_bundle_css`` (True)
    one stylesheet per run of local stylesheet links in a page (see 6.).
``offline_assets_mathjax`` ("page")
    "page": MathJax only on pages with maths of their own; "sphinx": Sphinx's rule.
``offline_assets_widgets`` ("auto")
    "auto": widget state, require.js and manager only on pages with a widget view;
    "always": myst-nb's rule (every page whose notebook saved widget state).
``offline_assets_no_thebe`` (True)
    disconnect sphinx-thebe.
``offline_assets_check`` ("warn")
    "warn": scan the built HTML for assets from other origins; "off".
``offline_assets_icon_font`` ("subset")
    "subset": the icon fonts hold only the icons the site uses (see 5.); "full".
``html_math_renderer`` (Sphinx)
    "mathml": maths rendered at build time by this extension (see 4.); "mathjax": MathJax.
``offline_assets_theme_default_mode`` ("auto")
    ``html_context["default_mode"]`` unless set there; "" leaves it alone.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import posixpath
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from . import _assets

logger = logging.getLogger(__name__)

__version__ = "1.0.0"

WARN = {"type": "offline_assets"}

# Script priorities (Sphinx sorts page scripts by priority; default 500, Sphinx core 200,
# myst-nb's require.js/widget manager 500, html_js_files 800). Vega must run before require.js
# exists (a UMD build that sees `define.amd` registers an anonymous AMD module instead of a
# global, and require.js then reports "Mismatched anonymous define()"); the AMD aliases must run
# after it. All of them are in <head>, so before any chart script in the body.
PRIO_VEGA = 450
PRIO_AMD_ALIASES = 900

VEGA_FILES = ("vega/vega.min.js", "vega-lite/vega-lite.min.js", "vega-embed/vega-embed.min.js")
#: The book's Vega (only the transforms it can need; see scripts/vega_bundle/) and what it
#: registers, in the vendor folder; with the book's vegaEmbed (this folder's vega_embed.js,
#: shipped as _static/offline_assets/vega-embed.js) it replaces VEGA_FILES on pages whose
#: charts are all compiled to Vega.
VEGA_BOOK_FILE = "vega-book/vega-book.min.js"
VEGA_BOOK_TRANSFORMS = "vega-book/transforms.json"
EMBED_JS = Path(__file__).with_name("vega_embed.js")
EMBED_STATIC = "offline_assets/vega-embed.js"
VEGA_MARKERS = re.compile(r"vegaEmbed\s*\(|\baltair-viz-")
#: Third-party stylesheets (globs under ``<outdir>/_static``) cut to the rules the site can
#: use at build-finished (the theme's is 313 kB, mostly Bootstrap the pages never use). The
#: book's own stylesheets are left alone.
PURGED_STYLESHEETS = (
    "styles/pydata-sphinx-theme.css",
    "styles/sphinx-book-theme.css",
    "sphinx-design.min.css",
    "mystnb.*.css",
    "basic.css",
    "pygments.css",
)
#: Class names scripts build from pieces, so never found whole in them: Bootstrap's
#: tooltip/popover placements (``bs-tooltip-`` + "top").
PURGE_KEEP_PREFIXES = ("bs-",)
WIDGET_STATE_TYPE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW_TYPE = "application/vnd.jupyter.widget-view+json"

AMD_ALIASES_JS = (
    'if (typeof define === "function" && define.amd && window.vegaEmbed) {'
    ' define("vega", [], function () { return window.vega; });'
    ' define("vega-lite", [], function () { return window.vegaLite; });'
    ' define("vega-embed", [], function () { return window.vegaEmbed; }); }'
)

# ipywidgets 8 calls MathJax.Hub.Queue(["Typeset", MathJax.Hub, el]) whenever window.MathJax
# exists. Runs after Sphinx's `window.MathJax = {config}` and before the deferred MathJax 3:
# queue calls while MathJax loads, then hand them to MathJax 3 once it is ready.
MATHJAX2_HUB_JS = """(function () {
  var cfg = window.MathJax = window.MathJax || {};
  if (cfg.version) return;
  var pending = [];
  function typeset(els) {
    MathJax.startup.promise = MathJax.startup.promise
      .then(function () { return MathJax.typesetPromise(els.length ? els : undefined); })
      .catch(function (err) { console.warn("MathJax typeset failed", err); });
  }
  function queue() {
    var els = [];
    for (var i = 0; i < arguments.length; i++) {
      var a = arguments[i];
      if (a && a[0] === "Typeset" && a[2]) els.push(a[2]);
    }
    if (window.MathJax && MathJax.typesetPromise && MathJax.startup) typeset(els);
    else pending.push.apply(pending, els);
  }
  cfg.Hub = {Queue: queue};
  cfg.startup = cfg.startup || {};
  var ready = cfg.startup.ready;
  cfg.startup.ready = function () {
    if (ready) ready(); else MathJax.startup.defaultReady();
    if (!MathJax.Hub) MathJax.Hub = {Queue: queue};
    if (pending.length) typeset(pending.splice(0));
  };
})();"""


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("offline_assets_vendor_dir", "_vendor", "html", [str])
    app.add_config_value("offline_assets_vega", "auto", "html", [str])
    app.add_config_value("offline_assets_vegalite", "compile", "html", [str])
    app.add_config_value("offline_assets_vega_bundle", "book", "html", [str])
    app.add_config_value("offline_assets_mathjax", "page", "html", [str])
    app.add_config_value("offline_assets_widgets", "auto", "html", [str])
    app.add_config_value("offline_assets_no_thebe", True, "env", [bool])
    app.add_config_value("offline_assets_check", "warn", "", [str])
    app.add_config_value("offline_assets_icon_font", "subset", "", [str])
    app.add_config_value("offline_assets_theme_default_mode", "auto", "html", [str])
    app.add_config_value("offline_assets_purge_css", list(PURGED_STYLESHEETS), "", [list])
    app.add_config_value("offline_assets_purge_keep", list(PURGE_KEEP_PREFIXES), "", [list])
    app.add_config_value("offline_assets_bundle_css", True, "", [bool])
    # The book's own stylesheets, scripts and templates: Sphinx copies _static/ and applies
    # _templates/ only when it writes pages, and writes none when no chapter changed, so an
    # edit there alone would never reach the site. Their fingerprint rewrites every page.
    book_files = sorted(
        path
        for folder in ("_static", "_templates")
        for path in Path(app.srcdir, folder).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    )
    _assets.register_fingerprint(app, "offline_assets_book_files", book_files)
    app.add_config_value("offline_assets_strip_js", list(STRIPPED_SCRIPTS), "", [list])
    # Set from _vendor/versions.json and this file at config-inited; being an "html" value, a
    # change of either makes Sphinx rewrite every page (new ?v= checksums, new script logic).
    app.add_config_value("offline_assets_fingerprint", "", "html", [str])

    app.add_html_math_renderer(
        "mathml",
        inline_renderers=(_visit_math_inline, None),
        block_renderers=(_visit_math_block, None),
    )

    app.connect("config-inited", _config_inited, priority=900)
    app.connect("builder-inited", _builder_inited)
    app.connect("html-page-context", _page_context, priority=900)
    # After the theme's own build-finished handlers: pydata-sphinx-theme writes its light and
    # dark pygments.css then, over Sphinx's; cut or bundled before, the site kept Sphinx's.
    app.connect("build-finished", _build_finished, priority=900)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}


# --------------------------------------------------------------------------------------------
# config-inited: thebe off, fingerprint, config sanity
# --------------------------------------------------------------------------------------------
def _vendor_src(app: Sphinx) -> Path:
    return Path(app.srcdir, app.config.offline_assets_vendor_dir)


def _config_inited(app: Sphinx, config: Any) -> None:
    if config.offline_assets_vega not in ("auto", "always", "never"):
        logger.warning("offline_assets_vega must be auto, always or never; using auto", **WARN)
        config.offline_assets_vega = "auto"
    if config.offline_assets_widgets not in ("auto", "always"):
        logger.warning("offline_assets_widgets must be auto or always; using auto", **WARN)
        config.offline_assets_widgets = "auto"
    if config.offline_assets_vegalite not in ("compile", "browser"):
        logger.warning("offline_assets_vegalite must be compile or browser; using compile", **WARN)
        config.offline_assets_vegalite = "compile"
    if config.offline_assets_mathjax not in ("page", "sphinx"):
        logger.warning("offline_assets_mathjax must be page or sphinx; using page", **WARN)
        config.offline_assets_mathjax = "page"

    versions = _vendor_src(app) / "versions.json"
    if not versions.is_file():
        logger.warning(
            "offline_assets: %s not found; run scripts/vendor_assets.sh", versions, **WARN
        )
    config.offline_assets_fingerprint = _assets.fingerprint(
        __file__, EMBED_JS, *([versions] if versions.is_file() else [])
    )
    if config.offline_assets_vega_bundle not in ("book", "upstream"):
        logger.warning("offline_assets_vega_bundle must be book or upstream; using book", **WARN)
        config.offline_assets_vega_bundle = "book"

    if config.offline_assets_no_thebe:
        _disable_thebe(app)

    # pydata-sphinx-theme 0.17 (under sphinx-book-theme) logs console.error("Got invalid theme
    # mode: . Resetting to auto.") on a reader's first visit (empty localStorage) when the
    # template variable default_mode (html_context, not a theme option) is unset. "auto" is
    # what it falls back to, so setting it changes nothing visible.
    mode = config.offline_assets_theme_default_mode
    if mode:
        if not isinstance(config.html_context, dict):
            config.html_context = {}
        config.html_context.setdefault("default_mode", mode)

    mathjax_path = str(getattr(config, "mathjax_path", "") or "")
    if "://" in mathjax_path or mathjax_path.startswith("//"):
        logger.warning(
            "offline_assets: mathjax_path loads from another origin: %s", mathjax_path, **WARN
        )
    for uri in getattr(config, "nb_ipywidgets_js", None) or {}:
        if "://" in uri or uri.startswith("//"):
            logger.warning(
                "offline_assets: nb_ipywidgets_js loads from another origin: %s", uri, **WARN
            )


def _disable_thebe(app: Sphinx) -> None:
    """Disconnect sphinx-thebe (Jupyter Book 1 always loads it; _config.yml can't drop it)."""
    if "sphinx_thebe" not in app.extensions:
        return
    theme_opts = getattr(app.config, "html_theme_options", {}) or {}
    if (theme_opts.get("launch_buttons") or {}).get("thebe"):
        logger.warning(
            "offline_assets: launch_buttons.thebe is on but thebe needs the internet "
            "(unpkg.com, mybinder.org); it is switched off (offline_assets_no_thebe).",
            **WARN,
        )
    # Sphinx keeps listeners in app.events.listeners: {event: [EventListener(id, handler, prio)]}
    try:
        for listeners in list(app.events.listeners.values()):
            for listener in list(listeners):
                if getattr(listener.handler, "__module__", "").split(".")[0] == "sphinx_thebe":
                    app.disconnect(listener.id)
        # sphinx-thebe adds its stylesheet in setup(); the HTML builder reads this list at init.
        app.registry.css_files[:] = [
            entry for entry in app.registry.css_files if entry[0] != "sphinx-thebe.css"
        ]
    except (AttributeError, TypeError, IndexError) as err:  # a Sphinx without these internals
        logger.warning("offline_assets: could not switch off sphinx-thebe (%s)", err, **WARN)


# --------------------------------------------------------------------------------------------
# builder-inited: copy _vendor, check versions
# --------------------------------------------------------------------------------------------
def _builder_inited(app: Sphinx) -> None:
    app._offline_vega_debug = None  # type: ignore[attr-defined]
    if not _assets.is_html(app):
        return
    src = _vendor_src(app)
    if not src.is_dir():
        logger.warning("offline_assets: no %s folder; run scripts/vendor_assets.sh", src, **WARN)
        return
    dst = Path(app.outdir, app.config.offline_assets_vendor_dir)
    shutil.copytree(src, dst, dirs_exist_ok=True, ignore=shutil.ignore_patterns("README.md"))

    libs = {}
    versions = src / "versions.json"
    if versions.is_file():
        libs = json.loads(versions.read_text("utf8")).get("libraries", {})
    app._offline_vega_debug = _vega_debug(libs)  # type: ignore[attr-defined]
    app._offline_vega_book = None  # type: ignore[attr-defined]
    if app.config.offline_assets_vega_bundle == "book":
        app._offline_vega_book = _book_transforms(src)  # type: ignore[attr-defined]
        target = Path(app.outdir, "_static", EMBED_STATIC)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(EMBED_JS, target)

    # The config must point at files that exist in the copy.
    vendor = app.config.offline_assets_vendor_dir
    paths = [getattr(app.config, "mathjax_path", "")]
    paths += list(getattr(app.config, "nb_ipywidgets_js", None) or {})
    for uri in paths:
        if not uri or "://" in uri:
            continue
        target = _site_path(uri)
        if target.startswith(vendor + "/") and not Path(app.outdir, target).is_file():
            logger.warning(
                "offline_assets: %s is configured but %s is missing", uri, target, **WARN
            )


def _book_transforms(vendor: Path) -> frozenset[str] | None:
    """The transforms the book's Vega bundle registers (None, with a warning, if it is absent:
    pages then load the upstream builds)."""
    listed = vendor / VEGA_BOOK_TRANSFORMS
    if not (vendor / VEGA_BOOK_FILE).is_file() or not listed.is_file():
        logger.warning(
            "offline_assets: %s or its transforms.json is missing (run scripts/vendor_assets.sh);"
            " chart pages load the full vega and vega-embed",
            VEGA_BOOK_FILE,
            **WARN,
        )
        return None
    return frozenset(json.loads(listed.read_text("utf8"))["transforms"])


def spec_transforms(spec: Any) -> set[str]:
    """The transform types a Vega spec names (data, mark and nested group transforms), plus
    "projection" when it defines map projections (not in the book's bundle)."""
    found: set[str] = set()
    pending = [spec]
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            pending.extend(node)
        elif isinstance(node, dict):
            steps = node.get("transform")
            for step in steps if isinstance(steps, list) else []:
                if isinstance(step, dict) and isinstance(step.get("type"), str):
                    found.add(step["type"].lower())
            if node.get("projections"):
                found.add("projection")
            # inline data ("values") holds rows, not spec
            pending.extend(value for key, value in node.items() if key != "values")
    return found


def apply_patch(spec: Any, patch: list[dict]) -> Any:
    """Apply a JSON Patch (RFC 6902 ``add``, ``replace``, ``remove``) to ``spec`` in place, as
    vega-embed's ``patch`` option did to the compiled spec in the browser; returns ``spec``.
    Raises ValueError on another operation or a path that does not exist."""
    for op in patch:
        kind, path = op.get("op"), op.get("path", "")
        keys = [k.replace("~1", "/").replace("~0", "~") for k in path.split("/")[1:]]
        if kind not in ("add", "replace", "remove") or not keys:
            raise ValueError(f"unsupported patch operation {op!r}")
        parent = spec
        try:
            for key in keys[:-1]:
                parent = parent[int(key)] if isinstance(parent, list) else parent[key]
            last = keys[-1]
            if isinstance(parent, list):
                index = len(parent) if last == "-" else int(last)
                if kind == "add":
                    parent.insert(index, op["value"])
                elif kind == "replace":
                    parent[index] = op["value"]
                else:
                    del parent[index]
            elif kind == "remove":
                del parent[last]
            else:
                if kind == "replace" and last not in parent:
                    raise KeyError(last)
                parent[last] = op["value"]
        except (KeyError, IndexError, ValueError, TypeError) as err:
            raise ValueError(f"patch path {path!r} not found ({err!r})") from err
    return spec


def key_marks(vega: dict) -> dict:
    """Give every mark of a compiled (Vega) chart whose style starts with the chart's
    ``usermeta.book.keyStyle`` (``widgets.charts.kit.key_style``: ``book-key-<field>``) the
    Vega ``key`` ``<field>``; returns ``vega`` (changed in place).

    With a key, Vega matches the rows a slider move makes to the items already drawn and
    updates them, instead of removing every SVG element and making new ones. Done here,
    where the chart is compiled anyway, so building a chart never compiles it.

    >>> spec = {"usermeta": {"book": {"keyStyle": "book-key-"}}, "marks": [
    ...     {"type": "group", "marks": [{"type": "rect", "style": ["bar", "book-key-who"]}]},
    ...     {"type": "text", "style": "book-key-row"}, {"type": "line", "style": ["line"]}]}
    >>> [m.get("key") for m in key_marks(spec)["marks"]], spec["marks"][0]["marks"][0]["key"]
    ([None, 'row', None], 'who')
    """
    prefix = ((vega.get("usermeta") or {}).get("book") or {}).get("keyStyle")
    pending = list(vega.get("marks") or []) if prefix else []
    while pending:
        mark = pending.pop()
        styles = mark.get("style") or []
        for style in [styles] if isinstance(styles, str) else styles:
            if style.startswith(prefix):
                mark["key"] = style[len(prefix):]
        pending.extend(mark.get("marks") or [])
    return vega


def _vega_debug(libs: dict[str, Any]) -> dict[str, str] | None:
    """The VEGA_DEBUG values Altair's template compares (``==``) with its own version strings."""
    have = {k: (libs.get(k) or {}).get("version") for k in ("vega", "vega-lite", "vega-embed")}
    if not all(have.values()):
        logger.warning(
            "offline_assets: vega/vega-lite/vega-embed missing from versions.json", **WARN
        )
        return None
    try:
        import altair as alt

        want = {
            "vega": alt.VEGA_VERSION,
            "vega-lite": alt.VEGALITE_VERSION,
            "vega-embed": alt.VEGAEMBED_VERSION,
        }
    except ImportError:  # no Altair in this env: state what is vendored (majors for vega/embed)
        want = {
            "vega": have["vega"].split(".")[0],
            "vega-lite": have["vega-lite"],
            "vega-embed": have["vega-embed"].split(".")[0],
        }
    for lib, wanted in want.items():
        # Altair asks for "6" (any 6.x), "6.4.1" (exact), "7" (any 7.x).
        if not (have[lib] == wanted or have[lib].startswith(wanted + ".")):
            logger.warning(
                "offline_assets: Altair asks for %s %s but %s is vendored; update the pins in "
                "scripts/vendor_assets.sh (charts will fall back to the CDN and fail offline)",
                lib,
                wanted,
                have[lib],
                **WARN,
            )
    return {
        "vega_version": want["vega"],
        "vegalite_version": want["vega-lite"],
        "vegaembed_version": want["vega-embed"],
    }


def _site_path(uri: str) -> str:
    """Sphinx prefixes relative asset paths with ``_static/``: a config value's site path."""
    return uri if "://" in uri else posixpath.normpath(posixpath.join("_static", uri))


def _norm(filename: str) -> str:
    return filename if "://" in filename or not filename else posixpath.normpath(filename)


# --------------------------------------------------------------------------------------------
# html-page-context: per-page scripts
# --------------------------------------------------------------------------------------------
def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if not _assets.is_html(app):
        return
    if app.config.offline_assets_widgets == "auto":
        _widget_js_only_with_views(app, context)
    scripts_only_where_used(context)
    defer_scripts(pagename, context)
    mode = app.config.offline_assets_vega
    vega_debug = getattr(app, "_offline_vega_debug", None)
    vegalite_left = True
    book = getattr(app, "_offline_vega_book", None)
    if app.config.offline_assets_vegalite == "compile" and vega_debug:
        vegalite_left, needs = _compile_vegalite(
            app, pagename, context, vega_debug["vegalite_version"]
        )
        missing = sorted(needs - book) if book is not None else []
        if missing:
            logger.warning(
                "offline_assets: %s: a chart uses the Vega transform(s) %s, not in the book's "
                "Vega bundle: add the package to scripts/vega_bundle/entry.js and run "
                "scripts/vendor_assets.sh",
                pagename,
                ", ".join(missing),
                **WARN,
            )
            book = None
    else:
        book = None
    if vega_debug and (mode == "always" or (mode == "auto" and _has_vega(context))):
        app.add_js_file(
            None,
            body="window.VEGA_DEBUG = Object.assign(window.VEGA_DEBUG || {}, "
            + json.dumps(vega_debug, sort_keys=True)
            + ");",
            priority=PRIO_VEGA - 1,
        )
        vendor = app.config.offline_assets_vendor_dir
        if book is not None and not vegalite_left:
            app.add_js_file(f"../{vendor}/{VEGA_BOOK_FILE}", priority=PRIO_VEGA)
            app.add_js_file(EMBED_STATIC, priority=PRIO_VEGA + 1)
        else:
            for i, f in enumerate(VEGA_FILES):
                if f.startswith("vega-lite/") and not vegalite_left and mode != "always":
                    continue
                app.add_js_file(f"../{vendor}/{f}", priority=PRIO_VEGA + i)
        app.add_js_file(None, body=AMD_ALIASES_JS, priority=PRIO_AMD_ALIASES)

    if app.config.offline_assets_mathjax == "page":
        _mathjax_own_maths_only(app, pagename, context)
    _tidy_script_urls(app, context)


#: Scripts other extensions add to every page, kept only on pages whose body holds one of
#: the markers: what each script works on. sphinx-design's tabs script (7 kB) where there is
#: a tab set; sphinx-copybutton (and the clipboard library it uses, 17 kB) where there is a
#: highlighted code block (its default selector, ``div.highlight pre``).
SCRIPTS_ONLY_WITH = {
    "design-tabs.js": ("sd-tab-set",),
    "copybutton.js": ('class="highlight"',),
    "clipboard.min.js": ('class="highlight"',),
}


def scripts_only_where_used(context: dict) -> None:
    """Drop the :data:`SCRIPTS_ONLY_WITH` scripts from a page that has nothing they act on."""
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    body = context.get("body") or ""

    def unused(js: Any) -> bool:
        name = posixpath.basename(_norm(os.fspath(getattr(js, "filename", "") or "")))
        markers = SCRIPTS_ONLY_WITH.get(name)
        return markers is not None and not any(marker in body for marker in markers)

    scripts[:] = [js for js in scripts if not unused(js)]


#: Scripts every page loads in <head> that act only on the finished page (their work waits
#: for DOMContentLoaded, or only adds listeners), loaded with ``defer``: the parser no longer
#: waits for them, so a chart's script in the body runs as soon as Vega, the book's
#: vegaEmbed and charts.js (which every chart goes through) are there. Deferred scripts run
#: in page order before DOMContentLoaded, after the inline scripts that set their options
#: (togglebutton's hints, DOCUMENTATION_OPTIONS.pagename). Not deferred:
#: documentation_options.js (the inline scripts after it extend DOCUMENTATION_OPTIONS),
#: charts.js and the Vega scripts; and nothing on the search page, whose searchtools.js runs
#: at once and calls doctools' ``_ready``.
DEFERRED_SCRIPTS = frozenset({
    "doctools.js", "sphinx_highlight.js", "clipboard.min.js", "copybutton.js",
    "sphinx-book-theme.js", "togglebutton.js", "design-tabs.js",
    "navigation.js", "accessibility.js", "print.js", "controls.js",
})  # fmt: skip


def defer_scripts(pagename: str, context: dict) -> None:
    """Load the page's :data:`DEFERRED_SCRIPTS` with ``defer`` (except on the search page)."""
    scripts = context.get("script_files")
    if pagename == "search" or not isinstance(scripts, list):
        return
    for i, js in enumerate(scripts):
        attrs = getattr(js, "attributes", None)
        filename = getattr(js, "filename", None)
        if attrs is None or not filename or "defer" in attrs or "async" in attrs:
            continue
        name = posixpath.basename(os.fspath(filename))
        if name in DEFERRED_SCRIPTS:
            scripts[i] = type(js)(filename, priority=js.priority, **attrs, defer="defer")


def _widget_js_only_with_views(app: Sphinx, context: dict) -> None:
    """Drop widget state + require.js + manager from pages that show no widget.

    myst-nb adds them whenever the notebook saved widget state, even when no output is a
    widget view (e.g. objects shown through their text/html fallback, see
    nb_mime_priority_overrides): the manager would load ~3.7 MB to render nothing.
    """
    if WIDGET_VIEW_TYPE in (context.get("body") or ""):
        return
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    manager = {_site_path(uri) for uri in getattr(app.config, "nb_ipywidgets_js", None) or {}}
    scripts[:] = [
        js
        for js in scripts
        if not (
            (getattr(js, "attributes", None) or {}).get("type") == WIDGET_STATE_TYPE
            or _norm(os.fspath(getattr(js, "filename", "") or "")) in manager
        )
    ]


# Altair's HTML output: <div id="altair-viz-ID"></div><script>(function(spec, embedOpt){...
# })(SPEC, EMBED_OPT);</script>. The two JSON values are read with a JSON decoder from "})(".
_ALTAIR_SCRIPT = re.compile(
    r'<div id="altair-viz-[0-9a-f]+"></div>\s*<script type="text/javascript">', re.I
)
_ALTAIR_CALL = "})("


def _compile_vegalite(
    app: Sphinx, pagename: str, context: dict, vl_version: str
) -> tuple[bool, set[str]]:
    """Compile the page's Altair charts to Vega in ``context["body"]``.

    Returns (Vega-Lite still needed in the browser: a chart that could not be compiled (its
    template is not Altair's, or vl-convert failed), or Vega-Lite inside saved widget state,
    which is not rewritten; the transforms the compiled charts use, see
    :func:`spec_transforms`). A chart's ``usermeta.embedOptions.patch`` (a JSON Patch
    vega-embed applied in the browser) is applied here, to the compiled spec, and its
    keyed marks get their Vega ``key`` (:func:`key_marks`).
    """
    body = context.get("body") or ""
    left = any(
        VEGA_MARKERS.search((getattr(js, "attributes", None) or {}).get("body") or "")
        for js in context.get("script_files") or []
        if (getattr(js, "attributes", None) or {}).get("type") == WIDGET_STATE_TYPE
    )
    needs: set[str] = set()
    if not _ALTAIR_SCRIPT.search(body):
        return left or bool(VEGA_MARKERS.search(body)), needs
    try:
        import vl_convert
    except ImportError:
        logger.warning("offline_assets: vl-convert is not installed; Vega-Lite stays", **WARN)
        return True, needs
    decoder = json.JSONDecoder()
    out, pos = [], 0
    for match in _ALTAIR_SCRIPT.finditer(body):
        end = body.find("</script>", match.end())
        call = body.rfind(_ALTAIR_CALL, match.end(), end)
        if end < 0 or call < 0:
            left = True
            continue
        try:
            start = call + len(_ALTAIR_CALL)
            spec, after_spec = decoder.raw_decode(body, start)
            comma = body.index(",", after_spec)
            options_start = comma + 1 + (len(body[comma + 1 :]) - len(body[comma + 1 :].lstrip()))
            options, after_options = decoder.raw_decode(body, options_start)
        except ValueError:
            left = True
            continue
        if not isinstance(options, dict) or options.get("mode", "vega-lite") != "vega-lite":
            if isinstance(options, dict) and options.get("mode") == "vega":
                needs |= spec_transforms(spec)
            continue  # already Vega (or not a chart): leave it
        try:
            vega = vl_convert.vegalite_to_vega(spec, vl_version=_vl_minor(vl_version))
        except Exception as err:  # noqa: BLE001  (vl-convert raises ValueError and others)
            logger.warning(
                "offline_assets: %s: a chart could not be compiled to Vega, Vega-Lite stays "
                "on this page (%s)",
                pagename,
                err,
                **WARN,
            )
            left = True
            continue
        options = {**options, "mode": "vega"}
        embed = (vega.get("usermeta") or {}).get("embedOptions") or {}
        if embed.get("patch"):
            try:
                apply_patch(vega, embed.pop("patch"))
            except ValueError as err:
                logger.warning("offline_assets: %s: %s", pagename, err, **WARN)
        key_marks(vega)
        prune_fields(vega)
        pack_columns(vega)
        needs |= spec_transforms(vega)
        # "</" inside a <script> would end it: escape as Altair's own JSON does not need to.
        text = json.dumps(vega, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")
        out += [body[pos:start], text, ", ", json.dumps(options)]
        pos = after_options
    out.append(body[pos:])
    context["body"] = "".join(out)
    return left, needs


# A whole datum, not one of its fields: ``datum`` not followed by ``.name`` or ``["name"]``.
_WHOLE_DATUM = re.compile(r"""(?<![\w$.])datum(?!\s*(?:\.\s*[A-Za-z_$]|\[\s*["']))""")
#: Spec keys whose text is prose for readers, never a field reference.
_PROSE_KEYS = {"description", "aria"}


def _spec_text(node: Any) -> str:
    """The spec as JSON without its inline data and its prose (what can name a field)."""
    if isinstance(node, dict):
        return "{" + ",".join(
            json.dumps(k) + ":" + _spec_text(v)
            for k, v in node.items()
            if k != "values" and k not in _PROSE_KEYS
        ) + "}"
    if isinstance(node, list):
        return "[" + ",".join(_spec_text(v) for v in node) + "]"
    return json.dumps(node, ensure_ascii=False)


def _dynamic_fields(node: Any) -> bool:
    """Whether the spec names a field by a signal or reads whole rows (then no field of its
    data may be dropped: any could be read)."""
    pending = [node]
    while pending:
        item = pending.pop()
        if isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, dict):
            for key, value in item.items():
                if key == "values":
                    continue
                if key == "field" and isinstance(value, dict) and '"signal"' in json.dumps(value):
                    return True  # ({"group": "width"} names a group property: not data)
                if isinstance(value, str) and key in ("expr", "signal", "update", "test"):
                    if _WHOLE_DATUM.search(value):
                        return True
                pending.append(value)
    return False


def prune_fields(vega: dict) -> dict:
    """Leave out of the inline data sets of a Vega spec every field the spec never names;
    returns ``vega`` (changed in place).

    The models' outcome tables carry every field of the model (the tests check the chart
    data against the model, field by field), but a chart reads only some of them: on the
    tariffs page 4 of the explorer's 24 columns (15 kB) were never read. A field is kept
    when its name appears as a word anywhere in the spec outside its data and its prose
    (descriptions): in an encoding, a transform, an expression, a signal, usermeta. When the
    spec could read a field without naming it (a whole ``datum`` in an expression, such as
    a tooltip of every field, or a field named by a signal), nothing is dropped.
    """
    if _dynamic_fields(vega):
        return vega
    text = _spec_text(vega)
    words = set(re.findall(r"[A-Za-z_$][\w$]*", text))
    for data in vega.get("data") or []:
        rows = data.get("values")
        if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
            continue
        unused = {name for row in rows for name in row if name not in words}
        if unused:
            data["values"] = [{k: v for k, v in row.items() if k not in unused} for row in rows]
    return vega


#: Inline data sets at least this long are written by column (see :func:`pack_columns`).
PACK_MIN_ROWS = 10
_PLAIN_FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")  # no "." or "[": Vega reads those as paths
#: Significant digits a chart-data float keeps (see :func:`round_value`).
SIGNIFICANT_DIGITS = 10
#: ...and decimal places it keeps at least, however large it is.
MIN_DECIMALS = 6


def round_value(value: Any) -> Any:
    """A chart-data number as written to the page: a float rounded to
    :data:`SIGNIFICANT_DIGITS` significant digits, and never to fewer than
    :data:`MIN_DECIMALS` decimal places; a whole float written as an integer. Anything
    else is returned as it is.

    Why no reader can see it. The models' outcomes carry float noise (59.580000000000005
    for 59.58): on the tariffs page ~4,000 of 8,000 numbers took 17-19 characters. The page
    never shows a number with more than 4 decimals (kit.py's formats; prose numbers are
    glued at build time; the ``*_text`` columns are formatted in Python from the unrounded
    values), and axis ticks are "nice" numbers from the scale's domain. Rounding moves a
    value by at most half a unit in its 10th significant digit (below 5e-7 for anything
    under 1,000 and below 5e-7 absolute for anything larger, by :data:`MIN_DECIMALS`), a
    thousand times less than the last digit shown: a displayed number could change only
    if the value sat within that distance of a rounding boundary, which
    tests/test_offline_assets.py checks does not happen for any chart of the book (every
    text of every chart drawn by vl-convert, rounded and not). Whole floats (100.0) are
    the same number in JavaScript as 100. NaN, infinities and -0.0 are left alone.
    """
    if isinstance(value, bool) or not isinstance(value, float):
        return value
    if not math.isfinite(value):
        return value
    if value == 0:
        return value if math.copysign(1, value) < 0 else 0
    magnitude = math.floor(math.log10(abs(value))) + 1
    rounded = float(f"{value:.{max(SIGNIFICANT_DIGITS, magnitude + MIN_DECIMALS)}g}")
    if rounded.is_integer() and abs(rounded) < 2**53:
        return int(rounded)
    return rounded


def _literal(value: Any) -> bool:
    """Whether ``value`` is written the same in JSON and in a Vega expression: a string, a
    finite number, a boolean, null, or a list of them (a series per row)."""
    if isinstance(value, list):
        return all(_literal(v) for v in value)
    if isinstance(value, float):
        return math.isfinite(value)  # no JSON (hence no expression) literal for NaN, inf
    return value is None or isinstance(value, (str, int))


def _dictionary(column: list) -> tuple[list, list[int]] | None:
    """(distinct values in first-seen order, each row's index), when writing the column so
    saves bytes; None otherwise (or when a value is not a plain scalar)."""
    if not all(_literal(v) for v in column):
        return None
    keys = [json.dumps(v, ensure_ascii=False) for v in column]  # True, 1 and "1" differ
    order: dict[str, int] = {}
    for key in keys:
        order.setdefault(key, len(order))
    if len(order) * 2 > len(column):
        return None
    values = [json.loads(key) for key in order]
    codes = [order[key] for key in keys]
    plain = len(json.dumps(column, separators=(",", ":"), ensure_ascii=False))
    coded = len(json.dumps(codes, separators=(",", ":"))) + len(
        json.dumps(values, separators=(",", ":"), ensure_ascii=False)
    )
    if len(values) == 1:
        coded = len(json.dumps(values, separators=(",", ":"), ensure_ascii=False))
    return (values, codes) if coded + 40 < plain else None


def pack_columns(vega: dict) -> dict:
    """Write each inline data set of a Vega spec compactly, in place; returns ``vega``.

    1. Every float is rounded by :func:`round_value` (no displayed number changes).
    2. Altair writes data as a list of row objects, so every field name is repeated in
       every row: on the tariffs page 240 of the chart script's 381 kB were field names. A
       long data set (:data:`PACK_MIN_ROWS`) of rows that all have the same plain field
       names becomes one object of equal-length arrays, and a Vega ``flatten`` transform,
       put before the data set's own transforms, turns it back into the same rows, in the
       same order, before anything reads them.
    3. A column with few distinct values (a label repeated on every row of its series, a
       constant, a path of 30 rounds that many rows share) is written as indices into its
       list of values, when that is shorter; a ``formula`` transform after the flatten puts
       the values back
       (``["small","large"][datum.country]``; a constant column is left out and put back as
       ``"expr": "100"``), so the rows are again the same. On the port fees page this took
       115 of 158 kB of data, on tit for tat ~100 of 127 kB.
    """
    for data in vega.get("data") or []:
        rows = data.get("values")
        if not isinstance(rows, list):
            continue
        rows = data["values"] = _round_all(rows)
        if len(rows) < PACK_MIN_ROWS or not all(isinstance(row, dict) for row in rows):
            continue
        names = list(rows[0])
        if not names or not all(_PLAIN_FIELD.match(name) for name in names):
            continue
        if any(list(row) != names for row in rows):
            continue
        columns = {name: [row[name] for row in rows] for name in names}
        decode = []
        for name, column in list(columns.items()):
            coded = _dictionary(column)
            if coded is None:
                continue
            values, columns[name] = coded
            literal = json.dumps(values, separators=(",", ":"), ensure_ascii=False)
            if len(values) == 1:  # a constant: no column at all
                del columns[name]
                literal = literal[1:-1]
            else:
                literal = f"{literal}[datum.{name}]"
            decode.append({"type": "formula", "expr": literal, "as": name})
        if not columns:
            continue  # all constant (never from Altair): leave it as rows
        data["values"] = [columns]
        data["transform"] = [
            {"type": "flatten", "fields": list(columns)},
            *decode,
            *data.get("transform", []),
        ]
    return vega


def _round_all(value: Any) -> Any:
    """:func:`round_value` on every number inside lists and dicts (iteratively: data sets
    can be long)."""
    if not isinstance(value, (list, dict)):
        return round_value(value)
    root = [value]
    stack: list = [(root, 0)]
    while stack:
        holder, key = stack.pop()
        item = holder[key]
        if isinstance(item, list):
            item = holder[key] = list(item)
            stack.extend((item, i) for i in range(len(item)))
        elif isinstance(item, dict):
            item = holder[key] = dict(item)
            stack.extend((item, k) for k in item)
        else:
            holder[key] = round_value(item)
    return root[0]


def _vl_minor(version: str) -> str:
    """vl-convert names its bundled Vega-Lite versions by minor: "6.4.1" -> "6.4"."""
    return ".".join(version.split(".")[:2])


def _has_vega(context: dict) -> bool:
    """Altair/Vega output in the page body, or inside saved widget state (Output widgets)."""
    if VEGA_MARKERS.search(context.get("body") or ""):
        return True
    return any(
        VEGA_MARKERS.search((getattr(js, "attributes", None) or {}).get("body") or "")
        for js in context.get("script_files") or []
        if (getattr(js, "attributes", None) or {}).get("type") == WIDGET_STATE_TYPE
    )


def _mathjax_own_maths_only(app: Sphinx, pagename: str, context: dict) -> None:
    """Drop MathJax from pages that have no maths themselves (Sphinx also counts the toctree)."""
    if app.registry.html_assets_policy == "always" or pagename not in app.env.all_docs:
        return
    try:
        own = app.env.get_domain("math").data["has_equations"].get(pagename, False)
    except (KeyError, AttributeError):
        return
    scripts = context.get("script_files")
    if own or not isinstance(scripts, list):
        return
    mathjax = _site_path(app.config.mathjax_path)
    scripts[:] = [
        js
        for js in scripts
        if not (
            _norm(os.fspath(getattr(js, "filename", "") or "")) == mathjax
            or ((getattr(js, "attributes", None) or {}).get("body") or "").startswith(
                "window.MathJax ="
            )
        )
    ]


# The AMD modules defined inside embed-amd.js. Each one's webpack public path (where it loads
# its fonts from) is the folder of its require.js URL; point them all at the folder of the
# vendored embed-amd.js, which holds those fonts. Nothing is fetched from these paths.
_WIDGET_AMD_MODULES = ("base", "controls", "base7", "controls7", "html-manager")


def _widget_module_paths(dist: str) -> dict[str, str]:
    paths = {f"@jupyter-widgets/{m}": f"{dist}/{m}" for m in _WIDGET_AMD_MODULES}
    paths["@jupyter-widgets/html-manager/dist"] = dist  # .../dist/libembed-amd
    return paths


def _tidy_script_urls(app: Sphinx, context: dict) -> None:
    """Clean up and complete the widget/MathJax script tags of one page.

    * ``_static/../_vendor/x.js`` (how Sphinx spells a config path ``../_vendor/x.js``) becomes
      ``_vendor/x.js`` (rendered page relative, with Sphinx's ``?v=`` checksum);
    * a relative ``data-jupyter-widgets-cdn`` (site-root relative) becomes page relative;
    * before the widget manager: tell require.js where its modules live, so the Font Awesome
      fonts it bundles resolve to ``_vendor/.../dist/`` (webpack takes its public path from the
      AMD module URL, by default ``./@jupyter-widgets/...`` next to the page: a 404);
    * with both MathJax and widgets: ipywidgets 8 typesets widget labels with the MathJax 2 API
      (``MathJax.Hub.Queue``), which MathJax 3 lacks ("Cannot read properties of undefined
      (reading 'Queue')"); add a small bridge to ``MathJax.typesetPromise``.
    """
    scripts = context.get("script_files")
    pathto = context.get("pathto")
    if not isinstance(scripts, list) or pathto is None:
        return
    mathjax = _site_path(app.config.mathjax_path)
    has_mathjax = False
    js_class = None  # Sphinx's (private) script-tag class, taken from the widget manager's tag
    out = []
    for js in scripts:
        filename = getattr(js, "filename", None)
        attrs = getattr(js, "attributes", None)
        if attrs is None:
            out.append(js)
            continue
        name = _norm(os.fspath(filename)) if filename else filename
        new_attrs = dict(attrs)
        has_mathjax = has_mathjax or (name == mathjax)
        cdn = attrs.get("data-jupyter-widgets-cdn")
        if cdn is not None:  # the widget manager (embed-amd.js)
            js_class = type(js)
            if "://" not in cdn and not cdn.startswith(("/", ".")):
                new_attrs["data-jupyter-widgets-cdn"] = pathto(cdn.rstrip("/"), resource=True) + "/"
            if name and "://" not in name:
                dist = pathto(posixpath.dirname(name), resource=True)
                out.append(
                    type(js)(
                        None,
                        priority=js.priority,
                        body=(
                            "if (window.requirejs) requirejs.config({paths: "
                            + json.dumps(_widget_module_paths(dist), sort_keys=True)
                            + "});"
                        ),
                    )
                )
        if name != filename or new_attrs != attrs:
            js = type(js)(name, priority=js.priority, **new_attrs)
        out.append(js)
    if has_mathjax and js_class is not None:
        out.append(js_class(None, priority=PRIO_AMD_ALIASES, body=MATHJAX2_HUB_JS))
    scripts[:] = out


# --------------------------------------------------------------------------------------------
# Maths as MathML, written at build time
# --------------------------------------------------------------------------------------------
def _tex_to_mathml(tex: str, display: str) -> str:
    """``<math>`` for ``tex`` with the TeX kept as its annotation (what a reader copies)."""
    from html import escape

    from latex2mathml.converter import convert

    mathml = convert(tex.strip(), display=display)
    # <math ...><mrow>...</mrow></math>  ->  <math ...><semantics><mrow>...</mrow>
    #   <annotation encoding="application/x-tex">tex</annotation></semantics></math>
    head, _, rest = mathml.partition(">")
    body = rest[: -len("</math>")] if rest.endswith("</math>") else rest
    if not body.startswith("<mrow>") or not body.endswith("</mrow>"):
        body = f"<mrow>{body}</mrow>"
    annotation = f'<annotation encoding="application/x-tex">{escape(tex.strip())}</annotation>'
    return f"{head}><semantics>{body}{annotation}</semantics></math>"


def _math_failed(self, node, err: Exception):
    logger.warning(
        "offline_assets: could not convert maths to MathML (%s): %s",
        err,
        node.astext(),
        location=node,
        **WARN,
    )


def _visit_math_inline(self, node) -> None:
    from docutils import nodes

    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    try:
        self.body.append(_tex_to_mathml(node.astext(), "inline"))
    except Exception as err:  # noqa: BLE001  (latex2mathml raises many types)
        _math_failed(self, node, err)
        self.body.append(self.encode(node.astext()))
    self.body.append("</span>")
    raise nodes.SkipNode


def _visit_math_block(self, node) -> None:
    from docutils import nodes
    from sphinx.locale import _
    from sphinx.util.math import get_node_equation_number

    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node["number"]:
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    # Sphinx's own rule (sphinx.ext.mathjax): paragraphs are separate equations, aligned.
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    tex = (
        parts[0] if len(parts) == 1 else (r"\begin{aligned}" + r"\\".join(parts) + r"\end{aligned}")
    )
    try:
        self.body.append(_tex_to_mathml(tex, "block"))
    except Exception as err:  # noqa: BLE001
        _math_failed(self, node, err)
        self.body.append(self.encode(tex))
    self.body.append("</div>\n")
    raise nodes.SkipNode


#: The book's own scripts (under ``_static``, as written to the site) whose comments and
#: indentation are left out of the site (:func:`strip_js`): ~9 kB of every chart page.
STRIPPED_SCRIPTS = ("charts.js", "controls.js", "offline_assets/vega-embed.js")


def strip_js(text: str) -> str:
    """A script without its comment lines, indentation and blank lines; the same code.

    Only whole lines go: a line that starts with ``//``, a block comment whose first line
    starts with ``/*`` (up to the line holding its ``*/``, nothing after it), an empty
    line; every other line loses its leading spaces and stays as it is, so every statement
    keeps its line (no automatic-semicolon surprise) and comments after code stay. A script
    with a multi-line template literal (a line with an odd number of backticks), or with a
    block comment closed by code on the same line, is returned whole: its line structure
    is text, not layout.
    """
    lines = text.split("\n")
    if any(line.count("`") % 2 for line in lines):
        return text
    out: list[str] = []
    in_comment = False
    for line in lines:
        code = line.strip()
        if in_comment:
            if "*/" in code:
                if not code.endswith("*/"):
                    return text
                in_comment = False
            continue
        if code.startswith("/*"):
            if "*/" not in code:
                in_comment = True
            elif not code.endswith("*/"):
                return text
            continue
        if not code or code.startswith("//"):
            continue
        out.append(line.lstrip())
    return "\n".join(out) + "\n"


def _strip_scripts(app: Sphinx) -> None:
    outdir = Path(app.outdir)
    static = outdir / "_static"
    versions = {}
    for name in app.config.offline_assets_strip_js or []:
        path = static / name
        if not path.is_file():
            continue
        text = path.read_text("utf8")
        stripped = strip_js(text)
        if stripped != text:
            _write_versioned(path, stripped, outdir, versions)
    if versions:
        _restamp_pages(outdir, app.config.offline_assets_vendor_dir, restamp_scripts, versions)


def _write_versioned(path: Path, text: str, outdir: Path, versions: dict[str, str]) -> None:
    """Write ``text`` to the site file ``path`` and record its hash (``versions``: site path
    -> the first 8 hex digits of its SHA-256), for the pages' ``?v=`` links."""
    path.write_text(text, "utf8")
    versions[path.relative_to(outdir).as_posix()] = hashlib.sha256(text.encode()).hexdigest()[:8]


def _site_pages(outdir: Path, vendor: str) -> list[Path]:
    """The site's HTML pages: not the vendored files (``vendor``) or the sources."""
    return sorted(p for p in outdir.rglob("*.html")
                  if p.relative_to(outdir).parts[0] not in (vendor, "_sources"))  # fmt: skip


def _restamp_pages(outdir: Path, vendor: str, restamp, versions: dict[str, str]) -> None:
    """Apply ``restamp(html, versions)`` to every page of the site (not the vendored files or
    the sources), writing only the pages it changes."""
    for page in _site_pages(outdir, vendor):
        text = page.read_text("utf8")
        new = restamp(text, versions)
        if new != text:
            page.write_text(new, "utf8")


def restamp_scripts(html: str, versions: dict[str, str]) -> str:
    """:func:`restamp_stylesheets` for ``<script src>``: each link to a stripped script
    (``versions``: site path -> hash of what was written) gets ``?v=<hash>``."""
    return _restamp(html, versions, "script", "src")


def _restamp(html: str, versions: dict[str, str], tag: str, attribute: str) -> str:
    """Each ``<tag attribute=...>`` linking to a path of ``versions`` gets ``?v=<hash>`` in
    place of any query it had."""
    for path, version in versions.items():
        pattern = re.compile(
            rf"""(<{tag}\b[^>]*?\s{attribute}=["'](?:\.\./)*"""
            + re.escape(path)
            + r""")(?:\?[^"'#]*)?(["'])"""
        )
        html = pattern.sub(lambda m, v=version: f"{m.group(1)}?v={v}{m.group(2)}", html)
    return html


_ONLY_IMPORT = re.compile(r"""\s*@import\s+(?:url\(\s*)?["']([^"':()]+)["']\s*\)?\s*;\s*""")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def imported_stylesheets(static: Path, outdir: Path) -> dict[str, tuple[str, str]]:
    """The stylesheets under ``static`` that only ``@import`` one other local stylesheet
    (the theme's ``styles/theme.css`` is ``@import "../basic.css";``): site path -> (site path
    of the imported file, the first 8 hex digits of its SHA-256)."""
    out = {}
    for sheet in sorted(static.rglob("*.css")):
        text = _CSS_COMMENT.sub("", sheet.read_text("utf8", errors="replace"))
        match = _ONLY_IMPORT.fullmatch(text)
        if not match:
            continue
        target = (sheet.parent / match.group(1)).resolve()
        if target.is_file() and target.is_relative_to(outdir.resolve()):
            digest = hashlib.sha256(target.read_bytes()).hexdigest()[:8]
            key = sheet.relative_to(outdir).as_posix()
            out[key] = (target.relative_to(outdir.resolve()).as_posix(), digest)
    return out


def link_imported_stylesheets(html: str, imports: dict[str, tuple[str, str]]) -> str:
    """Each ``<link href>`` to a stylesheet of ``imports`` (see :func:`imported_stylesheets`)
    links the file it imports instead: the browser fetches that file at once, not after the
    one that names it (a render-blocking chain of two requests becomes one)."""
    for path, (target, version) in imports.items():
        pattern = re.compile(
            r"""(<link\b[^>]*?\shref=["'])((?:\.\./)*)"""
            + re.escape(path)
            + r"""(?:\?[^"'#]*)?(["'])"""
        )
        html = pattern.sub(
            lambda m, t=target, v=version: f"{m.group(1)}{m.group(2)}{t}?v={v}{m.group(3)}", html
        )
    return html


def _link_imported_stylesheets(app: Sphinx) -> None:
    outdir = Path(app.outdir)
    imports = imported_stylesheets(outdir / "_static", outdir)
    if imports:
        _restamp_pages(outdir, app.config.offline_assets_vendor_dir, link_imported_stylesheets,
                       imports)  # fmt: skip


_STYLESHEET_LINK = re.compile(r"""<link\b(?=[^>]*\srel=["']stylesheet["'])[^>]*>""")
_HREF = re.compile(r"""\shref=["']([^"']+)["']""")
_MEDIA = re.compile(r"""\smedia=["']([^"']*)["']""")
_CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""")
_NOT_BUNDLED = re.compile(r"@(?:import|namespace)\b")
_UTF8 = re.compile(r"""^\s*@charset\s+["']utf-8["']\s*;""", re.I)
BUNDLES = "_static/bundles"


def _local_href(href: str) -> str | None:
    """The path part of a link to a file of the site, or None (another origin, site root)."""
    if re.match(r"(?:[a-z][a-z0-9+.-]*:|/)", href, re.I):
        return None
    return href.split("#")[0].split("?")[0]


def rebase_css_urls(css: str, source: str, there: str) -> str:
    """``css`` from the site file ``source``, to be served from the site folder ``there``:
    each relative ``url()`` is rewritten to point where it pointed (data:, absolute and
    ``#fragment`` URLs are left alone)."""
    here = posixpath.dirname(source)

    def rebase(match: re.Match) -> str:
        url = match.group(2).strip()
        path = _local_href(url)
        if not path or url.startswith("#"):
            return match.group(0)
        moved = posixpath.relpath(posixpath.normpath(posixpath.join(here, path)), there)
        return f'url("{moved}{url[len(path):]}")'

    return _CSS_URL.sub(rebase, css)


def bundle_stylesheets(html: str, page: str, outdir: Path, bundles: dict) -> str:
    r"""Each run of two or more ``<link rel="stylesheet">`` in ``html`` (the site page
    ``page``) to local files, with only white space between them, becomes one link to a
    file of ``outdir`` holding them all, in order (``_static/bundles/<hash>.css``, its
    ``url()``\ s rebased; an ``@charset "UTF-8"`` is said once, first). A link with a
    ``media`` other than "all", to a missing file or to a file with ``@import``,
    ``@namespace`` or another ``@charset`` (valid only at a file's start) ends a run and
    stays. ``bundles`` caches the files written (site paths -> bundle path)."""
    folder = posixpath.dirname(page)

    def sheet(tag: str) -> str | None:
        href, media = _HREF.search(tag), _MEDIA.search(tag)
        path = _local_href(href.group(1)) if href else None
        if not path or (media and media.group(1).strip().lower() not in ("", "all")):
            return None
        site = posixpath.normpath(posixpath.join(folder, path))
        file = outdir / site
        if site.startswith(("..", BUNDLES)) or not file.is_file():
            return None
        css = _UTF8.sub("", _CSS_COMMENT.sub("", file.read_text("utf8")))
        return None if _NOT_BUNDLED.search(css) or "@charset" in css else site

    runs: list[list[tuple[re.Match, str]]] = [[]]
    for match in _STYLESHEET_LINK.finditer(html):
        site = sheet(match.group(0))
        last = runs[-1][-1][0] if runs[-1] else None
        if site is None or (last is not None and html[last.end() : match.start()].strip()):
            runs.append([])
        if site is not None:
            runs[-1].append((match, site))
    for run in reversed([r for r in runs if len(r) > 1]):
        sites = tuple(site for _, site in run)
        if sites not in bundles:
            text = '@charset "UTF-8";\n' + "\n".join(
                f"/* {site} */\n"
                + rebase_css_urls(_UTF8.sub("", (outdir / site).read_text("utf8")), site, BUNDLES)
                for site in sites
            )
            bundles[sites] = f"{BUNDLES}/{hashlib.sha256(text.encode()).hexdigest()[:12]}.css"
            (outdir / bundles[sites]).parent.mkdir(parents=True, exist_ok=True)
            (outdir / bundles[sites]).write_text(text, "utf8")
        href = posixpath.relpath(bundles[sites], folder or ".")
        link = f'<link rel="stylesheet" type="text/css" href="{href}" />'
        html = html[: run[0][0].start()] + link + html[run[-1][0].end() :]
    return html


def _bundle_stylesheets(app: Sphinx) -> None:
    outdir = Path(app.outdir)
    bundles: dict = {}
    used = set()
    for page in _site_pages(outdir, app.config.offline_assets_vendor_dir):
        text = page.read_text("utf8")
        new = bundle_stylesheets(text, page.relative_to(outdir).as_posix(), outdir, bundles)
        if new != text:
            page.write_text(new, "utf8")
        used.update(re.findall(r"bundles/([0-9a-f]{12}\.css)", new))
    for old in (outdir / BUNDLES).glob("*.css"):  # from an earlier build, no page links it
        if old.name not in used:
            old.unlink()


# --------------------------------------------------------------------------------------------
# build-finished: nothing may be fetched from another origin
# --------------------------------------------------------------------------------------------
_EXT = r"""(?:https?:)?//[^\s"'<>)]+"""
_ASSET_PATTERNS = [
    # src on anything that fetches it
    re.compile(
        r"""<(?:script|img|iframe|source|audio|video|embed|track|input|frame)\b[^>]*?"""
        r"""\s(?:src|srcset|poster)\s*=\s*["']?(""" + _EXT + ")",
        re.I,
    ),
    re.compile(r"""<object\b[^>]*?\sdata\s*=\s*["']?(""" + _EXT + ")", re.I),
    re.compile(r"""url\(\s*["']?(""" + _EXT + ")", re.I),
    re.compile(r"""@import\s+(?:url\()?\s*["']?(""" + _EXT + ")", re.I),
    # Vega/Vega-Lite data loaded by URL at view time
    re.compile(r""""url"\s*:\s*"(""" + _EXT + ")"),
]
_LINK = re.compile(r"<link\b[^>]*>", re.I)
_LINK_REL = re.compile(r"""\srel\s*=\s*["']?([^"'>]+)""", re.I)
_LINK_HREF = re.compile(r"""\shref\s*=\s*["']?(""" + _EXT + ")", re.I)
_FETCHING_RELS = {
    "stylesheet",
    "preload",
    "modulepreload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "icon",
    "apple-touch-icon",
    "manifest",
    "prerender",
}


def _external_assets(text: str) -> list[str]:
    found = [m.group(1) for p in _ASSET_PATTERNS for m in p.finditer(text)]
    for tag in _LINK.findall(text):
        rel = _LINK_REL.search(tag)
        href = _LINK_HREF.search(tag)
        if href and rel and _FETCHING_RELS & set(rel.group(1).lower().split()):
            found.append(href.group(1))
    # Namespace identifiers are not fetched.
    return sorted({u for u in found if not u.startswith(("http://www.w3.org/", "//www.w3.org/"))})


# --------------------------------------------------------------------------------------------
# build-finished: the icon web fonts cut to the icons the site uses
# --------------------------------------------------------------------------------------------
ICON_FONT_DIR = "_static/vendor/fontawesome/webfonts"
# .fa-bars:before,.fa-navicon:before{content:"\f0c9"}  (escaped or the character itself)
_FA_CLASS_RULE = re.compile(
    r'([^{}]*\.fa-[a-z0-9-]+:{1,2}before[^{}]*)\{content:\s*"(\\[0-9a-fA-F]{4,5}|[\ue000-\uf8ff])"\}'
)
_FA_CLASS = re.compile(r"\.fa-([a-z0-9-]+):{1,2}before")
_FA_USED = re.compile(r"\bfa-([a-z0-9-]+)")
_ICON_CHAR = re.compile(r"\\([ef][0-9a-fA-F]{3})\b|([\ue000-\uf8ff])")


def _codepoint(text: str) -> int:
    return int(text[1:], 16) if text.startswith("\\") else ord(text)


def icon_codepoints(css_texts: list[str], page_texts: list[str]) -> set[int]:
    """The Font Awesome characters a site needs.

    ``css_texts``: its stylesheets (the theme's holds Font Awesome's class -> character
    rules); ``page_texts``: its HTML and scripts, where icons are named by class.
    Characters named outside those class rules (``--pst-icon-*`` variables, ``content``
    of admonition titles and the like) are all kept.
    """
    by_class: dict[str, int] = {}
    elsewhere: set[int] = set()
    for css in css_texts:
        for selectors, char in _FA_CLASS_RULE.findall(css):
            for name in _FA_CLASS.findall(selectors):
                by_class[name] = _codepoint(char)
        rest = _FA_CLASS_RULE.sub("", css)
        for escaped, literal in _ICON_CHAR.findall(rest):
            elsewhere.add(int(escaped, 16) if escaped else ord(literal))
    used = {name for text in page_texts for name in _FA_USED.findall(text)}
    return elsewhere | {by_class[name] for name in used if name in by_class}


def _rule_gap(selectors: str) -> str:
    """What stays of a dropped rule: the closing brace or comment it began after."""
    # _FA_CLASS_RULE's selector group starts right after the previous "}" (or "*/", ";"),
    # and may carry leading whitespace or a comment: keep everything before the selector.
    head = re.match(r"^(\s*(?:/\*.*?\*/\s*)*)", selectors, re.S)
    return head.group(1) if head else ""


def _subset_icon_fonts(app: Sphinx) -> None:
    outdir = Path(app.outdir)
    fonts = outdir / ICON_FONT_DIR
    if app.config.offline_assets_icon_font != "subset" or not fonts.is_dir():
        return
    try:
        from fontTools import subset
    except ImportError:
        logger.warning("offline_assets: fonttools is not installed; icon fonts kept whole", **WARN)
        return
    vendor = app.config.offline_assets_vendor_dir
    css = [p.read_text("utf8", errors="replace") for p in (outdir / "_static").rglob("*.css")]
    pages = [
        p.read_text("utf8", errors="replace")
        for pattern in ("*.html", "*.js")
        for p in outdir.rglob(pattern)
        if p.relative_to(outdir).parts[0] not in (vendor, "_sources")
        and "fontawesome" not in p.name
    ]
    keep = icon_codepoints(css, pages)
    if not keep:
        logger.warning("offline_assets: no icon found in the site; icon fonts kept whole", **WARN)
        return
    # The class rules of icons no longer in the fonts go too (85 kB of the theme's CSS).
    for path in (outdir / "_static").rglob("*.css"):
        text = path.read_text("utf8")
        cut = _FA_CLASS_RULE.sub(
            lambda m: m.group(0) if _codepoint(m.group(2)) in keep else _rule_gap(m.group(1)),
            text,
        )
        if cut != text:
            path.write_text(cut, "utf8")
    for font in sorted(fonts.iterdir()):
        if font.suffix not in (".woff2", ".ttf"):
            continue
        options = subset.Options()
        options.flavor = "woff2" if font.suffix == ".woff2" else None
        options.layout_features = ["*"]
        options.notdef_outline = True
        try:
            tt = subset.load_font(str(font), options)
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=keep)
            subsetter.subset(tt)
            tmp = font.with_name(font.name + ".tmp")
            subset.save_font(tt, str(tmp), options)
            tmp.replace(font)
        except Exception as err:  # noqa: BLE001  (fontTools raises many types)
            logger.warning("offline_assets: could not cut %s (%s)", font.name, err, **WARN)


# --------------------------------------------------------------------------------------------
# build-finished: the theme's stylesheets cut to the rules the site can use
# --------------------------------------------------------------------------------------------
#: Functional pseudo-classes whose arguments are not required to match (``:not(.x)``) or of
#: which one alternative is enough (``:is(.a, .b)``): their classes are not looked for.
_FUNCTIONAL_PSEUDO = re.compile(
    r":(?:not|is|where|has|matches|-webkit-any|-moz-any|host|host-context|slotted|nth-[a-z-]+)\("
)
_SELECTOR_NAME = re.compile(r"([.#])((?:\\.|[\w-])+)")
#: Words in HTML and scripts: every class or id a page or script can name literally.
_WORD = re.compile(r"[A-Za-z_][\w-]*")
#: At-rules whose content is rules (purged inside); every other at-rule is kept whole.
_GROUPING_AT_RULES = {"media", "supports", "layer", "container", "document"}


def _selector_core(selector: str) -> str:
    """``selector`` without ``[attribute]`` parts, strings and functional pseudo-classes'
    arguments: what is left names what an element must have to match."""
    out, i, n = [], 0, len(selector)
    while i < n:
        char = selector[i]
        if char == "\\" and i + 1 < n:
            out.append(selector[i : i + 2])
            i += 2
        elif char in "\"'[":
            j = selector.find("]" if char == "[" else char, i + 1)
            i = n if j < 0 else j + 1
        elif match := _FUNCTIONAL_PSEUDO.match(selector, i):
            depth, i = 1, match.end()
            while i < n and depth:
                depth += {"(": 1, ")": -1}.get(selector[i], 0)
                i += 1
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _split_selector_list(prelude: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, char in enumerate(prelude):
        depth += 1 if char in "([" else -1 if char in ")]" else 0
        if char == "," and depth == 0:
            parts.append(prelude[start:i])
            start = i + 1
    parts.append(prelude[start:])
    return [part.strip() for part in parts if part.strip()]


def selector_can_match(selector: str, words: set[str], keep: tuple[str, ...] = ()) -> bool:
    """Can ``selector`` match in a site whose HTML and scripts hold ``words``?

    False when it requires a class or id that no page or script names (and that starts with
    none of the ``keep`` prefixes: class names scripts build, e.g. Bootstrap's
    ``bs-tooltip-`` + placement). Attributes (``[data-theme=dark]``), elements and
    pseudo-classes are never a reason to drop a rule.
    """
    for _, name in _SELECTOR_NAME.findall(_selector_core(selector)):
        name = re.sub(r"\\(.)", r"\1", name)
        if name not in words and not name.startswith(keep):
            return False
    return True


def purge_css(
    css: str,
    words: set[str],
    keep: tuple[str, ...] = (),
    property_used: Callable[[str], bool] | None = None,
) -> str:
    """``css`` without the selectors that cannot match (see :func:`selector_can_match`),
    rules left with none, and grouping at-rules (``@media``...) left empty; comments
    dropped. ``@font-face``, ``@keyframes`` and other at-rules are kept whole. With
    ``property_used``, a custom property (``--bs-indigo: #6610f2``) whose name it refuses
    is dropped from the rules too (see :func:`custom_property_use`). Raises ValueError when
    the stylesheet does not parse."""
    import tinycss2

    def declarations(content) -> str:
        body = tinycss2.serialize(content).strip()
        if property_used is None:
            return body
        parsed = tinycss2.parse_declaration_list(content, skip_comments=True, skip_whitespace=True)
        if any(d.type != "declaration" for d in parsed):
            return body  # nested rules or errors: leave the block as it was
        kept = [d for d in parsed if not d.name.startswith("--") or property_used(d.name)]
        if len(kept) == len(parsed):
            return body
        return ";".join(d.serialize().strip() for d in kept)

    def rules(nodes) -> list[str]:
        out = []
        for node in nodes:
            if node.type == "qualified-rule":
                kept = [
                    selector
                    for selector in _split_selector_list(tinycss2.serialize(node.prelude))
                    if selector_can_match(selector, words, keep)
                ]
                body = declarations(node.content) if kept else ""
                if body:
                    out.append(",".join(kept) + "{" + body + "}")
            elif node.type == "at-rule":
                if node.lower_at_keyword in _GROUPING_AT_RULES and node.content is not None:
                    inner = rules(
                        tinycss2.parse_rule_list(
                            node.content, skip_comments=True, skip_whitespace=True
                        )
                    )
                    if inner:
                        prelude = tinycss2.serialize(node.prelude).rstrip()
                        out.append(f"@{node.at_keyword}{prelude}{{{''.join(inner)}}}")
                else:
                    out.append(tinycss2.serialize([node]))
            elif node.type == "error":
                raise ValueError(f"line {node.source_line}: {node.message}")
        return out

    nodes = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return "".join(rules(nodes))


_PROPERTY_USE = re.compile(r"var\(\s*(--[\w-]+)")
# a quoted name or prefix: "--pst-color-" + name, setProperty("--x")
_PROPERTY_NAMED = re.compile(r"""["'`](--[A-Za-z][\w-]*)""")


def custom_property_use(texts: Iterable[str]) -> Callable[[str], bool]:
    """Which custom properties the site can read, from the text of its stylesheets, scripts
    and pages: a name read by ``var(--name...)``, or starting with a quoted ``"--..."`` (a
    script that reads or builds property names). The others are declared for nothing:
    Bootstrap's palette (``--bs-indigo``...) is most of the ~12 kB they took."""
    names: set[str] = set()
    prefixes: set[str] = set()
    for text in texts:
        names.update(_PROPERTY_USE.findall(text))
        prefixes.update(_PROPERTY_NAMED.findall(text))
    starts = tuple(sorted(prefixes))
    return lambda name: name in names or name.startswith(starts)


def _site_texts(outdir: Path, vendor: str) -> Iterator[str]:
    """The site's pages (not ``_sources``), its stylesheets and scripts in ``_static``, and
    the vendored scripts pages load."""
    loaded: set[Path] = set()
    for page in _site_pages(outdir, vendor):
        text = page.read_text("utf8", errors="replace")
        loaded.update((page.parent / src).resolve() for src in _SCRIPT_SRC.findall(text))
        yield text
    static = sorted(p for p in Path(outdir, "_static").rglob("*") if p.suffix in (".css", ".js"))
    for path in sorted({p.resolve() for p in static} | loaded):
        if path.is_file():
            yield path.read_text("utf8", errors="replace")


_SCRIPT_SRC = re.compile(r"""<script\b[^>]*?\ssrc=["']?([^"'?#\s>]+)""", re.I)


def site_words(outdir: Path, vendor: str) -> set[str]:
    """Every word of the site's pages and of the scripts they load (their own or vendored)."""
    words: set[str] = set()
    scripts: set[Path] = set()
    for page in _site_pages(outdir, vendor):
        text = page.read_text("utf8", errors="replace")
        words.update(_WORD.findall(text))
        for src in _SCRIPT_SRC.findall(text):
            if "://" not in src and not src.startswith("//"):
                scripts.add((page.parent / src).resolve())
    for script in scripts:
        if script.is_file():
            words.update(_WORD.findall(script.read_text("utf8", errors="replace")))
    return words


def _purge_stylesheets(app: Sphinx) -> None:
    patterns = app.config.offline_assets_purge_css or []
    static = Path(app.outdir, "_static")
    sheets = sorted({p for pattern in patterns for p in static.glob(pattern) if p.is_file()})
    if not sheets:
        return
    try:
        import tinycss2  # noqa: F401
    except ImportError:
        logger.warning("offline_assets: tinycss2 is not installed; stylesheets kept whole", **WARN)
        return
    outdir = Path(app.outdir)
    vendor = app.config.offline_assets_vendor_dir
    words = site_words(outdir, vendor)
    keep = tuple(app.config.offline_assets_purge_keep or ())
    versions = {}
    property_used = custom_property_use(_site_texts(outdir, vendor))
    for sheet in sheets:
        try:
            cut = purge_css(sheet.read_text("utf8"), words, keep, property_used)
        except ValueError as err:
            logger.warning("offline_assets: %s kept whole (%s)", sheet.name, err, **WARN)
            continue
        _write_versioned(sheet, cut, outdir, versions)
    _restamp_pages(outdir, vendor, restamp_stylesheets, versions)


def restamp_stylesheets(html: str, versions: dict[str, str]) -> str:
    """Give each link to a cut stylesheet (``versions``: site path -> hash of what was
    written) the query ``?v=<hash>``. Sphinx stamped the links (``?v=``, the theme's
    ``?digest=``) from the stylesheet before it was cut, so a browser could otherwise keep
    an older cut that lacks rules new pages need."""
    return _restamp(html, versions, "link", "href")


# --------------------------------------------------------------------------------------------
# build-finished: nothing may be fetched from another origin
# --------------------------------------------------------------------------------------------
def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and _assets.is_html(app):
        _subset_icon_fonts(app)
        _purge_stylesheets(app)
        _link_imported_stylesheets(app)
        _strip_scripts(app)
        if app.config.offline_assets_bundle_css:
            _bundle_stylesheets(app)
    if (
        exception is not None
        or not _assets.is_html(app)
        or app.config.offline_assets_check == "off"
    ):
        return
    outdir = Path(app.outdir)
    vendor = app.config.offline_assets_vendor_dir
    files = [p for p in outdir.rglob("*.html") if vendor not in p.relative_to(outdir).parts[:1]]
    files += list((outdir / "_static").rglob("*.css"))
    for path in sorted(files):
        urls = _external_assets(path.read_text("utf8", errors="replace"))
        if urls:
            shown = ", ".join(urls[:5]) + (f" (+{len(urls) - 5} more)" if len(urls) > 5 else "")
            logger.warning(
                "offline_assets: %s loads from another origin: %s",
                path.relative_to(outdir).as_posix(),
                shown,
                **WARN,
            )
