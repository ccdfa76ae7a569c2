"""Write notebooks/<name>.ipynb, one outputs-free Jupyter notebook per chapter (`make notebooks`).

The notebooks are committed (Colab opens them from the repository) and the book build copies
them to <site>/notebooks/, linked from each chapter's header box. The conversion is in
``_ext/notebook_export.py``; ``tests/test_notebook_downloads.py`` checks that the files are
current with the chapters.

Glued numbers are pasted into the Markdown as text. They are read from a book build's
executed notebooks (``<build>/jupyter_execute/chapters/<name>.glue.json``, default build
``_build``) when that copy has the chapter's current code and the build's
``.jupyter_cache.inputs`` stamp equals today's hash of widgets/, data/, uv.lock and
_config.yml (``_ext/build_cache.py``); otherwise the chapter is executed here with
nbclient (as the book does: kernel python3, in chapters/). So right after `make book` this
takes a second; without a current build, about as long as executing the chapters.
The chapters are those of ``_toc.yml`` (``_ext/toc.py``).

    python -m scripts.make_notebooks [--build DIR] [--check] [chapters/tariffs ...]

``--check`` writes nothing and exits 1 if a notebook is missing or out of date.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from _ext import notebook_export as nx
from _ext.toc import chapter_docnames

ROOT = Path(__file__).resolve().parent.parent


def generate(docnames: list[str], build: Path | None) -> dict[str, str]:
    """``{docname: notebook text}`` for each chapter."""
    launch = nx.launch_settings()
    bibliography = nx.load_bibliography()
    titles = nx.document_titles()
    out = {}
    for docname in docnames:
        chapter = ROOT / f"{docname}.md"
        glue = nx.glue_values(chapter, build)
        nb = nx.chapter_notebook(
            chapter,
            glue,
            repository=launch.get("launch_repository_url", ""),
            branch=launch.get("launch_branch", "") or "main",
            bibliography=bibliography,
            titles=titles,
        )
        out[docname] = nx.notebook_text(nb)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("docnames", nargs="*", help="chapters (default: every chapter in _toc.yml)")
    parser.add_argument("--build", type=Path, default=ROOT / "_build", help="a book build folder")
    parser.add_argument("--check", action="store_true", help="only check, write nothing")
    args = parser.parse_args(argv)
    docnames = [d.removesuffix(".md") for d in args.docnames] or chapter_docnames()
    try:
        texts = generate(docnames, args.build)
    except nx.ConversionError as error:
        print(f"make_notebooks: {error}", file=sys.stderr)
        return 2
    stale = []
    for docname, text in texts.items():
        path = ROOT / "notebooks" / f"{Path(docname).name}.ipynb"
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path.relative_to(ROOT).as_posix())
        if not args.check:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if args.check and stale:
        print("out of date (run `make notebooks`): " + ", ".join(stale), file=sys.stderr)
        return 1
    print(f"notebooks: {len(texts)} checked, {len(stale)} {'stale' if args.check else 'written'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
