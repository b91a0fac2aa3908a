"""The transactions domain: options, output fields, and the producer that writes each account's window down.

Records are transactions; the entity is the account. `order=account` (the only order that keeps record-level
random access; see docs/transactions.md) lists account 0's transactions in time order, then account 1's, and so
on. The producer finds the chunks of accounts that hold records [start, stop) from per-chunk transaction counts
(a prefix sum over cheap plans, kept per process), builds those chunks whole, and slices.
"""

from __future__ import annotations

import numpy as np

from synth.domains.persons import mask_names, sample_age_sex, sample_birth_dates, sample_names, sex_of_cell
from synth.errors import SynthError
from synth.options import Option, parse_bool, parse_float
from synth.randomness import block_generator
from synth.schema import Domain

from . import data
from synth.cards import card_numbers, mask_many
from .events import app_rows, build, flags, haversine_km
from .model import (AML_FAMILY, CHANNELS, CHUNK, FRAUD_FAMILY, FRAUD_TYPES, TXN_TYPES, T_CASH_OUT, C_ATM, Setup,
                    counter, hash_uniform, key, make_setup)
from .text import descriptions, merchant_names


def parse_accounts(value) -> int:
    number = int(str(value).strip())
    if number < 0:
        raise ValueError("the number of accounts is 0 (as many as the records need) or more")
    return number


def parse_days(value) -> int:
    number = int(str(value).strip())
    if not 7 <= number <= 366:
        raise ValueError("the window is 7 to 366 days")
    return number


def parse_fraud_rate(value) -> float:
    rate = parse_float(value)
    if not 0.0 <= rate <= 0.05:
        raise ValueError("the fraud rate is a share of transactions between 0 and 0.05")
    return rate


def parse_aml_rate(value) -> float:
    rate = parse_float(value)
    if not 0.0 <= rate <= 0.05:
        raise ValueError("the laundering rate is a share of transactions between 0 and 0.05")
    return rate


def parse_order(value) -> str:
    text = str(value).strip()
    if text not in ("account", "time"):
        raise ValueError("the order is account or time")
    return text


DOMAIN = Domain("transactions", "Chinese card and payment streams per account, with labelled fraud and laundering "
                                "patterns", options=[
    Option("accounts", 0, parse_accounts, "accounts in the dataset; 0 (default) makes as many as the records need"),
    Option("days", 30, parse_days, "length of each account's window in days, ending the day before as_of"),
    Option("fraud_rate", 0.0015, parse_fraud_rate, "share of transactions in card-fraud patterns (default 0.15%)"),
    Option("aml_rate", 0.001, parse_aml_rate, "share of transactions in money-laundering patterns (default 0.1%)"),
    Option("mask", "true", parse_bool, "mask card numbers (6222 **** **** 1234) and names (张*明)"),
    Option("order", "account", parse_order, "account: each account's transactions in time order, account after "
                                            "account; time: by time within each chunk of 64 accounts"),
])


