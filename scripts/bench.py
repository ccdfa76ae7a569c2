"""Benchmark the book: cold build time, page bytes, first chart drawn, slider-to-redraw latency.

Run by ``make bench`` after ``make book``; it prints a report and never fails on a number
(exit status 1 only when it cannot measure: no built site, no Chromium, a browser error).
Budgets (issue 13) are printed beside the figures: every page <= 1 MB, first chart <= 500 ms,
slider p95 <= 16 ms with the CPU throttled 4x.

1. Cold build: copies the book (without ``_build``, ``.venv``, ``.git`` and caches) to a
   temporary folder and times ``jupyter-book build . -W --keep-going`` there, so every
   chapter is executed with an empty Jupyter cache. ``--skip-build`` skips it.
2. Page bytes: each page of ``_build/html`` (the pages the browser tests visit) opened cold
   in Chromium at 1280x800 (a new context, HTTP cache disabled), scrolled to its end; every
   response counted, uncompressed; with the largest responses.
3. First chart: on each page with charts, the time from navigation start to the first
   chart drawn (the first Vega SVG holding its marks, at the next animation frame), the
   median of 5 cold loads at 1280x800 on loopback. The site is served by its own process
   (``python -m http.server``), and requests go out unintercepted; Chromium resolves no
   host but 127.0.0.1, so nothing leaves the machine, and any other origin asked for is
   listed. (Until 2026-12-07 the loads went through the browser tests' request guard and
   in-process server, which held each request while Python answered: 5-23 % slower,
   measured back to back.)
4. Slider latency: opens each page in headless Chromium with its CPU throttled
   (``Emulation.setCPUThrottlingRate``, 4x: a phone), finds every Vega view with a bound
   range input, and moves each such slider N times (not one that is disabled: a choice
   holds it, see ``Control.sets``). One move is timed from dispatching the
   ``input`` event (the event vega-bind listens to) until ``view.runAsync()`` resolves: the
   dataflow has run and the renderer has redrawn the view. Nothing else watches the drawing
   during a timed move: whether it changed is read by comparing its SVG markup before and
   after, outside the timed span. (Until 2026-12-08 a MutationObserver on the SVG recorded
   every attribute change inside the span: 5-15 % of the time measured, a cost no reader's
   page has.) The views are caught by wrapping the global ``vegaEmbed`` before the page's
   scripts run; a view that cannot be caught is timed instead by a MutationObserver on its
   SVG (until the last DOM change before the next two animation frames). Budget: p95 <=
   16 ms (one frame at 60 Hz). Beside it, the page's main-thread CPU time per move
   (Chrome's ``ThreadTime``).

``--pages tariffs export_controls`` measures only the pages whose path holds one of those
texts, ``--only-sliders`` only section 4 (no build, page bytes or first chart): with them,
two builds can be compared slider by slider (``--site``), back to back. On a busy machine
the wall times vary several-fold from run to run: alternate the builds, run each several
times and compare medians.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

# The pages to measure, the server, the Chromium flags, the outside-request guard and the
# capture of Vega views are the browser tests' own (run as ``python -m scripts.bench`` from
# the book's root, as ``make bench`` does).
from tests.browser.browser_support import (
    CAPTURE_VIEWS,
    CHARTS_DRAWN,
    CHROMIUM_ARGS,
    DESKTOP,
    INLINE,
    SETTLE_VIEWS,
    altair_outputs,
    guard_requests,
    serve,
    site_pages,
)

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
#: What a cold build does not copy: outputs, environments, caches, version control.
NOT_COPIED = {
    "_build", ".venv", ".git", ".tools", ".pytest_cache", ".hypothesis", ".ruff_cache",
    ".jupyter_cache", "__pycache__", ".ipynb_checkpoints", "notebooks",
}  # fmt: skip
MB = 1_000_000
BUDGET_MS = 16.0
FIRST_CHART_BUDGET_MS = 500.0
FIRST_CHART_LOADS = 5
CPU_THROTTLE = 4
VIEWPORT = DESKTOP["viewport"]  # the browser tests' desktop
WARMUP_MOVES = 3

# Lists the range inputs of every drawn Vega chart on the page.
FIND_SLIDERS_JS = """
() => {
  const hooked = new Map(window.__vegaViews.filter((r) => r.view).map((r) => [r.el, r.view]));
  const charts = Array.from(document.querySelectorAll(".vega-embed"));
  const out = [];
  charts.forEach((el, chart) => {
    el.querySelectorAll('input[type="range"]').forEach((input, slider) => {
      out.push({
        chart, slider, name: input.name || `slider ${slider + 1}`,
        id: el.id || "", hooked: hooked.has(el),
        min: Number(input.min || 0), max: Number(input.max || 100), disabled: input.disabled,
        step: input.step === "any" ? 0 : Number(input.step || 1),
      });
    });
  });
  return out;
}
"""

# Moves one slider through `values`, timing each move (see the module docstring).
MOVE_JS = """
async ({ chart, slider, values }) => {
  const el = document.querySelectorAll(".vega-embed")[chart];
  const input = el.querySelectorAll('input[type="range"]')[slider];
  const record = window.__vegaViews.findLast((r) => r.el === el && r.view);  // its latest drawing
  const drawn = el.querySelector(":scope > svg, :scope > canvas") || el;
  let changes = 0, last = 0;
  const observer = new MutationObserver((list) => {
    changes += list.length;
    last = performance.now();
  });
  const what = { subtree: true, childList: true, attributes: true, characterData: true };
  if (!record) observer.observe(drawn, what);
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const times = [];
  const redrawn = [];
  for (const value of values) {
    await frame();
    const markup = record ? drawn.innerHTML : null;  // read before the timed span
    const before = changes;
    last = 0;
    const t0 = performance.now();
    input.value = String(value);
    input.dispatchEvent(new Event("input", { bubbles: true }));
    if (record) {
      await record.view.runAsync();
      times.push(performance.now() - t0);
      if (drawn.innerHTML !== markup) changes += 1;
    } else {
      await frame();
      await frame();
      changes += observer.takeRecords().length;
      times.push(last ? last - t0 : NaN);
    }
    redrawn.push(changes > before);
  }
  observer.disconnect();
  return { times, redrawn, svg: drawn.tagName.toLowerCase() === "svg", hooked: Boolean(record) };
}
"""


# --- helpers -------------------------------------------------------------------------------


def table(headers: list[str], rows: list[list[object]], right: set[int] = frozenset()) -> str:
    cells = [headers] + [[str(c) for c in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]

    def line(row):
        return "  ".join(
            (c.rjust(w) if i in right else c.ljust(w))
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule] + [line(r) for r in cells[1:]])


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    rank = min(len(ordered), max(1, math.ceil(q / 100 * len(ordered))))
    return ordered[rank - 1]


def find_chromium() -> str | None:
    path = os.environ.get("CHROMIUM")
    if path:
        return path if os.path.isfile(path) and os.access(path, os.X_OK) else None
    try:
        out = subprocess.run(
            [str(ROOT / "scripts" / "find_chromium.sh")], capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip() or None


# --- 1. cold build ---------------------------------------------------------------------------


def cold_build() -> None:
    print("== Cold build (temporary copy, empty Jupyter cache) ==")
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    if not jupyter_book.exists():
        jupyter_book = Path(shutil.which("jupyter-book") or "jupyter-book")
    with tempfile.TemporaryDirectory(prefix="book-bench-") as tmp:
        copy = Path(tmp) / "book"
        shutil.copytree(
            ROOT, copy, ignore=lambda d, names: [n for n in names if n in NOT_COPIED], symlinks=True
        )
        command = [str(jupyter_book), "build", ".", "-W", "--keep-going"]
        start = time.perf_counter()
        result = subprocess.run(command, cwd=copy, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        built = copy / "_build" / "html"
        pages = len(site_pages(built)) if built.is_dir() else 0
    status = "ok" if result.returncode == 0 else f"FAILED (exit {result.returncode})"
    print(table(
        ["command", "seconds", "pages", "status"],
        [[" ".join(["jupyter-book", *command[1:]]), f"{seconds:.1f}", pages, status]],
        right={1, 2},
    ))  # fmt: skip
    if result.returncode != 0:
        log = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr).splitlines()
        problems = re.compile(r"(^|: )(WARNING|ERROR)|[Ee]rror[ :(]")
        shown = [x for x in log if problems.search(x) and "IPKernelApp" not in x][:10] or log[-15:]
        print("  from the build log:\n    " + "\n    ".join(shown))
    print()


# --- 2 and 3: pages in the browser -----------------------------------------------------------


def browse(site: Path, pages: list[str], chromium: str, moves: int, seed: int):
    """Move every slider of every page with the CPU throttled; returns (latency rows, problems)."""
    from playwright.sync_api import sync_playwright

    results = []
    problems = []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        for page_path in pages:
            drawn = altair_outputs((site / page_path).read_text(encoding="utf-8"))
            if not drawn:
                continue
            context = browser.new_context(viewport=VIEWPORT)
            context.add_init_script(CAPTURE_VIEWS)
            outside: list[str] = []
            guard_requests(context, (base,), outside)
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_THROTTLE})
            cdp.send("Performance.enable")
            page.goto(base + page_path, wait_until="networkidle")
            # every chart drawn, every view run and redrawn
            page.wait_for_function(CHARTS_DRAWN, arg=drawn, timeout=120_000)
            page.evaluate(SETTLE_VIEWS)
            if outside:
                problems.append(f"{page_path}: {len(outside)} outside request(s): {outside[0]}")
            for slider in page.evaluate(FIND_SLIDERS_JS):
                if slider["disabled"]:  # locked by a choice (Control.sets): no reader moves it
                    continue
                values = slider_values(slider, moves + WARMUP_MOVES, seed)
                before = thread_time(cdp)
                out = page.evaluate(MOVE_JS, {**slider, "values": values})
                out["cpu_ms"] = (thread_time(cdp) - before) * 1000 / len(values)
                out["times"] = out["times"][WARMUP_MOVES:]
                out["redrawn"] = out["redrawn"][WARMUP_MOVES:]
                times = [t for t in out["times"] if t == t]  # drop NaN
                results.append((page_path, slider, out, times))
            context.close()
        browser.close()
    return results, problems


def thread_time(cdp) -> float:
    """Seconds of CPU the page's main thread has used (Chrome's ``ThreadTime`` metric).

    Unlike the wall-clock latency it hardly depends on what else the machine runs, so two
    builds can be compared on a loaded machine (it is CPU time unthrottled: the 4x
    throttling stretches wall time, not CPU time)."""
    metrics = cdp.send("Performance.getMetrics")["metrics"]
    return next(m["value"] for m in metrics if m["name"] == "ThreadTime")


#: Init script: ``window.__firstChart`` becomes the time (ms after navigation start) of the
#: first animation frame after a chart's SVG (or canvas) holds its marks.
FIRST_CHART_JS = """
(() => {
  const found = () => document.querySelector(
    ".vega-embed svg.marks .role-mark, .vega-embed svg.marks .role-axis, .vega-embed canvas.marks");
  const observer = new MutationObserver(() => {
    if (!found()) return;
    observer.disconnect();
    requestAnimationFrame(() => { window.__firstChart = performance.now(); });
  });
  observer.observe(document, { childList: true, subtree: true });
})();
"""


@contextlib.contextmanager
def serve_process(site: Path):
    """Serve ``site`` from its own process (``python -m http.server`` on 127.0.0.1, a free
    port), as a real server would; yields the base URL ('/'-ended).

    For timings: the browser tests' server is a thread of the Python process that also
    drives Playwright, so each response waits for that process's GIL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
         "--directory", str(site)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait()


