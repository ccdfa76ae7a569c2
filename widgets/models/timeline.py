"""Pure helpers for the escalation timeline: checking event records and step functions.

Two kinds of objects appear in the chapter on the October 2025 escalation:

* **events**: dated, sourced records (``data/events.csv``), each classed by the policy
  instrument it used. :func:`validate_events` checks their dates and order (the data
  package's schema holds the rules on single fields) and
  :func:`filter_events` selects them the way the website's timeline does (by instrument
  and by a brushed period);
* **rates in force**: a tariff that changes on given dates is a *step function* of time.
  It jumps on the day a measure takes effect and stays there until the next change.
  :func:`step_value` evaluates one on given days and :func:`step_path` gives the vertices
  of the line that draws it.

numpy and the standard library only; dates are ISO strings (``"2025-10-09"``) or
``numpy.datetime64`` values, compared at day resolution.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

__all__ = [
    "INSTRUMENTS",
    "KINDS",
    "REQUIRED_FIELDS",
    "filter_events",
    "step_path",
    "step_value",
    "to_days",
    "validate_events",
]

#: The policy instruments of the book, in the order the chapters teach them.
INSTRUMENTS: tuple[str, ...] = ("tariff", "port fee", "export control", "forum", "negotiation")
#: What an event is: a measure taking effect, a threat, an announcement of a future
#: measure, a meeting, a court or WTO ruling, or the suspension of an earlier measure.
KINDS: tuple[str, ...] = ("measure", "threat", "announcement", "meeting", "ruling", "suspension")
#: Fields every event must have, non-empty (``required`` in the data package's schema).
REQUIRED_FIELDS: tuple[str, ...] = (
    "date",
    "instrument",
    "kind",
    "actor",
    "event",
    "description",
    "source_url",
    "publisher",
    "verified",
)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def to_days(dates, *, name: str = "dates") -> np.ndarray:
    """Convert ISO date strings (or datetime64 values) to ``datetime64[D]``.

    Parameters
    ----------
    dates : str, datetime64 or sequence of them
        Calendar dates, ``YYYY-MM-DD``.
    name : str
        The parameter's name, used in the error message.

    Returns
    -------
    numpy.ndarray of datetime64[D]

    Raises
    ------
    ValueError
        If a value is not a valid calendar date (the message names ``name``).

    Examples
    --------
    >>> to_days(["2025-10-17", "2025-10-18"]).tolist()
    [datetime.date(2025, 10, 17), datetime.date(2025, 10, 18)]
    """
    values = np.atleast_1d(np.asarray(dates, dtype=object))
    out = np.empty(values.shape, dtype="datetime64[D]")
    for i, value in enumerate(values.flat):
        if isinstance(value, str) and not _ISO_DATE.match(value):
            raise ValueError(f"{name}: {value!r} is not an ISO date (YYYY-MM-DD)")
        try:
            out.flat[i] = np.datetime64(value, "D")
        except (ValueError, TypeError) as error:
            raise ValueError(f"{name}: {value!r} is not a valid date") from error
        if np.isnat(out.flat[i]):
            raise ValueError(f"{name}: a date is missing (NaT)")
    return out


def validate_events(events: Sequence[Mapping[str, object]]) -> None:
    """Check what the data package's schema cannot: each row's dates, and the rows' order.

    The rules on single fields (the :data:`REQUIRED_FIELDS` present, a known
    ``instrument`` and ``kind``, ISO dates, an ``http(s)`` source URL, a verification
    flag) are constraints of the ``events`` resource in ``data/datapackage.json``,
    checked with frictionless by ``tests/test_data.py`` and
    ``tests/test_data_escalation.py``. This function adds the rules across fields and
    rows: an ``end_date``, if given, no earlier than ``date``, and the records sorted by
    date (then end date), as the timeline table is.

    Parameters
    ----------
    events : sequence of mappings
        One mapping per event, with the columns of ``data/events.csv``. A missing
        ``end_date`` may be ``None``, ``""`` or NaN.

    Raises
    ------
    ValueError
        On the first problem found; the message names the field and the row.

    Examples
    --------
    >>> validate_events([dict(date="2025-10-09"), dict(date="2025-10-30", end_date="2025-11-01")])
    >>> validate_events([dict(date="2025-10-30"), dict(date="2025-10-09")])
    Traceback (most recent call last):
    ...
    ValueError: date: row 1 is out of order (the table is sorted by date)
    """
    if isinstance(events, Mapping) or isinstance(events, str):
        raise ValueError("events: expected a sequence of records, one mapping per event")
    previous = None
    for row, event in enumerate(events):
        if _missing(event.get("date")):
            raise ValueError(f"date: row {row} has no value")
        start = to_days(str(event["date"]), name=f"date (row {row})")[0]
        end = start
        if not _missing(event.get("end_date")):
            end = to_days(str(event["end_date"]), name=f"end_date (row {row})")[0]
            if end < start:
                raise ValueError(f"end_date: row {row} ends before it starts")
        if previous is not None and (start, end) < previous:
            raise ValueError(f"date: row {row} is out of order (the table is sorted by date)")
        previous = (start, end)


def filter_events(
    events: Iterable[Mapping[str, object]],
    *,
    instrument: str | None = None,
    start=None,
    end=None,
) -> list[Mapping[str, object]]:
    """The events the website's timeline shows for an instrument and a brushed period.

    An event is kept when its instrument matches (``None`` keeps all) and its start date
    lies in ``[start, end]`` (either bound may be ``None``). This mirrors the chart's
    filters: the instrument menu and the overview brush.

    Parameters
    ----------
    events : iterable of mappings
        Records with at least ``date`` and ``instrument``.
    instrument : str or None
        One of :data:`INSTRUMENTS`, or ``None`` for all.
    start, end : date-like or None
        Bounds of the period, inclusive.

    Returns
    -------
    list of mappings
        The kept records, in their original order.

    Raises
    ------
    ValueError
        If ``instrument`` is unknown or ``end`` is before ``start``.

    Examples
    --------
    >>> rows = [dict(date="2025-10-09", instrument="export control"),
    ...         dict(date="2025-10-10", instrument="tariff"),
    ...         dict(date="2025-11-10", instrument="tariff")]
    >>> len(filter_events(rows, instrument="tariff"))
    2
    >>> [r["date"] for r in filter_events(rows, start="2025-10-01", end="2025-10-31")]
    ['2025-10-09', '2025-10-10']
    """
    if instrument is not None and instrument not in INSTRUMENTS:
        raise ValueError(f"instrument: {instrument!r} is not one of {', '.join(INSTRUMENTS)}")
    lo = None if start is None else to_days(start, name="start")[0]
    hi = None if end is None else to_days(end, name="end")[0]
    if lo is not None and hi is not None and hi < lo:
        raise ValueError("end: the period ends before it starts")
    kept = []
    for event in events:
        if instrument is not None and event["instrument"] != instrument:
            continue
        day = to_days(str(event["date"]), name="date")[0]
        if (lo is None or day >= lo) and (hi is None or day <= hi):
            kept.append(event)
    return kept


def _check_steps(change_dates, values) -> tuple[np.ndarray, np.ndarray]:
    days = to_days(change_dates, name="change_dates")
    rates = np.asarray(values, dtype=float)
    if rates.ndim != 1 or rates.shape != days.shape:
        raise ValueError("values: need one value per change date")
    if days.size == 0:
        raise ValueError("change_dates: need at least one date")
    if np.any(np.diff(days.astype("int64")) < 0):
        raise ValueError("change_dates: dates must be in increasing order")
    if not np.all(np.isfinite(rates)):
        raise ValueError("values: every value must be a finite number")
    return days, rates


def step_value(change_dates, values, at) -> np.ndarray:
    """The value in force on given days, for a rate that changes on ``change_dates``.

    A measure that takes effect on day :math:`d_k` sets the rate to :math:`v_k` from that
    day until the day before the next change: the rate is right-continuous,

    .. math:: r(t) = v_k \\quad\\text{for } d_k \\le t < d_{k+1}.

    When two changes share a day (a rate raised twice in one day), the last one holds.
    Before the first change the rate is not known: the result is NaN.

    Parameters
    ----------
    change_dates : sequence of date-like
        Days on which the rate changes, in non-decreasing order.
    values : sequence of float
        The rate from each change on (for example percent ad valorem).
    at : date-like or sequence of date-like
        Days on which to evaluate.

    Returns
    -------
    numpy.ndarray of float
        One value per day in ``at``.

    Raises
    ------
    ValueError
        If the inputs do not match, are out of order, or are not dates and numbers
        (the message names the parameter).

    Examples
    --------
    The US IEEPA tariffs on China in 2025 (percent): 10 from 4 Feb, 20 from 4 Mar,
    104 and then 145 in April, 30 from 14 May.

    >>> dates = ["2025-02-04", "2025-03-04", "2025-04-09", "2025-04-10", "2025-05-14"]
    >>> rates = [10, 20, 104, 145, 30]
    >>> step_value(dates, rates, ["2025-02-03", "2025-04-10", "2025-05-13", "2025-10-17"])
    array([ nan, 145., 145.,  30.])
    """
    days, rates = _check_steps(change_dates, values)
    when = to_days(at, name="at")
    index = np.searchsorted(days.astype("int64"), when.astype("int64"), side="right") - 1
    out = np.full(when.shape, np.nan)
    known = index >= 0
    out[known] = rates[index[known]]
    return out


def step_path(change_dates, values, *, end) -> tuple[np.ndarray, np.ndarray]:
    """Vertices of the line that draws a step function from its first change to ``end``.

    Each change adds two vertices: the old value and the new value on the change day
    (a vertical riser), so that a plain line through the vertices is the step function.
    The last value is held until ``end``.

    Parameters
    ----------
    change_dates, values
        As in :func:`step_value`.
    end : date-like
        Last day drawn; not before the last change.

    Returns
    -------
    (numpy.ndarray of datetime64[D], numpy.ndarray of float)
        The vertices' days and values.

    Raises
    ------
    ValueError
        As :func:`step_value`, or if ``end`` is before the last change.

    Examples
    --------
    >>> days, rates = step_path(["2025-05-14", "2025-11-10"], [30, 20], end="2026-02-23")
    >>> [str(d) for d in days]
    ['2025-05-14', '2025-11-10', '2025-11-10', '2026-02-23']
    >>> rates.tolist()
    [30.0, 30.0, 20.0, 20.0]
    """
    days, rates = _check_steps(change_dates, values)
    last = to_days(end, name="end")[0]
    if last < days[-1]:
        raise ValueError("end: the path must end on or after the last change")
    out_days = [days[0]]
    out_rates = [rates[0]]
    for day, rate in zip(days[1:], rates[1:], strict=True):
        out_days += [day, day]
        out_rates += [out_rates[-1], rate]
    out_days.append(last)
    out_rates.append(rates[-1])
    return np.array(out_days, dtype="datetime64[D]"), np.array(out_rates, dtype=float)


def _missing(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and np.isnan(value):
        return True
    try:  # pandas.NA and friends
        if value != value:  # noqa: PLR0124
            return True
    except TypeError:
        return True
    return isinstance(value, str) and not value.strip()
