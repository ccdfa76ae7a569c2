"""Who bears a port fee, step by step: a static figure built from the port-fee model.

Issue 17 asks for a picture before an explorer uses its terms. The port-fees chapter shows
this figure in "Who bears a port fee?", before its calculator: three panels stacked one
above the other (they read on a phone's column too), for one ship and phase of
:func:`widgets.models.port_fees.port_fee_outcome`:

1. **only liable ships pay**: the fee per 40-foot box on the same ship, Chinese-operated
   (US Annex I), Chinese-built (Annex II) or neither (no fee);
2. **the fee is a wedge** between what the shipper pays for a box and what the carrier
   keeps, drawn at its two limits: the freight rate unchanged (the carrier bears the fee)
   and a surcharge of the whole fee (the shipper bears it);
3. **passed on, it is small next to the goods**: the fee as a share of the freight rate
   and of the cargo's value (the model's ``share_of_freight_rate`` and
   ``share_of_cargo_value``).

The model sizes the fee per box; it has no demand or supply of shipping, so it does not
say where between the two limits the freight rate settles. The figure draws the limits
and says so; the chapter's prose argues where the split falls. Every number is a field of
a :class:`~widgets.models.port_fees.PortFeeOutcome`; the only arithmetic here is the
wedge's own accounting (what the shipper pays = what the carrier keeps + the fee).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import altair as alt
import pandas as pd

from widgets.charts.kit import EMBED, format_number
from widgets.charts.theme import BLUE, GREY, INK, VERMILLION
from widgets.models.port_fees import SCHEDULE_YEARS, PortFeeOutcome, port_fee_outcome

__all__ = [
    "STEPS",
    "SHIPS",
    "CASES",
    "FeeIncidenceSteps",
    "fee_incidence_steps",
    "fee_incidence_chart",
]

#: The panels, in reading order: (title, subtitle lines); ``{phase}``, ``{teu}`` and
#: ``{fee}`` are filled in from the model by :func:`fee_incidence_chart`.
STEPS = (
    ("Step 1. Only liable ships pay",
     ["Fee per 40-foot box, {teu}-TEU ship,",
      "{phase}, by who runs or built it"]),
    ("Step 2. The fee is a wedge",
     ["Per box, the shipper pays the bar and",
      "the carrier keeps the blue part. The model",
      "sizes the {fee} fee, not its split: two limits"]),
    ("Step 3. Small for the goods",
     ["If passed on in full: the {fee} fee as a",
      "share of the freight rate and of the goods"]),
)  # fmt: skip

#: The ships of panel 1: (category of the model, label). The first is the liable ship
#: whose fee panels 2 and 3 follow (the chapter's worked example).
SHIPS = (
    ("china_operated", "Chinese-operated"),
    ("china_built", "Chinese-built"),
    ("other", "Neither"),
)

#: The rows of panel 2: the wedge without a fee and at its two limits.
CASES = ("No fee", "Carrier bears it", "Shipper bears it")
_KEEPS, _FEE = "Carrier keeps", "Fee"
_PHASES = ("first phase", "second phase", "third phase", "fourth phase")
#: Panels' plotting width and their row labels' width (px): together they fit a 390-px
#: phone unscaled, and the title lines above (at most about 255 px in the widest system
#: font, DejaVu Sans) fit the panel without being broken again by the page script.
_WIDTH, _LABELS = 225, 110


@dataclass(frozen=True)
class FeeIncidenceSteps:
    """The figure's numbers, read off the model's outcomes.

    ``outcomes`` maps each category of :data:`SHIPS` to its :class:`PortFeeOutcome`;
    ``ships`` has the fee per box of each (panel 1); ``wedge`` one row per case of
    :data:`CASES` and part (what the carrier keeps, the fee), with the bar's ``start``
    and ``end`` and ``shipper_pays`` (panel 2); ``shares`` the liable ship's fee as a
    share of the freight rate and of the cargo's value (panel 3).
    """

    outcomes: Mapping[str, PortFeeOutcome]
    ships: pd.DataFrame
    wedge: pd.DataFrame
    shares: pd.DataFrame

    @property
    def liable(self) -> PortFeeOutcome:
        """The outcome of the liable ship panels 2 and 3 follow."""
        return self.outcomes[SHIPS[0][0]]


def fee_incidence_steps(
    *, schedule_year: int = 2025, capacity_teu: float = 14_000, **conversion
) -> FeeIncidenceSteps:
    """The figure's numbers for one ship size and phase.

    ``conversion`` goes to :func:`port_fee_outcome` unchanged (``load_factor``,
    ``freight_rate_per_container``, ...; the model's defaults otherwise).

    Examples
    --------
    The chapter's worked example: $580 a box, 25% of the freight rate of $2,290.

    >>> steps = fee_incidence_steps()
    >>> steps.ships.set_index("category")["fee"].round(2).to_dict()
    {'china_operated': 580.0, 'china_built': 208.8, 'other': 0.0}
    >>> steps.wedge.groupby("case", sort=False)["shipper_pays"].first().round(2).tolist()
    [2290.0, 2290.0, 2870.0]
    """
    outcomes = {
        category: port_fee_outcome(category=category, schedule_year=schedule_year,
                                   capacity_teu=capacity_teu, **conversion)
        for category, _ in SHIPS
    }  # fmt: skip
    ships = pd.DataFrame(
        [{"category": c, "ship": label, "fee": outcomes[c].fee_per_container,
          "text": f"${format_number(outcomes[c].fee_per_container, ',.0f')}"}
         for c, label in SHIPS]
    )  # fmt: skip
    liable = outcomes[SHIPS[0][0]]
    rate, fee = liable.freight_rate_per_container, liable.fee_per_container
    # The wedge's accounting: the shipper pays what the carrier keeps plus the fee.
    keeps = {"No fee": rate, "Carrier bears it": rate - fee, "Shipper bears it": rate}
    charged = {"No fee": 0.0, "Carrier bears it": fee, "Shipper bears it": fee}
    rows = []
    for case in CASES:
        pays = keeps[case] + charged[case]
        parts = [(_KEEPS, 0.0, keeps[case])]
        if charged[case] > 0:
            parts.append((_FEE, keeps[case], pays))
        rows += [
            {"case": case, "part": part, "amount": end - start, "start": start, "end": end,
             "carrier_keeps": keeps[case], "fee": charged[case], "shipper_pays": pays,
             "text": f"${format_number(end - start, ',.0f')}",
             "pays_text": f"${format_number(pays, ',.0f')}",
             "pays_label": f"pays ${format_number(pays, ',.0f')}"}
            for part, start, end in parts
        ]  # fmt: skip
    shares = pd.DataFrame(
        [{"of": "Freight rate", "share": liable.share_of_freight_rate,
          "text": f"{format_number(100 * liable.share_of_freight_rate, '.0f')}%"},
         {"of": "Cargo's value", "share": liable.share_of_cargo_value,
          "text": f"{format_number(100 * liable.share_of_cargo_value, '.2f')}%"}]
    )  # fmt: skip
    return FeeIncidenceSteps(outcomes, ships, pd.DataFrame(rows), shares)


def _title(step: int, **values) -> alt.Title:
    title, subtitle = STEPS[step]
    return alt.Title(title, subtitle=[line.format(**values) for line in subtitle])


def _labels(limit: int = _LABELS) -> alt.Axis:
    """The row labels of a panel: one width in every panel, so the panels line up."""
    return alt.Axis(title=None, labelLimit=limit, minExtent=limit, labelPadding=5, ticks=False,
                    domain=False)  # fmt: skip


def fee_incidence_chart(steps: FeeIncidenceSteps, *, width: int = _WIDTH) -> alt.VConcatChart:
    """The three panels, one above the other (see the module's docstring)."""
    liable = steps.liable
    values = {
        "teu": format_number(liable.capacity_teu, ",.0f"),
        "phase": _PHASES[SCHEDULE_YEARS.index(liable.schedule_year)],
        "fee": f"${format_number(liable.fee_per_container, ',.0f')}",
    }
    # Value labels sit beside their bars, in the text colour (never on a coloured fill);
    # marks are hidden from screen readers (axe-core svg-img-alt): the description and
    # the tables carry the numbers.
    text = {"align": "left", "dx": 4, "color": INK, "aria": False}
    names = [label for _, label in SHIPS]
    top_fee = float(steps.ships["fee"].max())
    fee_x = alt.X("fee:Q", title="Fee per box ($)", axis=alt.Axis(tickCount=4),
                  scale=alt.Scale(domain=[0, top_fee * 1.3]))  # fmt: skip
    ship_y = alt.Y("ship:N", sort=names, axis=_labels())
    ships = alt.Chart(steps.ships).encode(y=ship_y)
    panel1 = alt.layer(
        ships.mark_bar(aria=False).encode(
            x=fee_x,
            color=alt.condition(alt.datum.fee > 0, alt.value(VERMILLION), alt.value(GREY)),
        ),
        ships.mark_text(**text).encode(x="fee:Q", text="text:N"),
    ).properties(width=width, height=90, title=_title(0, **values))

    top_pay = float(steps.wedge["shipper_pays"].max())
    parts = alt.Scale(domain=[_KEEPS, _FEE], range=[BLUE, VERMILLION])
    case_y = alt.Y("case:N", sort=list(CASES), axis=_labels())
    wedge = alt.Chart(steps.wedge).encode(y=case_y)
    pays_x = alt.X("start:Q", title="What the shipper pays per box ($)",
                   axis=alt.Axis(tickCount=4),
                   scale=alt.Scale(domain=[0, top_pay * 1.5]))  # fmt: skip
    legend = alt.Legend(title=None, orient="top", labelExpr=(
        f"datum.label == '{_FEE}' ? 'Fee ({values['fee']})' : datum.label"))  # fmt: skip
    panel2 = alt.layer(
        wedge.mark_bar(aria=False).encode(
            x=pays_x, x2="end:Q", color=alt.Color("part:N", scale=parts, legend=legend)
        ),
        # What the carrier keeps, inside its (blue) part: white text, 5.2:1 on the blue.
        wedge.transform_filter(alt.datum.part == _KEEPS)
        .mark_text(align="right", dx=-5, color="white", fontWeight="bold", aria=False)
        .encode(x="end:Q", text="text:N"),
        # What the shipper pays, at the bar's end.
        wedge.transform_filter(alt.datum.end == alt.datum.shipper_pays)
        .mark_text(**text).encode(x="end:Q", text="pays_label:N"),
    ).properties(width=width, height=100, title=_title(1, **values))  # fmt: skip

    share_y = alt.Y("of:N", sort=list(steps.shares["of"]), axis=_labels())
    shares = alt.Chart(steps.shares).encode(y=share_y)
    top_share = float(steps.shares["share"].max())
    share_x = alt.X("share:Q", title="Share", axis=alt.Axis(format=".0%", tickCount=4),
                    scale=alt.Scale(domain=[0, top_share * 1.4]))  # fmt: skip
    panel3 = alt.layer(
        shares.mark_bar(color=VERMILLION, aria=False).encode(x=share_x),
        shares.mark_text(**text).encode(x="share:Q", text="text:N"),
    ).properties(width=width, height=64, title=_title(2, **values))

    fees = dict(zip(steps.ships["ship"], steps.ships["text"], strict=True))
    case = steps.wedge.groupby("case", sort=False).first()
    kept = format_number(case.loc["Carrier bears it", "carrier_keeps"], ",.0f")
    description = (
        f"Three bar charts, one above the other, for a {values['teu']}-TEU container ship in "
        f"the {values['phase']} of the fees. Top: the fee per 40-foot box is {fees[names[0]]} "
        f"if the ship is Chinese-operated, {fees[names[1]]} if it is Chinese-built and run by "
        f"another carrier, and {fees[names[2]]} otherwise. Middle: the fee is a wedge between "
        f"what the shipper pays and what the carrier keeps. Without a fee both are "
        f"{case.loc['No fee', 'pays_text']}. If the freight rate does not change, the carrier "
        f"bears the fee and keeps ${kept}; "
        f"if the carrier adds the whole fee to the rate, the shipper bears it and pays "
        f"{case.loc['Shipper bears it', 'pays_text']}. The model gives the size of the fee, "
        f"not how it is split. Bottom: the fee is {steps.shares['text'].iloc[0]} of the "
        f"freight rate but {steps.shares['text'].iloc[1]} of the value of the goods in the box."
    )
    return (
        alt.vconcat(panel1, panel2, panel3, spacing=22)
        .resolve_scale(color="independent")
        .properties(usermeta=EMBED, description=description)
    )