#: Chromium resolves every host name but the loopback address to "not found": no request
#: leaves the machine, and none is held up on the way (as the tests' guard holds each one
#: while Python decides; that adds tens of ms to a page load).
OFFLINE_HOSTS = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"


def first_chart_times(
    site: Path, pages: list[str], chromium: str, loads: int = FIRST_CHART_LOADS
) -> tuple[dict[str, list[float]], list[str]]:
    """Milliseconds from navigation start to the first chart drawn, ``loads`` cold loads of
    every page with charts (a new context each, HTTP cache disabled, 1280x800), served by
    :func:`serve_process`; with the requests that went elsewhere (blocked, listed)."""
    from playwright.sync_api import sync_playwright

    out: dict[str, list[float]] = {}
    outside: list[str] = []
    with serve_process(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium, headless=True, args=[*CHROMIUM_ARGS, OFFLINE_HOSTS]
        )
        for page_path in pages:
            if not altair_outputs((site / page_path).read_text(encoding="utf-8")):
                continue
            times = []
            for _ in range(loads):
                context = browser.new_context(viewport=VIEWPORT)
                context.add_init_script(FIRST_CHART_JS)
                context.on(
                    "request",
                    lambda r: None if r.url.startswith((base, *INLINE)) else outside.append(r.url),
                )
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
                page.goto(base + page_path, wait_until="commit")
                page.wait_for_function("() => window.__firstChart !== undefined", timeout=60_000)
                times.append(page.evaluate("window.__firstChart"))
                context.close()
            out[page_path] = times
        browser.close()
    return out, outside


