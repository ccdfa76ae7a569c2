"""Walking Vega-Lite specs (``chart.to_dict()``) in the chart tests."""


def unit_views(spec: dict):
    """Every unit view (a spec with a ``mark``) of a nested composite spec."""
    for key in ("vconcat", "hconcat", "layer"):
        for child in spec.get(key, []):
            yield from unit_views(child)
    if "mark" in spec:
        yield spec


def walk(node):
    """Every dict in a spec, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def static_panels(spec: dict) -> tuple[list[str], list[str]]:
    """A step-by-step figure's panels (``vconcat``), checked static: the book's embed options
    and no input bound anywhere. Returns each panel's title and its subtitle lines joined."""
    from widgets.charts.kit import EMBED

    assert spec["usermeta"] == EMBED
    assert not any("bind" in node or "params" in node for node in walk(spec)), "no inputs"
    titles = [panel["title"]["text"] for panel in spec["vconcat"]]
    subtitles = [" ".join(panel["title"]["subtitle"]) for panel in spec["vconcat"]]
    return titles, subtitles
