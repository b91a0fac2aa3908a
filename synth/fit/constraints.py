"""Dependencies the real table obeys, found so the recipe can keep them (each is listed for the user to confirm).

- one categorical determines another (城市 -> 省份): the dependent column becomes a table by its determinant;
- a numeric is the product (or the sum) of two others (订单金额 = 单价 × 数量): it becomes a derived field;
- one date is never before another (最近下单日期 after 注册日期): it becomes the start plus a fitted gap in days;
- age, sex and birth date agree with an ID number: they become parts of one synthetic identity.

A dependency counts as found when at least 99% of the rows with values obey it (real tables have a few typos); a
derived number or date also needs its operands on every row.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

SHARE = 0.99


@dataclass
class Constraint:
    kind: str                     # determines, product, sum, after, identity
    columns: tuple[str, ...]      # the dependent column first
    text: str                     # in words, for the recipe's comment
    share: float                  # of rows that obey it
    rule: tuple[str, str] | None = None   # (name, expression) for [schema.rules]


def determinations(frame: pd.DataFrame, categoricals: list[str]) -> list[Constraint]:
    """B depends on A when every A value (with rows) comes with one B value, A having at least B's variety."""
    found, dependent = [], set()
    for a, b in itertools.permutations(categoricals, 2):
        if b in dependent or a in dependent:
            continue
        pair = frame[[a, b]].dropna()
        if len(pair) < 20 or pair[a].nunique() < pair[b].nunique() or pair[b].nunique() < 2:
            continue
        if pair[a].nunique() == pair[b].nunique() and categoricals.index(a) > categoricals.index(b):
            continue  # a one-to-one pair: the earlier column determines the later
        if pair[a].nunique() > len(pair) / 2:
            continue  # almost every row its own value: a determination would say nothing
        mode_share = pair.groupby(a)[b].agg(lambda s: s.value_counts().iloc[0]).sum() / len(pair)
        if mode_share >= SHARE:
            dependent.add(b)
            found.append(Constraint("determines", (b, a), f"{a} determines {b}", float(mode_share)))
    return found


def arithmetic(frame: pd.DataFrame, numerics: list[str]) -> list[Constraint]:
    """c = a × b or c = a + b, within each value's rounding."""
    values = {c: pd.to_numeric(frame[c], errors="coerce").to_numpy(dtype=float) for c in numerics}
    complete = [c for c in numerics if np.isfinite(values[c]).all()]  # a derived value needs both operands
    found, used = [], set()
    for c in numerics:
        for a, b in itertools.combinations([n for n in complete if n != c and n not in used], 2):
            x, y, z = values[a], values[b], values[c]
            ok = np.isfinite(x) & np.isfinite(y) & np.isfinite(z)
            if ok.sum() < 20:
                continue
            tolerance = np.maximum(0.011, 1e-6 * np.abs(z[ok]))
            for kind, op, sign in (("product", x * y, "×"), ("sum", x + y, "+")):
                share = float(np.mean(np.abs(op[ok] - z[ok]) <= tolerance))
                if share >= SHARE and np.std(z[ok]) > 0:
                    symbol = "*" if kind == "product" else "+"
                    found.append(Constraint(kind, (c, a, b), f"{c} = {a} {sign} {b}", share,
                                            (f"{c}_is_{kind}", f"abs({c} - {a} {symbol} {b}) < 0.011")))
                    used.add(c)
                    break
            if c in used:
                break
    return found


def date_orders(frame: pd.DataFrame, dates: list[str]) -> list[Constraint]:
    """end >= start for (nearly) every row, and not always equal: the end is the start plus a gap."""
    found, derived = [], set()
    parsed = {d: pd.to_datetime(frame[d], errors="coerce") for d in dates}
    for end in dates:
        for start in reversed(dates[:dates.index(end)]):
            if start in derived or parsed[start].isna().any():
                continue
            ok = parsed[start].notna() & parsed[end].notna()
            if ok.sum() < 20:
                continue
            gap = (parsed[end][ok] - parsed[start][ok]).dt.days
            share = float((gap >= 0).mean())
            if share >= SHARE and (gap > 0).any():
                latest = parsed[end].max().date().isoformat()
                found.append(Constraint("after", (end, start), f"{end} is on or after {start}", share,
                                        (f"{end}_after_{start}", f"{end} >= {start}")))
                found.append(Constraint("bound", (end,), f"{end} is not after {latest}, its latest value",
                                        float((parsed[end].dropna() <= parsed[end].max()).mean()),
                                        (f"{end}_by_{latest.replace('-', '')}", f"{end} <= \"{latest}\"")))
                derived.add(end)
                break
    return found


