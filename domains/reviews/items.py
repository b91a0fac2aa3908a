"""The user's own items: `item=《盗梦空间》` (one) or `items=FILE` (many, plain text, CSV or JSONL), each with its
category, its kind, a weight and optional known facts (price, city, district, director, cast, brand, specs).

An item is used exactly as given (a movie or book title gets 《》 if it has none); its category and kind decide
the aspects and the vocabulary; its facts become grammar variables, so a text that mentions the price, the city
or the director says the given one, and alternatives that would state another value are not available.

A bad row is one sentence naming the file and the line (a `SynthError`, exit code 2), before anything is written.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from synth.errors import SynthError

from .catalogue import categories, kinds_with

FACTS = ("price", "city", "district", "director", "cast", "brand", "specs")
COLUMNS = ("item", "category", "kind", "weight") + FACTS
QUOTED = ("movie", "book")          # categories whose items are titles, written 《…》
# Mainland cities with a metro in operation (the cities' transit authorities, as of 2024; tram-only cities left out):
# a given hotel elsewhere (大理, 西双版纳) has no 地铁站 to be near.
METRO_CITIES = frozenset(
    "北京 上海 广州 深圳 天津 重庆 成都 武汉 南京 杭州 西安 苏州 郑州 长沙 沈阳 大连 青岛 宁波 合肥 昆明 南昌 南宁 福州 "
    "厦门 东莞 佛山 无锡 常州 徐州 济南 石家庄 太原 呼和浩特 哈尔滨 长春 贵阳 兰州 乌鲁木齐 温州 绍兴 洛阳 "
    "南通 金华 台州".split())
PRICE_RE = re.compile(r"^\s*(\d{1,7}(?:\.\d{1,2})?)\s*(?:(?:-|~|到|至)\s*(\d{1,7}(?:\.\d{1,2})?)\s*)?(?:元|块)?\s*$")


@dataclass(frozen=True)
class RawItem:
    """One row as read: where it came from, its name, and its other columns (strings, possibly empty)."""

    where: str
    name: str
    category: str
    kind: str
    weight: str
    facts: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class GivenItem:
    """An item ready to write about: name as written in the text, category, kind, weight and grammar variables."""

    name: str
    category: str
    kind: str
    weight: float
    env: tuple[tuple[str, str], ...]      # the variables it adds to a review's grammar environment


def parse_item(value: Any) -> tuple[RawItem, ...]:
    """The `item` option: one item name (its category and kind come from the category and kind options)."""
    text = str(value).strip() if value is not None else ""
    if not text:
        return ()
    return (RawItem("item", text, "", "", "", ()),)


def parse_items_file(value: Any) -> tuple[RawItem, ...]:
    """The `items` option: a file of items (.csv, .jsonl/.json, anything else one name a line)."""
    if value is None or str(value).strip() == "":
        return ()
    path = Path(str(value).strip())
    if not path.is_file():
        raise SynthError(f"The items file {path} does not exist or is not a file.")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SynthError(f"The items file {path} is not UTF-8 text.") from None
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(path, text)
    elif suffix in (".jsonl", ".json", ".ndjson"):
        rows = _jsonl_rows(path, text)
    else:
        rows = [(f"{path}, line {n}", {"item": line.strip()}) for n, line in enumerate(text.splitlines(), 1)
                if line.strip() and not line.lstrip().startswith("#")]
    if not rows:
        raise SynthError(f"The items file {path} names no item.")
    return tuple(_raw(where, row) for where, row in rows)


def _csv_rows(path: Path, text: str) -> list[tuple[str, dict]]:
    reader = csv.reader(text.splitlines())
    rows = []
    header = None
    for n, cells in enumerate(reader, 1):
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = [c.strip().lower() for c in cells]
            unknown = [c for c in header if c not in COLUMNS]
            if unknown:
                raise SynthError(f"{path}, line {n}: unknown column {unknown[0]!r} (columns: {', '.join(COLUMNS)}).")
            if "item" not in header:
                raise SynthError(f"{path}, line {n}: the header has no 'item' column.")
            continue
        if len(cells) != len(header):
            raise SynthError(f"{path}, line {n}: {len(cells)} cells where the header has {len(header)}.")
        rows.append((f"{path}, line {n}", dict(zip(header, cells))))
    return rows


def _jsonl_rows(path: Path, text: str) -> list[tuple[str, dict]]:
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise SynthError(f"{path}, line {n}: not a JSON object ({error.msg}).") from None
        if not isinstance(row, dict):
            raise SynthError(f"{path}, line {n}: not a JSON object.")
        unknown = [k for k in row if k not in COLUMNS]
        if unknown:
            raise SynthError(f"{path}, line {n}: unknown key {unknown[0]!r} (keys: {', '.join(COLUMNS)}).")
        rows.append((f"{path}, line {n}", row))
    return rows


def _raw(where: str, row: dict) -> RawItem:
    def cell(key: str) -> str:
        value = row.get(key)
        if value is None:
            return ""
        if isinstance(value, list):
            value = "、".join(str(v) for v in value)
        return str(value).strip()

    facts = tuple((k, cell(k)) for k in FACTS if cell(k))
    return RawItem(where, cell("item"), cell("category").lower(), cell("kind").lower(), cell("weight"), facts)


# -- resolving rows against the categories the grammar declares ------------------------------------------------
def given_items(options: dict) -> tuple[GivenItem, ...]:
    """The items the request names (empty when it names none), checked: one sentence per bad row."""
    return _resolve(options.get("item", ()), options.get("items", ()), tuple(options["category"]),
                    options.get("kind", ""), tuple(options["require"]))


@lru_cache(maxsize=16)
def _resolve(item: tuple, items: tuple, category_option: tuple, kind_option: str, require: tuple) -> tuple:
    if item and items:
        raise SynthError("Name the items either with item= or with items=, not both.")
    rows = item or items
    if not rows:
        return ()
    cats = categories()
    resolved = []
    for raw in rows:
        where = "item=" + raw.name if raw.where == "item" else raw.where
        if not raw.name:
            raise SynthError(f"{where}: the item name is empty.")
        name = raw.category or (category_option[0] if len(category_option) == 1 else "")
        if not name:
            raise SynthError(f"{where}: the item {raw.name!r} has no category; give one in the file or with "
                             f"--set category=<one of {', '.join(cats)}>.")
        if name not in cats:
            raise SynthError(f"{where}: unknown category {name!r} (categories: {', '.join(cats)}).")
        category = cats[name]
        allowed = kinds_with(category, require)
        kind = raw.kind or kind_option
        if kind and kind not in category.kinds:
            source = where if raw.kind else f"{where} (kind={kind_option})"
            raise SynthError(f"{source}: unknown {name} kind {kind!r} (kinds: {', '.join(category.kinds)}).")
        if kind and require and kind not in allowed:
            raise SynthError(f"{where}: a {name} of kind {kind!r} has no aspect {_missing(category, kind, require)!r}, "
                             f"which require names.")
        if not kind:
            kind = _stable_kind(raw.name, category, allowed or category.kinds)
        weight = 1.0
        if raw.weight:
            try:
                weight = float(raw.weight)
            except ValueError:
                weight = -1.0
            if not weight > 0 or weight != weight or weight == float("inf"):
                raise SynthError(f"{where}: the weight {raw.weight!r} is not a positive number.")
        env = [("given", "yes")]
        facts = dict(raw.facts)
        if "price" in facts:
            env += _price_env(where, facts.pop("price"))
        for key, value in facts.items():
            env += [(f"has_{key}", "yes"), (key, value)]
        if name == "hotel" and "city" not in facts:
            env.append(("noplace", "yes"))
        if name == "hotel":   # a hotel's text mentions the metro only in a city that has one
            env.append(("metro", "yes" if facts.get("city", "").removesuffix("市") in METRO_CITIES else "no"))
        resolved.append(GivenItem(_written(raw.name, name), name, kind, weight, tuple(env)))
    return tuple(resolved)


def _missing(category, kind: str, require: tuple) -> str:
    return next(a for a in require if kind not in category.aspect_kinds.get(a, ()))


def _stable_kind(name: str, category, kinds: tuple[str, ...]) -> str:
    """A kind for an item given without one: the same for every review of that item, chosen by weight from a
    stable hash of its name (declare the kind to be sure)."""
    weights = [category.kind_weights[category.kinds.index(k)] for k in kinds]
    u = int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big") / 2.0 ** 64
    total, acc = sum(weights), 0.0
    for kind, w in zip(kinds, weights):
        acc += w / total
        if u < acc:
            return kind
    return kinds[-1]


def _written(name: str, category: str) -> str:
    """The name as the text writes it: titles get 《》 when they have none; nothing else changes."""
    if category in QUOTED and not (name.startswith("《") and name.endswith("》")):
        return f"《{name}》"
    return name


def _price_env(where: str, text: str) -> list[tuple[str, str]]:
    """A price (199) or a band (150-250) as grammar variables: `price` as written (199, 150到250) and
    `price_band`, its magnitude."""
    match = PRICE_RE.match(text)
    if not match:
        raise SynthError(f"{where}: the price {text!r} is not a number of yuan or a band like 150-250.")
    low = float(match.group(1))
    high = float(match.group(2)) if match.group(2) else low
    if low <= 0 or high < low:
        raise SynthError(f"{where}: the price {text!r} is not a positive amount or band (low to high).")
    written = _amount(low) if low == high else f"{_amount(low)}到{_amount(high)}"
    return [("priced", "yes"), ("price", written), ("price_band", _band(low))]


def _amount(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _band(low: float) -> str:
    """The magnitude of a price (of a band's low end), which decides how large a saving or a price drop the
    text may mention: under100, hundreds, thousands, tenthousands."""
    return "under100" if low < 100 else "hundreds" if low < 1000 else "thousands" if low < 10000 else "tenthousands"
