"""The wire format between processes: values round-trip, and nothing read can run code or
take unbounded memory (garbage, pickles and oversized frames are refused with WireError)."""

from __future__ import annotations

import io
import os
import pickle
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pytest

from nn_tutor.sandbox import wire


@dataclass(frozen=True)
class Point:
    x: float
    tags: tuple


class Pair(NamedTuple):
    left: object
    right: object


wire.register(Point, "test.Point")
wire.register(Pair, "test.Pair")


def round_trip(value):
    return wire.decode(wire.encode(value))


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        0,
        -3,
        2**70,
        1.5,
        float("inf"),
        float("-inf"),
        "σ(z) ≥ 0",
        [1, [2, "x"]],
        (1, (2.0, None)),
        {"a": 1, "$b": 2},
        {1: "one", (2, 3): [4]},
        Point(1.0, ("a",)),
        Pair(1, {"k": (1,)}),
    ],
)
def test_plain_values_round_trip(value):
    assert round_trip(value) == value
    assert type(round_trip(value)) is type(value)


def test_nan_round_trips_as_nan():
    assert np.isnan(round_trip(float("nan")))


@pytest.mark.parametrize("dtype", ["float64", "float32", "int64", "bool", "uint8"])
def test_arrays_keep_dtype_shape_and_values(dtype):
    array = (np.arange(24).reshape(2, 3, 4) % 3).astype(dtype)
    got = round_trip({"A": array, "empty": np.zeros((0, 5), dtype), "zero_d": np.array(2.5)})
    assert got["A"].dtype == array.dtype and got["A"].shape == (2, 3, 4)
    assert np.array_equal(got["A"], array)
    assert got["empty"].shape == (0, 5) and got["zero_d"].shape == ()
    got["A"][0, 0, 0] = 1  # writeable: the receiver owns its copy


def test_numpy_scalars_keep_their_type():
    assert type(round_trip(np.float64(0.25))) is np.float64
    assert type(round_trip(np.float32(0.25))) is np.float32
    assert type(round_trip(np.int64(7))) is np.int64


def test_strict_encoding_refuses_what_it_does_not_carry():
    for value in ({1, 2}, b"bytes", lambda: 1, np.array([object()]), 1 + 2j):
        with pytest.raises(wire.WireError):
            wire.encode(value)


def test_loose_encoding_names_what_it_could_not_carry():
    got = wire.decode(wire.encode({"s": {1, 2}, "f": len}, strict=False))
    assert got["s"] == wire.Opaque("set", "{1, 2}")
    assert got["f"].type_name == "builtin_function_or_method"


def test_a_pickle_is_never_loaded(tmp_path):
    marker = tmp_path / "ran"

    class Evil:
        def __reduce__(self):
            return os.system, (f"touch {marker}",)

    payload = pickle.dumps(Evil())
    for data in (payload, wire.MAGIC + len(payload).to_bytes(8, "big") + payload):
        with pytest.raises(wire.WireError):
            wire.read(io.BytesIO(data))
        with pytest.raises(wire.WireError):
            wire.Reader().feed(data)
    assert not marker.exists()


def test_garbage_and_oversized_frames_are_refused_without_reading_them():
    rng = np.random.default_rng(1)
    for _ in range(200):
        junk = rng.integers(0, 256, size=int(rng.integers(1, 300)), dtype=np.uint8).tobytes()
        try:
            wire.read(io.BytesIO(wire.MAGIC + junk))
        except (wire.WireError, EOFError):
            pass
    huge = wire.MAGIC + (2**62).to_bytes(8, "big")
    with pytest.raises(wire.WireError, match="larger"):
        wire.read(io.BytesIO(huge))
    with pytest.raises(wire.WireError, match="larger"):
        wire.Reader(max_bytes=1000).feed(wire.encode(np.zeros(1000)))


def test_unknown_records_and_lying_arrays_are_refused():
    frame = wire.encode(Point(1.0, ()))
    forged = frame.replace(b"test.Point", b"os.system!")
    with pytest.raises(wire.WireError, match="unknown tag"):
        wire.decode(forged)
    frame = wire.encode(np.zeros(3))
    lying = frame.replace(b"[3]", b"[9]")
    with pytest.raises(wire.WireError):
        wire.decode(lying)


def test_a_reader_fed_byte_by_byte_gets_each_message_once():
    frames = wire.encode({"a": np.ones(3)}) + wire.encode("two")
    reader, got = wire.Reader(), []
    for i in range(len(frames)):
        got += reader.feed(frames[i : i + 1])
    assert got[1] == "two" and np.array_equal(got[0]["a"], np.ones(3)) and reader.pending == 0


def test_a_stream_ending_mid_message_is_an_eof():
    frame = wire.encode([1, 2, 3])
    with pytest.raises(EOFError):
        wire.read(io.BytesIO(frame[:-2]))
    with pytest.raises(EOFError):
        wire.read(io.BytesIO(b""))
