"""The environment a teacher installs is the one CI tests: requirements.txt matches uv.lock,
and Binder (repo2docker) builds it from runtime.txt, requirements.txt and postBuild."""

import json
import os
import re
import subprocess
import tomllib
import venv
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


# --- Binder / repo2docker (runtime.txt, requirements.txt, postBuild at the root) -------------


def test_binder_uses_requirements_txt_not_another_environment_file():
    # repo2docker ignores requirements.txt and runtime.txt when one of these is present.
    for name in ("Dockerfile", "environment.yml", "Pipfile", "Pipfile.lock", "setup.py"):
        assert not (ROOT / name).exists(), f"{name} would override requirements.txt on Binder"


def test_runtime_txt_python_satisfies_requires_python():
    from packaging.specifiers import SpecifierSet

    text = (ROOT / "runtime.txt").read_text()
    match = re.fullmatch(r"python-(\d+\.\d+)\n?", text)
    assert match, f"runtime.txt must hold one line 'python-X.Y', not {text!r}"
    version = match.group(1)
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert SpecifierSet(requires).contains(f"{version}.0"), (version, requires)
    # CI (and `make book`) run the oldest supported Python: Binder should run the same.
    minimum = re.search(r">=\s*(\d+\.\d+)", requires).group(1)
    assert version == minimum, f"runtime.txt has {version}; CI tests {minimum}"


def test_requirements_txt_installs_the_book_package_and_lab_pieces():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    assert "-e ." in lines  # the project at the repository root, i.e. pyproject.toml here
    assert pyproject["project"]["name"] == "trade-policy-book"
    assert pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["widgets"]
    assert (ROOT / "widgets" / "__init__.py").is_file()
    # repo2docker brings JupyterLab; the rest of a live chapter must come from requirements.txt.
    for name in ("jupytext", "ipykernel", "ipywidgets", "jupyterlab-widgets"):
        assert name in _required(), name


def test_postbuild_is_executable_and_runs_lab_settings():
    post_build = ROOT / "postBuild"
    assert post_build.is_file()
    assert os.access(post_build, os.X_OK), "postBuild must be executable (chmod +x)"
    text = post_build.read_text()
    assert text.startswith("#!/usr/bin/env bash\n")
    assert re.search(r"^python scripts/lab_settings\.py$", text, re.MULTILINE)


def test_postbuild_writes_lab_settings_into_the_python_on_path(tmp_path):
    """Run postBuild as repo2docker does: the image's environment first on PATH."""
    env_dir = tmp_path / "notebook-env"
    venv.create(env_dir, with_pip=False)
    settings = env_dir / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"some-extension:plugin": {"kept": True}}))
    path = f"{env_dir / 'bin'}{os.pathsep}{os.environ['PATH']}"
    result = subprocess.run(
        [str(ROOT / "postBuild")],
        cwd=tmp_path,
        env={**os.environ, "PATH": path},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    written = json.loads(settings.read_text())
    viewers = written["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers == {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}
    assert written["some-extension:plugin"] == {"kept": True}  # merged, not overwritten


# --- every import is declared -----------------------------------------------------------------


def _declared() -> set[str]:
    """Distributions named in pyproject.toml: dependencies and every dependency group."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    specs = [*project["project"]["dependencies"]]
    for group in project.get("dependency-groups", {}).values():
        specs += [s for s in group if isinstance(s, str)]
    return {re.split(r"[<>=!~;\[ ]", s, maxsplit=1)[0].lower().replace("_", "-") for s in specs}


def _imported_top_modules() -> set[str]:
    import ast

    found = set()
    for folder in ("_ext", "scripts", "tests", "widgets"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    found |= {a.name.split(".")[0] for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    found.add(node.module.split(".")[0])
    return found


def test_every_third_party_import_is_declared_in_pyproject():
    """An import that only works because another package happens to pull it in breaks the day
    that package drops it: bs4, yaml, nbclient and pybtex were such imports."""
    import importlib.metadata
    import sys

    distributions = importlib.metadata.packages_distributions()
    declared = _declared()
    undeclared = {}
    for module in sorted(_imported_top_modules()):
        if module in sys.stdlib_module_names or module not in distributions:
            continue  # the standard library, or the book's own code (_ext, scripts, widgets...)
        names = {d.lower().replace("_", "-") for d in distributions[module]}
        if not names & declared:
            undeclared[module] = sorted(names)
    assert not undeclared, f"imported but not in pyproject.toml: {undeclared}"
