"""The account as a small model of what happened in its window: plan first, then events, then balances.

Randomness. Accounts are grouped in chunks of CHUNK accounts; every per-account draw comes from a Philox stream
keyed by (seed, "transactions", stream name) whose counter is the chunk index, so a chunk is always drawn whole
and any chunk can be made without the others. Laundering patterns and family transfers join accounts of one
cohort (COHORT accounts): a cohort's patterns are drawn from the cohort's own stream and their participants are
the cohort's accounts at the slots of a keyed permutation, so any account can find the patterns it takes part in
without making the other accounts. Merchants are pure functions of (seed, city, category, slot) by hashing.

Money is in whole fen (int64) throughout; times are int64 seconds since 1970-01-01, local time (no zone).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.special import ndtri

from synth.permutation import _mix, permute
from synth.randomness import block_generator, stream_key

from . import data

DOMAIN_NAME = "transactions"
CHUNK = 64                      # accounts per random-access unit
COHORT = CHUNK                  # accounts that laundering patterns and family transfers may join (one chunk):
                                # a cut of the records after a chunk never splits a pattern (docs/transactions.md)
SLOTS = 40                      # merchants per (city, category)
DAY = 86400
HOUR = 3600
MAX_SPEED_KMH = 800.0           # fastest plausible travel between two card-present payments (air)
TRANSIT_HOURS = 6               # a trip's departure and return take at least this long: no payments in transit
TRIP_SHARE = 0.24               # accounts with a trip in the window: business trips, then holidays
BUSINESS_SHARE = 0.15
ABROAD_SHARE = 0.2              # share of holidays that go abroad
COMMUTE_SHARE = 0.08            # accounts whose workplace is in a neighbouring city (30-150 km)

# Codes of the things an event is.
TXN_TYPES = ("消费", "取现", "存现", "转账转出", "转账转入", "退款", "还款", "工资入账", "缴费", "手续费")
(T_BUY, T_CASH_OUT, T_CASH_IN, T_XFER_OUT, T_XFER_IN, T_REFUND, T_REPAY, T_SALARY, T_BILL, T_FEE) = range(10)
CREDITS = (T_CASH_IN, T_XFER_IN, T_REFUND, T_REPAY, T_SALARY)
CHANNELS = ("POS", "网上支付", "ATM", "支付宝", "微信支付", "云闪付", "银行转账", "柜台")
(C_POS, C_ONLINE, C_ATM, C_ALIPAY, C_WECHAT, C_UNIONPAY, C_TRANSFER, C_COUNTER) = range(8)
CARD_PRESENT = (C_POS, C_ATM, C_COUNTER)
WALLET_SPLIT = np.array([0.42, 0.48, 0.10])    # 支付宝, 微信支付, 云闪付 among wallet payments (see docs)
FRAUD_TYPES = ("none", "card_testing", "account_takeover", "impossible_travel", "night_burst",
               "structuring", "fan_in", "fan_out", "cycle", "pass_through", "scam_transfer", "card_cashout",
               "collection_mule")
(F_NONE, F_TESTING, F_ATO, F_TRAVEL, F_BURST, F_STRUCT, F_FANIN, F_FANOUT, F_CYCLE, F_PASS, F_SCAM, F_CASHOUT,
 F_MULE) = range(13)
FRAUD_FAMILY = {F_TESTING, F_ATO, F_TRAVEL, F_BURST, F_SCAM, F_CASHOUT}
AML_FAMILY = {F_STRUCT, F_FANIN, F_FANOUT, F_CYCLE, F_PASS, F_MULE}
CARD_FRAUD = (F_TESTING, F_TRAVEL, F_BURST)     # a stolen or cloned card: frozen, reissued, the charges credited back
# Shares of the fraud rate by type, and of the laundering rate by type (documented in docs/transactions.md).
# One account has one pattern; the types a card can have depend on its kind: takeovers and 电信诈骗 victims'
# transfers drain debit accounts, 信用卡套现 needs a credit card. Order: testing, takeover, travel, burst, scam,
# cash-out.
FRAUD_MIX_DEBIT = np.array([0.22, 0.18, 0.15, 0.20, 0.25, 0.0])
FRAUD_MIX_CREDIT = np.array([0.25, 0.0, 0.20, 0.25, 0.0, 0.30])
PER_ACCOUNT_TYPES = np.array([F_TESTING, F_ATO, F_TRAVEL, F_BURST, F_SCAM, F_CASHOUT])
AML_MIX = np.array([0.25, 0.20, 0.20, 0.15, 0.20]) * 0.85     # the cohort patterns; 跑分 accounts take the rest
MULE_SHARE = 0.15
BIG_MOVE_SHARE = 0.03           # debit accounts that move a large part of their savings out in the window
COLLECTOR_SHARE = 0.015
NO_DISPUTE_SHARE = 0.1          # card-fraud victims who never dispute the charges in the window (no credit back)
ADVANCE_SHARE = 0.04            # credit cards that take a cash advance in the window         # debit accounts that take a stall's payments by collection code
MEMO_NONE, MEMO_RENT, MEMO_ALLOWANCE, MEMO_SPLIT = 0, 1, 2, 3   # what a transfer is for (statement text only)
MEMO_SAFE, MEMO_GOODS, MEMO_DEPOSIT = 4, 6, 7  # one payee per pattern; 货款; 定金/装修款
MEMO_PAYOUT = 8                 # 零钱提现/余额提现: a wallet balance withdrawn to the card
SAFE_PAYEES = (MEMO_SAFE, 13, 14)   # a scam's 安全账户: up to three payees, each one memo (statement tail)
MEMO_POWER = 10                 # utility bills: 10 electricity, 11 water, 12 gas (statement text)
MEMO_COMPENSATE = 15            # the bank's credit of a stolen card's charges after the dispute (赔付, 调账)
REPORT_THRESHOLD = 5_000_000    # 50,000 CNY in fen: the large cash transaction report threshold
PAIR_SHARE = 0.20               # share of debit accounts in a family-transfer pair
GROUP_SHARE = 0.10              # share of the remaining accounts in a group order (拼单AA)


@dataclass(frozen=True)
class Setup:
    seed: int
    accounts: int               # 0: as many as the records need
    days: int
    start: int                  # window [start, end) in seconds
    end: int
    fraud_rate: float
    aml_rate: float
    as_of: dt.date

    @property
    def n_chunks(self) -> int:
        return -(-self.accounts // CHUNK) if self.accounts else 1 << 40


def make_setup(seed: int, options: dict, as_of: dt.date) -> Setup:
    end = int((np.datetime64(as_of, "D") - np.datetime64("1970-01-01", "D")).astype(np.int64)) * DAY
    return Setup(seed, options["accounts"], options["days"], end - options["days"] * DAY, end,
                 options["fraud_rate"], options["aml_rate"], as_of)


# -- randomness helpers -----------------------------------------------------------------------------------------
def key(setup: Setup, name: str) -> tuple[int, int]:
    return stream_key(setup.seed, DOMAIN_NAME, name)


def chunk_uniforms(setup: Setup, name: str, chunks: np.ndarray, k: int) -> np.ndarray:
    """(len(chunks) * CHUNK, k) uniforms, each chunk from its own generator."""
    stream = key(setup, name)
    return np.concatenate([block_generator(stream, int(c)).random((CHUNK, k)) for c in chunks])


def ragged_uniforms(setup: Setup, name: str, chunks: np.ndarray, per_chunk: np.ndarray, k: int) -> np.ndarray:
    """per_chunk[i] rows of k uniforms for chunk chunks[i], concatenated."""
    stream = key(setup, name)
    parts = [block_generator(stream, int(c)).random((int(n), k)) for c, n in zip(chunks, per_chunk)]
    return np.concatenate(parts) if parts else np.zeros((0, k))


def hash_uniform(setup: Setup, name: str, *values: np.ndarray) -> np.ndarray:
    """A uniform in [0, 1) that is a pure function of (seed, name, values...), vectorised (SplitMix64 rounds)."""
    k0, k1 = key(setup, name)
    h = np.full(np.broadcast(*values).shape if values else (), np.uint64(k0), dtype=np.uint64)
    for v in values:
        h = _mix(h ^ np.asarray(v).astype(np.uint64), np.uint64(k1))
    return (h >> np.uint64(11)).astype(np.float64) / float(1 << 53)


def choose(u: np.ndarray, weights: np.ndarray) -> np.ndarray:
    cdf = np.cumsum(weights, dtype=float)
    if cdf[-1] <= 0:                 # nothing to choose (a rate of 0): the first, never used
        return np.zeros(np.shape(u), dtype=np.int64)
    return np.minimum(np.searchsorted(cdf / cdf[-1], u, side="right"), len(weights) - 1)


def lognormal_fen(u: np.ndarray, median: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    z = ndtri(np.clip(u, 1e-12, 1 - 1e-12))
    return np.maximum(np.round(median * np.exp(sigma * z) * 100), 1).astype(np.int64)


# -- the plan: cheap per-account decisions, enough to count each account's transactions -------------------------
@lru_cache(maxsize=8)
def calendar(setup: Setup) -> dict:
    """Months overlapping the window, and per category the day weights (weekday, 春节, 618, 双十一)."""
    start_day = setup.start // DAY
    days = np.arange(start_day, start_day + setup.days)
    dates = days.astype("datetime64[D]")
    months = np.unique(dates.astype("datetime64[M]"))
    weekday = (days + 3) % 7          # 1970-01-01 was a Thursday: 0 = Monday
    weekend = weekday >= 5
    cats = data.categories()
    weights = np.ones((len(cats), len(days)))
    weights *= np.where(weekend[None, :], cats["weekend"].to_numpy()[:, None], 1.0)
    md = np.array([(d.astype(object).month, d.astype(object).day) for d in dates])
    keys = cats["key"].to_numpy()
    online = np.isin(keys, ["online", "electronics", "clothing", "cosmetics", "digital"])
    # 双十一 (11 Nov, presales from 1 Nov) and 618 (18 Jun, from 1 Jun): online shopping peaks.
    d11 = (md[:, 0] == 11) & (md[:, 1] == 11)
    pre11 = (md[:, 0] == 11) & (md[:, 1] < 11)
    d618 = (md[:, 0] == 6) & (md[:, 1] == 18)
    pre618 = (md[:, 0] == 6) & (md[:, 1] < 18)
    weights[np.ix_(online, d11)] *= 6.0
    weights[np.ix_(online, pre11)] *= 1.8
    weights[np.ix_(online, d618)] *= 4.0
    weights[np.ix_(online, pre618)] *= 1.4
    # 春节: two weeks of shopping before it, then a quiet week (shops shut, transit down, restaurants up).
    festivals = data.spring_festivals()
    for year in {d.astype(object).year for d in dates} | {d.astype(object).year + 1 for d in dates}:
        if year not in festivals:
            continue
        sf = int((np.datetime64(festivals[year]) - np.datetime64("1970-01-01")).astype(np.int64))
        before = (days >= sf - 14) & (days < sf)
        during = (days >= sf) & (days < sf + 7)
        shop = np.isin(keys, ["supermarket", "department", "clothing", "giftcard", "jewellery"])
        weights[np.ix_(shop, before)] *= 1.8
        weights[np.ix_(shop, during)] *= 0.6
        weights[np.ix_(np.isin(keys, ["restaurant", "cinema"]), during)] *= 1.4
        weights[np.ix_(np.isin(keys, ["transit", "taxi", "fastfood"]), during)] *= 0.4
    cdf = np.cumsum(weights, axis=1)
    cdf /= cdf[:, -1:]
    return {"days": days, "months": months, "day_cdf": cdf}


def month_events(setup: Setup, day_of_month: np.ndarray, hour_lo: float, hour_span: float, u: np.ndarray):
    """For each account, the times of a monthly event on `day_of_month` (clipped to month end) in the window:
    (account row, time) pairs, the hour uniform in [hour_lo, hour_lo + hour_span) from u (accounts, months)."""
    months = calendar(setup)["months"]
    rows, times = [], []
    for m, month in enumerate(months):
        start = month.astype("datetime64[D]")
        length = int(((month + 1).astype("datetime64[D]") - start).astype(int))
        day0 = int((start - np.datetime64("1970-01-01", "D")).astype(np.int64))
        day = day0 + np.minimum(day_of_month, length) - 1
        t = day * DAY + ((hour_lo + hour_span * u[:, m % u.shape[1]]) * HOUR).astype(np.int64)
        inside = (t >= setup.start) & (t < setup.end)
        rows.append(np.flatnonzero(inside))
        times.append(t[inside])
    return (np.concatenate(rows) if rows else np.zeros(0, np.int64),
            np.concatenate(times) if times else np.zeros(0, np.int64))


def expected_per_account(setup: Setup) -> float:
    """Mean transactions per account and window, for turning rates of transactions into rates of patterns."""
    return setup.days * ACTIVITY_MEAN + 2.5 * setup.days / 30


ACTIVITY_MEDIAN = 1.6           # discretionary transactions per day (median account); lognormal spread below
ACTIVITY_SIGMA = 0.65
ACTIVITY_MEAN = ACTIVITY_MEDIAN * float(np.exp(ACTIVITY_SIGMA ** 2 / 2)) * 1.02
FRAUD_MEAN_ROWS = np.array([7.0, 4.0, 2.5, 4.5, 3.5, 4.0])   # mean rows of each pattern type (see fraud_events)
MULE_MEAN_ROWS = 26.0


def plan(setup: Setup, chunks: np.ndarray) -> dict:
    """Per-account decisions for whole chunks: everything needed to count and then make the transactions."""
    n = len(chunks) * CHUNK
    index = (chunks[:, None] * CHUNK + np.arange(CHUNK)[None, :]).ravel().astype(np.int64)
    exists = index < setup.accounts if setup.accounts else np.ones(n, dtype=bool)
    u = chunk_uniforms(setup, "plan", chunks, 32)
    p = {"index": index, "exists": exists}
    cohort_role = roles(setup, index)
    p.update(cohort_role)
    busy = cohort_role["aml_pattern"] >= 0
    paired = cohort_role["pair"] >= 0
    # Transfers between accounts go through debit accounts: ring members, family pairs and group orders are debit.
    p["credit"] = (u[:, 0] < 0.22) & ~busy & ~paired & ~cohort_role["in_group"]
    cities = data.cities()
    p["home"] = choose(u[:, 2], cities["weight"].to_numpy())
    lam = ACTIVITY_MEDIAN * np.exp(ACTIVITY_SIGMA * ndtri(np.clip(u[:, 1], 1e-9, 1 - 1e-9)))
    p["activity"] = lam
    big_city = cities["weight"].to_numpy()[p["home"]] > 900
    debit = ~p["credit"]
    p["salary"] = np.where(debit & (u[:, 3] < 0.85),
                           lognormal_fen(u[:, 5], np.where(big_city, 9500.0, 6500.0), np.full(n, 0.5)), 0)
    p["payday"] = np.array([5, 10, 15, 20, 25, 28])[choose(u[:, 4], np.array([1, 3, 3, 1, 2, 1.0]))]
    # Rent by city tier (median 3,500 CNY in the largest cities, 1,800 in mid-sized, 1,000 in small ones), at most
    # 45% of the salary, whole hundreds.
    weight = cities["weight"].to_numpy()[p["home"]]
    rent_median = np.where(weight > 900, 3500.0, np.where(weight > 300, 1800.0, 1000.0))
    rent = rent_median * np.exp(0.35 * ndtri(np.clip(u[:, 8], 1e-9, 1 - 1e-9))) * 100
    rent = np.minimum(rent, 0.45 * p["salary"])
    p["rent"] = np.where((p["salary"] > 0) & (u[:, 6] < 0.32), np.maximum(np.round(rent / 10000), 3) * 10000,
                         0).astype(np.int64)
    p["rent_day"] = 1 + (u[:, 7] * 5).astype(np.int64)
    p["utility"] = debit & (u[:, 9] < 0.75)
    p["utility_day"] = 8 + (u[:, 10] * 12).astype(np.int64)
    p["telecom"] = u[:, 11] < 0.6
    p["telecom_day"] = 1 + (u[:, 12] * 27).astype(np.int64)
    p["telecom_amount"] = np.array([3000, 5000, 10000, 20000])[choose(u[:, 13], np.array([1, 4, 4, 1.0]))]
    p["night_shift"] = u[:, 14] < 0.03
    # Ordinary customers leave home too, so distance alone cannot tell fraud: business trips (1-3 days, to the
    # big cities), holidays (3-8 days, anywhere, some abroad), and commuting to a neighbouring city (work_city).
    travel = u[:, 15] < TRIP_SHARE
    business = u[:, 15] < BUSINESS_SHARE
    trip_len = np.where(business, 1 + (u[:, 17] * 3).astype(np.int64), 3 + (u[:, 17] * 6).astype(np.int64))
    trip_day = (u[:, 16] * np.maximum(setup.days - trip_len - 1, 1)).astype(np.int64)
    weight = cities["weight"].to_numpy()
    dest = np.where(business, choose(u[:, 18], weight ** 1.5), choose(u[:, 18], weight))
    dest = np.where(dest == p["home"], (dest + 1) % len(cities), dest)
    fits = trip_len + 2 <= setup.days
    # Members of a laundering pattern stay home in the window (their deposits and transfers are at fixed times
    # that a trip's hours of travel would have to move).
    p["trip"] = travel & fits & ~busy
    day0 = setup.start // DAY
    p["trip_start"] = np.where(p["trip"], (day0 + trip_day) * DAY + 12 * HOUR, 0)
    p["trip_end"] = np.where(p["trip"], (day0 + trip_day + trip_len) * DAY + 12 * HOUR, 0)
    # A holiday abroad for some trips (a benign far-away anomaly): the destination is a city of another country.
    abroad = p["trip"] & ~business & (hash_uniform(setup, "abroad", index) < ABROAD_SHARE)
    foreign = choose(hash_uniform(setup, "abroad.city", index), cities["abroad_weight"].to_numpy())
    near = data.neighbours()
    commute = (hash_uniform(setup, "commute", index) < COMMUTE_SHARE) & ~busy
    pick = hash_uniform(setup, "commute.city", index)
    p["work_city"] = np.array([near[h][int(x * len(near[h]))] if c and len(near[h]) else -1
                               for h, x, c in zip(p["home"].tolist(), pick.tolist(), commute.tolist())], np.int64)
    p["dest"] = np.where(abroad, foreign, dest)
    p["one_off"] = u[:, 19] < 0.04
    p["one_off_u"] = u[:, 20]
    p["opening"] = lognormal_fen(u[:, 21], np.full(n, 8000.0), np.full(n, 1.2))
    p["limit_draw"] = np.round(lognormal_fen(u[:, 22], np.full(n, 20000.0), np.full(n, 0.6)) / 100000) * 100000
    p["outstanding"] = np.round(u[:, 23] * 0.3 * p["limit_draw"]).astype(np.int64)
    table = data.bins()
    kinds = table["kind"].to_numpy()
    weights = table["weight"].to_numpy()
    credit_rows = choose(u[:, 24], np.where(kinds == "credit", weights, 0))
    debit_rows = choose(u[:, 24], np.where(kinds == "debit", weights, 0))
    p["bin_row"] = np.where(p["credit"], credit_rows, debit_rows)
    p["due_day"] = 5 + (u[:, 30] * 20).astype(np.int64)
    p["spend_level"] = np.exp(0.3 * ndtri(np.clip(u[:, 29], 1e-9, 1 - 1e-9)))
    # Fraud victims: a rate of transactions becomes a chance per account through the mean pattern length.
    # Victims: a rate of transactions becomes a chance per account through the mean pattern length; a debit and a
    # credit card each draw among the types their kind allows.
    mix = np.where(p["credit"][:, None], FRAUD_MIX_CREDIT[None, :], FRAUD_MIX_DEBIT[None, :])
    per_type = setup.fraud_rate * mix * expected_per_account(setup) / FRAUD_MEAN_ROWS[None, :]
    cdf = np.cumsum(per_type, axis=1)
    pick = np.minimum((u[:, 26:27] * cdf[:, -1:] >= cdf).sum(axis=1), len(PER_ACCOUNT_TYPES) - 1)
    ftype = PER_ACCOUNT_TYPES[pick]
    # An account in a laundering pattern is not also a card-fraud victim: unrelated patterns on one account read
    # as a planted coincidence to an analyst (a mule's card is the launderers' tool, not a random victim's).
    victim = (u[:, 25] < cdf[:, -1]) & exists & ~busy
    # Drains take from a debit account that no family pair depends on.
    ftype = np.where(np.isin(ftype, [F_ATO, F_SCAM]) & paired, F_BURST, ftype)
    # 跑分: an account that rents out its collection code (a debit account outside the cohort patterns).
    mule_rate = setup.aml_rate * MULE_SHARE * expected_per_account(setup) / MULE_MEAN_ROWS
    mule = (hash_uniform(setup, "mule", index) < mule_rate) & ~p["credit"] & ~busy & ~paired & exists & ~victim
    p["fraud"] = np.where(victim, ftype, np.where(mule, F_MULE, F_NONE))
    # A card kept for 套现 is a high-limit card (20,000 CNY or more) whose other spending is everyday spending.
    cashout = p["fraud"] == F_CASHOUT
    p["limit_draw"] = np.where(cashout, np.maximum(p["limit_draw"], 2000000 + (u[:, 27] * 4).astype(np.int64)
                                                   * 1000000), p["limit_draw"])
    p["one_off"] = p["one_off"] & ~cashout
    p["trip"] = p["trip"] & ~cashout          # its purchases are at the colluding shop at home
    # A stolen card's holder is at home when it is used far away (and the card is frozen afterwards: no trip).
    p["trip"] = p["trip"] & ~np.isin(p["fraud"], CARD_FRAUD)
    # A credit card's cash is a 预借现金 (cash advance): a few hundred to a few thousand CNY at an ATM, at most 30%
    # of the limit (banks allow 30-50%), with a fee of 1% (at least 10 CNY) on the same day.
    p["advance"] = p["credit"] & exists & (p["fraud"] == F_NONE) & (hash_uniform(setup, "advance", index)
                                                                     < ADVANCE_SHARE)
    p["fraud_u"] = chunk_uniforms(setup, "fraud", chunks, 24)
    p["disputes"] = disputes(setup, index)
    # Benign anomalies that look like fraud on one feature: a shopping spree on holiday (several large purchases
    # far from home in one evening, some after midnight), and a new phone (app payments from a new device).
    b = chunk_uniforms(setup, "benign", chunks, 8)
    p["splurge"] = np.where(p["trip"] & (b[:, 0] < 0.3) & exists, 2 + (b[:, 1] * 3).astype(np.int64), 0)
    p["splurge_u"] = b[:, 2:5]
    switch = (b[:, 5] < 0.06) & exists
    p["phone_switch"] = np.where(switch, setup.start + (b[:, 6] * setup.days * DAY).astype(np.int64), 1 << 62)
    # Shopkeepers (个体户) pay the week's cash takings in on a fixed weekday: large cash deposits that are legal.
    p["shopkeeper"] = (b[:, 7] < 0.03) & ~p["credit"] & exists & ~busy
    p["deposit_weekday"] = (b[:, 7] * 1000).astype(np.int64) % 7
    days = calendar(setup)["days"]
    weekday_count = np.bincount((days + 3) % 7, minlength=7)
    p["n_deposit"] = np.where(p["shopkeeper"], weekday_count[p["deposit_weekday"]], 0)
    # Look-alikes of the new typologies. A large planned transfer of savings (a flat's deposit, a car, building
    # work: 1-2 round transfers by day from the usual phone), as a 电信诈骗 victim's look; a stall's collection
    # code (收款码: small payments from strangers all day, the takings sent on weekly), as a 跑分 account's look.
    free = ~p["credit"] & exists & ~busy & ~paired & (p["fraud"] == F_NONE)
    move = hash_uniform(setup, "big_move", index)
    p["big_move"] = np.where(free & (move < BIG_MOVE_SHARE), 1 + (move * 1e4 % 1 < 0.4), 0)
    p["collector"] = free & ~p["shopkeeper"] & (hash_uniform(setup, "collector", index) < COLLECTOR_SHARE)
    p["n_collect"] = np.bincount(collections(setup, index, p["collector"])["row"], minlength=n)
    counts = chunk_counts(setup, chunks, lam, p)
    p.update(counts)
    return p


def chunk_counts(setup: Setup, chunks: np.ndarray, lam: np.ndarray, p: dict) -> dict:
    stream = key(setup, "count")
    n_disc, n_refund = [], []
    for i, c in enumerate(chunks):
        g = block_generator(stream, int(c))
        lam_c = lam[i * CHUNK:(i + 1) * CHUNK] * setup.days
        d = g.poisson(lam_c)
        n_disc.append(d)
        n_refund.append(g.binomial(d, 0.015))
    return {"n_disc": np.concatenate(n_disc), "n_refund": np.concatenate(n_refund)}


# -- cohorts: laundering patterns and family transfers across accounts -----------------------------------------
def cohort_size(setup: Setup, cohort: int) -> int:
    if not setup.accounts:
        return COHORT
    return max(0, min(COHORT, setup.accounts - cohort * COHORT))


AML_SIZES = {F_STRUCT: (1, 1), F_FANIN: (5, 9), F_FANOUT: (5, 9), F_CYCLE: (3, 5), F_PASS: (1, 3)}
AML_MEAN_ROWS = np.array([11.0, 15.0, 22.0, 9.0, 4.0])


@lru_cache(maxsize=512)
def cohort_patterns(setup: Setup, cohort: int) -> dict:
    """The cohort's laundering patterns (type, size, slot offset, draws) and its family pairs."""
    size = cohort_size(setup, cohort)
    g = block_generator(key(setup, "aml"), cohort)
    per_type = setup.aml_rate * AML_MIX * size * expected_per_account(setup) / AML_MEAN_ROWS
    counts = g.poisson(per_type) if size else np.zeros(5, dtype=np.int64)
    types = np.repeat(np.arange(F_STRUCT, F_PASS + 1), counts)
    types = types[np.argsort(g.random(len(types)), kind="stable")]
    u = g.random((len(types), 40))
    lo = np.array([AML_SIZES[t][0] for t in types], dtype=np.int64)
    hi = np.array([AML_SIZES[t][1] for t in types], dtype=np.int64)
    members = lo + (u[:, 0] * (hi - lo + 1)).astype(np.int64)
    members += np.isin(types, [F_FANIN, F_FANOUT]).astype(np.int64)   # the collector or the distributor
    offsets = np.concatenate([[0], np.cumsum(members)])
    keep = offsets[1:] <= size // 2                    # never more than half a cohort in patterns
    types, members, u = types[keep], members[keep], u[keep]
    offsets = np.concatenate([[0], np.cumsum(members)])
    aml_end = int(offsets[-1])
    pairs = int((size - aml_end) * PAIR_SHARE) // 2
    # Group orders (拼单AA): one friend pays a shared online order, 3-7 others, wherever they live, send their share
    # back within hours. A legitimate fan-in between accounts of the dataset, drawn after everything above (no
    # earlier draw moves).
    free = size - aml_end - 2 * pairs
    group_sizes = 4 + (g.random(int(g.poisson(max(free * GROUP_SHARE / 6, 0)))) * 5).astype(np.int64)
    group_sizes = group_sizes[np.cumsum(group_sizes) <= free]
    group_u = g.random((len(group_sizes), 12))
    return {"types": types, "members": members, "offsets": offsets, "u": u, "aml_end": aml_end,
            "pairs": pairs, "size": size, "groups": group_sizes, "group_u": group_u}


