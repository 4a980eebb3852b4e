"""Values across a process boundary, without pickle: JSON for the structure, raw bytes for arrays.

Nothing read here can run code: a message is JSON plus array bytes, decoded into plain values
(None, bool, int, float, str, list, tuple, dict, NumPy arrays and scalars of number dtypes) and
the record types registered by name. Anything else is refused with WireError, as are frames
that are malformed or larger than the reader allows.

A frame: MAGIC, the body's length (8 bytes, big-endian), then the body: the JSON header's
length (4 bytes), the header {"v": value, "a": [[dtype, shape], ...]}, then each array's bytes.
"""

from __future__ import annotations

import dataclasses
import json
import math
import struct

import numpy as np

MAGIC = b"NNW1"
MAX_MESSAGE = 64 * 2**20  # bytes of one frame, unless a reader allows more
MAX_DEPTH = 64  # nesting of lists, dicts and records
DTYPES = {
    np.dtype(t).str
    for t in (
        "bool",
        "int8",
        "int16",
        "int32",
        "int64",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
        "float16",
        "float32",
        "float64",
    )
}

_RECORDS: dict[str, tuple[type, object, object]] = {}  # name -> (class, to_fields, from_fields)
_NAMES: dict[type, str] = {}


class WireError(ValueError):
    """A value that cannot be sent, or bytes that are not a valid message."""


@dataclasses.dataclass(frozen=True)
class Opaque:
    """Stands for a value of a type the wire does not carry (a set, a function, …): its type's
    name and a short repr, so the receiver can say what it was."""

    type_name: str
    text: str


def register(cls: type, name: str | None = None, to_fields=None, from_fields=None) -> type:
    """Let records of `cls` travel: a dataclass or NamedTuple by its fields, or any class with
    `to_fields(obj) -> dict` and `from_fields(dict) -> obj`. Usable as a decorator."""
    name = name or cls.__qualname__
    if to_fields is None:
        if dataclasses.is_dataclass(cls):

            def to_fields(obj):
                return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
        elif hasattr(cls, "_fields"):

            def to_fields(obj):
                return obj._asdict()
        else:
            raise TypeError(f"{cls.__name__}: give to_fields and from_fields")
    _RECORDS[name] = (cls, to_fields, from_fields or (lambda fields: cls(**fields)))
    _NAMES[cls] = name
    return cls


register(Opaque)


# -- encoding -------------------------------------------------------------------------------
class _Encoder:
    def __init__(self, strict: bool):
        self.strict = strict
        self.arrays: list[np.ndarray] = []

    def value(self, obj, depth: int = 0):
        if depth > MAX_DEPTH:
            return self.refuse(obj, "it is nested too deeply")
        if obj is None or isinstance(obj, (bool, str)):
            return obj
        if isinstance(obj, int) and type(obj) in (int, bool):
            return obj if -(2**63) <= obj < 2**64 else {"$big": str(obj)}
        if type(obj) is float:
            return obj if math.isfinite(obj) else {"$f": repr(obj)}
        if isinstance(obj, np.ndarray):
            return self.array(obj)
        if isinstance(obj, np.generic):
            if obj.dtype.str not in DTYPES:
                return self.refuse(obj, f"its dtype {obj.dtype} is not a number type")
            return {"$s": [obj.dtype.str, self.value(obj.item(), depth + 1)]}
        name = _NAMES.get(type(obj))
        if name is not None:
            fields = _RECORDS[name][1](obj)
            return {"$r": name, "f": {k: self.value(v, depth + 1) for k, v in fields.items()}}
        if type(obj) is list:
            return [self.value(v, depth + 1) for v in obj]
        if type(obj) is tuple:
            return {"$t": [self.value(v, depth + 1) for v in obj]}
        if type(obj) is dict:
            if all(type(k) is str and not k.startswith("$") for k in obj):
                return {k: self.value(v, depth + 1) for k, v in obj.items()}
            return {"$d": [[self.value(k, depth + 1), self.value(v, depth + 1)] for k, v in obj.items()]}
        return self.refuse(obj, "the wire does not carry this type")

    def array(self, obj: np.ndarray):
        if obj.dtype.str not in DTYPES:
            if obj.dtype.kind == "O" and not self.strict:
                return {
                    "$r": "Opaque",
                    "f": {"type_name": "ndarray", "text": f"an array of Python objects, shape {obj.shape}"},
                }
            return self.refuse(obj, f"its dtype {obj.dtype} is not a number type")
        self.arrays.append(obj)
        return {"$a": len(self.arrays) - 1}

    def refuse(self, obj, why: str):
        if self.strict:
            raise WireError(f"cannot send a {type(obj).__name__}: {why}")
        try:
            text = repr(obj)
        except BaseException:  # noqa: BLE001 - a learner's __repr__ may raise anything
            text = "?"
        return {"$r": "Opaque", "f": {"type_name": type(obj).__name__[:80], "text": text[:200]}}


