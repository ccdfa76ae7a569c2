"""Import quotas and tariff-rate quotas: the same price as a tariff, different winners.

A quota caps the quantity imported. In the single-good model of the tariffs chapter, the
home price then rises until home import demand falls to the quota, exactly as it would
under the tariff that lets in the same quantity (the *equivalent tariff*). Consumers
and producers fare the same; what differs is who collects the gap between the home
price and the foreign price on the units still imported:

* under a tariff, the government (tariff revenue);
* under a quota whose licences are auctioned or handed to home importers, the
  government or the licence holders at home (the *quota rent*): the nation keeps it;
* under a voluntary export restraint (VER), the foreign exporters who hold the export
  licences: the rent leaves the country.

A tariff-rate quota (TRQ) charges a low in-quota rate on imports up to the quota and a
higher over-quota rate beyond it.

The equivalence holds only for given curves: when demand grows, a tariff keeps the price
and lets imports rise, while a quota keeps imports and lets the price rise.

Every outcome reuses :func:`widgets.models.tariff.tariff_outcome` at the equivalent
tariff, so consumer surplus, producer surplus and the terms of trade are computed once.
Units as in :mod:`widgets.models.tariff`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.optimize import brentq

from widgets.models._checks import non_negative, one_of
from widgets.models.tariff import autarky_price, tariff_outcome

__all__ = ["QuotaOutcome", "quota_outcome", "tariff_rate_quota_outcome"]

RENT_HOLDERS = ("government", "importers", "exporters")


@dataclass(frozen=True)
class QuotaOutcome:
    """Prices, quantities and welfare under a quota or a tariff-rate quota.

    Attributes
    ----------
    domestic_price, world_price, imports : float
        Home price, foreign price (currency per unit) and the quantity imported.
    equivalent_tariff_rate : float
        The ad valorem tariff that gives the same home price and imports.
    binding : str
        ``"free trade"`` (the quota does not bind), ``"quota"`` (the quantity cap
        sets the price), or for a TRQ ``"in-quota rate"`` / ``"over-quota rate"``.
    consumer_surplus_change, producer_surplus_change : float
        As under the equivalent tariff.
    tariff_revenue : float
        Duties collected (a TRQ's in- and over-quota duties; zero for a pure quota).
    quota_rent : float
        The rest of ``(domestic_price - world_price) * imports``: the value of holding
        a licence.
    rent_to : str
        Who holds the licences: ``"government"`` (auctioned), ``"importers"`` or
        ``"exporters"`` (a voluntary export restraint).
    home_welfare_change : float
        Consumer + producer surplus change + duties + the rent if it stays at home.
    foreign_rent : float
        The rent that goes abroad (``quota_rent`` under a VER, else 0).
    """

    domestic_price: float
    world_price: float
    imports: float
    equivalent_tariff_rate: float
    binding: str
    consumer_surplus_change: float
    producer_surplus_change: float
    tariff_revenue: float
    quota_rent: float
    rent_to: str
    home_welfare_change: float
    foreign_rent: float


def _outcome(out, *, binding, duties, rent_to) -> QuotaOutcome:
    """Split the equivalent tariff's revenue into duties and rent, and assign the rent."""
    gap = (out.domestic_price - out.world_price) * out.imports
    rent = max(0.0, gap - duties)
    abroad = rent if rent_to == "exporters" else 0.0
    return QuotaOutcome(
        domestic_price=out.domestic_price,
        world_price=out.world_price,
        imports=out.imports,
        equivalent_tariff_rate=out.tariff_rate,
        binding=binding,
        consumer_surplus_change=out.consumer_surplus_change,
        producer_surplus_change=out.producer_surplus_change,
        tariff_revenue=duties,
        quota_rent=rent,
        rent_to=rent_to,
        home_welfare_change=out.net_welfare_change - abroad,
        foreign_rent=abroad,
    )


def _rate_for_imports(market: dict, quantity: float) -> float:
    """The ad valorem tariff at which imports equal ``quantity`` (below free trade)."""
    free = tariff_outcome(**market)
    if quantity >= free.imports:
        return 0.0
    if math.isinf(market.get("export_supply_elasticity", math.inf)):
        # Small country: the home price where M(p) = Q, then t = p / Pw - 1.
        p_aut = autarky_price(market["demand"], market["supply"])
        pw = market["world_price"]

        def gap(p: float) -> float:
            return market["demand"].quantity(p) - market["supply"].quantity(p) - quantity

        price = p_aut if quantity <= 0 else brentq(gap, pw, p_aut, xtol=1e-15, rtol=1e-15)
        return price / pw - 1.0
    # Large country: the foreign price where X*(p*) = Q on the linear export supply,
    # then the home price where M(p) = Q.
    e = market["export_supply_elasticity"]
    pw, m0 = market["world_price"], free.imports
    p_star = max(0.0, pw * (1.0 + (quantity / m0 - 1.0) / e))
    small = dict(market, export_supply_elasticity=math.inf, world_price=max(p_star, 1e-300))
    return _rate_for_imports(small, quantity) if p_star > 0 else math.inf


def quota_outcome(
    *,
    demand,
    supply,
    world_price: float,
    import_quota: float,
    export_supply_elasticity: float = math.inf,
    rent_to: str = "importers",
) -> QuotaOutcome:
    """An import quota of ``import_quota`` units, and who gets its rent.

    Examples
    --------
    Suranovic's Coke market (imports 5 under free trade at $1). A quota of 3.5 units
    gives the same home price as the $0.10-a-unit (10 %) tariff that cuts imports to
    3.5; the $0.35 the tariff would collect becomes the quota rent:

    >>> from widgets.models.tariff import LinearDemand, LinearSupply
    >>> coke = dict(demand=LinearDemand(13, 5), supply=LinearSupply(-7, 10), world_price=1.0)
    >>> q = quota_outcome(**coke, import_quota=3.5)
    >>> round(q.domestic_price, 12), round(q.quota_rent, 12), q.tariff_revenue
    (1.1, 0.35, 0.0)

    Under a voluntary export restraint the rent goes abroad, and the nation loses it:

    >>> v = quota_outcome(**coke, import_quota=3.5, rent_to="exporters")
    >>> round(q.home_welfare_change, 12), round(v.home_welfare_change, 12)
    (-0.075, -0.425)
    """
    quantity = non_negative(import_quota, "import_quota")
    rent_to = one_of(rent_to, "rent_to", RENT_HOLDERS)
    market = dict(
        demand=demand,
        supply=supply,
        world_price=world_price,
        export_supply_elasticity=export_supply_elasticity,
    )
    rate = _rate_for_imports(market, quantity)
    if math.isinf(rate):
        raise ValueError("import_quota: a zero quota with e* <= 1 has no equivalent tariff")
    out = tariff_outcome(**market, tariff_rate=rate)
    binding = "quota" if rate > 0 else "free trade"
    return _outcome(out, binding=binding, duties=0.0, rent_to=rent_to)


def tariff_rate_quota_outcome(
    *,
    demand,
    supply,
    world_price: float,
    import_quota: float,
    in_quota_rate: float,
    over_quota_rate: float,
    rent_to: str = "importers",
) -> QuotaOutcome:
    """A tariff-rate quota for a small country: a low rate up to the quota, a high one beyond.

    Three regimes: demand at the in-quota price is within the quota (the in-quota rate
    sets the price, no rent); demand at the over-quota price exceeds the quota (the
    over-quota rate sets the price; in-quota licences earn ``(t_out - t_in) Pw`` a unit);
    or in between (the quota binds and the price is where imports equal the quota).

    Examples
    --------
    Coke again, 3.5 units at 0 % and 20 % beyond. At $1.20 imports would be 2, within
    the quota, so the quota binds at 3.5 units and $1.10:

    >>> from widgets.models.tariff import LinearDemand, LinearSupply
    >>> coke = dict(demand=LinearDemand(13, 5), supply=LinearSupply(-7, 10), world_price=1.0)
    >>> trq = tariff_rate_quota_outcome(**coke, import_quota=3.5, in_quota_rate=0.0,
    ...                                 over_quota_rate=0.2)
    >>> trq.binding, round(trq.domestic_price, 12), round(trq.quota_rent, 12)
    ('quota', 1.1, 0.35)

    With a quota of 1 unit the over-quota rate binds: imports are 2, one at each rate:

    >>> trq = tariff_rate_quota_outcome(**coke, import_quota=1.0, in_quota_rate=0.0,
    ...                                 over_quota_rate=0.2)
    >>> trq.binding, round(trq.imports, 12)
    ('over-quota rate', 2.0)
    >>> round(trq.tariff_revenue, 12), round(trq.quota_rent, 12)
    (0.2, 0.2)
    """
    quantity = non_negative(import_quota, "import_quota")
    rent_to = one_of(rent_to, "rent_to", RENT_HOLDERS)
    t_in = non_negative(in_quota_rate, "in_quota_rate")
    t_out = non_negative(over_quota_rate, "over_quota_rate")
    if t_out < t_in:
        raise ValueError(
            f"over_quota_rate must be >= in_quota_rate ({t_in!r}), got {over_quota_rate!r}"
        )
    market = dict(demand=demand, supply=supply, world_price=world_price)
    at_in = tariff_outcome(**market, tariff_rate=t_in)
    at_out = tariff_outcome(**market, tariff_rate=t_out)
    pw = float(world_price)
    if at_in.imports <= quantity:
        return _outcome(
            at_in, binding="in-quota rate", duties=at_in.tariff_revenue, rent_to=rent_to
        )
    if at_out.imports >= quantity:
        duties = t_in * pw * quantity + t_out * pw * (at_out.imports - quantity)
        return _outcome(at_out, binding="over-quota rate", duties=duties, rent_to=rent_to)
    out = tariff_outcome(**market, tariff_rate=_rate_for_imports(market, quantity))
    return _outcome(out, binding="quota", duties=t_in * pw * quantity, rent_to=rent_to)
