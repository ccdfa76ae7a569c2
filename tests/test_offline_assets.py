"""Page weight work done at build time by ``_ext/offline_assets.py`` (issue 13).

* maths as MathML (no MathJax in the browser), with the TeX kept as its annotation;
* Altair charts compiled from Vega-Lite to Vega, so pages need no ``vega-lite.min.js``;
* their long inline data sets written by column (field names once, not once per row).
The browser side (charts drawn, maths shown, bytes per page) is in ``tests/browser/``.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
import vl_convert as vlc

from _ext import offline_assets

ROOT = Path(__file__).resolve().parents[1]


def test_maths_becomes_mathml_with_its_tex_as_annotation():
    html = offline_assets._tex_to_mathml(r"p^d = (1+\tau)\,p^w < \frac{1}{2}", "block")
    assert html.startswith('<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">')
    assert html.endswith("</semantics></math>")
    assert "<msup><mi>p</mi><mi>d</mi></msup>" in html
    assert "<mi>&#x003C4;</mi>" in html  # tau
    assert "<mfrac>" in html
    # The TeX, escaped, is what a reader copies; "<" must not open a tag.
    assert (
        '<annotation encoding="application/x-tex">p^d = (1+\\tau)\\,p^w &lt; \\frac{1}{2}'
        "</annotation>"
    ) in html


def test_inline_maths_is_inline():
    html = offline_assets._tex_to_mathml(r"\varepsilon", "inline")
    assert 'display="inline"' in html and "<mi>&#x003B5;</mi>" in html


def _altair_html(chart: alt.Chart) -> str:
    """The chart's text/html output, as a notebook cell shows it on the built page."""
    with alt.renderers.enable("html"):
        bundle = chart._repr_mimebundle_()
    bundle = bundle[0] if isinstance(bundle, tuple) else bundle
    return bundle["text/html"]


def test_altair_output_is_compiled_to_vega_in_the_page():
    data = pd.DataFrame({"x": [1, 2, 3], "y": [4, 5, 6]})
    rate = alt.param(name="rate", value=1, bind=alt.binding_range(min=0, max=2, step=0.5))
    chart = (
        alt.Chart(data)
        .mark_line()
        .encode(x="x:Q", y="y:Q")
        .add_params(rate)
        .properties(description="A line")
    )
    html = "<p>before</p>\n" + _altair_html(chart) + "\n<p>after</p>"
    context = {"body": html, "script_files": []}

    left, needs = offline_assets._compile_vegalite(None, "page", context, alt.VEGALITE_VERSION)

    body = context["body"]
    assert left is False, "a plain Altair chart must not need Vega-Lite in the browser"
    assert needs <= offline_assets._book_transforms(ROOT / "_vendor")
    assert body.startswith("<p>before</p>") and body.endswith("<p>after</p>")
    call = body.rindex("})(")
    spec, end = json.JSONDecoder().raw_decode(body, call + 3)
    options = json.loads(body[end:].split(")", 1)[0].lstrip(", "))
    assert options["mode"] == "vega"
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega/v")
    assert spec["description"] == "A line"
    assert any(s["name"] == "rate" and s["bind"]["input"] == "range" for s in spec["signals"])
    values = next(d for d in spec["data"] if d.get("values"))["values"]
    assert [row["y"] for row in values] == [4, 5, 6]


def test_a_page_without_altair_is_left_alone():
    context = {"body": "<p>text</p>", "script_files": []}
    assert offline_assets._compile_vegalite(None, "p", context, "6.4.1") == (False, set())
    assert context["body"] == "<p>text</p>"


def test_an_unreadable_chart_keeps_vega_lite():
    body = '<div id="altair-viz-ab12"></div>\n<script type="text/javascript">})(not json);</script>'
    context = {"body": body, "script_files": []}
    assert offline_assets._compile_vegalite(None, "p", context, "6.4.1")[0] is True
    assert context["body"] == body


