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
