"""The transactions domain: rules on many rows, random access and workers, pattern shapes, balances, labels that
leak nothing, refused options, the edge view, the statistics, and the producer hook of the engine."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

import synth
from synth.cli import main
from synth.domains.transactions import DOMAIN
from synth import cards as synth_cards
from synth.cards import luhn_check_digits, luhn_valid_many
from synth.domains.transactions.checks import pattern_shapes
from synth.domains.transactions.edges import edge_frame
from synth.domains.transactions.stats import BENFORD, benford, fraud_shares, hour_profile
from synth.errors import SynthError
from synth.options import Option
from synth.schema import Domain

RULE_OPTIONS = {"order": "account", "as_of": None}


def rule(name):
    return next(r for r in DOMAIN.rules if r.name == name)


def columns_of(frame: pd.DataFrame) -> dict:
    return {c: frame[c].to_numpy() for c in frame.columns}


@pytest.fixture(scope="module")
def big():
    """100,000 transactions with every field and rule (the engine checks each rule on every row while making them)."""
    return synth.generate("transactions", 100_000, seed=11)


@pytest.fixture(scope="module")
def closed():
    """A whole bounded dataset with raised rates, so every fraud and laundering type appears, complete."""
    options = dict(accounts=1500, fraud_rate=0.01, aml_rate=0.01)
    from synth.domains.transactions.model import counter, make_setup
    from synth.domains.transactions.fields import DOMAIN as D
    from synth.engine import DEFAULT_AS_OF
    setup = make_setup(5, D.parse_options(options), DEFAULT_AS_OF)
    total = counter(setup).total()
    return synth.generate("transactions", total, seed=5, **options)


# -- rules ------------------------------------------------------------------------------------------------------
def test_every_rule_holds_on_100k_rows(big):
    assert len(big) == 100_000
    assert big.attrs["report"]["dropped"] == {}
    cols = columns_of(big)
    for r in DOMAIN.rules:
        ok = np.asarray(r.check(cols, RULE_OPTIONS), dtype=bool)
        assert ok.all(), (r.name, big[~ok].head(3).to_dict("records"))


@pytest.mark.slow
def test_every_rule_holds_on_a_million_rows():
    frames = synth.stream("transactions", 1_000_000, seed=3, batch_size=200_000)
    rows = 0
    last = None
    for frame in frames:
        cols = columns_of(frame)
        for r in DOMAIN.rules:
            assert np.asarray(r.check(cols, RULE_OPTIONS), dtype=bool).all(), r.name
        if last is not None and frame["account_id"].iloc[0] == last["account_id"]:   # the chain across batches
            assert frame["balance_before"].iloc[0] == last["balance_after"]
            assert frame["timestamp"].iloc[0] > last["timestamp"]
        last = frame.iloc[-1]
        rows += len(frame)
    assert rows == 1_000_000


def test_rules_say_false_on_broken_records(big):
    sample = big.iloc[:400].reset_index(drop=True)

    def broken(name, column, values):
        frame = sample.copy()
        frame[column] = values
        return np.asarray(rule(name).check(columns_of(frame), RULE_OPTIONS), dtype=bool)

    unmasked = synth.generate("transactions", 50, seed=11, mask=False)
    card = unmasked["card_number"].to_numpy().copy()
    assert rule("card_number_valid").check(columns_of(unmasked), RULE_OPTIONS).all()
    card[0] = card[0][:-1] + str((int(card[0][-1]) + 1) % 10)          # wrong check digit
    card[1] = "4111111111111111"                                          # Luhn-valid, but not a BIN of the table
    frame = unmasked.copy()
    frame["card_number"] = card
    ok = rule("card_number_valid").check(columns_of(frame), RULE_OPTIONS)
    assert not ok[0] and not ok[1] and ok[2:].all()

    after = sample["balance_after"].to_numpy().copy()
    after[5] += 0.01
    assert not broken("balance_arithmetic", "balance_after", after)[5]
    before = sample["balance_before"].to_numpy().copy()
    same = np.flatnonzero(sample["account_id"].to_numpy()[1:] == sample["account_id"].to_numpy()[:-1])[0] + 1
    before[same] += 1
    assert not broken("balance_chain", "balance_before", before)[same]
    debit = np.flatnonzero(sample["card_type"].to_numpy() == "借记卡")[0]
    after = sample["balance_after"].to_numpy().copy()
    after[debit] = -1.0
    assert not broken("balance_within_limits", "balance_after", after)[debit]
    stamps = sample["timestamp"].to_numpy().copy()
    stamps[same] = stamps[same - 1]
    assert not broken("time_increasing", "timestamp", stamps)[same]
    cities = sample["city"].to_numpy().copy()
    cities[3] = "深圳市" if sample["province"].iloc[3] != "广东省" else "杭州市"
    assert not broken("city_is_real", "city", cities)[3]
    distance = sample["distance_from_home_km"].to_numpy().copy()
    distance[4] += 1.0
    assert not broken("distance_from_home", "distance_from_home_km", distance)[4]
    labels = sample["fraud_type"].to_numpy().copy()
    labels[6] = "card_testing"          # labelled, but is_fraud says no
    assert not broken("labels_agree", "fraud_type", labels)[6]


def test_travel_speed_rule_catches_a_jump_and_exempts_the_labelled_pattern():
    frame = pd.DataFrame({
        "account_id": ["A1", "A1", "A1"], "channel": ["POS", "POS", "ATM"],
        "province": ["广东省", "北京市", "北京市"], "city": ["深圳市", "北京市", "北京市"],
        "timestamp": ["2024-12-01T10:00:00", "2024-12-01T11:00:00", "2024-12-01T12:00:00"],
        "fraud_type": ["none", "none", "none"]})
    ok = rule("travel_speed").check(columns_of(frame), RULE_OPTIONS)
    assert list(ok) == [True, False, True]          # ~1,940 km in an hour
    frame["fraud_type"] = ["none", "impossible_travel", "none"]
    assert rule("travel_speed").check(columns_of(frame), RULE_OPTIONS).all()


def test_card_numbers_are_luhn_valid_with_a_table_bin_and_masked_by_default(big):
    unmasked = synth.generate("transactions", 3000, seed=11, mask=False)
    from synth.domains.transactions import data
    bins = set(data.bins()["bin"])
    numbers = unmasked["card_number"].unique()
    assert luhn_valid_many(list(numbers)).all()
    assert all(n[:6] in bins for n in numbers)
    # one BIN table for the whole project: every card's issuer is found by synth.cards, with its card kind
    kinds = {n: synth_cards.issuer(n)["kind"] for n in numbers}
    by_type = unmasked.drop_duplicates("card_number").set_index("card_number")["card_type"]
    assert all((kinds[n] == "credit") == (by_type[n] == "信用卡") for n in numbers)
    assert not luhn_valid_many([numbers[0][:-1] + str((int(numbers[0][-1]) + 1) % 10)])[0]
    assert big["card_number"].str.fullmatch(r"\d{4} \*{4} \*{4} \d{4}").all()
    assert (unmasked["card_number"].str[-4:] == big["card_number"].iloc[:3000].str[-4:]).all()
    assert not big["customer_name"].str.contains(r"\*").eq(False).any()
    # The Luhn digit of the textbook example 7992739871 is 3.
    assert luhn_check_digits(np.array([[7, 9, 9, 2, 7, 3, 9, 8, 7, 1]]))[0] == 3


# -- sequences and balances -------------------------------------------------------------------------------------
def test_balances_chain_over_every_account_and_debit_never_goes_below_zero(big):
    for account, rows in big.groupby("account_id", sort=False):
        before = np.round(rows["balance_before"].to_numpy() * 100).astype(np.int64)
        after = np.round(rows["balance_after"].to_numpy() * 100).astype(np.int64)
        assert (before[1:] == after[:-1]).all(), account
    debit = big[big["card_type"] == "借记卡"]
    assert (debit["balance_after"] >= 0).all()
    credit = big[big["card_type"] == "信用卡"]
    assert len(credit) > 1000
    assert (credit["balance_after"] >= -credit["credit_limit"]).all()


def test_fraud_rows_keep_the_balance_chain(closed):
    fraud = closed[closed["fraud_type"] != "none"]
    assert len(fraud) > 100
    accounts = closed[closed["account_id"].isin(fraud["account_id"])]
    for _, rows in accounts.groupby("account_id", sort=False):
        assert (rows["balance_before"].to_numpy()[1:] == rows["balance_after"].to_numpy()[:-1]).all()


def test_accounts_have_salary_on_one_payday_heavy_and_light_users_and_night_lunch_peaks(big):
    salary = big[big["txn_type"] == "工资入账"]
    days = salary.assign(day=pd.to_datetime(salary["timestamp"]).dt.day).groupby("account_id")["day"].nunique()
    assert (days == 1).mean() > 0.95          # the same day of the month (shorter months clip it)
    per_account = big.groupby("account_id").size()
    assert per_account.quantile(0.9) > 2.5 * per_account.quantile(0.1)
    food = big[big["merchant_category"].isin(["餐饮", "快餐", "外卖"])]
    hours = hour_profile(food)
    assert hours.loc[12] > 2 * hours.loc[15] and hours.loc[18] > 2 * hours.loc[15]
    online = hour_profile(big[big["merchant_category"] == "网络购物"])
    assert online.loc[21] > online.loc[9]


def test_shops_take_cards_only_in_their_opening_hours(big):
    """Legitimate payments in shops (card or QR at the till) fall in the category's opening hours; the night hours
    belong to convenience stores, bars, hotels, taxis and online payments."""
    from synth.domains.transactions import data
    cats = data.categories()
    row_of = {c: i for i, c in enumerate(cats["category"])}
    shop = big[big["merchant_id"].str.startswith("M") & big["txn_type"].isin(["消费", "退款"])
               & (big["fraud_type"] == "none")]
    # two payments of an account in one second move on by a second: allow a payment to end a minute past closing
    t = pd.to_datetime(shop["timestamp"])
    hours, before = t.dt.hour.to_numpy(), (t - pd.Timedelta(minutes=1)).dt.hour.to_numpy()
    cat = shop["merchant_category"].map(row_of).to_numpy()
    assert (data.open_hours()[cat, hours] | data.open_hours()[cat, before]).all()
    night = shop[(hours >= 1) & (hours < 6)]
    assert set(night["merchant_category"]) <= {"便利店", "加油站", "出租车/网约车", "酒店住宿", "酒吧/KTV", "航空票务"}


def test_travel_moves_the_card_for_a_few_days_and_commuters_pay_lunch_in_a_neighbouring_city(big):
    legit = big[(big["channel"] == "POS") & (big["fraud_type"] == "none")]
    commute = legit[(legit["distance_from_home_km"] > 0) & (legit["distance_from_home_km"] <= 150)]
    away = legit[legit["distance_from_home_km"] > 150]
    assert len(away) > 100 and len(commute) > 30
    for account, rows in list(away.groupby("account_id"))[:50]:
        t = pd.to_datetime(rows["timestamp"])
        assert (t.max() - t.min()) <= pd.Timedelta(days=8), account
        assert rows["city"].nunique() == 1
    # payments in a city nearby are mostly a commuter's: weekdays in working hours (the rest: short trips nearby)
    t = pd.to_datetime(commute["timestamp"])
    assert ((t.dt.day_of_week < 5) & t.dt.hour.between(9, 17)).mean() > 0.8
    # visitors shop in the city proper: a shop named after its district is in an urban district (区)
    from synth.domains.transactions import data
    index, short, full = data.city_index(), data.city_districts(), data.city_districts_full()
    named = away[away["merchant_name"].str.contains(r"\(.+店\)")]
    assert len(named) > 20
    for name, province, city in zip(named["merchant_name"], named["province"], named["city"]):
        c = index[(province, city)]
        if not any(d.endswith("区") for d in full[c]):
            continue
        inside = name[name.index("(") + 1:]
        assert any(inside.startswith(s) for s, d in zip(short[c], full[c]) if d.endswith("区")), (name, city)
    # ordinary customers leave home: a good share of accounts pay somewhere else in a month
    share = big[big["fraud_type"] == "none"].groupby("account_id")["distance_from_home_km"].max().gt(0).mean()
    assert share > 0.2


def test_double_eleven_lifts_online_shopping():
    frame = synth.generate("transactions", 60_000, seed=2, as_of="2024-11-30", days=30)
    online = frame[frame["merchant_category"] == "网络购物"]
    per_day = pd.to_datetime(online["timestamp"]).dt.day.value_counts()
    assert per_day.loc[11] > 3 * per_day.drop(11).median()


# -- random access, batches, workers ----------------------------------------------------------------------------
def test_same_seed_same_rows_and_random_access():
    whole = synth.generate("transactions", 12_000, seed=7)
    again = synth.generate("transactions", 12_000, seed=7)
    pd.testing.assert_frame_equal(whole, again)
    part = synth.generate("transactions", 3_000, seed=7, start=5_123)
    pd.testing.assert_frame_equal(part, whole.iloc[5_123:8_123].reset_index(drop=True))
    other = synth.generate("transactions", 2_000, seed=8)
    assert not other["amount"].equals(whole["amount"].iloc[:2000])


def test_batches_and_workers_give_the_same_bytes():
    one = pd.concat(list(synth.stream("transactions", 9_000, seed=9, batch_size=9_216)), ignore_index=True)
    many = pd.concat(list(synth.stream("transactions", 9_000, seed=9, batch_size=1_024)), ignore_index=True)
    two = pd.concat(list(synth.stream("transactions", 9_000, seed=9, batch_size=2_048, workers=2)), ignore_index=True)
    pd.testing.assert_frame_equal(one, many)
    pd.testing.assert_frame_equal(one, two)


def test_order_time_sorts_within_chunks_and_keeps_random_access():
    whole = synth.generate("transactions", 8_000, seed=4, order="time")
    part = synth.generate("transactions", 2_500, seed=4, start=3_000, order="time")
    pd.testing.assert_frame_equal(part, whole.iloc[3_000:5_500].reset_index(drop=True))
    by_account = synth.generate("transactions", 8_000, seed=4)
    chunk = (whole["account_id"].str[1:].astype(int) // 64).to_numpy()
    assert (np.diff(chunk) >= 0).all()
    for c in np.unique(chunk)[1:-1]:     # whole chunks inside the range
        t = whole["timestamp"].to_numpy()[chunk == c]
        assert (t[1:] >= t[:-1]).all()
    assert sorted(whole["pattern_id"]) == sorted(by_account["pattern_id"])


# -- labelled patterns ------------------------------------------------------------------------------------------
def test_every_pattern_has_the_shape_its_type_promises(closed):
    shapes = pattern_shapes(closed)
    for kind, result in shapes.items():
        assert result["patterns"] >= 1, kind
        assert result["incomplete"] == 0, kind
        assert result["ok"] == result["patterns"], (kind, result["bad"])


def test_patterns_at_a_small_n_join_only_accounts_in_the_output():
    """Patterns join accounts of one chunk of 64: at any n, only the last (cut) chunk can hold a fragment, so every
    counterparty of every other labelled row is an account of the output and every other pattern is whole."""
    frame = synth.generate("transactions", 8000, seed=777, aml_rate=0.03)
    accounts = set(frame["account_id"])
    chunk = frame["account_id"].str[1:].astype(int) // 64
    whole = frame[chunk < chunk.max()]
    laundering = whole[whole["is_laundering"]]
    assert laundering["pattern_id"].nunique() >= 3
    peers = set(laundering["counterparty_account"]) - {""}
    assert peers and peers <= accounts
    assert set(whole["counterparty_account"]) - {""} <= accounts          # family pairs and group orders too
    cut = set(frame.loc[chunk == chunk.max(), "pattern_id"])
    complete = frame[~frame["pattern_id"].isin(cut - {""})]
    for kind, result in pattern_shapes(complete).items():
        assert result["incomplete"] == 0 and result["ok"] == result["patterns"], (kind, result)


def test_pattern_shape_check_can_fail(closed):
    labelled = closed[closed["fraud_type"] == "night_burst"]
    pid = labelled["pattern_id"].iloc[0]
    broken = closed.copy()
    rows = broken.index[broken["pattern_id"] == pid]
    broken.loc[rows[0], "timestamp"] = broken.loc[rows[0], "timestamp"][:11] + "14:00:00"
    assert pid in pattern_shapes(broken)["night_burst"]["bad"]


def test_the_seed_example_night_burst_carries_the_three_flags(closed):
    """From its third payment on a night burst carries the seed's three flags; its first two cannot yet be 连续多笔."""
    burst = closed[closed["fraud_type"] == "night_burst"]
    assert burst["pattern_id"].nunique() >= 3
    for _, pattern in burst.groupby("pattern_id"):
        flags = list(pattern["risk_flags"])
        for f in flags[:2]:
            assert {"非常用时间段", "异常地理位置"} <= set(f) and "连续多笔大额交易" not in f
        for f in flags[2:]:
            assert {"非常用时间段", "连续多笔大额交易", "异常地理位置"} <= set(f)
    assert (burst["distance_from_home_km"] >= 1000).all()
    assert (burst["amount"] >= 2000).all()


