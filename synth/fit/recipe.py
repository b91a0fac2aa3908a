"""A `Fitted` model written as a recipe (docs/recipes.md's format): plain TOML a person can read and edit.

The header lists the constraints found, for the user to confirm or delete; every field has a comment saying what
the column was taken for and how it was fitted; the copula's matrix has one commented row per field.
"""

from __future__ import annotations

import json
import re

from .model import Fitted

BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def key(name: str) -> str:
    return name if BARE.match(name) else json.dumps(name, ensure_ascii=False)


def value(item) -> str:
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, (int, float)):
        return repr(item) if not isinstance(item, float) or not item.is_integer() else f"{item:.1f}"
    if isinstance(item, str):
        if "\n" in item and "'''" not in item:
            return f"'''\n{item}'''"
        return json.dumps(item, ensure_ascii=False)
    if isinstance(item, (list, tuple)):
        return "[" + ", ".join(value(v) for v in item) + "]"
    if isinstance(item, dict):
        return "{ " + ", ".join(f"{key(str(k))} = {value(v)}" for k, v in item.items()) + " }"
    if hasattr(item, "item"):  # a NumPy scalar
        return value(item.item())
    raise TypeError(f"cannot write {type(item).__name__} in a recipe")


def recipe_text(fitted: Fitted, seed: int, count: int, output_format: str) -> str:
    lines = [f"# Fitted by `synth fit` from {fitted.source}: {fitted.rows:,} rows, {len(fitted.columns)} columns.",
             "# Regenerate a look-alike with: synth run THIS_FILE -o OUT/   (edit anything below first)",
             "#", "# Column kinds:"]
    lines += [f"#   {name}: {column.kind} ({column.why})" for name, column in fitted.columns.items()]
    lines += ["#", "# Constraints found (confirm each; delete the field or rule that keeps one you do not want):"]
    lines += [f"#   [{c.kind}] {c.text} ({c.share:.1%} of rows)" for c in fitted.constraints] or ["#   none"]
    lines += ["", "[recipe]", f"name = {value(fitted.name)}",
              f"description = {value(f'A look-alike of {fitted.source}, fitted by synth fit')}", "",
              "[requirement]", f"count = {count}", "", "[schema]", f"name = {value(fitted.name)}", ""]
    for name, table in fitted.fields.items():
        note = fitted.notes.get(name)
        if note:
            lines.append(f"# {note}")
        lines.append(f"[schema.fields.{key(name)}]")
        lines += [f"{key(k)} = {value(v)}" for k, v in table.items()]
        lines.append("")
    if fitted.members:
        lines += ["# The Gaussian copula: each member's uniform is correlated with the others' by this matrix "
                  "(docs/recipes.md).", "[schema.copula]", f"fields = {value(fitted.members)}", "correlation = ["]
        lines += [f"  {value([float(x) for x in row])},  # {name}" for name, row in zip(fitted.members, fitted.matrix)]
        lines += ["]", ""]
    if fitted.rules:
        lines += ["[schema.rules]"] + [f"{key(k)} = {value(v)}" for k, v in fitted.rules.items()] + [""]
    lines += ["[generation]", f"seed = {seed}", f'as_of = "{fitted.as_of.isoformat()}"', "",
              "# Categorical and templated text columns repeat in real tables too: a look-alike may repeat as much.",
              "[checks]", "max_text_dup_rate = 1.0", "max_near_dup_rate = 1.0", "",
              "[acceptance]", "max_rejected_rate = 0.05", "max_text_dup_rate = 1.0", "max_near_dup_rate = 1.0",
              f"max_missing_rate = {_missing_gate(fitted)}  # the real table's emptiest column, plus 5 points", "",
              "[output]", f'format = "{output_format}"', ""]
    return "\n".join(lines)


def _missing_gate(fitted: Fitted) -> float:
    emptiest = max((c.missing for c in fitted.columns.values()), default=0) / max(fitted.rows, 1)
    return round(min(emptiest + 0.05, 0.99), 2) if emptiest else 0.0
