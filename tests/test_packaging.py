"""The environment a teacher installs is the one CI tests: requirements.txt matches uv.lock."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _locked():
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    return {p["name"]: p["version"] for p in lock["package"] if "version" in p}


def _required():
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
        if match:
            pins[match.group(1).lower().replace("_", "-")] = match.group(2)
    return pins


def test_requirements_pins_equal_the_lock():
    locked, required = _locked(), _required()
    assert len(required) > 100
    mismatched = {n: (v, locked.get(n)) for n, v in required.items() if locked.get(n) != v}
    assert not mismatched, f"run `make lock`: {mismatched}"


def test_jupyter_book_is_version_1():
    assert _locked()["jupyter-book"].startswith("1.")
    assert _required()["jupyter-book"].startswith("1.")


def test_teachers_get_the_package_and_what_chapters_import():
    text = (ROOT / "requirements.txt").read_text()
    assert re.search(r"^-e \.$", text, re.MULTILINE)
    for name in ("altair", "ipywidgets", "myst-nb", "jupytext", "vl-convert-python", "pandas"):
        assert name in _required(), name
