"""Field validators: each accepts what is valid, rejects what is not, and says why; missing values are skipped."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.dtypes import StringDType

import synth
from synth import idcard, validators
from synth.resources import read_table

AS_OF = "2025-01-01"


def valid_id(code: int = 110105, birth: str = "19491231", sequence: int = 2) -> str:
    y, m, d = int(birth[:4]), int(birth[4:6]), int(birth[6:])
    return str(idcard.build(np.array([code]), np.array([y]), np.array([m]), np.array([d]), np.array([sequence]))[0])


def reasons(v: validators.Validation) -> list:
    return v.reason.tolist()


# -- resident ID ------------------------------------------------------------------------------------------------
def test_resident_id_accepts_real_numbers_and_names_each_defect():
    good = valid_id()  # 11010519491231002X: a woman born 1949-12-31 in 北京市朝阳区
    assert good == "11010519491231002X"
    wrong_check = good[:-1] + "1"
    lower_x = good[:-1] + "x"
    unknown_division = "990105" + good[6:]
    impossible_date = good[:10] + "0231" + good[14:]
    values = [good, wrong_check, lower_x, unknown_division, impossible_date, good[:17], "1101051949123100AB", None, ""]
    v = validators.resident_id(values)
    assert reasons(v) == [None, "wrong check character", "lower-case x check character", "unknown division code",
                          "impossible birth date", "wrong length", "not digits", None, None]
    assert v.checked.tolist() == [True] * 7 + [False, False]
    assert v.failed == 6 and v.rows.tolist() == [1, 2, 3, 4, 5, 6]
    assert v.reasons()["wrong check character"] == 1


def test_resident_id_window_relative_to_as_of():
    future = valid_id(birth="20300101")
    ancient = valid_id(birth="18500101")
    v = validators.resident_id([valid_id(), future, ancient], as_of=AS_OF)
    assert reasons(v) == [None, "birth date after as_of", "birth date more than 150 years before as_of"]
    assert validators.resident_id([future]).ok.all()  # no as_of: no window


def test_resident_id_agreement_with_birth_date_sex_and_birth_place():
    number = valid_id(110105, "19900101", 3)  # odd sequence: 男
    ids = [number] * 6
    v = validators.resident_id(
        ids, birth_date=["1990-01-01", "1990-01-02", "1990-01-01", "1990-01-01", "1990-01-01", None],
        sex=["男", "男", "女", "男", "男", "男"],
        birth_province=["北京市", "北京市", "北京市", "上海市", "北京市", "北京市"],
        birth_city=["北京市"] * 6,
        birth_district=["朝阳区", "朝阳区", "朝阳区", "朝阳区", "海淀区", "朝阳区"])
    assert reasons(v) == [None, "disagrees with birth_date", "sex digit disagrees with sex",
                          "division disagrees with birth_province", "division disagrees with birth_district", None]


def test_masked_ids_are_checked_as_far_as_they_can_be():
    v = validators.resident_id(["110105********002X", "990105********002X", "110105********0031"], sex=["女", "女", "女"])
    assert reasons(v) == [None, "unknown division code", "sex digit disagrees with sex"]
    assert reasons(validators.resident_id(["110105********002X"], allow_masked=False)) == ["not digits"]


def test_resident_id_agrees_with_every_generated_person():
    people = synth.generate("persons", 3000, seed=2)
    v = validators.resident_id(people.id_number, birth_date=people.birth_date, sex=people.sex,
                               birth_province=people.birth_province, birth_city=people.birth_city,
                               birth_district=people.birth_district, as_of=synth.DEFAULT_AS_OF)
    assert v.ok.all() and v.checked.all()


def test_every_division_code_of_the_table_is_accepted():
    codes = read_table("persons", "divisions.tsv")["code"].astype(int).to_numpy()
    n = len(codes)
    ids = idcard.build(codes, np.full(n, 1980), np.full(n, 6), np.full(n, 15), np.arange(n) % 1000)
    assert validators.resident_id(ids).ok.all()


def test_numpy_string_columns_and_numbers_are_read_as_text():
    good = valid_id(birth="19880808", sequence=5)
    assert validators.resident_id(np.array([good], dtype=StringDType())).ok.all()
    assert validators.resident_id(pd.Series([good, None])).ok.all()
    numeric = next(n for n in (valid_id(sequence=s) for s in range(1, 30)) if n[-1] != "X")
    assert validators.resident_id([int(numeric)]).ok.all()  # an ID stored as a JSON number


# -- phones, cards -----------------------------------------------------------------------------------------------
def test_mobile_phone():
    prefixes = read_table("persons", "mobile_prefixes.tsv")["prefix"].tolist()
    assert "138" in prefixes and "120" not in prefixes
    v = validators.mobile_phone(["13812345678", "+86 138-1234-5678", "138****5678", "12012345678", "1381234567",
                                 "1381234567a", None, 13812345678])
    assert reasons(v) == [None, None, None, "unknown mobile prefix", "not 11 digits", "not digits", None, None]
    assert reasons(validators.mobile_phone(["138****5678"], allow_masked=False)) == ["not digits"]


def luhn_complete(body: str) -> str:
    for d in "0123456789":
        if validators._luhn_ok(np.array([[int(c) for c in (body + d).rjust(19, "0")]])).all():
            return body + d
    raise AssertionError


def test_bank_card_luhn_length_and_issuer_range():
    unionpay = luhn_complete("621700123456789012")   # 19 digits
    visa = "4111111111111111"
    master = "5500000000000004"
    broken = unionpay[:-1] + str((int(unionpay[-1]) + 1) % 10)
    amex = "378282246310005"                          # 15 digits: not a length issued in China
    master19 = luhn_complete("550000000000000000")    # Mastercard issues 16 digits only
    v = validators.bank_card([unionpay, visa, master, broken, amex, master19, "6217 0012 3456 7890", "62170012345678901a",
                              None])
    assert reasons(v)[:6] == [None, None, None, "wrong Luhn check digit", "length not 16-19",
                              "length does not fit the issuer range (BIN)"]
    assert reasons(v)[7:] == ["not digits", None]


# -- dates --------------------------------------------------------------------------------------------------------
def test_iso_dates_in_the_window():
    v = validators.iso_date(["2024-02-29", "2023-02-29", "2025-01-02", "1870-01-01", "2024/01/01", "2024-1-01", None,
                             "2025-01-01"], as_of=AS_OF)
    assert reasons(v) == [None, "no such calendar date", "after as_of (a future date)", "more than 150 years before as_of",
                          "not an ISO date (YYYY-MM-DD)", "not an ISO date (YYYY-MM-DD)", None, None]
    assert validators.iso_date(["2030-01-01"], as_of=AS_OF, allow_future=True).ok.all()
    assert validators.iso_date(["1900-01-01"], as_of=AS_OF, max_years_back=100).failed == 1


def test_iso_datetimes():
    v = validators.iso_datetime(["2024-02-29T10:00:00", "2024-02-29 10:00", "2024-02-29T25:00:00",
                                 "2025-01-01T23:59:59+08:00", "2025-01-02T01:00:00+08:00", "2025-01-02T01:00:00Z",
                                 "2024-01-01", "yesterday"], as_of=AS_OF)
    assert reasons(v) == [None, None, "no such date or time", None, None, "after as_of (a future date)",
                          "not an ISO date-time", "not an ISO date-time"]
    assert validators.iso_datetime(["2024-01-01"], allow_date=True).ok.all()


def test_parse_dates():
    days = validators.parse_dates(["2024-02-29", "2024-02-29T10:00", "2024-02-30", "-024-02-01", None, "x"])
    assert days[:2].tolist() == [np.datetime64("2024-02-29")] * 2
    assert np.isnat(days[2:]).all()


# -- enumerations, ranges, lengths, divisions -------------------------------------------------------------------------
def test_enumeration_range_and_length():
    assert reasons(validators.enumeration(["男", "女", "X", None, " 男 "], ["男", "女"])) == [
        None, None, "not an allowed value", None, None]
    assert reasons(validators.number_range([1, "2", "x", 3.5, None, 100, -1], 0, 50, integer=True)) == [
        None, None, "not a number", "not a whole number", None, "above 50", "below 0"]
    assert reasons(validators.number_range(np.array([1.5, np.nan, 7.0]), high=5)) == [None, None, "above 5"]
    assert reasons(validators.text_length(["你好世界", "长" * 201, "  短句  ", None], 2, 200)) == [
        None, "longer than 200 characters", None, None]
    assert reasons(validators.text_length(["短"], 2)) == ["shorter than 2 characters"]


def test_residence_chain():
    v = validators.residence_chain(["北京市", "北京市", "火星省", "广东省", None],
                                   ["北京市", "上海市", "北京市", "东莞市", "x"],
                                   ["朝阳区", "朝阳区", "朝阳区", "东莞市", "y"])
    assert reasons(v) == [None, "city not in province", "unknown province", None, None]
    assert v.checked.tolist() == [True, True, True, True, False]


def test_missing_values_are_recognised():
    values = np.array([None, float("nan"), "", "  ", "x", 0, [], ["a"], pd.NA], dtype=object)
    assert validators.is_missing(values).tolist() == [True, True, True, True, False, False, True, False, True]
    assert validators.is_missing(np.array(["", " a", "b"], dtype=StringDType())).tolist() == [True, False, False]


def test_a_validation_is_a_rule_result():
    v = validators.mobile_phone(["13812345678", "bad"])
    assert np.asarray(v, dtype=bool).tolist() == [True, False]
    both = v & validators.mobile_phone(["12012345678", "13812345678"])
    assert reasons(both) == ["unknown mobile prefix", "not digits"]


@pytest.mark.parametrize("rule", ["age_matches_birth_date", "id_number_matches_person", "residence_in_division",
                                  "phone_valid"])
def test_persons_rules_are_declared(rule):
    assert rule in [r["name"] for r in synth.describe("persons")["rules"]]
