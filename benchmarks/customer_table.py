"""A real-world-like customer table for `synth fit` and its benchmark: Chinese identity columns, categoricals,
skewed numerics, dates and dependencies, made by a documented process (not by synth fit's own model).

The process: identities (name, sex, ID number, phone) come from synth's persons domain at as_of 2024-06-30 and
age is computed from the ID's birth date; an e-mail is kept by 60% of customers; the city is drawn from ten
cities with a skewed share (Shanghai and Beijing most), the province follows the city; monthly income is
log-normal and rises with age up to the fifties; the membership level follows income; an order's unit price is
log-normal, the quantity 1-6 (fewer for expensive items), the amount is price × quantity; sign-up dates have a
November peak (Singles' Day) and more weekend sign-ups; the last order is 0-400 days after sign-up (sooner for
higher levels) and not after the extraction day, 2024-06-30; churn (the target) is likelier for low levels and long gaps. A short free-text remark is written
for a third of the customers.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

CITIES = [("上海市", "上海市", 0.2), ("北京市", "北京市", 0.17), ("广州市", "广东省", 0.12), ("深圳市", "广东省", 0.11),
          ("杭州市", "浙江省", 0.1), ("成都市", "四川省", 0.09), ("武汉市", "湖北省", 0.07), ("南京市", "江苏省", 0.06),
          ("苏州市", "江苏省", 0.05), ("西安市", "陕西省", 0.03)]
LEVELS = ["普通", "银卡", "金卡", "钻石"]
REMARKS = ["希望周末送货", "发票抬头写公司", "老客户，优先处理", "收货前请电话联系", "曾投诉物流慢", "偏好顺丰快递",
           "门卫代收即可", "需要开具增值税发票", "地址在园区内，送到东门", "上次商品有破损已补发"]


def customer_table(n: int = 2000, seed: int = 11) -> pd.DataFrame:
    import synth

    rng = np.random.default_rng(seed)
    people = synth.generate("persons", n, seed=seed, as_of="2024-06-30", age="20-70")
    city_index = rng.choice(len(CITIES), size=n, p=[c[2] for c in CITIES])
    age = people["age"].to_numpy(dtype=float)
    income = np.round(np.exp(8.1 + 0.018 * np.minimum(age, 55) + rng.normal(0, 0.45, n)), -1)
    score = np.log(income) + rng.normal(0, 0.35, n)
    level = np.digitize(score, np.quantile(score, [0.55, 0.82, 0.95]))
    price = np.round(np.exp(rng.normal(4.3, 0.9, n)), 2)
    quantity = np.clip(rng.poisson(np.where(price > 150, 1.2, 2.5)) + 1, 1, 6)
    signup = _signup_dates(rng, n)
    gap = np.minimum(rng.exponential(np.array([160, 110, 80, 60])[level]), 400).astype(int)
    last = np.minimum(signup + gap.astype("timedelta64[D]"), np.datetime64("2024-06-30"))  # the extraction day
    churn_logit = -1.0 - 0.6 * level + gap / 120
    churn = rng.random(n) < 1 / (1 + np.exp(-churn_logit))
    email = np.where(rng.random(n) < 0.6, _emails(rng, n), None)
    remark = np.where(rng.random(n) < 0.33, _remarks(rng, n), None)
    return pd.DataFrame({
        "客户编号": [f"C{100000 + i}" for i in range(n)],
        "姓名": people["name"], "性别": people["sex"], "身份证号": people["id_number"], "年龄": people["age"],
        "手机号": people["phone"], "邮箱": email,
        "省份": [CITIES[k][1] for k in city_index], "城市": [CITIES[k][0] for k in city_index],
        "会员等级": np.array(LEVELS, dtype=object)[level], "月收入": income.astype(int),
        "单价": price, "数量": quantity, "订单金额": np.round(price * quantity, 2),
        "注册日期": np.datetime_as_string(signup, unit="D"), "最近下单日期": np.datetime_as_string(last, unit="D"),
        "是否流失": np.where(churn, "是", "否"), "备注": remark,
    })


def _signup_dates(rng, n: int) -> np.ndarray:
    days = np.arange(np.datetime64("2021-01-01"), np.datetime64("2024-06-01"))
    month = (days.astype("datetime64[M]").astype(int) % 12) + 1
    weekday = (days.astype(np.int64) + 3) % 7
    weight = np.where(month == 11, 2.2, 1.0) * np.where(weekday >= 5, 1.6, 1.0) * np.linspace(0.7, 1.3, len(days))
    return rng.choice(days, size=n, p=weight / weight.sum())


def _remarks(rng, n: int) -> np.ndarray:
    first, second = rng.integers(0, len(REMARKS), (2, n))
    when = rng.choice(["", "工作日", "周末", "晚上7点后", "上午"], size=n)
    return np.array([f"{REMARKS[a]}，{w + '联系' if w else REMARKS[b]}" if a != b else REMARKS[a]
                     for a, b, w in zip(first, second, when)], dtype=object)


def _emails(rng, n: int) -> np.ndarray:
    letters = np.array(list("abcdefghijklmnopqrstuvwxyz"))
    names = ["".join(rng.choice(letters, rng.integers(4, 9))) for _ in range(n)]
    hosts = rng.choice(["qq.com", "163.com", "126.com", "gmail.com"], size=n, p=[0.45, 0.3, 0.15, 0.1])
    return np.array([f"{a}{rng.integers(1, 999)}@{h}" for a, h in zip(names, hosts)], dtype=object)


if __name__ == "__main__":
    import sys

    customer_table(int(sys.argv[1]) if len(sys.argv) > 1 else 2000).to_csv(sys.stdout, index=False)
