"""Make the project's JupyterLab open MyST chapters (.md) as notebooks (Jupytext).

Writes ``overrides.json`` into the virtual environment's JupyterLab settings, so
``make lab`` opens ``chapters/*.md`` as notebooks on a double click. Run by
``make env``; touches nothing outside ``.venv``.
"""

import json
import sys
from pathlib import Path

settings = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
settings.parent.mkdir(parents=True, exist_ok=True)
current = json.loads(settings.read_text()) if settings.exists() else {}
current["@jupyterlab/docmanager-extension:plugin"] = {
    "defaultViewers": {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}
}
# No "Would you like to get notified about Jupyter news?" prompt: it asks to fetch
# news from the internet, which a classroom behind a firewall cannot reach.
current["@jupyterlab/apputils-extension:notification"] = {
    "checkForUpdates": False,
    "fetchNews": "false",
}
settings.write_text(json.dumps(current, indent=2) + "\n")
print(f"JupyterLab: Markdown chapters open as notebooks ({settings})")