FIELDS = (
    ("txn_id", "str", "T + 12-digit record index"),
    ("account_id", "str", "A + 9-digit account index (says nothing about the account's role)"),
    ("card_number", "str", "UnionPay card number: issuer BIN from lexicons/finance/bins.tsv, Luhn check digit; masked 6222 **** **** 1234 by default"),
    ("card_type", "str", "借记卡 or 信用卡"),
    ("bank", "str", "issuing bank"),
    ("customer_name", "str", "the account holder (persons' names; masked 张*明 by default)"),
    ("home_province", "str", "province of the holder's home city"),
    ("home_city", "str", "the holder's home city"),
    ("timestamp", "str", "local time, ISO 8601 to the second; strictly increasing per account"),
    ("amount", "float", "CNY, two decimals, always positive (the direction is in txn_type)"),
    ("channel", "str", "POS, 网上支付, ATM, 支付宝, 微信支付, 云闪付, 银行转账, 柜台"),
    ("txn_type", "str", "消费, 取现, 存现, 转账转出, 转账转入, 退款, 还款, 工资入账, 缴费, 手续费"),
    ("merchant_id", "str", "M + 9 digits for shops, P + 3 digits for online platforms; empty when there is no merchant"),
    ("merchant_name", "str", "shop name from the merchant grammar, or the platform's name"),
    ("mcc", "str", "ISO 18245 merchant category code (categories.tsv); 6011 for ATM cash"),
    ("merchant_category", "str", "Chinese category name"),
    ("province", "str", "province of the merchant (or of the customer when there is no merchant); empty for an "
                        "online shop, game or booking platform, which has no place"),
    ("city", "str", "city of the merchant (or where the customer is); empty with province"),
    ("lat", "float", "the city's latitude (cities.tsv)"),
    ("lon", "float", "the city's longitude (cities.tsv)"),
    ("distance_from_home_km", "float", "great-circle distance from the home city to this city, 0.1 km; empty "
                                       "where the row has no city"),
    ("balance_before", "float", "CNY; for credit cards minus the amount owed"),
    ("balance_after", "float", "balance_before minus a debit or plus a credit; the next row's balance_before"),
    ("credit_limit", "float", "CNY, credit cards only (0 for debit cards)"),
    ("counterparty_account", "str", "account_id of the other side of a transfer inside the dataset, else empty"),
    ("device_id", "str", "device of an app or online payment; empty for card-present and incoming rows"),
    ("description", "str", "the bank statement line (财付通-美团外卖, 银联消费 鑫源超市(南山店))"),
    ("risk_flags", "list", "rule features that fire on this row (非常用时间段, 连续多笔大额交易, 异常地理位置 …)"),
    ("is_fraud", "bool", "part of a card-fraud pattern"),
    ("is_laundering", "bool", "part of a money-laundering pattern"),
    ("fraud_type", "str", "card_testing, account_takeover, impossible_travel, night_burst, scam_transfer, "
                          "card_cashout (fraud); structuring, fan_in, fan_out, cycle, pass_through, collection_mule "
                          "(laundering); none for legitimate rows"),
    ("pattern_id", "str", "the pattern the row belongs to (all its rows share it); empty for legitimate rows"),
)
NO_PLACE = ("online", "digital", "giftcard", "education", "electronics", "hotel", "airline")   # platforms' categories

# Empty by design where they do not apply (a transfer has no merchant, a legitimate row no pattern); statement
# lines repeat by nature (every 美团外卖 order reads 财付通-美团外卖).
OPTIONAL = {"merchant_id", "merchant_name", "mcc", "merchant_category", "counterparty_account", "device_id",
            "risk_flags", "pattern_id", "province", "city", "lat", "lon", "distance_from_home_km"}
# For `synth check`'s distribution gates: keys are not labels to compare by proportion, and an account's records
# share its attributes (card, bank, home, limit: compared over one record per account) or cluster by it (where
# and how it pays, how much, its balance: tests corrected for the clustering), since 300 records may be five
# accounts, whose homes and habits no reference sample can match record for record.
IDENTIFIERS = {"txn_id", "account_id", "merchant_id", "counterparty_account", "device_id", "pattern_id"}
PER_ACCOUNT = {"card_number", "card_type", "bank", "customer_name", "home_province", "home_city", "credit_limit",
               "province", "city", "lat", "lon", "distance_from_home_km", "balance_before", "balance_after",
               "amount", "channel", "txn_type", "mcc", "merchant_category"}
for _name, _dtype, _doc in FIELDS:
    DOMAIN.produced_field(_name, dtype=_dtype, doc=_doc, optional=_name in OPTIONAL, repeats=_name == "description",
                          role="identifier" if _name in IDENTIFIERS else None,
                          per="account_id" if _name in PER_ACCOUNT else None)


class ChunkRandom:
    """The `BlockRandom` interface over chunks of accounts, so persons' identity building blocks can be reused."""

    def __init__(self, stream: tuple[int, int], chunks: np.ndarray):
        self.generators = [block_generator(stream, int(c)) for c in chunks]
        self.size = len(chunks) * CHUNK

    def random(self, *shape: int) -> np.ndarray:
        return np.concatenate([g.random((CHUNK, *shape)) for g in self.generators])