def encode(obj, strict: bool = True) -> bytes:
    """One frame holding `obj`. With strict=False, values the wire does not carry become Opaque."""
    encoder = _Encoder(strict)
    try:
        tree = encoder.value(obj)
    except RecursionError:
        raise WireError("cannot send a value nested this deeply") from None
    header = json.dumps(
        {"v": tree, "a": [[a.dtype.str, list(a.shape)] for a in encoder.arrays]}, separators=(",", ":")
    ).encode("utf-8")
    parts = [struct.pack(">I", len(header)), header, *(a.tobytes() for a in encoder.arrays)]
    body_length = sum(len(p) for p in parts)
    return b"".join([MAGIC, struct.pack(">Q", body_length), *parts])


# -- decoding -------------------------------------------------------------------------------
def _check_shape(shape) -> tuple:
    if not isinstance(shape, list) or len(shape) > 32 or not all(type(n) is int and 0 <= n < 2**40 for n in shape):
        raise WireError("an array's shape is not a list of sizes")
    return tuple(shape)


def _arrays(header: dict, data: memoryview) -> list[np.ndarray]:
    specs = header.get("a")
    if not isinstance(specs, list):
        raise WireError("the message lists no arrays")
    arrays, offset = [], 0
    for spec in specs:
        if not (isinstance(spec, list) and len(spec) == 2 and spec[0] in DTYPES):
            raise WireError("an array has no number dtype")
        dtype, shape = np.dtype(spec[0]), _check_shape(spec[1])
        size = math.prod(shape) * dtype.itemsize
        if offset + size > len(data):
            raise WireError("an array is longer than the message")
        arrays.append(np.frombuffer(data[offset : offset + size], dtype=dtype).reshape(shape).copy())
        offset += size
    if offset != len(data):
        raise WireError("the message has bytes that belong to no array")
    return arrays


def _tree(node, arrays: list, depth: int = 0):
    if depth > MAX_DEPTH:
        raise WireError("the message is nested too deeply")
    if node is None or isinstance(node, (bool, int, float, str)):
        return node
    if isinstance(node, list):
        return [_tree(v, arrays, depth + 1) for v in node]
    if not isinstance(node, dict):
        raise WireError("the message holds an unknown kind of value")
    tags = [k for k in node if k.startswith("$")]
    if not tags:
        return {k: _tree(v, arrays, depth + 1) for k, v in node.items()}
    tag, body = tags[0], node[tags[0]]
    if tag == "$a" and type(body) is int and 0 <= body < len(arrays):
        return arrays[body]
    if tag == "$t" and isinstance(body, list):
        return tuple(_tree(v, arrays, depth + 1) for v in body)
    if tag == "$f" and body in ("nan", "inf", "-inf"):
        return float(body)
    if tag == "$big" and isinstance(body, str) and len(body) < 400:
        try:
            return int(body)
        except ValueError:
            pass
    if tag == "$s" and isinstance(body, list) and len(body) == 2 and body[0] in DTYPES:
        try:
            return np.dtype(body[0]).type(_tree(body[1], arrays, depth + 1))
        except (TypeError, ValueError, OverflowError):
            raise WireError("a number in the message does not fit its type") from None
    if tag == "$d" and isinstance(body, list):
        pairs = [_tree(p, arrays, depth + 1) for p in body]
        if not all(isinstance(p, list) and len(p) == 2 for p in pairs):
            raise WireError("a mapping in the message is not a list of pairs")
        try:
            return {k: v for k, v in pairs}
        except TypeError:
            raise WireError("a mapping in the message has a key that cannot be one") from None
    if tag == "$r" and isinstance(body, str) and body in _RECORDS and isinstance(node.get("f"), dict):
        fields = {k: _tree(v, arrays, depth + 1) for k, v in node["f"].items()}
        try:
            return _RECORDS[body][2](fields)
        except (TypeError, ValueError) as exc:
            raise WireError(f"a {body} in the message is malformed: {str(exc)[:200]}") from None
    raise WireError(f"the message holds an unknown tag {tag[:20]!r}")


