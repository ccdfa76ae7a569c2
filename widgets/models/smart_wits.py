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

from widgets.models import _checks

__all__ = ["WitsOutcome", "wits_smart_outcome"]


@dataclass(frozen=True)
class WitsOutcome:
    """Imports by partner under the WITS SMART formulas (arrays in partner order).

    Attributes
    ----------
    partners : tuple of str
    baseline_imports, trade_creation, trade_diversion, new_imports : numpy.ndarray
        ``new_imports = baseline_imports + trade_creation + trade_diversion``; a
        linear creation can push it below zero for large tariff rises.
    """

    partners: tuple
    baseline_imports: np.ndarray
    trade_creation: np.ndarray
    trade_diversion: np.ndarray
    new_imports: np.ndarray

    @property
    def change(self) -> np.ndarray:
        """Change in imports by partner."""
        return self.new_imports - self.baseline_imports


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
    names = list(partners) if not isinstance(partners, (str, bytes)) else None
    if not names or any(not isinstance(p, str) or not p for p in names):
        raise ValueError(f"partners must be a non-empty list of names, got {partners!r}")
    if len(set(names)) != len(names):
        raise ValueError(f"partners must be distinct, got {names!r}")
    if partner not in names:
        raise ValueError(f"partner must be one of {names!r}, got {partner!r}")
    n = len(names)
    m0 = _checks.vector(baseline_imports, "baseline_imports", n)
    t0 = _checks.vector(old_tariffs, "old_tariffs", n)
    t1 = _checks.vector(new_tariffs, "new_tariffs", n)
    eps = _checks.positive(import_demand_elasticity, "import_demand_elasticity")
    sigma = _checks.positive(substitution_elasticity, "substitution_elasticity")
    if m0.sum() <= 0:
        raise ValueError("baseline_imports must have a positive total, got all zeros")

    focus = names.index(partner)
    others = np.arange(n) != focus
    r = (1 + t1) / (1 + t0)
    creation = eps * m0 * (t0 - t1) / (1 + t0) + 0.0  # + 0.0: no negative zeros
    diversion = np.zeros(n)
    if others.any():
        r_o = r[others]
        if not np.allclose(r_o, r_o[0], rtol=1e-12, atol=0):
            raise ValueError(
                "new_tariffs must change every partner but `partner` by the same factor "
                "(SMART's diversion formula is one partner against the rest)"
            )
        rho = r[focus] / r_o[0] - 1
        m_f, m_o = m0[focus], m0[others].sum()
        denominator = m_f + m_o - m_f * sigma * rho
        td = -m_f * m_o * sigma * rho / denominator if denominator > 0 else -m_f
        td = min(max(td, -m_f), m_o)  # diversion cannot exceed the trade it moves
        diversion[focus] = td
        if m_o > 0:
            diversion[others] = -td * m0[others] / m_o
    return WitsOutcome(
        partners=tuple(names),
        baseline_imports=m0,
        trade_creation=creation,
        trade_diversion=diversion,
        new_imports=m0 + creation + diversion,
    )
