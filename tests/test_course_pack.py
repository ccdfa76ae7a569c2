"""The course pack (``scripts/course_pack.py``; ``make book`` writes it into the site).

* what is in it, and nothing else: the chapter notebooks, the wheel of ``widgets``, ``data/``,
  a pinned ``requirements.txt`` (the wheel and exact versions, no build or test tools) and a
  README with the two commands; the same bytes when built twice;
* the wheel installs ``widgets`` and declares the project's dependencies;
* a teacher's run: the pack unzipped into a temporary folder outside the repository, a fresh
  virtual environment, ``requirements.txt`` installed into it, and the tariffs notebook
  executed with nbclient in that environment's kernel: no error, the book's package imported
  from the environment (not the repository) and the data read from the pack's ``data/``.
  One notebook, not seven: installing is what the pack adds over ``notebooks/`` (every
  notebook is executed outside the repository by ``tests/test_notebook_downloads.py``), and
  each more notebook adds 5-10 s. uv makes the environment from its shared cache in seconds;
  without uv, ``python -m venv`` and pip do it (slower, same result).
* the setup cell outside any installation: with a wheel beside the notebook it installs the
  pack's requirements; with none it stops with a message saying what to do, no traceback.
"""

from __future__ import annotations

import builtins
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from _ext import notebook_export as nx
from _ext.toc import chapter_docnames
from scripts import course_pack

ROOT = Path(__file__).resolve().parents[1]
NAMES = [Path(d).name for d in chapter_docnames()]