@dataclass
class Identity:
    """Columns that describe one person: the ID number and what agrees with it."""

    id_number: str | None
    name: str | None = None
    sex: str | None = None
    age: str | None = None
    birth_date: str | None = None
    as_of: dt.date | None = None
    ages: tuple[int, int] = (18, 80)
    constraints: tuple[Constraint, ...] = ()


def identity(frame: pd.DataFrame, kinds: dict[str, str], fallback_as_of: dt.date) -> Identity | None:
    ids = [c for c, k in kinds.items() if k == "id_number"]
    names = [c for c, k in kinds.items() if k == "name"]
    if not ids and not names:
        return None
    group = Identity(ids[0] if ids else None, names[0] if names else None)
    if group.id_number is None:
        return group
    text = frame[group.id_number].astype(str)
    plain = text.str.fullmatch(r"\d{17}[\dX]")
    birth = pd.to_datetime(text[plain].str[6:14], format="%Y%m%d", errors="coerce")
    sex = np.where(text[plain].str[16].astype(int) % 2 == 1, "男", "女")
    found = []
    for column, kind in kinds.items():
        values = frame.loc[plain, column].astype(str)
        if kind == "categorical" and group.sex is None and set(values.unique()) <= {"男", "女"}:
            share = float((values.to_numpy() == sex).mean())
            if share >= SHARE:
                group.sex = column
                found.append(Constraint("identity", (column, group.id_number),
                                        f"{column} is the sex the ID number {group.id_number} encodes", share))
        elif kind == "date" and group.birth_date is None:
            share = float((pd.to_datetime(values, format="%Y-%m-%d", errors="coerce") == birth).mean())
            if share >= SHARE:
                group.birth_date = column
                found.append(Constraint("identity", (column, group.id_number),
                                        f"{column} is the birth date in {group.id_number}", share))
    ages = [c for c, k in kinds.items() if k == "numeric"]
    for column in ages:
        age = pd.to_numeric(frame.loc[plain, column], errors="coerce")
        if age.isna().mean() > 0.01 or not (age == age.round()).all() or not age.between(0, 120).all():
            continue
        as_of = _as_of(birth, age.astype(int))
        if as_of is None:
            continue
        share = float((_age_at(birth, as_of) == age.to_numpy()).mean())
        if share >= SHARE:
            group.age, group.as_of = column, as_of
            group.ages = (int(age.min()), int(age.max()))
            found.append(Constraint("identity", (column, group.id_number),
                                    f"{column} is the age on {as_of} of the birth date in {group.id_number}", share))
            break
    if group.as_of is None:
        years = fallback_as_of.year - birth.dt.year
        group.ages = (int(max(years.min() - 1, 0)), int(min(years.max(), 100)))
    group.constraints = tuple(found)
    return group


def _age_at(birth: pd.Series, as_of: dt.date) -> np.ndarray:
    had_birthday = (birth.dt.month < as_of.month) | ((birth.dt.month == as_of.month) & (birth.dt.day <= as_of.day))
    return (as_of.year - birth.dt.year - (~had_birthday).astype(int)).to_numpy()


def _as_of(birth: pd.Series, age: pd.Series) -> dt.date | None:
    """The day the ages were counted on: the latest birthday they imply (the first day all of them hold)."""
    ok = birth.notna()
    if ok.sum() < 20:
        return None
    lows = sorted(b.date().replace(year=b.year + a) if not (b.month == 2 and b.day == 29) else
                  dt.date(b.year + a, 3, 1) for b, a in zip(birth[ok], age[ok]))
    candidates = {lows[-1], lows[int(len(lows) * SHARE) - 1]}  # all rows, or all but the typos
    return max(candidates, key=lambda day: ((_age_at(birth[ok], day) == age[ok].to_numpy()).mean(), day))
