"""The learner-code host: the program a sandboxed child runs to load and call learner code.

Run by path (`python -I host.py FOLDER`), never as part of nn_tutor: it imports nothing of the
tutor but wire.py, loaded by path, and it keeps the learner's code from importing the tutor
(the reference answers live there). It knows no expected value and judges nothing: it loads
workspace files and calls functions on the arguments it is sent, answering with values.

Requests and answers are wire messages on the pipes it was started with; those are moved to
private descriptors first, so what the learner's code prints (kept, the last OUTPUT_CHARS) or
writes to fd 1 never mixes with answers. A process forked by learner code loses the channel.
"""

import errno
import importlib.util
import inspect
import io
import math
import os
import signal
import sys
import types

OUTPUT_CHARS = 2000
MESSAGE_CHARS = 2000
MAX_FILE = 2 * 2**20  # bytes of a workspace file
MAX_ANSWER = 60 * 2**20  # bytes of one answer


def _load_wire():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "wire.py")
    spec = importlib.util.spec_from_file_location("_sandbox_wire", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


class Expr:
    """A callable sent as text (`lambda a: a ** 2`), evaluated here with numpy as np."""

    def __init__(self, text):
        self.text = str(text)


class _Blocked:
    """Refuses `import nn_tutor`: exercise code writes its own functions."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name == "nn_tutor" or name.startswith("nn_tutor."):
            raise ImportError(
                "exercise code cannot import the tutor's own package (nn_tutor): write the function yourself"
            )


def _hide_tutor():
    for finder in list(sys.meta_path):
        if "nn_tutor" in (getattr(finder, "__module__", "") or "") or "nn_tutor" in getattr(finder, "__name__", ""):
            sys.meta_path.remove(finder)
    sys.path_hooks[:] = [h for h in sys.path_hooks if "nn_tutor" not in getattr(h, "__module__", "")]
    sys.path_importer_cache.clear()
    sys.meta_path.insert(0, _Blocked)
    for name in [n for n in sys.modules if n == "nn_tutor" or n.startswith("nn_tutor.")]:
        del sys.modules[name]


class Tail(io.TextIOBase):
    """A text stream that keeps only the last OUTPUT_CHARS characters written to it; when some
    were dropped, `text` says so and starts at a whole line."""

    CUT = "[earlier output cut]\n"

    def __init__(self):
        self._kept, self._cut = "", False

    @property
    def text(self) -> str:
        if not self._cut:
            return self._kept
        kept = self._kept[len(self.CUT) - OUTPUT_CHARS :]
        start = kept.find("\n") + 1  # the first whole line (0: none ends here)
        return self.CUT + (kept[start:] if 0 < start < len(kept) else kept)

    @text.setter
    def text(self, value: str) -> None:
        self._kept, self._cut = value, False

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError(f"write() argument must be str, not {type(s).__name__}")
        joined = self._kept + s[-OUTPUT_CHARS:]
        self._cut = self._cut or len(self._kept) + len(s) > OUTPUT_CHARS
        self._kept = joined[-OUTPUT_CHARS:]
        return len(s)

    def writable(self):
        return True

    @property
    def encoding(self):
        return "utf-8"


class Host:
    def __init__(self, folder: str, wire):
        self.folder = os.path.abspath(folder)
        self.wire = wire
        self.pid = os.getpid()
        self.modules = {}
        self.tail = Tail()
        self.channel_in = os.fdopen(os.dup(0), "rb", buffering=0)
        self.channel_out = os.dup(1)
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.close(null)
        sys.stdin, sys.stdout, sys.stderr = io.StringIO(""), self.tail, self.tail
        os.register_at_fork(after_in_child=self._forked)
        signal.signal(signal.SIGUSR1, self._where_now)

    def _forked(self):
        """In a process forked by learner code: no channel, and never back into this loop."""
        for close in (self.channel_in.close, lambda: os.close(self.channel_out)):
            try:
                close()
            except OSError:
                pass
        self.channel_out = -1

    def answer(self, message) -> None:
        if os.getpid() != self.pid or self.channel_out < 0:
            os._exit(0)
        try:
            data = self.wire.encode(message, strict=False)
        except Exception as exc:  # noqa: BLE001 - a value no one can encode
            data = self.wire.encode({"broken": f"the answer could not be encoded: {type(exc).__name__}"})
        if len(data) > MAX_ANSWER:
            data = self.wire.encode({"too_large": len(data), "output": self.tail.text})
        view = memoryview(data)
        while view:
            view = view[os.write(self.channel_out, view) :]

    def _where_now(self, _signum, frame):
        """Asked, past a deadline, where the learner's code is: say so with what it printed."""
        self.answer({"where": self.where(frame), "output": self.tail.text})

    def where(self, frame_or_tb) -> dict:
        """File, line and function of the innermost frame in a workspace file."""
        found = {}
        if isinstance(frame_or_tb, types.TracebackType):
            frames = []
            tb = frame_or_tb
            while tb is not None:
                frames.append((tb.tb_frame, tb.tb_lineno))
                tb = tb.tb_next
            frames.reverse()
        else:
            frames, frame = [], frame_or_tb
            while frame is not None:
                frames.append((frame, frame.f_lineno))
                frame = frame.f_back
        for frame, line in frames:
            path = frame.f_code.co_filename
            if os.path.dirname(os.path.abspath(path)) == self.folder:
                found = {"file": os.path.basename(path), "line": line, "function": frame.f_code.co_name}
                break
        return found

    @staticmethod
    def text_of(exc) -> str:
        try:
            return str(exc)[:MESSAGE_CHARS]
        except BaseException:  # noqa: BLE001
            return "?"

    # -- requests --------------------------------------------------------------------------
    def load(self, file: str) -> dict:
        if os.path.basename(file) != file or not file.endswith(".py"):
            return {"load_failed": f"{file[:100]} is not a workspace file"}
        path = os.path.join(self.folder, file)
        try:
            size = os.path.getsize(path)
            if size > MAX_FILE:
                return {"load_failed": f"{file} is {size / 2**20:.0f} MB: far too large for a Python file"}
            with open(path, "rb") as f:
                source = f.read().decode("utf-8")
        except UnicodeDecodeError:
            return {"load_failed": f"{file} is not UTF-8 text"}
        except OSError as exc:
            return {"load_failed": f"{file} cannot be read: {exc.strerror}"}
        try:
            code = compile(source, path, "exec")
        except SyntaxError as exc:
            return {"load_failed": f"{file} has a syntax error on line {exc.lineno}: {exc.msg}"}
        except ValueError as exc:
            return {"load_failed": f"{file} cannot be read as Python: {exc}"}
        module = types.ModuleType(file[:-3])
        module.__file__ = path
        sys.modules[module.__name__] = module
        self.tail.text = ""
        try:
            exec(code, module.__dict__)
        except MemoryError:
            return {"limit": "memory", "output": self.tail.text}
        except BaseException as exc:  # noqa: BLE001 - anything the top level does is reported
            if os.getpid() != self.pid:
                os._exit(0)
            at = self.where(exc.__traceback__)
            line = f" on line {at['line']}" if at.get("file") == file else ""
            if isinstance(exc, SystemExit):
                return {"load_failed": f"{file} calls sys.exit(){line} while it loads", "output": self.tail.text}
            if self._file_too_large(exc):
                return {"limit": "file", "output": self.tail.text}
            text = self.text_of(exc)
            return {
                "load_failed": f"{file} raised {type(exc).__name__}{line} while it loads"
                + (f": {text}" if text else ""),
                "output": self.tail.text,
            }
        self.modules[file] = module
        return {"loaded": file, "output": self.tail.text}

    @staticmethod
    def _file_too_large(exc) -> bool:
        return isinstance(exc, OSError) and exc.errno == errno.EFBIG

    def arguments(self, value):
        if isinstance(value, Expr):
            import numpy

            return eval(value.text, {"np": numpy, "math": math})
        if isinstance(value, list):
            return [self.arguments(v) for v in value]
        return value

    def call(self, request: dict) -> dict:
        module = self.modules.get(request.get("file"))
        name = str(request.get("name"))
        fn = getattr(module, name, None) if module is not None else None
        if not callable(fn):
            return {"missing": name}
        args = [self.arguments(a) for a in request.get("args") or []]
        kwargs = {str(k): self.arguments(v) for k, v in (request.get("kwargs") or {}).items()}
        counts, first, saved = {}, {}, []
        for counted in request.get("count") or []:
            for mod in self.modules.values():
                original = getattr(mod, counted, None)
                if callable(original):
                    saved.append((mod, counted, original))
                    setattr(mod, counted, self.counter(counted, original, counts, first))
        if request.get("seed") is not None:
            import numpy

            numpy.random.seed(int(request["seed"]) % 2**32)
        try:
            params = list(inspect.signature(fn).parameters)
        except (TypeError, ValueError):
            params = []
        self.tail.text = ""
        try:
            value = fn(*args, **kwargs)
        except MemoryError:
            return {"limit": "memory", "output": self.tail.text}
        except BaseException as exc:  # noqa: BLE001 - the learner's code may raise anything
            if os.getpid() != self.pid:
                os._exit(0)
            if self._file_too_large(exc):
                return {"limit": "file", "output": self.tail.text}
            return {
                "raised": {
                    "type": type(exc).__name__[:200],
                    "message": self.text_of(exc),
                    **self.where(exc.__traceback__),
                },
                "output": self.tail.text,
            }
        finally:
            for mod, counted, original in saved:
                setattr(mod, counted, original)
        return {
            "value": value,
            "args": args,
            "kwargs": kwargs,
            "params": params,
            "output": self.tail.text,
            "counts": counts,
            "first": first,
        }

    def counter(self, name, original, counts, first):
        wire = self.wire

        def counted(*args, **kwargs):
            counts[name] = counts.get(name, 0) + 1
            value = original(*args, **kwargs)
            if name not in first:
                try:  # a copy as it was then
                    first[name] = wire.decode(wire.encode(value, strict=False))
                except Exception:  # noqa: BLE001
                    first[name] = None
            return value

        return counted

    def serve(self) -> None:
        while True:
            try:
                request = self.wire.read(self.channel_in, 64 * 2**20)
            except (EOFError, self.wire.WireError):  # the tutor is gone, or the pipe is garbage
                return
            if not isinstance(request, dict):
                self.answer({"broken": "a request that is not a dict"})
                continue
            op = request.get("op")
            if op == "load":
                self.answer(self.load(str(request.get("file"))))
            elif op == "call":
                self.answer(self.call(request))
            else:
                self.answer({"broken": f"unknown request {str(op)[:40]}"})


def main(argv) -> int:
    folder = argv[0]
    wire = _load_wire()
    wire.register(Expr, "sandbox.Expr", to_fields=lambda e: {"text": e.text}, from_fields=lambda f: Expr(f["text"]))
    import numpy  # loaded before the learner's code, which may patch it at will
    import numpy.random  # NumPy loads it on first use: here, before a check waits on it

    numpy.random.seed(0)  # what a first call uses, done once before "ready"
    wire.decode(wire.encode({"value": [numpy.zeros((2, 2)), 1.0, (1, "a")]}))
    inspect.signature(main)

    _hide_tutor()
    os.chdir(folder)
    sys.path.insert(0, os.path.abspath(folder))  # a workspace file may import its neighbours
    sys.dont_write_bytecode = True
    host = Host(folder, wire)
    host.answer({"ready": True})
    host.serve()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