def test_risk_flags_read_only_the_rows_before_them():
    """A flag is what a bank knows at the row's time: cutting every account's rows just after its pattern's first
    row, or at any moment, leaves the flags of the rows kept unchanged."""
    import datetime as dt
    from synth.domains.transactions import data
    from synth.domains.transactions.events import build, flags, haversine_km
    from synth.domains.transactions.model import make_setup
    setup = make_setup(5, {"accounts": 0, "days": 30, "fraud_rate": 0.03, "aml_rate": 0.03}, dt.date(2025, 1, 1))
    p, ev = build(setup, np.arange(4))
    lat, lon = data.cities()["lat"].to_numpy(), data.cities()["lon"].to_numpy()
    home = p["home"][ev["account"]]
    distance = haversine_km(lat[home], lon[home], lat[ev["city"]], lon[ev["city"]])
    full = flags(setup, p, ev, distance)
    a, t = ev["account"], ev["t"]
    labelled = np.flatnonzero(ev["ftype"] > 0)
    cut = np.full(a.max() + 1, 1 << 62)
    np.minimum.at(cut, a[labelled], t[labelled])          # each pattern's first row is the last row kept
    cuts = [cut[a] + 1] + [np.full(len(t), q) for q in np.quantile(t, [0.3, 0.6]).astype(np.int64)]
    changed = 0
    for limit in cuts:
        keep = np.flatnonzero(t < limit)
        part = flags(setup, p, {k: v[keep] for k, v in ev.items()}, distance[keep])
        changed += sum(part[i] != full[j] for i, j in enumerate(keep.tolist()))
    assert len(labelled) > 50 and changed == 0