def test_script_end_tags_inside_data_are_escaped():
    data = pd.DataFrame({"label": ["</script><b>x</b>"], "y": [1]})
    chart = alt.Chart(data).mark_bar().encode(x="label:N", y="y:Q")
    context = {"body": _altair_html(chart), "script_files": []}
    offline_assets._compile_vegalite(None, "p", context, alt.VEGALITE_VERSION)
    script = context["body"].split('<script type="text/javascript">', 1)[1]
    assert len(re.findall(r"</script>", script)) == 1
    assert r"<\/script><b>x<\/b>" in script


def _compiled(chart: alt.Chart) -> dict:
    version = offline_assets._vl_minor(alt.VEGALITE_VERSION)
    return vlc.vegalite_to_vega(chart.to_dict(), vl_version=version)


def test_long_data_sets_are_written_by_column_and_draw_the_same():
    data = pd.DataFrame({"tariff_pct": range(0, 60, 2), "country": ["China", "Mexico"] * 15})
    data["imports"] = (100 / (1 + data["tariff_pct"] / 100) ** 2.5).round(4)  # no rounding here
    rate = alt.param(name="rate", value=20)
    chart = (
        alt.Chart(data)
        .mark_text()
        .encode(x="tariff_pct:Q", y="imports:Q", text="country:N", color="country:N")
        .transform_filter(alt.datum.tariff_pct >= rate)
        .add_params(rate)
    )
    plain = _compiled(chart)
    packed = offline_assets.pack_columns(_compiled(chart))
    source = next(d for d in packed["data"] if d.get("values"))
    assert len(source["values"]) == 1
    assert source["values"][0]["tariff_pct"] == list(range(0, 60, 2))
    assert source["transform"][0] == {
        "type": "flatten",
        "fields": ["tariff_pct", "country", "imports"],
    }
    assert len(json.dumps(packed)) < len(json.dumps(plain))
    # The same rows reach the marks: the drawing is the same, text by text.
    assert vlc.vega_to_svg(packed) == vlc.vega_to_svg(plain)
    marks = re.findall(r'aria-label="[^"]*country: Mexico"', vlc.vega_to_svg(packed))
    assert len(marks) == 10  # Mexico's rows at 22 %..58 %: the filter still sees every row


def test_chart_floats_are_rounded_to_ten_significant_digits_and_six_decimals():
    r = offline_assets.round_value
    assert r(59.580000000000005) == 59.58 and r(0.05999999999999517) == 0.06
    assert r(99.81116806042623) == 99.81116806
    assert r(-0.20999999999998664) == -0.21
    assert r(1.2345678901234e-12) == 1.23456789e-12  # small numbers keep their digits
    assert r(1234567.123456789) == 1234567.123457  # large ones keep six decimals
    assert r(100.0) == 100 and type(r(100.0)) is int and type(r(0.0)) is int
    assert math.copysign(1, r(-0.0)) < 0  # -0 stays -0
    assert math.isnan(r(math.nan)) and r(math.inf) == math.inf
    for same in (True, 3, "59.580000000000005", None):
        assert r(same) is same


def test_repeated_values_are_written_once_and_read_back_by_a_formula():
    rows = [{"country": c, "flag": f, "n": i, "x": 2.0, "path": [0, i % 2, 0.5]}
            for i, (c, f) in enumerate([("small", True), ("large", 1)] * 20)]  # fmt: skip
    spec = {"data": [{"name": "t", "values": rows}]}
    packed = offline_assets.pack_columns(json.loads(json.dumps(spec)))["data"][0]
    columns = packed["values"][0]
    assert columns["country"] == [0, 1] * 20 and "x" not in columns  # a constant
    assert columns["flag"] == [0, 1] * 20  # True and 1 stay apart
    assert columns["n"] == list(range(40))  # all distinct: as it was
    assert columns["path"] == [0, 1] * 20
    assert packed["transform"][0] == {"type": "flatten", "fields": ["country", "flag", "n", "path"]}
    assert packed["transform"][1:] == [
        {"type": "formula", "expr": '["small","large"][datum.country]', "as": "country"},
        {"type": "formula", "expr": "[true,1][datum.flag]", "as": "flag"},
        {"type": "formula", "expr": "2", "as": "x"},
        {"type": "formula", "expr": "[[0,0,0.5],[0,1,0.5]][datum.path]", "as": "path"},
    ]
    # Vega gets the same rows back (x: 2.0 is 2 in JavaScript).
    view = {"$schema": "https://vega.github.io/schema/vega/v6.json", "data": [packed],
            "marks": [{"type": "text", "from": {"data": "t"}, "encode": {"enter": {
                "text": {"signal": "datum.country + ':' + datum.flag + ':' + datum.n"
                         " + ':' + datum.x + ':' + join(datum.path, '/')"},
                "y": {"signal": "datum.n * 12"}}}}]}  # fmt: skip
    texts = re.findall(r">([^<>]+)</text>", vlc.vega_to_svg(view))
    assert texts == [
        f"{r['country']}:{str(r['flag']).lower()}:{r['n']}:2:0/{r['n'] % 2}/0.5" for r in rows
    ]


