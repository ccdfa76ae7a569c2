"""The shared helper of the local extensions (``_ext/_assets.py``).

Every extension registers a fingerprint of its code (and assets): editing the extension must
rebuild what it wrote, although no page source changed.
"""

from __future__ import annotations

import importlib.util
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from _ext import _assets

ROOT = Path(__file__).resolve().parents[1]

#: extension -> (extensions of the test project, rebuild kind of its fingerprint)
EXTENSIONS = {
    "chapter_tools": (["myst_parser", "_ext.chapter_tools"], "html"),
    "glossary_tips": (["myst_parser", "_ext.glossary_tips"], "env"),
    "accessibility": (["myst_nb", "_ext.accessibility"], "html"),
    "selfcheck": (["myst_parser", "_ext.selfcheck"], "env"),
    "offline_assets": (["myst_parser", "_ext.offline_assets"], "html"),
    "code_tables": (["myst_parser", "_ext.code_tables"], "env"),
}


CONF = """\
import json, pathlib
from _ext import _assets

_here = pathlib.Path(__file__).parent
_real = _assets.fingerprint


def _spy(*paths):  # records what is hashed; fake.txt stands for an edited extension
    with open(_here / "hashed.jsonl", "a") as log:
        log.write(json.dumps([str(p) for p in paths]) + "\\n")
    fake = _here / "fake.txt"
    return fake.read_text().strip() if fake.exists() else _real(*paths)


_assets.fingerprint = _spy
extensions = {extensions!r}
exclude_patterns = ["_vendor"]
chapter_tools_docs = "nothing"
html_theme = "basic"
"""


def _build(src: Path, out: Path, extensions: list[str]) -> None:
    """A build in a process of its own (myst-nb changes Sphinx's registries for good)."""
    (src / "conf.py").write_text(CONF.format(extensions=extensions))
    args = [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(out)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # the book's root: `_ext` is importable
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr


def test_fingerprint_follows_the_files(tmp_path):
    a, b = tmp_path / "a.py", tmp_path / "b.css"
    a.write_text("x = 1\n")
    b.write_text("p {}\n")
    first = _assets.fingerprint(a, b)
    assert len(first) == 16 and first == _assets.fingerprint(a, b)
    b.write_text("p { color: red }\n")
    assert _assets.fingerprint(a, b) != first


def test_ship_page_assets_rejects_other_files():
    with pytest.raises(ValueError, match="neither .css nor .js"):
        _assets.ship_page_assets(None, "x", ROOT, ["logo.svg"], lambda *a: True)


@pytest.mark.parametrize("name", sorted(EXTENSIONS))
def test_editing_an_extension_rebuilds_its_pages(name, tmp_path):
    extensions, rebuild = EXTENSIONS[name]
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "index.md").write_text("# Book\n\nSome text.\n")
    _build(src, out, extensions)
    module = importlib.util.find_spec(f"_ext.{name}").origin  # a module, or a package's __init__
    hashed = [json.loads(line) for line in (src / "hashed.jsonl").read_text().splitlines()]
    assert any(module in paths for paths in hashed), hashed
    env = pickle.loads((out / ".doctrees" / "environment.pickle").read_bytes())
    assert env.config.values[f"{name}_fingerprint"].rebuild == rebuild

    # The extension's code "changes": its fingerprint does, and the stale page is rewritten.
    page = out / "index.html"
    page.write_text("stale")
    (src / "fake.txt").write_text("0123456789abcdef")
    _build(src, out, extensions)
    assert "Some text." in page.read_text()
