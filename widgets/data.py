"""Read the book's data package: small, local, documented tables.

Every table in ``data/`` is a resource of the Frictionless data package
``data/datapackage.json``, which records its fields and their types, its sources,
the date of its figures (``as_of``) and its licence. This module reads that
descriptor and the CSV files with pandas only: no network, no frictionless at run
time. How each file was assembled is in ``data/README.md``.

Examples
--------
>>> from widgets import data
>>> trade = data.load("us_china_goods_trade")
>>> round(float(trade.set_index("year").loc[2025, "us_imports_from_china"]), 1)
308.7
>>> data.source("us_china_goods_trade")["publisher"]
'U.S. Census Bureau'
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

__all__ = ["DATA_DIR", "latest_updates", "load", "resources", "source"]

#: Folder holding ``datapackage.json`` and the CSV files (``<repo>/data``).
DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# Frictionless field types -> pandas dtypes. Integers are nullable so that an
# empty cell reads as <NA> instead of turning the column into floats.
_DTYPES = {
    "integer": "Int64",
    "number": "float64",
    "string": "string",
    "boolean": "boolean",
    "year": "Int64",
}
_DATE_TYPES = {"date", "datetime"}


@lru_cache(maxsize=1)
def _package() -> dict:
    with open(DATA_DIR / "datapackage.json", encoding="utf-8") as fh:
        return json.load(fh)


def _resource(name: str) -> dict:
    for resource in _package()["resources"]:
        if resource["name"] == name:
            return resource
    raise ValueError(f"unknown data resource {name!r}; available: {', '.join(resources())}")


def resources() -> list[str]:
    """Names of the tables in the data package, in the package's order.

    Returns
    -------
    list of str
        Resource names, each usable with :func:`load` and :func:`source`.

    Examples
    --------
    >>> from widgets.data import resources
    >>> "us_china_goods_trade" in resources()
    True
    """
    return [resource["name"] for resource in _package()["resources"]]


def load(name: str) -> pd.DataFrame:
    """Read one table of the data package with the types its schema declares.

    Integer fields become nullable ``Int64``, numbers ``float64``, strings the
    pandas ``string`` dtype and dates ``datetime64``; an empty cell is missing.
    Units are in each field's description in ``data/datapackage.json``.

    Parameters
    ----------
    name : str
        Resource name, one of :func:`resources`.

    Returns
    -------
    pandas.DataFrame
        A fresh copy of the table: changing it does not change later loads.

    Raises
    ------
    ValueError
        If ``name`` is not a resource of the package.

    Examples
    --------
    The US tariff stack on a Chinese List 3 good, summed per regime (percent
    of customs value; regimes in file order: 10 Oct 2025, the threat of that
    day, after Busan, after the Supreme Court ruling):

    >>> from widgets.data import load
    >>> stack = load("us_tariff_stack_oct2025")
    >>> stack.groupby("regime", sort=False)["rate_pct"].sum().tolist()
    [55.0, 155.0, 45.0, 35.0]
    >>> stack["in_force_from"].dtype.kind
    'M'
    >>> load("tariff_war")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: unknown data resource 'tariff_war'; available: ...
    """
    resource = _resource(name)
    fields = resource["schema"]["fields"]
    dtypes = {
        f["name"]: _DTYPES.get(f["type"], "string") for f in fields if f["type"] not in _DATE_TYPES
    }
    dates = [f["name"] for f in fields if f["type"] in _DATE_TYPES]
    frame = pd.read_csv(
        DATA_DIR / resource["path"],
        dtype=dtypes,
        keep_default_na=False,
        na_values=[""],
        encoding=resource.get("encoding", "utf-8"),
    )
    for column in dates:
        frame[column] = pd.to_datetime(frame[column], format="ISO8601")
    return frame[[f["name"] for f in fields]]


def source(name: str) -> dict[str, str]:
    """Provenance of one table as plain strings, for figure captions.

    Several sources or licences are joined with ``"; "``.

    Parameters
    ----------
    name : str
        Resource name, as for :func:`load` (which raises the same ``ValueError`` for
        a name that is not in the package).

    Returns
    -------
    dict of str to str
        ``title`` and ``publisher`` of the source(s), ``url`` of the (first)
        source, ``as_of`` (date or vintage of the figures, ISO format) and
        ``licence``.

    Examples
    --------
    >>> from widgets.data import source
    >>> info = source("us_china_goods_trade")
    >>> f"Source: {info['publisher']}, data as of {info['as_of']}."
    'Source: U.S. Census Bureau, data as of 2026-06.'
    >>> sorted(info)
    ['as_of', 'licence', 'publisher', 'title', 'url']
    """
    resource = _resource(name)
    sources = resource.get("sources", [])
    licences = resource.get("licenses") or _package().get("licenses", [])

    def join(values):
        return "; ".join(dict.fromkeys(v for v in values if v))

    return {
        "title": join(s.get("title", "") for s in sources),
        "publisher": join(s.get("publisher", "") for s in sources),
        "url": sources[0].get("path", "") if sources else "",
        "as_of": str(resource.get("as_of", "")),
        "licence": join(lic.get("title") or lic.get("name", "") for lic in licences),
    }


def latest_updates(count: int = 6) -> pd.DataFrame:
    """The most recently dated tables of the data package, newest first.

    For the front page's "What changed since the last update". Dates are the resources'
    ``as_of`` values (ISO dates or months, compared as text: ``2026-06-30`` is newer than
    ``2026-06``); ties keep the package's order.

    Parameters
    ----------
    count : int
        How many tables to list (at least 1).

    Returns
    -------
    pandas.DataFrame
        Columns ``Data`` (the resource's title), ``As of`` and ``Resource`` (its name).

    Examples
    --------
    >>> from widgets.data import latest_updates
    >>> table = latest_updates(3)
    >>> list(table.columns), len(table)
    (['Data', 'As of', 'Resource'], 3)
    >>> table["As of"].is_monotonic_decreasing
    True
    >>> latest_updates(0)
    Traceback (most recent call last):
    ...
    ValueError: count must be at least 1, got 0
    """
    if count < 1:
        raise ValueError(f"count must be at least 1, got {count}")
    rows = [
        {"Data": r.get("title", r["name"]), "As of": str(r.get("as_of", "")), "Resource": r["name"]}
        for r in _package()["resources"]
        if r.get("as_of")
    ]
    rows.sort(key=lambda row: row["As of"], reverse=True)  # stable: ties keep package order
    return pd.DataFrame(rows[:count], columns=["Data", "As of", "Resource"])