def print_first_chart(times: dict[str, list[float]], budget: float = FIRST_CHART_BUDGET_MS) -> None:
    rows = [
        [page_path, f"{statistics.median(t):.0f}", f"{min(t):.0f}", f"{max(t):.0f}",
         "ok" if statistics.median(t) <= budget else "OVER"]
        for page_path, t in times.items()
    ]  # fmt: skip
    print(table(
        ["page", "median ms", "min ms", "max ms", f"<= {budget:g} ms"], rows, right={1, 2, 3},
    ))  # fmt: skip
    print(f"  from navigation start to the first chart drawn; {FIRST_CHART_LOADS} cold loads each.")


# Scrolls the whole page down in viewport steps, so assets loaded on scroll (maths or
# charts initialised when they come into view) are fetched and counted too.
SCROLL_THROUGH_JS = """
async () => {
  const step = Math.max(200, Math.floor(window.innerHeight * 0.8));
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
    window.scrollTo(0, y);
    await frame();
    await frame();
  }
  window.scrollTo(0, document.documentElement.scrollHeight);
  await frame();
}
"""


def page_bytes(
    site: Path, pages: list[str], chromium: str, viewport: tuple[int, int] = (1280, 800)
) -> dict[str, dict]:
    """Everything each page transfers, counted as a reader's browser gets it.

    Each page is opened cold (a fresh browser context, HTTP cache disabled), left to settle,
    then scrolled from top to bottom (assets loaded on scroll count too) and left to settle
    again. Every response body is counted uncompressed (the test server sends no
    ``Content-Encoding``; ``response.body()`` is the decoded body in any case).
    Returns ``{page: {"bytes": int, "requests": int, "files": [(bytes, url path), ...]}}``,
    files largest first. Outside requests are aborted and listed under ``"outside"``.
    """
    from playwright.sync_api import sync_playwright

    out: dict[str, dict] = {}
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        for page_path in pages:
            context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
            outside: list[str] = []
            responses: list = []

            guard_requests(context, (base,), outside)
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            page.on("response", lambda r, responses=responses: responses.append(r))
            page.goto(base + page_path, wait_until="networkidle")
            page.evaluate(SCROLL_THROUGH_JS)
            page.wait_for_load_state("networkidle")
            files = []
            for response in responses:
                url = response.url
                if not url.startswith(base):
                    continue
                try:
                    size = len(response.body())
                except Exception:  # redirect or body no longer available
                    size = int(response.headers.get("content-length") or 0)
                files.append((size, unquote(urlsplit(url).path).lstrip("/")))
            files.sort(reverse=True)
            out[page_path] = {
                "bytes": sum(n for n, _ in files),
                "requests": len(files),
                "files": files,
                "outside": outside,
            }
            context.close()
        browser.close()
    return out


