"""The Question a generator makes, and its round trip through the progress file."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from nn_tutor.quiz.check import KINDS, read_expected, read_matrix, read_number


@dataclass(frozen=True)
class Question:
    """One question: what to ask, what counts as right, and how to help.

    `id` is stable for the same topic and numbers, so a missed question can come back.
    `prompt`, `hints` and `solution` are plain Unicode, readable in any terminal.
    """

    topic: str
    prompt: str
    expected: str
    kind: str  # numeric, symbolic, shape or matrix
    hints: tuple[str, str]
    solution: str
    id: str

    @property
    def answer_text(self) -> str:
        """The expected answer as a learner would write it: 0.175, not 0.17500000000000002."""
        if self.kind == "numeric":
            return _short(read_number(self.expected))
        if self.kind == "matrix":
            rows = read_matrix(self.expected)
            return "[" + ", ".join("[" + ", ".join(_short(v) for v in r) + "]" for r in rows) + "]"
        if self.kind == "symbolic":
            body = self.expected.partition(" where ")[0]
            for plain, pretty in (("sigma", "σ"), ("*", "·"), ("^2", "²"), ("-", "−")):
                body = body.replace(plain, pretty)
            return body
        return self.expected

    def to_dict(self) -> dict:
        data = asdict(self)
        data["hints"] = list(self.hints)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Question:
        """Rebuild a saved question; raises ValueError when the data is not one."""
        try:
            fields = {name: data[name] for name in ("topic", "prompt", "expected", "kind", "solution", "id")}
            hints = tuple(data["hints"])
        except (KeyError, TypeError) as error:
            raise ValueError(f"not a saved question: {error}") from None
        if not all(isinstance(v, str) for v in fields.values()):
            raise ValueError("not a saved question: a field is not text")
        if len(hints) != 2 or not all(isinstance(h, str) for h in hints):
            raise ValueError("not a saved question: it needs two hints")
        if fields["kind"] not in KINDS:
            raise ValueError(f"not a saved question: unknown kind {fields['kind']!r}")
        try:
            read_expected(fields["expected"], fields["kind"])
        except ValueError as error:  # ExprError is a ValueError too
            raise ValueError(f"not a saved question: its answer cannot be read ({error})") from None
        return cls(hints=hints, **fields)  # type: ignore[arg-type]


def _short(x: float) -> str:
    return "0" if abs(x) < 1e-12 else f"{x:.6g}"