def roles(setup: Setup, index: np.ndarray) -> dict:
    """For each account: its laundering pattern (cohort-local number, -1 none) and role in it, its family pair."""
    n = len(index)
    out = {"aml_pattern": np.full(n, -1, np.int64), "aml_role": np.full(n, -1, np.int64),
           "aml_type": np.zeros(n, np.int64), "pair": np.full(n, -1, np.int64), "pair_side": np.zeros(n, np.int64),
           "slot": np.zeros(n, np.int64), "in_group": np.zeros(n, bool)}
    cohort = index // COHORT
    for c in np.unique(cohort):
        rows = np.flatnonzero(cohort == c)
        info = cohort_patterns(setup, int(c))
        local = index[rows] - c * COHORT
        inside = local < info["size"]
        slot = np.zeros(len(rows), np.int64)
        slot[inside] = permute(local[inside], info["size"], key(setup, f"cohort.{int(c)}")).astype(np.int64)
        slot[~inside] = 1 << 40
        out["slot"][rows] = slot
        p = np.searchsorted(info["offsets"], slot, side="right") - 1
        in_aml = slot < info["aml_end"]
        out["aml_pattern"][rows[in_aml]] = p[in_aml]
        out["aml_role"][rows[in_aml]] = slot[in_aml] - info["offsets"][p[in_aml]]
        out["aml_type"][rows[in_aml]] = info["types"][p[in_aml]]
        pair_slot = slot - info["aml_end"]
        in_pair = (pair_slot >= 0) & (pair_slot < 2 * info["pairs"])
        out["pair"][rows[in_pair]] = pair_slot[in_pair] // 2
        out["pair_side"][rows[in_pair]] = pair_slot[in_pair] % 2
        group_slot = pair_slot - 2 * info["pairs"]
        out["in_group"][rows] = (group_slot >= 0) & (group_slot < int(info["groups"].sum()))
    return out


