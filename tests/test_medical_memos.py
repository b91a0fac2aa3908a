"""Texts kept across batches (the 查体 bodies, the fitted plans) never change a record: a batch made after
another one equals the same batch made with nothing kept, and the column-wise fit equals fit per record."""

from __future__ import annotations

import pandas as pd

import synth
from synth.domains.medical import return_signs, sections
from synth.domains.medical.checks import _complaint_days

COLUMNS = ["exam_findings", "note"]


def _forget() -> None:
    sections._EXAM_BODIES.clear()
    return_signs._FITTED.clear()


def test_a_batch_after_another_equals_the_batch_made_with_nothing_kept():
    _forget()
    alone = synth.generate("medical", 600, seed=41)[COLUMNS]
    _forget()
    synth.generate("medical", 3000, seed=42)
    assert sections._EXAM_BODIES and return_signs._FITTED      # the second batch below reads kept texts
    after = synth.generate("medical", 600, seed=41)[COLUMNS]
    pd.testing.assert_frame_equal(alone, after)


def test_fit_plans_fits_each_plan_as_fit_does():
    cough = "多饮水，注意休息，保持室内空气流通；如出现呼吸急促、口唇发绀、持续发热或咳嗽超过2周，及时就诊。"
    eczema = "2周后皮肤科复诊，如皮损加重或出现渗液、感染及时就诊。"
    gut = "清淡饮食，如2-3天无好转或出现尿量减少、便血、持续呕吐及时复诊。"
    # (plan, complaint, present illness, examination): a sign present, denied, only in the examination; a duration
    # passed and not yet
    records = [(cough, "咳嗽18天", "患儿18天前受凉后出现咳嗽。", "咽部充血。"),
               (cough, "咳嗽4天", "4天前出现咳嗽。", "双肺呼吸音清。"),
               (eczema, "小腿皮疹伴渗液1周", "搔抓后渗液增多，结黄痂。", "可见抓痕及渗出结痂。"),
               (eczema, "面部红斑伴瘙痒5天", "无渗液。", "面部红斑。"),
               (gut, "腹痛腹泻1天", "精神可，纳差。", "尿量减少。"),
               (gut, "腹痛腹泻1天", "精神可，纳差，无便血。", "腹软。")]
    expected = [return_signs.fit(p, return_signs.history(c, h, e), _complaint_days(c)) for p, c, h, e in records]
    assert expected[0] != cough and expected[2] != eczema and expected[4] != gut    # each kind changes one plan
    assert expected[1] == cough and expected[3] == eczema and expected[5] == gut
    for _ in range(2):      # with nothing kept, then with the first pass's fits kept
        plans = [p for p, _, _, _ in records]
        fitted = return_signs.fit_plans(plans, [c for _, c, _, _ in records], [h for _, _, h, _ in records],
                                        [e for _, _, _, e in records])
        assert fitted == expected
