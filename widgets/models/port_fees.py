"""Port fees: a charge on the ship's capacity, turned into dollars per container.

In October 2025 the United States and China began charging each other's ships for
calling at their ports. Unlike a tariff, which is a percentage of the value of the
goods, these fees are levied on the ship: so many dollars (or yuan) per *net ton*,
a measure of the volume of the ship's cargo spaces, once per voyage. This module
turns such a fee into the numbers a shipper or a student can compare with a
tariff: the fee per port call, per container, as a share of the cargo's value and
of the ocean freight rate, and the ad valorem tariff that would raise the same
revenue from the same cargo.

The schedules are those of the sources the book cites (see ``data/README.md``):

* **US Annex I** (ships owned or operated by Chinese entities): a fee per net ton per
  US voyage, USTR notice of 17 April 2025, 90 FR 17114.
* **US Annex II** (Chinese-built ships of other operators): the higher of a fee per
  net ton and a fee per container discharged; container ships of 4,000 TEU or less
  are exempt (same notice).
* **China's special port fees** on US-linked ships: yuan per net ton per voyage,
  Ministry of Transport, 10 October 2025; China-built ships are exempt.

* **US Annex III** (foreign-built vehicle carriers, whoever owns or operates them): a fee
  per net ton per US voyage, $46 from 14 October 2025 under USTR's modification of
  10 October 2025 (it replaced the April notice's $150 per car-equivalent unit). The
  calculator's category ``"vehicle_carrier"`` charges it on the ship's net tonnage,
  with the same cap of five charged calls a year. A car carrier carries cars, not
  containers, so the per-container numbers are not defined for it (``nan``); and the
  book has no sourced net tonnage of a named car carrier, so its tonnage is an input the
  reader sets (:data:`ILLUSTRATIVE_VEHICLE_CARRIER_NT` by default, a round number, not a
  particular ship). The book's sources give no later phase of Annex III, so the model
  refuses a vehicle carrier in a schedule year after 2025.

**Annex IV** is not a fee at all but a *build requirement*: a rising share of US LNG
exports must be carried on US ships (:func:`lng_requirement`, read from
``data/lng_shipping_requirement.csv``).

Each is charged at the first port of a rotation, at most five times per ship per
year. Each schedule steps up on 17 April 2026, 2027 and 2028; a *schedule year*
``y`` here means the phase that began in ``y`` (2025: 14 October 2025 to 16 April
2026). Both countries suspended their fees from 10 November 2025 to 9 November
2026; the model gives the fee the schedule sets, whether or not it was collected.

The rates are read from the data package (``data/port_fee_schedules.csv``, through
:func:`widgets.data.load`) the first time a fee is computed, never at import.

Examples
--------
The worked conversion of the book's reference sheet: a 14,000-TEU ship with 4.93
net tons per TEU, 85 % loaded with 40-foot boxes, operated by a Chinese carrier,
in the first phase of the US fee:

>>> out = port_fee_outcome(category="china_operated", schedule_year=2025, capacity_teu=14_000)
>>> round(out.fee_per_call), round(out.fee_per_container, 2)
(3451000, 580.0)
>>> f"{out.share_of_cargo_value:.2%}"
'0.53%'
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, fields
from functools import lru_cache

from widgets.models._checks import one_of, positive, real

# Annex IV (LNG carriers) is a build requirement, not a fee: its own module, re-exported here.
from widgets.models.lng_requirement import (
    LNG_REQUIREMENT_START,
    LngRequirement,
    lng_cargoes_on_us_ships,
    lng_requirement,
)

__all__ = [
    "CATEGORIES",
    "VEHICLE_CARRIER",
    "ALL_CATEGORIES",
    "CATEGORY_LABELS",
    "ILLUSTRATIVE_VEHICLE_CARRIER_NT",
    "SCHEDULE_YEARS",
    "ANNEX_I_USD_PER_NET_TON",  # noqa: F822 (module __getattr__: read from data/)
    "ANNEX_II_USD_PER_NET_TON",  # noqa: F822 (module __getattr__: read from data/)
    "ANNEX_II_USD_PER_CONTAINER",  # noqa: F822 (module __getattr__: read from data/)
    "CHINA_CNY_PER_NET_TON",  # noqa: F822 (module __getattr__: read from data/)
    "ANNEX_III_USD_PER_NET_TON",  # noqa: F822 (module __getattr__: read from data/)
    "ANNEX_II_EXEMPT_MAX_TEU",
    "MAX_CHARGED_CALLS_PER_YEAR",  # noqa: F822 (module __getattr__: read from data/)
    "FEES_START",
    "SUSPENSION_START",
    "SUSPENSION_END",
    "DEFAULTS",
    "PortFeeOutcome",
    "port_fee_outcome",
    "schedule_year_for",
    "is_suspended",
    "LNG_REQUIREMENT_START",
    "LngRequirement",
    "lng_requirement",
    "lng_cargoes_on_us_ships",
]

#: Container-ship categories the calculator knows, in display order.
CATEGORIES = ("china_owned", "china_operated", "china_built", "us_linked", "other")
#: The car-carrier category (US Annex III): charged on net tonnage, no per-container numbers.
VEHICLE_CARRIER = "vehicle_carrier"
#: Every category the calculator accepts: the container ships, then the vehicle carrier.
ALL_CATEGORIES = (*CATEGORIES, VEHICLE_CARRIER)
#: Net tonnage the calculator assumes for a vehicle carrier unless told otherwise. An
#: illustrative round number, not a particular ship: the book found no public source
#: giving both the net tonnage and the car capacity of a named car carrier.
ILLUSTRATIVE_VEHICLE_CARRIER_NT = 20_000.0

#: Short descriptions of the categories (who charges which fee).
CATEGORY_LABELS = {
    "china_owned": "Chinese-owned (US Annex I)",
    "china_operated": "Chinese-operated (US Annex I)",
    "china_built": "Chinese-built, other operator (US Annex II)",
    "us_linked": "US-linked, calling in China (China's fee)",
    "other": "None of these (no fee)",
    "vehicle_carrier": "Foreign-built vehicle carrier (US Annex III)",
}

#: Schedule years: the phase starting on 14 October 2025, then on 17 April of each year.
SCHEDULE_YEARS = (2025, 2026, 2027, 2028)

#: Annex II exempts container ships of this capacity or less (TEU).
ANNEX_II_EXEMPT_MAX_TEU = 4_000
#: The fee schedules, read from ``data/port_fee_schedules.csv`` on first use (not at
#: import): name -> (fee, column) in that table. Each is a dict
#: ``{schedule year: rate}``, e.g. ``ANNEX_I_USD_PER_NET_TON[2025] == 50.0``.
_SCHEDULES = {
    # US Annex I: USD per net ton per US voyage (USTR, 90 FR 17114, 23 April 2025).
    "ANNEX_I_USD_PER_NET_TON": ("us_annex_i", "rate_per_net_ton"),
    # US Annex II: USD per net ton, charged if higher than the container fee (same notice).
    "ANNEX_II_USD_PER_NET_TON": ("us_annex_ii", "rate_per_net_ton"),
    # US Annex II: USD per container discharged (same notice).
    "ANNEX_II_USD_PER_CONTAINER": ("us_annex_ii", "rate_per_container_usd"),
    # China's special port fees: yuan per net ton per voyage (Ministry of Transport).
    "CHINA_CNY_PER_NET_TON": ("china_special", "rate_per_net_ton"),
    # US Annex III: USD per net ton per US voyage (USTR modification of 10 October 2025);
    # the first phase only.
    "ANNEX_III_USD_PER_NET_TON": ("us_annex_iii", "rate_per_net_ton"),
}


@lru_cache(maxsize=1)
def _schedules() -> dict:
    """The schedules and the cap on charged calls, from the data package (read once)."""
    from widgets import data  # pandas: loaded when a fee is first computed

    table = data.load("port_fee_schedules")
    out = {}
    for name, (fee, column) in _SCHEDULES.items():
        rows = table[table["fee"] == fee]
        out[name] = {
            int(y): float(v) for y, v in zip(rows["schedule_year"], rows[column], strict=True)
        }
    (cap,) = set(table["cap_calls_per_year"])  # the same for every fee and phase
    out["MAX_CHARGED_CALLS_PER_YEAR"] = int(cap)
    return out


def __getattr__(name: str):
    """``ANNEX_I_USD_PER_NET_TON`` and the other schedules, read from ``data/`` when asked."""
    if name in _SCHEDULES or name == "MAX_CHARGED_CALLS_PER_YEAR":
        value = _schedules()[name]
        return dict(value) if isinstance(value, dict) else value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Both countries' fees came into force on this day.
FEES_START = _dt.date(2025, 10, 14)
#: First and last day of the one-year suspension agreed after the Busan meeting.
SUSPENSION_START = _dt.date(2025, 11, 10)
SUSPENSION_END = _dt.date(2026, 11, 9)

#: The book's default conversion inputs (data package ``port_fee_conversion_inputs``).
DEFAULTS = {
    "net_tons_per_teu": 4.93,  # Ever Given: 99,155 NT / 20,124 TEU
    "load_factor": 0.85,  # share of the slots filled on the voyage to the fee-charging country
    "container_teu": 2.0,  # 40-foot boxes (FEU)
    "cargo_value_per_container": 109_000.0,  # USD per FEU, all trades, 2020 (UNCTAD via PEMP)
    "freight_rate_per_container": 2_290.0,  # USD per FEU, Drewry WCI Shanghai-Los Angeles
    "usd_per_cny": 0.14,  # 400 yuan ~ $56, the conversion used in the press reports
}


@dataclass(frozen=True)
class PortFeeOutcome:
    """What a port fee costs one ship, per call and per container.

    Attributes
    ----------
    category : str
        One of :data:`CATEGORIES`.
    schedule_year : int
        Phase of the schedule (one of :data:`SCHEDULE_YEARS`).
    capacity_teu : float
        Nominal capacity of the ship, TEU.
    net_tonnage : float
        Net tonnage (NT) on which the fee is charged.
    rate_per_net_ton : float
        Fee rate, USD per net ton (0 if no fee applies).
    rate_per_container : float
        Annex II alternative fee, USD per container discharged (0 otherwise).
    containers_per_call : float
        Loaded containers discharged per call: ``capacity_teu * load_factor / container_teu``.
    fee_by_net_tonnage : float
        ``rate_per_net_ton * net_tonnage``, USD per call.
    fee_by_containers : float
        ``rate_per_container * containers_per_call``, USD per call.
    fee_per_call : float
        USD charged on a call that counts against the cap: the larger of the two
        (Annex II), the net-tonnage fee otherwise; 0 when exempt.
    basis_code : int
        0 no fee applies, 1 charged on net tonnage, 2 charged per container,
        3 exempt (Annex II, small ship).
    calls_per_year : float
        Calls at the fee-charging country in a year.
    charged_calls : float
        ``min(calls_per_year, 5)``.
    annual_fee : float
        ``fee_per_call * charged_calls``, USD a year.
    fee_per_container : float
        Annual fee divided by all containers discharged in the year, USD per
        container (per call while the ship calls five times a year or less).
    cargo_value_per_container, freight_rate_per_container : float
        USD per container, as given.
    share_of_cargo_value : float
        ``fee_per_container / cargo_value_per_container`` (a fraction).
    share_of_freight_rate : float
        ``fee_per_container / freight_rate_per_container`` (a fraction).
    equivalent_tariff_rate : float
        (For a vehicle carrier, ``containers_per_call`` and every per-container number
        from ``fee_per_container`` down are ``nan``: it carries cars, not containers.)
        The ad valorem tariff on the cargo's value that would raise the same
        revenue from the same containers in a year (a fraction). It equals
        ``share_of_cargo_value``. It is an average over the year's calls and
        an upper bound on the price wedge, not the incidence: with the cap,
        extra calls cost nothing at the margin, liable ships can be swapped
        for others, and freight rates are set by ships that do not pay.
    """

    category: str
    schedule_year: int
    capacity_teu: float
    net_tonnage: float
    rate_per_net_ton: float
    rate_per_container: float
    containers_per_call: float
    fee_by_net_tonnage: float
    fee_by_containers: float
    fee_per_call: float
    basis_code: int
    calls_per_year: float
    charged_calls: float
    annual_fee: float
    fee_per_container: float
    cargo_value_per_container: float
    freight_rate_per_container: float
    share_of_cargo_value: float
    share_of_freight_rate: float
    equivalent_tariff_rate: float

    @property
    def basis(self) -> str:
        """The basis of the charge in words."""
        return {
            0: "no fee",
            1: "net tonnage",
            2: "containers discharged",
            3: "exempt (4,000 TEU or less)",
        }[self.basis_code]

    def as_dict(self) -> dict:
        """All fields as a plain ``{name: value}`` dict (for tables and Vega-Lite data).

        Examples
        --------
        >>> port_fee_outcome(category="other", schedule_year=2025,
        ...                  capacity_teu=8000).as_dict()["fee_per_call"]
        0.0
        """
        return {f.name: getattr(self, f.name) for f in fields(self)}


def port_fee_outcome(
    *,
    category: str,
    schedule_year: int,
    capacity_teu: float,
    net_tons_per_teu: float = DEFAULTS["net_tons_per_teu"],
    net_tonnage: float | None = None,
    load_factor: float = DEFAULTS["load_factor"],
    container_teu: float = DEFAULTS["container_teu"],
    calls_per_year: float = 1.0,
    cargo_value_per_container: float = DEFAULTS["cargo_value_per_container"],
    freight_rate_per_container: float = DEFAULTS["freight_rate_per_container"],
    usd_per_cny: float = DEFAULTS["usd_per_cny"],
) -> PortFeeOutcome:
    """The fee one ship pays per call and per container, and what it is worth as a tariff.

    The fee is charged on the ship's net tonnage ``NT`` (or, for Annex II, on the
    containers it discharges, if that is more). Spread over the loaded containers
    it carries, ``C = capacity_teu * load_factor / container_teu``, a fee of ``r``
    dollars per net ton costs

    ``fee per container = r * NT / C = r * (NT/TEU) * container_teu / load_factor``,

    so the ship's size drops out: what matters is how much net tonnage the ship
    carries per slot and how full it is. Size matters only through Annex II's
    small-ship exemption and, for very small loads, through Annex II's
    per-container alternative.

    A ship calling more than five times a year pays for five calls only. The
    average fee per container is then the annual fee over all containers
    discharged in the year.

    Parameters
    ----------
    category : str
        ``"china_owned"`` or ``"china_operated"`` (US Annex I), ``"china_built"``
        (US Annex II: Chinese-built, operated by a non-Chinese carrier),
        ``"us_linked"`` (China's fee on US-owned, -operated, -flagged or -built
        ships not built in China), ``"other"`` (no fee) or ``"vehicle_carrier"``
        (US Annex III: a foreign-built car carrier; first phase only, see below).
    schedule_year : int
        Phase of the schedule: 2025 (from 14 October 2025), 2026, 2027 or 2028
        (each from 17 April).
    capacity_teu : float
        Nominal container capacity, TEU (> 0).
    net_tons_per_teu : float, default 4.93
        Net tonnage per TEU of capacity (> 0); used when ``net_tonnage`` is not given.
    net_tonnage : float, optional
        The ship's net tonnage, if known (> 0). Overrides ``net_tons_per_teu``. For a
        vehicle carrier it is the only tonnage used; if not given, the illustrative
        :data:`ILLUSTRATIVE_VEHICLE_CARRIER_NT`.
    load_factor : float, default 0.85
        Share of the ship's slots filled with containers discharged in the
        fee-charging country, in (0, 1].
    container_teu : float, default 2.0
        Size of the container the per-container numbers refer to, TEU (1 = 20-foot,
        2 = 40-foot box); the ship's load is taken to be boxes of this size.
    calls_per_year : float, default 1
        Calls (rotations) at the fee-charging country in a year (> 0).
    cargo_value_per_container : float, default 109,000
        Value of the goods in one container, USD (> 0).
    freight_rate_per_container : float, default 2,290
        Ocean freight rate for one container, USD (> 0).
    usd_per_cny : float, default 0.14
        Exchange rate for China's fee, USD per yuan (> 0).

    Returns
    -------
    PortFeeOutcome

    Raises
    ------
    ValueError
        If an argument is of the wrong type or out of range, or the category or
        year is unknown. The message names the parameter.

    Examples
    --------
    Annex II on the same 14,000-TEU ship: the net-tonnage fee ($18 x 69,020 NT)
    beats the container fee ($120 x 5,950 boxes):

    >>> out = port_fee_outcome(category="china_built", schedule_year=2025, capacity_teu=14_000)
    >>> round(out.fee_by_net_tonnage), round(out.fee_by_containers), out.basis
    (1242360, 714000, 'net tonnage')

    A 4,000-TEU Chinese-built ship is exempt from Annex II:

    >>> port_fee_outcome(category="china_built", schedule_year=2028, capacity_teu=4_000).basis
    'exempt (4,000 TEU or less)'

    China's fee of 400 yuan per net ton at $0.14 a yuan:

    >>> out = port_fee_outcome(category="us_linked", schedule_year=2025, capacity_teu=14_000)
    >>> round(out.fee_per_call), round(out.fee_per_container, 1)
    (3865120, 649.6)

    A ship calling eight times a year pays for five calls:

    >>> out = port_fee_outcome(category="china_operated", schedule_year=2025,
    ...                        capacity_teu=14_000, calls_per_year=8)
    >>> round(out.annual_fee), round(out.fee_per_container, 2)
    (17255000, 362.5)

    A foreign-built car carrier of 20,000 NT (an illustrative tonnage) pays $46 a net
    ton on each of at most five calls a year; it carries no containers, so the
    per-container numbers are ``nan``:

    >>> out = port_fee_outcome(category="vehicle_carrier", schedule_year=2025,
    ...                        capacity_teu=1, net_tonnage=20_000, calls_per_year=6)
    >>> round(out.fee_per_call), round(out.annual_fee), out.fee_per_container
    (920000, 4600000, nan)
    """
    one_of(category, "category", ALL_CATEGORIES)
    year = int(one_of(schedule_year, "schedule_year", SCHEDULE_YEARS))
    capacity = positive(capacity_teu, "capacity_teu")
    cars = category == VEHICLE_CARRIER
    if cars and year not in _schedules()["ANNEX_III_USD_PER_NET_TON"]:
        raise ValueError(
            "schedule_year must be 2025 for a vehicle carrier (the book's sources give "
            f"Annex III's rate from 14 October 2025 only), got {year}"
        )
    if cars:
        tonnage = positive(
            ILLUSTRATIVE_VEHICLE_CARRIER_NT if net_tonnage is None else net_tonnage,
            "net_tonnage",
        )
    elif net_tonnage is None:
        tonnage = capacity * positive(net_tons_per_teu, "net_tons_per_teu")
    else:
        tonnage = positive(net_tonnage, "net_tonnage")
    load = real(load_factor, "load_factor", "a number in (0, 1]", lambda x: 0 < x <= 1)
    box = positive(container_teu, "container_teu")
    calls = positive(calls_per_year, "calls_per_year")
    value = positive(cargo_value_per_container, "cargo_value_per_container")
    freight = positive(freight_rate_per_container, "freight_rate_per_container")
    fx = positive(usd_per_cny, "usd_per_cny")

    containers = capacity * load / box
    schedules = _schedules()
    per_nt = per_box = 0.0
    if category in ("china_owned", "china_operated"):
        per_nt = schedules["ANNEX_I_USD_PER_NET_TON"][year]
    elif category == "china_built":
        per_nt = schedules["ANNEX_II_USD_PER_NET_TON"][year]
        per_box = schedules["ANNEX_II_USD_PER_CONTAINER"][year]
    elif category == "us_linked":
        per_nt = schedules["CHINA_CNY_PER_NET_TON"][year] * fx
    elif cars:
        per_nt = schedules["ANNEX_III_USD_PER_NET_TON"][year]
        containers = float("nan")  # a car carrier's load is cars, not containers

    by_nt = per_nt * tonnage
    by_box = 0.0 if cars else per_box * containers  # Annex III has no per-container fee
    if category == "other":
        fee, basis = 0.0, 0
    elif category == "china_built" and capacity <= ANNEX_II_EXEMPT_MAX_TEU:
        fee, basis = 0.0, 3
    elif by_box > by_nt:
        fee, basis = by_box, 2
    else:
        fee, basis = by_nt, 1

    charged = min(calls, float(schedules["MAX_CHARGED_CALLS_PER_YEAR"]))
    annual = fee * charged
    per_container = annual / (containers * calls)
    share = per_container / value
    return PortFeeOutcome(
        category=category,
        schedule_year=year,
        capacity_teu=capacity,
        net_tonnage=tonnage,
        rate_per_net_ton=per_nt,
        rate_per_container=per_box,
        containers_per_call=containers,
        fee_by_net_tonnage=by_nt,
        fee_by_containers=by_box,
        fee_per_call=fee,
        basis_code=basis,
        calls_per_year=calls,
        charged_calls=charged,
        annual_fee=annual,
        fee_per_container=per_container,
        cargo_value_per_container=value,
        freight_rate_per_container=freight,
        share_of_cargo_value=share,
        share_of_freight_rate=per_container / freight,
        equivalent_tariff_rate=annual / (value * containers * calls),
    )


def schedule_year_for(date: _dt.date) -> int:
    """The phase of the fee schedules in force on a date.

    Parameters
    ----------
    date : datetime.date
        A day on or after 14 October 2025.

    Returns
    -------
    int
        2025 for 14 October 2025 to 16 April 2026, 2026 from 17 April 2026, and so
        on; 2028 from 17 April 2028 onward.

    Raises
    ------
    ValueError
        If ``date`` is not a date or is before the fees began.

    Examples
    --------
    >>> import datetime as dt
    >>> schedule_year_for(dt.date(2025, 10, 20)), schedule_year_for(dt.date(2026, 4, 17))
    (2025, 2026)
    >>> schedule_year_for(dt.date(2030, 1, 1))
    2028
    """
    if isinstance(date, _dt.datetime) or not isinstance(date, _dt.date):
        raise ValueError(f"date must be a datetime.date, got {date!r}")
    if date < FEES_START:
        raise ValueError(f"date must be on or after {FEES_START.isoformat()}, got {date}")
    year = date.year if date >= _dt.date(date.year, 4, 17) else date.year - 1
    return max(2025, min(2028, year))


def is_suspended(date: _dt.date) -> bool:
    """Whether both countries' fees were suspended on a date (10 Nov 2025 to 9 Nov 2026).

    What happened after 9 November 2026 is not in this book's sources; the function
    answers only for the agreed suspension.

    Examples
    --------
    >>> import datetime as dt
    >>> is_suspended(dt.date(2025, 10, 20)), is_suspended(dt.date(2025, 11, 10))
    (False, True)
    """
    if isinstance(date, _dt.datetime) or not isinstance(date, _dt.date):
        raise ValueError(f"date must be a datetime.date, got {date!r}")
    return SUSPENSION_START <= date <= SUSPENSION_END
