"""A known condition that is worse on its standing treatment gets a response to the failure, not the same drug again.

An attending reader (issue 18, #22) met a woman with known iron-deficiency anaemia who "regularly" took oral iron,
came with a month of dizziness and pallor and haemoglobin 80 g/L, and whose plan only continued the same iron. Iron
that fails is a finding in itself: adherence and absorption are checked, the source of the loss is sought
(faecal occult blood, gastroscopy and colonoscopy; the gynaecological cause in a woman) and intravenous iron is
considered (缺铁性贫血营养防治专家共识 2019; 铁缺乏症和缺铁性贫血诊治和预防的多学科专家共识 2022). The same holds
for every chronic condition whose visit tells symptoms on a drug the patient takes regularly while the plan
continues it (model.REGIMEN_CONTINUE): the conditions measured against a target (hypertension, diabetes,
dyslipidaemia) and the STEP_UP_ON_VISIT ones already escalate; these are the rest:

- hyperthyroidism with raised hormones on an antithyroid drug: adherence, blood count and liver function (the
  drug's own risks), and definitive treatment weighed (放射性碘或手术; 中国甲状腺疾病诊治指南 / 甲状腺功能亢进症基层
  诊疗指南 2019);
- coronary disease with angina on secondary prevention: echocardiography and Holter, coronary CTA or angiography
  for revascularisation (稳定性冠心病诊断与治疗指南 2018), and what to do in a long attack;
- chronic kidney disease with oedema, frothy urine or nocturia on a RAS blocker: its progression assessed (24-hour
  protein, eGFR, renal ultrasound; KDIGO 2012/2021) and salt restricted;
- hypothyroidism with symptoms but thyroid function in range on levothyroxine: the symptoms are not the thyroid's,
  other causes are sought (甲状腺功能减退症基层诊疗指南 2019);
- chronic prostatitis with symptoms on its suppository: prostatic fluid culture, a symptom score, and an
  alpha-blocker if voiding symptoms persist (中国泌尿外科和男科疾病诊断治疗指南 2022, CP/CPPS).

`respond` appends the sentence while generating; `worse_on_treatment_answered` (the rule) reads the written record.
"""

from __future__ import annotations

import re

# condition key -> (complaints that are a routine review, not a worsening; the response's opening words, which the
# rule looks for; the sentence). {hb} is the haemoglobin, {gyn} the gynaecological clause for a woman.
RESPONSES = {
    "ida": ((), "口服铁剂治疗反应不佳",
            "规律口服铁剂下血红蛋白仍{hb}g/L且有贫血症状，口服铁剂治疗反应不佳：核实服药依从性及服法（两餐间服用，"
            "避免与浓茶、抑酸药同服），查粪便隐血试验，建议胃镜及结肠镜检查寻找慢性失血来源{gyn}；口服铁剂仍无效或"
            "不能耐受时改静脉补铁。"),
    "hyperthyroidism": ((), "抗甲状腺药物治疗反应不佳",
                        "规律服药下甲状腺激素仍明显升高，抗甲状腺药物治疗反应不佳：核实服药依从性，复查血常规及肝功能，"
                        "建议评估放射性碘或手术治疗。"),
    "chd": ((), "规律二级预防治疗下仍有心绞痛发作",
            "规律二级预防治疗下仍有心绞痛发作：完善心脏彩超及动态心电图，建议行冠脉CTA或冠状动脉造影评估血运重建指征；"
            "胸痛持续15分钟以上不缓解时立即急诊就诊。"),
    "ckd": (("发现尿蛋白阳性", "体检发现肌酐升高"), "评估肾病进展",
            "规律治疗下仍有症状，需评估肾病进展：完善24小时尿蛋白定量、估算肾小球滤过率及泌尿系彩超，严格低盐饮食"
            "（每日食盐<5g）。"),
    "hypothyroidism": ((), "难以用甲减解释",
                       "甲状腺功能已在正常范围，目前症状难以用甲减解释：完善血常规、肝肾功能及血糖，排查贫血、肾病等其他原因。"),
    "chronic_prostatitis": ((), "症状仍反复",
                            "规律用药下症状仍反复：行前列腺液细菌培养及NIH-CPSI症状评分，配合热水坐浴及盆底放松训练，"
                            "2-4周后仍无改善时予α受体阻滞剂治疗。"),
}
# A plan for one of these that continues must not call the condition stable beside the worsening.
STEADY = "病情平稳，"
REGULAR = ("规律服用", "规律使用")
CONTINUE = "继续原方案"
HAEMOGLOBIN = re.compile(r"血红蛋白(\d+)g/L")
# The gynaecological source of the loss by age (menopause ~50 in China, nearly all women past it by 55): heavy periods
# below 50, a question of periods or irregular bleeding in the transition, none after it (an attending met 妇科检查排除
# 异常子宫出血 for a 78-year-old who reported no bleeding, issue 18 #26); a man has none.
MENOPAUSE_FROM, MENSTRUATING_UNTIL = 50, 55
GYNAECOLOGY = ("，并妇科就诊评估月经量过多等妇科失血原因", "，仍有月经或不规则阴道出血者妇科就诊评估", "")


