"""Models, charts and controls for the trade-policy book.

The package is layered; a layer never imports one above it:

* :mod:`widgets.models` and :mod:`widgets.data`: the economics and the data (numpy, pandas);
* :mod:`widgets.charts`: Altair chart builders fed by model outcomes;
* :mod:`widgets.controls`: ipywidgets explorers for live sessions, each also carrying
  the static chart that the website shows.

The explorers are re-exported here lazily, so ``import widgets.models`` stays free
of UI libraries.
"""

__all__ = ["tariff_explorer"]


def __getattr__(name):
    if name == "tariff_explorer":
        from widgets.controls.tariff import tariff_explorer

        return tariff_explorer
    raise AttributeError(f"module 'widgets' has no attribute {name!r}")