def account_at_slot(setup: Setup, cohort: int, slots: np.ndarray) -> np.ndarray:
    """Global account index of the cohort's accounts at `slots` (the inverse of the slot permutation).

    The Feistel permutation is evaluated forwards only, so the inverse is found by evaluating it on the whole
    cohort once (4,096 values) and cached."""
    return cohort_accounts(setup, cohort)[slots]


@lru_cache(maxsize=512)
def cohort_accounts(setup: Setup, cohort: int) -> np.ndarray:
    size = cohort_size(setup, cohort)
    local = np.arange(size, dtype=np.int64)
    slot = permute(local, size, key(setup, f"cohort.{int(cohort)}")).astype(np.int64)
    inverse = np.empty(size, np.int64)
    inverse[slot] = local
    return inverse + cohort * COHORT


class Legs:
    """Rows of events built one by one (patterns are few): columns appended as Python lists."""

    COLUMNS = ("account", "t", "amount", "ttype", "channel", "cat", "platform", "city", "counterparty", "ftype",
               "pattern", "device_new", "memo", "slot", "drain")

    def __init__(self):
        self.cols = {c: [] for c in self.COLUMNS}

    def add(self, account, t, amount, ttype, channel, cat=-1, platform=-1, city=-2, counterparty=-1,
            ftype=F_NONE, pattern="", device_new=False, memo=0, slot=0, drain=0):
        """`drain`: the row's amount is set later, as this many thousandths of what the account can lose then
        without its later payments bouncing (a takeover, a scam victim's transfers; see events.balances)."""
        for c, v in zip(self.COLUMNS, (account, t, amount, ttype, channel, cat, platform, city, counterparty,
                                       ftype, pattern, device_new, memo, slot, drain)):
            self.cols[c].append(v)

    def fit_window(self, setup: "Setup") -> None:
        """Close the pattern just added: if it runs past the window's end, move all of it earlier (whole days,
        so its hours stay) — a pattern that starts late in a short window still fits."""
        start = getattr(self, "_mark", 0)
        times = self.cols["t"][start:]
        if times and max(times) >= setup.end:
            shift = -(-(max(times) - setup.end + 1) // DAY) * DAY
            shift = min(shift, min(times) - setup.start)
            self.cols["t"][start:] = [t - shift for t in times]
        self._mark = len(self.cols["t"])

    def arrays(self) -> dict:
        out = {}
        for c, v in self.cols.items():
            if c == "pattern":
                out[c] = np.array(v, dtype=object)
            elif c == "device_new":
                out[c] = np.array(v, dtype=bool)
            else:
                out[c] = np.array(v, dtype=np.int64)
        return out


@lru_cache(maxsize=512)
def cohort_legs(setup: Setup, cohort: int) -> dict:
    """Every row that a cohort's laundering patterns and family pairs put in its accounts' statements."""
    info = cohort_patterns(setup, cohort)
    legs = Legs()
    span = setup.end - setup.start
    for p, (ftype, m, u) in enumerate(zip(info["types"], info["members"], info["u"])):
        legs.fit_window(setup)
        slots = info["offsets"][p] + np.arange(m)
        who = account_at_slot(setup, cohort, slots)
        pid = f"ML{cohort:04d}{p:03d}"
        t0 = setup.start + int((0.05 + 0.75 * u[1]) * span)
        t0 = t0 - t0 % 60 + int(u[2] * 60)
        ft = int(ftype)
        if ft == F_STRUCT:
            # The large cash report counts 单笔或当日累计 50,000 CNY: each day's deposits stay under it in total,
            # 40,000-49,500 CNY a day over 3-6 days, in whole hundreds (notes), either once at a counter (9:00-16:30)
            # or as three deposits at different deposit machines (at most 20,000 CNY each), 15-60 minutes apart.
            k = 3 + int(u[3] * 4)
            total = 0
            day = t0 // DAY
            last = t0
            for j in range(k):
                day_total = 100 * (400 + int(u[4 + j] * 96))              # hundreds of yuan: 40,000-49,500
                counter = u[16 + j] < 0.4
                if counter:
                    parts = [day_total]
                else:
                    w = 1 + 0.3 * np.array([u[10 + j], u[22 + j], u[28 + j % 3]])
                    units = np.floor(day_total / 100 * w / w.sum()).astype(np.int64)
                    units[np.argmin(units)] += day_total // 100 - units.sum()
                    parts = (units * 100).tolist()                         # each at most 19,500
                t = day * DAY + int(((9 + 7.5 * u[22 + j]) if counter else (8 + 10 * u[22 + j])) * HOUR)
                for k, amount_yuan in enumerate(parts):
                    legs.add(who[0], t, int(amount_yuan) * 100, T_CASH_IN, C_COUNTER if counter else C_ATM,
                             ftype=ft, pattern=pid)
                    total += int(amount_yuan) * 100
                    last = max(last, t)
                    t += int((15 + 45 * ((u[31 + j % 6] + 0.618034 * k) % 1)) * 60)    # each walk drawn anew
                day += 1 + int(u[28 + j % 2] < 0.3)
            t = max(last, day * DAY + 9 * HOUR) + HOUR
            legs.add(who[0], t + int(u[30] * 3 * HOUR), int(total * (0.9 + 0.09 * u[37])) // 100 * 100,
                     T_XFER_OUT, C_TRANSFER, ftype=ft, pattern=pid)
        elif ft == F_FANIN:
            collector, sources = who[0], who[1:]
            total = 0
            t = t0
            for j, s in enumerate(sources):
                amount = int(100 * (8000 + int(u[3 + j] * 12000)))
                t += int((0.2 + 6 * u[12 + j]) * HOUR)
                legs.add(s, t, amount, T_XFER_OUT, C_TRANSFER, counterparty=collector, ftype=ft, pattern=pid)
                legs.add(collector, t, amount, T_XFER_IN, C_TRANSFER, counterparty=s, ftype=ft, pattern=pid)
                total += amount
            legs.add(collector, t + int((0.5 + 4 * u[21]) * HOUR), int(total * (0.95 + 0.04 * u[22])),
                     T_XFER_OUT, C_TRANSFER, ftype=ft, pattern=pid)
        elif ft == F_FANOUT:
            hub, targets = who[0], who[1:]
            total = int(100 * (80000 + int(u[3] * 150000)))
            legs.add(hub, t0, total, T_XFER_IN, C_TRANSFER, ftype=ft, pattern=pid)
            shares = u[4:4 + len(targets)] + 0.5
            amounts = np.floor(total * 0.97 * shares / shares.sum() / 100) * 100
            t = t0
            for j, (target, amount) in enumerate(zip(targets, amounts.astype(np.int64))):
                t += int((0.1 + 2 * u[13 + j]) * HOUR)
                legs.add(hub, t, int(amount), T_XFER_OUT, C_TRANSFER, counterparty=target, ftype=ft, pattern=pid)
                legs.add(target, t, int(amount), T_XFER_IN, C_TRANSFER, counterparty=hub, ftype=ft, pattern=pid)
                cash = int(amount * (0.9 + 0.09 * u[22 + j])) // 10000 * 10000
                # More than an ATM pays out in a day: over the counter, the next opening hours.
                when = (t // DAY + 1) * DAY + int((9 + 7 * ((u[31 - j % 3] + 0.618034 * j) % 1)) * HOUR)
                legs.add(target, when, max(cash, 10000), T_CASH_OUT, C_COUNTER, ftype=ft, pattern=pid)
        elif ft == F_CYCLE:
            amount = int(100 * (30000 + int(u[3] * 170000)))
            legs.add(who[0], t0, amount, T_XFER_IN, C_TRANSFER, ftype=ft, pattern=pid)
            t = t0
            for j in range(m):
                src, dst = who[j], who[(j + 1) % m]
                t += int((1 + 10 * u[4 + j]) * HOUR)
                legs.add(src, t, amount, T_XFER_OUT, C_TRANSFER, counterparty=dst, ftype=ft, pattern=pid)
                legs.add(dst, t, amount, T_XFER_IN, C_TRANSFER, counterparty=src, ftype=ft, pattern=pid)
                amount = int(amount * (0.97 + 0.02 * u[10 + j]))
        elif ft == F_PASS:
            amount = int(100 * (20000 + int(u[3] * 180000)))
            legs.add(who[0], t0, amount, T_XFER_IN, C_TRANSFER, ftype=ft, pattern=pid)
            t = t0
            for j in range(m):
                t += int((5 + 50 * u[4 + j]) * 60)
                nxt = who[j + 1] if j + 1 < m else -1
                out = int(amount * (0.985 + 0.01 * u[10 + j]))
                legs.add(who[j], t, out, T_XFER_OUT, C_TRANSFER, counterparty=nxt, ftype=ft, pattern=pid)
                if nxt >= 0:
                    legs.add(nxt, t, out, T_XFER_IN, C_TRANSFER, counterparty=who[j], ftype=ft, pattern=pid)
                amount = out
    legs.fit_window(setup)
    # Family pairs: the first account sends the second a monthly allowance (生活费) on a fixed day.
    if info["pairs"]:
        slots = info["aml_end"] + np.arange(2 * info["pairs"])
        who = account_at_slot(setup, cohort, slots).reshape(-1, 2)
        q = np.arange(info["pairs"])
        u_day = hash_uniform(setup, "pair.day", cohort, q)
        u_amt = hash_uniform(setup, "pair.amount", cohort, q)
        day = 1 + (u_day * 28).astype(np.int64)
        amount = (np.round(np.exp(np.log(1500) + 0.6 * ndtri(np.clip(u_amt, 1e-9, 1 - 1e-9))) / 100) * 10000)
        amount = np.maximum(amount, 20000).astype(np.int64)
        u_hour = hash_uniform(setup, "pair.hour", cohort, q, np.arange(4)[:, None]).T
        rows, times = month_events(setup, day, 8.0, 14.0, u_hour)
        for r, t in zip(rows.tolist(), times.tolist()):
            legs.add(int(who[r, 0]), t, int(amount[r]), T_XFER_OUT, C_TRANSFER, counterparty=int(who[r, 1]),
                     memo=MEMO_ALLOWANCE)
            legs.add(int(who[r, 1]), t, int(amount[r]), T_XFER_IN, C_TRANSFER, counterparty=int(who[r, 0]),
                     memo=MEMO_ALLOWANCE)
    # Group orders: slots after the family pairs; the order goes to an online shopping platform.
    first_slot = info["aml_end"] + 2 * info["pairs"]
    online = int(np.flatnonzero(data.categories()["key"].to_numpy() == "online")[0])
    platforms = data.platforms()
    shops = np.flatnonzero(platforms["category"].to_numpy() == "online")
    processor = np.where(platforms["processor"].to_numpy() == "支付宝", C_ALIPAY, C_WECHAT)
    for q, (k, gu) in enumerate(zip(info["groups"].tolist(), info["group_u"])):
        who = account_at_slot(setup, cohort, first_slot + np.arange(k))
        first_slot += k
        day = setup.start // DAY + int(gu[0] * (setup.days - 1))
        t = day * DAY + int((10 + 11 * gu[1]) * HOUR)
        total = int(100 * k * (30 + 170 * gu[2]))
        share = -(-total // k)
        shop = int(shops[int(gu[3] * len(shops))])
        legs.add(int(who[0]), t, total, T_BUY, int(processor[shop]), cat=online, platform=shop)
        last = t
        for j, member in enumerate(who[1:].tolist()):
            when = t + int((0.3 + 5 * gu[5 + j]) * HOUR)
            # Friends settle an AA share by WeChat transfer from their bound card; it lands in the payer's 零钱,
            # which reaches the payer's card only when withdrawn, in one sum, the same evening or a day or two on.
            legs.add(member, when, share, T_XFER_OUT, C_WECHAT, counterparty=int(who[0]), memo=MEMO_SPLIT)
            last = max(last, when)
        gross = share * (k - 1)
        withdrawn = (last // DAY + int(gu[4] * 3)) * DAY + int((9 + 14 * (gu[4] * 7 % 1)) * HOUR)
        legs.add(int(who[0]), max(withdrawn, last + 1800), gross - int(wallet_fee(gross)), T_XFER_IN, C_WECHAT,
                 memo=MEMO_PAYOUT)
        legs.fit_window(setup)
    out = legs.arrays()
    order = np.argsort(out["account"], kind="stable")
    return {c: v[order] for c, v in out.items()}


def cohort_rows_per_account(setup: Setup, cohort: int) -> np.ndarray:
    legs = cohort_legs(setup, cohort)
    return np.bincount(legs["account"] - cohort * COHORT, minlength=COHORT)


# -- counting (for record index -> account) ---------------------------------------------------------------------
def fixed_counts(setup: Setup, p: dict) -> dict:
    """Numbers of the monthly events (and their times) of each account."""
    n = len(p["index"])
    u = chunk_hours(setup, p)
    out = {}
    for name, day, mask, lo, span in (("salary", p["payday"], p["salary"] > 0, 9.0, 3.0),
                                      ("rent", p["rent_day"], p["rent"] > 0, 8.0, 14.0),
                                      ("utility", p["utility_day"], p["utility"], 9.0, 12.0),
                                      ("telecom", p["telecom_day"], p["telecom"], 10.0, 12.0),
                                      ("repay", p["due_day"], p["credit"], 8.0, 14.0)):
        rows, times = month_events(setup, day, lo, span, u[name])
        keep = mask[rows] & p["exists"][rows]
        out[name] = (rows[keep], times[keep])
        out["n_" + name] = np.bincount(rows[keep], minlength=n)
    return out


def chunk_hours(setup: Setup, p: dict) -> dict:
    index = p["index"]
    months = np.arange(len(calendar(setup)["months"]))
    return {name: hash_uniform(setup, "month." + name, index[:, None], months[None, :])
            for name in ("salary", "rent", "utility", "telecom", "repay")}



def fraud_rows(p: dict) -> np.ndarray:
    """Rows each account's fraud pattern adds (a function of the plan's fraud draws only)."""
    f, u = p["fraud"], p["fraud_u"]
    rows = np.zeros(len(f), np.int64)
    rows[f == F_TESTING] = (3 + (u[:, 1] * 6).astype(np.int64) + 1 + (u[:, 2] < 0.3))[f == F_TESTING]
    rows[f == F_ATO] = (2 + (u[:, 1] * 3).astype(np.int64))[f == F_ATO]
    rows[f == F_TRAVEL] = (2 + (u[:, 1] < 0.5))[f == F_TRAVEL]
    rows[f == F_BURST] = (3 + (u[:, 1] * 4).astype(np.int64))[f == F_BURST]
    rows[f == F_SCAM] = (2 + (u[:, 1] * 4).astype(np.int64))[f == F_SCAM]
    rows[f == F_CASHOUT] = (2 * cashout_cycles(u))[f == F_CASHOUT]
    k_in, k_out = mule_legs(u)
    rows[f == F_MULE] = (k_in + k_out)[f == F_MULE]
    rows[np.isin(f, CARD_FRAUD) & p["disputes"]] += 1      # the dispute's credit, an unlabelled row after the pattern
    return rows


def disputes(setup: Setup, index: np.ndarray) -> np.ndarray:
    """Whether a card-fraud victim disputes the charges (and is credited back): all but NO_DISPUTE_SHARE of them,
    whatever they lost (a holder who overlooks the charges on the statement, or never reports them)."""
    return hash_uniform(setup, "dispute", index) >= NO_DISPUTE_SHARE


def wallet_fee(gross):
    """零钱提现/余额提现 fee past the free quota: 0.1%, at least 0.10 CNY (fen)."""
    return np.maximum(np.asarray(gross) // 1000, 10)


def collections(setup: Setup, index: np.ndarray, collector: np.ndarray) -> dict:
    """A stall's collection code (收款码): on six days a week, 3-7 payments of a few yuan to a couple of hundred
    (median 35 CNY) between 08:00 and 21:00. They land in the stall's 零钱/余额, not on the card: the card sees only
    the owner's withdrawals (零钱提现/余额提现, 0.1% fee, at least 0.10 CNY) after closing, every 1-4 open days and
    at the latest on the week's last open day; the supplier is paid from the card the next morning, 60-90% of the
    week's takings in whole hundreds (none in a week that took under 100 CNY of it).
    Rows: `row` (account row), `t`, `amount`, `out` (the supplier payment; else a withdrawal)."""
    rows = np.flatnonzero(collector)
    empty = np.zeros(0, np.int64)
    if not len(rows):
        return {"row": empty, "t": empty, "amount": empty, "out": np.zeros(0, bool)}
    days = calendar(setup)["days"]
    shut = (hash_uniform(setup, "collect.shut", index[rows]) * 7).astype(np.int64)
    row, day = np.repeat(rows, len(days)), np.tile(days, len(rows))
    open_day = (day + 3) % 7 != np.repeat(shut, len(days))
    row, day = row[open_day], day[open_day]
    k = 3 + (hash_uniform(setup, "collect.count", index[row], day) * 5).astype(np.int64)
    r, d = np.repeat(row, k), np.repeat(day, k)
    j = np.arange(len(r)) - np.repeat(np.cumsum(k) - k, k)
    u = hash_uniform(setup, "collect.row", index[r], d, j)
    amount = lognormal_fen(u * 1e4 % 1, np.full(len(r), 35.0), np.full(len(r), 0.9))
    amount = np.where(u * 1e7 % 1 < 0.7, np.maximum(amount // 100, 1) * 100, amount)   # most prices whole yuan
    takings = np.bincount(np.repeat(np.arange(len(row)), k), weights=amount).astype(np.int64)   # per open day
    # Withdrawals: after closing on a third of open days, and always on the week's last open day.
    week = (day + 3) // 7
    last = np.r_[(row[1:] != row[:-1]) | (week[1:] != week[:-1]), True]
    wu = hash_uniform(setup, "collect.payout", index[row], day)
    payout = last | (wu < 0.33)
    batch = np.cumsum(np.r_[True, payout[:-1]]) - 1             # open days up to and including a payout day
    gross = np.bincount(batch, weights=takings).astype(np.int64)
    net = gross - wallet_fee(gross)
    pay_t = day[payout] * DAY + ((21 + 2.5 * (wu[payout] * 1e3 % 1)) * HOUR).astype(np.int64)
    # The supplier, the morning after the week's last open day (inside the window).
    week_id = np.cumsum(np.r_[True, last[:-1]]) - 1
    week_takings = np.bincount(week_id, weights=takings)
    su = hash_uniform(setup, "collect.out", index[row[last]], day[last])
    out_amount = (np.floor(week_takings * (0.6 + 0.3 * su) / 10000) * 10000).astype(np.int64)
    out_t = (day[last] + 1) * DAY + ((7 + 3.5 * (su * 1e3 % 1)) * HOUR).astype(np.int64)
    keep = (out_amount >= 10000) & (out_t < setup.end)
    return {"row": np.concatenate([row[payout], row[last][keep]]), "t": np.concatenate([pay_t, out_t[keep]]),
            "amount": np.concatenate([net, out_amount[keep]]),
            "out": np.r_[np.zeros(int(payout.sum()), bool), np.ones(int(keep.sum()), bool)]}


def cashout_cycles(u: np.ndarray) -> np.ndarray:
    """套现 cycles of a card (a purchase at the colluding POS, then the early repayment): 1-3."""
    return 1 + (u[:, 1] * 3).astype(np.int64)


def mule_legs(u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """跑分: payments in from strangers (12-30), and the outflows that pass them on (one per 3-5 payments)."""
    k_in = 12 + (u[:, 1] * 19).astype(np.int64)
    group = 3 + (u[:, 2] * 3).astype(np.int64)
    return k_in, -(-k_in // group)


def account_counts(setup: Setup, p: dict, fixed: dict) -> np.ndarray:
    n = p["n_disc"] + np.minimum(p["n_refund"], p["n_disc"]) + p["one_off"] + p["splurge"] + p["n_deposit"] \
        + p["big_move"] + p["n_collect"] + 2 * p["advance"] + (p["trip"] & p["exists"])      # a trip's hotel bill
    for name in ("salary", "rent", "utility", "telecom", "repay"):
        n = n + fixed["n_" + name]
    n = n + fraud_rows(p)
    cohort = p["index"] // COHORT
    extra = np.zeros(len(n), np.int64)
    for c in np.unique(cohort):
        rows = np.flatnonzero(cohort == c)
        per = cohort_rows_per_account(setup, int(c))
        local = p["index"][rows] - c * COHORT
        ok = local < COHORT
        extra[rows[ok]] = per[local[ok]]
    return np.where(p["exists"], n + extra, 0)


class Counter:
    """Transactions per chunk, computed lazily in runs of chunks and kept per process (for prefix sums)."""

    RUN = 64

    def __init__(self, setup: Setup):
        self.setup = setup
        self.totals = np.zeros(0, np.int64)

    def extend_to(self, n_chunks: int) -> None:
        while len(self.totals) < n_chunks:
            first = len(self.totals)
            chunks = np.arange(first, first + self.RUN, dtype=np.int64)
            p = plan(self.setup, chunks)
            per = account_counts(self.setup, p, fixed_counts(self.setup, p))
            self.totals = np.concatenate([self.totals, per.reshape(-1, CHUNK).sum(axis=1)])

    def locate(self, record: int) -> tuple[int, int]:
        """(chunk, first record of that chunk) holding `record`."""
        while True:
            ends = np.cumsum(self.totals)
            if len(ends) and ends[-1] > record:
                c = int(np.searchsorted(ends, record, side="right"))
                return c, int(ends[c] - self.totals[c])
            if self.setup.accounts and len(self.totals) >= self.setup.n_chunks:
                raise IndexError(record)
            self.extend_to(len(self.totals) + self.RUN)

    def total(self) -> int:
        """All transactions of a bounded dataset (`accounts` set)."""
        self.extend_to(self.setup.n_chunks)
        return int(self.totals[:self.setup.n_chunks].sum())


_COUNTERS: dict[Setup, Counter] = {}


def counter(setup: Setup) -> Counter:
    if setup not in _COUNTERS:
        if len(_COUNTERS) > 16:
            _COUNTERS.clear()
        _COUNTERS[setup] = Counter(setup)
    return _COUNTERS[setup]
