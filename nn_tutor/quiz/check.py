"""Checking a learner's answer against the expected one: numbers, formulas, shapes, matrices.

`check_answer` never raises on anything a learner can type and answers at once: the text
is read by the safe parser in `expr`, and formulas are compared by evaluating both sides at
fixed random points. Every formula the quiz asks for is defined at all of those points, so
an answer that cannot be computed at most of them is refused as too hard to check; no
symbolic algebra runs, so nothing is left working after a verdict.
"""

from __future__ import annotations

import decimal
import random
import re
from dataclasses import dataclass

from nn_tutor.quiz.expr import ExprError, Node, evaluate, parse

KINDS = ("numeric", "symbolic", "shape", "matrix")
REL_TOL = 1e-3
ABS_TOL = 1e-9
SIG_FIGS = 3  # an answer correctly rounded to this many significant figures is right
CLOSE = f"Close: give {SIG_FIGS} significant figures."
_MAX_LENGTH = {"numeric": 100, "symbolic": 200, "shape": 40, "matrix": 2000}


@dataclass(frozen=True)
class Verdict:
    """The outcome of one check. `understood` is False when the text could not be read at
    all, and `close` is True for a number correctly rounded to too few figures: either way
    the answer is neither right nor wrong, and the learner may type it again."""

    correct: bool
    message: str
    understood: bool = True
    close: bool = False

    @property
    def decided(self) -> bool:
        """Right or wrong: the answer counts, and the worked solution follows."""
        return self.understood and not self.close


def read_expected(expected: str, kind: str) -> None:
    """Raise ValueError unless `expected` is an answer of `kind` this module can check
    (a saved question from a damaged or older file may hold one that is not)."""
    if kind not in KINDS:
        raise ValueError(f"unknown answer kind {kind!r}; expected one of {KINDS}")
    try:
        _BY_KIND[kind][0](expected)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _not_understood(reason: str) -> Verdict:
    return Verdict(False, f"Not understood: {reason}.", understood=False)


def check_answer(expected: str, answer: str, kind: str) -> Verdict:
    """Compare `answer` (the learner's text) with `expected` (a generator's answer)."""
    if kind not in KINDS:
        raise ValueError(f"unknown answer kind {kind!r}; expected one of {KINDS}")
    if not isinstance(answer, str):
        return _not_understood("the answer is not text")
    answer = answer.strip()
    if not answer:
        return _not_understood("the answer is empty")
    if len(answer) > _MAX_LENGTH[kind]:
        return _not_understood(f"the answer is too long (at most {_MAX_LENGTH[kind]} characters)")
    try:
        return _BY_KIND[kind][1](expected, answer)
    except ExprError as error:
        return _not_understood(str(error))
    except RecursionError:
        return _not_understood("nested too deeply")


# ---------------------------------------------------------------- numbers


def read_number(text: str) -> float:
    """A real number from text such as 0.25, .25, -1/4, 2.5e-1 or 0.5*(1-0.5)."""
    try:
        node = parse(text)
    except ExprError as error:
        if str(error).startswith("unknown name"):
            raise ExprError("a number is expected here, like 0.25, 1/4 or 2.5e-1") from None
        raise
    if node.value is None:
        names = ", ".join(sorted(node.variables()))
        raise ExprError(f"a number is expected here, not a formula in {names}")
    value = node.value
    if abs(value.imag) > 1e-12 * max(1.0, abs(value.real)):
        raise ExprError("that is not a real number")
    return value.real


def close(expected: float, got: float) -> bool:
    return abs(got - expected) <= max(REL_TOL * abs(expected), ABS_TOL)


_TIE = decimal.Decimal("1e-9")  # relative: far below any figure the quiz asks for
_DECIMAL = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")


def rounded_figures(expected: float, text: str) -> int | None:
    """How many significant figures of `expected` the number written in `text` gives, when
    it is `expected` correctly rounded to that many (0.181 and 0.18 for 0.180707: 3 and 2);
    None when it is not, or when `text` is not a plain decimal number."""
    plain = text.strip().replace("−", "-")
    if not _DECIMAL.fullmatch(plain) or expected == 0:
        return None
    try:
        given = decimal.Decimal(plain)
        figures = len("".join(map(str, given.as_tuple().digits)).lstrip("0"))
        if figures == 0:
            return None
        want = decimal.Decimal(expected)
        place = decimal.Decimal(1).scaleb(want.adjusted() - figures + 1)
        # a tie (−1.575) is stored as the float just below or above it: round its
        # neighbours too, so both hand roundings of a tie count
        nudge = abs(want) * _TIE
        for value in (want, want - nudge, want + nudge):
            for rounding in (decimal.ROUND_HALF_UP, decimal.ROUND_HALF_EVEN):
                if value.quantize(place, rounding=rounding) == given:
                    return figures
    except ArithmeticError:  # a number too long or too large for the check
        return None
    return None


def _judge(want: float, text: str) -> str:
    """'right', 'close' (correctly rounded, too few figures) or 'wrong'."""
    if close(want, read_number(text)):
        return "right"
    figures = rounded_figures(want, text)
    if figures is None:
        return "wrong"
    return "right" if figures >= SIG_FIGS else "close"


def _check_numeric(expected: str, answer: str) -> Verdict:
    want = read_number(expected)
    text = answer
    if answer.startswith("["):  # [[0.5]] is a number too
        cells = _matrix_cells(answer)
        if len(cells) != 1 or len(cells[0]) != 1:
            raise ExprError(f"a single number is expected here, not a {_size(cells)} matrix")
        text = cells[0][0]
    judged = _judge(want, text)
    if judged == "right":
        return Verdict(True, "Right!")
    if judged == "close":
        return Verdict(False, CLOSE, close=True)
    if want != 0 and _judge(-want, text) != "wrong":
        return Verdict(False, "Not quite: check the sign.")
    return Verdict(False, "Not quite.")


