"""个人史 (domains/medical/habits.py): smoking and drinking recorded from 14, by sex and age, agreeing with the present
illness, and the plan's advice on smoking following them (issue 18: an attending twice found no smoking history
beside 如吸烟应戒烟, and a man vomiting after drinking with no drinking history)."""

import pandas as pd
import pytest

import synth
from synth.domains.medical import habits


@pytest.fixture(scope="module")
def notes() -> pd.DataFrame:
    return synth.generate("medical", 6_000, seed=2718)


def _columns(frame: pd.DataFrame) -> dict:
    return {c: frame[c] for c in frame.columns}


SAYS_HABITS = r"吸烟|烟酒|饮酒"


def test_adults_have_a_personal_history_and_children_none(notes):
    adults, children = notes[notes.age >= 14], notes[notes.age < 14]
    last = adults.past_history.str.extract(r"([^。]*。)$")[0]
    assert last.str.contains(SAYS_HABITS).all(), last[~last.str.contains(SAYS_HABITS)].head(3).tolist()
    assert len(children) > 300 and not children.past_history.str.contains(SAYS_HABITS).any()


def test_smoking_follows_sex_and_age(notes):
    smokes = notes.past_history.str.contains(habits.SMOKES_NOW)
    men = notes[(notes.sex == "男") & (notes.age >= 25) & (notes.age < 65)]
    women = notes[(notes.sex == "女") & (notes.age >= 18)]
    assert len(men) > 500 and 0.35 < smokes[men.index].mean() < 0.7, smokes[men.index].mean()
    assert smokes[women.index].mean() < 0.06, smokes[women.index].mean()
    pupils = notes[(notes.age >= 14) & (notes.age < 18)]
    assert smokes[pupils.index].mean() < 0.15


def test_copd_is_a_smokers_disease(notes):
    copd = notes[notes.diagnoses.map(lambda d: any(x["code"] == "J44.9" for x in d))]
    ever = copd.past_history.str.contains(r"吸烟(?:史|约)?\d|已戒|戒烟")
    assert len(copd) > 20 and ever.mean() > 0.7, ever.mean()


def test_plans_advise_stopping_smoking_to_smokers_only(notes):
    plans = notes.note.str.extract(r"(处理：.*)$")[0]
    assert not plans.str.contains(habits.PLAN_CONDITIONAL).any()
    quit_told = plans.str.contains("戒烟")
    assert quit_told.sum() > 20
    assert notes.past_history[quit_told].str.contains(habits.SMOKES_NOW).all()
    # every current smoker is told (brief advice at every visit; a reader met a 60-pack-year smoker told nothing)
    assert quit_told[notes.past_history.str.contains(habits.SMOKES_NOW)].all()
    # and one who does not drink is not told to drink less
    sober = notes.past_history.str.contains(habits.SAYS_NO_DRINK)
    assert sober.sum() > 1000 and not plans[sober].str.contains("限制饮酒").any()
    assert plans[~sober & (notes.age >= 14)].str.contains("限制饮酒").any()


def test_the_rules_hold_and_can_fail(notes):
    assert habits.advice_fits_habits(_columns(notes), {}).all()
    assert habits.habits_agree_with_illness(_columns(notes), {}).all()
    broken = notes.copy()
    smoker = broken.past_history.str.contains(habits.SMOKES_NOW) & broken.note.str.contains("，戒烟")
    broken.loc[smoker, "note"] = broken.loc[smoker, "note"].str.replace("，戒烟", "，" + habits.PLAN_CONDITIONAL,
                                                                        regex=False)
    never = ~broken.past_history.str.contains(habits.SMOKES_NOW) & broken.note.str.contains("限盐")
    broken.loc[never, "note"] = broken.loc[never, "note"].str.replace("限盐", "戒烟，限盐", regex=False)
    assert smoker.sum() > 5 and never.sum() > 5
    assert (~habits.advice_fits_habits(_columns(broken), {})).sum() == smoker.sum() + never.sum()
    drank = broken.present_illness.str.contains("饮酒后")
    broken.loc[drank, "past_history"] = broken.loc[drank, "past_history"] + "否认饮酒史。"
    assert drank.sum() > 5 and (~habits.habits_agree_with_illness(_columns(broken), {}))[drank.to_numpy()].all()


def _advice_fits_one(history: str, plan: str) -> bool:
    """advice_fits_habits' definition for one record: the regexes on the history, the words in the plan."""
    told_quit, told_if, told_limit = "戒烟" in plan, habits.PLAN_CONDITIONAL in plan, "限制饮酒" in plan
    if not (told_quit or told_if or told_limit or any(w in history for w in ("支", "饮酒", "烟酒"))):
        return True
    smokes, sober = habits.SMOKES_NOW.search(history) is not None, habits.SAYS_NO_DRINK.search(history) is not None
    if told_if:
        return not (smokes or sober or "吸烟" in history)
    return told_quit == smokes and not (told_limit and sober)


def test_column_wise_advice_rule_is_its_per_record_definition(notes):
    """The rule reads its words from shared column scans and searches SMOKES_NOW only where the words it needs
    are: on histories and plans paired at random (most pairs break it) it gives the per-record verdicts."""
    shuffled = notes.copy()
    shuffled["past_history"] = notes.past_history.sample(frac=1, random_state=4).to_numpy()
    got = habits.advice_fits_habits(_columns(shuffled), {})
    plans = shuffled.note.str.extract(r"(处理：.*)$")[0].fillna("")
    want = [_advice_fits_one(h, p) for h, p in zip(shuffled.past_history, plans)]
    assert (~got).sum() > 300 and got.tolist() == want


# a regular drinker's amount as the 个人史 states it: 两 of 白酒 or bottles of beer a day
DRINKS_DAILY = r"白酒约?(\d+)两|啤酒约?(\d+)瓶|每日约(\d+)瓶"


def test_regular_drinkers_are_advised_by_amount_and_no_one_else(notes):
    """Issue 18 (#9 #16 #24 #30): 白酒约2两/日 or 2 bottles of beer a day were recorded and never acted on. Every
    regular drinker's plan speaks of drinking; stopping is told from the harmful amounts (above 40 g a man, 20 g a
    woman), never to anyone else, and the advice is never said twice."""
    plans = notes.note.str.split("处理：").str[-1]
    amounts = notes.past_history.str.extract(DRINKS_DAILY).astype(float)
    regular = amounts.notna().any(axis=1)
    assert regular.sum() > 300
    speaks = plans.str.contains("限制饮酒|避免饮酒|停止饮酒|限酒")
    assert speaks[regular].all(), notes.past_history[regular & ~speaks].head(3).tolist()
    added = plans.str.contains("|".join(habits.DRINK_ADVICE))
    assert added[regular].sum() > 200 and not added[~regular].any()
    assert (plans.str.count("饮酒") - plans.str.count("禁饮酒") <= 2).all()   # (限制饮酒 of the grammar, or ours)
    grams = amounts[0].fillna(0) * habits.GRAMS_PER_LIANG + amounts[1].fillna(amounts[2]).fillna(0) * \
        habits.GRAMS_PER_BOTTLE
    harmful = grams > (notes.sex == "男").map({True: 40, False: 20})
    told_stop = plans.str.contains("停止饮酒")
    assert told_stop[regular & harmful & added].all() and not told_stop[regular & ~harmful].any()
