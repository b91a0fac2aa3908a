"""Person records a registration clerk cannot tell from real ones (s16 reading): the ID's order code spreads over
000-999, its region code is the one the birth county bore when the number was first issued, and the 2000s
fashion names are rare before their time."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import synth
from synth import division_history, validators
from synth.resources import read_table


@pytest.fixture(scope="module")
def people():
    return synth.generate("persons", 4000, seed=73130)


def test_order_codes_spread_over_all_hundreds(people):
    # drawn from 0-99 every order code began with 0; real ones run 000-999
    hundreds = people.id_number.str[14].value_counts(normalize=True)
    assert len(hundreds) == 10 and hundreds.min() > 0.07, hundreds.to_dict()
    sex_digit = people.id_number.str[16].astype(int) % 2
    assert ((sex_digit == 1) == (people.sex == "男")).all()


def _verdict(frame):
    return validators.resident_id(frame.id_number, birth_date=frame.birth_date, sex=frame.sex,
                                  birth_province=frame.birth_province, birth_city=frame.birth_city,
                                  birth_district=frame.birth_district)


def test_no_region_code_newer_than_the_number(people):
    verdict = _verdict(people)
    assert verdict.ok.all(), verdict.reason[~verdict.ok][:5]
    # read from the lexicon itself: where it knows the county bore another code in the year the number was issued,
    # the number carries that one, not the current code
    history = read_table("persons", "division_history.tsv").astype({c: int for c in ("code", "former_code", "from", "until")})
    table = validators.division_table()
    chain = dict(zip(zip(table.province, table.city, table.district), table.code))
    birth_code = np.array([chain[p] for p in zip(people.birth_province, people.birth_city, people.birth_district)])
    carried = people.id_number.str[:6].astype(int).to_numpy()
    issued = division_history.issue_years(people.birth_date.str[:4].astype(int).to_numpy())
    own = carried == birth_code
    frame = pd.DataFrame({"code": birth_code[own], "issued": issued[own], "row": np.flatnonzero(own)})
    spans = frame.merge(history, on="code")
    spans = spans[(spans["from"] <= spans.issued) & (spans.issued < spans.until)]
    # (a code may be its own predecessor: 340302 was 东市区 before it was 龙子湖区)
    listed = spans.groupby("row").former_code.agg(lambda codes: set(codes))
    wrong = [row for row, codes in listed.items() if carried[row] not in codes]
    assert not wrong, people.iloc[wrong[:5]][["id_number", "birth_district"]]
    # and those born in counties recoded since carry the former code (临安区 330112 was 临安市 330185 until 2017)
    assert 0.2 < (~own).mean() < 0.6


@pytest.mark.parametrize("number, born, place, reason", [
    # the clerk's cases: a code created after the person was born (and after they were 16)
    ("330112", "19930512", ("浙江省", "杭州市", "临安区"), "division code newer than the number"),
    ("421321", "19880101", ("湖北省", "随州市", "随县"), "division code newer than the number"),
    ("653228", "19670301", ("新疆维吾尔自治区", "和田地区", "和康县"), "division code newer than the number"),
    # a former code after it was given up: 临安市 330185 for someone born in 2020
    ("330185", "20200101", ("浙江省", "杭州市", "临安区"), "division code not in use when it was issued"),
])
def test_validator_tells_codes_out_of_their_time(number, born, place, reason):
    first17 = number + born + "123"
    from synth import idcard
    id_number = first17 + idcard.check_character(first17)
    verdict = validators.resident_id([id_number], birth_date=[f"{born[:4]}-{born[4:6]}-{born[6:]}"], sex=["男"],
                                     birth_province=[place[0]], birth_city=[place[1]], birth_district=[place[2]])
    assert not verdict.ok[0] and verdict.reason[0] == reason


@pytest.mark.parametrize("number, born, place", [
    ("330185", "19930512", ("浙江省", "杭州市", "临安区")),     # 临安市, 1996-2017
    ("330124", "19500101", ("浙江省", "杭州市", "临安区")),     # 临安县 before 1996
    ("652122", "19860101", ("新疆维吾尔自治区", "吐鲁番市", "鄯善县")),   # 吐鲁番地区 before 2015
    ("330112", "20180101", ("浙江省", "杭州市", "临安区")),     # born after the change: the current code
])
def test_validator_accepts_the_code_of_the_time(number, born, place):
    from synth import idcard
    first17 = number + born + "124"
    id_number = first17 + idcard.check_character(first17)
    verdict = validators.resident_id([id_number], birth_date=[f"{born[:4]}-{born[4:6]}-{born[6:]}"], sex=["女"],
                                     birth_province=[place[0]], birth_city=[place[1]], birth_district=[place[2]])
    assert verdict.ok[0], verdict.reason[0]


def test_names_of_the_2000s_fashion_are_rare_before_it():
    # 梓涵, 子轩, 雨萱 … came into fashion about 2005: 4.1 % of 1990s births carried one (a reader met 何梓涵, 1993)
    people = synth.generate("persons", 12_000, seed=5, age=(25, 34))
    born = people.birth_date.str[:4].astype(int)
    nineties = people[(born >= 1990) & (born <= 1999)]
    assert len(nineties) > 8000
    share = nineties.name.str[1:].str.contains("[梓涵轩萱]").mean()
    assert 0.002 < share < 0.02, share