def decode_body(body: bytes | memoryview):
    """The value of a frame's body (the bytes after MAGIC and its length)."""
    data = memoryview(body)
    if len(data) < 4:
        raise WireError("the message is too short")
    (header_length,) = struct.unpack(">I", data[:4])
    if header_length > len(data) - 4:
        raise WireError("the message's header is longer than the message")
    try:
        header = json.loads(bytes(data[4 : 4 + header_length]).decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise WireError("the message's header is not JSON") from None
    if not isinstance(header, dict):
        raise WireError("the message's header is not an object")
    return _tree(header.get("v"), _arrays(header, data[4 + header_length :]))


def decode(frame: bytes):
    """The value held by one whole frame, as made by encode()."""
    if frame[:4] != MAGIC or len(frame) < 12:
        raise WireError("not a message (no magic)")
    (length,) = struct.unpack(">Q", frame[4:12])
    if length != len(frame) - 12:
        raise WireError("the message's length is wrong")
    return decode_body(memoryview(frame)[12:])


# -- streams --------------------------------------------------------------------------------
def write(stream, obj) -> None:
    """One message onto a binary stream, flushed."""
    stream.write(encode(obj))
    stream.flush()


def _read_exactly(stream, n: int) -> bytes:
    chunks, left = [], n
    while left:
        chunk = stream.read(left)
        if not chunk:
            raise EOFError("the stream ended inside a message" if chunks or n != left else "end of stream")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read(stream, max_bytes: int = MAX_MESSAGE):
    """The next message from a blocking binary stream. EOFError when the stream has ended;
    WireError for bytes that are not a message or one larger than `max_bytes` (the stream is
    then out of step: stop reading it)."""
    head = stream.read(12)
    if not head:
        raise EOFError("end of stream")
    if len(head) < 12:
        head += _read_exactly(stream, 12 - len(head))
    if head[:4] != MAGIC:
        raise WireError("not a message (no magic)")
    (length,) = struct.unpack(">Q", head[4:12])
    if length > max_bytes:
        raise WireError(f"a message of {length} bytes is larger than the {max_bytes} allowed")
    return decode_body(_read_exactly(stream, length))


class Reader:
    """Decodes messages from bytes fed in pieces (for non-blocking pipes). `feed` returns the
    messages completed; WireError when the bytes go wrong (then stop feeding)."""

    def __init__(self, max_bytes: int = MAX_MESSAGE):
        self.max_bytes = max_bytes
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list:
        self._buffer += data
        messages = []
        while len(self._buffer) >= 12:
            if self._buffer[:4] != MAGIC:
                raise WireError("not a message (no magic)")
            (length,) = struct.unpack(">Q", self._buffer[4:12])
            if length > self.max_bytes:
                raise WireError(f"a message of {length} bytes is larger than the {self.max_bytes} allowed")
            if len(self._buffer) < 12 + length:
                break
            body = bytes(self._buffer[12 : 12 + length])
            del self._buffer[: 12 + length]
            messages.append(decode_body(body))
        return messages

    @property
    def pending(self) -> int:
        """Bytes received of a message not yet complete."""
        return len(self._buffer)
