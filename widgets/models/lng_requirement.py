"""Annex IV of the US Section 301 maritime action: a share of US LNG exports on US ships.

Not a fee but a build requirement: from 17 April 2028 a share of the LNG the United States
exports by ship must be carried on US-flagged, US-operated ships, and from 17 April 2029 on
ships that are also US-built, in phases read from ``data/lng_shipping_requirement.csv``.
Split from :mod:`widgets.models.port_fees` (which re-exports it) to keep each module short.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from functools import lru_cache

from widgets.models._checks import real

__all__ = ["LNG_REQUIREMENT_START", "LngRequirement", "lng_requirement", "lng_cargoes_on_us_ships"]

#: Annex IV's first phase: from this day a share of US LNG exports must go on US ships.
LNG_REQUIREMENT_START = _dt.date(2028, 4, 17)


@lru_cache(maxsize=1)
def _lng_phases() -> tuple:
    """Annex IV's phases from the data package, oldest first (read once, on first use)."""
    from widgets import data

    table = data.load("lng_shipping_requirement").sort_values("phase_from")
    return tuple(
        (row.phase_from.date(), float(row.share_pct) / 100, str(row.vessels),
         bool(row.share_is_floor))
        for row in table.itertuples()
    )  # fmt: skip


@dataclass(frozen=True)
class LngRequirement:
    """What Annex IV asks of US LNG exports on a date.

    Attributes
    ----------
    date : datetime.date
        The date asked about.
    phase_from : datetime.date or None
        First day of the phase in force (``None`` before the first phase).
    share_min, share_max : float
        The share of LNG exported by vessel that must be carried on qualifying ships
        (fractions). They are equal where the book's sources give the share; where
        they do not (the steps between April 2031 and April 2047), ``share_min`` is
        the last verified step and ``share_max`` the next one.
    vessels : str
        Which ships qualify: ``"none"`` before the first phase, then
        ``"US-flagged and US-operated"``, then ``"US-built, US-flagged and US-operated"``.
    """

    date: _dt.date
    phase_from: _dt.date | None
    share_min: float
    share_max: float
    vessels: str

    @property
    def exact(self) -> bool:
        """Whether the book's sources give the share for this date exactly."""
        return self.share_min == self.share_max


def _date(date, name: str = "date") -> _dt.date:
    if isinstance(date, _dt.datetime) or not isinstance(date, _dt.date):
        raise ValueError(f"{name} must be a datetime.date, got {date!r}")
    return date


def lng_requirement(date: _dt.date) -> LngRequirement:
    """Annex IV on a date: the share of US LNG exports to be carried on US ships.

    Annex IV is a quantity rule on an input, the ship, not a price: it neither charges
    a fee nor says what the rule costs. From 17 April 2028, 1% of LNG exported by
    vessel must go on US-flagged, US-operated ships; from 17 April 2029 on ships that
    are also US-built; 2% from 17 April 2031, rising every two years to 15% from 17 April
    2047 (S&P Global, STR, IER; the steps in between were not verified, so the
    function gives a range there).

    Parameters
    ----------
    date : datetime.date
        Any date.

    Returns
    -------
    LngRequirement

    Raises
    ------
    ValueError
        If ``date`` is not a ``datetime.date``.

    Examples
    --------
    >>> import datetime as dt
    >>> first = lng_requirement(dt.date(2028, 4, 17))
    >>> first.share_min, first.vessels
    (0.01, 'US-flagged and US-operated')
    >>> r = lng_requirement(dt.date(2035, 1, 1))
    >>> r.share_min, r.share_max, r.exact
    (0.02, 0.15, False)
    >>> lng_requirement(dt.date(2050, 1, 1)).share_min
    0.15
    >>> lng_requirement(dt.date(2027, 1, 1)).vessels
    'none'
    """
    day = _date(date)
    phases = _lng_phases()
    in_force = [i for i, phase in enumerate(phases) if phase[0] <= day]
    if not in_force:
        return LngRequirement(day, None, 0.0, 0.0, "none")
    i = in_force[-1]
    start, share, vessels, is_floor = phases[i]
    upper = phases[i + 1][1] if is_floor and i + 1 < len(phases) else share
    return LngRequirement(day, start, share, upper, vessels)


def lng_cargoes_on_us_ships(date: _dt.date, cargoes_per_year: float) -> tuple[float, float]:
    """How many of a year's LNG cargoes Annex IV puts on US ships: ``share * cargoes``.

    Returns the lower and upper figure (equal where the share is known exactly).

    Examples
    --------
    >>> import datetime as dt
    >>> lng_cargoes_on_us_ships(dt.date(2030, 1, 1), 1_500)
    (15.0, 15.0)
    """
    r = lng_requirement(date)
    cargoes = real(cargoes_per_year, "cargoes_per_year", "a finite number >= 0", lambda x: x >= 0)
    return r.share_min * cargoes, r.share_max * cargoes