def gynaecological_clause(sex: str, age: int) -> str:
    if sex != "女":
        return ""
    return GYNAECOLOGY[(age >= MENOPAUSE_FROM) + (age >= MENSTRUATING_UNTIL)]


def continued(plan: str) -> bool:
    """Whether the plan (from 处理：) only continues the standing drugs: its drug lines open with 继续原方案, no drug of
    the visit's own is numbered before it and none is added or switched."""
    body = plan[3:] if plan.startswith("处理：") else plan
    at = body.find(CONTINUE)
    return at >= 0 and "1. " not in body[:at] and "加用" not in body[:at] and "换用" not in body[:at]


def needs_response(key: str, complaint: str, present_illness: str, plan: str) -> bool:
    """Whether a visit for condition `key` tells symptoms on a drug taken regularly and its plan only continues it."""
    entry = RESPONSES.get(key)
    if entry is None or complaint.startswith(entry[0]):     # (an empty tuple starts nothing)
        return False
    return any(w in present_illness for w in REGULAR) and continued(plan)


def sentence(key: str, sex: str, age: int, investigations: str) -> str:
    text = RESPONSES[key][2]
    if key == "ida":
        m = HAEMOGLOBIN.search(investigations)
        hb = m.group(1) if m else "低"
        text = text.replace("{hb}", hb).replace("{gyn}", gynaecological_clause(sex, age))
    return text


def respond(plan: list[str], keys: list[str], complaints: list, hpis: list, sexes: list, ages: list,
            tests: list, rows) -> None:
    """Append the response to each plan in `rows` that needs one, and drop its 病情平稳 claim."""
    for i in rows:
        key = keys[i]
        p = plan[i]
        if needs_response(key, complaints[i], hpis[i], p):
            if p.startswith(STEADY):
                p = p[len(STEADY):]
            # right after the continued drugs, before the advice and the follow-up
            at = p.find("。", p.find(CONTINUE)) + 1 or len(p)
            plan[i] = p[:at] + sentence(key, sexes[i], int(ages[i]), tests[i]) + p[at:]


def answered(key: str, complaint: str, present_illness: str, plan: str) -> bool:
    """The rule's reading of one written record (plan from 处理：)."""
    if not needs_response(key, complaint, present_illness, plan):
        return True
    return RESPONSES[key][1] in plan and STEADY not in plan


def worse_on_treatment_answered(columns, options):
    """The rule: each visit for a RESPONSES condition that tells symptoms on a drug taken regularly and continues it
    has the response (its opening words) and no 病情平稳."""
    import numpy as np

    from .checks import _lists, parsed
    from .data import catalogue
    p, cat = parsed(columns), catalogue()
    keys = np.array(cat.keys, dtype=object)
    ours = np.isin(p.primary, [cat.index[k] for k in RESPONSES])
    out = np.ones(len(p.primary), dtype=bool)
    rows = np.flatnonzero(ours).tolist()
    if rows:
        complaints, hpis = _lists(columns, "chief_complaint"), _lists(columns, "present_illness")
        notes = _lists(columns, "note")
        for i in rows:
            note = notes[i]
            out[i] = answered(keys[p.primary[i]], complaints[i], hpis[i], note[note.rfind("处理："):])
    return out
