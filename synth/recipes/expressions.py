"""Safe expressions over NumPy columns: `price * quantity`, `sbp > dbp`, `end_date >= start_date`.

An expression is parsed with Python's `ast` and every node is checked against an allow-list before anything is
evaluated; evaluation walks the tree itself and never calls `eval` or `compile`. Allowed:

- names of fields (never names with double underscores), numbers, strings, True/False;
- arithmetic `+ - * / // % **`, unary `- + not`, comparisons (chained too), `and`/`or` (element-wise),
  `x if cond else y` (element-wise), `x in ("a", "b")` with a literal tuple or list;
- the functions in FUNCTIONS (abs, round, min, max, sqrt, log, exp, floor, ceil, clip, len, contains,
  days_between, add_days).

Anything else (attribute access, subscripts, lambdas, comprehensions, calls to other names, keyword arguments)
is refused with an `ExpressionError` saying what was found.
"""

from __future__ import annotations

import ast
import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np


class ExpressionError(ValueError):
    """An expression that cannot be accepted; the message is a short reason."""


def _as_dates(values) -> np.ndarray:
    array = np.asarray(values)
    if array.dtype.kind == "M":
        return array.astype("datetime64[D]")
    return np.asarray([np.datetime64(str(v)[:10]) if v is not None else np.datetime64("NaT") for v in
                       np.atleast_1d(array)], dtype="datetime64[D]").reshape(array.shape)


def _days_between(a, b):
    return (_as_dates(b) - _as_dates(a)).astype(np.int64)


def _add_days(date, days):
    shifted = _as_dates(date) + np.asarray(days).astype(np.int64).astype("timedelta64[D]")
    return np.asarray(np.datetime_as_string(shifted, unit="D"), dtype=object)


def _length(values):
    array = np.asarray(values, dtype=object)
    return np.array([len(v) if isinstance(v, str) else 0 for v in np.atleast_1d(array)], dtype=np.int64)


def _contains(values, part):
    array = np.asarray(values, dtype=object)
    return np.array([isinstance(v, str) and str(part) in v for v in np.atleast_1d(array)], dtype=bool)


def _round(values, digits=0):
    return np.round(np.asarray(values, dtype=float), int(digits))


FUNCTIONS: dict[str, Callable[..., Any]] = {
    "abs": np.abs, "round": _round, "min": np.minimum, "max": np.maximum, "sqrt": np.sqrt, "log": np.log,
    "exp": np.exp, "floor": np.floor, "ceil": np.ceil, "clip": np.clip, "len": _length, "contains": _contains,
    "days_between": _days_between, "add_days": _add_days,
}
ARITY = {"abs": (1, 1), "round": (1, 2), "min": (2, 2), "max": (2, 2), "sqrt": (1, 1), "log": (1, 1),
         "exp": (1, 1), "floor": (1, 1), "ceil": (1, 1), "clip": (3, 3), "len": (1, 1), "contains": (2, 2),
         "days_between": (2, 2), "add_days": (2, 2)}

BINARY = {ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply, ast.Div: np.true_divide,
          ast.FloorDiv: np.floor_divide, ast.Mod: np.mod, ast.Pow: np.power}
COMPARE = {ast.Eq: np.equal, ast.NotEq: np.not_equal, ast.Lt: np.less, ast.LtE: np.less_equal,
           ast.Gt: np.greater, ast.GtE: np.greater_equal}
NODE_NAMES = {ast.Attribute: "attribute access", ast.Subscript: "subscripts", ast.Lambda: "lambda",
              ast.ListComp: "comprehensions", ast.SetComp: "comprehensions", ast.DictComp: "comprehensions",
              ast.GeneratorExp: "comprehensions", ast.Dict: "dicts", ast.Set: "sets", ast.Starred: "starred arguments",
              ast.NamedExpr: "assignment", ast.JoinedStr: "f-strings", ast.Await: "await", ast.Yield: "yield"}


@dataclass(frozen=True)
class Expression:
    """A checked expression: its text, the field names it reads, and its tree."""

    text: str
    names: tuple[str, ...]
    tree: ast.Expression

    def evaluate(self, columns: dict[str, Any]) -> Any:
        return _Evaluator(columns).visit(self.tree.body)


def parse_expression(text: str) -> Expression:
    if not isinstance(text, str) or not text.strip():
        raise ExpressionError("an expression must be non-empty text")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as error:
        raise ExpressionError(f"{text.strip()!r} is not a valid expression ({error.msg})") from None
    names: dict[str, None] = {}
    for node in ast.walk(tree):
        _allow(node, names)
    return Expression(text.strip(), tuple(names), tree)


