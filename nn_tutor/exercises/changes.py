"""What a save changed: for each exercise, a fingerprint of the code its verdict depends on, read
from the workspace files without running them; after a save only the exercises whose
fingerprint moved are checked again.

An exercise's verdict depends on its function, the functions of its file it reaches (calls,
or shares a module-level list or dict with), the file's lines outside functions, the workspace
files it imports, and the exercises it uses (`Exercise.uses`: a check calls them, and waits on
them). When the file does not parse, or does what cannot be followed by reading it (`global`,
`eval`, `getattr`, a top-level line that calls a function, a name defined twice, …), the
whole file counts for each of its functions. A failed verdict may name a line: it is checked
again when its functions move up or down the file as well.
"""

from __future__ import annotations

import ast
import functools
import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple

from .catalogue import EXERCISES, by_name

# names that reach a module's functions or state other than by their own name
DYNAMIC = frozenset(
    {
        "globals",
        "vars",
        "locals",
        "eval",
        "exec",
        "compile",
        "getattr",
        "setattr",
        "delattr",
        "__import__",
        "__builtins__",
        "builtins",
        "importlib",
        "inspect",
        "sys",
        "gc",
        "ctypes",
    }
)


MAX_FILE = 2 * 2**20  # bytes: a larger file is not read here (its check refuses it too)


class Print(NamedTuple):
    code: str  # the code the verdict depends on
    place: str  # where its functions are in their file (for a message naming a line)
    own: str  # its own function alone


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _is_main_block(node: ast.stmt) -> bool:
    """`if __name__ == "__main__":` with no else: never run by a check."""
    test = getattr(node, "test", None)
    return (
        isinstance(node, ast.If)
        and not node.orelse
        and isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
        and len(test.comparators) == 1
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value == "__main__"
    )


def _bound(node: ast.stmt) -> set[str]:
    """Top-level names a statement that is not a def binds."""
    names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    if isinstance(node, ast.ClassDef):
        names.add(node.name)
    return names


def _settled(node: ast.stmt) -> bool:
    """An import, or a name given a constant (a number, a string, a tuple of them): not state."""
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        return True
    if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
        try:
            value = ast.literal_eval(node.value)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return False
        return isinstance(value, (int, float, complex, str, bytes, bool, tuple, frozenset, type(None)))
    return False


def _imported(tree: ast.Module) -> set[str]:
    """The first part of every module name the file imports, anywhere in it."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def _stamp(path: Path) -> str:
    """A digest of the file's bytes; for a file too large to read, of its size and time."""
    try:
        info = path.stat()
        if info.st_size > MAX_FILE:
            return f"large {info.st_size} {info.st_mtime_ns} {info.st_ino}"
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return "missing"
    except OSError:
        return "unreadable"


@dataclass
class FileParts:
    """One workspace file, read for what each of its functions depends on."""

    whole: str  # the digest of the whole text; alone when `unsure`
    unsure: bool = True
    module: str = ""  # its lines outside functions (then the workspace files it imports)
    functions: dict[str, str] = field(default_factory=dict)  # name -> digest of its def
    places: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (first, last) line
    lines: tuple[int, ...] = ()  # where its lines outside functions are (a load failure names one)
    links: dict[str, set[str]] = field(default_factory=dict)  # name -> functions and state it reaches
    imports: tuple[str, ...] = ()  # every module name it imports (the first part)


@functools.lru_cache(maxsize=32)
def _parse(text: str) -> FileParts:
    """The parts of a file's text (the same text is read once)."""
    try:
        return _read(text)
    except (SyntaxError, ValueError, MemoryError, RecursionError):  # unsure: the whole file counts
        return FileParts(whole=_digest(text))