def test_no_text_of_any_chart_changes_when_its_data_is_packed(monkeypatch):
    """Every chart of the book drawn by vl-convert (its first state) from the data as Altair
    wrote it and as the page gets it (rounded, by column, dictionaries): the same texts, key
    numbers, axis labels, legends and titles alike, in the same places to a hundredth of a
    pixel."""
    from explorer_support import FACTORIES, compile_site_specs

    monkeypatch.setattr(offline_assets, "pack_columns", lambda vega: vega)
    monkeypatch.setattr(offline_assets, "prune_fields", lambda vega: vega)
    plain_specs = [spec for cls in FACTORIES for spec in compile_site_specs(cls)]
    monkeypatch.undo()
    assert len(plain_specs) >= 10
    text = re.compile(r'<text\b[^>]*?transform="translate\(([-\d.e]+),([-\d.e]+)\)[^>]*>([^<]*)<')
    for plain in plain_specs:
        pruned = offline_assets.prune_fields(json.loads(json.dumps(plain)))
        packed = offline_assets.pack_columns(pruned)
        assert len(json.dumps(packed)) <= len(json.dumps(plain))
        drawn = [re.findall(text, vlc.vega_to_svg(spec)) for spec in (plain, packed)]
        assert len(drawn[0]) > 5
        assert [(round(float(x), 2), round(float(y), 2), t) for x, y, t in drawn[1]] == [
            (round(float(x), 2), round(float(y), 2), t) for x, y, t in drawn[0]
        ], (plain.get("description") or "")[:80]


def test_fields_no_chart_reads_are_left_out_of_the_page():
    rows = [{"x": i, "y": 2 * i, "unused": 3 * i, "also_unused": "a"} for i in range(12)]
    spec = {"data": [{"name": "t", "values": rows,
                      "transform": [{"type": "formula", "expr": "datum.y + 1", "as": "z"}]}],
            "marks": [{"type": "symbol", "from": {"data": "t"}, "description": "unused x",
                       "encode": {"update": {
                           "x": {"field": "x"}, "y": {"field": "z"},
                           "width": {"field": {"group": "width"}}}}}]}  # fmt: skip
    pruned = offline_assets.prune_fields(json.loads(json.dumps(spec)))
    assert pruned["data"][0]["values"] == [{"x": i, "y": 2 * i} for i in range(12)]
    # A spec that may read any field (a tooltip of the whole row) keeps them all.
    spec["marks"][0]["encode"]["update"]["tooltip"] = {"signal": "datum"}
    assert offline_assets.prune_fields(json.loads(json.dumps(spec))) == spec
    spec["marks"][0]["encode"]["update"]["tooltip"] = {"signal": "datum['y']"}
    assert "unused" not in offline_assets.prune_fields(spec)["data"][0]["values"][0]


def test_the_book_scripts_lose_comments_and_indentation_only():
    source = "/* A.\n * B.\n */\n(function () {\n  // why\n  let a = 1; // kept\n\n})();\n"
    assert offline_assets.strip_js(source) == "(function () {\nlet a = 1; // kept\n})();\n"
    # A multi-line template literal or code after a block comment: left whole.
    for whole in ("let a = `x\n  // y`;\n", "/* a */ let b = 1;\n"):
        assert offline_assets.strip_js(whole) == whole
    for name in offline_assets.STRIPPED_SCRIPTS:
        path = ROOT / "_static" / name
        if name == "offline_assets/vega-embed.js":
            path = ROOT / "_ext" / "vega_embed.js"
        text = path.read_text(encoding="utf-8")
        stripped = offline_assets.strip_js(text)
        assert len(stripped) < 0.85 * len(text), name
        code = [line.strip() for line in text.splitlines()]
        kept = [c for c in code if c and not c.startswith(("//", "/*", "*"))]
        assert stripped.splitlines() == kept, name


