"""A chapter's slide deck: one self-contained HTML file, no library.

Why not reveal.js: a deck here is a dozen-odd slides of text, a chart drawing each and the
self-check questions. reveal.js (5.x, about 1 MB with its themes and plugins) would have to be
vendored, hashed and kept current, and its default theme loads web fonts; what the deck needs
(one slide at a time, keyboard and buttons, a slide number in the address, print one slide a
page) is some 60 lines of script and CSS written here. Without script every slide shows, one
under the other, so the file still reads (and prints) as a handout.

Keys: → ↓ Space PageDown next; ← ↑ PageUp previous; Home/End first/last. The current slide is
in the address (``#3``) and gets the focus, so a screen reader reads it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

from .render import PAGE_CSS, page

STATIC = Path(__file__).with_name("static")
#: Inlined in every deck (one self-contained file): the page style, the deck's, its script.
DECK_CSS = PAGE_CSS + (STATIC / "deck.css").read_text(encoding="utf-8")
DECK_JS = (STATIC / "deck.js").read_text(encoding="utf-8")


@dataclass
class Slide:
    title: str
    body: str  # HTML
    kicker: str = ""  # a small label above the title ("Discuss", "Check")


def slide_html(slides: list[Slide]) -> str:
    out = []
    n = len(slides)
    for i, s in enumerate(slides, 1):
        kicker = f'<p class="kicker">{escape(s.kicker)}</p>' if s.kicker else ""
        head = "h1" if i == 1 else "h2"
        out.append(
            f'<section class="slide" id="slide-{i}" tabindex="-1" aria-roledescription="slide" '
            f'aria-label="{i} of {n}">{kicker}<{head}>{escape(s.title)}</{head}>{s.body}</section>'
        )
    return "\n".join(out)


def deck(title: str, slides: list[Slide]) -> str:
    nav = (
        '<nav class="deck-nav" aria-label="Slides">'
        '<button type="button" id="deck-prev" aria-label="Previous slide">←</button>'
        '<span id="deck-count" aria-live="polite"></span>'
        '<button type="button" id="deck-next" aria-label="Next slide">→</button></nav>'
    )
    body = f"<main>\n{slide_html(slides)}\n</main>\n{nav}\n<script>{DECK_JS}</script>"
    return page(title, body, css=DECK_CSS)


@dataclass
class Deck:
    html: str
    count: int


def _short(text: str, limit: int = 70) -> str:
    """A slide title from a caption: its first clause, at most ``limit`` characters."""
    head = re.split(r"[.:;]\s|, (?=[a-z])", text, maxsplit=1)[0].rstrip(".")
    return head if len(head) <= limit else head[: limit - 3].rsplit(" ", 1)[0] + "\u2026"


def chapter_deck(kit, max_discussion: int = 5) -> Deck:
    """The slides of a :class:`ChapterKit`: title, hook, objectives, figures, discussion,
    self-checks (question, then answer), practice."""
    from .exam import answer_html, question_html
    from .figures import chart_label, file_stem, source_line
    from .render import children_html, node_html

    refs = kit.refs
    out = [Slide(kit.title, f'<p class="muted">Slides for a lesson, from <em>{escape(kit.book)}'
                 "</em>. → or Space: next slide; ←: back.</p>")]  # fmt: skip
    paragraphs, key = content_hook(kit)
    body = ""
    if key is not None:
        body += f'<div class="key-figure">{children_html(key, refs)}</div>'
    body += "".join(node_html(p, refs) for p in paragraphs[:1])
    if body:
        out.append(Slide("Where we start", body, "The case"))
    from .content import objectives

    items = objectives(kit.doctree)
    if items:
        lis = "".join(f"<li>{children_html(i, refs)}</li>" for i in items)
        out.append(Slide("Learning objectives", f"<ol>{lis}</ol>", "By the end of the lesson"))
    for i, chart in enumerate(kit.charts, 1):
        stem = file_stem(i, chart)
        label = f"{chart.number}: " if chart.number else ""  # the page is in the kicker
        alt = chart.description or chart.caption
        body = (
            f'<figure><img src="figures/{stem}.svg" alt="{escape(alt)}">'
            f"<figcaption>{escape(label + chart.caption)}</figcaption></figure>"
            f'<p class="source">{escape(source_line(chart))}</p>'
        )
        out.append(Slide(_short(chart.caption), body, chart_label(chart) or "Figure"))
    for i, item in enumerate(kit.discussion[:max_discussion], 1):
        out.append(
            Slide(f"Discuss ({i})", f"<p>{node_html(item, refs)}</p>", "In pairs, then together")
        )
    for i, q in enumerate(kit.questions, 1):
        out.append(Slide(f"Check {i}", question_html(q), "Vote, then discuss"))
        out.append(Slide(f"Check {i}: the answer", answer_html(q), "Answer"))
    if kit.exercises:
        rows = "".join(
            f"<li>{escape(e.number)}{': ' + escape(e.title) if e.title else ''} "
            f"({', '.join(filter(None, [e.mode, f'{e.minutes} min']))})</li>"
            for e in kit.exercises
        )
        out.append(Slide("Practice", f"<ul>{rows}</ul>", "After class"))
    return Deck(deck(f"Slides: {kit.title}", out), len(out))


def content_hook(kit):
    from .content import hook

    return hook(kit.doctree)
