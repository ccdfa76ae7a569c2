"""What the browser tests (and ``scripts/bench.py``) share: where the site is, which pages it
has, how it is served, how Chromium starts, the one outside-request guard and the one way
to reach a chart's Vega view.

No pytest in here (fixtures are in ``conftest.py``). Import it as
``tests.browser.browser_support``: the project root is on ``sys.path`` (pytest's
``pythonpath`` in ``pyproject.toml``; the editable install for scripts).
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: The built site; BOOK_SITE points elsewhere (e.g. a build made with --path-output).
SITE = Path(os.environ.get("BOOK_SITE", ROOT / "_build" / "html")).resolve()

#: Generated pages that are not the book's content.
SKIPPED_PAGES = {"search.html", "genindex.html"}
#: Folders of the site that hold assets, sources and build reports, not pages; ``teaching``
#: holds the teacher's kit, standalone files without the book's theme (slides, exam banks),
#: tested in ``test_browser_slides.py`` and ``tests/test_teacher_kit.py``.
SKIPPED_DIRS = {"_static", "_vendor", "_sources", "reports", "teaching"}
#: Pages every build must have, so that a broken build cannot pass by having fewer pages.
REQUIRED_PAGES = {"index.html", "intro.html", "chapters/tariffs.html"}

#: How long a browser step may take (navigation, a wait, an ``expect``). Generous: CI runs
#: the browser tests on a fresh 2-core machine beside the other pytest-xdist worker, and
#: 15 s (with ``expect``'s own 5-s default) timed out there on pages that load in 2 s here.
TIMEOUT_MS = 60_000

#: The devices the tests (and their first screens) are read on: a phone (390x844, touch),
#: a tablet (800x1000, below the theme's 992-px drawer width) and a desktop (1280x800).
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True,
         "device_scale_factor": 3}  # fmt: skip
TABLET = {"viewport": {"width": 800, "height": 1000}}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}

#: Chromium flags: no sandbox (containers), no GPU, and none of the background
#: traffic to Google hosts that a fresh profile otherwise starts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-sync",
    "--metrics-recording-only",
    "--no-first-run",
    "--no-default-browser-check",
]

#: URL prefixes every page may load besides its own origin.
INLINE = ("data:", "blob:")

MINUS = "\u2212"  # d3-format's minus sign, should a chart format numbers itself


# --- the site ------------------------------------------------------------------------------


def site_pages(site: Path = SITE) -> list[str]:
    """The site's content pages, as paths relative to the site root (posix, sorted)."""
    if not site.is_dir():
        return []
    pages = []
    for path in site.rglob("*.html"):
        rel = path.relative_to(site)
        if rel.as_posix() in SKIPPED_PAGES or SKIPPED_DIRS.intersection(rel.parts[:-1]):
            continue
        pages.append(rel.as_posix())
    return sorted(pages)


def altair_outputs(html: str) -> int:
    """How many Altair chart outputs a page's HTML source holds (``<div id="altair-viz-…">``)."""
    return len(re.findall(r"""<div\s+id=["']altair-viz-""", html))


def chromium_path() -> str | None:
    """``$CHROMIUM`` when it names an executable file, else None."""
    path = os.environ.get("CHROMIUM", "")
    return path if path and os.path.isfile(path) and os.access(path, os.X_OK) else None