def test_short_or_irregular_data_sets_stay_as_rows():
    rows = [{"a": i, "b": i} for i in range(offline_assets.PACK_MIN_ROWS - 1)]
    dotted = [{"a.b": i} for i in range(20)]  # Vega would read "a.b" as a path
    ragged = [{"a": i} if i % 2 else {"a": i, "b": 1} for i in range(20)]
    spec = {"data": [{"name": n, "values": v} for n, v in
                     [("short", rows), ("dotted", dotted), ("ragged", ragged)]]}  # fmt: skip
    assert offline_assets.pack_columns(json.loads(json.dumps(spec))) == spec


# --- the book's Vega bundle ------------------------------------------------------------------


def _site_specs() -> list[dict]:
    """Every chart the book's chapters show, compiled to Vega as the build does."""
    from explorer_support import FACTORIES, site_specs

    return [spec for cls in FACTORIES for spec in site_specs(cls)]


def test_the_vega_bundle_registers_every_transform_the_charts_use():
    """The bundle holds only some of Vega's transforms (scripts/vega_bundle/entry.js): every
    explorer's compiled chart must find each of its transforms there."""
    book = offline_assets._book_transforms(ROOT / "_vendor")
    specs = _site_specs()
    assert len(specs) >= 10, f"only {len(specs)} explorer charts found"
    used = set().union(*(offline_assets.spec_transforms(spec) for spec in specs))
    assert {"formula", "filter", "flatten"} <= used
    assert used <= book, f"not in the Vega bundle: {sorted(used - book)}"
    # What was left out is really out: a chart needing it fails the build.
    assert not {"geoshape", "force", "voronoi", "wordcloud", "label", "tree"} & book


def test_spec_transforms_finds_nested_transforms_and_projections():
    spec = {
        "data": [{"name": "a", "values": [{"transform": [{"type": "NotMe"}]}],
                  "transform": [{"type": "filter"}, {"type": "fold"}]}],
        "marks": [{"type": "group", "marks": [{"type": "text", "transform": [{"type": "label"}]}]}],
        "projections": [{"name": "p"}],
    }  # fmt: skip
    assert offline_assets.spec_transforms(spec) == {"filter", "fold", "label", "projection"}


def test_the_vega_bundle_is_vendored_with_its_licence_and_hash():
    import hashlib

    folder = ROOT / "_vendor" / "vega-book"
    lib = json.loads((ROOT / "_vendor" / "versions.json").read_text())["libraries"]["vega-book"]
    assert lib["built_from"] == "scripts/vega_bundle"
    for name in ("vega-book.min.js", "LICENSE", "transforms.json", "package.json"):
        data = (folder / name).read_bytes()
        assert lib["files"][name]["sha256"] == hashlib.sha256(data).hexdigest(), name
    listed = json.loads((folder / "transforms.json").read_text())
    licence = (folder / "LICENSE").read_text()
    for package, info in listed["bundled"].items():
        assert f"{package} {info['version']}" in licence, f"{package}: no licence text"
    assert listed["vega"] == lib["version"]
    # Smaller than what it replaces: vega.min.js + vega-embed.min.js.
    full = sum((ROOT / "_vendor" / f).stat().st_size for f in offline_assets.VEGA_FILES
               if not f.startswith("vega-lite/"))  # fmt: skip
    assert (folder / "vega-book.min.js").stat().st_size < full - 150_000


