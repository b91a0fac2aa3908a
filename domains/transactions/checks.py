"""After generation: every labelled pattern is checked to have the shape its type promises.

`pattern_shapes(frame)` reads output columns only (a generated DataFrame, or a file read back), groups rows by
pattern_id and checks each pattern against its type's promise. A laundering pattern whose participants are not
all in the frame (a slice of a larger dataset) is counted as incomplete, not as wrong.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

from .events import haversine_km
from . import data

MAX_SPEED_KMH = 800.0
HIGH_RISK = ("珠宝首饰", "电子产品", "礼品卡/储值卡")
CARD_PRESENT = ("POS", "ATM", "柜台")
ONLINE = ("网上支付", "支付宝", "微信支付", "云闪付")
CREDIT_TYPES = ("存现", "转账转入", "退款", "还款", "工资入账")

SHAPES = {
    "card_testing": "3+ online payments under 10 CNY, each within 10 minutes of the last, then 1-2 online payments "
                    "of 1,000 CNY or more, all within an hour, from a device the account never used otherwise",
    "account_takeover": "transfers out from one device the account never used before (at night or by day, far "
                        "away or at home), often a small one first, then transfers that take at least 94% of what the "
                        "account could lose without later payments bouncing",
    "impossible_travel": "the account's genuine (unlabelled) card-present payment, then within an hour one or two "
                         "labelled card-present payments in a city 800+ km away (faster than 800 km/h)",
    "night_burst": "3+ card-present rows of 2,000+ CNY between 00:00 and 06:00 in one city 1,000+ km from home, each "
                   "within an hour of the last: payments at one colluding POS, or ATM withdrawals",
    "structuring": "cash deposits in whole hundreds of CNY on 3+ days, each day's total 40,000-49,999 CNY (under the "
                   "report threshold of 单笔或当日累计 50,000 CNY), deposit machines taking at most 20,000 at a time, "
                   "then one transfer out of 90%+ of it",
    "fan_in": "4+ accounts each send one transfer to one collector, who then sends 90%+ of the total out",
    "fan_out": "one account receives a large transfer, sends it on to 4+ accounts (97% of it), each withdraws cash",
    "cycle": "3+ accounts pass one amount round a ring A→B→…→A, each keeping at most 3%",
    "pass_through": "money received is sent on within an hour, 98.5%+ of it, through 1-3 accounts",
    "scam_transfer": "2-5 transfers out by day (08:00-20:00) by mobile banking from the account's usual device, each "
                     "within an hour of the last, to one to three payees, together 65%+ of what the account could lose without later "
                     "payments bouncing",
    "card_cashout": "on a credit card, 1-3 cycles of a POS purchase in whole hundreds at one shop, taking half or "
                    "more of the free credit, then a repayment of the same sum before the next purchase",
    "collection_mule": "12+ transfers in from different payers, each within 45 minutes of the last, and after "
                       "every 3-5 of them a transfer out of 97-99.5% of what came in since the last one",
}


def _seconds(values) -> np.ndarray:
    return pd.to_datetime(pd.Series(values)).to_numpy().astype("datetime64[s]").astype(np.int64)


def _amounts(values) -> np.ndarray:
    return np.round(np.asarray(values, dtype=float) * 100).astype(np.int64)


def pattern_shapes(frame: pd.DataFrame) -> dict[str, dict]:
    """Per fraud type: patterns seen, patterns with the promised shape, incomplete ones, and a few bad ids."""
    labelled = frame[frame["pattern_id"].astype(str) != ""]
    out = {t: {"patterns": 0, "ok": 0, "incomplete": 0, "bad": []} for t in SHAPES}
    if labelled.empty:
        return out
    accounts = set(frame["account_id"].astype(str))
    for pid, rows in labelled.groupby("pattern_id", sort=False):
        kind = str(rows["fraud_type"].iloc[0])
        result = out.setdefault(kind, {"patterns": 0, "ok": 0, "incomplete": 0, "bad": []})
        result["patterns"] += 1
        rows = rows.assign(_t=_seconds(rows["timestamp"]), _a=_amounts(rows["amount"]))
        rows = rows.sort_values(["_t", "account_id"], kind="stable")
        if kind in ("fan_in", "fan_out", "cycle", "pass_through"):
            peers = set(rows["counterparty_account"].astype(str)) - {""}
            if not peers <= accounts:
                result["incomplete"] += 1
                continue
        check = globals().get("_" + kind)
        ok = bool(check(rows, frame)) if check else False
        if ok:
            result["ok"] += 1
        elif len(result["bad"]) < 5:
            result["bad"].append(pid)
    return out


def _card_testing(rows, frame) -> bool:
    if len(rows["account_id"].unique()) != 1 or not rows["channel"].isin(ONLINE).all():
        return False
    a, t = rows["_a"].to_numpy(), rows["_t"].to_numpy()
    small = a < 1000
    k = int(small.sum())
    if k < 3 or not small[:k].all() or not (a[k:] >= 100000).all() or not 1 <= len(a) - k <= 2:
        return False
    mine = frame[frame["account_id"] == rows["account_id"].iloc[0]]
    foreign = not set(rows["device_id"]) & set(mine.loc[~mine.index.isin(rows.index), "device_id"])
    return bool((np.diff(t[:k]) <= 600).all() and t[-1] - t[0] <= 3600 and (rows["txn_type"] == "消费").all()
                and foreign and (rows["device_id"] != "").all())


def _account_takeover(rows, frame) -> bool:
    if len(rows["account_id"].unique()) != 1 or not (rows["txn_type"] == "转账转出").all():
        return False
    account = rows["account_id"].iloc[0]
    devices = set(rows["device_id"])
    if len(devices) != 1:
        return False
    mine = frame[frame["account_id"] == account]
    others = mine[~mine.index.isin(rows.index)]
    if devices & set(others["device_id"]):
        return False
    probe = len(rows) > 1 and rows["_a"].iloc[0] <= 30100 and rows["_a"].iloc[0] % 100000 != 0
    drains = rows.iloc[1:] if probe else rows
    return int(drains["_a"].sum()) >= 0.94 * _takeable(drains, mine) - len(drains)


def _takeable(drains, mine) -> int:
    """What `drains` (rows of one account) could take: the balance before the first, less what the account's
    later payments need (fen)."""
    mine = mine.assign(_t=_seconds(mine["timestamp"]), _a=_amounts(mine["amount"])).sort_values("_t", kind="stable")
    signed = np.where(mine["txn_type"].isin(CREDIT_TYPES), mine["_a"], -mine["_a"])
    first = int(np.flatnonzero(mine.index == drains.index[0])[0])
    before = int(round(float(mine["balance_before"].iloc[first]) * 100))
    later = np.cumsum(np.where(mine.index.isin(drains.index), 0, signed)[first:])
    need = max(0, -int(later.min())) if len(later) else 0
    return max(0, before - need)


def _coords(province, city):
    index = data.city_index()
    cities = data.cities()
    rows = np.array([index[(p, c)] for p, c in zip(province, city)])
    return cities["lat"].to_numpy()[rows], cities["lon"].to_numpy()[rows]


def _impossible_travel(rows, frame) -> bool:
    """The labelled far payments follow the account's own (unlabelled, genuine) card-present payment."""
    if len(rows["account_id"].unique()) != 1 or not rows["channel"].isin(CARD_PRESENT).all():
        return False
    mine = frame[(frame["account_id"] == rows["account_id"].iloc[0]) & frame["channel"].isin(CARD_PRESENT)]
    before = _seconds(mine["timestamp"])
    earlier = mine[before < rows["_t"].iloc[0]]
    if earlier.empty or str(earlier["pattern_id"].iloc[-1]) != "":
        return False
    lat, lon = _coords(pd.concat([earlier["province"].iloc[-1:], rows["province"]]),
                       pd.concat([earlier["city"].iloc[-1:], rows["city"]]))
    t = np.r_[before[before < rows["_t"].iloc[0]][-1], rows["_t"].to_numpy()]
    d = haversine_km(lat[0], lon[0], lat[1:], lon[1:])
    hours = (t[1:] - t[0]) / 3600
    return bool((d >= 800).all() and (d > MAX_SPEED_KMH * hours).all() and t[-1] - t[0] <= 3600)