@pytest.fixture(scope="module")
def pack(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    assert ROOT not in out.parents
    start = time.perf_counter()
    path = course_pack.build_pack(out)
    assert time.perf_counter() - start < 20  # part of `make book`: seconds, not minutes
    return path


@pytest.fixture(scope="module")
def unpacked(pack, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("teacher")
    with zipfile.ZipFile(pack) as zf:
        zf.extractall(folder)
    (top,) = folder.iterdir()
    return top


def test_name_and_contents(pack, unpacked):
    version = course_pack.project()["version"]
    assert pack.name == f"trade-policy-course-pack-{version}.zip"
    assert unpacked.name == pack.stem
    wheel = course_pack.wheel_name()
    assert sorted(p.name for p in unpacked.iterdir()) == sorted(
        ["README.md", "data", "notebooks", "requirements.txt", wheel]
    )
    assert sorted(p.name for p in (unpacked / "notebooks").iterdir()) == sorted(
        [f"{n}.ipynb" for n in NAMES] + ["problem-set.ipynb"]
    )
    data = sorted(p.name for p in (unpacked / "data").iterdir())
    assert "datapackage.json" in data and "README.md" in data
    resources = json.loads((ROOT / "data" / "datapackage.json").read_text())["resources"]
    assert {r["path"] for r in resources} <= set(data)


def test_readme_gives_the_two_commands_and_the_version(unpacked):
    readme = (unpacked / "README.md").read_text()
    assert "    pip install -r requirements.txt\n    jupyter lab\n" in readme
    assert course_pack.project()["version"] in readme


def test_requirements_are_pinned_and_hold_nothing_the_notebooks_do_not_need(unpacked):
    lines = [ln for ln in (unpacked / "requirements.txt").read_text().splitlines()
             if ln and not ln.startswith("#")]  # fmt: skip
    assert lines[0] == f"./{course_pack.wheel_name()}"
    pins = {ln.split("==")[0]: ln for ln in lines[1:]}
    assert all("==" in ln for ln in lines[1:])
    for needed in ("numpy", "scipy", "pandas", "altair", "ipywidgets", "jupyterlab",
                   "jupyterlab-widgets", "ipykernel"):  # fmt: skip
        assert needed in pins, needed
    # glue() needs myst-nb (and so Sphinx); the book's theme, build tools and tests are not needed
    for build_or_test in ("jupyter-book", "sphinx-book-theme", "sphinx-exercise", "latex2mathml",
                          "pytest", "playwright", "ruff"):  # fmt: skip
        assert build_or_test not in pins, build_or_test
    lock = (ROOT / "uv.lock").read_text()
    for name, line in pins.items():
        version = line.split("==")[1].split(" ;")[0]
        assert f'name = "{name}"\nversion = "{version}"' in lock, line


def test_the_wheel_holds_the_package_and_its_dependencies(unpacked):
    with zipfile.ZipFile(unpacked / course_pack.wheel_name()) as zf:
        names = zf.namelist()
        meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = zf.read(meta).decode()
    assert "widgets/__init__.py" in names and "widgets/models/__init__.py" in names
    assert not [n for n in names if not (n.startswith("widgets/") or ".dist-info/" in n)]
    for dependency in course_pack.project()["dependencies"]:
        assert f"Requires-Dist: {dependency}" in metadata


def test_the_pack_is_reproducible(pack, tmp_path):
    assert course_pack.build_pack(tmp_path).read_bytes() == pack.read_bytes()


def test_notebooks_carry_the_current_setup_cell(unpacked):
    nb = json.loads((unpacked / "notebooks" / "tariffs.ipynb").read_text())
    setup = next(c for c in nb["cells"] if "setup" in c["metadata"].get("tags", []))
    launch = nx.launch_settings()
    assert setup["source"] == nx.setup_cell_source(
        launch.get("launch_repository_url", ""), launch.get("launch_branch", "") or "main"
    )


def _venv(folder: Path) -> Path:
    """A fresh virtual environment with the pack's requirements; its Python."""
    env_dir = folder.parent / "venv"
    uv = os.environ.get("UV") or shutil.which("uv") or str(ROOT / ".tools" / "bin" / "uv")
    python = env_dir / "bin" / "python"
    if Path(uv).is_file():
        subprocess.run([uv, "venv", "--quiet", "--python", sys.executable, str(env_dir)],
                       check=True)  # fmt: skip
        subprocess.run([uv, "pip", "install", "--quiet", "--python", str(python), "-r",
                        "requirements.txt"], cwd=folder, check=True)  # fmt: skip
    else:
        subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-r", "requirements.txt"],
                       cwd=folder, check=True)  # fmt: skip
    return python


RUN = """
import json, sys
import nbformat
from nbclient import NotebookClient
path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
nb.cells.append(nbformat.v4.new_code_cell(
    "import sys, widgets, widgets.data\\n"
    "print(json.dumps([sys.executable, widgets.__file__, str(widgets.data.DATA_DIR)]))"))
nb.cells[-1].source = "import json\\n" + nb.cells[-1].source
NotebookClient(nb, timeout=600, kernel_name="python3",
               resources={"metadata": {"path": str(__import__("pathlib").Path(path).parent)}}
               ).execute()
errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
print(json.dumps({"errors": [e["ename"] + ": " + e["evalue"] for e in errors],
                  "setup": nb.cells[next(i for i, c in enumerate(nb.cells)
                                         if "setup" in c.metadata.get("tags", []))].outputs,
                  "where": json.loads(nb.cells[-1].outputs[0]["text"])}))
"""


def test_a_teacher_installs_the_pack_and_runs_a_chapter(unpacked, tmp_path):
    python = _venv(unpacked)
    # Only this environment's kernel: no user-wide or system kernelspec named python3.
    env = dict(os.environ, JUPYTER_DATA_DIR=str(tmp_path / "jupyter-data"),
               JUPYTER_PREFER_ENV_PATH="1", JUPYTER_PATH="")  # fmt: skip
    env.pop("PYTHONPATH", None)
    done = subprocess.run(
        [str(python), "-c", RUN, str(unpacked / "notebooks" / "tariffs.ipynb")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["errors"] == []
    assert result["setup"] == []  # installed: the setup cell did nothing and said nothing
    executable, package, data = result["where"]
    venv = python.parent.parent
    assert Path(executable).parent.parent == venv
    assert Path(package).is_relative_to(venv) and not Path(package).is_relative_to(ROOT)
    assert Path(data) == unpacked / "data"


# --- the setup cell where the package is missing ---------------------------------------------


def _no_widgets(monkeypatch):
    real_import = builtins.__import__

    def fake_import(name, *args, **kwargs):
        if name.split(".")[0] == "widgets":
            raise ImportError("No module named 'widgets'")
        return real_import(name, *args, **kwargs)

    import widgets  # noqa: F401  (monkeypatch puts the real package back afterwards)

    for name in [m for m in sys.modules if m == "widgets" or m.startswith("widgets.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(builtins, "__import__", fake_import)


def test_setup_cell_installs_the_pack_found_beside_the_notebook(monkeypatch, unpacked):
    monkeypatch.chdir(unpacked / "notebooks")
    real_import = builtins.__import__
    _no_widgets(monkeypatch)
    calls = []

    def fake_run(command, **kwargs):
        calls.append((command, kwargs))
        monkeypatch.setattr(builtins, "__import__", real_import)  # now "installed"
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(subprocess, "run", fake_run)
    exec(nx.setup_cell_source(), {})
    ((command, kwargs),) = calls
    assert command == [sys.executable, "-m", "pip", "install", "--quiet", "-r", "requirements.txt"]
    assert kwargs["cwd"] == unpacked


def test_setup_cell_without_pack_or_repository_says_what_to_do(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    _no_widgets(monkeypatch)
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: pytest.fail("ran a command"))
    with pytest.raises(RuntimeError) as error:
        exec(nx.setup_cell_source(repository=""), {})
    message = str(error.value)
    assert "course pack" in message and "pip install -r requirements.txt" in message
    assert "jupyter lab" in message
    # In IPython the message is all that shows: no traceback.
    assert error.value._render_traceback_() == [f"BookSetupError: {message}"]


def test_every_module_the_notebooks_import_is_in_the_pack(unpacked):
    import ast
    from importlib.metadata import packages_distributions

    providers = packages_distributions()
    pins = {
        ln.split("==")[0].lower()
        for ln in (unpacked / "requirements.txt").read_text().splitlines()
        if "==" in ln
    }
    missing = set()
    for path in (unpacked / "notebooks").iterdir():
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] != "code":
                continue
            tree = ast.parse("".join(cell["source"]))
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    names = [node.module]
                for top in {n.split(".")[0] for n in names}:
                    if top in sys.stdlib_module_names or top == "widgets":
                        continue
                    dists = {d.lower().replace("_", "-") for d in providers.get(top, [])}
                    if not dists & pins:
                        missing.add((path.name, top))
    assert not missing, sorted(missing)


def test_the_pack_has_the_problem_set_notebook(unpacked):
    from _ext.teacher_kit.problems import PROBLEMS

    nb = json.loads((unpacked / "notebooks" / "problem-set.ipynb").read_text())
    loads = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    for problem in PROBLEMS:
        assert all(f'load("{r}")' in loads for r in problem.resources), problem.chapter
        assert all((unpacked / "data" / f"{r}.csv").is_file() for r in problem.resources)