def test_a_patch_in_the_embed_options_is_applied_at_build_time():
    spec = {"marks": [{"type": "group", "marks": [{"type": "rect"}, {"type": "text"}]}],
            "usermeta": {"embedOptions": {"renderer": "svg", "patch": [
                {"op": "add", "path": "/marks/0/marks/1/aria", "value": False}]}}}  # fmt: skip
    chart_html = (
        '<div id="altair-viz-ab12"></div>\n<script type="text/javascript">(function(spec, '
        "embedOpt){})(" + json.dumps(spec) + ', {"mode": "vega"});</script>'
    )
    # Already Vega: left as it is (the browser's loader reads it); the patch function itself:
    patched = offline_assets.apply_patch(
        json.loads(json.dumps(spec)), spec["usermeta"]["embedOptions"]["patch"]
    )
    assert patched["marks"][0]["marks"][1]["aria"] is False
    assert (
        offline_assets._compile_vegalite(
            None, "p", {"body": chart_html, "script_files": []}, "6.4.1"
        )[0]
        is False
    )
    with pytest.raises(ValueError, match="not found"):
        offline_assets.apply_patch(
            {"marks": []}, [{"op": "add", "path": "/marks/3/aria", "value": 1}]
        )
    with pytest.raises(ValueError, match="unsupported"):
        offline_assets.apply_patch({}, [{"op": "move", "from": "/a", "path": "/b"}])


def test_marks_styled_for_a_key_are_keyed_in_the_compiled_chart():
    """A mark styled ``kit.key_style(field)`` gets the Vega ``key`` field when the build
    compiles the chart (nothing is compiled when the chart is built); other marks get none,
    and a chart without ``usermeta.book.keyStyle`` is left unkeyed."""
    from widgets.charts.kit import EMBED, KEY_STYLE, key_style

    data = pd.DataFrame({"who": ["a", "b"], "v": [1, 2]})
    bars = alt.Chart(data).mark_bar(style=key_style("who")).encode(x="v:Q", y="who:N")
    labels = alt.Chart(data).mark_text(style=key_style("v")).encode(x="v:Q", y="who:N",
                                                                    text="v:Q")  # fmt: skip
    plain = alt.Chart(data).mark_point().encode(x="v:Q", y="who:N")
    chart = alt.hconcat(alt.layer(bars, plain), labels, usermeta=EMBED)
    assert chart.to_dict()["usermeta"]["book"]["keyStyle"] == KEY_STYLE
    assert "patch" not in chart.to_dict()["usermeta"]["embedOptions"]

    def keys(spec: dict) -> list:
        found, pending = [], list(spec["marks"])
        while pending:
            mark = pending.pop(0)
            found.append((mark["type"], mark.get("key")))
            pending += mark.get("marks", [])
        return found

    context = {"body": _altair_html(chart), "script_files": []}
    offline_assets._compile_vegalite(None, "p", context, alt.VEGALITE_VERSION)
    body = context["body"]
    spec, _ = json.JSONDecoder().raw_decode(body, body.rindex("})(") + 3)
    marks = [m for m in keys(spec) if m[0] != "group"]
    assert sorted(marks, key=str) == [("rect", "who"), ("symbol", None), ("text", "v")]
    unkeyed = _compiled(alt.hconcat(alt.layer(bars, plain), labels))
    unkeyed["usermeta"] = {}
    assert {key for _, key in keys(offline_assets.key_marks(unkeyed))} == {None}


def test_the_timeline_patch_reaches_the_compiled_chart():
    """The escalation timeline hides its brush marks from screen readers by a patch: compiled
    at build time, the marks carry aria false and no patch is left for the browser."""
    from widgets.charts.timeline import brush_mark_paths, timeline_chart
    from widgets.data import load

    context = {"body": _altair_html(timeline_chart(load("events"), width=600)), "script_files": []}
    offline_assets._compile_vegalite(None, "p", context, alt.VEGALITE_VERSION)
    body = context["body"]
    spec, _ = json.JSONDecoder().raw_decode(body, body.rindex("})(") + 3)
    assert "patch" not in spec["usermeta"]["embedOptions"]
    paths = brush_mark_paths(spec)
    assert len(paths) >= 2
    for path in paths:
        node = spec
        for key in path.split("/")[1:]:
            node = node[int(key)] if isinstance(node, list) else node[key]
        assert node["aria"] is False, path


# --- the theme's stylesheets cut to what the site uses ---------------------------------------


