"""The jupyter-server-proxy entry point (`pip install 'nn-tutor[jupyter]'`): JupyterLab's
launcher lists nn-tutor, and Jupyter starts `nn-tutor serve` on a port it chooses and
proxies <base_url>nn-tutor/ to it. Each Jupyter user (a JupyterHub single-user server, say)
runs their own tutor with their own data. NN_TUTOR_PUBLIC_URL, when set, names the whole
public address (then Host and Origin are checked against it exactly)."""

from __future__ import annotations

import os
import sys

NAME = "nn-tutor"  # the proxied path: <base_url>nn-tutor/


def setup_nn_tutor() -> dict:
    public = os.environ.get("NN_TUTOR_PUBLIC_URL") or "{base_url}" + NAME + "/"
    return {
        "command": [sys.executable, "-m", "nn_tutor", "serve", "--port", "{port}", "--public-url", public],
        "timeout": 60,
        "new_browser_tab": True,
        "launcher_entry": {"enabled": True, "title": "nn-tutor"},
    }
