"""个人史: smoking and drinking, as the past history states them for patients from 14 (an attending, issue 18: no
note asked about smoking, so 如吸烟应戒烟 was advice to nobody; a man vomiting after drinking had no drinking
history).

Habits are drawn per record from lexicons/medical/habits.tsv (shares by sex and age band), then made to agree with
what the present illness already says: 有长期吸烟史 (COPD) makes a smoker, 平素饮酒较多 / 饮啤酒 a regular drinker,
饮酒后 (a trigger, or a complaint worse after drinking) at least an occasional one, 无饮酒嗜好 / 平素不饮酒 (NAFLD,
where alcohol has been excluded) a non-drinker. A known COPD without that clause is a current or former smoker
four times in five. Children under 14 have no 个人史 line (their history is immunisation and development).

The sentence is one of a few hundred texts per batch (years and amounts rounded as patients report them), rendered
once per distinct code; plans then advise 戒烟 to a smoker and drop the conditional 如吸烟应戒烟 (plan_advice).
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from synth.resources import read_table

from .data import PAEDIATRIC_AGE

NEVER, CURRENT, FORMER = 0, 1, 2            # smoking
NO_DRINK, OCCASIONAL, REGULAR = 0, 1, 2     # drinking

# what the present illness may already say (exact pieces of symptoms.tsv clauses and hpi.grammar triggers)
SMOKER_WORDS = ("长期吸烟",)
HEAVY_DRINK_WORDS = ("饮酒较多", "饮啤酒")
SOME_DRINK_WORDS = ("饮酒后",)
NO_DRINK_WORDS = ("无饮酒嗜好", "不饮酒")
COPD_SMOKER_SHARE = 0.8                     # of known COPD without the clause: current or former smokers
CIGARETTES = (5, 10, 10, 15, 20, 20, 20, 30, 40)     # a day, as patients say them (half a pack, a pack, two)
LIQUOR_LIANG = (1, 2, 2, 3, 4, 5)                       # 两 of 白酒 a day
BEER_BOTTLES = (1, 2, 2, 3, 4)


@lru_cache(maxsize=1)
def _shares() -> np.ndarray:
    """Per (sex 0 m / 1 f, age 0-120): the four shares (current, former, occasional, regular)."""
    t = read_table("medical", "habits.tsv")
    table = np.zeros((2, 121, 4))
    for row in t.itertuples(index=False):
        s = 0 if row.sex == "m" else 1
        table[s, int(row.age_min):int(row.age_max) + 1] = [float(row.smoke_current), float(row.smoke_former),
                                                           float(row.drink_occasional), float(row.drink_regular)]
    return table


# the words draw_habits reads, in one scan: said[:, k] for ILLNESS_WORDS[k]
ILLNESS_WORDS = SMOKER_WORDS + HEAVY_DRINK_WORDS + SOME_DRINK_WORDS + NO_DRINK_WORDS


def _any_of(said: np.ndarray, words: tuple) -> np.ndarray:
    return said[:, [ILLNESS_WORDS.index(w) for w in words]].any(axis=1)


def draw_habits(age: np.ndarray, sex: np.ndarray, u: np.ndarray, said: np.ndarray, copd: np.ndarray):
    """Per record (smoking, drinking) codes, -1 under 14. `u`: 2 columns of uniforms; `said`: word_hits of the
    present illness for ILLNESS_WORDS; `copd`: a known COPD."""
    age = np.minimum(np.asarray(age, dtype=np.int64), 120)
    shares = _shares()[np.asarray(sex, dtype=np.int64), age]
    smoke = np.select([u[:, 0] < shares[:, 0], u[:, 0] < shares[:, 0] + shares[:, 1]], [CURRENT, FORMER], NEVER)
    drink = np.select([u[:, 1] < shares[:, 3], u[:, 1] < shares[:, 3] + shares[:, 2]], [REGULAR, OCCASIONAL], NO_DRINK)
    # a known COPD is a smoker's disease: the uniform's lower digits decide, so no other draw is taken
    copd_smoker = np.asarray(copd, dtype=bool) & (smoke == NEVER) & (u[:, 0] * 7919.0 % 1.0 < COPD_SMOKER_SHARE)
    smoke = np.where(_any_of(said, SMOKER_WORDS), np.where(smoke == FORMER, FORMER, CURRENT),
                     np.where(copd_smoker, np.where(u[:, 1] * 104729.0 % 1.0 < 0.5, CURRENT, FORMER), smoke))
    drink = np.where(_any_of(said, HEAVY_DRINK_WORDS), REGULAR,
                     np.where(_any_of(said, SOME_DRINK_WORDS) & (drink == NO_DRINK), OCCASIONAL, drink))
    drink = np.where(_any_of(said, NO_DRINK_WORDS), NO_DRINK, drink)
    child = age < PAEDIATRIC_AGE
    return np.where(child, -1, smoke), np.where(child, -1, drink)


# -- the sentence ------------------------------------------------------------------------------------------------
CURRENT_FRAMES = ("吸烟{y}年，每日约{c}支", "吸烟史{y}年，平均每日{c}支", "有吸烟史{y}余年，每天{c}支左右",
                  "吸烟约{y}年，{c}支/日", "长期吸烟{y}年，每日{c}支，未戒烟")
FORMER_FRAMES = ("既往吸烟{y}年，已戒烟{q}年", "吸烟{y}年，已戒{q}年", "曾吸烟{y}年，{q}年前戒烟")
NEVER_FRAMES = ("不吸烟", "无吸烟史", "否认吸烟史")
NO_DRINK_FRAMES = ("不饮酒", "无饮酒嗜好", "否认饮酒史")
OCCASIONAL_FRAMES = ("偶尔少量饮酒", "偶有饮酒", "偶饮啤酒", "社交场合少量饮酒")
LIQUOR_FRAMES = ("饮酒{d}年，白酒约{l}两/日", "常饮酒，每日白酒{l}两左右")
BEER_FRAMES = ("饮啤酒{d}年，每日约{b}瓶", "长期饮酒，每天啤酒{b}瓶左右")
NEITHER_FRAMES = ("无烟酒嗜好", "否认吸烟、饮酒史", "无吸烟、饮酒史", "无吸烟及饮酒嗜好")
PLAN_CONDITIONAL = "如吸烟应戒烟"


def _digit(u: np.ndarray, prime: float, n: int) -> np.ndarray:
    """An index below n from a uniform's lower digits (one uniform serves several small choices)."""
    return np.minimum((u * prime % 1.0 * n).astype(np.int64), n - 1)


