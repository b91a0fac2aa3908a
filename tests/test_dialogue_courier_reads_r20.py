"""Courier chats after reading 20 (issue 12): what each place keeps. A 门卫 takes a parcel in for a neighbour and
keeps no 出库记录 (r2 #26: 调签收底单和门卫的出库记录); a station or a locker does."""
import re

import synth


def test_a_gatekeeper_keeps_no_stock_out_record():
    df = synth.generate("dialogues", 3000, seed=2620, intent="delivery")
    wrong = re.compile(r"门卫的?(出库|取件)记录")
    checked = re.compile(r"(驿站|快递柜|门卫)那边的(代收|)记录")
    assert not [m.group(0) for text in df.text for m in wrong.finditer(text)]
    assert sum(bool(checked.search(text)) for text in df.text) >= 3   # (the signed-parcel refusal was read)
