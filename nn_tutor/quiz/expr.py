"""A small, safe reader for the maths a learner types: `a(1-a)`, `1 - tanh(z)^2`, `e^{-z}`.

The learner's text is never handed to eval or exec. A tokenizer accepts only whitelisted
names and symbols, a recursive-descent parser builds a tiny tree, and that tree is
evaluated with `cmath`. Length, nesting, number sizes and constant exponents are bounded,
so every input is refused or read in microseconds.
"""

from __future__ import annotations

import cmath
import math
import re
from dataclasses import dataclass

MAX_LENGTH = 200
MAX_TOKENS = 120
MAX_DEPTH = 20
MAX_EXPONENT = 16  # a constant exponent larger than this is refused (9**9**9)
MAX_MAGNITUDE = 1e15  # a constant larger than this is refused (exp(999))

VARIABLES = ("a", "z")
ALIASES = {"A": "a", "Z": "z"}  # the vectorised names of the same quantities
FUNCTIONS = {
    "exp": "exp",
    "tanh": "tanh",
    "sinh": "sinh",
    "cosh": "cosh",
    "sech": "sech",
    "sigmoid": "sigma",
    "sigma": "sigma",
    "σ": "sigma",
    "log": "log",
    "ln": "log",
}
# Longest first, so `exp` is read before `e` and `sigmoid` before `sigma`.
_NAMES = sorted([*FUNCTIONS, *VARIABLES, *ALIASES, "e"], key=len, reverse=True)
KNOWN = "a, z, e, exp, log, tanh, sinh, cosh, sech, σ or sigmoid"