def normalise_minus(text: str) -> str:
    """Replace d3's Unicode minus sign by an ASCII hyphen-minus."""
    return text.replace(MINUS, "-")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002  (the base class's name)
        pass


@contextmanager
def serve(site: Path = SITE) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 (a free port) from a thread; yields the base URL ('/'-ended)."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# --- the one outside-request guard ---------------------------------------------------------


def guard_requests(context, allowed: tuple[str, ...], outside: list[str]) -> None:
    """Abort every request of a Playwright browser ``context`` whose URL starts with none of
    ``allowed`` (nor ``data:``/``blob:``), and append its URL to ``outside``."""
    prefixes = tuple(allowed) + INLINE

    def route(route):
        url = route.request.url
        if url.startswith(prefixes):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", route)


# --- the one Vega-view helper --------------------------------------------------------------

#: Init script (run before any page script): wraps the global ``vegaEmbed``, however it is
#: assigned, so that every embed is recorded, when it starts, in ``window.__vegaViews`` as
#: ``{el, view, ready}``: the element it fills, its Vega view (once made) and a promise of it.
CAPTURE_VIEWS = """
(() => {
  if (window.__vegaViews) return;
  const views = [];
  Object.defineProperty(window, "__vegaViews", { value: views });
  let current;
  Object.defineProperty(window, "vegaEmbed", {
    configurable: true,
    enumerable: true,
    get() { return current; },
    set(embed) {
      if (typeof embed !== "function" || embed.__viewsWrapped) { current = embed; return; }
      const wrapped = function (el, ...rest) {
        const result = embed.call(this, el, ...rest);
        const entry = { el: typeof el === "string" ? document.querySelector(el) : el, view: null };
        entry.ready = result.then((r) => (entry.view = r.view));
        views.push(entry);
        return result;
      };
      Object.assign(wrapped, embed);
      wrapped.__viewsWrapped = true;
      current = wrapped;
    },
  });
})();
"""

#: Resolves when every captured view exists, has run its dataflow and has redrawn.
SETTLE_VIEWS = """async () => { await Promise.all(
    window.__vegaViews.map((v) => v.ready.then((view) => view.runAsync()))); }"""

# The view of the chart element `el` (its .vega-embed, or an element inside or around it).
_FIND_VIEW = """(async (el) => {
  const hit = (window.__vegaViews || []).find(
      (v) => v.el && (v.el === el || el.contains(v.el) || v.el.contains(el)));
  if (!hit) throw new Error("no Vega view captured for this chart (open it with views=True)");
  return await hit.ready;
})"""


class VegaChart:
    """One chart of a page (a ``.vega-embed`` locator) and its Vega view.

    Every read first awaits ``view.runAsync()``: the dataflow has run on the latest input
    and the renderer has redrawn, so what is read is settled (no polling, no sleeps).
    Needs the page opened with :data:`CAPTURE_VIEWS` (``open_page(..., views=True)``).
    """

    def __init__(self, locator):
        self.locator = locator

    @property
    def page(self):
        return self.locator.page

    def with_view(self, body: str, arg=None):
        """Run ``body``, a JS function ``(view, arg) => ...``, on the settled view."""
        return self.locator.evaluate(
            f"async (el, arg) => {{ const view = await {_FIND_VIEW}(el); await view.runAsync();"
            f" return ({body})(view, arg); }}",
            arg,
        )

    def settle(self) -> None:
        """Wait until the view has run on the latest input and redrawn."""
        self.with_view("() => null")

    def signal(self, name: str):
        return self.with_view("(view, name) => view.signal(name)", name)

    def set_signal(self, name: str, value) -> None:
        self.with_view("async (view, [n, v]) => { await view.signal(n, v).runAsync(); }",
                       [name, value])  # fmt: skip

    def scale_domain(self, name: str) -> list:
        return self.with_view("(view, name) => view.scale(name).domain().map(Number)", name)

    def datasets(self) -> list[str]:
        """The names of the view's data sets (named data and the compiled ones)."""
        return self.with_view("(view) => Object.keys(view._runtime.data)")

    def data(self, name: str) -> list[dict]:
        """``view.data(name)``: the rows of a data set after every transform."""
        return self.with_view("(view, name) => view.data(name)", name)

    def texts(
        self,
        keep: Callable[[str], bool] = bool,
        selector: str = "svg.marks g.role-mark text, .chart-key-numbers li",
    ) -> list[str]:
        """The chart's texts (by default its text marks and its key numbers, listed as HTML
        by _static/charts.js; settled, stripped, minus signs
        normalised) that ``keep`` accepts, in drawing order."""
        self.settle()
        texts = self.locator.locator(selector).all_text_contents()
        return [t for t in (normalise_minus(t.strip()) for t in texts) if keep(t)]

    def path_data(self, selector: str) -> list[str | None]:
        """The ``d`` attribute of every ``selector`` path in the drawing (settled)."""
        self.settle()
        return [p.get_attribute("d") for p in self.locator.locator(selector).all()]


#: Every drawn text that ``selector`` finds in an element, with its box:
#: ``locator.evaluate(TEXT_BOXES, selector)``.
TEXT_BOXES = """(el, selector) => Array.from(el.querySelectorAll(selector))
  .filter((t) => t.textContent.trim() && t.getClientRects().length)
  .map((t) => { const r = t.getBoundingClientRect();
                return {text: t.textContent.trim(), left: r.left, right: r.right,
                        top: r.top, bottom: r.bottom}; })"""


def overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    """Pairs of drawn texts whose boxes overlap (by more than half a pixel each way)."""
    return [
        (a["text"], b["text"])
        for i, a in enumerate(boxes) for b in boxes[i + 1 :]
        if min(a["right"], b["right"]) - max(a["left"], b["left"]) > 0.5
        and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 0.5
    ]  # fmt: skip


# --- waits and audits ----------------------------------------------------------------------


@dataclass
class ExplorerOnPage:
    """An explorer opened on its built page: the visit (``conftest.Visit``), its chart and
    the key-number lines it showed at load. Each explorer's browser test subclasses it with
    the way that explorer's inputs are set and its numbers read."""

    visit: object
    vega: VegaChart
    initial_lines: list[str]

    @property
    def chart(self):
        """The chart's ``.vega-embed`` locator."""
        return self.vega.locator


#: True once no finite CSS transition or animation is running (an infinite one, a spinner,
#: never ends and is not waited for).
TRANSITIONS_DONE = """() => document.getAnimations().every((a) => a.playState !== "running"
    || !a.effect || a.effect.getComputedTiming().endTime === Infinity)"""

#: True once _static/charts.js has drawn every chart and fitted it to its column as it is now.
CHARTS_FITTED = "() => window.bookCharts && window.bookCharts.fitted()"

#: True once the page has loaded and its charts, if it has any, are drawn and fitted.
CHARTS_SETTLED = """() => document.readyState === 'complete'
    && (!window.bookCharts || window.bookCharts.fitted())"""

#: True once ``n`` (the argument) Vega charts have drawn their SVG or canvas.
CHARTS_DRAWN = """(n) => document.querySelectorAll(
    ".vega-embed > svg.marks, .vega-embed > canvas.marks").length >= n"""

AXE_DIR = Path(__file__).resolve().parent / "vendor" / "axe-core"
AXE_JS = AXE_DIR / "axe.min.js"
#: Impacts that fail a test.
BLOCKING = ("serious", "critical")


def vendored_axe() -> tuple[str, dict[str, str]]:
    """The axe-core version and the sha256 of each vendored file, from its README."""
    readme = (AXE_DIR / "README.md").read_text(encoding="utf-8")
    version = re.search(r"^- version: (\S+)$", readme, re.M)
    hashes = dict(
        (name, digest) for digest, name in re.findall(r"^ {4}([0-9a-f]{64})  (\S+)$", readme, re.M)
    )
    assert version and hashes, f"{AXE_DIR / 'README.md'} lists no version or hashes"
    return version.group(1), hashes


#: The axe rules that read colours: all a theme switch can change (the markup is the same).
COLOUR_RULES = ("color-contrast", "link-in-text-block")


def run_axe(page, include: str | None = None, rules: tuple[str, ...] = ()) -> dict:
    """Run the vendored axe-core on the page (or on the elements ``include`` selects), every
    rule or only ``rules``: ``{version, passes, violations: [{id, impact, help, helpUrl,
    targets}]}``."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(
        "async ([include, rules]) => {"
        " const options = {resultTypes: ['violations']};"
        " if (rules.length) options.runOnly = {type: 'rule', values: rules};"
        " const r = await axe.run(include ? {include: [[include]]} : document, options);"
        " return {version: axe.version, passes: r.passes.length,"
        " violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " helpUrl: v.helpUrl, targets: v.nodes.map(n => n.target.join(' '))}))}; }",
        [include, list(rules)],
    )


def set_theme(page, theme: str) -> None:
    """Switch the page to the ``light`` or ``dark`` theme and wait for its colour
    transitions to end."""
    page.evaluate("theme => { document.documentElement.dataset.theme = theme; }", theme)
    page.wait_for_function(TRANSITIONS_DONE)