@pytest.mark.parametrize(
    ("selector", "kept"),
    [
        (".used", True),
        (".unused", False),
        ("div.used > .other-used:hover", True),
        ("div.used .unused", False),
        ("html[data-theme=dark] .used", True),  # attributes never drop a rule
        ('a[href$=".pdf"]', True),
        (".used:not(.unused)", True),  # :not() needs nothing
        (":is(.unused, .used) p", True),
        ("#main-content .used", True),
        ("#nowhere", False),
        (".bs-tooltip-top .tooltip-arrow", False),  # kept only by a prefix (next test)
        (r".w-\[50\%\]", False),
        ("p::before", True),
    ],
)
def test_a_selector_is_kept_when_everything_it_requires_is_named(selector, kept):
    words = {"used", "other-used", "main-content", "p", "div", "a", "tooltip-arrow"}
    assert offline_assets.selector_can_match(selector, words) is kept


def test_prefixes_keep_classes_scripts_build():
    assert offline_assets.selector_can_match(".bs-tooltip-top .x", {"x"}, ("bs-",))


def test_purge_css_keeps_media_font_face_keyframes_and_variables():
    css = """@charset "UTF-8";
    :root{--pst-color:#fff}
    .used,.unused{color:red}
    .unused{color:blue} /* a comment */
    @media (max-width: 600px){.unused{margin:0}.used{margin:1px}}
    @media print{.unused{display:none}}
    @font-face{font-family:x;src:url(x.woff2)}
    @keyframes spin{from{transform:rotate(0)}to{transform:rotate(1turn)}}
    """
    out = offline_assets.purge_css(css, {"used"})
    assert ":root{--pst-color:#fff}" in out
    assert ".used{color:red}" in out and "blue" not in out and "comment" not in out
    assert "@media (max-width: 600px){.used{margin:1px}}" in out
    assert "@media print" not in out
    assert "@font-face" in out and "@keyframes spin" in out
    assert out.startswith('@charset "UTF-8";')


def test_site_words_read_pages_and_the_scripts_they_load(tmp_path):
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "app.js").write_text('el.classList.add("is-open")')
    (tmp_path / "_static" / "unused.js").write_text('el.classList.add("never")')
    (tmp_path / "page.html").write_text(
        '<div class="bd-main">x</div><script src="_static/app.js?v=1"></script>'
    )
    words = offline_assets.site_words(tmp_path, "_vendor")
    assert {"bd-main", "is-open"} <= words and "never" not in words


def test_links_to_cut_stylesheets_get_the_hash_of_what_was_written():
    html = (
        '<link href="../_static/styles/pydata-sphinx-theme.css?digest=55c2" rel="stylesheet" />'
        '<link rel="stylesheet" href="../_static/basic.css?v=1a2b" />'
        '<link rel="stylesheet" href="_static/basic.css" />'
        '<link rel="stylesheet" href="../_static/book.css?v=e2b0" />'
    )
    out = offline_assets.restamp_stylesheets(
        html,
        {"_static/styles/pydata-sphinx-theme.css": "aaaa1111", "_static/basic.css": "bbbb2222"},
    )
    assert 'pydata-sphinx-theme.css?v=aaaa1111" rel=' in out
    assert out.count("basic.css?v=bbbb2222") == 2
    assert "book.css?v=e2b0" in out and "55c2" not in out


def static_files(site: Path, files: dict[str, str]) -> Path:
    """Writes ``files`` (path under ``_static`` -> text) into the site folder ``site``."""
    for name, text in files.items():
        (site / "_static" / name).parent.mkdir(parents=True, exist_ok=True)
        (site / "_static" / name).write_text(text)
    return site / "_static"


