"""Consistency rules of the transactions domain, checked on every record while generating and by `synth check`.

Rules read output fields only. Rules about neighbouring rows (balance chain, time order, travel speed) compare
each row with the row before it when both belong to the same account, so they check whatever is in hand: a batch
while generating, a whole file in `synth check` (rows must be in account order there).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import data
from synth.cards import luhn_valid_many
from .events import MAX_SPEED_KMH, haversine_km
from .fields import DOMAIN
from .model import AML_FAMILY, FRAUD_FAMILY, FRAUD_TYPES

CARD_PRESENT = ("POS", "ATM", "柜台")
CREDIT_TYPES = ("存现", "转账转入", "退款", "还款", "工资入账")
TRAVEL_EXEMPT = ("impossible_travel", "night_burst")


def _fen(values) -> np.ndarray:
    return np.round(np.asarray(values, dtype=np.float64) * 100).astype(np.int64)


def _same_account_as_previous(columns) -> np.ndarray:
    acc = np.asarray(columns["account_id"], dtype=object)
    return np.r_[False, acc[1:] == acc[:-1]]


@DOMAIN.rule("card_number_valid", "unmasked: Luhn-valid with a BIN from finance/bins.tsv; masked: 4 digits of such a BIN, "
             "then **** **** and four digits", ("card_number",))
def card_number_valid(columns, options):
    numbers = np.asarray(columns["card_number"], dtype=object)
    codes, uniques = pd.factorize(numbers)        # a card appears on many rows: check each card once
    return _cards_ok(np.asarray(uniques, dtype=object))[codes]


def _cards_ok(numbers: np.ndarray) -> np.ndarray:
    table = data.bins()
    starts = set(table["bin"])
    heads = {b[:4] for b in starts}
    out = np.zeros(len(numbers), dtype=bool)
    unmasked = np.array([isinstance(x, str) and x.isdigit() for x in numbers], dtype=bool)
    if unmasked.any():
        valid = luhn_valid_many(list(numbers[unmasked]))
        lengths = dict(zip(table["bin"], table["length"]))
        prefix_ok = np.array([x[:6] in starts and len(x) == lengths[x[:6]] for x in numbers[unmasked]])
        out[unmasked] = valid & prefix_ok
    masked = ~unmasked
    out[masked] = [isinstance(x, str) and len(x) == 19 and x[:4] in heads and x[4:15] == " **** **** "
                   and x[15:].isdigit() for x in numbers[masked]]
    return out


@DOMAIN.rule("balance_arithmetic", "balance_after = balance_before - amount for debits, + amount for credits",
             ("balance_before", "balance_after", "amount", "txn_type"))
def balance_arithmetic(columns, options):
    before, after, amount = _fen(columns["balance_before"]), _fen(columns["balance_after"]), _fen(columns["amount"])
    credit = np.isin(np.asarray(columns["txn_type"], dtype=object), CREDIT_TYPES)
    return (after == np.where(credit, before + amount, before - amount)) & (amount > 0)


@DOMAIN.rule("balance_chain", "a row's balance_before is the balance_after of the account's previous row",
             ("account_id", "balance_before", "balance_after"))
def balance_chain(columns, options):
    same = _same_account_as_previous(columns)
    before, after = _fen(columns["balance_before"]), _fen(columns["balance_after"])
    return ~same | (before == np.r_[0, after[:-1]])


@DOMAIN.rule("balance_within_limits", "debit cards never below zero; credit cards never owe more than their limit",
             ("card_type", "balance_after", "credit_limit"))
def balance_within_limits(columns, options):
    after, limit = _fen(columns["balance_after"]), _fen(columns["credit_limit"])
    credit = np.asarray(columns["card_type"], dtype=object) == "信用卡"
    return np.where(credit, after >= -limit, after >= 0)


@DOMAIN.rule("time_increasing", "timestamps strictly increase within an account (account order)",
             ("account_id", "timestamp"))
def time_increasing(columns, options):
    if options.get("order") == "time":
        return np.ones(len(columns["timestamp"]), dtype=bool)
    same = _same_account_as_previous(columns)
    t = np.asarray(columns["timestamp"]).astype("datetime64[s]").astype(np.int64)
    return ~same | (t > np.r_[0, t[:-1]])


def _city_rows(province, city) -> np.ndarray:
    """Row of cities.tsv for each (province, city) pair, -1 for a pair that is not there (looked up per distinct pair)."""
    index = data.city_index()
    p_codes, p_names = pd.factorize(np.asarray(province, dtype=object))
    c_codes, c_names = pd.factorize(np.asarray(city, dtype=object))
    pair = p_codes.astype(np.int64) * (len(c_names) + 1) + c_codes
    uniques, inverse = np.unique(pair, return_inverse=True)
    rows = np.array([index.get((p_names[u // (len(c_names) + 1)], c_names[u % (len(c_names) + 1)]), -1)
                     for u in uniques.tolist()], dtype=np.int64)
    return rows[inverse] if len(pair) else np.zeros(0, np.int64)


def _nowhere(columns) -> np.ndarray:
    """Rows without a place: an online platform's payment (merchant P…) with no city and no coordinates."""
    city = np.asarray(columns["city"], dtype=object)
    empty = pd.isna(city) | (city == "")
    platform = np.char.startswith(np.asarray(columns["merchant_id"], dtype=object).astype(str), "P")
    return empty & platform & np.isnan(np.asarray(columns["lat"], float)) & np.isnan(np.asarray(columns["lon"], float))


