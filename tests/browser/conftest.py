"""Browser tests of the built site: every page loads offline, clean, with every chart drawn.

The built book (``_build/html``) is served on 127.0.0.1 from a thread and opened in
headless Chromium through Playwright. Every request that is not to that server is
aborted and recorded; a test fails on any outside request, any failed request or
HTTP error, any console error and any uncaught page error.

These tests never skip: when they are selected and Chromium or the built site is
missing, the session stops with an error (exit status 1) that says what to run.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser.browser_support import (
    CAPTURE_VIEWS,
    CHROMIUM_ARGS,
    SITE,
    TIMEOUT_MS,
    VegaChart,
    chromium_path,
    guard_requests,
    serve,
    site_pages,
)

# ``expect`` has its own timeout (5 s), which context.set_default_timeout does not change.
expect.set_options(timeout=TIMEOUT_MS)


# --- collection -------------------------------------------------------------------------


def pytest_generate_tests(metafunc):
    if "site_page" in metafunc.fixturenames:
        pages = site_pages()
        # Module scope: the tests of one module that take the same page run one after
        # the other, so that a module-scoped fixture can share one load of it.
        metafunc.parametrize("site_page", pages or ["<no built site>"], ids=str, scope="module")


def _cannot_run() -> list[str]:
    """Why the browser tests cannot run here (empty when they can)."""
    problems = []
    if chromium_path() is None:
        value = os.environ.get("CHROMIUM")
        problems.append(
            f"CHROMIUM={value!r} is not an executable file"
            if value
            else "CHROMIUM is not set: run the browser tests with "
            'CHROMIUM="$(scripts/find_chromium.sh)" (as `make test` does)'
        )
    if not (SITE / "index.html").is_file():
        problems.append(
            f"no built site: {SITE / 'index.html'} is missing; run `make book` "
            "(or .venv/bin/jupyter-book build . -W --keep-going) first"
        )
    return problems


def pytest_collection_finish(session):
    """Stop the session when browser tests are selected but cannot run. In a pytest-xdist
    worker, which cannot stop the session, every browser test fails with the reason."""
    if session.config.option.collectonly:
        return
    if not any(item.get_closest_marker("browser") for item in session.items):
        return
    problems = _cannot_run()
    if not problems:
        return
    message = "browser tests cannot run:\n  " + "\n  ".join(problems)
    if hasattr(session.config, "workerinput"):
        session.config.stash[_CANNOT_RUN] = message
    else:
        pytest.exit(message, returncode=pytest.ExitCode.TESTS_FAILED)


_CANNOT_RUN = pytest.StashKey[str]()


def pytest_runtest_setup(item):
    message = item.config.stash.get(_CANNOT_RUN, None)
    if message and item.get_closest_marker("browser"):
        pytest.fail(message, pytrace=False)


# --- server and browser -----------------------------------------------------------------


@pytest.fixture(scope="session")
def site_url():
    """Base URL (ending in '/') of the built site, served from a thread on a free port
    (one server per pytest process: per xdist worker)."""
    with serve(SITE) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        pytest.fail("CHROMIUM is not set to an executable Chromium", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Visit:
    """One page opened in a fresh browser context, with everything that went wrong."""

    page: object
    base: str
    outside_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        return (
            [f"outside request (aborted): {url}" for url in self.outside_requests]
            + [f"failed request: {msg}" for msg in self.failed_requests]
            + [f"console error: {msg}" for msg in self.console_errors]
            + [f"page error: {msg}" for msg in self.page_errors]
        )

    def assert_clean(self) -> None:
        problems = self.problems
        assert not problems, f"{self.page.url}:\n  " + "\n  ".join(problems)

    @contextlib.contextmanager
    def explained(self):
        """Add the page's recorded problems (the likely cause) to a failing assertion."""
        try:
            yield
        except AssertionError as error:
            if not self.problems:
                raise
            causes = "\n  ".join(self.problems)
            raise AssertionError(f"{error}\nproblems on {self.page.url}:\n  {causes}") from None

    @property
    def file(self) -> Path:
        """The site file the page now shows (after any redirect)."""
        url = urlsplit(self.page.url)
        rel = unquote(url.path).lstrip("/")
        if url.scheme == "file":
            return Path(unquote(url.path))
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        return SITE / rel

    def chart(self, has: str) -> VegaChart:
        """The one chart (``.vega-embed``) of the page that holds ``has`` (a CSS selector,
        e.g. its slider), once drawn. Its view is reachable if the page was opened with
        ``views=True``."""
        page = self.page
        locator = page.locator(".vega-embed").filter(has=page.locator(has))
        with self.explained():
            expect(locator, f"exactly one chart on the page holds {has}").to_have_count(1)
            expect(locator.locator(":scope > svg.marks")).to_have_count(1)
        return VegaChart(locator)


