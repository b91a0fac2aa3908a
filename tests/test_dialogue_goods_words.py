"""Damage is spoken of in the words of the goods' kind (issue 12, reading 18 #12: 羽绒服要是磕坏了): a phone or a
kettle 磕坏/摔坏, a jacket or bedding gets dirty, food's packet breaks or leaks, a cream's bottle cracks; and a parcel
thrown is shown by its box, the goods photographed only if they were hurt."""

from __future__ import annotations

import re
from functools import lru_cache

import synth

SOFT = {"羽绒服", "牛仔裤", "运动鞋", "四件套", "坚果礼盒", "保湿面霜"}


@lru_cache(maxsize=None)
def complaints(n: int = 4000, seed: int = 59):
    return synth.generate("dialogues", n, seed=seed, intent="complaint")


def test_soft_goods_are_never_knocked_or_smashed():
    seen = 0
    df = complaints()
    for turns, product in zip(df.turns, df["product"]):
        if product in SOFT:
            for turn in turns:
                if turn["role"] == "agent":
                    seen += 1
                    assert not re.search("磕坏|磕碰|摔坏", turn["text"]), (product, turn["text"])
    assert seen > 200


def test_a_thrown_parcel_is_shown_by_its_box():
    asked = 0
    df = complaints()
    for turns in df.turns:
        opening = turns[0]["text"] + (turns[2]["text"] if len(turns) > 2 else "")
        sent = next((k for k, t in enumerate(turns) if t["act"] == "send_evidence"), 0)
        for turn in turns[:sent]:   # (the photos asked for before they are sent)
            if turn["role"] == "agent" and "扔" in opening and re.search("拍", turn["text"]):
                asked += 1
                assert "外包装" in turn["text"] and not re.search("外包装和(商品|[^，。]{2,12}各)", turn["text"]), turn["text"]
    assert asked > 10