def print_page_bytes(measured: dict[str, dict], budget: int = MB) -> None:
    """The "page bytes" table: everything each page loads (see :func:`page_bytes`)."""
    rows = []
    for page_path, m in measured.items():
        largest = m["files"][0] if m["files"] else (0, "")
        rows.append([
            page_path, f"{m['bytes']:,}", m["requests"],
            "ok" if m["bytes"] <= budget else "OVER", f"{largest[1]} ({largest[0]:,})",
        ])  # fmt: skip
    print(table(
        ["page", "page bytes", "requests", f"<= {budget:,}", "largest response (bytes)"],
        rows, right={1, 2},
    ))  # fmt: skip
    print("  page bytes: every response, uncompressed, cache off, after scrolling to the end.")


def slider_values(slider: dict, count: int, seed: int) -> list[float]:
    """Reproducible slider positions spread over its range, never the same twice in a row."""
    lo, hi = slider["min"], slider["max"]
    step = slider["step"] or (hi - lo) / 100
    positions = [lo + i * step for i in range(int(round((hi - lo) / step)) + 1)]
    rng = random.Random(f"{seed}-{slider['name']}")
    values, previous = [], None
    while len(values) < count:
        value = rng.choice(positions)
        if value != previous:
            values.append(int(value) if float(value).is_integer() else value)
            previous = value
    return values


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-build", action="store_true", help="skip the cold build")
    parser.add_argument("--site", type=Path, default=SITE, help="built site (default: _build/html)")
    parser.add_argument("--moves", type=int, default=60, help="timed slider moves per slider")
    parser.add_argument("--seed", type=int, default=0, help="seed of the slider positions")
    parser.add_argument(
        "--page-bytes-only", action="store_true", help="only the page bytes table (no build)"
    )
    parser.add_argument(
        "--first-chart-only", action="store_true", help="only the first-chart table (no build)"
    )
    parser.add_argument(
        "--only-sliders", action="store_true",
        help="only the slider latency table (no build, no page bytes, no first chart)",
    )
    parser.add_argument(
        "--pages", nargs="+", metavar="TEXT", default=None,
        help="only the pages whose path contains one of these texts (e.g. tariffs)",
    )
    args = parser.parse_args(argv)

    only = args.page_bytes_only or args.first_chart_only or args.only_sliders
    if not args.skip_build and not only:
        cold_build()

    site = args.site.resolve()
    if not (site / "index.html").is_file():
        print(f"No built site at {site}: run `make book` first.", file=sys.stderr)
        return 1
    pages = site_pages(site)
    if args.pages:
        pages = [p for p in pages if any(text in p for text in args.pages)]
        if not pages:
            print(f"No page matches {args.pages}.", file=sys.stderr)
            return 1
    chromium = find_chromium()
    if chromium is None:
        print("No Chromium: set CHROMIUM or run scripts/find_chromium.sh.", file=sys.stderr)
        return 1
    if args.only_sliders:
        return print_latency(*browse(site, pages, chromium, args.moves, args.seed), args.moves)
    if not args.first_chart_only:
        print(f"== Page bytes (Chromium 1280x800, cache off; budget {MB:,} bytes per page) ==")
        print_page_bytes(page_bytes(site, pages, chromium))
        print()
    if args.page_bytes_only:
        return 0
    print(
        f"== First chart drawn (Chromium 1280x800, loopback, cache off; budget "
        f"{FIRST_CHART_BUDGET_MS:g} ms, median of {FIRST_CHART_LOADS}) =="
    )
    times, outside = first_chart_times(site, pages, chromium)
    print_first_chart(times)
    for url in sorted(set(outside)):
        print(f"  note: a page asked for {url} (blocked: another origin)")
    print()
    if args.first_chart_only:
        return 0
    return print_latency(*browse(site, pages, chromium, args.moves, args.seed), args.moves)