def identities(setup: Setup, chunks: np.ndarray, as_of) -> np.ndarray:
    rng = ChunkRandom(key(setup, "identity"), chunks)
    cell = sample_age_sex(rng, (18, 75))
    birth = sample_birth_dates(rng, cell // 2, as_of)
    return sample_names(rng, sex_of_cell(cell), birth)


def card_body(setup: Setup, index: np.ndarray) -> np.ndarray:
    k = key(setup, "card")
    from synth.permutation import _mix
    return _mix(index.astype(np.uint64) ^ np.uint64(k[0]), np.uint64(k[1])) % np.uint64(10 ** 12)


def debit_bin_rows(setup: Setup, index: np.ndarray) -> np.ndarray:
    """The BIN row of (debit) accounts anywhere in the dataset, from their chunks' plan draws."""
    from .model import chunk_uniforms, choose
    table = data.bins()
    weights = np.where(table["kind"].to_numpy() == "debit", table["weight"].to_numpy(), 0)
    out = np.zeros(len(index), np.int64)
    chunks = index // CHUNK
    for c in np.unique(chunks):
        u = chunk_uniforms(setup, "plan", np.array([c]), 32)[:, 24]
        rows = np.flatnonzero(chunks == c)
        out[rows] = choose(u[index[rows] - c * CHUNK], weights)
    return out


def cards_of(setup: Setup, index: np.ndarray, bin_row: np.ndarray) -> np.ndarray:
    return card_numbers(bin_row, card_body(setup, index))


def ids(prefix: str, values: np.ndarray, width: int) -> np.ndarray:
    """"A000000123"-style identifiers (an empty array stays empty)."""
    if len(values) == 0:
        return np.zeros(0, dtype=object)
    return np.char.add(prefix, np.char.zfill(np.asarray(values).astype(str), width)).astype(object)


def fen(values: np.ndarray) -> np.ndarray:
    return np.round(values.astype(np.float64) / 100, 2)


@DOMAIN.rows
def produce(request, start: int, stop: int) -> dict:
    setup = make_setup(request.seed, request.options, request.as_of)
    count = counter(setup)
    try:
        c0, r0 = count.locate(start)
        c1, _ = count.locate(stop - 1)
    except IndexError:
        raise SynthError(f"{setup.accounts} accounts over {setup.days} days make {count.total()} transactions, "
                         f"but {request.total} were asked for (start + n): ask for fewer, or set more accounts.") from None
    chunks = np.arange(c0, c1 + 1, dtype=np.int64)
    p, ev = build(setup, chunks)
    if request.options["order"] == "time":
        # Time order within each chunk of 64 accounts: a chunk's records keep their place in the dataset, so any
        # cut of the records still gives the same rows (a global time order would need every account at once).
        order = np.lexsort((ev["account"], ev["t"], ev["account"] // CHUNK))
        ev = {k: v[order] for k, v in ev.items()}
    cities = data.cities()
    lat, lon = cities["lat"].to_numpy(), cities["lon"].to_numpy()
    a = ev["account"]
    home = p["home"][a]
    distance = np.round(haversine_km(lat[home], lon[home], lat[ev["city"]], lon[ev["city"]]), 1)
    row_flags = flags(setup, p, ev, distance) if request.options["order"] == "account" else None
    if row_flags is None:   # flags read each account's rows in time order: compute them in that order
        back = np.lexsort((ev["t"], ev["account"]))
        sorted_ev = {k: v[back] for k, v in ev.items()}
        sorted_flags = flags(setup, p, sorted_ev, distance[back])
        row_flags = [None] * len(back)
        for i, j in enumerate(back.tolist()):
            row_flags[j] = sorted_flags[i]
    lo, hi = start - r0, stop - r0
    ev = {k: v[lo:hi] for k, v in ev.items()}
    row_flags = row_flags[lo:hi]
    distance = distance[lo:hi]
    return render(setup, request, p, ev, chunks, row_flags, distance, start)


def render(setup: Setup, request, p: dict, ev: dict, chunks: np.ndarray, row_flags: list, distance: np.ndarray,
           start: int) -> dict:
    mask = request.options["mask"]
    n = len(ev["account"])
    a = ev["account"]
    index = p["index"]
    cities = data.cities()
    cats = data.categories()
    bins = data.bins()
    plats = data.platforms()
    names = identities(setup, chunks, request.as_of)
    if mask:
        names = mask_names(names)
    cards = cards_of(setup, index, p["bin_row"])
    if mask:
        cards = mask_many(cards)
    out = {}
    out["txn_id"] = ids("T", start + np.arange(n), 12)
    acc_ids = ids("A", index, 9)
    out["account_id"] = acc_ids[a]
    out["card_number"] = cards[a]
    out["card_type"] = np.where(p["credit"], "信用卡", "借记卡").astype(object)[a]
    out["bank"] = bins["bank"].to_numpy()[p["bin_row"]][a]
    out["customer_name"] = names[a]
    out["home_province"] = cities["province"].to_numpy()[p["home"]][a]
    out["home_city"] = cities["city"].to_numpy()[p["home"]][a]
    out["timestamp"] = np.datetime_as_string(ev["t"].astype("datetime64[s]"), unit="s").astype(object)
    out["amount"] = fen(ev["amount"])
    out["channel"] = np.array(CHANNELS, dtype=object)[ev["channel"]]
    out["txn_type"] = np.array(TXN_TYPES, dtype=object)[ev["ttype"]]
    merchant = ev["merchant"]
    plat = ev["platform"]
    has_shop = merchant >= 0
    mid = np.full(n, "", dtype=object)
    mid[has_shop] = ids("M", merchant[has_shop], 9)
    mid[plat >= 0] = ids("P", plat[plat >= 0], 3)
    out["merchant_id"] = mid
    mname = np.full(n, "", dtype=object)
    mname[has_shop] = merchant_names(setup, merchant[has_shop])
    mname[plat >= 0] = plats["platform"].to_numpy()[plat[plat >= 0]]
    cat = ev["cat"]
    has_cat = cat >= 0
    atm = (ev["ttype"] == T_CASH_OUT) & (ev["channel"] == C_ATM)
    mcc = np.full(n, "", dtype=object)
    mcc[has_cat] = cats["mcc"].to_numpy()[cat[has_cat]]
    mcc[atm] = "6011"
    mcat = np.full(n, "", dtype=object)
    mcat[has_cat] = cats["category"].to_numpy()[cat[has_cat]]
    mcat[atm] = "ATM取现"
    # A platform is one merchant to the acquirer: one MCC and category (its first row in platforms.tsv), whatever
    # is bought there (京东商城 and 天猫 are 网络购物/5399 for a phone too).
    on_plat = np.flatnonzero(plat >= 0)
    if len(on_plat):
        names = plats["platform"].to_numpy()
        first = {}
        for i, (name, key) in enumerate(zip(names, plats["category"].to_numpy())):
            first.setdefault(name, key)
        cat_row = {k: i for i, k in enumerate(cats["key"].to_numpy())}
        plat_cat = np.array([cat_row[first[name]] for name in names], dtype=np.int64)
        mcc[on_plat] = cats["mcc"].to_numpy()[plat_cat[plat[on_plat]]]
        mcat[on_plat] = cats["category"].to_numpy()[plat_cat[plat[on_plat]]]
    out["province"] = cities["province"].to_numpy()[ev["city"]]
    out["city"] = cities["city"].to_numpy()[ev["city"]]
    out["lat"] = cities["lat"].to_numpy()[ev["city"]]
    out["lon"] = cities["lon"].to_numpy()[ev["city"]]
    out["distance_from_home_km"] = distance
    # An online shop, a game, a booking site has no place a payment happens in: no city, no coordinates, no
    # distance (a meal delivered or a ride taken keeps the customer's city).
    if len(on_plat):
        nowhere = np.zeros(n, bool)
        nowhere[on_plat] = np.isin(cats["key"].to_numpy()[plat_cat[plat[on_plat]]], NO_PLACE)
        for name in ("province", "city"):
            out[name] = np.where(nowhere, "", out[name]).astype(object)
        for name in ("lat", "lon", "distance_from_home_km"):
            out[name] = np.where(nowhere, np.nan, out[name])
    desc, branch = descriptions(setup, p, ev, mname, cards, bins, debit_bin_rows, cards_of)
    mname[atm] = branch[atm]
    out["merchant_name"] = mname
    out["mcc"] = mcc
    out["merchant_category"] = mcat
    out["balance_before"] = fen(ev["balance_before"])
    out["balance_after"] = fen(ev["balance_after"])
    out["credit_limit"] = fen(p["limit"][a])
    cp = ev["counterparty"]
    cpa = np.full(n, "", dtype=object)
    inside = cp >= 0
    cpa[inside] = ids("A", cp[inside], 9)
    out["counterparty_account"] = cpa
    app = app_rows(ev)
    usual = hash_uniform(setup, "device", index[a])
    second = hash_uniform(setup, "device.second", index[a])          # the phone a customer changes to
    new = hash_uniform(setup, "device.new", index[a], ev["t"] // 86400)
    dev_value = np.where(ev["device_new"], new, np.where(ev["t"] >= p["phone_switch"][a], second, usual))
    dev = np.full(n, "", dtype=object)
    values, inverse = np.unique((dev_value[app] * 16 ** 10).astype(np.int64), return_inverse=True)
    dev[app] = np.array([f"D{v:010x}" for v in values.tolist()], dtype=object)[inverse]
    out["device_id"] = dev
    out["description"] = desc
    out["risk_flags"] = np.empty(n, dtype=object)
    out["risk_flags"][:] = row_flags
    ft = ev["ftype"]
    out["is_fraud"] = np.isin(ft, list(FRAUD_FAMILY))
    out["is_laundering"] = np.isin(ft, list(AML_FAMILY))
    out["fraud_type"] = np.array(FRAUD_TYPES, dtype=object)[ft]
    out["pattern_id"] = ev["pattern"].astype(object)
    return out
