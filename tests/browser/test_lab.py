"""The teacher's path: the chapter's notebook in JupyterLab reads like the book, and its
explorer is live.

Starts the project's JupyterLab on a free local port (autosave off, so nothing is written
back), opens ``notebooks/tariffs.ipynb`` (the documented route: the generated notebook, also
in the course pack), and checks what a class sees: no MyST role or directive syntax, a
sentence with two dollar amounts rendered as text (JupyterLab's MathJax pairs ``$`` signs in
the rendered page), solutions and self-check answers folded. Then it runs every cell, moves
the explorer's tariff slider from the keyboard and checks the recomputed numbers against the
model. Every request to another origin is aborted and fails the test.
"""

from __future__ import annotations

import json
import math
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from _ext.notebook_export import LITERAL_DOLLAR
from tests.browser.browser_support import ROOT, TIMEOUT_MS, guard_requests

pytestmark = pytest.mark.browser

LOCAL = ("http://127.0.0.1", "ws://127.0.0.1")
STARTUP_S = 180


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server for the project, on 127.0.0.1, with autosave off."""
    settings = tmp_path_factory.mktemp("lab-user-settings")
    plugin = settings / "@jupyterlab" / "docmanager-extension" / "plugin.jupyterlab-settings"
    plugin.parent.mkdir(parents=True)
    plugin.write_text(json.dumps({"autosave": False}))
    # Every cell rendered at once (JupyterLab 4 otherwise renders only the cells near the
    # viewport), so the test reads the whole notebook as a class scrolls through it.
    tracker = settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))
    port = _free_port()
    # A workspace of its own: JupyterLab would otherwise reopen whatever tabs an earlier
    # session on this machine left open (~/.jupyter/lab/workspaces).
    workspaces = tmp_path_factory.mktemp("lab-workspaces")
    env = dict(
        os.environ, JUPYTERLAB_SETTINGS_DIR=str(settings), JUPYTERLAB_WORKSPACES_DIR=str(workspaces)
    )
    command = [
        str(Path(sys.executable).parent / "jupyter-lab"),
        f"--port={port}", "--ip=127.0.0.1", "--no-browser", "--allow-root",
        "--ServerApp.token=", "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True",
        f"--ServerApp.root_dir={ROOT}",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    # A fresh CI machine, with the other pytest-xdist worker busy, has taken over 60 s.
    deadline = time.monotonic() + STARTUP_S
    while True:  # until the server answers, exits or runs out of time
        try:
            urllib.request.urlopen(f"{url}/api/status", timeout=1)
            break
        except OSError:
            pass
        try:
            server.wait(timeout=0.5)  # returns only if JupyterLab has exited
        except subprocess.TimeoutExpired:
            if time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"JupyterLab did not start within {STARTUP_S} s")
            continue
        pytest.fail(f"JupyterLab exited: {server.stderr.read().decode()[-2000:]}")
    yield url
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


def _revenue(page) -> float:
    row = page.locator("table[aria-label='Key numbers'] tr", has_text="Tariff revenue")
    return float(row.locator("td").text_content().strip().replace(",", ""))


NOTEBOOK = "notebooks/tariffs.ipynb"
MYST = re.compile(r"\{[a-z][\w:+-]*\}`|^\s*(?:`{3,}|:{3,})\{|^\(\S+\)=$", re.M)
TWO_AMOUNTS = re.compile(r"\$\d[\d,.]*\b.*\$\d", re.S)


def _markdown_cells(page) -> list[dict]:
    """Every rendered Markdown cell: its text, whether MathJax typeset something in it, and
    its ``<details>`` (folded answers and solutions), open or not."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.jp-MarkdownCell .jp-RenderedMarkdown')].map(
            el => ({text: el.innerText, maths: el.querySelectorAll('mjx-container').length,
                    all: (c => { c.querySelectorAll('mjx-container').forEach(m => m.remove());
                                 return c.textContent; })(el.cloneNode(true)),
                    open: el.querySelectorAll('details[open]').length,
                    folds: el.querySelectorAll('details').length}))"""
    )


def test_chapter_notebook_reads_like_the_book_and_its_explorer_is_live(lab, chromium):
    from widgets.models import tariff_outcome
    from widgets.models.examples import CLASSROOM_MARKET

    outside = []
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    guard_requests(context, LOCAL, outside)
    try:
        page = context.new_page()
        page.goto(f"{lab}/lab/tree/{NOTEBOOK}")
        page.locator(".jp-NotebookPanel").wait_for(timeout=60_000)
        page.locator(".jp-Notebook .jp-Cell").first.wait_for()
        # A first visit asks which kernel to start: take the chapter's (Python 3).
        select = page.locator(".jp-Dialog button", has_text="Select")
        try:
            select.wait_for(timeout=10_000)
            select.click()
        except PlaywrightTimeout:
            pass
        # What the class sees before anything runs.
        page.locator(".jp-MarkdownCell .jp-RenderedMarkdown").first.wait_for()
        nb = json.loads((ROOT / NOTEBOOK).read_text())
        # Every currency dollar of the visible cells is still there, as text: two `$` that
        # MathJax paired would have been eaten as delimiters.
        dollars = sum(c["source"].count(LITERAL_DOLLAR) if isinstance(c["source"], str)
                      else "".join(c["source"]).count(LITERAL_DOLLAR) for c in nb["cells"]
                      if c["cell_type"] == "markdown"
                      and not c["metadata"].get("jupyter", {}).get("source_hidden"))  # fmt: skip
        assert dollars > 0
        # MathJax typesets after the cells render: wait until every maths `$` pair is typeset
        # (only the currency dollars are left as text).
        page.wait_for_function(
            """n => [...document.querySelectorAll('.jp-MarkdownCell .jp-RenderedMarkdown')]
                .map(el => { const c = el.cloneNode(true);
                             c.querySelectorAll('mjx-container').forEach(m => m.remove());
                             return c.textContent; }).join('').split('$').length - 1 === n""",
            arg=dollars, timeout=60_000,
        )
        cells = _markdown_cells(page)
        assert len(cells) == sum(c["cell_type"] == "markdown" and not
                                 c["metadata"].get("jupyter", {}).get("source_hidden")
                                 for c in nb["cells"])  # fmt: skip
        text = "\n".join(c["text"] for c in cells)
        everything = "\n".join(c["all"] for c in cells)  # folded answers too, maths left out
        assert not MYST.findall(everything), MYST.findall(everything)[:5]
        amounts = [c for c in cells if TWO_AMOUNTS.search(c["text"])]
        assert amounts, "no sentence with two dollar amounts was rendered as text"
        assert everything.count("$") == dollars  # and every maths `$` pair was typeset
        assert sum(c["folds"] for c in cells) >= 5  # self-check answers, one-cell solutions
        assert sum(c["open"] for c in cells) == 0
        hidden = sum(bool(c["metadata"].get("jupyter", {}).get("source_hidden"))
                     for c in nb["cells"])  # fmt: skip
        assert hidden > 0  # solutions that span cells: folded as JupyterLab folds cells
        assert page.locator(".jp-Cell .jp-InputPlaceholder").count() == hidden
        assert "Consumers lose" not in page.locator(".jp-Notebook").inner_text()  # Ex. 2.1
        assert "Fig. 2.1." in text and "### Exercise" not in text and "Exercise 2.1" in text

        page.get_by_role("menuitem", name="Run").click()
        page.locator("li[data-command='runmenu:run-all']").click()
        slider = page.locator(".widget-hslider").first
        # JupyterLab skips rendering cells off screen (content-visibility): wait for the
        # widget to exist, then scroll to it.
        slider.wait_for(state="attached", timeout=120_000)
        slider.scroll_into_view_if_needed()
        page.wait_for_function(
            "() => document.querySelector(\"table[aria-label='Key numbers']\") !== null"
        )
        start = _revenue(page)
        expected = tariff_outcome(**CLASSROOM_MARKET, tariff_rate=0.25).tariff_revenue
        assert math.isclose(start, round(expected, 1))

        slider.locator("[role=slider], .noUi-handle").first.focus()
        for _ in range(25):  # 25% -> 50%, one step per key press
            page.keyboard.press("ArrowRight")
        expected = tariff_outcome(**CLASSROOM_MARKET, tariff_rate=0.50).tariff_revenue
        page.wait_for_function(
            "(want) => { const rows = document.querySelectorAll("
            "\"table[aria-label='Key numbers'] tr\");"
            " const r = [...rows].find(tr => tr.textContent.includes('Tariff revenue'));"
            " return r && r.querySelector('td').textContent.trim() === want; }",
            arg=f"{expected:,.1f}",
            timeout=60_000,
        )
        assert _revenue(page) == round(expected, 1)
        assert page.locator(".jp-OutputArea-output[data-mime-type*='stderr']").count() == 0
    finally:
        context.close()
    assert not outside, outside
