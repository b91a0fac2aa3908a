"""An account's window as rows: spending, monthly events, refunds, fraud and laundering legs; then time order,
places, balances and risk flags. Everything is vectorised over the accounts of whole chunks."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy.special import ndtri

from . import data
from .model import (C_ALIPAY, C_ATM, C_COUNTER, C_ONLINE, C_POS, C_TRANSFER, C_UNIONPAY, C_WECHAT,
                    CARD_PRESENT, CHUNK, COHORT, CREDITS, DAY, F_ATO, F_BURST, F_NONE, F_TESTING, F_TRAVEL, HOUR,
                    MAX_SPEED_KMH, MEMO_NONE, MEMO_POWER, MEMO_RENT, REPORT_THRESHOLD, SLOTS, T_BILL, T_BUY, T_CASH_IN, T_CASH_OUT, T_REFUND, T_REPAY,
                    T_SALARY, T_XFER_IN, T_XFER_OUT, TRANSIT_HOURS, WALLET_SPLIT, Legs, Setup, calendar, choose,
                    T_FEE, MEMO_PAYOUT, MEMO_ALLOWANCE, MEMO_DEPOSIT, MEMO_COMPENSATE, CARD_FRAUD, MEMO_GOODS, SAFE_PAYEES, F_SCAM, F_CASHOUT, F_MULE, collections,
                    cashout_cycles, mule_legs,
                    cohort_legs, fixed_counts, hash_uniform, lognormal_fen, plan, ragged_uniforms, fraud_rows,
                    account_counts)

EARTH_RADIUS_KM = 6371.0088
HIGH_RISK = ("jewellery", "electronics", "giftcard")
NIGHT_SHOP = "bar"                 # the category of night-burst POS cash-outs: open when the burst runs
RISK_FLAGS = ("非常用时间段", "连续多笔大额交易", "异常地理位置", "小额试探交易", "新设备操作", "夜间大额转账",
              "临界大额现金存入", "快进快出", "异地快速移动", "试探后大额支付", "短时集中转出", "频繁收款",
              "信用额度集中使用", "单笔转出过半余额", "向新收款人大额转账")
LARGE = 200000                   # 2,000 CNY: a "large" card payment for the run flag
FAR_KM = 500.0


def haversine_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2) - np.radians(lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


@lru_cache(maxsize=None)           # called with a handful of keys many times per chunk; the table is fixed
def _cat_index(key: str) -> int:
    return int(np.flatnonzero(data.categories()["key"].to_numpy() == key)[0])


def _platform_for(cat: np.ndarray, u: np.ndarray) -> np.ndarray:
    """A platform row for each online event of category `cat` (weighted), -1 where the category has none."""
    table = data.platforms()
    keys = data.categories()["key"].to_numpy()
    out = np.full(len(cat), -1, np.int64)
    for c in np.unique(cat):
        rows = np.flatnonzero(cat == c)
        choices = np.flatnonzero(table["category"].to_numpy() == keys[c])
        if len(choices):
            out[rows] = choices[choose(u[rows], table["weight"].to_numpy()[choices])]
    return out


def _far_city(setup: Setup, near: np.ndarray, u: np.ndarray, min_km: float) -> np.ndarray:
    """A big city at least `min_km` from city `near` (weighted by population)."""
    cities = data.cities()
    lat, lon, w = cities["lat"].to_numpy(), cities["lon"].to_numpy(), cities["weight"].to_numpy()
    out = np.empty(len(near), np.int64)
    for i, (c, x) in enumerate(zip(near.tolist(), u.tolist())):
        far = haversine_km(lat[c], lon[c], lat, lon) >= min_km
        weights = np.where(far, w, 0.0) ** 1.5
        out[i] = choose(np.array([x]), weights)[0]
    return out


def far_trip_at(p: dict, account: np.ndarray, t: np.ndarray) -> np.ndarray:
    """Whether each account is on a trip 300+ km from home at time t (rows keyed by account)."""
    cities = data.cities()
    lat, lon = cities["lat"].to_numpy(), cities["lon"].to_numpy()
    home, dest = p["home"][account], p["dest"][account]
    km = haversine_km(lat[home], lon[home], lat[dest], lon[dest])
    return p["trip"][account] & (t >= p["trip_start"][account]) & (t < p["trip_end"][account]) & (km >= 300)


FOOD = ("restaurant", "fastfood", "takeaway")


def other_meal(account: np.ndarray, day: np.ndarray, hour: np.ndarray, cat: np.ndarray) -> np.ndarray:
    """A meal bought within two hours of the account's previous meal that day moves to the other main meal (lunch to
    dinner, dinner to lunch: six hours), where the eatery is open then: one lunch, not three eateries in one hour."""
    food = np.flatnonzero(np.isin(cat, [_cat_index(k) for k in FOOD]))
    if not len(food):
        return hour
    s = food[np.lexsort((hour[food], day[food], account[food]))]
    again = np.r_[False, (account[s][1:] == account[s][:-1]) & (day[s][1:] == day[s][:-1])
                  & (hour[s][1:] - hour[s][:-1] < 2)]
    moved = s[again]
    new = np.where(hour[moved] < 15, hour[moved] + 6, hour[moved] - 6)
    ok = (new >= 0) & (new < 24) & data.open_hours()[cat[moved], np.clip(new, 0, 23)]
    out = hour.copy()
    out[moved[ok]] = new[ok]
    return out


def discretionary(setup: Setup, chunks: np.ndarray, p: dict) -> dict:
    """Everyday spending, ATM cash, small transfers in and out, a refund for some purchases, the one-off buy."""
    n_disc = np.where(p["exists"], p["n_disc"], 0)
    per_chunk = n_disc.reshape(-1, CHUNK).sum(axis=1)
    u = ragged_uniforms(setup, "spend", chunks, per_chunk, 10)
    account = np.repeat(np.arange(len(n_disc)), n_disc)
    cats = data.categories()
    credit = p["credit"][account]
    cat = choose(u[:, 0], cats["weight"].to_numpy())
    # The first n_refund purchases of an account are the ones later refunded: bought online or in shops that take returns.
    k_in_account = np.arange(len(account)) - np.repeat(np.cumsum(n_disc) - n_disc, n_disc)
    refunded = k_in_account < p["n_refund"][account]
    refundable = np.array([_cat_index(k) for k in ("online", "clothing", "electronics", "takeaway")])
    cat = np.where(refunded, refundable[(u[:, 0] * 4 * 7).astype(np.int64) % 4], cat)
    kind = np.full(len(account), T_BUY, np.int64)
    kind = np.where(~credit & ~refunded & (u[:, 7] < 0.03), T_CASH_OUT, kind)
    kind = np.where(~credit & ~refunded & (u[:, 7] >= 0.03) & (u[:, 7] < 0.06), T_XFER_OUT, kind)
    kind = np.where(~credit & ~refunded & (u[:, 7] >= 0.06) & (u[:, 7] < 0.085), T_XFER_IN, kind)
    # Day: by the category's weekday and festival weights; hour: the category's daily profile.
    cal = calendar(setup)
    day = np.empty(len(account), np.int64)
    hour = np.empty(len(account), np.int64)
    profiles = data.hour_profiles()
    hour_cdf = data.category_hour_cdf()
    for c in np.unique(cat):
        rows = np.flatnonzero(cat == c)
        day[rows] = cal["days"][np.minimum(np.searchsorted(cal["day_cdf"][c], u[rows, 1], side="right"),
                                           setup.days - 1)]
        # The category's daily profile inside its opening hours (shops do not take cards while shut).
        hour[rows] = np.minimum(np.searchsorted(hour_cdf[c], u[rows, 2], side="right"), 23)
    cash = kind != T_BUY
    hour = np.where(cash, np.minimum(np.searchsorted(profiles["day"], u[:, 2], side="right"), 23), hour)
    # Night-shift workers live twelve hours out of phase for half their payments (a benign 非常用时间段), where
    # the merchant is open then (convenience stores, takeaway, online, taxis, bars; ATMs and transfers).
    shifted = p["night_shift"][account] & (u[:, 8] < 0.5) & (cash | data.open_hours()[cat, (hour + 12) % 24])
    hour = np.where(shifted, (hour + 12) % 24, hour)
    hour = other_meal(account, day, hour, np.where(kind == T_BUY, cat, -1))
    t = day * DAY + hour * HOUR + (u[:, 3] * HOUR).astype(np.int64)
    # A traveller 300+ km from home came by train or plane, without the car: a fill-up due then is a ride instead.
    fuel = np.flatnonzero(cat == _cat_index("fuel"))
    cat[fuel[far_trip_at(p, account[fuel], t[fuel])]] = _cat_index("taxi")
    median = cats["median"].to_numpy()[cat] * p["spend_level"][account]
    amount = lognormal_fen(u[:, 4], median, cats["sigma"].to_numpy()[cat])
    is_cat = {k: cat == _cat_index(k) for k in ("transit", "fuel", "taxi")}   # integer compares, not per-row strings
    # Price conventions: a share of each category's bills in whole units (restaurants whole yuan, airfares tens of
    # yuan, courses hundreds; supermarkets weigh goods to the fen), from categories.tsv.
    unit = cats["unit_fen"].to_numpy()[cat]
    whole = (u[:, 4] * 1e7 % 1) < cats["unit_share"].to_numpy()[cat]
    fine = cats["fine_fen"].to_numpy()[cat]          # the rest to the fen, or to half a yuan at a snack stall
    amount = np.where(whole, np.maximum(np.round(amount / unit), 1).astype(np.int64) * unit,
                      np.maximum(np.round(amount / fine), 1).astype(np.int64) * fine)
    amount = np.where(is_cat["transit"], np.round(amount / 100).clip(2, 9).astype(np.int64) * 100, amount)  # see locate
    amount = np.where(is_cat["fuel"] & (u[:, 9] < 0.5), np.maximum(np.round(amount / 10000), 1) * 10000, amount)
    # Taxi meters and ride apps bill whole yuan from the flag-fall; gift and prepaid cards (京东E卡, 储值卡) come in
    # denominations.
    amount = np.where(is_cat["taxi"], np.maximum(amount, 800), amount)
    amount = on_rows(cat == _cat_index("giftcard"), amount, denomination)
    amount = on_rows(cat == _cat_index(NIGHT_SHOP), amount, night_venue_bill, u[:, 9])
    amount = np.where(kind == T_CASH_OUT, np.array([20000, 50000, 100000, 200000, 300000])[
        choose(u[:, 4], np.array([2, 4, 4, 2, 1.0]))], amount)
    transfer = (kind == T_XFER_OUT) | (kind == T_XFER_IN)
    amount = np.where(transfer, np.maximum(np.round(lognormal_fen(u[:, 4], np.full(len(u), 600.0),
                                                                  np.full(len(u), 1.0)) / 100) * 100, 100), amount)
    # Channel: card at the till, a wallet QR code, or an online payment, by the category's shares.
    pos, wallet = cats["pos"].to_numpy()[cat], cats["wallet"].to_numpy()[cat]
    wallet_kind = np.array([C_ALIPAY, C_WECHAT, C_UNIONPAY])[choose(u[:, 6], WALLET_SPLIT)]
    ch = np.where(u[:, 5] < pos, C_POS, np.where(u[:, 5] < pos + wallet, wallet_kind, C_ONLINE))
    ch = np.where(kind == T_CASH_OUT, C_ATM, ch)
    ch = np.where(transfer, C_TRANSFER, ch)
    online_cat = np.isin(cat, [_cat_index(k) for k in ("online", "takeaway", "digital")])
    platform_u = hash_uniform(setup, "platform", p["index"][account], u[:, 9] * 1e6 // 1)
    platform = np.where(((ch == C_ONLINE) | online_cat) & (kind == T_BUY), _platform_for(cat, platform_u), -1)
    # A platform is paid through its own processor's wallet (淘宝 through 支付宝, 美团 through 微信支付), or by
    # bank card through that processor (网上支付, shown as 支付宝-/财付通- on the statement).
    processor = np.where(data.platforms()["processor"].to_numpy() == "支付宝", C_ALIPAY, C_WECHAT)
    ch = np.where(platform >= 0, np.where(u[:, 6] < 0.85, processor[np.maximum(platform, 0)], C_ONLINE), ch)
    amount = on_rows(platform >= 0, amount, price_point, platform)
    slot = usual_slot(setup, p["index"][account], cat, u[:, 9])
    out = {"account": account, "t": t, "amount": amount, "ttype": kind, "channel": ch,
           "cat": np.where(kind == T_BUY, cat, -1), "platform": platform, "slot": slot,
           "city": np.full(len(account), -2, np.int64), "counterparty": np.full(len(account), -1, np.int64),
           "ftype": np.zeros(len(account), np.int64), "pattern": np.full(len(account), "", dtype=object),
           "device_new": np.zeros(len(account), bool)}
    # Refunds: the same merchant and amount, after a delay drawn on a continuous scale (lognormal, median a day and
    # a half: a cancelled takeaway within the hour, a return by post in a week or two); a delay past the window's end
    # is drawn again as a share of the time left. A shop's refund (a return at the till) is moved to its opening.
    r = np.flatnonzero(refunded)
    delay = np.exp(np.log(1.5 * DAY) + 1.6 * ndtri(np.clip(u[r, 8], 1e-9, 1 - 1e-9)))
    delay = np.clip(delay, 10 * 60, 20 * DAY).astype(np.int64)
    left = np.maximum(setup.end - 1 - t[r], 1)
    delay = np.where(delay < left, delay, (left * (0.05 + 0.9 * (u[r, 8] * 1e3 % 1))).astype(np.int64))
    refund_t = t[r] + np.maximum(delay, 1)
    shut = ~data.open_hours()[cat[r], (refund_t % DAY) // HOUR] & (platform[r] < 0)
    opens = data.categories()["open"].to_numpy()[cat[r]]
    reopen = (refund_t // DAY) * DAY + opens * HOUR + (u[r, 8] * 1e6 % 1 * HOUR).astype(np.int64)
    reopen = np.where(reopen <= refund_t, reopen + DAY, reopen)
    # (no opening left in the window: the purchase is voided at the till a minute later, a 撤销)
    refund_t = np.where(shut, np.where(reopen < setup.end, reopen, t[r] + 60), refund_t)
    refunds = {c: v[r].copy() for c, v in out.items()}
    refunds["t"] = np.minimum(refund_t, setup.end - 1)
    refunds["ttype"] = np.full(len(r), T_REFUND)
    refunds["memo"] = np.zeros(len(r), np.int64)
    out["memo"] = np.zeros(len(account), np.int64)
    refunds["drain"] = np.zeros(len(r), np.int64)
    out["drain"] = np.zeros(len(account), np.int64)
    return concat([out, refunds])


DENOMINATIONS = np.array([50, 100, 200, 300, 500, 1000, 2000, 5000]) * 100
# KTVs and bars sell 酒水套餐 at "lucky" package prices; a table's bill is one package or an itemised sum.
PACKAGES = np.array([168, 188, 288, 388, 588, 888, 1288, 1888, 2888, 3888, 5888, 8888, 12888]) * 100
PACKAGE_SHARE = 0.4


def night_venue_bill(amount: np.ndarray, u: np.ndarray) -> np.ndarray:
    """A bar/KTV bill: the package nearest (in ratio) to the drawn sum for PACKAGE_SHARE of bills, else the sum.
    Ordinary bills and a cloned card's cash-out bills go through this one rule, so a lucky price is no label."""
    u = np.asarray(u, float) * 1e3 % 1            # a digit of the row's uniform not used for anything else here
    d = np.log(PACKAGES)[None, :]
    nearest = PACKAGES[np.argmin(np.abs(np.log(np.maximum(amount, 1))[:, None] - d), axis=1)]
    return np.where(u < PACKAGE_SHARE, nearest, amount)


