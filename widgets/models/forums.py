"""Who sits in which forum, and how much of the world economy each forum speaks for.

Pure helpers on a membership matrix: one row per economy, one column per forum,
``True`` where the economy is a member. A forum's weight is the share of world GDP
produced by its members. Economies without data are left out of the sum and
counted, so a share is never silently computed over fewer members than the forum has.

Examples
--------
>>> matrix = membership_matrix({"G7": ["USA", "JPN"], "APEC": ["USA", "CHN"]},
...                            economies=["USA", "JPN", "CHN"], forums=["G7", "APEC"])
>>> matrix.astype(int).tolist()
[[1, 1], [1, 0], [0, 1]]
>>> forum_share(matrix[:, 1], gdp=[25.0, 4.0, 18.0], world_gdp=100.0).share
0.43
>>> overlap_counts(matrix).tolist()
[[2, 1], [1, 2]]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from widgets.models._checks import positive

__all__ = ["ForumShare", "membership_matrix", "forum_share", "forum_shares", "overlap_counts"]


def membership_matrix(
    members: Mapping[str, Iterable[str]], *, economies: Sequence[str], forums: Sequence[str]
) -> np.ndarray:
    """Boolean matrix (economies x forums): ``True`` where an economy belongs to a forum.

    Parameters
    ----------
    members : mapping of forum name to the codes of its member economies.
    economies : the row order (economy codes, unique).
    forums : the column order (forum names, unique; each must be a key of ``members``).

    Raises
    ------
    ValueError
        If ``economies`` or ``forums`` repeat a name, a forum has no entry in ``members``,
        or a member is not one of ``economies``.

    Examples
    --------
    >>> membership_matrix({"G7": ["CAN"]}, economies=["CAN", "MEX"], forums=["G7"]).tolist()
    [[True], [False]]
    """
    economies, forums = list(economies), list(forums)
    if len(set(economies)) != len(economies):
        raise ValueError("economies: codes must be unique")
    if len(set(forums)) != len(forums):
        raise ValueError("forums: names must be unique")
    row = {code: i for i, code in enumerate(economies)}
    matrix = np.zeros((len(economies), len(forums)), dtype=bool)
    for j, forum in enumerate(forums):
        if forum not in members:
            raise ValueError(f"members: no member list for forum {forum!r}")
        for code in members[forum]:
            if code not in row:
                raise ValueError(f"members: {code!r} (in {forum}) is not one of the economies")
            matrix[row[code], j] = True
    return matrix


@dataclass(frozen=True)
class ForumShare:
    """A forum's weight in the world economy.

    Attributes
    ----------
    members : number of member economies in the table.
    members_with_data : members whose GDP is known (the others are left out of ``gdp``).
    gdp : sum of the known members' GDP, in the units of the input.
    share : ``gdp / world_gdp``, a fraction between 0 and 1.
    """

    members: int
    members_with_data: int
    gdp: float
    share: float


def forum_share(is_member: Sequence[bool], *, gdp: Sequence[float], world_gdp: float) -> ForumShare:
    """Share of world GDP produced by a forum's members.

    .. math:: s_f = \\frac{\\sum_i m_{if}\\, Y_i}{Y_{\\text{world}}}

    where :math:`m_{if}` is 1 if economy :math:`i` belongs to forum :math:`f` and
    :math:`Y_i` is its GDP. Members whose GDP is missing (NaN) are counted in
    ``members`` but not in ``members_with_data`` or the sum.

    Parameters
    ----------
    is_member : one boolean per economy.
    gdp : one GDP per economy (any currency unit, e.g. billions of US dollars); NaN if unknown.
    world_gdp : world GDP in the same unit; positive.

    Raises
    ------
    ValueError
        If the lengths differ, a GDP is negative or infinite, ``world_gdp`` is not positive
        and finite, or the members' GDP exceeds ``world_gdp``.

    Examples
    --------
    >>> forum_share([True, False, True], gdp=[30.0, 50.0, float("nan")], world_gdp=120.0)
    ForumShare(members=2, members_with_data=1, gdp=30.0, share=0.25)
    """
    mask = np.asarray(is_member, dtype=bool)
    values = np.asarray(gdp, dtype=float)
    if mask.shape != values.shape or mask.ndim != 1:
        raise ValueError("gdp: needs one value per economy in is_member")
    world_gdp = positive(world_gdp, "world_gdp")
    known = ~np.isnan(values)
    if np.any(np.isinf(values)) or np.any(values[known] < 0):
        raise ValueError("gdp: values must be non-negative and finite (NaN for unknown)")
    total = float(values[mask & known].sum())
    if total > world_gdp * (1 + 1e-12):
        raise ValueError(f"world_gdp: {world_gdp} is smaller than the members' GDP {total}")
    return ForumShare(
        members=int(mask.sum()),
        members_with_data=int((mask & known).sum()),
        gdp=total,
        share=total / world_gdp,
    )


def forum_shares(matrix: np.ndarray, *, gdp: Sequence[float], world_gdp: float) -> list[ForumShare]:
    """:func:`forum_share` for every column of a membership matrix, in column order.

    Examples
    --------
    >>> m = np.array([[True, True], [False, True]])
    >>> [s.share for s in forum_shares(m, gdp=[1.0, 3.0], world_gdp=10.0)]
    [0.1, 0.4]
    """
    matrix = np.asarray(matrix, dtype=bool)
    if matrix.ndim != 2:
        raise ValueError("matrix: must be two-dimensional (economies x forums)")
    return [forum_share(matrix[:, j], gdp=gdp, world_gdp=world_gdp) for j in range(matrix.shape[1])]


def overlap_counts(matrix: np.ndarray) -> np.ndarray:
    """Number of economies in both forum ``j`` and forum ``k`` (a symmetric forums x forums matrix).

    The diagonal is each forum's member count.

    Examples
    --------
    >>> overlap_counts(np.array([[1, 1, 0], [0, 1, 1]], dtype=bool)).tolist()
    [[1, 1, 0], [1, 2, 1], [0, 1, 1]]
    """
    matrix = np.asarray(matrix)
    if matrix.ndim != 2 or matrix.dtype != bool:
        raise ValueError("matrix: must be a two-dimensional boolean array (economies x forums)")
    m = matrix.astype(np.int64)
    return m.T @ m