_REFRESH = re.compile(
    r"""<meta[^>]+http-equiv=["']?refresh["']?[^>]+content=["'][^"']*url=([^"'>]+)""", re.I
)


class PageOpener:
    """Opens site pages in fresh browser contexts that record every problem."""

    def __init__(self, browser, base: str):
        self.browser = browser
        self.base = base
        self.contexts = []

    def open(
        self,
        path: str,
        *,
        wait_until: str = "networkidle",
        views: bool = False,
        javascript: bool = True,
        from_file: bool = False,
    ) -> Visit:
        """Open ``path`` (relative to the site root), wait for the network to settle and
        follow a meta-refresh redirect (``index.html``).

        ``views``: keep every chart's Vega view (for :meth:`Visit.chart`).
        ``javascript``: False opens the page as a reader without JavaScript sees it.
        ``from_file``: open the file itself (``file://``), not the served page; then only
        ``file:`` URLs may load.
        """
        context = self.browser.new_context(
            viewport={"width": 1280, "height": 900}, java_script_enabled=javascript
        )
        context.set_default_timeout(TIMEOUT_MS)
        self.contexts.append(context)
        if views:
            context.add_init_script(CAPTURE_VIEWS)
        page = context.new_page()
        base = "file:" if from_file else self.base
        visit = Visit(page=page, base=base)
        guard_requests(context, (base,), visit.outside_requests)

        def on_request_failed(request):
            if not request.url.startswith(base):  # outside requests are already recorded
                return
            if not javascript and request.resource_type == "script":
                return  # with JavaScript off, Chromium refuses (preloaded) scripts: expected
            visit.failed_requests.append(f"{request.url} ({request.failure})")

        def on_response(response):
            if response.status >= 400:
                visit.failed_requests.append(f"{response.url} (HTTP {response.status})")

        def on_console(message):
            if message.type == "error":
                where = (message.location or {}).get("url", "")
                visit.console_errors.append(f"{message.text} [{where}]")

        page.on("requestfailed", on_request_failed)
        page.on("response", on_response)
        page.on("console", on_console)
        page.on("pageerror", lambda error: visit.page_errors.append(str(error)))

        target = (SITE / path).as_uri() if from_file else base + path
        response = page.goto(target, wait_until=wait_until)
        if not from_file:
            assert response is not None and response.ok, f"{target}: {response and response.status}"
        redirect = _REFRESH.search((SITE / path).read_text(encoding="utf-8", errors="replace"))
        if redirect:
            destination = redirect.group(1).strip()
            page.wait_for_url(lambda url: url != target, wait_until=wait_until)
            assert page.url.endswith(destination), f"{path} redirected to {page.url}"
        return visit

    def close(self) -> None:
        for context in self.contexts:
            context.close()
        self.contexts.clear()


@pytest.fixture
def open_page(chromium, site_url):
    """``open_page(path, **options) -> Visit``: a site page in a new browser context, closed
    after the test (options: see :meth:`PageOpener.open`)."""
    opener = PageOpener(chromium, site_url)
    yield opener.open
    opener.close()


@pytest.fixture(scope="module")
def open_page_for_module(chromium, site_url):
    """Like ``open_page``, for pages that several tests of one module share."""
    opener = PageOpener(chromium, site_url)
    yield opener.open
    opener.close()


@pytest.fixture(scope="module")
def site_page_visit(site_page, chromium, site_url):
    """``site_page`` opened once for the tests of a module that take it (``site_page`` is
    parametrized per module, so they run one after the other), closed when they are done."""
    opener = PageOpener(chromium, site_url)
    yield opener.open(site_page)
    opener.close()