def print_latency(results: list, problems: list[str], moves: int) -> int:
    """The slider latency table (section 4) of :func:`browse`'s results."""
    print(
        f"== Slider-to-redraw latency (headless Chromium, CPU throttled {CPU_THROTTLE}x, "
        f"{moves} moves per slider after {WARMUP_MOVES} warm-up moves; budget p95 <= "
        f"{BUDGET_MS:g} ms) =="
    )
    rows = []
    for page_path, slider, out, times in results:
        chart = f"{page_path} chart {slider['chart'] + 1}"
        cpu = f"{out['cpu_ms']:.1f}"
        if not times:
            rows.append([chart, slider["name"], "-", "-", "-", cpu, "-", "no timing"])
            continue
        p95 = percentile(times, 95)
        method = "view.runAsync" if out["hooked"] else "mutation"
        redrawn = f"{sum(out['redrawn'])}/{len(out['times'])}" if out["svg"] else "n/a (canvas)"
        verdict = "ok" if p95 <= BUDGET_MS else "OVER BUDGET"
        rows.append([
            chart, slider["name"], f"{statistics.median(times):.1f}", f"{p95:.1f}",
            f"{max(times):.1f}", cpu, redrawn, f"{verdict} ({method})",
        ])  # fmt: skip
    if rows:
        print(table(
            ["chart", "slider", "median ms", "p95 ms", "max ms", "CPU ms/move", "redrawn",
             "p95 <= 16 ms"],
            rows, right={2, 3, 4, 5},
        ))  # fmt: skip
        print("  redrawn: moves after which the chart's SVG changed.")
        print("  CPU ms/move: the page's main-thread CPU time per move, unthrottled (Chrome's")
        print("  ThreadTime; compare builds with it when the machine is busy: wall times vary).")
        every = [t for *_, times in results for t in times]
        if every:
            p95 = percentile(every, 95)
            print(
                f"  all moves: p95 {p95:.1f} ms "
                f"({'ok' if p95 <= BUDGET_MS else 'OVER BUDGET'}), {len(every)} moves."
            )
    else:
        print("No chart with a bound range input found.")
    for problem in problems:
        print(f"  note: {problem}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