def _years(n: np.ndarray) -> np.ndarray:
    """Years as a patient tells them: exact under 10, to the nearest 5 from 10."""
    return np.where(n < 10, np.maximum(n, 1), (n + 2) // 5 * 5)


def habit_sentences(age, smoke: np.ndarray, drink: np.ndarray, u: np.ndarray, beer: np.ndarray):
    """Per record the 个人史 sentence with its 。, or "" under 14, and the grams of alcohol a day it reports. `u` has 2 columns (smoking and drinking numbers
    and wording); `beer`: the present illness names beer (饮啤酒), so a regular drinker's is beer. The smoking and
    the drinking halves are each one of a few hundred texts, rendered once per process (_SMOKING, _DRINKING); a
    batch joins them once per distinct pair."""
    age = np.asarray(age, dtype=np.int64)
    start = 15 + _digit(u[:, 0], 7919.0, 11)                          # began smoking at 15-25
    smoked = np.maximum(age - start, 1)
    quit_ago = np.maximum(_digit(u[:, 0], 104729.0, 20) * smoked // 40, 1)     # up to half the span ago
    former = smoke == FORMER
    years = np.where(smoke > NEVER, _years(np.maximum(smoked - quit_ago * former, 1)), 0)
    cigs = np.where(smoke == CURRENT, np.asarray(CIGARETTES)[_digit(u[:, 0], 15485863.0, len(CIGARETTES))], 0)
    quit_ago = np.where(former, _years(quit_ago), 0)
    frame_s = _digit(u[:, 0], 32452843.0, 60) % np.select([smoke == CURRENT, former],
                                                          [len(CURRENT_FRAMES), len(FORMER_FRAMES)], len(NEVER_FRAMES))
    regular = drink == REGULAR
    drank = np.where(regular, _years(np.maximum(age - 18 - _digit(u[:, 1], 7919.0, 13), 1)), 0)
    beer = regular & (np.asarray(beer, dtype=bool) | (_digit(u[:, 1], 32452843.0, 2) == 1))
    amount = np.where(regular, _digit(u[:, 1], 15485863.0, 60) % np.where(beer, len(BEER_BOTTLES), len(LIQUOR_LIANG)),
                      0)
    frame_d = _digit(u[:, 1], 104729.0, 60) % np.select([drink == OCCASIONAL, regular],
                                                         [len(OCCASIONAL_FRAMES), 2], len(NO_DRINK_FRAMES))
    # mixed-radix codes (years < 100, cigarettes < 100): a dict lookup per distinct code, never a format per record
    smoke_code = (((np.maximum(smoke, 0) * 8 + frame_s) * 100 + years) * 100 + cigs) * 100 + quit_ago
    drink_code = (((np.maximum(drink, 0) * 8 + frame_d) * 2 + beer) * 8 + amount) * 100 + drank
    # one code per record (a child's 0, the both-denied frame, or the two halves), each distinct code rendered once
    neither = (smoke == NEVER) & (drink == NO_DRINK)
    pick = _digit(u[:, 0], 32452843.0, 60) % len(NEITHER_FRAMES)
    code = np.where(age < PAEDIATRIC_AGE, 0, np.where(neither, 1 + pick, (smoke_code + 1) * DRINK_CODES + drink_code))
    keys, inverse = np.unique(code, return_inverse=True)
    texts = np.array([_sentence_of(k) for k in keys.tolist()], dtype=object)
    return texts[inverse.reshape(-1)], alcohol_grams(regular, beer, amount)


# grams of alcohol in what a regular drinker reports: 1两 (50 ml) of 52% 白酒 ≈ 20 g, a 500 ml bottle of 4% beer ≈ 16 g
GRAMS_PER_LIANG, GRAMS_PER_BOTTLE = 20, 16


def alcohol_grams(regular: np.ndarray, beer: np.ndarray, amount: np.ndarray) -> np.ndarray:
    """Per record the grams of alcohol a day the 个人史 reports (0 for all but regular drinkers)."""
    # (amount indexes the beer or the liquor amounts: each lookup clipped to its own length)
    grams = np.where(beer, np.asarray(BEER_BOTTLES)[np.minimum(amount, len(BEER_BOTTLES) - 1)] * GRAMS_PER_BOTTLE,
                     np.asarray(LIQUOR_LIANG)[np.minimum(amount, len(LIQUOR_LIANG) - 1)] * GRAMS_PER_LIANG)
    return np.where(regular, grams, 0)


DRINK_CODES = 10 ** 5                          # drink_code < 4 * 8 * 2 * 8 * 100


def _sentence_of(code: int) -> str:
    if code == 0:
        return ""
    if code <= len(NEITHER_FRAMES):
        return NEITHER_FRAMES[code - 1] + "。"
    smoke_code, drink_code = divmod(code, DRINK_CODES)
    return f"{_text(_SMOKING, smoke_code - 1, _smoking_text)}；{_text(_DRINKING, drink_code, _drinking_text)}。"


_SMOKING: dict[int, str] = {}
_DRINKING: dict[int, str] = {}


def _text(cache: dict, code: int, render) -> str:
    """The text of a half's code, rendered once per process (a few hundred codes)."""
    text = cache.get(code)
    if text is None:
        text = cache[code] = render(code)
    return text


def _unpack(code: int, radices: tuple[int, ...]) -> list[int]:
    """The digits of a mixed-radix code, the most significant first (the codes of habit_sentences)."""
    digits = []
    for r in reversed(radices):
        code, d = divmod(code, r)
        digits.append(d)
    return [code] + digits[::-1]


def _smoking_text(code: int) -> str:
    smoke, frame, years, cigs, quit_ago = _unpack(code, (8, 100, 100, 100))
    if smoke == CURRENT:
        return CURRENT_FRAMES[frame].format(y=years, c=cigs)
    if smoke == FORMER:
        return FORMER_FRAMES[frame].format(y=years, q=quit_ago)
    return NEVER_FRAMES[frame]


def _drinking_text(code: int) -> str:
    drink, frame, beer, amount, drank = _unpack(code, (8, 2, 8, 100))
    if drink == OCCASIONAL:
        return OCCASIONAL_FRAMES[frame]
    if drink == REGULAR:
        if beer:
            return BEER_FRAMES[frame].format(d=drank, b=BEER_BOTTLES[amount])
        return LIQUOR_FRAMES[frame].format(d=drank, l=LIQUOR_LIANG[amount])
    return NO_DRINK_FRAMES[frame]


# brief advice to every current smoker (中国临床戒烟指南 2015: ask, advise, assist at every visit), one per record
QUIT_ADVICE = ("建议戒烟。", "告知吸烟危害，建议戒烟。", "建议尽早戒烟，可至戒烟门诊就诊。", "劝其戒烟。")
LIMIT_ALCOHOL = ("，限制饮酒（尤其啤酒）", "，限制饮酒", "限制饮酒，")
# a regular drinker is over the 15 g a day of 中国居民膳食指南 2022: told to cut down, or to stop from the harmful
# amounts (WHO: above 40 g a day for a man, 20 g for a woman); a plan that already speaks of drinking is left alone
# (停止饮酒, not 戒酒: the rule advice_presumes_no_habit bars 戒酒 from every plan)
DRINK_ADVICE = ("建议限制饮酒，每日酒精摄入不超过15g。", "饮酒量已达有害水平，建议停止饮酒。")
HARMFUL_GRAMS = {"m": 40, "f": 20}
SAYS_ALCOHOL = ("限制饮酒", "避免饮酒", "停止饮酒", "限酒")


def plan_advice(plans: list[str], habits: np.ndarray) -> list[str]:
    """The plan's advice on habits said to the patient's case (HABITS_DTYPE): 戒烟 to a current smoker (the
    conditional 如吸烟应戒烟 made plain, or brief advice added), nothing of smoking to anyone else (a former smoker
    has quit), no 限制饮酒 to one who does not drink, and to a regular drinker whose plan does not yet speak of drinking
DRINK_ADVICE by the grams a day. Changes `plans` in place."""
    from .text import word_hits
    smoke, drink, advice = habits["smoke"], habits["drink"], habits["advice"]
    said = word_hits(plans, [PLAN_CONDITIONAL, "戒烟", "限制饮酒", *SAYS_ALCOHOL[1:]])
    for i in np.flatnonzero(said[:, 0]).tolist():
        if smoke[i] == CURRENT:
            plans[i] = plans[i].replace(PLAN_CONDITIONAL, "戒烟")
        else:
            plans[i] = plans[i].replace(PLAN_CONDITIONAL + "，", "").replace("，" + PLAN_CONDITIONAL, "")
    for i in np.flatnonzero((smoke == CURRENT) & ~said[:, 1]).tolist():
        plans[i] += QUIT_ADVICE[advice[i]]
    for i in np.flatnonzero((drink == NO_DRINK) & said[:, 2]).tolist():
        for words in LIMIT_ALCOHOL:
            plans[i] = plans[i].replace(words, "")
    harmful = habits["alcohol"] > habits["harmful"]
    for i in np.flatnonzero((drink == REGULAR) & ~said[:, 2:].any(axis=1)).tolist():
        plans[i] += DRINK_ADVICE[int(harmful[i])]
    return plans


HABITS_DTYPE = np.dtype([("smoke", np.int8), ("drink", np.int8), ("advice", np.int8), ("alcohol", np.int16),
                         ("harmful", np.int16), ("sentence", object)])


def personal_habits(case, age, sex, illness, u: np.ndarray) -> np.ndarray:
    """Per record (HABITS_DTYPE): smoking and drinking codes (-1 under 14) and the 个人史 sentence ("" under 14).
    `u`: 4 columns of uniforms (two draws, two for numbers and wording)."""
    from .data import catalogue
    from .text import word_hits
    said = word_hits(list(illness), list(ILLNESS_WORDS + ("饮啤酒",)))
    copd = (np.asarray(case["listed"], dtype=np.int64) >> catalogue().index["copd"]) & 1
    smoke, drink = draw_habits(age, sex, u[:, :2], said[:, :-1], copd.astype(bool))
    out = np.empty(len(smoke), dtype=HABITS_DTYPE)
    out["smoke"], out["drink"] = smoke, drink
    out["advice"] = _digit(u[:, 2], 49979687.0, len(QUIT_ADVICE))
    out["sentence"], out["alcohol"] = habit_sentences(age, smoke, drink, u[:, 2:4], said[:, -1])
    out["harmful"] = np.where(np.asarray(sex, dtype=np.int64) == 0, HARMFUL_GRAMS["m"], HARMFUL_GRAMS["f"])
    return out


# -- the rules: read the output columns (a user's file has no hidden _habits) --------------------------------------
# a current smoker's sentence: years smoked, then how much a day (not 已戒, not N年前戒烟)
SMOKES_NOW = re.compile(r"吸烟(?:史|约)?\d+余?年，(?:每日|平均每日|每天|\d+支)")
# a denial of drinking: plain words, so the rule finds them in the past histories' shared scan
NO_DRINK_SAYINGS = ("不饮酒", "无饮酒嗜好", "否认饮酒史", "无烟酒嗜好", "否认吸烟、饮酒史", "无吸烟、饮酒史", "无吸烟及饮酒嗜好")
SAYS_NO_DRINK = re.compile("|".join(map(re.escape, NO_DRINK_SAYINGS)))
# words SMOKES_NOW cannot match without: 吸烟, 年， and one of 每日 (平均每日 holds it), 每天, 支
SMOKES_NOW_NEEDS, SMOKES_NOW_COUNTS = ("吸烟", "年，"), ("每日", "每天", "支")
DENIES_SMOKING = re.compile(r"无吸烟|否认吸烟|不吸烟|无烟酒")
SAYS_DRINKS = re.compile(r"饮酒\d|常饮酒|偶尔少量饮酒|偶有饮酒|偶饮啤酒|少量饮酒|长期饮酒")


def advice_fits_habits(columns, options) -> np.ndarray:
    """Per record, True unless the plan's word on smoking misses the past history's: 戒烟 said to one the history
    does not record as smoking now, none said to one it does, the conditional 如吸烟应戒烟 kept once the habits are
    recorded, or 限制饮酒 told to one who does not drink.

    Column-wise: the words come from the plans' and the past histories' shared scans (checks._text_has_any), and
    SMOKES_NOW is searched only in the histories holding every word it needs."""
    from .checks import _lists, _text_has_any
    told_quit, told_if, told_limit = (_text_has_any(columns, "plans", (w,)) for w in ("戒烟", PLAN_CONDITIONAL, "限制饮酒"))

    def has(*words) -> np.ndarray:
        return _text_has_any(columns, "past_history", words)

    # every current smoker's sentence counts cigarettes (支); a denial of drinking is one of SAYS_NO_DRINK's words
    asked = has("支", "饮酒", "烟酒") | told_quit | told_if | told_limit
    sober, smoke_word = has(*NO_DRINK_SAYINGS), has("吸烟")
    smokes = np.zeros(len(asked), dtype=bool)
    history = _lists(columns, "past_history")
    maybe = asked & smoke_word & has(SMOKES_NOW_NEEDS[1]) & has(*SMOKES_NOW_COUNTS)
    for i in np.flatnonzero(maybe).tolist():
        smokes[i] = SMOKES_NOW.search(history[i]) is not None
    ok = np.where(told_if, ~(smokes | sober | smoke_word), (told_quit == smokes) & ~(told_limit & sober))
    return ok | ~asked


def habits_agree_with_illness(columns, options) -> np.ndarray:
    """Per record, True unless the present illness and the past history disagree on drinking (饮酒后, 饮酒较多 or
    饮啤酒 beside a history that denies drinking; 无饮酒嗜好 or 不饮酒 beside one that records it) or on smoking
    (有长期吸烟史 beside a history that denies it)."""
    from .checks import _lists, _text_has_any
    # the illness words from the present illnesses' shared scan (no pass of its own)
    drinks, denies, smokes = (_text_has_any(columns, "present_illness", words) for words in
                              (HEAVY_DRINK_WORDS + SOME_DRINK_WORDS, NO_DRINK_WORDS, SMOKER_WORDS))
    history = _lists(columns, "past_history")
    ok = np.ones(len(history), dtype=bool)
    for i in np.flatnonzero(drinks | denies | smokes).tolist():
        h = history[i]
        ok[i] = not (drinks[i] and SAYS_NO_DRINK.search(h)) and not (denies[i] and SAYS_DRINKS.search(h)) and \
            not (smokes[i] and DENIES_SMOKING.search(h))
    return ok