def test_a_stylesheet_that_only_imports_another_is_replaced_by_it(tmp_path):
    static = static_files(tmp_path, {
        "basic.css": "div.body { margin: 0 }\n",
        "styles/theme.css": "/* Provided by Sphinx's 'basic' theme */\n@import \"../basic.css\";\n",
        "book.css": '@import "basic.css";\np { color: red }\n',
    })  # fmt: skip
    imports = offline_assets.imported_stylesheets(static, tmp_path)
    digest = hashlib.sha256(b"div.body { margin: 0 }\n").hexdigest()[:8]
    assert imports == {"_static/styles/theme.css": ("_static/basic.css", digest)}
    html = (
        '<link href="../_static/styles/theme.css?digest=55c2" rel="stylesheet" />'
        '<link href="_static/styles/theme.css" rel="stylesheet" />'
        '<link rel="stylesheet" href="../_static/book.css?v=e2b0" />'
    )
    assert offline_assets.link_imported_stylesheets(html, imports) == (
        f'<link href="../_static/basic.css?v={digest}" rel="stylesheet" />'
        f'<link href="_static/basic.css?v={digest}" rel="stylesheet" />'
        '<link rel="stylesheet" href="../_static/book.css?v=e2b0" />'
    )


def test_a_run_of_stylesheet_links_becomes_one_bundle_in_the_same_order(tmp_path):
    static_files(tmp_path, {
        "basic.css": "div.body { margin: 0 }\n",
        "styles/theme.css": '@charset "UTF-8";\n'
        'i { background: url("../vendor/fa.woff2?v=1") } b { mask: url(data:x) }',
        "book.css": "p { color: red }\n",
        "imports.css": '@import "basic.css";\n',
        "print.css": "p { color: black }\n",
    })  # fmt: skip
    html = (
        "<head>\n"
        '<link href="../_static/basic.css?v=1a2b" rel="stylesheet" />\n'
        '  <link rel="stylesheet" type="text/css" href="../_static/styles/theme.css?digest=5" />'
        '<link rel="stylesheet" href="../_static/book.css?v=e2b0" />\n'
        '<link rel="stylesheet" href="../_static/imports.css" />\n'  # @import: stays, ends the run
        '<link rel="stylesheet" href="../_static/basic.css" />'
        '<link rel="stylesheet" href="../_static/print.css" media="print" />'  # not for screens
        '<link rel="stylesheet" href="https://example.org/x.css" />'
        '<link rel="icon" href="../_static/favicon.svg" />\n'
        '<link rel="stylesheet" href="../_static/basic.css" /><script></script>'
        '<link rel="stylesheet" href="../_static/book.css" />\n</head>'
    )
    bundles: dict = {}
    out = offline_assets.bundle_stylesheets(html, "chapters/a.html", tmp_path, bundles)
    assert list(bundles) == [("_static/basic.css", "_static/styles/theme.css", "_static/book.css")]
    name = bundles[("_static/basic.css", "_static/styles/theme.css", "_static/book.css")]
    assert re.fullmatch(r"_static/bundles/[0-9a-f]{12}\.css", name)
    assert out == (
        "<head>\n"
        f'<link rel="stylesheet" type="text/css" href="../{name}" />\n'
        '<link rel="stylesheet" href="../_static/imports.css" />\n'
        + html.split("imports.css\" />\n", 1)[1]
    )
    css = (tmp_path / name).read_text()
    assert css.startswith('@charset "UTF-8";\n') and css.count("@charset") == 1
    assert css.index("margin: 0") < css.index("fa.woff2") < css.index("color: red")
    assert 'url("../vendor/fa.woff2?v=1")' in css and "url(data:x)" in css
    # the same run on another page links the same file, from where that page is
    again = offline_assets.bundle_stylesheets(html.replace("../", ""), "index.html", tmp_path,
                                              bundles)  # fmt: skip
    assert f'href="{name}"' in again and len(bundles) == 1


def test_tab_and_copy_scripts_only_on_pages_with_tabs_or_code():
    from sphinx.builders.html._assets import _JavaScript

    names = ["_static/design-tabs.js", "_static/copybutton.js", "_static/clipboard.min.js",
             "_static/doctools.js"]  # fmt: skip

    def kept(body: str) -> list[str]:
        context = {"body": body, "script_files": [_JavaScript(n) for n in names]}
        offline_assets.scripts_only_where_used(context)
        return [js.filename for js in context["script_files"]]

    assert kept("<p>prose</p>") == ["_static/doctools.js"]
    code = '<div class="highlight"><pre>x = 1</pre></div>'
    assert kept(code) == names[1:]
    assert kept('<div class="sd-tab-set docutils">' + code) == names