def price_point(amount: np.ndarray, platform: np.ndarray) -> np.ndarray:
    """The platform's price point nearest (in ratio) to a drawn amount — a game's top-up tier, a membership's term
    (platforms.tsv `prices`) — or the amount where the platform has no price list."""
    points = data.platform_prices()[np.maximum(platform, 0)]
    gap = np.where(points > 0, np.abs(np.log(np.maximum(points, 1)) - np.log(np.maximum(amount, 1))[:, None]), np.inf)
    nearest = points[np.arange(len(amount)), np.argmin(gap, axis=1)]
    return np.where(nearest > 0, nearest, amount)


def denomination(amount: np.ndarray) -> np.ndarray:
    """The gift-card denomination nearest (in ratio) to a drawn amount."""
    d = np.log(DENOMINATIONS)[None, :]
    return DENOMINATIONS[np.argmin(np.abs(np.log(np.maximum(amount, 1))[:, None] - d), axis=1)]


def usual_slot(setup: Setup, index: np.ndarray, cat: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Each customer's usual places: a handful of favourite merchants per category, then the rest of the city."""
    favourite = (hash_uniform(setup, "usual", index, cat) * SLOTS).astype(np.int64)
    spread = np.where(u < 0.7, (u / 0.7 * 3).astype(np.int64), (((u - 0.7) / 0.3) * SLOTS).astype(np.int64))
    return (favourite + spread) % SLOTS


def on_rows(mask: np.ndarray, amount: np.ndarray, rule, *columns: np.ndarray) -> np.ndarray:
    """np.where(mask, rule(amount, *columns), amount) for a row-by-row rule, computed on the masked rows only: the
    price rules (denominations, packages, price points) touch a few percent of rows but cost a log per candidate."""
    rows = np.flatnonzero(mask)
    part = rule(amount[rows], *(c[rows] for c in columns))
    out = amount.astype(np.result_type(part, amount))
    out[rows] = part
    return out


def concat(parts: list[dict]) -> dict:
    keys = parts[0].keys()
    return {k: np.concatenate([part[k] for part in parts]) for k in keys}


def event_rows(account, t, amount, ttype, channel, cat=-1, platform=-1, slot=0, memo=0, drain=0) -> dict:
    """Columns of a group of events; scalars are repeated (a shop payment in the customer's current city)."""
    n = len(account)

    def column(value):
        return np.full(n, value, np.int64) if np.ndim(value) == 0 else np.asarray(value, dtype=np.int64)

    return {"account": np.asarray(account, np.int64), "t": column(t), "amount": column(amount),
            "ttype": column(ttype), "channel": column(channel), "cat": column(cat), "platform": column(platform),
            "slot": column(slot), "city": np.full(n, -2, np.int64), "counterparty": np.full(n, -1, np.int64),
            "ftype": np.zeros(n, np.int64), "pattern": np.full(n, "", dtype=object), "device_new": np.zeros(n, bool),
            "memo": column(memo), "drain": column(drain)}


def monthly(setup: Setup, p: dict) -> dict:
    fixed = fixed_counts(setup, p)
    parts = []
    for name, ttype, channel in (("salary", T_SALARY, C_TRANSFER), ("rent", T_XFER_OUT, C_TRANSFER),
                                 ("utility", T_BILL, C_ALIPAY), ("telecom", T_BILL, C_WECHAT),
                                 ("repay", T_REPAY, C_TRANSFER)):
        rows, times = fixed[name]
        n = len(rows)
        if name == "salary":
            wobble = hash_uniform(setup, "salary.month", p["index"][rows], times // DAY)
            amount = np.round(p["salary"][rows] * (0.97 + 0.06 * wobble)).astype(np.int64)
        elif name == "rent":
            amount = p["rent"][rows]
        elif name == "utility":
            # Electricity (median 150 CNY), water (about 20-80 CNY a month) or gas (median 90 CNY).
            u = hash_uniform(setup, "utility.month", p["index"][rows], times // DAY)
            kind = (hash_uniform(setup, "utility.kind", p["index"][rows], times // DAY) * 3).astype(np.int64)
            amount = lognormal_fen(u, np.array([150.0, 42.0, 90.0])[kind], np.array([0.5, 0.3, 0.45])[kind])
            amount = np.where(kind == 1, np.clip(amount, 2000, 8000), amount)
        elif name == "telecom":
            amount = p["telecom_amount"][rows]
        else:
            amount = np.zeros(n, np.int64)        # repayments are set once the month's spending is known
        cat = np.full(n, -1, np.int64)
        if name in ("utility", "telecom"):
            cat[:] = _cat_index(name)
        ch = np.full(n, channel, np.int64)
        if name == "utility":
            ch = np.where(hash_uniform(setup, "utility.ch", p["index"][rows], times) < 0.5, C_ALIPAY, C_WECHAT)
        memo = MEMO_RENT if name == "rent" else (MEMO_POWER + kind if name == "utility" else MEMO_NONE)
        parts.append(event_rows(rows, times, amount, ttype, ch, cat=cat, memo=memo))
    # The one-off large purchase (a phone, a ring, a course) on a day between 10:00 and 20:00; or a night of
    # entertaining clients or friends at a KTV (a fifth of them): a 酒水套餐 of 1,888-8,888 CNY between 20:30 and
    # 01:30 at home, so a large night bill at a KTV is not a cloned card's by itself.
    rows = np.flatnonzero(p["one_off"] & p["exists"])
    u = p["one_off_u"][rows]
    cat = np.array([_cat_index(k) for k in ("electronics", "jewellery", "education", "department", NIGHT_SHOP)])[
        (u * 5).astype(np.int64)]
    night = cat == _cat_index(NIGHT_SHOP)
    hour = np.where(night, 20.5 + (u * 1e4 % 1) * 5, 10 + (u * 1e4 % 1) * 10)
    t = setup.start + (u * setup.days).astype(np.int64) * DAY + (hour * HOUR).astype(np.int64)
    amount = (np.round(3000 + (u * 1e6 % 1) * 12000) * 100).astype(np.int64)
    # the dearer the package, the fewer the tables that order it (1,888: a third of them; 8,888: one in fifteen)
    package = PACKAGES[np.searchsorted(PACKAGES, 188800) + choose(u * 1e6 % 1, np.array([35, 30, 18, 10, 7.0]))]
    amount = np.where(night, package, amount)
    parts.append(event_rows(rows, t, amount, T_BUY, C_POS, cat=cat, slot=(u * 1e3 % 1 * SLOTS).astype(np.int64)))
    # The shopkeeper's weekly cash deposit, at the counter or a deposit machine, 16:00-19:00.
    rows = np.flatnonzero(p["n_deposit"] > 0)
    if len(rows):
        days = calendar(setup)["days"]
        weekday = (days + 3) % 7
        who, day = [], []
        for r in rows.tolist():
            chosen = days[weekday == p["deposit_weekday"][r]]
            who.append(np.full(len(chosen), r))
            day.append(chosen)
        who, day = np.concatenate(who), np.concatenate(day)
        u = hash_uniform(setup, "deposit", p["index"][who], day)
        amount = lognormal_fen(u * 1e3 % 1, np.full(len(who), 15000.0), np.full(len(who), 0.8))
        # notes: whole hundreds; a big week's takings go in whole and are reported (no shopkeeper of the model
        # keeps under the threshold: that is structuring's tell)
        amount = np.maximum(amount // 10000 * 10000, 100000)
        # A deposit machine takes at most 20,000 CNY at a time: more goes over the counter.
        counter = (u * 1e6 % 1 < 0.5) | (amount > 2000000)
        t = day * DAY + np.where(counter, 14 * HOUR + u * 2.5 * HOUR, 17 * HOUR + u * 4 * HOUR).astype(np.int64)
        parts.append(event_rows(who, t, amount, T_CASH_IN, np.where(counter, C_COUNTER, C_ATM)))
    # A large planned transfer of savings (定金, 装修款, 购车款): 1-2 round transfers by day, from the usual phone,
    # to one payee outside the dataset; the amounts are set with the balances (drain: 30-70% of the savings).
    rows = np.flatnonzero(p["big_move"] > 0)
    if len(rows):
        who = np.repeat(rows, p["big_move"][rows])
        j = np.arange(len(who)) - np.repeat(np.cumsum(p["big_move"][rows]) - p["big_move"][rows], p["big_move"][rows])
        u = hash_uniform(setup, "big_move.when", p["index"][who])
        t = setup.start + (u * (setup.days - 1)).astype(np.int64) * DAY + ((9.5 + 8 * (u * 1e3 % 1)) * HOUR
                                                                            ).astype(np.int64) \
            + j * (20 * 60 + (hash_uniform(setup, "big_move.gap", p["index"][who]) * 50 * 60).astype(np.int64))
        drain = (300 + 400 * (u * 1e6 % 1)).astype(np.int64) // (1 + (p["big_move"][who] > 1))
        moved = event_rows(who, t, 0, T_XFER_OUT, C_TRANSFER, memo=MEMO_DEPOSIT, drain=drain)
        # a quarter from a device the account never used (a relative's phone, the office computer)
        moved["device_new"] = hash_uniform(setup, "big_move.device", p["index"][who]) < 0.25
        parts.append(moved)
    # A credit card's cash advance at an ATM by day, and its fee (model.plan: at most 30% of the limit).
    rows = np.flatnonzero(p["advance"])
    if len(rows):
        u = hash_uniform(setup, "advance.when", p["index"][rows])
        t = setup.start + (u * (setup.days - 1)).astype(np.int64) * DAY + ((9 + 12 * (u * 1e3 % 1)) * HOUR
                                                                          ).astype(np.int64)
        wanted = lognormal_fen(u * 1e6 % 1, np.full(len(rows), 1500.0), np.full(len(rows), 0.6))
        cash = np.maximum(np.minimum(wanted, 0.3 * p["limit_draw"][rows]) // 10000 * 10000, 10000).astype(np.int64)
        parts.append(event_rows(rows, t, cash, T_CASH_OUT, C_ATM))
        parts.append(event_rows(rows, t + 1, np.maximum(cash // 100, 1000), T_FEE, C_ATM))
    # A stall's collection code: its wallet balance withdrawn to the card, the supplier paid (model.collections).
    col = collections(setup, p["index"], p["collector"])
    if len(col["row"]):
        wallet = np.where(hash_uniform(setup, "collect.wallet", p["index"][col["row"]]) < 0.55, C_WECHAT, C_ALIPAY)
        parts.append(event_rows(col["row"], col["t"], col["amount"], np.where(col["out"], T_XFER_OUT, T_XFER_IN),
                                np.where(col["out"], C_TRANSFER, wallet),
                                memo=np.where(col["out"], MEMO_GOODS, MEMO_PAYOUT)))
    # The holiday spree: 2-4 large purchases on one afternoon or evening of the trip, minutes apart.
    rows = np.flatnonzero(p["splurge"] > 0)
    if len(rows):
        k = p["splurge"][rows]
        who = np.repeat(rows, k)
        j = np.arange(len(who)) - np.repeat(np.cumsum(k) - k, k)
        su = p["splurge_u"][who]
        days = np.maximum((p["trip_end"][who] - p["trip_start"][who]) // DAY - 1, 1)
        evening = p["trip_start"][who] + (1 + (su[:, 0] * days).astype(np.int64)) * DAY - 12 * HOUR \
            + (14 * HOUR + su[:, 1] * 4 * HOUR).astype(np.int64)       # 14:00-18:00, shops shut at 21-22
        u = hash_uniform(setup, "splurge.row", p["index"][who], j)
        # shop to shop: 10-50 minutes each, drawn per step (a person, not a timer)
        gap = np.where(j > 0, 600 + (u * 1e9 % 1 * 2400).astype(np.int64), 0)
        t = evening + segment_cumsum(gap, who)
        cat = np.array([_cat_index(c) for c in ("jewellery", "electronics", "department", "cosmetics")])[
            (u * 4).astype(np.int64)]
        amount = (np.round(2000 + (u * 1e3 % 1) * 7000) * 100).astype(np.int64)
        parts.append(event_rows(who, t, amount, T_BUY, C_POS, cat=cat, slot=(u * 1e6 % 1 * SLOTS).astype(np.int64)))
    parts.append(hotel_stays(setup, p))
    return concat(parts)


HOTELS = 12                     # hotels of a city that take its visitors


def hotel_stays(setup: Setup, p: dict) -> dict:
    """Every trip's hotel bill, settled at the destination on the last morning (08:00-11:30, before leaving at noon):
    the nights times a nightly rate (the hotel category's median and σ, times the customer's spending level), whole
    yuan, at the front desk's POS or by QR wallet. A trip is never a stretch of rows without a trace of the place."""
    who = np.flatnonzero(p["trip"] & p["exists"])
    u = hash_uniform(setup, "hotel", p["index"][who], np.arange(4)[:, None])
    nights = np.maximum((p["trip_end"][who] - p["trip_start"][who]) // DAY, 1)
    hotel = _cat_index("hotel")
    cats = data.categories()
    rate = lognormal_fen(u[0], cats["median"].to_numpy()[hotel] * p["spend_level"][who],
                         np.full(len(who), cats["sigma"].to_numpy()[hotel]))
    amount = np.maximum(np.round(rate * nights / 100), 1).astype(np.int64) * 100
    t = np.minimum(p["trip_end"][who] - 12 * HOUR + (8 * HOUR + u[1] * 3.5 * HOUR).astype(np.int64), setup.end - 1)
    wallet = np.array([C_ALIPAY, C_WECHAT, C_UNIONPAY])[choose(u[3], WALLET_SPLIT)]
    channel = np.where(u[2] < cats["pos"].to_numpy()[hotel], C_POS, wallet)
    # visitors stay at a city's few business hotels (also fewer shop names to render)
    return event_rows(who, t, amount, T_BUY, channel, cat=hotel, slot=(u[2] * 1e6 % 1 * HOTELS).astype(np.int64))


def compensate(setup: Setup, legs: Legs, a: int, index: int) -> None:
    """The aftermath of a stolen card's pattern just added to `legs`: the holder disputes the charges and the bank
    credits them back by day, a lognormal week or so later (median 7 days; inside the window). Unlabelled: it is the
    bank's correction, not the fraudster's act."""
    mark = getattr(legs, "_mark", 0)
    charged = sum(x for x, ft in zip(legs.cols["amount"][mark:], legs.cols["ftype"][mark:]) if ft)
    last = max(legs.cols["t"][mark:])
    u = hash_uniform(setup, "compensate", np.array([index]), np.arange(2))
    delay = int(DAY * np.exp(np.log(7.0) + 0.5 * ndtri(float(u[0]))))
    when = (last + delay) // DAY * DAY + int((9 + 8 * u[1]) * HOUR)
    last_day = (setup.end // DAY - 1) * DAY + int((9 + 8 * u[1]) * HOUR)     # by day on the window's last day
    when = max(min(when, last_day), last + 60)
    legs.add(a, when, charged, T_REFUND, C_TRANSFER, memo=MEMO_COMPENSATE)


def freeze(setup: Setup, p: dict, ev: dict) -> None:
    """A stolen card is frozen once the pattern is noticed (the bank's risk system or the holder's call: 10 minutes
    to a day after its last row) and a new card arrives 3-7 days later: the holder's card payments in between move
    to the days after the new card is active (same time of day, so shops' hours hold). Near the window's end the
    gap is cut to what is left. Transfers by mobile banking and credits go on (the account is not frozen)."""
    a, t = ev["account"], ev["t"]
    victim = np.isin(p["fraud"], CARD_FRAUD)
    labelled = np.flatnonzero((ev["ftype"] != F_NONE) & victim[a])
    if not len(labelled):
        return
    last = np.full(len(p["index"]), -1, np.int64)
    np.maximum.at(last, a[labelled], t[labelled])
    u = hash_uniform(setup, "freeze", p["index"], np.arange(2)[:, None])
    detect = np.clip(np.exp(np.log(2 * HOUR) + 1.5 * ndtri(np.clip(u[0], 1e-9, 1 - 1e-9))), 600, DAY)
    frozen = last + detect.astype(np.int64)
    end_day = setup.end // DAY
    new_card_day = np.minimum(frozen // DAY + 3 + (u[1] * 5).astype(np.int64), end_day - 1)
    use_card = (ev["ftype"] == F_NONE) & np.isin(ev["ttype"], [T_BUY, T_CASH_OUT, T_BILL, T_FEE]) \
        & (ev["channel"] != C_TRANSFER)
    moved = use_card & victim[a] & (last[a] >= 0) & (t >= frozen[a]) & (t < new_card_day[a] * DAY) \
        & (new_card_day[a] * DAY > frozen[a])
    if not moved.any():
        return
    days_after = np.maximum(end_day - new_card_day[a], 1)
    day = new_card_day[a] + (t // DAY - frozen[a] // DAY) % days_after
    new_t = np.where(moved, day * DAY + t % DAY, t)
    # A moved purchase that was refunded keeps its refund after it, at the same delay (or voided a minute later at
    # the till when the window ends first).
    refunds = np.flatnonzero((ev["ttype"] == T_REFUND) & (ev["ftype"] == F_NONE) & (ev["cat"] >= 0))
    if len(refunds):
        bought = {(int(a[i]), int(ev["amount"][i]), int(ev["cat"][i]), int(ev["slot"][i])): i
                  for i in np.flatnonzero(moved & (ev["ttype"] == T_BUY)).tolist()}
        for r in refunds.tolist():
            i = bought.get((int(a[r]), int(ev["amount"][r]), int(ev["cat"][r]), int(ev["slot"][r])))
            if i is not None and t[r] >= t[i]:
                later = new_t[i] + (t[r] - t[i])
                new_t[r] = later if later < setup.end else new_t[i] + 60
    ev["t"] = new_t


def fraud_events(setup: Setup, p: dict) -> dict:
    """Each victim's fraud pattern (documented shapes, see docs/transactions.md)."""
    legs = Legs()
    slots = []      # merchant slots of the pattern's payments (the Legs column is filled below)
    victims = np.flatnonzero((p["fraud"] != F_NONE) & p["exists"])
    sizes = fraud_rows(p)
    span = setup.end - setup.start
    cats = data.categories()
    keys = cats["key"].to_numpy()
    platforms = data.platforms()
    far = _far_city(setup, p["home"][victims], p["fraud_u"][victims, 20], 1000.0) if len(victims) else []
    mid = _far_city(setup, p["home"][victims], p["fraud_u"][victims, 21], 300.0) if len(victims) else []
    for v, a in enumerate(victims.tolist()):
        legs.fit_window(setup)          # closes the previous victim's pattern (moved earlier if it ran past the end)
        f, u, n = int(p["fraud"][a]), p["fraud_u"][a], int(sizes[a])
        dispute = f in CARD_FRAUD and bool(p["disputes"][a])
        n -= dispute                    # the pattern's own rows (the dispute's credit follows them)
        pid = f"FR{p['index'][a]:09d}"
        t = setup.start + int((0.1 + 0.85 * u[0]) * span)
        if f == F_TESTING:
            k_small = n - 1 - int(u[2] < 0.3)
            # Stolen card data tried from the fraudster's own device (never the holder's phone).
            # Tiny online payments where any amount goes (a shop's small items: 淘宝, 拼多多 …), never gift cards or
            # games and memberships (fixed denominations, price points); each amount drawn anew, not repeated.
            cat = _cat_index("online")
            plat = int(np.flatnonzero(platforms["category"].to_numpy() == keys[cat])[int(u[4] * 5) % 5])
            for j in range(k_small):
                t += int(20 + 150 * u[5 + j % 8])
                tiny = 1 + int((u[13 + j % 6] + 0.618034 * j) % 1 * 999)
                legs.add(a, t, tiny, T_BUY, C_ONLINE, cat=cat, platform=plat, ftype=f, pattern=pid, device_new=True)
                slots.append(0)
            for j in range(n - k_small):
                t += int(120 + 1500 * u[19 + j])
                big = _cat_index("electronics" if u[21] < 0.6 else "giftcard")
                bplat = int(np.flatnonzero(platforms["category"].to_numpy() == keys[big])[0])
                amount = int(100 * (1500 + int((u[22] + 0.618034 * j) % 1 * 6500)))
                if keys[big] == "giftcard":
                    amount = int(np.array([100000, 200000, 500000])[int(u[22 + j % 2] * 3)])
                legs.add(a, t, amount, T_BUY, C_ONLINE, cat=big, platform=bplat, ftype=f, pattern=pid,
                         device_new=True)
                slots.append(0)
        elif f == F_ATO:
            # A new device logs in and drains the account. Real takeovers are not all far away at night: the
            # device's place is a far city (half), the home city (a local gang, or a proxy; a quarter) or a city
            # 300+ km off; two in three start at night, the rest by day or in the evening.
            night = u[13] < 0.65
            t = (t // DAY) * DAY + int(((0.5 + 4 * u[3]) if night else (9 + 14 * u[3])) * HOUR)
            t = max(t, setup.start + 1)
            city = int(far[v]) if u[12] < 0.5 else (-2 if u[12] < 0.75 else int(mid[v]))
            probe = u[14] < 0.6                     # most try a small transfer first; some drain at once
            if probe:
                legs.add(a, t, 100 * (1 + int(u[4] * 300)), T_XFER_OUT, C_TRANSFER, city=city, ftype=f,
                         pattern=pid, device_new=True)
                slots.append(0)
            shares = np.array([0.6, 0.25, 0.1, 0.05][:n - probe])
            for j, share in enumerate((shares / shares.sum() * 950).astype(np.int64).tolist()):
                t += int(120 + 600 * u[5 + j])
                legs.add(a, t, 0, T_XFER_OUT, C_TRANSFER, city=city, ftype=f, pattern=pid, device_new=True,
                         drain=share)
                slots.append(0)
        elif f == F_SCAM:
            # 电信诈骗: a caller posing as the police or the bank talks the customer into moving savings to
            # "安全账户" by day: 2-5 transfers within two hours, from the customer's own phone (手机银行: counter
            # staff would ask and stop it), to one payee or, as the caller directs, two or three; 70-95% of the
            # savings in all.
            t = max((t // DAY) * DAY + int((9.5 + 8.5 * u[3]) * HOUR), setup.start + 1)
            payees = 1 + int(u[4] * 3)
            total = 700 + 250 * u[6]
            w = 0.5 + u[8:8 + n]
            for j, share in enumerate((w / w.sum() * total).astype(np.int64).tolist()):
                legs.add(a, t, 0, T_XFER_OUT, C_TRANSFER, ftype=f, pattern=pid, memo=SAFE_PAYEES[j % payees],
                         drain=share)
                slots.append(0)
                t += int((8 + 25 * u[14 + len(slots) % 6]) * 60)
        elif f == F_CASHOUT:
            # 信用卡套现: a purchase at one colluding shop of nearly all the free credit, in whole hundreds, by day;
            # the card is repaid in full 1-4 days later, and again (1-3 cycles).
            cat = _cat_index(("department", "supermarket", "electronics")[int(u[3] * 3)])
            shop = int(u[4] * SLOTS)
            cycles = n // 2
            per_cycle = min(6, max((setup.days - 1) // cycles, 1))      # days a cycle may take in the window
            day = t // DAY
            for j in range(cycles):
                when = max(day * DAY + int((10 + 9 * u[5 + j]) * HOUR), setup.start + 1)
                legs.add(a, when, 0, T_BUY, C_POS, cat=cat, city=int(p["home"][a]), ftype=f, pattern=pid,
                         drain=int(900 + 80 * u[8 + j]))
                slots.append(shop)
                delay = min(1 + int(u[11 + j] * 4), per_cycle - 1)
                repaid = when + 3 * HOUR if delay == 0 else (day + delay) * DAY + int((8 + 12 * u[14 + j]) * HOUR)
                legs.add(a, repaid, 0, T_REPAY, C_TRANSFER, ftype=f, pattern=pid)
                slots.append(0)
                day += per_cycle
        elif f == F_MULE:
            # 跑分: the account's card takes bank transfers from strangers (gamblers', scam victims')
            # for a platform, 3-30 minutes apart from the evening into the night, odd amounts of a few hundred to a
            # few thousand yuan; every 3-5 payments the sum goes straight on, less a 0.5-3% commission.
            k_in, k_out = mule_legs(u[None, :])
            group = -(-int(k_in[0]) // int(k_out[0]))
            t = max((t // DAY) * DAY + int((18 + 3 * u[3]) * HOUR), setup.start + 1)
            pending = 0
            for j in range(int(k_in[0])):
                t += int((3 + 27 * ((u[4 + j % 12] + 0.618034 * j) % 1)) * 60)
                amount = int(np.exp(np.log(800) + 0.8 * ndtri(min(max((u[16 + j % 6] + 0.381966 * j) % 1, 1e-6),
                                                                   1 - 1e-6))) * 100)
                amount = max(amount // 100 * 100, 5000)
                # (bank-card 跑分: a wallet's collection code would keep the money in 零钱, off the card)
                legs.add(a, t, amount, T_XFER_IN, C_TRANSFER, ftype=f, pattern=pid)
                slots.append(0)
                pending += amount
                if (j + 1) % group == 0 or j + 1 == int(k_in[0]):
                    t += int((2 + 10 * u[22]) * 60)
                    kept = 0.005 + 0.025 * u[23]
                    legs.add(a, t, int(pending * (1 - kept)) // 100 * 100, T_XFER_OUT, C_TRANSFER, ftype=f,
                             pattern=pid, memo=MEMO_GOODS if u[21] < 0.3 else MEMO_NONE)
                    slots.append(0)
                    pending = 0
        elif f == F_TRAVEL:
            t = max((t // DAY) * DAY + int((10.5 + 8 * u[23]) * HOUR), setup.start + 1)      # shops open
            cat = _cat_index(("supermarket", "restaurant", "department", "electronics")[int(u[3] * 4)])
            # The genuine payment is at home (the far city is 1,000+ km from it) and is not fraud: only the
            # cloned card's payments far away are labelled.
            # (at the category's usual price for this customer, whole yuan: a meal is not a jeweller's bill)
            usual = lognormal_fen(np.array([u[4]]), cats["median"].to_numpy()[cat:cat + 1] * p["spend_level"][a],
                                  cats["sigma"].to_numpy()[cat:cat + 1])[0]
            legs.add(a, t, max(int(usual) // 100, 1) * 100, T_BUY, C_POS, cat=cat, city=int(p["home"][a]))
            slots.append(int(u[5] * SLOTS))
            for j in range(n - 1):
                t += int((10 + 20 * u[6 + j]) * 60)
                cat = _cat_index(HIGH_RISK[int(u[8 + j] * 3)])
                amount = 100 * (800 + int(u[10 + j] * 5000))
                if HIGH_RISK[int(u[8 + j] * 3)] == "giftcard":
                    # prepaid cards are sold in denominations: a stack of 500 or 1,000 CNY cards
                    amount = (2 + int(u[10 + j] * 1e3 % 1 * 5)) * 50000 if u[10 + j] < 0.5 else \
                        (1 + int(u[10 + j] * 1e3 % 1 * 5)) * 100000
                legs.add(a, t, amount, T_BUY, C_POS, cat=cat, city=int(far[v]), ftype=f, pattern=pid)
                slots.append(int(u[12 + j] * SLOTS))
        elif f == F_BURST:
            # A cloned card at night, 1,000+ km away. Day shops are shut then, so the card is used where a card
            # is taken at night: ATMs of the city (2,000-3,000 CNY each), or one colluding 夜场 (KTV/bar) that runs
            # "bills" through its POS (套现): itemised sums in whole yuan or its 酒水套餐 prices (2,888, 8,888 …), as
            # any customer's bill there.
            t = (t // DAY) * DAY + int((0.5 + 1.5 * u[3]) * HOUR)       # the last row before the bar shuts at 04:00
            t = max(t, setup.start + 1)
            pos = (u[4] < 0.5) | bool(p["credit"][a])     # a credit card's cash would be a capped 预借现金
            cat = _cat_index(NIGHT_SHOP)
            shop = int(u[18] * SLOTS)
            for j in range(n):
                if pos:
                    spread = np.exp(0.5 * ndtri(min(max(u[10 + j], 1e-6), 1 - 1e-6)))
                    amount = int(round(min(2000 + 2400 * spread, 20000)) * 100)
                    amount = int(night_venue_bill(np.array([amount]), np.array([u[10 + j]]))[0])
                    legs.add(a, t, amount, T_BUY, C_POS, cat=cat, city=int(far[v]), ftype=f, pattern=pid)
                else:
                    amount = int(np.array([200000, 250000, 300000])[int(u[10 + j] * 3)])
                    legs.add(a, t, amount, T_CASH_OUT, C_ATM, city=int(far[v]), ftype=f, pattern=pid)
                slots.append(shop)
                t += int((3 + 12 * ((u[22] + 0.618034 * j) % 1)) * 60)     # minutes, drawn anew for each bill
        if dispute:
            compensate(setup, legs, a, int(p["index"][a]))
            slots.append(0)
    legs.fit_window(setup)
    out = legs.arrays()
    out["slot"] = np.array(slots, dtype=np.int64)
    out["platform"] = out["platform"].astype(np.int64)
    return out


def aml_events(setup: Setup, p: dict) -> dict:
    """Rows of laundering patterns and family transfers that fall in these chunks' accounts."""
    parts = []
    first = int(p["index"][0])
    for c in np.unique(p["index"] // COHORT):
        legs = cohort_legs(setup, int(c))
        local = legs["account"] - first
        keep = (local >= 0) & (local < len(p["index"]))
        keep[keep] &= p["exists"][local[keep]]
        part = {k: v[keep] for k, v in legs.items()}
        part["account"] = local[keep]
        parts.append(part)
    return concat(parts)


def build(setup: Setup, chunks: np.ndarray) -> tuple[dict, dict]:
    """All rows of the accounts of `chunks` (consecutive), in account order then time order, with balances."""
    p = plan(setup, chunks)
    parts = [discretionary(setup, chunks, p), monthly(setup, p)]
    fr = fraud_events(setup, p)
    if len(fr["account"]):
        pass
        parts.append(fr)
    aml = aml_events(setup, p)
    if len(aml["account"]):
        pass
        parts.append(aml)
    ev = concat([{k: part[k] for k in parts[0]} for part in parts])
    expected = account_counts(setup, p, fixed_counts(setup, p))
    got = np.bincount(ev["account"], minlength=len(p["index"]))
    if not np.array_equal(expected, got):
        bad = int(np.flatnonzero(expected != got)[0])
        raise RuntimeError(f"account {p['index'][bad]}: planned {expected[bad]} transactions, made {got[bad]}")
    freeze(setup, p, ev)
    place(setup, p, ev)
    order = np.lexsort((ev["t"], ev["account"]))
    ev = {k: v[order] for k, v in ev.items()}
    strictly_increasing(ev)
    locate(setup, p, ev)
    balances(setup, p, ev)
    return p, ev


def place(setup: Setup, p: dict, ev: dict) -> None:
    """Trips: payments during a trip happen at the destination; none during the hours of travel (moved a day on)."""
    a = ev["account"]
    trip = p["trip"][a] & (ev["ftype"] == F_NONE)
    # At least six hours; a flight abroad takes the distance at 800 km/h plus two hours.
    cities = data.cities()
    lat, lon = cities["lat"].to_numpy(), cities["lon"].to_numpy()
    km = haversine_km(lat[p["home"]], lon[p["home"]], lat[p["dest"]], lon[p["dest"]])
    transit = (np.maximum(TRANSIT_HOURS, np.ceil(km / MAX_SPEED_KMH) + 2) * HOUR).astype(np.int64)[a]
    for edge in ("trip_start", "trip_end"):
        s = p[edge][a]
        in_transit = trip & (ev["t"] >= s) & (ev["t"] < s + transit)
        # a day later, at the same time of day (the shop's hours still hold; transit is at most a day)
        ev["t"] = np.where(in_transit, ev["t"] + DAY, ev["t"])
    ev["t"] = np.minimum(ev["t"], setup.end - 1)


def strictly_increasing(ev: dict) -> None:
    """Two events of an account in the same second: the later one moves on by a second (sorted input)."""
    a, t = ev["account"], ev["t"]
    i = np.arange(len(t))
    # Within an account: t'[i] = i + max_{j<=i}(t[j] - j); the account term keeps accounts apart (sorted input).
    base = np.maximum.accumulate((t - i) + a * (1 << 40))
    ev["t"] = base - a * (1 << 40) + i


def locate(setup: Setup, p: dict, ev: dict) -> None:
    """The city of each row: its merchant's for payments, else where the customer is (home, or on a trip)."""
    a = ev["account"]
    on_trip = p["trip"][a] & (ev["t"] >= p["trip_start"][a]) & (ev["t"] < p["trip_end"][a])
    here = np.where(on_trip, p["dest"][a], p["home"][a])
    city = np.where(ev["city"] == -2, here, ev["city"])
    plat = ev["platform"]
    city = commute(setup, p, ev, city, on_trip)
    # Platforms (美团外卖, 滴滴, 淘宝 …) are located where the customer is when paying: the service is delivered
    # there (a meal, a ride) or the order is placed from there (online shopping), not at the platform's seat;
    # so `city` is the current city of the card's holder (the fraud patterns set their own: a far-away device).
    # Bills are paid to the home city's utility and carrier.
    city = np.where(ev["ttype"] == T_BILL, p["home"][a], city)
    ev["city"] = city
    ncat = len(data.categories())
    # Everyday shops near home: a customer lives in one county or district of the home city (a hash of the
    # account), and 90% of the payments in the home city go to shops of that district; a merchant's district is
    # its slot modulo the city's districts (text.merchant_names), so the slot is moved onto the home district.
    n_dist = np.array([len(data.city_districts()[c]) for c in range(len(data.cities()))], dtype=np.int64)[city]
    n_dist = np.minimum(n_dist, SLOTS)
    home_d = (hash_uniform(setup, "home.district", p["index"][a]) * n_dist).astype(np.int64)
    per_d = np.maximum(-(-(SLOTS - home_d) // n_dist), 1)
    near = (city == p["home"][a]) & (ev["ftype"] == F_NONE) & (plat < 0) & (ev["cat"] >= 0) \
        & (hash_uniform(setup, "home.district.share", p["index"][a], ev["cat"], ev["slot"]) < 0.9)
    # (keyed by the shop, not the time: a refund goes back to the shop of its purchase)
    ev["slot"] = np.where(near, home_d + n_dist * (ev["slot"] % per_d), ev["slot"])
    # Visitors (a trip, a commute) pay in the city proper: a shop of one of its urban districts, where it has some,
    # not of a county at its edge.
    away = (city != p["home"][a]) & (ev["ftype"] == F_NONE) & (plat < 0) & (ev["cat"] >= 0)
    if away.any():
        ev["slot"] = np.where(away, urban_slots()[city, ev["slot"]], ev["slot"])
    ev["merchant"] = np.where((ev["cat"] >= 0) & (plat < 0) & (ev["ttype"] != T_BILL),
                              (city * ncat + np.maximum(ev["cat"], 0)) * SLOTS + ev["slot"], -1)
    # Transit: a metro fare (2-9 CNY) on a metro line, a bus fare (1-2 CNY) on a bus; see is_metro.
    transit = (ev["cat"] == _cat_index("transit")) & (ev["merchant"] >= 0)
    bus = transit & ~is_metro(city, ev["slot"])
    ev["amount"] = np.where(bus, 100 + (ev["amount"] // 100) % 2 * 100, ev["amount"])


@lru_cache(maxsize=1)
def urban_slots() -> np.ndarray:
    """(cities, SLOTS): for each shop slot, a slot of a shop in one of the city's urban districts (a merchant's
    district is its slot modulo the city's districts: text.merchant_names); the slot itself where there is none."""
    out = np.tile(np.arange(SLOTS), (len(data.cities()), 1))
    for city, full in data.city_districts_full().items():
        n = len(full)
        urban = [i for i, d in enumerate(full[:SLOTS]) if d.endswith("区")]
        for slot in range(SLOTS) if urban else ():
            moved = (slot // n) * n + urban[slot % len(urban)]
            out[city, slot] = moved if moved < SLOTS else moved - n
    return out


COMMUTE_CATS = ("restaurant", "fastfood", "convenience", "transit", "taxi", "supermarket", "fuel", "pharmacy")


def commute(setup: Setup, p: dict, ev: dict, city: np.ndarray, on_trip: np.ndarray) -> np.ndarray:
    """Commuters pay for lunch, the metro, a coffee in their work city on weekdays 09:00-18:00 (two in three of
    those payments). A card-present payment that would then be too far from the one before or after for the time
    between (a shop at home at 08:55, then one 100 km away at 09:01) stays at home."""
    a, t = ev["account"], ev["t"]
    work = p["work_city"][a]
    hour = (t % DAY) // HOUR
    weekday = ((t // DAY) + 3) % 7 < 5
    kinds = np.isin(ev["cat"], [_cat_index(k) for k in COMMUTE_CATS])
    moved = (work >= 0) & ~on_trip & weekday & (hour >= 9) & (hour < 18) & kinds & (ev["ftype"] == F_NONE) \
        & (ev["platform"] < 0) & (ev["ttype"] == T_BUY) & (hash_uniform(setup, "commute.row", p["index"][a], t) < 0.67)
    city = np.where(moved, work, city)
    cities = data.cities()
    lat, lon = cities["lat"].to_numpy(), cities["lon"].to_numpy()
    present = np.flatnonzero(np.isin(ev["channel"], CARD_PRESENT))
    for _ in range(8):                      # each pass only moves rows home, so this settles quickly
        c, ta, aa = city[present], t[present], a[present]
        same = aa[1:] == aa[:-1]
        fast = same & (haversine_km(lat[c[:-1]], lon[c[:-1]], lat[c[1:]], lon[c[1:]])
                       > MAX_SPEED_KMH * (ta[1:] - ta[:-1]) / HOUR)
        back = np.r_[fast, False] | np.r_[False, fast]
        back &= moved[present]
        if not back.any():
            break
        city[present[back]] = p["home"][aa[back]]
        moved[present[back]] = False
    return city


def is_metro(city: np.ndarray, slot: np.ndarray) -> np.ndarray:
    """Which transit merchants are metro lines: two in three in a city with a metro (cities.tsv), none elsewhere."""
    return data.cities()["metro"].to_numpy()[city] & (slot % 3 != 0)


def balances(setup: Setup, p: dict, ev: dict) -> None:
    """Balances that add up: debit accounts never below zero, credit cards within their limit, every row chained."""
    a = ev["account"]
    n_acc = len(p["index"])
    starts = np.r_[0, np.cumsum(np.bincount(a, minlength=n_acc))[:-1]]
    credit = p["credit"][a]
    # Credit card repayment on the due day: the previous calendar month's net spending (at least 100 CNY), or
    # for the first due day in the window, the statement balance the account opened with.
    # (A 套现 card's own early repayments are part of its pattern and count against the month's spending.)
    monthly_repay = (ev["ttype"] == T_REPAY) & (ev["ftype"] == F_NONE)
    repay = np.flatnonzero(monthly_repay)
    if len(repay):
        month = ev["t"].astype("datetime64[s]").astype("datetime64[M]").astype(np.int64)
        signed = np.where(np.isin(ev["ttype"], CREDITS), ev["amount"], -ev["amount"])
        spend = np.where(credit & ~monthly_repay, -signed, 0)
        key_all = a * 100000 + month
        uniq, inv = np.unique(key_all, return_inverse=True)
        month_spend = np.bincount(inv, weights=spend, minlength=len(uniq))
        prev = a[repay] * 100000 + month[repay] - 1
        pos = np.searchsorted(uniq, prev)
        found = (pos < len(uniq)) & (uniq[np.minimum(pos, len(uniq) - 1)] == prev)
        amount = np.where(found, month_spend[np.minimum(pos, len(uniq) - 1)], 0)
        first_due = np.r_[True, a[repay][1:] != a[repay][:-1]]
        amount = np.where(first_due, p["outstanding"][a[repay]] + amount, amount)
        ev["amount"][repay] = np.maximum(np.round(amount).astype(np.int64), 10000)
    signed = np.where(np.isin(ev["ttype"], CREDITS), ev["amount"], -ev["amount"])
    prefix = segment_cumsum(signed, a)
    low_full = np.zeros(n_acc, np.int64)
    present = np.bincount(a, minlength=n_acc) > 0
    low_full[present] = np.minimum(np.minimum.reduceat(prefix, starts[present]), 0)
    drains = np.flatnonzero(ev["drain"] > 0)
    drained = np.bincount(a[drains], minlength=n_acc) > 0
    # An account whose drawn opening balance would not cover its window opens with what it needs plus a spare
    # amount of its own (20 to 3,000 CNY): a fixed margin would leave many accounts with the same lowest balance.
    # Accounts that move savings out (taken over, scammed, or paying a deposit) have savings to move.
    spare = (2000 + hash_uniform(setup, "opening.spare", p["index"]) ** 2 * 298000).astype(np.int64)
    savings = lognormal_fen(hash_uniform(setup, "opening.savings", p["index"]), np.full(n_acc, 30000.0),
                            np.full(n_acc, 0.8))
    cushion = np.where(drained, savings, 0)
    opening = np.where(p["credit"], -p["outstanding"], np.maximum(p["opening"], -low_full + cushion + spare))
    # Drain rows take their thousandths of what the account can lose at the first of them without its later
    # payments bouncing, in round thousands of yuan (fraudsters and deposits move round sums); the last sweeps
    # the rest of the total in whole yuan.
    if len(drains):
        for acc in np.unique(a[drains]):
            rows = drains[a[drains] == acc]
            first = rows[0]
            before = opening[acc] + (prefix[first - 1] if first > starts[acc] else 0)
            end = starts[acc] + np.count_nonzero(a == acc)
            later = prefix[first:end] - (prefix[first - 1] if first > starts[acc] else 0)
            need = max(0, -int(later.min()))
            available = max(0, int(before) - need)
            if p["credit"][acc]:
                # 套现 takes the free credit at that moment: the limit the card's other spending leaves it (drawn,
                # or raised to what that spending needs); the card's limit is raised if later spending needs more
                owed = max(0, -min(int((opening[acc] + prefix[starts[acc]:end]).min()), int(opening[acc])))
                limit = max(int(p["limit_draw"][acc]), -(-owed // 100000) * 100000)
                available = max(0, int(before) + limit)
            share = ev["drain"][rows] / 1000
            if p["fraud"][acc] == F_CASHOUT:
                # each 套现 purchase takes nearly all the free credit again, in whole hundreds; its repayment
                # (the next pattern row that is a 还款) returns the same sum
                parts = (np.floor(available * share / 10000) * 10000).astype(np.int64)
                repays = np.flatnonzero((a == acc) & (ev["ttype"] == T_REPAY) & (ev["ftype"] == F_CASHOUT))
                ev["amount"][repays] = np.maximum(parts, 100)
            else:
                total = int(available * share.sum())
                parts = (np.floor(available * share / 100000) * 100000).astype(np.int64)
                parts[-1] = (total - parts[:-1].sum()) // 100 * 100
            ev["amount"][rows] = np.maximum(parts, 100)
        signed = np.where(np.isin(ev["ttype"], CREDITS), ev["amount"], -ev["amount"])
        prefix = segment_cumsum(signed, a)
    after = opening[a] + prefix
    ev["balance_after"] = after
    ev["balance_before"] = after - signed
    limit = np.zeros(n_acc, np.int64)
    low_bal = np.zeros(n_acc, np.int64)
    low_bal[present] = np.minimum.reduceat(after, starts[present])
    need = np.maximum(-np.minimum(low_bal, opening), 0)
    limit = np.where(p["credit"], np.maximum(p["limit_draw"], -(-need // 100000) * 100000), 0)
    p["limit"] = limit.astype(np.int64)
    p["opening_balance"] = opening


def app_rows(ev: dict) -> np.ndarray:
    """Rows made on the customer's phone or computer (they carry a device id)."""
    kind = ev["ttype"]
    app = np.isin(ev["channel"], [C_ONLINE, C_ALIPAY, C_WECHAT, C_UNIONPAY]) | ((kind == T_XFER_OUT) &
                                                                                (ev["channel"] != C_COUNTER))
    return app & ~np.isin(kind, [T_SALARY, T_XFER_IN, T_REFUND, T_REPAY])


def segment_cumsum(values: np.ndarray, account: np.ndarray) -> np.ndarray:
    """Running sums that restart at each account (rows sorted by account)."""
    total = np.cumsum(values)
    start = np.r_[True, account[1:] != account[:-1]]
    first = np.maximum.accumulate(np.where(start, np.arange(len(values)), 0))
    return total - (total - values)[first]


def position_in_run(new_run: np.ndarray) -> np.ndarray:
    """0 for the first row of each run (new_run True), 1 for the next, ..."""
    i = np.arange(len(new_run))
    return i - np.maximum.accumulate(np.where(new_run, i, 0))


QUICK_WINDOW = 2 * DAY
QUICK_MIN = 500000                  # 5,000 CNY: the row and the inflows it follows
QUICK_SHARE = 0.8                   # share of the inflows gone since the first of them


def quick_flags(a: np.ndarray, t: np.ndarray, amount: np.ndarray, ttype: np.ndarray, out: np.ndarray) -> None:
    """快进快出 into `out` (rows in account, time order); reads only each row and the account's rows before it."""
    xin = (ttype == T_XFER_IN) & (amount >= QUICK_MIN)      # large inflows only: small ones do not dilute them
    leaving = (ttype == T_XFER_OUT) | (ttype == T_CASH_OUT)
    cum_in = np.cumsum(np.where(xin, amount, 0))
    cum_out = np.cumsum(np.where(leaving, amount, 0))
    rows = np.flatnonzero(leaving & (amount >= QUICK_MIN))
    ins = np.flatnonzero(xin)
    if not len(rows) or not len(ins):
        return
    key = a * (1 << 40) + t
    # the first transfer in of the account within the 48 hours before each candidate row
    k = np.minimum(np.searchsorted(key[ins], key[rows] - QUICK_WINDOW, side="left"), len(ins) - 1)
    first = ins[k]
    ok = (a[first] == a[rows]) & (first < rows) & (t[first] >= t[rows] - QUICK_WINDOW)
    received = cum_in[rows] - cum_in[first] + amount[first]
    gone = cum_out[rows] - cum_out[first]
    hit = ok & (gone >= QUICK_SHARE * received)
    out[rows[hit]] = True


def flags(setup: Setup, p: dict, ev: dict, distance: np.ndarray) -> list:
    """Risk flags per row, from documented rule features (docs/transactions.md)."""
    a, t, amount, ttype, ch = ev["account"], ev["t"], ev["amount"], ev["ttype"], ev["channel"]
    n = len(a)
    hour = (t % DAY) // HOUR
    same_prev = np.r_[False, a[1:] == a[:-1]]
    bits = np.zeros((n, len(RISK_FLAGS)), dtype=bool)
    debit = ~np.isin(ttype, CREDITS)
    bits[:, 0] = hour < 6
    # Every flag reads only the row and the account's rows before it (what a bank knows at that moment): the first
    # payments of a run are not flagged for the run they start.
    # 连续多笔大额交易: the third or later card payment of 2,000+ CNY by the account, each within an hour of the last.
    large = np.flatnonzero(debit & ((ttype == T_BUY) | (ttype == T_CASH_OUT)) & (amount >= LARGE))
    if len(large):
        la, lt = a[large], t[large]
        new_run = np.r_[True, (la[1:] != la[:-1]) | (lt[1:] - lt[:-1] > HOUR)]
        bits[large[position_in_run(new_run) >= 2], 1] = True
    physical = ~np.isin(ch, [C_ONLINE]) & (ev["platform"] < 0) & (ttype != T_BILL) & (ttype != T_SALARY) \
        & (ttype != T_XFER_IN) & (ttype != T_REPAY) & (ttype != T_REFUND)
    bits[:, 2] = physical & (distance >= FAR_KM)
    # 小额试探交易: the third or later online payment under 10 CNY, each within ten minutes of the last.
    tiny = np.flatnonzero(debit & (amount < 1000) & ((ch == C_ONLINE) | (ev["platform"] >= 0)))
    if len(tiny):
        ta, tt = a[tiny], t[tiny]
        new_run = np.r_[True, (ta[1:] != ta[:-1]) | (tt[1:] - tt[:-1] > 600)]
        flagged = tiny[position_in_run(new_run) >= 2]
        bits[flagged, 3] = True
        # ... and a payment of 1,000+ CNY online within an hour after such a run: the tested card being used (its
        # own flag: the payment itself is not small).
        if len(flagged):
            big = np.flatnonzero(debit & (amount >= 100000) & ((ch == C_ONLINE) | (ev["platform"] >= 0)))
            key_big = a[big] * (1 << 40) + t[big]
            key_run = a[flagged] * (1 << 40) + t[flagged]
            j = np.searchsorted(key_run, key_big, side="right") - 1
            ok = j >= 0
            jj = np.maximum(j, 0)
            hit = ok & (a[flagged][jj] == a[big]) & (t[big] - t[flagged][jj] <= HOUR)
            bits[big[hit], 9] = True
    bits[:, 4] = ev["device_new"]
    app = app_rows(ev)
    after_switch = np.flatnonzero(app & (t >= p["phone_switch"][a]))
    if len(after_switch):
        first = np.r_[True, a[after_switch][1:] != a[after_switch][:-1]]
        bits[after_switch[first], 4] = True
    bits[:, 5] = (ttype == T_XFER_OUT) & (amount >= 500000) & (hour < 6)
    # 临界大额现金存入: the report counts 单笔或当日累计, so the rule reads the day so far: a cash deposit that brings
    # the day's deposits to 40,000-49,999 CNY (within 20% under 50,000), or to 30,000+ CNY on the third such day
    # within seven (splitting across days).
    cash_in = np.flatnonzero(ttype == T_CASH_IN)
    if len(cash_in):
        ca, cday, camt = a[cash_in], t[cash_in] // DAY, amount[cash_in]
        day_key = ca * 100000 + cday
        new_day = np.r_[True, day_key[1:] != day_key[:-1]]
        day_id = np.cumsum(new_day) - 1
        so_far = segment_cumsum(camt, day_key)
        near = (so_far >= REPORT_THRESHOLD - 1000000) & (so_far < REPORT_THRESHOLD)
        big_day = np.bincount(day_id, weights=camt) >= 3000000        # whole earlier days are known
        first = np.flatnonzero(new_day)
        big_keys = day_key[first][big_day]                   # sorted: rows are in account, time order
        earlier_big = np.searchsorted(big_keys, day_key, side="left") - np.searchsorted(big_keys, day_key - 6)
        split = (so_far >= 3000000) & (earlier_big >= 2)
        bits[cash_in, 6] = near | split
    # 快进快出: money that leaves soon after it came, on whichever side of a pattern the account is: a transfer out or
    # a cash withdrawal of 5,000+ CNY when transfers in of 5,000+ CNY each arrived within the 48 hours before
    # it, and what has left since the first of those (transfers out and cash, this row included) is 80% of them or
    # more (a pass-through, a ring's leg, a collector's outflow, a fan-out's mule drawing the cash the next day;
    # an ordinary customer who moves a transfer on at once too).
    quick_flags(a, t, amount, ttype, bits[:, 7])
    # 异地快速移动: a card-present payment too far from the previous card-present one for the time between.
    cp = np.flatnonzero(np.isin(ch, CARD_PRESENT))
    if len(cp):
        cities = data.cities()
        lat, lon = cities["lat"].to_numpy(), cities["lon"].to_numpy()
        c = ev["city"][cp]
        same = np.r_[False, a[cp][1:] == a[cp][:-1]]
        prev = np.r_[0, np.arange(len(cp) - 1)]
        d = haversine_km(lat[c[prev]], lon[c[prev]], lat[c], lon[c])
        hours = (t[cp] - t[cp][prev]) / HOUR
        bits[cp[same & (d > MAX_SPEED_KMH * hours)], 8] = True
    # 短时集中转出: the second or later transfer out of 1,000+ CNY, each within two hours of the last, that brings
    # the run to 40% or more of the balance before its first (savings moved out at once: a scam victim's, or a
    # planned deposit).
    big_out = np.flatnonzero((ttype == T_XFER_OUT) & (amount >= 100000))
    if len(big_out):
        ba, bt = a[big_out], t[big_out]
        new_run = np.r_[True, (ba[1:] != ba[:-1]) | (bt[1:] - bt[:-1] > 2 * HOUR)]
        run = np.cumsum(new_run) - 1
        so_far = segment_cumsum(amount[big_out], run)
        opening = ev["balance_before"][big_out[np.flatnonzero(new_run)]][run]
        hit = (position_in_run(new_run) >= 1) & (so_far >= 0.4 * opening)
        bits[big_out[hit], 10] = True
    # 频繁收款: the eighth or later transfer in (from outside the bank's customers) within six hours.
    ins = np.flatnonzero((ttype == T_XFER_IN) & (ev["counterparty"] < 0))
    if len(ins):
        key_in = a[ins] * (1 << 40) + t[ins]
        recent = np.arange(len(ins)) - np.searchsorted(key_in, key_in - 6 * HOUR, side="left") + 1
        bits[ins[recent >= 8], 11] = True
    # 信用额度集中使用: one credit-card purchase taking 80% or more of the credit free before it (a 套现's tell, and
    # a big legitimate purchase on a small card's).
    credit_buy = np.flatnonzero(p["credit"][a] & (ttype == T_BUY) & (amount >= LARGE))
    if len(credit_buy):
        free = ev["balance_before"][credit_buy] + p["limit"][a[credit_buy]]
        bits[credit_buy[amount[credit_buy] >= 0.8 * free], 12] = True
    # 单笔转出过半余额: one transfer out of 2,000+ CNY taking half or more of the balance before it.
    half = (ttype == T_XFER_OUT) & (amount >= LARGE) & ~p["credit"][a] & (amount >= 0.5 * ev["balance_before"])
    bits[half, 13] = True
    # 向新收款人大额转账: a bank transfer out of 2,000+ CNY to a payee the account has not paid before in its window
    # (a scam's 安全账户, a takeover's mule; a new landlord or seller too).
    xout = np.flatnonzero((ttype == T_XFER_OUT) & (ch != C_WECHAT))
    if len(xout):
        memo = ev["memo"][xout]
        known = np.isin(memo, [*SAFE_PAYEES, MEMO_GOODS, MEMO_DEPOSIT, MEMO_RENT, MEMO_ALLOWANCE])
        payee = np.where(ev["counterparty"][xout] >= 0, ev["counterparty"][xout],
                         np.where(known, -1 - memo, -100 - xout))          # any other payee is a new one
        _, first = np.unique(a[xout] * (1 << 40) + payee + (1 << 39), return_index=True)
        new = np.zeros(len(xout), bool)
        new[first] = True
        bits[xout[new & (amount[xout] >= LARGE)], 14] = True
    codes = bits.astype(np.int64) @ (1 << np.arange(len(RISK_FLAGS), dtype=np.int64))
    lookup = {int(c): [RISK_FLAGS[k] for k in range(len(RISK_FLAGS)) if c >> k & 1] for c in np.unique(codes)}
    return [list(lookup[c]) for c in codes.tolist()]