def test_labels_cannot_be_read_off_one_feature(big):
    legit = big[big["fraud_type"] == "none"]
    # Benign anomalies: legitimate night payments, far-from-home payments, and large payments all exist.
    assert legit["risk_flags"].map(lambda f: "非常用时间段" in f).sum() > 500
    assert legit["risk_flags"].map(lambda f: "异常地理位置" in f).sum() > 100
    assert (legit["amount"] >= 5000).sum() > 100
    # A holiday spree (large purchases far from home in one evening) and a new phone look like fraud on one feature.
    spree = legit["risk_flags"].map(lambda f: {"连续多笔大额交易", "异常地理位置"} <= set(f))
    assert spree.sum() > 20
    assert legit["risk_flags"].map(lambda f: "新设备操作" in f).sum() > 20


def test_some_holidays_are_abroad(big):
    from synth.domains.transactions import data
    foreign = set(data.cities().loc[data.cities()["abroad"], "province"])
    abroad = big[big["province"].isin(foreign)]
    assert abroad["account_id"].nunique() > 10
    assert (abroad["fraud_type"] == "none").all()
    shops = abroad[abroad["merchant_id"].str.startswith("M") & (abroad["txn_type"] == "消费")]
    assert (shops["distance_from_home_km"] > 500).all()
    assert shops["risk_flags"].map(lambda f: "异常地理位置" in f).all()
    assert shops["description"].str.contains("银联境外消费").any()


