"""Writing the model down: merchant names (grammars/merchant.grammar), employers (grammars/statement.grammar) and
bank statement lines. Names are pure functions of (seed, merchant) and cached per process; statement lines are
formatted per row from the row's channel, type and payee."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from synth.grammar import load_grammar, uniform_source

from . import data
from .model import (C_ALIPAY, C_ATM, C_COUNTER, C_ONLINE, C_POS, C_TRANSFER, C_UNIONPAY, C_WECHAT, MEMO_ALLOWANCE,
                    MEMO_RENT, SLOTS, T_BILL, T_BUY, T_CASH_IN, T_CASH_OUT, T_REFUND, T_REPAY, T_SALARY, T_XFER_IN,
                    T_XFER_OUT, Setup, hash_uniform)

GRAMMARS = Path(__file__).resolve().parent / "grammars"
NAME_DRAWS = 12
METRO_WEIGHT = 700          # cities of 7 million people or more in cities.tsv are given a metro
_NAMES: dict[tuple, str] = {}
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
    unique, inverse = np.unique(merchant, return_inverse=True)
    todo = [m for m in unique.tolist() if (setup.seed, m) not in _NAMES]
    if todo:
        codes = np.array(todo, dtype=np.int64)
        u = _draws(setup, "merchant.name", codes)
        pick = hash_uniform(setup, "merchant.district", codes)
        for m, row, v in zip(todo, u.tolist(), pick.tolist()):
            city, rest = divmod(m, ncat * SLOTS)
            cat = rest // SLOTS
            options = districts[city]
            env = {"cat": keys[cat], "branch": options[int(v * len(options))],
                   "city": cities["short"].iat[city], "tier": "big" if cities["weight"].iat[city] >= METRO_WEIGHT else "small"}
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
    out = np.full(n, "", dtype=object)
    branch = np.full(n, "", dtype=object)
    districts = data.city_districts()
    # Counterparty tails: an account inside the dataset shows its own card's last four digits.
    cp = ev["counterparty"]
    tails = _tail((hash_uniform(setup, "payee", p["index"][a], ev["t"]) * 1e4).astype(np.int64))
    inside = np.flatnonzero(cp >= 0)
    if len(inside):
        numbers = cards_of(setup, cp[inside], debit_bin_rows(setup, cp[inside]))
        tails[inside] = [x[-4:] for x in numbers]
    proc = np.where(plats["processor"].to_numpy() == "支付宝", "支付宝-", "财付通-")
    need_employer = np.flatnonzero(ttype == T_SALARY)
    employers = employer_names(setup, p["index"][a[need_employer]], p["home"][a[need_employer]]) \
        if len(need_employer) else []
    emp = dict(zip(need_employer.tolist(), employers))
    pick = hash_uniform(setup, "branch", p["index"][a], ev["t"] // 3600)
    for i in range(n):
        t, c = int(ttype[i]), int(ch[i])
        city = int(ev["city"][i])
        plat = int(ev["platform"][i])
        if t in (T_BUY, T_REFUND):
            name = mname[i]
            if plat >= 0:
                head = PREFIX.get(c, proc[plat])
            elif c == C_POS:
                head = "银联消费 " if t == T_BUY else "银联退货 "
            elif c == C_ONLINE:
                head = "网上支付 "
            else:
                head = PREFIX.get(c, "")
            out[i] = head + name + ("退款" if t == T_REFUND and c != C_POS else "")
        elif t in (T_CASH_OUT, T_CASH_IN):
            d = districts[city]
            b = f"{bank_full[i]}{short[city]}{d[int(pick[i] * len(d))]}支行"
            branch[i] = b
            if t == T_CASH_OUT:
                out[i] = f"ATM取款 {b}"
            else:
                out[i] = ("ATM存款 " if c == C_ATM else "现金存入 ") + b
        elif t == T_SALARY:
            out[i] = f"代发工资 {emp[i]}"
        elif t == T_XFER_OUT:
            memo = int(ev["memo"][i])
            what = "房租" if memo == MEMO_RENT else "生活费" if memo == MEMO_ALLOWANCE else ""
            out[i] = f"手机银行转出 尾号{tails[i]}" + (f" {what}" if what else "")
        elif t == T_XFER_IN:
            memo = int(ev["memo"][i])
            out[i] = f"{'转账转入' if cp[i] >= 0 else '跨行转入'} 尾号{tails[i]}" + (" 生活费" if memo == MEMO_ALLOWANCE else "")
        elif t == T_BILL:
            home = int(p["home"][a[i]])
            head = PREFIX.get(c, "支付宝-")
            if ev["cat"][i] >= 0 and data.categories()["key"].iat[int(ev["cat"][i])] == "telecom":
                carrier = ("中国移动", "中国联通", "中国电信")[int(pick[i] * 3)]
                out[i] = f"{head}{carrier}{prov_short[home]}分公司 话费充值"
            else:
                kind = int(pick[i] * 3)
                payee = (f"国网{prov_short[home]}电力 电费", f"{short[home]}水务集团 水费", f"{short[home]}燃气 燃气费")[kind]
                out[i] = head + payee
        elif t == T_REPAY:
            out[i] = f"{bank_short[i]}信用卡还款"
    return out, branch
