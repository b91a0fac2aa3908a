"""Findings and contexts that call for their own work-up, and complaints the plan must answer.

An attending reader (issue 18) met five notes where something in the record called for a step the plan never took:
- a 59-year-old with reflux for ten months on a regular proton-pump inhibitor and a poor appetite had the dose
  doubled and no gastroscopy. 2020年中国胃食管反流病专家共识 and 中国慢性胃炎共识意见 (2017) advise a
  gastroscopy for reflux with alarm features (吞咽困难, 体重下降, 黑便, 贫血, 食欲减退), from 45 (the age the
  Chinese consensus uses for upper-GI cancer risk) and where standard acid suppression has failed;
- a man on finasteride with PSA 3.76 ng/ml: a 5α-reductase inhibitor halves the PSA after 6 months (finasteride
  label; 中国泌尿外科疾病诊断治疗指南 2022), so it is read doubled, and a doubled value of 4 ng/ml or more is
  worked up (free PSA, prostate MRI);
- a hyperthyroid patient on methimazole (pulse 100) with no thyroid function: a treated thyroid disease is
  followed by FT3/FT4/TSH (甲状腺功能亢进症基层诊疗指南 2019; 甲状腺功能减退症基层诊疗指南 2019);
- an obese man snoring with daytime sleepiness given lifestyle advice only: snoring with obesity is screened
  for obstructive sleep apnoea by polysomnography (成人阻塞性睡眠呼吸暂停多学科诊疗指南 2018).

`plan_sentences` gives the plan's sentences for one record; the rules `alarm_workup_ordered` and
`complaint_addressed` (checks.py) read them back from the written note.
"""

from __future__ import annotations

import re

ALARM_AGE = 45
# alarm features as the present illness words them (its general-state sentence says 食欲减退)
ALARM_WORDS = ("食欲减退", "体重下降", "吞咽困难", "黑便", "贫血")
PPIS = ("奥美拉唑", "雷贝拉唑", "泮托拉唑", "艾司奥美拉唑", "兰索拉唑")
GASTROSCOPY = "胃镜"
ENDOSCOPY_ADVICE = "建议行胃镜检查"

INHIBITORS = ("非那雄胺", "度他雄胺")       # 5α-reductase inhibitors
PSA = re.compile(r"血清PSA：(\d+(?:\.\d+)?)ng/ml")
PSA_DOUBLED = "PSA按实测值2倍解读"
PSA_LIMIT = 4.0
PSA_WORKUP = "建议复查游离PSA并行前列腺MRI检查"

THYROID_DRUGS = ("甲巯咪唑", "丙硫氧嘧啶", "左甲状腺素")
THYROID_TESTS = {"甲状腺功能亢进症": "甲状腺功能（FT3、FT4、TSH）", "甲状腺功能减退症": "甲状腺功能（TSH、FT4）"}
THYROID_DRUG_NAMES = {"甲巯咪唑": "甲巯咪唑片", "丙硫氧嘧啶": "丙硫氧嘧啶片", "左甲状腺素": "左甲状腺素钠片"}

SNORING = "打鼾"
SLEEP_STUDY = "多导睡眠监测"


NEGATIONS = ("无", "否认", "未")


def said(text: str, word: str) -> bool:
    """Whether the text affirms the word: a clause holds it and the sentence part before it denies nothing
    (无呕血、黑便 and 否认黑便 deny it; 精神可，食欲减退 affirms it)."""
    start = text.find(word)
    while start >= 0:
        clause_start = max(text.rfind(c, 0, start) for c in "，。；") + 1
        if not text[clause_start:start].startswith(NEGATIONS):
            return True
        start = text.find(word, start + 1)
    return False


def gerd_reasons(age: int, present_illness: str, past_history: str) -> list[str]:
    """Why a reflux visit gets a gastroscopy ([] where nothing calls for one)."""
    reasons = []
    if age >= ALARM_AGE:
        reasons.append(f"患者{age}岁")
    alarms = [w for w in ALARM_WORDS if said(present_illness, w)]
    if alarms:
        reasons.append("伴" + "、".join(alarms))
    if any(p in past_history or p in present_illness for p in PPIS):
        reasons.append("规律抑酸治疗下症状仍反复")
    return reasons


def psa_value(investigations: str) -> float | None:
    m = PSA.search(investigations)
    return float(m.group(1)) if m else None


def on_inhibitor(history: str) -> str | None:
    """The 5α-reductase inhibitor the history (past history and present illness) says the patient takes; one
    started at this visit leaves today's PSA as measured."""
    for d in INHIBITORS:
        if d in history:
            return d
    return None


def plan_sentences(gerd: bool, thyroid: str, age: int, complaint: str, present_illness: str, past_history: str,
                   investigations: str, plan: str) -> str:
    """The sentences the plan gains for one record ('' when none applies)."""
    out = []
    if gerd and GASTROSCOPY not in investigations and GASTROSCOPY not in plan:
        reasons = gerd_reasons(age, present_illness, past_history)
        if reasons:
            out.append("，".join(reasons) + f"，{ENDOSCOPY_ADVICE}，明确食管黏膜情况并排除上消化道其他病变。")
    inhibitor = on_inhibitor(past_history + present_illness)
    psa = psa_value(investigations)
    if inhibitor and psa is not None:
        doubled = psa * 2
        tail = (f"，超过{PSA_LIMIT:.0f}ng/ml，{PSA_WORKUP}" if doubled >= PSA_LIMIT
                else f"，未超过{PSA_LIMIT:.0f}ng/ml，每年复查PSA")
        out.append(f"服用{inhibitor}期间{PSA_DOUBLED}（校正后约{doubled:.2f}ng/ml）{tail}。")
    if thyroid and "甲状腺功能" not in investigations and "甲状腺功能" not in plan:
        drug = next((d for d in THYROID_DRUGS if d in past_history), None)
        if drug:
            out.append(f"{thyroid}服用{THYROID_DRUG_NAMES[drug]}中，建议复查{THYROID_TESTS[thyroid]}。")
    if SNORING in complaint + present_illness and SLEEP_STUDY not in plan:
        sleepy = "困倦" in present_illness or "嗜睡" in present_illness
        out.append(("夜间打鼾伴日间困倦" if sleepy else "夜间打鼾") +
                   f"，不除外阻塞性睡眠呼吸暂停，建议行{SLEEP_STUDY}。")
    return "".join(out)


def workup_fits(gerd: bool, thyroid: bool, age: int, present_illness: str, past_history: str, investigations: str,
                plan: str) -> bool:
    """Whether the written plan took each step the record calls for (the rule `alarm_workup_ordered`)."""
    if gerd and gerd_reasons(age, present_illness, past_history) and \
            GASTROSCOPY not in investigations and ENDOSCOPY_ADVICE not in plan:
        return False
    psa = psa_value(investigations)
    if on_inhibitor(past_history + present_illness) and psa is not None:
        if PSA_DOUBLED not in plan or (psa * 2 >= PSA_LIMIT and PSA_WORKUP not in plan):
            return False
    if thyroid and any(d in past_history for d in THYROID_DRUGS) and \
            "甲状腺功能" not in investigations and "甲状腺功能" not in plan:
        return False
    return True
