"""Writing the model down: merchant names (grammars/merchant.grammar), employers (grammars/statement.grammar) and
bank statement lines. Names are pure functions of (seed, merchant) and cached per process; statement lines are
formatted per row from the row's channel, type and payee."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from synth.grammar import load_grammar, uniform_source

from . import data
from .events import is_metro
from .model import (F_BURST, F_TRAVEL, T_FEE, MEMO_COMPENSATE, MEMO_PAYOUT, SAFE_PAYEES, MEMO_DEPOSIT, MEMO_GOODS, C_COUNTER, F_STRUCT, C_ALIPAY, C_ATM, C_ONLINE, C_POS, C_UNIONPAY, C_WECHAT, MEMO_ALLOWANCE, MEMO_POWER, MEMO_SPLIT,
                    MEMO_RENT, SLOTS, T_BILL, T_BUY, T_CASH_IN, T_CASH_OUT, T_REFUND, T_REPAY, T_SALARY, T_XFER_IN,
                    T_XFER_OUT, Setup, choose, hash_uniform)

GRAMMARS = Path(__file__).resolve().parent / "grammars"
NAME_DRAWS = 12
_NAMES: dict[tuple, str] = {}
# The large state banks reach the counties; the others (交通银行 and the joint-stock banks) keep branches in the
# urban districts of prefecture-level cities.
COUNTY_BANKS = ["ICBC", "ABC", "CCB", "BOC", "PSBC"]
PREFIX = {C_ALIPAY: "支付宝-", C_WECHAT: "财付通-", C_UNIONPAY: "云闪付-"}


def _draws(setup: Setup, name: str, values: np.ndarray) -> np.ndarray:
    return hash_uniform(setup, name, values[:, None], np.arange(NAME_DRAWS)[None, :])


def merchant_names(setup: Setup, merchant: np.ndarray) -> np.ndarray:
    """Shop names for merchant codes (city, category, slot), from the merchant grammar; cached per process."""
    grammar = load_grammar(GRAMMARS / "merchant.grammar")
    cities = data.cities()
    keys = data.categories()["key"].to_numpy()
    ncat = len(keys)
    districts = data.city_districts()
    full = data.city_districts_full()
    unique, inverse = np.unique(merchant, return_inverse=True)
    todo = [m for m in unique.tolist() if (setup.seed, m) not in _NAMES]
    if todo:
        codes = np.array(todo, dtype=np.int64)
        u = _draws(setup, "merchant.name", codes)
        short = cities["short"].to_numpy()
        abroad = cities["abroad"].to_numpy()
        city_of, rest = np.divmod(codes, ncat * SLOTS)
        metro = is_metro(city_of, codes % SLOTS).tolist()     # once for all: a table lookup per name is slow
        for m, city, cat, big, row in zip(todo, city_of.tolist(), (rest // SLOTS).tolist(), metro, u.tolist()):
            options = districts[city]
            env = {"cat": keys[cat], "branch": options[(m % SLOTS) % len(options)], "city": short[city],
                   "district": full[city][(m % SLOTS) % len(options)],
                   "tier": "big" if big else "small", "abroad": "yes" if abroad[city] else "no"}
            _NAMES[(setup.seed, m)] = grammar.render_text("merchant", env, uniform_source(row))
        if len(_NAMES) > 500_000:
            _NAMES.clear()
    names = np.array([_NAMES.get((setup.seed, m)) or _render_one(setup, m) for m in unique.tolist()], dtype=object)
    return names[inverse]


def _render_one(setup: Setup, m: int) -> str:
    _NAMES.clear()
    return merchant_names(setup, np.array([m]))[0]


def employer_names(setup: Setup, index: np.ndarray, city: np.ndarray) -> np.ndarray:
    grammar = load_grammar(GRAMMARS / "statement.grammar")
    short = data.cities()["short"].to_numpy()
    u = _draws(setup, "employer", index)
    return np.array([grammar.render_text("employer", {"city": short[c]}, uniform_source(row))
                     for c, row in zip(city.tolist(), u.tolist())], dtype=object)


def _tail(values: np.ndarray) -> np.ndarray:
    return np.char.zfill((values % 10000).astype(str), 4)


def descriptions(setup: Setup, p: dict, ev: dict, mname: np.ndarray, cards, bins, debit_bin_rows, cards_of):
    """Statement lines, and for ATM rows the branch that owns the machine (also the merchant name shown)."""
    n = len(ev["account"])
    a, ttype, ch = ev["account"], ev["ttype"], ev["channel"]
    cities = data.cities()
    plats = data.platforms()
    short = cities["short"].to_numpy()
    prov_short = np.array([x.replace("省", "").replace("市", "").replace("壮族自治区", "").replace(
        "回族自治区", "").replace("维吾尔自治区", "").replace("自治区", "") for x in cities["province"]], dtype=object)
    bank_short = bins["bank_short"].to_numpy()[p["bin_row"]][a]
    bank_full = bins["bank"].to_numpy()[p["bin_row"]][a]
    bank_code = bins["bank_code"].to_numpy()[p["bin_row"]][a]
    out = np.full(n, "", dtype=object)
    branch = np.full(n, "", dtype=object)
    # Counterparty tails: an account inside the dataset shows its own card's last four digits.
    cp = ev["counterparty"]
    # A payee outside the dataset: a new one each time, except where one payee takes a pattern's transfers (a
    # scam's 安全账户, a stall's supplier, a deposit's seller): then keyed by the account alone.
    one_payee = np.isin(ev["memo"], [*SAFE_PAYEES, MEMO_GOODS, MEMO_DEPOSIT])
    # Only transfer lines show a tail, so it is hashed and formatted for those rows alone (zfill is slow per string).
    shown = np.flatnonzero((ttype == T_XFER_OUT) | (ttype == T_XFER_IN))
    tails = np.full(n, "", dtype="<U4")
    if len(shown):                               # (zfill refuses an empty array)
        tails[shown] = _tail((hash_uniform(setup, "payee", p["index"][a[shown]],
                                           np.where(one_payee[shown], ev["memo"][shown], ev["t"][shown])) * 1e4
                              ).astype(np.int64))
    # The payer's bank: an account of the dataset's from its card's BIN; an outside payer's drawn by the banks' card
    # shares (keyed like its tail), so that a transfer reads 行内 or 跨行 by the real relation, not by the dataset.
    # Only incoming transfers show it, so outside payers' banks are drawn for those rows alone (a hash per row).
    debit_weights = np.where(bins["kind"].to_numpy() == "debit", bins["weight"].to_numpy(), 0)
    payer_bin = np.zeros(n, np.int64)
    drawn = np.flatnonzero((ttype == T_XFER_IN) & (cp < 0))
    payer_bin[drawn] = choose(hash_uniform(setup, "payee.bank", p["index"][a[drawn]],
                                           np.where(one_payee[drawn], ev["memo"][drawn], ev["t"][drawn])), debit_weights)
    inside = np.flatnonzero(cp >= 0)
    if len(inside):
        payer_bin[inside] = debit_bin_rows(setup, cp[inside])
        numbers = cards_of(setup, cp[inside], payer_bin[inside])
        tails[inside] = [x[-4:] for x in numbers]
    same_bank = bins["bank_code"].to_numpy()[payer_bin] == bank_code      # read on incoming transfers only
    proc = np.where(plats["processor"].to_numpy() == "支付宝", "支付宝-", "财付通-").astype(object)
    pick = hash_uniform(setup, "branch", p["index"][a], ev["t"] // 3600)
    city = ev["city"]
    plat = ev["platform"]
    memo = ev["memo"]

    def text(values) -> np.ndarray:
        return np.asarray(values, dtype=object)

    # Payments and refunds: the processor or card scheme, then the payee.
    buy = (ttype == T_BUY) | (ttype == T_REFUND)
    head = np.full(n, "", dtype=object)
    for code, prefix in PREFIX.items():
        head[ch == code] = prefix
    head[ch == C_POS] = np.where(ttype[ch == C_POS] == T_BUY, "银联消费 ", "银联退货 ")
    head[(ch == C_POS) & cities["abroad"].to_numpy()[city] & (ttype == T_BUY)] = "银联境外消费 "
    head[ch == C_ONLINE] = "网上支付 "
    # A bank card paid online (网上支付, 快捷支付 through the bank) shows the platform, not a wallet's name: 财付通-
    # and 支付宝- lines belong to the wallet channels.
    on_platform = buy & (plat >= 0) & ~np.isin(ch, list(PREFIX))
    head[on_platform] = "网上支付 "
    refund_tail = np.where((ttype == T_REFUND) & (ch != C_POS), "退款", "")
    out[buy] = head[buy] + text(mname[buy]) + text(refund_tail[buy])
    # A stolen card's charges credited back after the dispute, in the bank's words: a cloned card's (伪卡: the
    # card-present patterns) charges on a debit card are 伪卡交易赔付; a credit card's, and card data used online,
    # a 争议交易调账 (the charge-back of a disputed transaction).
    back = memo == MEMO_COMPENSATE
    cloned = np.isin(p["fraud"][a[back]], [F_BURST, F_TRAVEL]) & ~p["credit"][a[back]]
    out[back] = np.where(cloned, "伪卡交易赔付", "争议交易调账").astype(object)
    # Cash: the branch that owns the ATM or counter.
    cash = (ttype == T_CASH_OUT) | (ttype == T_CASH_IN)
    if cash.any():
        rows = np.flatnonzero(cash)
        places = data.branch_places()
        # Mostly the customer's usual branch in that city, sometimes whichever machine is at hand.
        usual = hash_uniform(setup, "branch.usual", p["index"][a[rows]], city[rows])
        u = np.where(pick[rows] < 0.7, usual, pick[rows] / 0.7 % 1)
        # A structurer goes from machine to machine: any branch of the city for each deposit.
        spread = hash_uniform(setup, "branch.spread", p["index"][a[rows]], ev["t"][rows])
        u = np.where(ev["ftype"][rows] == F_STRUCT, spread, u)
        # A cloned card's night withdrawals are at one branch's machines (the gang does not drive between counties
        # in minutes: places are only precise to the city, so the travel check cannot see that).
        u = np.where(ev["ftype"][rows] == F_BURST, hash_uniform(setup, "branch.burst", p["index"][a[rows]]), u)
        # Joint-stock banks (招商银行, 交通银行) keep branches in the urban districts of prefecture-level cities
        # only, not in counties; a city without districts has the bank's 分行 there at most.
        joint = ~np.isin(bank_code[rows], COUNTY_BANKS)
        names = []
        for c, x, j in zip(city[rows].tolist(), u.tolist(), joint.tolist()):
            labels, urban = places[c]
            if j:
                labels = labels[urban] if urban.any() else np.array([""], dtype=object)
            label = labels[int(x * len(labels))]
            names.append(label + "支行" if label else short[c] + "分行")
        branch[rows] = text(bank_full[rows]) + np.array(names, dtype=object)
        at_atm = ch[rows] == C_ATM
        card_cash = np.where(p["credit"][a[rows]], "信用卡预借现金 ", np.where(at_atm, "ATM取款 ", "柜台取现 "))
        verb = np.where(ttype[rows] == T_CASH_OUT, card_cash,
                        np.where(at_atm, "ATM存款 ", "现金存入 "))
        out[rows] = text(verb) + branch[rows]
    salary = np.flatnonzero(ttype == T_SALARY)
    if len(salary):
        out[salary] = "代发工资 " + employer_names(setup, p["index"][a[salary]], p["home"][a[salary]])
    what_for = hash_uniform(setup, "deposit.memo", p["index"][a])            # one purpose per account
    deposit = np.array([" 定金", " 装修款", " 购车款", ""], dtype=object)[(what_for * 4).astype(np.int64)]
    what = np.select([memo == MEMO_RENT, memo == MEMO_ALLOWANCE, memo == MEMO_SPLIT, memo == MEMO_GOODS,
                      memo == MEMO_DEPOSIT], [" 房租", " 生活费", " 拼单AA", " 货款", deposit], "").astype(object)
    xout = ttype == T_XFER_OUT
    out[xout] = text(np.where(ch[xout] == C_COUNTER, "柜台转账 尾号", "手机银行转出 尾号")) + text(tails[xout]) + what[xout]
    xin = ttype == T_XFER_IN
    out[xin] = text(np.where(same_bank[xin], "转账转入 尾号", "跨行转入 尾号")) + text(tails[xin]) + what[xin]
    wechat = ((ttype == T_XFER_OUT) | xin) & (ch == C_WECHAT)
    out[wechat] = "财付通-微信转账" + what[wechat]
    # A wallet balance (零钱/余额: collection-code takings, AA shares) reaches the card only when withdrawn.
    payout = (ttype == T_XFER_IN) & (memo == MEMO_PAYOUT)
    out[payout] = np.where(ch[payout] == C_WECHAT, "财付通-微信零钱提现", "支付宝-余额提现").astype(object)
    bill = np.flatnonzero(ttype == T_BILL)
    if len(bill):
        home = p["home"][a[bill]]
        telecom = ev["cat"][bill] == int(np.flatnonzero(data.categories()["key"].to_numpy() == "telecom")[0])
        bill_head = np.full(len(bill), "支付宝-", dtype=object)
        bill_head[ch[bill] == C_WECHAT] = "财付通-"
        bill_head[ch[bill] == C_UNIONPAY] = "云闪付-"
        carrier = np.array(["中国移动", "中国联通", "中国电信"], dtype=object)[(pick[bill] * 3).astype(np.int64)]
        phone = carrier + text(prov_short[home]) + "分公司 话费充值"
        kind = np.clip(memo[bill] - MEMO_POWER, 0, 2)
        utility = np.where(kind == 0, "国网" + text(prov_short[home]) + "电力 电费",
                           np.where(kind == 1, text(short[home]) + "水务集团 水费", text(short[home]) + "燃气 燃气费"))
        out[bill] = bill_head + np.where(telecom, phone, utility)
    out[ttype == T_FEE] = "预借现金手续费"
    repay = ttype == T_REPAY
    out[repay] = text(bank_short[repay]) + "信用卡还款"
    return out, branch