def _night_burst(rows, frame) -> bool:
    if len(rows["account_id"].unique()) != 1 or len(rows) < 3:
        return False
    t = rows["_t"].to_numpy()
    hours = (t % 86400) // 3600
    pos = rows["channel"] == "POS"
    one_shop = (pos.all() and rows["merchant_id"].nunique() == 1) or (rows["channel"] == "ATM").all()
    return bool((hours < 6).all() and (rows["_a"] >= 200000).all() and one_shop
                and rows["channel"].isin(CARD_PRESENT).all() and rows["city"].nunique() == 1
                and (rows["distance_from_home_km"].astype(float) >= 1000).all() and (np.diff(t) <= 3600).all())


def _structuring(rows, frame) -> bool:
    if len(rows["account_id"].unique()) != 1:
        return False
    deposits = rows[rows["txn_type"] == "存现"]
    out = rows[rows["txn_type"] == "转账转出"]
    if not (len(deposits) >= 3 and len(out) == 1 and len(deposits) + 1 == len(rows)):
        return False
    per_day = deposits.groupby(deposits["_t"] // 86400)["_a"].sum()
    atm = deposits[deposits["channel"] == "ATM"]
    return bool(len(per_day) >= 3 and (per_day >= 4000000).all() and (per_day < 5000000).all()
                and (deposits["_a"] % 10000 == 0).all() and (atm["_a"] <= 2000000).all()
                and out["_t"].iloc[0] > deposits["_t"].max() and out["_a"].iloc[0] >= 0.9 * deposits["_a"].sum()
                and out["_a"].iloc[0] <= deposits["_a"].sum())


def _legs(rows):
    """Internal transfers as (sender, receiver, amount, time), each confirmed by the receiver's matching row."""
    outs = rows[(rows["txn_type"] == "转账转出") & (rows["counterparty_account"] != "")]
    ins = rows[(rows["txn_type"] == "转账转入") & (rows["counterparty_account"] != "")]
    got = Counter(zip(ins["counterparty_account"], ins["account_id"], ins["_a"]))
    legs = []
    for s, r, a, t in zip(outs["account_id"], outs["counterparty_account"], outs["_a"], outs["_t"]):
        if got[(s, r, a)] <= 0:
            return None
        got[(s, r, a)] -= 1
        legs.append((s, r, int(a), int(t)))
    if sum(got.values()) != 0:
        return None
    return legs


def _fan_in(rows, frame) -> bool:
    legs = _legs(rows)
    if not legs:
        return False
    receivers = {r for _, r, _, _ in legs}
    senders = {s for s, _, _, _ in legs}
    if len(receivers) != 1 or len(senders) < 4:
        return False
    hub = receivers.pop()
    total = sum(a for _, _, a, _ in legs)
    last_in = max(t for _, _, _, t in legs)
    out = rows[(rows["account_id"] == hub) & (rows["txn_type"] == "转账转出") & (rows["counterparty_account"] == "")]
    return bool(len(out) == 1 and out["_t"].iloc[0] > last_in and out["_a"].iloc[0] >= 0.9 * total
                and out["_a"].iloc[0] <= total)


def _fan_out(rows, frame) -> bool:
    legs = _legs(rows)
    if not legs:
        return False
    senders = {s for s, _, _, _ in legs}
    targets = {r for _, r, _, _ in legs}
    if len(senders) != 1 or len(targets) < 4:
        return False
    hub = next(iter(senders))
    incoming = rows[(rows["account_id"] == hub) & (rows["txn_type"] == "转账转入") & (rows["counterparty_account"] == "")]
    if len(incoming) != 1:
        return False
    sent = sum(a for _, _, a, _ in legs)
    cash = rows[rows["txn_type"] == "取现"]
    return bool(sent <= incoming["_a"].iloc[0] and sent >= 0.9 * incoming["_a"].iloc[0]
                and min(t for *_, t in legs) > incoming["_t"].iloc[0] and set(cash["account_id"]) == targets)


def _cycle(rows, frame) -> bool:
    legs = _legs(rows)
    if not legs or len(legs) < 3:
        return False
    legs.sort(key=lambda leg: leg[3])
    members = [legs[0][0]] + [r for _, r, _, _ in legs]
    if members[0] != members[-1] or len(set(members[:-1])) != len(legs):
        return False
    chained = all(legs[i][1] == legs[i + 1][0] for i in range(len(legs) - 1))
    keeps = all(legs[i + 1][2] <= legs[i][2] and legs[i + 1][2] >= 0.97 * legs[i][2] for i in range(len(legs) - 1))
    return bool(chained and keeps)


def _pass_through(rows, frame) -> bool:
    by_account = {}
    for a, group in rows.groupby("account_id", sort=False):
        by_account[a] = group
    for a, group in by_account.items():
        ins = group[group["txn_type"] == "转账转入"]
        outs = group[group["txn_type"] == "转账转出"]
        if len(ins) != 1 or len(outs) != 1:
            return False
        gap = outs["_t"].iloc[0] - ins["_t"].iloc[0]
        if not 0 < gap <= 3600 or not 0.985 * ins["_a"].iloc[0] <= outs["_a"].iloc[0] <= ins["_a"].iloc[0]:
            return False
    return len(by_account) >= 1


def _scam_transfer(rows, frame) -> bool:
    if len(rows["account_id"].unique()) != 1 or not (rows["txn_type"] == "转账转出").all() or not 2 <= len(rows) <= 5:
        return False
    account = rows["account_id"].iloc[0]
    others = frame[(frame["account_id"] == account) & ~frame.index.isin(rows.index) & (frame["device_id"] != "")]
    app = rows[rows["device_id"] != ""]
    usual = set(app["device_id"]) <= set(others["device_id"])         # the victim's own phone
    t = rows["_t"].to_numpy()
    hours = (t % 86400) / 3600
    payee = 1 <= rows["description"].str.extract(r"尾号(\d{4})")[0].nunique() <= 3
    if (rows["channel"] == "柜台").any():            # counter staff would stop it: victims are steered to the app
        return False
    mine = frame[frame["account_id"] == account]
    return bool(usual and payee and (hours >= 8).all() and (hours < 20).all() and (np.diff(t) <= 3600).all()
                and rows["_a"].sum() >= 0.65 * _takeable(rows, mine) - len(rows) * 100)


def _card_cashout(rows, frame) -> bool:
    if len(rows["account_id"].unique()) != 1 or not (rows["card_type"] == "信用卡").all():
        return False
    kinds = rows["txn_type"].tolist()
    if len(kinds) % 2 or kinds != ["消费", "还款"] * (len(kinds) // 2):
        return False
    buys, repays = rows.iloc[0::2], rows.iloc[1::2]
    free = (buys["balance_before"].astype(float) + buys["credit_limit"].astype(float)).to_numpy() * 100
    return bool((buys["channel"] == "POS").all() and buys["merchant_id"].nunique() == 1
                and (buys["_a"] % 10000 == 0).all() and (buys["_a"].to_numpy() >= 0.5 * free).all()
                and (buys["_a"].to_numpy() == repays["_a"].to_numpy()).all())


def _collection_mule(rows, frame) -> bool:
    if len(rows["account_id"].unique()) != 1:
        return False
    ins = rows["txn_type"] == "转账转入"
    if ins.sum() < 12 or not (ins | (rows["txn_type"] == "转账转出")).all() or ins.iloc[-1]:
        return False
    if (rows.loc[ins, "counterparty_account"] != "").any():
        return False
    t_in = rows.loc[ins, "_t"].to_numpy()
    pending, groups_ok = 0, True
    for is_in, amount in zip(ins.tolist(), rows["_a"].tolist()):
        if is_in:
            pending += amount
        else:
            groups_ok &= 0.97 * pending - 100 <= amount <= 0.995 * pending + 100
            pending = 0
    return bool(groups_ok and (np.diff(t_in) <= 2700).all())