def _allow(node: ast.AST, names: dict[str, None]) -> None:
    if isinstance(node, ast.Name):
        if "__" in node.id:
            raise ExpressionError(f"the name {node.id!r} is not allowed (no double underscores)")
        if not isinstance(node.ctx, ast.Load):
            raise ExpressionError("assignment is not allowed")
        return
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            what = node.func.id if isinstance(node.func, ast.Name) else ast.unparse(node.func)
            raise ExpressionError(f"calling {what!r} is not allowed (the functions are: {', '.join(FUNCTIONS)})")
        if node.keywords:
            raise ExpressionError(f"{node.func.id}() takes no keyword arguments")
        low, high = ARITY[node.func.id]
        if not low <= len(node.args) <= high:
            raise ExpressionError(f"{node.func.id}() takes {low if low == high else f'{low} or {high}'} arguments, "
                                  f"not {len(node.args)}")
        return
    if isinstance(node, ast.Constant):
        if not isinstance(node.value, (int, float, str, bool)):
            raise ExpressionError(f"the constant {node.value!r} is not allowed")
        return
    if isinstance(node, ast.Compare):
        for op, right in zip(node.ops, node.comparators):
            if isinstance(op, (ast.In, ast.NotIn)):
                if not isinstance(right, (ast.Tuple, ast.List)) or not all(isinstance(e, ast.Constant) for e in right.elts):
                    raise ExpressionError("`in` needs a literal list like (\"a\", \"b\")")
            elif type(op) not in COMPARE:
                raise ExpressionError(f"the comparison {type(op).__name__} is not allowed")
        return
    if isinstance(node, ast.BinOp):
        if type(node.op) not in BINARY:
            raise ExpressionError(f"the operator {type(node.op).__name__} is not allowed")
        return
    if isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, (ast.USub, ast.UAdd, ast.Not)):
            raise ExpressionError(f"the operator {type(node.op).__name__} is not allowed")
        return
    if isinstance(node, (ast.Expression, ast.BoolOp, ast.IfExp, ast.Tuple, ast.List, ast.Load, ast.And, ast.Or,
                         ast.In, ast.NotIn, ast.USub, ast.UAdd, ast.Not, *BINARY, *COMPARE)):
        return
    raise ExpressionError(f"{NODE_NAMES.get(type(node), type(node).__name__)} is not allowed in an expression")


def field_names(expression: Expression) -> tuple[str, ...]:
    """The field names an expression reads (function names excluded)."""
    calls = {n.func.id for n in ast.walk(expression.tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}
    used = [n.id for n in ast.walk(expression.tree) if isinstance(n, ast.Name) and n.id not in calls]
    return tuple(dict.fromkeys(name for name in used if name not in ("True", "False")))


class _Evaluator:
    def __init__(self, columns: dict[str, Any]):
        self.columns = columns

    def visit(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.Name):
            if node.id not in self.columns:
                raise ExpressionError(f"unknown field {node.id!r}")
            return _numeric(self.columns[node.id])
        if isinstance(node, ast.BinOp):
            return BINARY[type(node.op)](self.visit(node.left), self.visit(node.right))
        if isinstance(node, ast.UnaryOp):
            value = self.visit(node.operand)
            if isinstance(node.op, ast.Not):
                return np.logical_not(value)
            return np.negative(value) if isinstance(node.op, ast.USub) else np.positive(value)
        if isinstance(node, ast.BoolOp):
            values = [np.asarray(self.visit(v), dtype=bool) for v in node.values]
            combine = np.logical_and if isinstance(node.op, ast.And) else np.logical_or
            result = values[0]
            for value in values[1:]:
                result = combine(result, value)
            return result
        if isinstance(node, ast.IfExp):
            return np.where(np.asarray(self.visit(node.test), dtype=bool), self.visit(node.body),
                            self.visit(node.orelse))
        if isinstance(node, ast.Compare):
            left = self.visit(node.left)
            result = None
            for op, right_node in zip(node.ops, node.comparators):
                if isinstance(op, (ast.In, ast.NotIn)):
                    allowed = [e.value for e in right_node.elts]
                    found = np.isin(np.asarray(left, dtype=object), np.asarray(allowed, dtype=object))
                    part = found if isinstance(op, ast.In) else ~found
                    right = None
                else:
                    right = self.visit(right_node)
                    part = np.asarray(COMPARE[type(op)](left, right), dtype=bool)
                result = part if result is None else result & part
                left = right
            return result
        if isinstance(node, ast.Call):
            return FUNCTIONS[node.func.id](*(self.visit(a) for a in node.args))
        raise ExpressionError(f"{type(node).__name__} is not allowed in an expression")  # pragma: no cover


def _numeric(values: Any) -> Any:
    """Object columns of numbers (as read back from a file) become float arrays; text stays object."""
    array = np.asarray(values)
    if array.dtype == object and len(array) and all(isinstance(v, (int, float, np.number)) and not isinstance(v, bool)
                                                    for v in array[:64]):
        try:
            return array.astype(float)
        except (TypeError, ValueError):
            return array
    if array.dtype.kind in "UT":
        return array.astype(object)
    return array

