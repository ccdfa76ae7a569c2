"""The course pack: one zip a teacher downloads from the site and runs offline after one install.

    python -m scripts.course_pack [OUT_DIR]        (default: _build/html/course-pack)

``make book`` writes it into the site (``_ext/teaching_files.py`` calls :func:`build_pack` when
the build finishes); this command writes it alone. Contents, in a folder
``trade-policy-course-pack-<version>/``:

* ``notebooks/<name>.ipynb``: the chapter notebooks (``notebooks/``, written by ``make
  notebooks``), their setup cell written afresh from ``_ext/notebook_export.py``;
  ``notebooks/problem-set.ipynb``: the teacher's kit's problem set on the data
  (``_ext/teacher_kit/problems.py``; its key is on the site, not in the pack);
* ``trade_policy_book-<version>-py3-none-any.whl``: the book's package ``widgets`` (models,
  charts, explorers), built here (:func:`build_wheel`: pure Python, no build backend, no
  network; reproducible bytes);
* ``data/``: the data package the notebooks read (``datapackage.json``, the CSV files and
  their README);
* ``requirements.txt``: the wheel and exact versions from ``uv.lock`` of everything it
  needs plus JupyterLab (:func:`pinned_requirements`: the lock's dependency graph from those
  roots, markers kept; nothing of the book's build or tests);
* ``README.md``: the two commands and what is in the pack.

Nothing else: the notebooks need the package, its dependencies, the data and a Jupyter.
The version is the package's (``pyproject.toml``) in the file name; the README also
carries a fingerprint of the contents, so two packs of one version can be told apart.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "widgets"
#: What the notebooks need besides the book's package: a Jupyter, and myst-nb for `glue`.
EXTRA_ROOTS = ("jupyterlab", "myst-nb")
DATE = (2026, 1, 1, 0, 0, 0)  # every zip entry's time: the same bytes for the same contents


def project(root: Path = ROOT) -> dict:
    return tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def wheel_name(root: Path = ROOT) -> str:
    meta = project(root)
    return f"{_norm(meta['name']).replace('-', '_')}-{meta['version']}-py3-none-any.whl"


def pack_name(root: Path = ROOT) -> str:
    return f"trade-policy-course-pack-{project(root)['version']}"


def _entry(zf: zipfile.ZipFile, path: str, data: bytes) -> None:
    info = zipfile.ZipInfo(path, date_time=DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, data)


def build_wheel(root: Path = ROOT) -> tuple[str, bytes]:
    """``(file name, bytes)`` of a pure-Python wheel of ``widgets`` (PEP 427), with the
    project's name, version, Python requirement and dependencies from ``pyproject.toml``."""
    meta = project(root)
    dist = f"{_norm(meta['name']).replace('-', '_')}-{meta['version']}"
    files = {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / PACKAGE).rglob("*.py"))
        if "__pycache__" not in p.parts
    }
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {meta['name']}",
        f"Version: {meta['version']}",
        f"Summary: {meta.get('description', '')}",
        f"Requires-Python: {meta.get('requires-python', '>=3.11')}",
        *(f"Requires-Dist: {d}" for d in meta.get("dependencies", [])),
    ]
    files[f"{dist}.dist-info/METADATA"] = ("\n".join(lines) + "\n").encode()
    files[f"{dist}.dist-info/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: scripts.course_pack\nRoot-Is-Purelib: true\n"
        b"Tag: py3-none-any\n"
    )
    record = []
    for path, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{path},sha256={digest},{len(data)}")
    record.append(f"{dist}.dist-info/RECORD,,")
    files[f"{dist}.dist-info/RECORD"] = ("\n".join(record) + "\n").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for path, data in files.items():
            _entry(zf, path, data)
    return f"{dist}-py3-none-any.whl", buffer.getvalue()


def _exported_markers(root: Path) -> dict[tuple[str, str], str]:
    """``{(name, version): marker}`` of ``requirements.txt`` (``uv export`` simplifies the
    lock's markers: ``python_full_version < '3.12'``)."""
    path = root / "requirements.txt"
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines() if path.is_file() else []:
        m = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)\s*;\s*(.+)$", line)
        if m:
            found[(_norm(m.group(1)), m.group(2))] = m.group(3).strip()
    return found


