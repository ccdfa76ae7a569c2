"""ipywidgets explorers for live sessions; each also carries its website chart."""

from widgets.controls.tariff import TariffExplorer, tariff_explorer

__all__ = ["TariffExplorer", "tariff_explorer"]
