"""Fixtures for the tests at this level (the browser tests have their own in browser/).

The extensions' tests build small Sphinx projects with Sphinx's own test fixtures
(``sphinx.testing``): ``@pytest.mark.sphinx("html", testroot="selfcheck")`` gives an ``app``
built from ``roots/test-selfcheck/`` (copied to a temporary folder), and ``make_app(...)``
builds a project a test writes itself. Both give each build a fresh docutils registry and
the warnings as text (``app.warning.getvalue()``).
"""

from pathlib import Path

import pytest

pytest_plugins = ("sphinx.testing.fixtures",)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``testroot="name"`` projects live: ``tests/roots/test-<name>/``."""
    return Path(__file__).resolve().parent / "roots"


#: Sphinx projects for the tests, not test modules (their conf.py would clash as "conf").
collect_ignore = ["roots"]