_TRANSLATE = str.maketrans(
    {
        "−": "-",
        "–": "-",
        "·": "*",
        "⋅": "*",
        "×": "*",
        "∙": "*",
        "÷": "/",
        "²": "^2",
        "³": "^3",
        "⁻": "^-",
        "¹": "1",
    }
)
_NUMBER = re.compile(r"([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
# 2.5 e-1 or 2.5e -1: a power of ten with a space in it, or 2.5·e − 1? Too close to call.
_SPACED_EXPONENT = re.compile(r"\s*[eE]\s*[+-]?\s*[0-9]")
_DIGITS = "0123456789"


class ExprError(ValueError):
    """The text is not an expression this reader understands; the message says why."""


@dataclass(frozen=True)
class Node:
    """One node of an expression tree; `value` is set when the subtree has no variables."""

    op: str  # num, var, e, neg, add, sub, mul, div, pow, call
    args: tuple = ()
    name: str = ""
    value: complex | None = None

    def variables(self) -> set[str]:
        if self.op == "var":
            return {self.name}
        found: set[str] = set()
        for arg in self.args:
            found |= arg.variables()
        return found


def tokenize(text: str) -> list[tuple[str, str]]:
    """Split text into (kind, text) tokens; kinds: num, name, op, lpar, rpar."""
    if len(text) > MAX_LENGTH:
        raise ExprError(f"too long ({len(text)} characters; at most {MAX_LENGTH})")
    text = text.translate(_TRANSLATE).replace("**", "^")
    tokens: list[tuple[str, str]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch in _DIGITS or (ch == "." and text[i + 1 : i + 2] in tuple(_DIGITS)):
            match = _NUMBER.match(text, i)
            if match is None:  # pragma: no cover - the test above guarantees a digit
                raise ExprError(f"unexpected character '{ch}'")
            tokens.append(("num", match.group(0)))
            i = match.end()
            spaced = _SPACED_EXPONENT.match(text, i)
            if not match.group(2) and spaced and any(c.isspace() for c in spaced.group(0)):
                raise ExprError(
                    f"write a power of ten without spaces ({match.group(0)}e-1), "
                    f"or e times a number with a * ({match.group(0)}*e)"
                )
        elif ch in "+-*/^":
            tokens.append(("op", ch))
            i += 1
        elif ch in "([{":
            tokens.append(("lpar", "("))
            i += 1
        elif ch in ")]}":
            tokens.append(("rpar", ")"))
            i += 1
        elif ch.isalpha():
            for name in _NAMES:
                if text.startswith(name, i):
                    tokens.append(("name", ALIASES.get(name, name)))
                    i += len(name)
                    break
            else:
                word = re.match(r"\w+", text[i:])
                shown = word.group(0)[:20] if word else ch
                raise ExprError(f"unknown name '{shown}' (use {KNOWN})")
        else:
            raise ExprError(f"unexpected character '{ch}'")
        if len(tokens) > MAX_TOKENS:
            raise ExprError("too many symbols")
    return tokens


def _fold(op: str, args: tuple[Node, ...], name: str = "") -> Node:
    """Build a node, computing its value now when all its arguments are constants."""
    values = [arg.value for arg in args]
    if op == "pow" and values[1] is not None and abs(values[1]) > MAX_EXPONENT:
        raise ExprError(f"exponent too large (at most {MAX_EXPONENT})")
    value = None
    if values and all(v is not None for v in values):
        try:
            value = _apply(op, name, values)
        except (ArithmeticError, ValueError):
            raise ExprError("a number in it cannot be computed (too large, or 1/0)") from None
        if not (cmath.isfinite(value) and abs(value) <= MAX_MAGNITUDE):
            raise ExprError("a number in it is too large")
    return Node(op, args, name, value)


class _Parser:
    """expr := term (± term)*; term := unary ((*|/) unary | power not starting with a number)*;
    unary := -unary | power; power := primary (^ unary)?;
    primary := number | a | z | e | func(expr) | func^n(expr) | (expr)."""

    def __init__(self, tokens: list[tuple[str, str]]):
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else ("end", "")

    def take(self) -> tuple[str, str]:
        token = self.peek()
        self.pos += 1
        return token

    def expect_rpar(self) -> None:
        if self.take()[0] != "rpar":
            raise ExprError("a bracket is not closed")

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(f"nested too deeply (at most {MAX_DEPTH} levels)")

    def parse(self) -> Node:
        if not self.tokens:
            raise ExprError("empty answer")
        node = self.expr()
        kind, text = self.peek()
        if kind != "end":
            raise ExprError(f"unexpected '{text}'")
        return node

    def expr(self) -> Node:
        self.enter()
        node = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = "add" if self.take()[1] == "+" else "sub"
            node = _fold(op, (node, self.term()))
        self.depth -= 1
        return node

    def term(self) -> Node:
        node = self.unary()
        while True:
            kind, text = self.peek()
            if (kind, text) in (("op", "*"), ("op", "/")):
                self.take()
                node = _fold("mul" if text == "*" else "div", (node, self.unary()))
            elif kind == "num" and self.tokens[self.pos - 1][0] != "num":  # a2, (1-a)2
                raise ExprError(
                    f"a number after a name or bracket (before '{text}'): write"
                    f" *{text} for a product or ^{text} for a power"
                )
            elif kind == "num":  # 3 4 or 1 000: never read as a product
                raise ExprError(
                    f"two numbers side by side (before '{text}'): write * for a product; a number has no spaces in it"
                )
            elif kind == "name" and self.tokens[self.pos - 1][0] == "name":
                # aa, a z, atanh(z): a product or a name? Letters need a * between them
                before = self.tokens[self.pos - 1][1]
                after = text if text in VARIABLES or text == "e" else f"{text}(...)"
                raise ExprError(f"two letters side by side ('{before}{text}'): write {before}*{after} for a product")
            elif kind in ("name", "lpar"):  # implicit product: 2a, a(1-a), 2(1-a), (1-a)a
                node = _fold("mul", (node, self.power()))
            else:
                return node

    def unary(self) -> Node:
        kind, text = self.peek()
        if (kind, text) in (("op", "-"), ("op", "+")):
            self.take()
            self.enter()
            inner = self.unary()
            self.depth -= 1
            return _fold("neg", (inner,)) if text == "-" else inner
        return self.power()

    def power(self) -> Node:
        base = self.primary()
        if self.peek() == ("op", "^"):
            self.take()
            self.enter()
            exponent = self.unary()
            self.depth -= 1
            return _fold("pow", (base, exponent))
        return base

    def primary(self) -> Node:
        kind, text = self.take()
        if kind == "num":
            return _number(text)
        if kind == "lpar":
            node = self.expr()
            self.expect_rpar()
            return node
        if kind == "name":
            if text in VARIABLES:
                return Node("var", (), text)
            if text == "e":
                return Node("e", (), "e", math.e)
            return self.call(FUNCTIONS[text])
        if kind == "end":
            raise ExprError("it ends too early")
        raise ExprError(f"unexpected '{text}'")

    def call(self, func: str) -> Node:
        exponent = None
        if self.peek() == ("op", "^"):  # tanh^2(z) means (tanh(z))^2
            self.take()
            kind, text = self.take()
            if kind != "num":
                raise ExprError(f"write {func}(...)^n for a power of {func}")
            exponent = _number(text)
        if self.peek()[0] != "lpar":
            raise ExprError(f"{func} needs brackets: {func}(z)")
        self.take()
        node = _fold("call", (self.expr(),), func)
        self.expect_rpar()
        return _fold("pow", (node, exponent)) if exponent is not None else node


def _number(text: str) -> Node:
    value = float(text)
    if not (math.isfinite(value) and abs(value) <= MAX_MAGNITUDE):
        raise ExprError(f"the number {text[:20]} is too large")
    return Node("num", (), text, complex(value))


def parse(text: str) -> Node:
    """Parse a learner's expression into a tree, or raise ExprError saying why not."""
    return _Parser(tokenize(text)).parse()


def _sigma(x: complex) -> complex:
    return 1 / (1 + cmath.exp(-x))


_CALLS = {
    "exp": cmath.exp,
    "tanh": cmath.tanh,
    "sinh": cmath.sinh,
    "cosh": cmath.cosh,
    "sech": lambda x: 1 / cmath.cosh(x),
    "sigma": _sigma,
    "log": cmath.log,
}


def _apply(op: str, name: str, values: list) -> complex:
    if op == "neg":
        return -values[0]
    if op == "add":
        return values[0] + values[1]
    if op == "sub":
        return values[0] - values[1]
    if op == "mul":
        return values[0] * values[1]
    if op == "div":
        return values[0] / values[1]
    if op == "pow":
        base, exponent = values
        if exponent.imag == 0 and exponent.real == int(exponent.real):
            return base ** int(exponent.real)  # exact for integer powers of negatives
        return base**exponent
    if op == "call":
        return _CALLS[name](values[0])
    raise ValueError(op)


def evaluate(node: Node, env: dict[str, complex]) -> complex:
    """The value of the tree with variables from env; raises ArithmeticError/ValueError."""
    if node.value is not None:
        return node.value
    if node.op == "var":
        return env[node.name]
    values = [evaluate(arg, env) for arg in node.args]
    result = _apply(node.op, node.name, values)
    if not cmath.isfinite(result):
        raise OverflowError("not finite")
    return result
