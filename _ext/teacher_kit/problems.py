"""A problem set on the book's data, one problem per chapter, with a key computed from the data.

Each problem names the data-package resources it uses (``widgets.data.load(name)``), asks for
numbers the chapter does not print, and carries a function that computes the key from the same
files at build time: when a file in ``data/`` is updated, the key follows. Students get the
questions as a page and as a notebook whose cells load the data (the course pack installs what
it needs); the key is a separate page for the teacher.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

import nbformat

from .render import page


@dataclass(frozen=True)
class Problem:
    chapter: str  # the chapter's file name, e.g. "tariffs"
    title: str
    resources: tuple[str, ...]
    question: str  # HTML
    key: Callable[[], list[tuple[str, str]]]  # [(what, value as text)]
    method: str  # the working, in words (HTML)


def _t(text: str) -> str:
    """A paragraph written across lines of the source, as one line."""
    return " ".join(text.split())


def _pct(x: float) -> str:
    return f"{x:+.1%}".replace("+-", "-")


def _trade_key():
    from widgets.data import load

    trade = load("us_china_goods_trade").set_index("year")
    last = int(trade.index.max())
    out = []
    for col, what in (("us_imports_from_china", "US imports from China"),
                      ("us_exports_to_china", "US exports to China")):  # fmt: skip
        a, b = float(trade.loc[2017, col]), float(trade.loc[last, col])
        out.append((f"{what}, 2017 and {last} (USD bn)", f"{a:,.1f} and {b:,.1f}"))
        change = f"{b - a:+,.1f} bn ({_pct(b / a - 1)})"
        out.append((f"{what}: change 2017\u2013{last}", change))
    return out


def _stack_key():
    from widgets.data import load

    stack = load("us_tariff_stack_oct2025")
    totals = stack.groupby("regime", sort=False)["rate_pct"].sum()
    eps = float(
        load("model_parameters").set_index("parameter").loc["import_demand_elasticity", "value"]
    )
    out = [
        (f"Total additional tariff, {regime}", f"{total:g}%") for regime, total in totals.items()
    ]
    base, threat = float(totals.iloc[0]), float(totals.loc["threat"])
    rise = (1 + threat / 100) / (1 + base / 100) - 1
    out += [("Price of a good worth 100 at the border: in force on 10 Oct 2025 / under the threat",
             f"{100 + base:g} / {100 + threat:g}"),
            ("Rise in the duty-inclusive price under the threat", _pct(rise)),
            (f"Fall in imports, elasticity {eps:g} (constant elasticity)",
             _pct((1 + rise) ** -eps - 1))]  # fmt: skip
    return out


def _optimal_key():
    from widgets.data import load

    row = (
        load("model_parameters")
        .set_index("parameter")
        .loc["inverse_foreign_export_supply_elasticity"]
    )
    history = load("tariff_history")
    us = history[(history["side"] == "US on China") & (history["measure"] == "PIIE average")]
    peak = us.loc[us["rate_pct"].idxmax()]
    return [("Optimal tariff t* = 1/\u03b5* (estimate, low, high)",
             f"{row['value']:.0%}, {row['low']:.0%}, {row['high']:.0%}"),
            ("Highest US average tariff on China in the table (PIIE)",
             f"{peak['rate_pct']:g}% on {peak['date']:%d %B %Y}".lstrip("0"))]  # fmt: skip


def _diversion_key():
    from widgets.data import load

    partners = load("us_imports_by_partner").pivot_table(
        index="partner", columns="year", values="us_imports"
    )
    trade = load("us_china_goods_trade").set_index("year")
    out = []
    for partner in ("Germany", "Japan", "South Korea", "Taiwan"):
        a, b = float(partners.loc[partner, 2021]), float(partners.loc[partner, 2025])
        out.append((f"{partner}, 2021\u20132025", _pct(b / a - 1)))
    china = (
        float(trade.loc[2025, "us_imports_from_china"])
        / float(trade.loc[2021, "us_imports_from_china"])
        - 1
    )
    out.append(("China, 2021\u20132025", _pct(china)))
    return out


def _port_key():
    from widgets.data import load

    fees = load("port_fee_schedules")
    ship = load("ship_particulars").set_index("ship").loc["Ever Given"]
    annex = fees[fees["fee"] == "us_annex_i"]
    out = []
    for _, row in annex.iterrows():
        per_call = float(row["rate_per_net_ton"]) * float(ship["net_tonnage"])
        per_teu = per_call / float(ship["capacity_teu"])
        calls = int(row["cap_calls_per_year"])
        out.append((
            f"Fee per call, schedule {row['schedule_year']}",
            f"USD {per_call / 1e6:,.2f} million (USD {per_teu:,.0f} per TEU); at most {calls} "
            f"calls a year: USD {per_call * calls / 1e6:,.1f} million",
        ))  # fmt: skip
    return out


def _rare_earth_key():
    from widgets.data import load

    prod = load("rare_earth_production")
    world = prod[prod["row_type"] == "world"].iloc[0]
    countries = prod[prod["row_type"] == "country"]
    out = []
    for year in (2023, 2024):
        col = f"mine_production_{year}"
        shares = countries[col] / float(world[col])
        china = float(shares[countries["country"] == "China"].iloc[0])
        hhi = float(((shares * 100) ** 2).sum())
        out += [(f"China's share of world mine production, {year}", f"{china:.1%}"),
                (f"HHI of the listed countries, {year}", f"{hhi:,.0f}")]  # fmt: skip
    return out


def _matching_key():
    from widgets.data import load

    history = load("tariff_history")
    piie = history[history["measure"] == "PIIE average"].pivot_table(
        index="date", columns="side", values="rate_pct"
    )
    both = piie.dropna()
    return [(f"{date:%d %B %Y}".lstrip("0"),
             f"US {row['US on China']:g}%, China {row['China on US']:g}%: "
             f"China minus US {row['China on US'] - row['US on China']:+.1f} points")
            for date, row in both.iterrows()]  # fmt: skip


def _forum_key():
    from widgets.charts.forums import forum_tables
    from widgets.data import load
    from widgets.models.forums import forum_share

    indicators = load("economy_indicators")
    economies, _ = forum_tables(load("forum_membership"), indicators)
    world = float(indicators.set_index("code").loc["WLD", "gdp_usd_bn"])
    both = (economies["G20"] & economies["APEC"]).to_numpy(dtype=bool)
    share = forum_share(both, gdp=economies["gdp"].to_numpy(), world_gdp=world)
    names = ", ".join(economies.loc[both, "economy"])
    return [
        ("Economies in both the G20 and APEC", f"{share.members}: {names}"),
        ("Their share of world GDP", f"{share.share:.1%}"),
    ]


PROBLEMS = (
    Problem(
        chapter="escalation",
        title="Trade before and after the trade war",
        resources=("us_china_goods_trade",),
        question=_t("""
        Using <code>us_china_goods_trade</code>, compute US imports from China and US exports to
        China in 2017 (the last year before the Section 301 tariffs) and in the latest full year
        in the table, and the change in billions of dollars and in percent. Which fell more, in
        percent? Give two reasons from the chapters why they need not fall equally.
        """),
        key=_trade_key,
        method=_t("""
        Read the two rows; percent change = later / earlier − 1.
        """),
    ),
    Problem(
        chapter="tariffs",
        title="Adding up a tariff stack",
        resources=("us_tariff_stack_oct2025", "model_parameters"),
        question=_t("""
        Using <code>us_tariff_stack_oct2025</code>, add up the layers of each tariff regime. For
        a good worth 100 at the border, with full pass-through, compute the duty-inclusive price
        in force on 10 October 2025 and under the threat, the percentage rise between them, and
        the fall in imports with the import demand elasticity in <code>model_parameters</code>
        (constant elasticity: imports change by the factor (1 + rise) to the power −ε).
        """),
        key=_stack_key,
        method=_t("""
        Ad valorem layers on the same customs value add up; the rise is (1 +
        T<sub>threat</sub>)/(1 + T<sub>Oct</sub>) − 1.
        """),
    ),
    Problem(
        chapter="tariff_wars",
        title="What optimal tariff does the evidence support?",
        resources=("model_parameters", "tariff_history"),
        question=_t("""
        The optimal tariff of a large importer is t* = 1/ε*, the inverse of the foreign export
        supply elasticity. Take the estimate of 1/ε* in <code>model_parameters</code> (with its
        low and high values) and compute t*. Compare it with the highest US average tariff on
        China in <code>tariff_history</code> (measure “PIIE average”). What does the comparison
        say about the terms-of-trade motive for the 2025 tariffs?
        """),
        key=_optimal_key,
        method=_t("""
        t* = 1/ε* is the inverse elasticity itself; the peak is the largest PIIE average on the
        US side.
        """),
    ),
    Problem(
        chapter="trade_diversion",
        title="Where did US imports go?",
        resources=("us_imports_by_partner", "us_china_goods_trade"),
        question=_t("""
        For Germany, Japan, South Korea and Taiwan (<code>us_imports_by_partner</code>), compute
        the percentage change in US imports from 2021 to 2025, and the same for China
        (<code>us_china_goods_trade</code>). Which partners' gains look like trade diversion,
        and what else (prices, a boom in one product) could explain them?
        """),
        key=_diversion_key,
        method=_t("""
        Percent change = 2025 / 2021 − 1 for each partner.
        """),
    ),
    Problem(
        chapter="port_fees",
        title="A port fee per call and per container",
        resources=("port_fee_schedules", "ship_particulars"),
        question=_t("""
        The US fee on ships owned or operated by Chinese entities (<code>us_annex_i</code> in
        <code>port_fee_schedules</code>) is charged per net ton. For the net tonnage of the Ever
        Given (<code>ship_particulars</code>), compute the fee per call in each schedule year,
        the fee per TEU of capacity, and the most the ship could pay in a year given the cap on
        calls.
        """),
        key=_port_key,
        method=_t("""
        Fee per call = rate per net ton × net tonnage; per TEU: divided by capacity; a year:
        times the cap on calls.
        """),
    ),
    Problem(
        chapter="export_controls",
        title="How concentrated is rare-earth mining?",
        resources=("rare_earth_production",),
        question=_t("""
        Using <code>rare_earth_production</code>, compute China's share of world mine production
        in 2023 and 2024, and the Herfindahl–Hirschman index (the sum of the listed countries'
        squared shares, in percent) for each year. What does a supply cut by the largest
        producer do to importers when the index is this high?
        """),
        key=_rare_earth_key,
        method=_t("""
        Shares of the world-total row; HHI = Σ (100 × share)² over the country rows (“Other
        countries” left out).
        """),
    ),
    Problem(
        chapter="tit_for_tat",
        title="Did China match the United States?",
        resources=("tariff_history",),
        question=_t("""
        In <code>tariff_history</code>, take the dates on which PIIE's average tariffs are
        recorded for both sides. At each, compute China's average tariff on US goods minus the
        US average on Chinese goods. Does the pattern look like tit for tat, and what would you
        need to know to be sure?
        """),
        key=_matching_key,
        method=_t("""
        Differences of the two PIIE averages at the dates both are recorded.
        """),
    ),
    Problem(
        chapter="forums",
        title="Who sits at both tables?",
        resources=("forum_membership", "economy_indicators"),
        question=_t("""
        Using <code>forum_membership</code> and <code>economy_indicators</code> (and
        <code>forum_share</code> from <code>widgets.models.forums</code>), find the economies
        that belong to both the G20 and APEC and their share of world GDP. Why might a trade
        conflict between two of them be discussed in APEC rather than at the WTO?
        """),
        key=_forum_key,
        method=_t("""
        Members of both forums; their GDP summed over world GDP (the WLD row).
        """),
    ),
)


def _key_rows(problem: Problem) -> str:
    rows = "".join(f'<tr><th scope="row">{escape(w)}</th><td>{escape(v)}</td></tr>'
                   for w, v in problem.key())  # fmt: skip
    return f'<div class="table-wrap"><table>{rows}</table></div>'


def problem_notebook(book: str) -> bytes:
    """The problems as a notebook for students: each problem's text, then a cell loading its
    data (the same bytes for the same problems: fixed cell ids)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    intro = _t(f"""
        From *{book}*. Run the cells in order; each loads the tables its problem needs. Write your
        working in new cells below each problem.""")
    nb.cells.append(nbformat.v4.new_markdown_cell(f"# Problem set on the data\n\n{intro}"))
    nb.cells.append(nbformat.v4.new_code_cell("from widgets.data import load"))
    for i, p in enumerate(PROBLEMS, 1):
        text = p.question.replace("<code>", "`").replace("</code>", "`")
        nb.cells.append(nbformat.v4.new_markdown_cell(f"## {i}. {p.title}\n\n{text}"))
        loads = "\n".join(f'{r} = load("{r}")' for r in p.resources)
        nb.cells.append(nbformat.v4.new_code_cell(f"{loads}\n{p.resources[0]}.head()"))
    for n, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{n}"
    return nbformat.writes(nb).encode()


