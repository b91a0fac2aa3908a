"""A sale's backlog is told only in the week after the sale: a parcel late in early November is no 双十一 backlog (reading 16
#15: ETA 11月10日 beside 双十一件还没消化完), nor one in early December a 双十二 backlog, nor early June a 618 one."""
import datetime as dt

import synth
from synth.domains.dialogues.parcels import peak_sale

SALES = {"双十一": (11, 11, 20), "双十二": (12, 12, 19), "618": (6, 18, 25)}


def test_peak_sale_starts_the_day_after_the_sale():
    assert peak_sale(dt.date(2024, 11, 10)) == "" and peak_sale(dt.date(2024, 11, 11)) == ""
    assert peak_sale(dt.date(2024, 11, 12)) == "双十一"
    assert peak_sale(dt.date(2024, 6, 18)) == "" and peak_sale(dt.date(2024, 6, 19)) == "618"
    assert peak_sale(dt.date(2024, 1, 1)) == "年货节" and peak_sale(dt.date(2024, 3, 20)) == ""


def test_peak_sale_ends_a_week_after_the_sale():   # reading 20 r2 #4: 双十二的件 on 12-26
    assert peak_sale(dt.date(2024, 12, 19)) == "双十二" and peak_sale(dt.date(2024, 12, 26)) == ""
    assert peak_sale(dt.date(2024, 11, 20)) == "双十一" and peak_sale(dt.date(2024, 11, 28)) == ""
    assert peak_sale(dt.date(2024, 6, 25)) == "618" and peak_sale(dt.date(2024, 6, 30)) == ""


def test_no_sale_backlog_is_told_before_its_sale():
    told = 0
    for intent in ("delay", "logistics"):
        frame = synth.generate("dialogues", 4000, seed=1601, intent=intent)
        for date, text in zip(frame["date"], frame["text"]):
            day = dt.date.fromisoformat(str(date)[:10])
            for name, (month, sale_day, last_day) in SALES.items():
                if any(name + after in text for after in ("后的", "的件", "件", "的发货", "的件量")) or \
                        "赶上" + name in text or "是" + name in text:
                    told += 1
                    assert day.month == month and sale_day < day.day <= last_day, (date, name, text)
    assert told > 20   # (the check read some)