def _read(text: str) -> FileParts:
    parts = FileParts(whole=_digest(text))
    tree = ast.parse(text)
    defs = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    rest = [n for n in tree.body if n not in defs and not _is_main_block(n)]
    names = {d.name for d in defs}
    bound = {name for node in rest for name in _bound(node)}
    state = {name for node in rest if not _settled(node) for name in _bound(node)}
    if len(names) < len(defs) or names & bound:
        return parts  # a name defined twice: which one counts is the file's order
    for node in rest:
        if {n.id for n in ast.walk(node) if isinstance(n, ast.Name)} & (names | DYNAMIC):
            return parts  # a top-level line uses a function (it runs it, or keeps it elsewhere)
    for node in defs:
        used = set()
        for inner in ast.walk(node):
            if isinstance(inner, (ast.Global, ast.Nonlocal)):
                return parts
            if isinstance(inner, ast.Name):
                used.add(inner.id)
            if isinstance(inner, (ast.Attribute, ast.Subscript)) and isinstance(inner.ctx, (ast.Store, ast.Del)):
                base = inner.value
                while isinstance(base, (ast.Attribute, ast.Subscript)):
                    base = base.value
                if isinstance(base, ast.Name) and base.id in bound | names:
                    return parts  # changes a module's attribute or a top-level value in place
        if used & DYNAMIC:
            return parts
        parts.links[node.name] = used & (names | state)
        parts.functions[node.name] = _digest(ast.dump(node))
        parts.places[node.name] = (min([node.lineno, *(d.lineno for d in node.decorator_list)]), node.end_lineno or 0)
    for name in state:  # functions sharing a top-level list or dict reach each other through it
        parts.links[name] = {f for f, reached in parts.links.items() if name in reached and f in parts.functions}
    parts.module = _digest(*(ast.dump(node) for node in rest))
    parts.lines = tuple(node.lineno for node in rest)
    parts.imports = tuple(sorted(_imported(tree)))
    parts.unsure = False
    return parts


def read_parts(folder: Path, file: str) -> FileParts:
    path = folder / file
    try:
        if path.stat().st_size > MAX_FILE:
            return FileParts(whole=_stamp(path))
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return FileParts(whole="missing")
    except (OSError, UnicodeDecodeError):
        return FileParts(whole=_stamp(path))
    parts = _parse(text)
    if parts.unsure:
        return parts
    try:
        local = [m for m in parts.imports if (folder / f"{m}.py").exists() or (folder / m).exists()]
        if any(not (folder / f"{m}.py").is_file() for m in local):
            return FileParts(whole=parts.whole)  # a package of the learner's: too much to follow
    except OSError:
        return FileParts(whole=parts.whole)
    return replace(parts, module=_digest(parts.module, *(m + _stamp(folder / f"{m}.py") for m in local)))


def _reached(parts: FileParts, roots: set[str]) -> set[str]:
    seen, stack = set(), [r for r in roots if r in parts.links]
    while stack:
        name = stack.pop()
        if name not in seen:
            seen.add(name)
            stack += [n for n in parts.links.get(name, ()) if n not in seen]
    return seen


def fingerprints(folder: Path | str) -> dict[str, Print]:
    """Each exercise's fingerprint for the workspace as it is now."""
    folder = Path(folder).expanduser()
    files = {file: read_parts(folder, file) for file in dict.fromkeys(e.file for e in EXERCISES)}
    prints: dict[str, Print] = {}
    for exercise in EXERCISES:  # in course order: the ones it uses come first
        parts = files[exercise.file]
        uses = [prints[u].code for u in exercise.uses if u in prints]
        if parts.unsure:
            code, place = _digest(exercise.name, parts.whole), parts.whole
            own = code
        else:
            roots = {exercise.name, *(u for u in exercise.uses if by_name(u).file == exercise.file)}
            reached = sorted(n for n in _reached(parts, roots) if n in parts.functions)
            code = _digest(
                exercise.name,
                parts.module,
                str(exercise.name in parts.functions),
                *(f"{n}:{parts.functions[n]}" for n in reached),
            )
            place = _digest(str(parts.lines), *(f"{n}:{parts.places[n]}" for n in reached))
            own = parts.functions.get(exercise.name, "missing")
        prints[exercise.name] = Print(_digest(code, *uses), place, own)
    return prints


def to_check(before: dict[str, Print], now: dict[str, Print], statuses: dict[str, str | None]) -> list[str]:
    """The exercises whose shown verdict (`statuses`, None: none yet) is not the verdict on the
    workspace as it is `now`: first those whose own function changed (each after the ones it
    uses), then the others, in course order."""
    names = []
    for exercise in EXERCISES:
        name, old = exercise.name, before.get(exercise.name)
        status = statuses.get(name)
        moved = status == "failed" and old is not None and old.place != now[name].place
        if status is None or old is None or old.code != now[name].code or moved:
            names.append(name)
    order: list[str] = []

    def add(name: str) -> None:
        for used in by_name(name).uses:
            if used in names and used not in order:
                add(used)
        if name not in order:
            order.append(name)

    for name in names:
        if before.get(name) is None or before[name].own != now[name].own:
            add(name)
    return order + [name for name in names if name not in order]