@DOMAIN.rule("city_is_real", "city and province are a real pair of cities.tsv, and lat/lon are that city's; or, "
             "for an online platform's payment, all four are empty", ("province", "city", "lat", "lon", "merchant_id"))
def city_is_real(columns, options):
    rows = _city_rows(columns["province"], columns["city"])
    cities = data.cities()
    ok = rows >= 0
    lat = cities["lat"].to_numpy()[np.maximum(rows, 0)]
    lon = cities["lon"].to_numpy()[np.maximum(rows, 0)]
    placed = ok & np.isclose(np.asarray(columns["lat"], float), lat) & np.isclose(np.asarray(columns["lon"], float), lon)
    return placed | _nowhere(columns)


@DOMAIN.rule("distance_from_home", "distance_from_home_km is the great-circle distance between the home city's "
             "and the row's city's coordinates (to 0.1 km); empty where the row has no place",
             ("home_province", "home_city", "province", "city", "distance_from_home_km", "lat", "lon", "merchant_id"))
def distance_from_home(columns, options):
    home = _city_rows(columns["home_province"], columns["home_city"])
    here = _city_rows(columns["province"], columns["city"])
    cities = data.cities()
    lat, lon = cities["lat"].to_numpy(), cities["lon"].to_numpy()
    ok = (home >= 0) & (here >= 0)
    home, here = np.maximum(home, 0), np.maximum(here, 0)
    d = np.round(haversine_km(lat[home], lon[home], lat[here], lon[here]), 1)
    given = np.asarray(columns["distance_from_home_km"], float)
    return (ok & (np.abs(d - given) < 0.051)) | (_nowhere(columns) & np.isnan(given))


@DOMAIN.rule("travel_speed", "two card-present rows of an account in a row are no farther apart than 800 km/h "
             "allows, unless one of them is labelled impossible_travel or night_burst",
             ("account_id", "channel", "province", "city", "timestamp", "fraud_type"))
def travel_speed(columns, options):
    n = len(columns["channel"])
    out = np.ones(n, dtype=bool)
    if options.get("order") == "time":
        return out
    cp = np.flatnonzero(np.isin(np.asarray(columns["channel"], dtype=object), CARD_PRESENT))
    if len(cp) < 2:
        return out
    acc = np.asarray(columns["account_id"], dtype=object)[cp]
    rows = _city_rows(np.asarray(columns["province"], dtype=object)[cp], np.asarray(columns["city"], dtype=object)[cp])
    cities = data.cities()
    lat, lon = cities["lat"].to_numpy(), cities["lon"].to_numpy()
    rows = np.maximum(rows, 0)
    t = np.asarray(columns["timestamp"]).astype("datetime64[s]").astype(np.int64)[cp]
    ftype = np.asarray(columns["fraud_type"], dtype=object)[cp]
    exempt = np.isin(ftype, TRAVEL_EXEMPT)
    same = np.r_[False, acc[1:] == acc[:-1]]
    d = haversine_km(lat[rows[:-1]], lon[rows[:-1]], lat[rows[1:]], lon[rows[1:]])
    hours = (t[1:] - t[:-1]) / 3600
    fast = np.r_[False, d > MAX_SPEED_KMH * hours]
    bad = same & fast & ~exempt & ~np.r_[False, exempt[:-1]]
    out[cp[bad]] = False
    return out


@DOMAIN.rule("labels_agree", "fraud_type is none or a known type, and is_fraud and is_laundering follow from it "
             "(pattern_id is checked with the pattern shapes)", ("fraud_type", "is_fraud", "is_laundering"))
def labels_agree(columns, options):
    ftype = np.asarray(columns["fraud_type"], dtype=object)
    fraud = _bools(columns["is_fraud"])
    aml = _bools(columns["is_laundering"])
    fraud_types = np.isin(ftype, [FRAUD_TYPES[k] for k in FRAUD_FAMILY])
    aml_types = np.isin(ftype, [FRAUD_TYPES[k] for k in AML_FAMILY])
    known = fraud_types | aml_types | (ftype == "none")
    return known & (fraud == fraud_types) & (aml == aml_types)


def _bools(values) -> np.ndarray:
    """True/False as generated, or as a file gives them back (true/false text)."""
    values = np.asarray(values)
    if values.dtype == bool:
        return values
    return np.array([v is True or str(v).strip().lower() in ("true", "1") for v in values], dtype=bool)


@DOMAIN.rule("shop_open", "a POS payment falls in an hour its merchant category takes payments (categories.tsv "
             "open-close), fraud rows included", ("channel", "txn_type", "merchant_category", "timestamp"))
def shop_open(columns, options):
    channel = np.asarray(columns["channel"], dtype=object)
    out = np.ones(len(channel), dtype=bool)
    pos = np.flatnonzero((channel == "POS") & (np.asarray(columns["txn_type"], dtype=object) == "消费"))
    if not len(pos):
        return out
    index = {name: i for i, name in enumerate(data.categories()["category"])}
    cat = np.array([index.get(c, -1) for c in np.asarray(columns["merchant_category"], dtype=object)[pos]])
    hour = np.asarray(columns["timestamp"]).astype("datetime64[s]")[pos].astype("datetime64[h]").astype(np.int64) % 24
    out[pos] = (cat >= 0) & data.open_hours()[np.maximum(cat, 0), hour]
    return out