# ---------------------------------------------------------------- formulas


@dataclass(frozen=True)
class _Formula:
    body: Node
    where: Node | None  # a = where(z), when the answer links a to z


def _read_expected_formula(expected: str) -> _Formula:
    """Expected formulas may say how a depends on z: `a*(1 - a) where a = sigma(z)`."""
    body, _, relation = expected.partition(" where ")
    where = None
    if relation:
        name, _, definition = relation.partition("=")
        if name.strip() != "a":
            raise ValueError(f"bad expected formula {expected!r}")
        where = parse(definition)
    return _Formula(parse(body), where)


_POINTS = 12
_ENOUGH = 6


def _sample_points(where: Node | None) -> list[dict[str, complex]]:
    rng = random.Random(20240601)  # fixed: the same answer always gets the same verdict
    points = []
    for _ in range(_POINTS):
        z = rng.uniform(-2.5, 2.5)
        if where is None:
            a = rng.uniform(0.05, 0.95)
        else:
            a = evaluate(where, {"z": z})
        points.append({"z": complex(z), "a": complex(a)})
    return points


def _same(u: complex, v: complex) -> bool:
    return abs(u - v) <= 1e-7 * max(1.0, abs(u), abs(v))


def _check_symbolic(expected: str, answer: str) -> Verdict:
    formula = _read_expected_formula(expected)
    given = parse(answer)
    agree = 0
    for point in _sample_points(formula.where):
        want = evaluate(formula.body, point)
        try:
            got = evaluate(given, point)
        except (ArithmeticError, ValueError):
            continue
        if not _same(want, got):
            return Verdict(False, "Not quite: that formula gives different values.")
        agree += 1
    if agree >= _ENOUGH:
        return Verdict(True, "Right!")
    if agree == 0:  # undefined wherever the answer is defined: 1/(a − a), log(0·z)
        return Verdict(False, "Not quite: that formula cannot be computed (1/0 or overflow).")
    return _not_understood("it overflows at most of the points it is checked at; write it more simply")


# ---------------------------------------------------------------- shapes


def read_shape(text: str) -> tuple[int, ...]:
    """(4, 2), 4,2, [4 2], 4x2 and 4×2 all read as (4, 2)."""
    inner = text.strip()
    if inner[:1] in "([" and inner[-1:] in ")]":
        inner = inner[1:-1]
    parts = [p for p in re.split(r"[\s,x×X*]+", inner) if p]
    if not parts or not all(re.fullmatch("[0-9]{1,6}", p) for p in parts):
        raise ExprError("write a shape as (rows, columns), for example (4, 2) or 4x2")
    return tuple(int(p) for p in parts)


def _check_shape(expected: str, answer: str) -> Verdict:
    want, got = read_shape(expected), read_shape(answer)
    if got == want:
        return Verdict(True, "Right!")
    if len(got) != len(want):
        return Verdict(False, f"Not quite: a shape here has {len(want)} numbers.")
    if got == want[::-1]:
        return Verdict(False, "Not quite: that is the transpose (rows come first).")
    return Verdict(False, "Not quite.")


# ---------------------------------------------------------------- matrices


def read_matrix(text: str) -> list[list[float]]:
    """[[1, 2], [3, 4]] as rows of numbers; also [1, 2] (one row) and [1 2; 3 4]."""
    return [[read_number(cell) for cell in row] for row in _matrix_cells(text)]


def _matrix_cells(text: str) -> list[list[str]]:
    """The text of each entry, row by row."""
    text = text.strip()
    if text.startswith("[[") and text.endswith("]]"):
        inner = text[1:-1]
        rows = re.findall(r"\[([^\[\]]*)\]", inner)
        if re.sub(r"\[[^\[\]]*\]", "", inner).strip(" ,;\n\t"):
            raise ExprError("write a matrix as [[row 1], [row 2]], e.g. [[1, 2], [3, 4]]")
    elif text.startswith("[") and text.endswith("]"):
        rows = text[1:-1].split(";")
    else:
        rows = text.split(";")
    if any(c in "".join(rows) for c in "[]"):
        raise ExprError("brackets do not match; write e.g. [[1, 2], [3, 4]]")
    matrix = []
    for row in rows:
        cells = row.split(",") if "," in row else row.split()
        if not cells or any(not c.strip() for c in cells):
            raise ExprError("a row is empty or has an empty entry")
        matrix.append(cells)
    if len({len(r) for r in matrix}) != 1:
        raise ExprError("the rows have different lengths")
    return matrix


def _size(matrix: list[list]) -> str:
    return f"{len(matrix)}×{len(matrix[0])}"


def _check_matrix(expected: str, answer: str) -> Verdict:
    read_matrix(answer)  # every entry must be a number before anything is compared
    want, got = read_matrix(expected), _matrix_cells(answer)
    if _size(want) != _size(got):
        return Verdict(False, f"Wrong shape: your matrix is {_size(got)}, the answer is {_size(want)}.")
    judged = [_judge(w, g) for w_row, g_row in zip(want, got) for w, g in zip(w_row, g_row)]
    wrong = judged.count("wrong")
    if wrong == 0:
        if "close" in judged:
            return Verdict(False, CLOSE, close=True)
        return Verdict(True, "Right!")
    total = len(want) * len(want[0])
    return Verdict(False, f"Not quite: {wrong} of {total} entries differ.")


# kind -> (reader of an expected answer, checker of a learner's answer)
_BY_KIND = {
    "numeric": (read_number, _check_numeric),
    "symbolic": (_read_expected_formula, _check_symbolic),
    "shape": (read_shape, _check_shape),
    "matrix": (read_matrix, _check_matrix),
}
