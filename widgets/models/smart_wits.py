"""The WITS SMART tool's own formulas, to set beside the book's CES model.

The World Bank's WITS SMART tool (Jammes and Olarreaga 2005) computes the two effects
of a tariff change separately and adds them, partner by partner (export supply
infinitely elastic, world prices 1):

* **trade creation** comes from each partner's *own* tariff change, along an import
  demand of elasticity ``ε``: ``TC_i = -ε M_i (t1_i - t0_i) / (1 + t0_i)``. A partner
  whose tariff did not change gets no creation at all;
* **trade diversion** comes from the change in the price of one partner's goods
  relative to all the others', ``ρ = r_f / r_o - 1`` with ``r = (1 + t1) / (1 + t0)``,
  through the linearised Armington substitution at a fixed total:
  ``TD_f = -M_f M_o σ ρ / (M_f + M_o - M_f σ ρ)``, where ``M_o`` is the others'
  imports, and the others gain ``-TD_f`` in proportion to their imports. Diversion
  cannot exceed the trade it moves (SMART's ceiling), so ``|TD_f| <= M_f`` when the
  partner's goods get dearer and ``<= M_o`` when they get cheaper.

The diversion formula is written for one partner against the rest, so every other
partner must face the same price change (as in the chapter's explorer: one tariff on
China, one on everyone else). numpy only. Units as in :mod:`widgets.models.smart`.

The book's model (:func:`widgets.models.smart.smart_outcome`) spreads creation over
every partner through one CES price index. The two agree, to first order, on the
change in *total* imports only when every partner starts from the same tariff; they
never agree partner by partner (``tests/test_smart_wits.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from widgets.models.formula import NUMPY
from widgets.models.smart import PartnerRows, check_scenario

__all__ = ["WitsOutcome", "wits_smart_outcome", "wits_formula"]


@dataclass(frozen=True)
class WitsOutcome(PartnerRows):
    """Imports by partner under the WITS SMART formulas (arrays in partner order).

    Attributes
    ----------
    partners : tuple of str
    baseline_imports, trade_creation, trade_diversion, new_imports : numpy.ndarray
        ``new_imports = baseline_imports + trade_creation + trade_diversion``; a
        linear creation can push it below zero for large tariff rises.
    new_tariff_revenue : float
        ``sum(new_tariffs * new_imports)``.
    """

    partners: tuple
    baseline_imports: np.ndarray
    trade_creation: np.ndarray
    trade_diversion: np.ndarray
    new_imports: np.ndarray
    new_tariff_revenue: float

    #: The keys of :meth:`SmartOutcome.rows` it has.
    ROWS = ("baseline_imports", "new_imports", "trade_creation", "trade_diversion", "change")

    def totals(self) -> dict[str, float]:
        """Total imports before and after, and the tariff revenue after."""
        return {
            "total_baseline_imports": float(self.baseline_imports.sum()),
            "total_new_imports": float(self.new_imports.sum()),
            "new_tariff_revenue": self.new_tariff_revenue,
        }


def wits_smart_outcome(
    *,
    partners: Sequence[str],
    baseline_imports: Sequence[float],
    old_tariffs: Sequence[float],
    new_tariffs: Sequence[float],
    import_demand_elasticity: float,
    substitution_elasticity: float,
    partner: str,
) -> WitsOutcome:
    """Creation and diversion by partner as the WITS SMART tool computes them.

    Parameters
    ----------
    partners, baseline_imports, old_tariffs, new_tariffs, import_demand_elasticity,
    substitution_elasticity
        As in :func:`widgets.models.smart.smart_outcome`.
    partner : str
        The partner whose price changes relative to all the others (one of
        ``partners``). Every other partner must face the same ``(1 + t1)/(1 + t0)``.

    Returns
    -------
    WitsOutcome

    Raises
    ------
    ValueError
        Naming the parameter, for the inputs of ``smart_outcome``; ``partner`` not among
        ``partners``; ``new_tariffs`` that change the others' prices by different factors.

    Examples
    --------
    Two partners sell 100 each; A's tariff goes from 0 to 10 %; ε = σ = 2. Creation
    falls on A alone, ``-2 * 100 * 0.1 = -20``; diversion is
    ``100 * 100 * 2 * 0.1 / (200 - 100 * 2 * 0.1) = 20/18 * 10 = 11.1``:

    >>> out = wits_smart_outcome(partners=["A", "B"], baseline_imports=[100, 100],
    ...                          old_tariffs=[0, 0], new_tariffs=[0.1, 0],
    ...                          import_demand_elasticity=2, substitution_elasticity=2,
    ...                          partner="A")
    >>> out.trade_creation.round(4).tolist(), out.trade_diversion.round(4).tolist()
    ([-20.0, 0.0], [-11.1111, 11.1111])
    """
    names, m0, t0, t1, eps, sigma = check_scenario(
        partners, baseline_imports, old_tariffs, new_tariffs,
        import_demand_elasticity, substitution_elasticity,
    )  # fmt: skip
    if partner not in names:
        raise ValueError(f"partner must be one of {names!r}, got {partner!r}")
    n = len(names)

    focus = names.index(partner)
    others = np.arange(n) != focus
    r = (1 + t1) / (1 + t0)
    if others.any() and not np.allclose(r[others], r[others][0], rtol=1e-12, atol=0):
        raise ValueError(
            "new_tariffs must change every partner but `partner` by the same factor "
            "(SMART's diversion formula is one partner against the rest)"
        )
    with np.errstate(divide="ignore", invalid="ignore"):
        f = wits_formula(NUMPY, m0, t0, t1, eps, sigma, focus=(~others).astype(float))
    creation, diversion = f.w_creation + 0.0, np.asarray(f.w_diversion, dtype=float) + 0.0
    return WitsOutcome(
        partners=tuple(names),
        baseline_imports=m0,
        trade_creation=creation,
        trade_diversion=diversion,
        new_imports=m0 + creation + diversion,
        new_tariff_revenue=float(f.w_revenue1),
    )


def wits_formula(xp, m0, t0, t1, eps, sigma, focus):
    """The closed form of :func:`wits_smart_outcome`, written once for both backends.

    The inputs in the model's symbols, as in :func:`widgets.models.smart.smart_formula`;
    ``focus`` is 1 for the partner whose price moves against the rest, 0 for the others
    (who must share one price change; :func:`wits_smart_outcome` checks it). The fields
    carry a ``w_`` prefix so that they sit beside :func:`widgets.models.smart.smart_formula`'s
    in one Vega dataset: ``w_creation``, ``w_diversion``, ``w_m1`` and ``w_change`` per
    partner, and the totals ``w_total1`` and ``w_revenue1``.

    Examples
    --------
    >>> import numpy as np
    >>> from widgets.models.formula import NUMPY
    >>> f = wits_formula(NUMPY, np.array([100.0, 100.0]), np.zeros(2), np.array([0.1, 0.0]),
    ...                  eps=2.0, sigma=2.0, focus=np.array([1.0, 0.0]))
    >>> f.w_diversion.round(4).tolist(), round(f.w_total1, 4)
    ([-11.1111, 11.1111], 180.0)
    """
    f = xp.record()
    f.w_r = (1 + t1) / (1 + t0)
    f.w_creation = eps * m0 * (t0 - t1) / (1 + t0)
    f.w_mf = xp.total(focus * m0, "w_mf_sum")
    f.w_mo = xp.total((1 - focus) * m0, "w_mo_sum")
    f.w_rf = xp.total(focus * f.w_r, "w_rf_sum")
    # the others' common price change (their import-weighted mean; 1 if there are none)
    f.w_ro = xp.where(f.w_mo > 0, xp.total((1 - focus) * m0 * f.w_r, "w_ro_sum") / f.w_mo, 1.0)
    f.w_rho = f.w_rf / f.w_ro - 1
    f.w_den = f.w_mf + f.w_mo - f.w_mf * sigma * f.w_rho
    f.w_td_raw = xp.where(f.w_den > 0, -f.w_mf * f.w_mo * sigma * f.w_rho / f.w_den, -f.w_mf)
    # diversion cannot exceed the trade it moves
    f.w_td = xp.min(xp.max(f.w_td_raw, -f.w_mf), f.w_mo)
    f.w_diversion = xp.where(focus == 1, f.w_td,
                             xp.where(f.w_mo > 0, -f.w_td * m0 / f.w_mo, 0.0))  # fmt: skip
    f.w_m1 = m0 + f.w_creation + f.w_diversion
    f.w_change = f.w_m1 - m0
    f.w_total1 = xp.total(f.w_m1, "w_total1_sum")
    f.w_revenue1 = xp.total(t1 * f.w_m1, "w_revenue1_sum")
    return f