def problem_set(book: str, titles: dict[str, str]) -> tuple[str, str, bytes]:
    """``(questions HTML, key HTML, starter notebook bytes)``."""
    intro = (f'<p class="muted">From <em>{escape(book)}</em>. Each problem uses the book\'s data: '
             "load a table with <code>from widgets.data import load</code>, then "
             "<code>load(\"name\")</code> (in a live notebook or the course pack, whose "
             "<code>notebooks/problem-set.ipynb</code> has these problems), or open "
             "<code>data/name.csv</code> in a spreadsheet.</p>")  # fmt: skip
    questions, keys = [intro], []
    for i, p in enumerate(PROBLEMS, 1):
        chapter = titles.get(p.chapter, p.chapter)
        head = f'<h2>{i}. {escape(p.title)}</h2><p class="muted">Chapter: {escape(chapter)}</p>'
        questions.append(f'<div class="question">{head}<p>{p.question}</p></div>')
        keys.append(f'<div class="answer">{head}{_key_rows(p)}<p>Working: {p.method}</p></div>')
    return (
        page("Problem set on the data", "<h1>Problem set on the data</h1>" + "\n".join(questions)),
        page(
            "Problem set on the data: key",
            "<h1>Problem set on the data: key</h1>"
            '<p class="muted">Computed from the book\'s data when the book was built.</p>'
            + "\n".join(keys),
        ),
        problem_notebook(book),
    )