def test_legitimate_transfers_between_accounts_include_fan_in(closed):
    """Family allowances and group orders (拼单AA) join accounts of the dataset too: an internal transfer, or several
    arriving at one account on one day, is not a laundering label by itself."""
    edges = edge_frame(closed)
    legit = edges[(edges["label"] == "") & ~edges["target"].str.startswith("EXT:")]
    assert len(legit) > 100
    day = legit["timestamp"].str[:10]
    senders = legit.assign(day=day).groupby(["target", "day"])["source"].nunique()
    assert (senders >= 3).sum() > 5


def test_no_id_or_order_encodes_an_accounts_role(closed):
    accounts = closed.groupby("account_id").agg(labelled=("fraud_type", lambda s: (s != "none").any()))
    index = accounts.index.str[1:].astype(int).to_numpy()
    labelled = accounts["labelled"].to_numpy()
    assert 0.01 < labelled.mean() < 0.5
    # Labelled accounts are spread over the whole index range, not clustered at its start or end.
    assert abs(np.corrcoef(index, labelled)[0, 1]) < 0.1
    assert np.median(index[labelled]) == pytest.approx(np.median(index), rel=0.25)
    # A laundering ring's members are not neighbouring accounts.
    fan = closed[closed["fraud_type"] == "fan_in"]
    for _, rows in fan.groupby("pattern_id"):
        members = np.sort(rows["account_id"].str[1:].astype(int).unique())
        assert (np.diff(members) > 1).any()
    # Inside an account, the pattern's rows sit among its ordinary rows, not at the end.
    ato = closed[closed["fraud_type"].isin(["night_burst", "card_testing", "structuring"])]
    last = closed.groupby("account_id")["timestamp"].max()
    assert (ato.groupby("account_id")["timestamp"].max() < last.reindex(ato["account_id"].unique())).mean() > 0.5
    # Another seed labels other accounts.
    other = synth.generate("transactions", 20_000, seed=6, accounts=1500, fraud_rate=0.01, aml_rate=0.01)
    first = set(closed.loc[closed["fraud_type"] != "none", "account_id"]) & set(other["account_id"])
    second = set(other.loc[other["fraud_type"] != "none", "account_id"])
    assert len(first & second) < 0.5 * max(len(second), 1)


def test_default_rates_follow_published_card_fraud_levels(big):
    share = (big["is_fraud"]).mean()
    assert 0.0005 < share < 0.003
    laundering = big["is_laundering"].mean()
    assert 0.0002 < laundering < 0.003        # ~15 patterns of 4-30 rows in 100k rows: the share varies by half
    more = synth.generate("transactions", 30_000, seed=11, fraud_rate=0.01)
    assert more["is_fraud"].mean() > 3 * share
    with warnings.catch_warnings():
        warnings.simplefilter("error")             # a rate of 0 divides nothing by zero
        none = synth.generate("transactions", 5_000, seed=11, fraud_rate=0, aml_rate=0)
    assert (none["fraud_type"] == "none").all()


# -- options, refusals ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("setting", ["days=3", "days=x", "fraud_rate=0.5", "aml_rate=-1", "order=random",
                                     "accounts=-2", "mask=maybe"])
