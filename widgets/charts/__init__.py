"""Altair chart builders. Importing this package registers the book's theme."""

from widgets.charts import theme as theme  # noqa: F401  (registers the theme)
from widgets.charts.tariff import (
    explorer_params,
    key_numbers,
    outcome_table,
    supply_demand_diagram,
    tariff_explorer_chart,
    welfare_bars,
)

__all__ = [
    "explorer_params",
    "key_numbers",
    "outcome_table",
    "supply_demand_diagram",
    "tariff_explorer_chart",
    "welfare_bars",
]