def test_scripts_that_wait_for_the_page_are_deferred_and_chart_scripts_are_not():
    from sphinx.builders.html._assets import _JavaScript

    scripts = [
        _JavaScript("_static/documentation_options.js", priority=200),
        _JavaScript("_static/doctools.js", priority=200),
        _JavaScript(None, body="DOCUMENTATION_OPTIONS.pagename = 'x';"),
        _JavaScript("_static/../_vendor/vega-book/vega-book.min.js", priority=450),
        _JavaScript("_static/offline_assets/vega-embed.js", priority=451),
        _JavaScript("_static/togglebutton.js", **{"data-x": "1"}),
        _JavaScript("_static/selfcheck/selfcheck.js", defer="defer"),
        _JavaScript("_static/charts.js", priority=800),
        _JavaScript("_static/controls.js", priority=800),
    ]

    def loading(pagename: str) -> dict[str, str]:
        context = {"script_files": list(scripts)}
        offline_assets.defer_scripts(pagename, context)
        return {
            str(js.filename).rsplit("/", 1)[-1]: "defer" if "defer" in js.attributes else "sync"
            for js in context["script_files"]
            if js.filename
        }

    assert loading("chapters/tariffs") == {
        "documentation_options.js": "sync", "doctools.js": "defer",
        "vega-book.min.js": "sync", "vega-embed.js": "sync", "togglebutton.js": "defer",
        "selfcheck.js": "defer", "charts.js": "sync", "controls.js": "defer",
    }  # fmt: skip
    context = {"script_files": list(scripts)}
    offline_assets.defer_scripts("chapters/tariffs", context)
    toggle = context["script_files"][5]
    assert (toggle.priority, toggle.attributes) == (500, {"data-x": "1", "defer": "defer"})
    # The search page's searchtools.js runs at once and calls doctools' _ready.
    assert set(loading("search").values()) == {"sync", "defer"}
    assert loading("search")["doctools.js"] == "sync"


def test_custom_properties_nothing_reads_are_dropped():
    used = offline_assets.custom_property_use([
        ".a{color:var(--pst-color-text, var(--bs-body-color))}",
        'el.style.setProperty("--sd-x", 1); const n = "--pst-icon-" + name;',
    ])  # fmt: skip
    assert used("--pst-color-text") and used("--bs-body-color") and used("--sd-x")
    assert used("--pst-icon-admonition-note")  # built from a quoted prefix
    assert not used("--bs-indigo") and not used("--pst-color-texts-other")
    css = (
        ":root{--bs-indigo:#6610f2;--bs-body-color:#212529;color:red}"
        ".a{--bs-indigo:1}.b{--pst-color-text:#000;margin:0 !important}"
        "@media (min-width:1px){.a{--bs-indigo:2;--pst-color-text:#111}}"
    )
    cut = offline_assets.purge_css(css, {"a", "b"}, property_used=used)
    assert cut == (
        ":root{--bs-body-color:#212529;color:red}"  # the rule with nothing left goes (.a)
        ".b{--pst-color-text:#000;margin:0 !important}"
        "@media (min-width:1px){.a{--pst-color-text:#111}}"
    )
    assert offline_assets.purge_css(css, {"a", "b"}) == css.replace("\n", "")


@pytest.mark.site
def test_the_built_pages_stylesheet_bundles_hold_the_themes_code_colours():
    """Bundled (and cut) after pydata-sphinx-theme wrote its light and dark pygments.css at
    build-finished: run before it, the bundles held Sphinx's own code colours (#208050
    numbers on #eeffcc), which fail axe's contrast check in both themes."""
    site = Path(__file__).resolve().parents[1] / "_build" / "html"
    page = (site / "chapters" / "tariffs.html").read_text(encoding="utf-8")
    (href,) = re.findall(r'<link rel="stylesheet"[^>]*href="\.\./(_static/bundles/[^"]+)"', page)
    css = (site / href).read_text(encoding="utf-8")
    for theme in ("light", "dark"):
        assert f'html[data-theme="{theme}"] .highlight .mf' in css, theme
    assert "#208050" not in css and "#eeffcc" not in css
