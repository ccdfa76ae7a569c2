"""Helpers shared by the browser tests: where the site is, which pages it has, d3 formats.

Plain functions with no pytest or Playwright in them (fixtures are in ``conftest.py``).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: The built site; BOOK_SITE points elsewhere (e.g. a build made with --path-output).
SITE = Path(os.environ.get("BOOK_SITE", ROOT / "_build" / "html")).resolve()

# The tests compare pages with the book's own model: import it from this checkout.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: Generated pages that are not the book's content.
SKIPPED_PAGES = {"search.html", "genindex.html"}
#: Folders of the site that hold assets, sources and build reports, not pages.
SKIPPED_DIRS = {"_static", "_vendor", "_sources", "reports"}
#: Pages every build must have, so that a broken build cannot pass by having fewer pages.
REQUIRED_PAGES = {"index.html", "intro.html", "chapters/tariffs.html"}

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

MINUS = "\u2212"  # d3-format's minus sign, should a chart format numbers itself


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
