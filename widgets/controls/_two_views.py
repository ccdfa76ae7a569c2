"""What every live explorer shares: two views in one object, the live chart as SVG,
and a message instead of a traceback when the inputs are impossible.

An explorer class mixes in :class:`TwoViews`, holds its ipywidgets container in
``self.widget`` and returns the website's Altair chart from ``self.static_chart()``.
For the website's accessible view (:mod:`widgets.charts.access`) it also defines
``data_table()`` (the numbers the chart draws at its starting settings, and a caption) and
the class attribute ``sources`` (data-package resources drawn; ``()`` for a model
illustration). ``tests/test_chart_access.py`` checks every subclass.
Explorers with the usual layout (columns of controls above a message, the key numbers
and the chart) build it with :meth:`TwoViews._assemble`.
"""

from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd
import vl_convert as vlc

from widgets.charts.access import chart_html, table_html

__all__ = ["TwoViews", "input_alert", "svg"]

#: The Vega-Lite version vl-convert renders with: the one the pinned Altair writes.
VL_VERSION = "6.4"


class TwoViews:
    """Show ``self.widget`` in a live notebook and ``self.static_chart()`` on the website.

    ``self.widget`` is the ipywidgets container shown in a live notebook.

    ``_repr_mimebundle_`` returns the widget view plus the static chart as ``text/html``;
    JupyterLab renders the widget, and the book's ``nb_mime_priority_overrides`` make
    HTML builds render the chart.
    """

    #: Data-package resources the explorer draws (for the source line); empty for a model
    #: illustration.
    sources: tuple[str, ...] = ()
    #: The explorer's inputs (:class:`widgets.charts.inputs.Control`): the website's params
    #: and the live widgets are both built from them (``tests/test_agreement_controls.py``).
    controls: tuple = ()

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        data["text/html"] = self.website_html()
        return data

    def data_table(self) -> tuple[pd.DataFrame, str]:
        """The numbers the website chart draws at its starting settings, columns labelled
        for readers, and the table's caption (which says which settings)."""
        raise NotImplementedError(f"{type(self).__name__} must define data_table()")

    def website_html(self) -> str:
        """The website's view: the static chart with its description, source line and
        "Show the data as a table" (see :mod:`widgets.charts.access`)."""
        chart = self.static_chart()
        frame, caption = self.data_table()
        spec = chart.to_dict()
        return chart_html(
            chart._repr_mimebundle_()["text/html"],
            description=spec.get("description") or "",
            table=table_html(frame, caption),
            sources=self.sources,
            controls=spec.get("usermeta", {}).get("controls"),
        )

    def _assemble(self, *columns) -> None:
        """Lay out columns of controls above ``self.message``, ``self.numbers`` and
        ``self.figure`` in ``self.widget``, redraw on every change, and draw once."""
        for column in columns:
            for control in column:
                control.observe(self._on_change, names="value")
        self.widget = w.VBox(
            [w.HBox([w.VBox(list(column)) for column in columns]),
             self.message, self.numbers, self.figure]
        )  # fmt: skip
        self.update()

    def _on_change(self, _change) -> None:
        self.update()

    def update(self) -> None:
        """Recompute (``self.compute()``) and redraw (``self.redraw()``); inputs the model
        rejects show a message in ``self.message``, not a traceback."""
        try:
            self.compute()
        except ValueError as error:
            self.message.value = input_alert(error)
            return
        self.message.value = ""
        self.redraw()

    def values(self) -> dict:
        """What the declared controls (``self.controls``) hold now, by attribute name."""
        return {c.attribute: getattr(self, c.attribute).value for c in self.controls}


def svg(chart) -> str:
    """Render an Altair chart to SVG in the kernel (no JavaScript needed in the front end)."""
    return vlc.vegalite_to_svg(chart.to_dict(), vl_version=VL_VERSION)


def input_alert(error: Exception) -> str:
    """The message a live explorer shows for inputs the model rejects."""
    return f"<p role='alert'><b>Check the inputs:</b> {html.escape(str(error))}</p>"