def pinned_requirements(root: Path = ROOT, extra_roots: tuple[str, ...] = EXTRA_ROOTS) -> list[str]:
    """``name==version[ ; marker]`` for the book's package's dependencies and ``extra_roots``,
    and everything they need, as locked in ``uv.lock`` (sorted by name)."""
    lock = tomllib.loads((root / "uv.lock").read_text(encoding="utf-8"))
    by_name: dict[str, list[dict]] = {}
    for package in lock["package"]:
        by_name.setdefault(_norm(package["name"]), []).append(package)
    me = by_name[_norm(project(root)["name"])][0]

    def targets(edge: dict) -> list[dict]:
        found = by_name[_norm(edge["name"])]
        if "version" in edge:
            found = [p for p in found if p["version"] == edge["version"]]
        if len(found) != 1:
            raise ValueError(f"uv.lock: cannot tell which {edge['name']} is meant")
        return found

    markers: dict[tuple[str, str], set] = {}
    todo = [*me.get("dependencies", []), *({"name": n} for n in extra_roots)]
    seen_edges: set = set()
    while todo:
        edge = todo.pop()
        (package,) = targets(edge)
        key = (package["name"], package["version"])
        extras = tuple(edge.get("extra", ()))
        markers.setdefault(key, set()).add(edge.get("marker"))
        if (key, extras) in seen_edges:
            continue
        seen_edges.add((key, extras))
        todo += package.get("dependencies", [])
        for extra in extras:
            todo += package.get("optional-dependencies", {}).get(extra, [])
    lines = []
    for (name, version), marks in sorted(markers.items()):
        line = f"{name}=={version}"
        forks = by_name[_norm(name)]
        if len(forks) > 1:  # one version per set of environments: the lock's own markers
            exported = _exported_markers(root).get((_norm(name), version))
            (package,) = [p for p in forks if p["version"] == version]
            marks = {exported} if exported else set(package.get("resolution-markers", [])) or marks
        if None not in marks:
            line += " ; " + " or ".join(sorted(marks) if len(marks) == 1
                                        else [f"({m})" for m in sorted(marks)])  # fmt: skip
        lines.append(line)
    return lines


README = """\
# Trade Policy, Interactively: course pack {version}

The book's chapters as Jupyter notebooks, with everything they need to run on your own
computer, live and offline, in class.

You need Python 3.11 or newer. In a terminal, in this folder (ideally in a fresh virtual
environment, `python -m venv .venv` then `source .venv/bin/activate`, or
`.venv\\Scripts\\activate` on Windows), run these two commands:

    pip install -r requirements.txt
    jupyter lab

The first installs the book's package (the wheel in this folder) and the exact versions of
everything it needs, JupyterLab included; it needs the internet once. The second opens
JupyterLab in your browser: open `notebooks/`, then a chapter, say `tariffs.ipynb`, and choose
**Run > Run All Cells**. Every explorer becomes a live widget, and every cell can be changed
and run again. From then on `jupyter lab` works offline.

What is in the pack:

- `notebooks/`: one notebook per chapter ({chapters}), and `problem-set.ipynb`, a problem
  on the book's data for each chapter. Solutions and self-check answers are
  folded: click to show them.
- `{wheel}`: the book's Python package, `widgets` (the models, charts and explorers).
- `data/`: the data the chapters use, with their sources (`data/datapackage.json`,
  `data/README.md`). Keep it next to `notebooks/`: the notebooks read it from there.
- `requirements.txt`: the package and its pinned dependencies.

If a notebook's first cell says the book's package is missing, the kernel is not the Python
you installed into: choose it under **Kernel > Change Kernel**, or run the first command with
that Python. Without the package installed, the first cell installs it from this folder.

Pack version {version}, contents fingerprint {fingerprint}.
"""


def pack_files(root: Path = ROOT, notebooks: Path | None = None) -> dict[str, bytes]:
    """``{path in the zip: bytes}`` of the course pack (see the module docstring)."""
    from _ext import notebook_export as nx
    from _ext.toc import chapter_docnames

    notebooks = notebooks or root / "notebooks"
    launch = nx.launch_settings(root)
    setup = nx.setup_cell_source(
        launch.get("launch_repository_url", ""), launch.get("launch_branch", "") or "main"
    )
    folder = pack_name(root)
    wheel, wheel_bytes = build_wheel(root)
    files: dict[str, bytes] = {}
    names = [Path(d).name for d in chapter_docnames(root)]
    for name in names:
        path = notebooks / f"{name}.ipynb"
        if not path.is_file():
            raise FileNotFoundError(f"{path} is missing: run `make notebooks`")
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if "setup" in cell.get("metadata", {}).get("tags", []):
                cell["source"] = setup
        files[f"notebooks/{name}.ipynb"] = (
            json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        ).encode()
    from _ext.teacher_kit.problems import problem_notebook

    title = re.search(r'^title:\s*"?(.*?)"?\s*$', (root / "_config.yml").read_text(), re.M)
    files["notebooks/problem-set.ipynb"] = problem_notebook(title[1] if title else "")
    for path in sorted((root / "data").iterdir()):
        if path.is_file() and path.suffix in (".csv", ".json", ".md"):
            files[f"data/{path.name}"] = path.read_bytes()
    files[wheel] = wheel_bytes
    files["requirements.txt"] = (
        "# Install with:  pip install -r requirements.txt   (in this folder)\n"
        f"./{wheel}\n" + "\n".join(pinned_requirements(root)) + "\n"
    ).encode()
    fingerprint = hashlib.sha256(
        b"".join(hashlib.sha256(files[k]).digest() for k in sorted(files))
    ).hexdigest()[:12]
    files["README.md"] = README.format(
        version=project(root)["version"],
        chapters=", ".join(names),
        wheel=wheel,
        fingerprint=fingerprint,
    ).encode()
    return {f"{folder}/{k}": v for k, v in sorted(files.items())}


def build_pack(out_dir: Path, root: Path = ROOT, notebooks: Path | None = None) -> Path:
    """Write ``<out_dir>/<pack name>.zip`` and return its path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{pack_name(root)}.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for path, data in pack_files(root, notebooks).items():
            _entry(zf, path, data)
    target.write_bytes(buffer.getvalue())
    return target


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else ROOT / "_build" / "html" / "course-pack"
    print(build_pack(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
