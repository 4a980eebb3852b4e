"""A served tutor's limits, as the tutor process sees them: whose folder it runs in, whether
the learner's code may run, and where an exercises workspace may be made.

`nn-tutor serve` on an address other than loopback (a class) starts each tutor with
NN_TUTOR_LEARNER_DIR set to that learner's folder and NN_TUTOR_ALLOW_CODE to 0 or 1.
Without those variables (the terminal, or serve on loopback) nothing is limited.
No Textual import: the server and the CLI use it too.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

LEARNER_ENV = "NN_TUTOR_LEARNER_DIR"
ALLOW_CODE_ENV = "NN_TUTOR_ALLOW_CODE"
LEARNERS = "learners"  # the folder of learners' folders, in the server's data folder
WORKSPACE = "exercises"  # a learner's exercises workspace, in their folder
MAX_NAME = 40

CODE_OFF = (
    "Exercises are off on this server. They run the code you write on the machine that "
    "serves this page, so whoever started it must allow that (nn-tutor serve --allow-code). "
    "To do the exercises anyway, install nn-tutor on your own computer: pip install nn-tutor."
)


def learner_folder() -> Path | None:
    """The learner's own folder when served to a class, else None."""
    folder = os.environ.get(LEARNER_ENV)
    return Path(folder) if folder else None


def code_allowed() -> bool:
    """Whether the learner's code may run here (always, outside a class)."""
    return learner_folder() is None or os.environ.get(ALLOW_CODE_ENV) == "1"


def folder_name(name: str) -> str:
    """The folder a typed name stands for: letters and digits kept (lower case), runs of
    anything else made one '-'. Raises ValueError when nothing usable is left."""
    text = unicodedata.normalize("NFKC", name).casefold().strip()
    kept, dash = [], False
    for char in text:
        if char.isalnum() and char.isprintable():
            kept.append(char)
            dash = False
        elif kept and not dash:
            kept.append("-")
            dash = True
    slug = "".join(kept).strip("-")[:MAX_NAME].strip("-")
    if not slug:
        raise ValueError("Type a name with at least one letter or digit.")
    return slug


def default_workspace() -> Path | None:
    """Where a learner's workspace goes in a class; None outside one."""
    folder = learner_folder()
    return folder / WORKSPACE if folder is not None else None


def inside(folder: Path | str) -> bool:
    """Whether folder (followed through links) is in the learner's folder; always outside a class."""
    own = learner_folder()
    if own is None:
        return True
    real, root = os.path.realpath(folder), os.path.realpath(own)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def workspace_for(text: str) -> Path:
    """The folder a typed workspace path names: relative to the learner's folder in a class
    (where it must stay inside it), else as typed. Raises ValueError saying why not."""
    own = learner_folder()
    if own is None:
        return Path(text).expanduser()
    path = Path(text)
    folder = path if path.is_absolute() else own / path
    if not inside(folder):
        raise ValueError(
            f"on this server your exercises stay in your own folder ({own}); "
            f"type a folder inside it, such as {WORKSPACE}"
        )
    return folder
