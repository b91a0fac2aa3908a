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


# When someone comes to the customer's door (a technician's window, a courier's pickup day): the time said with the
# visit it is for, or a booked window anywhere.
VISIT_TIME = re.compile(r"[今明后]天(?:上午|下午|晚上)?(?:\d+点到\d+点)?(?=[^。，；？！]{0,8}上门)|[今明]天(?:上午|下午|晚上)\d+点到\d+点")
VISIT_WORDS = ("上门", "点到")   # (the rule's gate: no visit time without one of them)


def visit_time_chosen(turns: list) -> bool:
    """Every time the agent names for a visit to the customer (a technician's window, a courier's pickup) was first
    offered in an agent turn that asks (？) and that the customer answers next: the agent never books a time the
    customer did not take (issue 12, reading 19: 装维师傅明天下午4点到6点上门 and 快递员今天下午上门取件, times
    nobody chose)."""
    offered: set = set()
    for k, turn in enumerate(turns):
        if turn["role"] != "agent":
            continue
        times = VISIT_TIME.findall(turn["text"])
        if not times:
            continue
        asks = "？" in turn["text"] and k + 1 < len(turns) and turns[k + 1]["role"] == "customer"
        if asks:
            offered.update(times)
        elif not offered.issuperset(times):
            return False
    return True
