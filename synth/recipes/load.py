"""Reading a recipe file: TOML through the standard library, with file, line and key in every error.

`tomllib` does not say where a key is, so `Recipe.where(*path)` finds the line by scanning the text: the table
header (`[schema.fields.age]`, `[[schema.rules]]`) or inline table that holds the key, then the `key =` line
under it. A mistake is a `RecipeError`: one sentence `recipe.toml, line 12, key schema.fields.age.mean: ...`,
exit code 2.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import SynthError

SECTIONS = ("recipe", "requirement", "design", "schema", "generation", "checks", "augmentation", "acceptance",
            "real", "output")


class RecipeError(SynthError):
    """A mistake in a recipe, naming its file, line and key."""


_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r'^\s*("(?:[^"\\]|\\.)*"|\'[^\']*\'|[A-Za-z0-9_\-.]+(?:\s*\.\s*[A-Za-z0-9_\-"\']+)*)\s*=')


def _split_key(text: str) -> list[str]:
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"|\'([^\']*)\'|([A-Za-z0-9_\-]+)', text)
    return [a or b or c for a, b, c in parts]


@dataclass
class Recipe:
    """A parsed recipe: its data, its text and where it came from."""

    path: Path
    text: str
    data: dict[str, Any]
    _lines: list[tuple[int, list[str]]] = field(default_factory=list, repr=False)

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def where(self, *path: str | int) -> int:
        """The 1-based line of a key (given as its path of table names and key), as near as the text allows."""
        wanted = [str(p) for p in path if not isinstance(p, int)]
        if not self._lines:
            table: list[str] = []
            for number, line in enumerate(self.text.splitlines(), start=1):
                header = _HEADER.match(line)
                if header:
                    table = _split_key(header.group(1))
                    self._lines.append((number, table))
                    continue
                key = _KEY.match(line)
                if key:
                    self._lines.append((number, table + _split_key(key.group(1))))
                    # keys of an inline table on the same line: `age = { mean = 50, sd = 9 }`
                    rest = line[key.end():]
                    for inner in re.finditer(r"[{,]\s*([A-Za-z0-9_\-]+|\"[^\"]*\")\s*=", rest):
                        self._lines.append((number, table + _split_key(key.group(1)) + _split_key(inner.group(1))))
        best, best_len = 1, -1
        for number, keys in self._lines:
            # the longest prefix of `wanted` that this line defines wins; the first such line
            common = 0
            for a, b in zip(keys, wanted):
                if a != b:
                    break
                common += 1
            if common == len(keys) and common > best_len:
                best, best_len = number, common
        return best

    def error(self, path: tuple, message: str) -> RecipeError:
        key = ".".join(str(p) for p in path if not isinstance(p, int)) or "(top level)"
        message = message.rstrip(".")
        return RecipeError(f"{self.path}, line {self.where(*path)}, key {key}: {message}.")

    def section(self, name: str) -> dict[str, Any]:
        value = self.data.get(name, {})
        if not isinstance(value, dict):
            raise self.error((name,), f"[{name}] must be a table")
        return value


def read_recipe(path: str | Path) -> Recipe:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise RecipeError(f"The recipe {str(path)!r} does not exist.") from None
    except IsADirectoryError:
        raise RecipeError(f"The recipe path {str(path)!r} is a folder, not a file.") from None
    except OSError as error:
        raise RecipeError(f"Cannot read the recipe {str(path)!r}: {error.strerror}.") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        raise RecipeError(f"{path}, line {line}: the recipe is not UTF-8 text.") from None
    return parse_recipe(text, path)


def parse_recipe(text: str, path: str | Path = "recipe.toml") -> Recipe:
    path = Path(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        match = re.search(r"\(at line (\d+), column \d+\)", message)
        line = match.group(1) if match else "?"
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", message).rstrip(".")
        key = _key_on_line(text, int(line)) if match else None
        named = f", key {key}" if key else ""
        raise RecipeError(f"{path}, line {line}{named}: not valid TOML ({reason[:1].lower()}{reason[1:]}).") from None
    recipe = Recipe(path, text, data)
    for name in data:
        if name not in SECTIONS:
            raise recipe.error((name,), f"unknown section; the sections are {', '.join(SECTIONS)}")
    return recipe


def _key_on_line(text: str, line: int) -> str | None:
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return None
    table: list[str] = []
    for current in lines[:line - 1]:
        header = _HEADER.match(current)
        if header:
            table = _split_key(header.group(1))
    key = _KEY.match(lines[line - 1]) or re.match(r"^\s*([A-Za-z0-9_\-.]+)", lines[line - 1])
    if not key:
        return ".".join(table) or None
    return ".".join(table + _split_key(key.group(1)))
