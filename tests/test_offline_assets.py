"""Page weight work done at build time by ``_ext/offline_assets.py`` (issue 13).

* maths as MathML (no MathJax in the browser), with the TeX kept as its annotation;
* Altair charts compiled from Vega-Lite to Vega, so pages need no ``vega-lite.min.js``;
* their long inline data sets written by column (field names once, not once per row).
The browser side (charts drawn, maths shown, bytes per page) is in ``tests/browser/``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import altair as alt
import pandas as pd
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

    left = offline_assets._compile_vegalite(None, "page", context, alt.VEGALITE_VERSION)

    body = context["body"]
    assert left is False, "a plain Altair chart must not need Vega-Lite in the browser"
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
    assert offline_assets._compile_vegalite(None, "p", context, "6.4.1") is False
    assert context["body"] == "<p>text</p>"


def test_an_unreadable_chart_keeps_vega_lite():
    body = '<div id="altair-viz-ab12"></div>\n<script type="text/javascript">})(not json);</script>'
    context = {"body": body, "script_files": []}
    assert offline_assets._compile_vegalite(None, "p", context, "6.4.1") is True
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
    data["imports"] = 100 / (1 + data["tariff_pct"] / 100) ** 2.5
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


def test_short_or_irregular_data_sets_stay_as_rows():
    rows = [{"a": i, "b": i} for i in range(offline_assets.PACK_MIN_ROWS - 1)]
    dotted = [{"a.b": i} for i in range(20)]  # Vega would read "a.b" as a path
    ragged = [{"a": i} if i % 2 else {"a": i, "b": 1} for i in range(20)]
    spec = {"data": [{"name": n, "values": v} for n, v in
                     [("short", rows), ("dotted", dotted), ("ragged", ragged)]]}  # fmt: skip
    assert offline_assets.pack_columns(json.loads(json.dumps(spec))) == spec
