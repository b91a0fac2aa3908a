"""One appointment per dialogue: a technician's visit is either booked for a slot (明天上午9点到11点: the engineer
comes in it and calls before arriving) or left to be arranged by phone (4小时内打电话约上门时间) — never both."""
import re

# A booked two- to four-hour window (procedures.visit_window).
SLOT = re.compile(r"[今明]天(上午|下午|晚上)\d+点到\d+点")
SLOT_WORDS = ("点到",)   # (no booked slot without them: the rule's gate, rules._declare)
# A time still to be arranged, or a call-back deadline that replaces the booked slot.
ARRANGED = re.compile(r"约(上门|具体|送货|取件)?时间|(一个工作日|明天)内?(还没人|没人)(联系|打给)")


def one_appointment(turns: list) -> bool:
    """No agent turn arranges a time by phone (or gives a call-back deadline) in a dialogue whose agent booked a
    slot."""
    agent = [t["text"] for t in turns if t["role"] == "agent"]
    if not any(SLOT.search(text) for text in agent):
        return True
    return not any(ARRANGED.search(text) for text in agent)