def test_bad_options_are_refused_in_one_sentence(setting, capsys):
    assert main(["generate", "transactions", "-n", "10", "--set", setting]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("synth: ") and "\n" not in err and "Traceback" not in err


def test_asking_for_more_rows_than_the_accounts_make_is_refused(capsys):
    with pytest.raises(SynthError, match="accounts over 30 days make"):
        synth.generate("transactions", 100_000, seed=1, accounts=10)
    assert main(["generate", "transactions", "-n", "100000", "--set", "accounts=10"]) == 2
    assert "accounts over 30 days make" in capsys.readouterr().err


# -- export -----------------------------------------------------------------------------------------------------
def test_edges_view_lists_each_transfer_once_with_its_label(closed, tmp_path):
    edges = edge_frame(closed)
    outs = closed[closed["txn_type"] == "转账转出"]
    assert len(edges) == len(outs)
    internal = edges[~edges["target"].str.startswith("EXT:")]
    ins = closed[(closed["txn_type"] == "转账转入") & (closed["counterparty_account"] != "")]
    to_wallet = outs["description"].str.endswith("拼单AA").sum()      # lands in the payer's 零钱, not on a card
    assert to_wallet and len(internal) == len(ins) + to_wallet
    assert set(edges["label"]) >= {"", "fan_in", "cycle"}
    path = tmp_path / "edges.csv"
    assert main(["generate", "transactions", "-n", "5000", "--seed", "2", "--format", "edges", "-o", str(path)]) == 0
    read = pd.read_csv(path, keep_default_na=False)
    assert list(read.columns) == ["source", "target", "amount", "timestamp", "label", "pattern_id"]


@pytest.mark.parametrize("suffix", ["jsonl", "csv", "parquet"])
def test_files_round_trip_and_pass_synth_check(suffix, tmp_path, capsys):
    path = tmp_path / f"tx.{suffix}"
    assert main(["generate", "transactions", "-n", "4000", "--seed", "3", "-o", str(path)]) == 0
    assert main(["check", str(path), "--domain", "transactions", "--json", str(tmp_path / "r.json")]) in (0, 1)
    report = json.loads((tmp_path / "r.json").read_text())
    rules = {f["name"]: f for f in report["findings"] if f["section"] == "rules"}
    for r in DOMAIN.rules:
        assert rules[r.name]["passed"] is True, (r.name, rules[r.name]["summary"])
    assert rules["labelled patterns have their type's shape"]["passed"] is True
    # Declared optional fields are counted, not gated; repeated statement lines are natural (no duplicate gate);
    # a declared field that is not optional still is.
    by_field = {(f["name"], tuple(f["fields"])): f for f in report["findings"]}
    assert by_field[("empty by design", ("merchant_id",))]["count"] > 0
    assert ("missing values", ("merchant_id",)) not in by_field
    assert by_field[("exact duplicate texts", ("description",))]["gate"] is None
    assert by_field[("exact duplicate texts", ("description",))]["count"] > 0
    assert not [f for f in report["findings"] if f["section"] == "completeness" and f["passed"] is False]
    names = {f["name"] for f in report["findings"]}
    assert {"Benford first digits of amounts", "hour-of-day profile", "fraud and laundering share per type"} <= names


# -- statistics -------------------------------------------------------------------------------------------------
def test_benford_mad_and_nigrini_verdicts():
    rng = np.random.default_rng(0)
    follows = 10 ** rng.uniform(1, 6, 200_000)            # log-uniform: first digits follow Benford
    result = benford(follows)
    assert result["mad"] < 0.006 and result["verdict"] == "close conformity"
    flat = rng.integers(10, 100, 100_000)                 # two-digit uniform: far from Benford
    assert benford(flat)["verdict"] == "nonconformity"
    assert BENFORD.sum() == pytest.approx(1.0)


def test_fraud_shares_table(closed):
    table = fraud_shares(closed)
    assert set(table.index) == {"card_testing", "account_takeover", "impossible_travel", "night_burst",
                                "structuring", "fan_in", "fan_out", "cycle", "pass_through", "scam_transfer",
                                "card_cashout", "collection_mule"}
    assert table["rows"].sum() == (closed["fraud_type"] != "none").sum()


# -- the engine hook --------------------------------------------------------------------------------------------
def test_a_producer_domain_is_checked_and_a_broken_record_stops_generation():
    toy = Domain("toyseq", "rows per entity", options=[Option("bad", "false", lambda v: str(v) == "true", "")])
    toy.produced_field("k", dtype="int", doc="record index")
    toy.produced_field("double", dtype="int", doc="2k")

    @toy.rows
    def produce(request, start, stop):
        k = np.arange(start, stop)
        return {"k": k, "double": 2 * k + (1 if request.options["bad"] else 0) * (k == start + 3)}

    @toy.rule("double_is_twice", "double = 2k", ("k", "double"))
    def twice(columns, options):
        return columns["double"] == 2 * columns["k"]

    frame = synth.generate(toy, 3000, seed=1, start=10)
    assert frame["k"].tolist() == list(range(10, 3010))
    assert [f["name"] for f in synth.describe(toy)["fields"]] == ["k", "double"]
    with pytest.raises(RuntimeError, match="double_is_twice"):
        synth.generate(toy, 100, seed=1, bad="true")


def test_the_readme_example_is_what_the_generator_makes():
    """README.md shows these rows (the seed's 金融风控数据 example); a change of the model must update the README."""
    rows = synth.generate("transactions", 6, seed=1, start=123971)
    burst = rows.iloc[4]
    assert (burst["timestamp"], burst["amount"], burst["city"], burst["distance_from_home_km"]) == \
        ("2024-12-14T01:30:14", 8888.0, "哈尔滨市", 2790.7)
    assert burst["risk_flags"] == ["非常用时间段", "连续多笔大额交易", "异常地理位置"]
    assert rows["risk_flags"].iloc[1] == ["非常用时间段", "异常地理位置"]
    assert list(rows["amount"].iloc[1:5]) == [8888.0, 3888.0, 8836.0, 8888.0]
    assert list(rows["fraud_type"]) == ["none"] + ["night_burst"] * 4 + ["none"]
    assert rows["merchant_name"].iloc[1:5].nunique() == 1 and rows["timestamp"].iloc[5] == "2024-12-18T08:54:27"
    credit = synth.generate("transactions", 1, seed=1, start=124005).iloc[0]
    assert (credit["amount"], credit["description"]) == (30500.0, "争议交易调账")


def test_night_bursts_run_where_a_card_is_taken_at_night():
    """A cloned card at 01:00 is used at ATMs or a venue open then, never a day shop, at bill-like amounts."""
    rows = synth.generate("transactions", 100000, seed=1)
    burst = rows[rows["fraud_type"] == "night_burst"]
    assert len(burst) > 20 and set(burst["channel"]) == {"POS", "ATM"}
    assert set(burst.loc[burst["channel"] == "POS", "merchant_category"]) == {"酒吧/KTV"}
    # 酒水套餐 prices (2,888, 8,888 …) are what any table pays there: ordinary bills have them too
    from synth.domains.transactions.events import PACKAGES
    packages = set(PACKAGES / 100)
    venue = rows[(rows["merchant_category"] == "酒吧/KTV") & (rows["fraud_type"] == "none")]
    assert burst["amount"].isin(packages).mean() > 0.1 and venue["amount"].isin(packages).mean() > 0.2
    big = venue[venue["amount"] >= 1888]
    assert len(big) >= 5 and big["amount"].isin(packages).any()


def test_a_pos_purchase_at_a_shut_shop_breaks_the_opening_hours_rule():
    from synth.domains.transactions.rules import shop_open
    columns = {"channel": np.array(["POS", "POS", "ATM"], dtype=object),
               "txn_type": np.array(["消费", "消费", "取现"], dtype=object),
               "merchant_category": np.array(["电子产品", "酒吧/KTV", "ATM取现"], dtype=object),
               "timestamp": np.array(["2024-12-11T02:10:03"] * 3)}
    assert shop_open(columns, {}).tolist() == [False, True, True]


# -- what an analyst reads ----------------------------------------------------------------------------------------
def test_prices_follow_each_category_convention(big):
    buys = big[big["txn_type"] == "消费"]
    whole = (np.round(buys["amount"] * 100) % 100 == 0).groupby(buys["merchant_category"]).mean()
    assert whole["餐饮"] > 0.8 and whole["航空票务"] == 1.0 and whole["出租车/网约车"] == 1.0
    assert whole["超市"] < 0.1 and whole["网络购物"] < 0.1
    fares = buys[buys["merchant_category"] == "航空票务"]["amount"]
    assert (np.round(fares) % 10 == 0).all()


def test_branch_names_say_the_city_once_and_joint_stock_banks_stay_in_urban_districts(big):
    cash = big[big["description"].str.contains("支行|分行")]
    assert len(cash) > 100
    branch = cash["merchant_name"].where(cash["merchant_name"] != "", cash["description"].str.split(" ").str[-1])
    from synth.domains.transactions.data import short_city
    doubled = [b for b, c in zip(branch, cash["city"]) if short_city(c) * 2 in b]
    assert not doubled
    joint = cash[~cash["bank"].isin(["中国工商银行", "中国农业银行", "中国建设银行", "中国银行", "中国邮政储蓄银行"])]
    from synth.resources import read_table
    counties = {d for d in read_table("persons", "divisions.tsv")["district"] if not d.endswith("区")}
    assert not [d for d in joint["description"] if d.split(" ")[-1].split("银行")[-1][:-2] in counties]


def test_group_splits_go_by_wechat_and_tested_card_flags_read_their_own_row(closed):
    split = closed[closed["description"].str.endswith("拼单AA")]
    assert len(split) and (split["channel"] == "微信支付").all()
    assert split["description"].str.startswith("财付通-微信转账").all()
    small_flag = closed[closed["risk_flags"].map(lambda f: "小额试探交易" in f)]
    assert len(small_flag) and (small_flag["amount"] < 10).all()
    big_after = closed[closed["risk_flags"].map(lambda f: "试探后大额支付" in f)]
    assert len(big_after) and (big_after["amount"] >= 1000).all()


def test_china_typologies_have_unlabelled_look_alikes(big):
    """电信诈骗, 跑分 and 套现 each have a legitimate twin, so no single feature gives the label away."""
    legit = big[big["fraud_type"] == "none"]
    # savings moved out by day in round sums to one payee (a deposit, building work): flagged like a scam victim's
    moves = legit[legit["description"].str.contains("定金|装修款|购车款")]
    assert len(moves) and moves["risk_flags"].map(lambda f: "短时集中转出" in f).any()
    assert (moves.groupby("account_id")["description"].nunique() == 1).all()      # one purpose, one payee
    # a stall's collection code: takings reach the card only as batched 零钱提现/余额提现, the supplier paid as 货款
    payouts = legit[legit["description"].isin(["财付通-微信零钱提现", "支付宝-余额提现"])]
    assert len(payouts) > 100 and payouts["amount"].median() > 100
    wallet_in = big[(big["txn_type"] == "转账转入") & big["channel"].isin(["微信支付", "支付宝"])]
    assert wallet_in["description"].isin(["财付通-微信零钱提现", "支付宝-余额提现"]).all()
    goods = legit[legit["description"].str.endswith(" 货款")]
    assert len(goods) and goods["timestamp"].str[11:].nunique() > 10 and (goods["amount"] >= 100).all()
    scam = big[big["fraud_type"] == "scam_transfer"]
    assert (scam["channel"] == "银行转账").all() and scam["device_id"].isin(legit["device_id"]).all()  # own phone
    payees = scam.groupby("pattern_id")["description"].agg(lambda d: d.str[-4:].nunique())
    assert payees.max() > 1 and payees.min() == 1


def test_a_credit_card_takes_cash_as_a_capped_advance_with_its_fee(big):
    credit_cash = big[(big["card_type"] == "信用卡") & (big["txn_type"] == "取现")]
    assert len(credit_cash) > 5
    assert credit_cash["description"].str.startswith("信用卡预借现金 ").all()
    assert (credit_cash["amount"] <= 0.3 * credit_cash["credit_limit"] + 100).all()
    fees = big.loc[credit_cash.index + 1]
    assert (fees["txn_type"] == "手续费").all() and (fees["description"] == "预借现金手续费").all()
    assert np.allclose(fees["amount"].to_numpy(), np.maximum(credit_cash["amount"].to_numpy() / 100, 10))
    debit_cash = big[(big["card_type"] == "借记卡") & (big["txn_type"] == "取现") & (big["channel"] == "ATM")]
    assert debit_cash["description"].str.startswith("ATM取款 ").all()


def test_online_platforms_have_no_place_and_only_they_may(big):
    nowhere = big[big["city"] == ""]
    assert len(nowhere) > 1000
    assert nowhere["merchant_id"].str.startswith("P").all()
    assert nowhere["lat"].isna().all() and nowhere["distance_from_home_km"].isna().all()
    assert set(nowhere["merchant_category"]) <= {"网络购物", "数字内容/游戏", "礼品卡/储值卡", "教育培训", "电子产品",
                                                 "酒店住宿", "航空票务"}
    delivered = big[big["merchant_name"].isin(["美团外卖", "滴滴出行"])]
    assert len(delivered) and (delivered["city"] != "").all()        # a meal or a ride happens somewhere
    shop = big[big["merchant_id"].str.startswith("M")].head(50).copy()
    shop["city"], shop["province"], shop["lat"], shop["lon"] = "", "", np.nan, np.nan
    assert not rule("city_is_real").check(columns_of(shop), RULE_OPTIONS).any()


def test_fraud_uses_the_fraudsters_device_labels_only_the_impossible_payment_and_flags_whole_days():
    rows = synth.generate("transactions", 200000, seed=3)
    testing = rows[rows["fraud_type"] == "card_testing"]
    assert len(testing) > 10 and testing["risk_flags"].map(lambda f: "新设备操作" in f).any()
    for account, pattern in testing.groupby("account_id"):
        own = rows[(rows["account_id"] == account) & (rows["fraud_type"] == "none")]
        assert not set(pattern["device_id"]) & set(own["device_id"])
    travel = rows[rows["fraud_type"] == "impossible_travel"]
    assert len(travel) > 3 and (travel["distance_from_home_km"] >= 800).all()     # the home anchor is unlabelled
    cash = rows[rows["txn_type"] == "存现"].copy()
    cash["day"] = cash["timestamp"].str[:10]
    flagged = cash["risk_flags"].map(lambda f: "临界大额现金存入" in f)
    # the rule reads the day so far: the deposit that brings a structuring day to 40,000-49,999 CNY is flagged
    structuring = cash[cash["fraud_type"] == "structuring"]
    last_of_day = structuring.groupby(["account_id", "day"]).tail(1)
    assert len(last_of_day) > 5 and flagged[last_of_day.index].all()
    so_far = structuring.groupby(["account_id", "day"])["amount"].cumsum()
    assert not flagged[structuring.index[so_far < 30000]].any()            # not before the day could tell


def test_an_account_carries_one_kind_of_pattern_fraud_or_laundering(closed):
    labelled = closed[closed["fraud_type"] != "none"]
    kinds = labelled.groupby("account_id").agg(fraud=("is_fraud", "any"), aml=("is_laundering", "any"))
    assert kinds["fraud"].sum() > 20 and kinds["aml"].sum() > 20
    assert not (kinds["fraud"] & kinds["aml"]).any()


def test_noodle_and_dumpling_shops_are_quick_service_at_quick_service_prices(big):
    quick = big[big["merchant_name"].str.contains("面馆|牛肉面|米粉|饺子|馄饨", na=False)
                & (big["txn_type"] == "消费")]
    assert len(quick) > 50 and (quick["merchant_category"] == "快餐").all()
    assert quick["amount"].median() < 40


def test_a_stolen_card_is_frozen_then_its_charges_are_credited_back(closed):
    """After a card-testing, cloned-card or impossible-travel pattern the card is frozen until a new one arrives
    (no card payment from a day to three days after), and the bank credits the labelled charges back later to every
    victim who disputes them (all but a documented tenth, whatever they lost), in the bank's words."""
    from synth.domains.transactions.model import NO_DISPUTE_SHARE
    end = pd.Timestamp("2025-01-01")
    kinds = ("card_testing", "impossible_travel", "night_burst")
    card_use = closed["txn_type"].isin(["消费", "取现", "缴费"]) & (closed["channel"] != "银行转账")
    checked = 0
    credited = []
    for pid, pattern in closed[closed["fraud_type"].isin(kinds)].groupby("pattern_id"):
        mine = closed[closed["account_id"] == pattern["account_id"].iloc[0]]
        t = pd.to_datetime(mine["timestamp"])
        last = pd.to_datetime(pattern["timestamp"]).max()
        back = mine[mine["description"].isin(["争议交易调账", "伪卡交易赔付"])]
        assert len(back) <= 1
        credited.append(len(back) == 1)
        if len(back):
            cloned = pattern["fraud_type"].iloc[0] != "card_testing" and mine["card_type"].iloc[0] == "借记卡"
            assert back["description"].iloc[0] == ("伪卡交易赔付" if cloned else "争议交易调账"), pid
        if last + pd.Timedelta(days=5) < end:
            frozen = (t > last + pd.Timedelta(days=1)) & (t < last.normalize() + pd.Timedelta(days=3))
            assert not (frozen & card_use[mine.index] & (mine["fraud_type"] == "none")).any(), pid
            checked += 1
        if not len(back):
            continue
        assert pd.to_datetime(back["timestamp"]).iloc[0] > last, pid
        charged = pattern.loc[pattern["txn_type"] == "消费", "amount"].sum() + \
            pattern.loc[pattern["txn_type"] == "取现", "amount"].sum()
        assert back["amount"].iloc[0] == pytest.approx(charged), pid
        assert (back["fraud_type"] == "none").all()
    assert checked >= 5
    assert 0.8 - NO_DISPUTE_SHARE < np.mean(credited) < 1.0 and len(credited) >= 30, (np.mean(credited), len(credited))


def test_refunds_and_sprees_are_not_on_a_timer(big):
    """A refund follows its purchase after a delay on a continuous scale (not whole days, not a fixed ten minutes);
    a holiday spree's purchases are not evenly spaced."""
    rows = big.reset_index(drop=True)
    refunds = rows[rows["txn_type"] == "退款"]
    delays = []
    for i, r in refunds.iterrows():
        before = rows.iloc[:i]
        bought = before[(before["account_id"] == r["account_id"]) & (before["merchant_id"] == r["merchant_id"])
                        & (before["amount"] == r["amount"]) & (before["txn_type"] == "消费")]
        if len(bought):
            delays.append((pd.Timestamp(r["timestamp"]) - pd.Timestamp(bought["timestamp"].iloc[-1])).total_seconds())
        if len(delays) >= 300:
            break
    delays = np.array(delays)
    assert len(delays) >= 100
    assert np.mean((delays % 86400 == 0) | (delays == 600)) < 0.05
    assert (delays < 3 * 3600).any() and (delays > 3 * 86400).any()
    spree = rows[(rows["amount"] >= 2000) & rows["merchant_category"].isin(["珠宝首饰", "电子产品", "百货商场", "化妆品"])
                 & (rows["distance_from_home_km"] > 0) & (rows["fraud_type"] == "none")]
    gaps = spree.groupby(["account_id", spree["timestamp"].str[:10]])["timestamp"].apply(
        lambda s: np.diff(pd.to_datetime(s).to_numpy().astype("datetime64[s]").astype(np.int64)))
    triples = [g for g in gaps if len(g) >= 2]
    assert triples and sum(g[0] == g[1] for g in triples) <= len(triples) // 5


def test_every_labelled_pattern_fires_a_flag(closed):
    """No pattern passes unflagged (套现 fires 信用额度集中使用, a scam 短时集中转出 or 单笔转出过半余额)."""
    labelled = closed[closed["pattern_id"] != ""]
    fired = labelled.groupby("pattern_id")["risk_flags"].apply(lambda s: sum(len(f) > 0 for f in s))
    kinds = labelled.groupby("pattern_id")["fraud_type"].first()
    assert set(kinds) >= {"card_cashout", "scam_transfer", "pass_through", "collection_mule"}
    assert (fired > 0).all(), kinds[fired == 0].value_counts().to_dict()


def test_a_night_bursts_cash_comes_from_one_branch_and_machine_deposits_are_not_on_a_timer(closed):
    atm = closed[(closed["fraud_type"] == "night_burst") & (closed["channel"] == "ATM")]
    assert atm["pattern_id"].nunique() >= 2 and (atm.groupby("pattern_id")["merchant_name"].nunique() == 1).all()
    machine = closed[(closed["fraud_type"] == "structuring") & (closed["channel"] == "ATM")].copy()
    machine["day"] = machine["timestamp"].str[:10]
    gaps = machine.groupby(["pattern_id", "day"])["timestamp"].apply(
        lambda s: np.diff(pd.to_datetime(s).to_numpy().astype("datetime64[s]").astype(np.int64)))
    walks = [g for g in gaps if len(g) == 2]
    assert walks and sum(g[0] == g[1] for g in walks) == 0


def test_money_leaving_soon_after_it_came_is_flagged_on_every_side_of_a_pattern(closed):
    """快进快出 by one causal rule: a fan-out's mules drawing the cash the next day are flagged like the hub, and so
    are the legs out of fan-ins, cycles and pass-throughs; ordinary accounts that move a transfer on at once too."""
    flagged = closed["risk_flags"].apply(lambda f: "快进快出" in f)
    mules = closed[(closed["fraud_type"] == "fan_out") & (closed["txn_type"] == "取现")]
    assert len(mules) >= 5 and flagged[mules.index].all()
    for kind in ("fan_in", "cycle", "pass_through"):
        legs = closed[(closed["fraud_type"] == kind) & (closed["txn_type"] == "转账转出")]
        # every pattern has a leg out that is flagged (a fan-in's sources send money they did not just receive)
        assert legs.groupby("pattern_id").apply(lambda g: flagged[g.index].any()).all(), kind


def test_quick_in_and_out_reads_amounts_and_times_only():
    """The 快进快出 rule on a hand-made account: 10,000 in, then 9,000 of it drawn in cash 40 hours later fires;
    the same 50 hours later, or only 5,000 of it, does not; a small transfer in does not dilute the large one."""
    from synth.domains.transactions.events import quick_flags
    from synth.domains.transactions.model import T_CASH_OUT, T_XFER_IN, T_XFER_OUT

    def fired(rows):
        t = np.array([r[0] for r in rows], np.int64) * 3600
        amount = np.array([r[1] for r in rows], np.int64) * 100
        ttype = np.array([r[2] for r in rows], np.int64)
        out = np.zeros(len(rows), bool)
        quick_flags(np.zeros(len(rows), np.int64), t, amount, ttype, out)
        return out.tolist()

    assert fired([(0, 10000, T_XFER_IN), (30, 800, T_XFER_IN), (40, 9000, T_CASH_OUT)]) == [False, False, True]
    assert fired([(0, 10000, T_XFER_IN), (50, 9000, T_CASH_OUT)]) == [False, False]
    assert fired([(0, 10000, T_XFER_IN), (40, 5000, T_XFER_OUT)]) == [False, False]
    assert fired([(0, 10000, T_XFER_IN), (2, 5000, T_XFER_OUT), (3, 5000, T_XFER_OUT)]) == [False, False, True]


def test_a_transfer_in_reads_by_the_banks_of_both_sides(closed):
    """转账转入 when payer and payee are at one bank, 跨行转入 across banks, for accounts of the dataset (by their
    cards' BINs) and outside payers alike; the statement never tells whether the payer is in the dataset."""
    xin = closed[(closed["txn_type"] == "转账转入") & (closed["channel"] == "银行转账")]
    bank_of = closed.groupby("account_id")["bank"].first()
    inside = xin[xin["counterparty_account"] != ""]
    same = inside["counterparty_account"].map(bank_of) == inside["bank"]
    assert same.any() and (~same).any()
    assert (inside["description"].str.startswith("转账转入 尾号") == same).all()
    assert (inside["description"].str.startswith("跨行转入 尾号") == ~same).all()
    outside = xin[xin["counterparty_account"] == ""]["description"]
    local = outside.str.startswith("转账转入 尾号").mean()
    assert 0.03 < local < 0.5 and (outside.str.startswith("跨行转入 尾号").mean() + local) == pytest.approx(1.0)


def test_games_memberships_and_stalls_charge_their_price_points(big, closed):
    """Game top-ups at their tiers (6/30/68/…/648 and multiples of 648), memberships at their terms, snack stalls in
    whole yuan or half a yuan (platforms.tsv `prices`, categories.tsv `fine`); a card tester's tiny amounts go to
    online shops, where any price is possible, so an odd sum at a game is no label."""
    from synth.domains.transactions import data
    table = data.platforms()
    buys = big[big["txn_type"] == "消费"]
    both = pd.concat([buys, closed[closed["txn_type"] == "消费"]])
    assert (closed["fraud_type"] == "card_testing").sum() > 20
    for name, listed in zip(table["platform"], table["prices"]):
        if isinstance(listed, str) and listed:
            assert (buys["merchant_name"] == name).sum() > 5, name
            paid = both.loc[both["merchant_name"] == name, "amount"]
            assert paid.isin([float(x) for x in listed.split(",")]).all(), name
    stalls = buys.loc[buys["merchant_category"] == "快餐", "amount"]
    halves = np.round(stalls * 100) % 50 == 0
    assert len(stalls) > 1000 and halves.all()
    assert 0.8 < (np.round(stalls * 100) % 100 == 0).mean() < 0.99


def test_every_trip_leaves_its_hotel_bill_at_the_destination():
    """A trip is settled at a hotel of its destination on its last morning, so a transfer made there from a phone
    sits next to a payment of the place (the analyst's row of a 生活费 sent from 贵港 with nothing near it)."""
    from synth.domains.transactions import events, model
    from synth.domains.transactions.fields import DOMAIN as D
    from synth.engine import DEFAULT_AS_OF
    setup = model.make_setup(7, D.parse_options({}), DEFAULT_AS_OF)
    p, ev = events.build(setup, np.arange(4))
    hotel = events._cat_index("hotel")
    trips = np.flatnonzero(p["trip"] & p["exists"])
    assert len(trips) > 20
    for a in trips.tolist():
        mine = (ev["account"] == a) & (ev["cat"] == hotel) & (ev["city"] == p["dest"][a])
        last_morning = (ev["t"] < p["trip_end"][a]) & (ev["t"] >= p["trip_end"][a] - 4 * 3600 - 1)
        assert (mine & (last_morning | (ev["t"] == setup.end - 1))).sum() >= 1, a


def test_shop_branches_stand_on_many_streets(big):
    """A branch's street is one of the many names Chinese cities share (and the city's own 大道), not one of six."""
    labels = big["merchant_name"].str.extract(r"\(([^()]+)店\)")[0].dropna()
    streets = labels[labels.str.contains("路$|街$|大道$")]
    words = streets.str.extract(r"(人民|中山|解放|建设|新华|和平|胜利|光明|文化|青年|朝阳|长江|黄河|东风|团结|红旗|幸福|健康|迎宾|"
                                r"滨江|滨河|府前|北京|延安|公园|站前|学府|体育|劳动|友谊|民主|振兴|兴华|育才|工业|花园|新民|东方|金融|环城)"
                                r"[东西南北中]?(?:路|街|大街|大道)$")[0]
    assert len(streets) > 500 and words.nunique() >= 30
    assert words.value_counts(normalize=True).max() < 0.1
    assert streets.str.endswith("大道").mean() > 0.05


def test_grocers_names_do_not_recur_across_dozens_of_cities_like_a_chain(big):
    """Most grocers carry their own two-character lucky name, so no invented name is in a quarter of the cities
    (邻里便利店 was in 78 of 339 on this sample)."""
    shops = big[big["merchant_category"].isin(["超市", "便利店"]) & big["merchant_id"].str.startswith("M")]
    bare = shops["merchant_name"].str.replace(r"\(.*\)", "", regex=True)
    per_name = shops.groupby(bare)["city"].nunique()
    assert per_name.size >= 150, per_name.size
    assert per_name.max() <= 0.12 * shops["city"].nunique(), (per_name.idxmax(), per_name.max())


def test_a_traveller_far_from_home_does_not_fill_up_a_car(big):
    """A trip of 300+ km is by train or plane: no fuel purchases there (rides instead); near home and on short trips
    people still fill up."""
    fuel = big[(big["merchant_category"] == "加油站") & (big["fraud_type"] == "none")]
    assert len(fuel) > 500 and (fuel["distance_from_home_km"] < 300).all()
    assert (fuel["distance_from_home_km"] > 0).any()


def test_no_shop_or_branch_stands_where_the_mainlands_banks_do_not_reach():
    """金门县 is in the division table under 泉州 but administered from Taiwan: no shop district, no 支行 there."""
    from synth.domains.transactions import data
    quanzhou = int(np.flatnonzero(data.cities()["city"].to_numpy() == "泉州市")[0])
    assert "金门" not in set(data.city_districts()[quanzhou]) and len(data.city_districts()[quanzhou]) >= 10
    assert not any("金门" in label for label in data.branch_places()[quanzhou][0])


def test_meals_of_a_day_are_not_three_eateries_in_one_hour(big):
    """A customer eats lunch once: on most days with two or more meals bought, the meals are hours apart."""
    food = big[big["merchant_category"].isin(["餐饮", "快餐", "外卖"]) & (big["txn_type"] == "消费")].copy()
    t = pd.to_datetime(food["timestamp"])
    food["day"], food["h"] = t.dt.date, t.dt.hour + t.dt.minute / 60
    gaps = food.groupby(["account_id", "day"])["h"].apply(lambda h: np.diff(np.sort(h.to_numpy())))
    gaps = np.concatenate([g for g in gaps if len(g)])
    assert len(gaps) > 1000 and np.mean(gaps < 1) < 0.12, np.mean(gaps < 1)     # 0.22 before meals were spread


def test_district_short_names_keep_a_forest_in_their_name():
    """Only 神农架林区 is a forestry district (林区); 碑林区 is 碑林 + 区 (招商银行西安碑林支行, not 西安碑支行)."""
    from synth.domains.transactions.data import short_district
    assert [short_district(x) for x in ("碑林区", "万柏林区", "北林区", "神农架林区", "南山区")] == \
        ["碑林", "万柏林", "北林", "神农架", "南山"]
