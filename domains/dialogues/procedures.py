"""Which real procedure a telecom or banking conversation follows, drawn in the plan: a red LOS light is a fibre
fault (no restart clears it: the connector, then a technician), a blinking PON light a registration (a restart,
then a remote re-provisioning), and so on. The grammar words each procedure its own way (`path` is a condition
variable), and the first agent turn's `told` records it as `path:<name>`, so a test or
`benchmarks/dialogue_paths.py` can count the procedures an intent runs.

Each table gives, per outcome, the procedures that can end that way and how often (rough shares of the kind a
support desk's ticket categories show; not published figures)."""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

# 宽带故障, by what the customer sees and what the line test shows:
# los: LOS red, no light on the fibre: the connector and bends, then a technician (a power cycle never clears it);
# pon: PON blinking, the ONT not registered: a restart, then a remote re-provisioning;
# pppoe: every light normal, no internet: the account checked, re-dial on a cable, then a router reset;
# slow_wifi / slow_line: a wired speed test decides: fast on the cable is the Wi-Fi (5G band, fewer devices),
#   slow on the cable is the port (a remote port reset);
# area: a known fault in the area, with its repair time; expired: the broadband account expired, renewed online.
BROADBAND = {
    "resolved": {"los": 1.5, "pon": 2.5, "pppoe": 2, "slow_wifi": 1.5, "slow_line": 1, "area": 1, "expired": 1},
    "escalated": {"los": 3.5, "pon": 1.5, "pppoe": 0.7, "slow_line": 1.3, "area": 3},
    "unsatisfied": {"los": 2, "pppoe": 4, "slow_wifi": 4},   # 合约到期 (any line), or a self-bought router
}
# Paths with nothing for the customer to try: the agent looks the line up and tells what it found.
LOOKED_UP = ("area", "expired")
# Paths whose first check leaves nothing more to try at home (a fibre fault): a failed step goes to a technician.
ONE_STEP = ("los",)
# Faults on the carrier's side of the home router (the self-bought-router refusal never applies to them).
CARRIER_SIDE = ("los", "pon", "slow_line", "area", "expired")
BROADBAND_RATES = ("100", "200", "300", "500", "1000")   # Mbit/s of the plan
# A red LOS light the customer's checks did not clear, by where the line test and the checks put the fault:
# drop: the fibre inside the home broken (fused again on site); box: the break outside the home, between the
# floor's distribution box and the door (the technician starts at the box); end: the connector's end face damaged
# (a new field connector, not a new cable).
LOS_CUTS = ("drop", "box", "end")


@lru_cache(maxsize=None)
def _table(weights: tuple) -> tuple:
    names = tuple(k for k, _ in weights)
    total = float(sum(w for _, w in weights))
    cum, run = [], 0.0
    for _, w in weights:
        run += w
        cum.append(run / total)
    return names, tuple(cum)


def draw(table: dict, outcome: str, u: float) -> str:
    """The procedure for this outcome from the uniform `u`."""
    names, cum = _table(tuple(table[outcome].items()))
    return names[min(bisect_right(cum, u), len(names) - 1)]


# Paths on which the customer may have power-cycled the equipment before writing in, and says so (`tried`): the
# agent then starts from the next step (a PON light still blinking after a restart is re-provisioned remotely; a
# slow line's port is reset from the exchange without asking for another restart), never asks for the restart again.
RESTART_TRIED = ("los", "pon", "pppoe", "slow_wifi", "slow_line", "expired")
RESTART_SHARE = 0.3
SLOW_LINE_RESET = "我这边远程复位一下您的端口，复位后您再用网线测一次速"


def restart_tried(path: str, u: float) -> str:
    """`restart` when the customer says the modem was already restarted, else `no`."""
    return "restart" if path in RESTART_TRIED and u < RESTART_SHARE else "no"


def after_restart(path: str, fault: dict) -> dict:
    """The steps that replace a restart the customer already did: the PON path starts at its remote step."""
    if path == "pon":
        return {"step": fault["step2"]}
    if path == "slow_line":
        return {"step2": SLOW_LINE_RESET}
    return {}


def broadband_flags(path: str, outcome: str, u_fails: float, tried: str = "no") -> dict:
    """How the troubleshooting goes on this path: whether the first step fails, whether a second is tried, and
    whether there is nothing to try (the agent looks the line up instead). A resolved fibre fault is a loose
    connector pushed home (step one works) or a technician booked (it fails and nothing else is tried)."""
    if path in LOOKED_UP:
        # (the customer answers what the look-up found before the agent goes on: no three agent turns in a row)
        return {"lookup": True, "fix_fails": False, "second_fix": False, "push_back": False, "followup": True}
    if path in ONE_STEP:
        return {"lookup": False, "fix_fails": outcome != "resolved" or u_fails < 0.6, "second_fix": False}
    if path == "pon" and tried == "restart":   # the restart is done: the remote step is the only one left
        return {"lookup": False, "fix_fails": outcome != "resolved", "second_fix": False}
    if path in ("slow_wifi", "slow_line"):   # the first step is a wired speed test: it tells, it fixes nothing
        return {"lookup": False, "fix_fails": True, "second_fix": True}
    return {"lookup": False, "fix_fails": outcome != "resolved" or u_fails < 0.45, "second_fix": True}


# What an area fault is said to cover follows the kind of address (reading 15 #27: 整个小区 for 英旺乡松桥村): a block
# of flats (楼, 栋, 幢, 单元) is a 小区, a village address (…村, …组) a 村, a plain street number only 那一片.
ESTATE_MARKS = ("单元", "栋", "幢", "号楼", "小区")


def place_of(address: str) -> str:
    """The kind of place an installation address is: estate, village or street."""
    if any(mark in address for mark in ESTATE_MARKS):
        return "estate"
    return "village" if "村" in address else "street"


def broadband_env(path: str, outcome: str, u: float) -> dict:
    """The facts a path's wording reads: the plan's rate (and what a wired test reached on a Wi-Fi fault), the
    technician's window (tomorrow's when the customer will push back on it), the area fault's repair time, the
    expired account's date (relative: a 月日 date must be a slot)."""
    rate = BROADBAND_RATES[min(int(u * 5), 4)]
    k = int(u * 997) % 4
    if outcome == "escalated":   # the visit the customer pushes back on is tomorrow's
        k = 2 + k % 2
    env = {"path": path, "line": "router" if path not in CARRIER_SIDE else "fibre", "bb_rate": rate,
           "bb_wired": str(int(int(rate) * (0.86 + 0.03 * k))),
           "visit": visit_window(k >= 2, u * 8 % 1.0),
           "area_eta": ("今天下午3点", "今天下午5点", "今天晚上8点", "今天晚上10点")[k],
           # (how the repair time is qualified, one way in every line: 8点左右 is not later 8点前, reading 15 #6)
           "area_by": ("左右", "前")[int(u * 7919) % 2],
           "expired_on": ("昨天", "前天", "三天前", "上周")[k],
           # (one appointment: a technician's visit is booked for {visit}; every later line keeps that slot)
           "appt": "slot" if path not in ("area", "expired") else "none",
           # (every first step on a tested line opens with what the test found, which is the cause: LOS红说明光没进来,
           # 光猫有光但没注册上, 账号正常光猫在线, 局端带宽够: no generic 这个问题一般是…造成的 is added after it)
           "cause_told": "yes",
           # (where a red LOS light's fault lies once the connector and bends are ruled out: what the technician
           # comes for, and what the agent says of it)
           "cut": LOS_CUTS[int(u * 131) % len(LOS_CUTS)] if path == "los" else "-"}
    # Why a visit is refused (unsatisfied): one reason per record, which both refusals read (reading 19 #30: 合约状态
    # 和光猫是谁的 said after 账号正常, two reasons from nowhere). A fault past the 光猫 (line=router), where the first
    # step already said the account is paid and in force, is the self-bought router's; a fibre fault's refusal is the
    # expired contract.
    env["refused"] = "router" if env["line"] == "router" else "contract"
    return env


# Two- to four-hour windows a technician is booked in, by half day (hours on the clock).
WINDOWS = {"上午": ((8, 10), (9, 11), (9, 12), (10, 12)), "下午": ((1, 3), (1, 5), (2, 4), (2, 6), (3, 5), (4, 6)),
           "晚上": ((6, 8), (7, 9))}


def visit_window(tomorrow: bool, u: float) -> str:
    """A technician's window (明天上午9点到12点); today's only from the afternoon on."""
    slots = [(half, w) for half, ws in WINDOWS.items() if not (half == "上午" and not tomorrow) for w in ws]
    half, (a, b) = slots[min(int(u * len(slots)), len(slots) - 1)]
    return f"{'明天' if tomorrow else '今天'}{half}{a}点到{b}点"


def mark(told: list, acts: list, path: str) -> list:
    """The topics per turn with `path:<name>` added to the first agent turn's."""
    k = next(i for i, (role, _, _) in enumerate(acts) if role == "agent")
    told[k] = told[k] + ("path:" + path,)
    return told


# 流量套餐: what the customer wants and what the contract allows.
# up: a bigger plan (any time, next month); down: a cheaper one after the contract; addon: a pack for this month
# instead of a new plan (日包/月包/定向); roaming: a roaming day pack for a trip; retention: a cheaper plan refused
# under contract, a retention offer by tenure accepted instead; locked: the same refusal, the offer turned down.
DATA_PLAN = {
    "resolved": {"up": 3, "down": 1.5, "addon": 2, "roaming": 1, "retention": 1.5},
    "unsatisfied": {"locked": 1},
}
# Packs (name, yuan, what it covers); invented prices of the usual shape. Which one follows from how the number
# used its data (`usage`, what the agent's look-up of the last months shows):
# once: this month only (the months before within the plan): a one-off pack, a day pack for a day or two, a month
#   pack when the data is gone with days left; it lapses by itself;
# recurring: over the plan every month: a pack that renews each month (连续包月), cancellable at any time (a bigger
#   plan is the other remedy: the `up` path);
# video: most of the data went to video apps: a 定向 pack for those apps only, said to be so by the agent.
ADDONS = (("1元1GB流量日包", "1", "当天24点前有效"), ("5GB流量月包", "20", "当月有效，月底清零"),
          ("10GB流量月包", "30", "当月有效，月底清零"))
RECURRING_PACKS = (("10GB连续包月流量包", "25", "每月自动续订，不需要了随时退订"),
                   ("20GB连续包月流量包", "40", "每月自动续订，不需要了随时退订"))
VIDEO_PACK = ("视频定向流量包", "15", "每月30GB，只限指定的几个视频App")
VIDEO_SHARES = ("六成多", "七成左右", "将近八成")
# (destination, pack, yuan a day)
ROAMING = (("香港", "港澳台流量日包", "25"), ("日本", "日韩流量日包", "30"), ("泰国", "东南亚流量日包", "30"),
           ("法国", "欧洲流量日包", "50"))
LONG_TENURE = 5   # years on the network from which the bigger retention offers apply
# Retention offers by tenure: (kind, what is given, for how many months).
# (A customer who wants a cheaper plan is offered money off the bill, never more data it has no use for.)
OFFERS = {"long": (("discount", "八折", "12"), ("credit", "30元", "12"), ("discount", "八五折", "12")),
          "short": (("credit", "10元", "6"), ("discount", "九折", "6"))}


def data_plan_path(outcome: str, u: float) -> str:
    return draw(DATA_PLAN, outcome, u)


def data_plan_facts(path: str, over: str, u: float, v: float) -> tuple[dict, dict]:
    """(slots, env) a data-plan path adds: the pack ordered (addon, roaming), or the tenure, the months left on
    the contract and the retention offer (retention, locked; a locked customer of short tenure is offered to book
    the cheaper plan for when the contract ends)."""
    slots: dict = {}
    env: dict = {"path": path}
    if path == "addon":
        usage = "once" if v < 0.5 else "recurring" if v < 0.75 else "video"   # (v: free on this path)
        if usage == "once":
            # a day pack for a day or two away; with days of the month left and the data gone, a month pack
            packs = ADDONS[1:] if over == "yes" else ADDONS
        else:
            packs = RECURRING_PACKS if usage == "recurring" else (VIDEO_PACK,)
        name, price, cover = packs[min(int(u * len(packs)), len(packs) - 1)]
        slots["pack"] = name
        env.update({"direction": "addon", "usage": usage, "pack_price": price, "pack_cover": cover,
                    "video_share": VIDEO_SHARES[int(u * 997) % 3], "over_rate": str(OVERAGE_RATE),
                    "over_months": ("两", "三")[int(u * 89) % 2],
                    "pack_kind": "day" if "日包" in name else usage if usage != "once" else "month"})
    elif path == "roaming":
        dest, name, price = ROAMING[min(int(u * len(ROAMING)), len(ROAMING) - 1)]
        slots["pack"] = name
        env.update({"direction": "roaming", "dest": dest, "pack_price": price})
    elif path in ("retention", "locked"):
        years = 2 + int(v * 11)
        tenure = "long" if years >= LONG_TENURE else "short"
        offers = OFFERS[tenure]
        kind, amount, months = offers[min(int(u * len(offers)), len(offers) - 1)]
        if path == "locked" and tenure == "short":
            kind = "book"
        env.update({"tenure": tenure, "years": CN_YEARS[years], "offer": kind, "offer_amount": amount,
                    "offer_months": months, "months_left": str(2 + int(u * 997) % 12)})
    return slots, env


CN_YEARS = ("零", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三")


# 话费账单: what made the bill high, each with its own figures and remedy.
# addon: a value-added subscription (the order record decides: kept and cancelled, or refunded as mis-ordered);
# overage: data beyond the plan at the out-of-plan rate (explained; a first-time overage halved as goodwill);
# roaming: data abroad without a day pack (explained; near a border, a phone that roamed onto the other side's
#   network is escalated for a check of the cell records); premium: 声讯 call-backs (refunded, and blocked);
# family: a family-plan member's usage billed to the main number; oneoff: a one-off fee this month.
BILL = {
    "resolved": {"addon": 2, "overage": 2, "roaming": 1, "family": 1.5, "oneoff": 1},
    "refund_issued": {"addon": 2, "premium": 1.5, "overage": 1},
    "escalated": {"addon": 1, "roaming": 1},
    "unsatisfied": {"addon": 1, "overage": 1},
}
OVERAGE_RATE = 5            # yuan per GB beyond the plan (a common 5元/GB 套外流量 rate)
GREATER_CHINA = ("香港", "澳门", "台湾")
ROAMING_RATE = "0.5元/MB"   # the standard data rate abroad without a pack (of the published shape)
ONE_OFF = (("补换卡费", 20), ("宽带移机费", 100))
# Value-added subscriptions a bill's add-on is (names of the usual kind, invented) and their monthly fees (yuan, the
# usual range of such packs): the add-on is named with its fee, and the bill is the usual month plus it.
VAS = (("视频会员包", (15, 20, 25)), ("音乐会员包", (10, 15)), ("游戏加速包", (15, 20)), ("阅读会员包", (10, 12)))


# The share of a bill its cause must make for the customer to open with 话费怎么这么多 (a 10-yuan add-on in a
# 160-yuan bill goes unnoticed; the customer only asks to see the bill).
FELT_SHARE = 0.2


def felt(cause_fee: str, bill_amount: str) -> bool:
    return float(cause_fee) >= FELT_SHARE * float(bill_amount)


def bill_facts(path: str, outcome: str, amount: float, u: float) -> dict:
    """The figures a bill's cause is told with: the part of the bill it accounts for (cause_fee, within the total),
    and what it is made of (GB over, MB abroad and where, calls, the member, the one-off fee)."""
    env = {"path": path}
    share = 0.3 + 0.3 * u
    if path == "overage":
        gb = max(2, int(amount * share / OVERAGE_RATE))
        env.update({"over_gb": str(gb), "rate": str(OVERAGE_RATE), "cause_fee": str(gb * OVERAGE_RATE),
                    "half": f"{gb * OVERAGE_RATE / 2:g}"})
    elif path == "roaming":
        fee = max(20, int(amount * share))
        border = outcome == "escalated"
        dest = "香港" if border else ROAMING[min(int(u * 4), 3)][0]
        # Hong Kong, Macao and Taiwan are billed as 港澳台漫游, not 国际漫游 (the carriers' own tariff names).
        env.update({"dest": dest, "cause_fee": str(fee), "roam_mb": str(fee * 2), "roam_rate": ROAMING_RATE,
                    "roam_kind": "港澳台漫游" if dest in GREATER_CHINA else "国际漫游",
                    # a day pack (几十块 a day) pays off only for more than a light trip's data (reading 19 #13:
                    # 日包…比按MB划算得多 said of 33元 in all)
                    "roam_light": "yes" if fee < 60 else "no"})
    elif path == "premium":
        calls = min(2 + int(u * 4), max(2, int(amount * 0.3 / 6)))   # (a few calls' worth, not most of a small bill)
        # (the rest of the bill is named with it: 扣了些什么 is answered item by item, reading 20 r3 #26)
        env.update({"calls": CN_YEARS[calls], "cause_fee": str(calls * 6), "rest": f"{amount - calls * 6:.2f}"})
    elif path == "family":
        # (whose the member card is the record does not say: 家里老人的副卡 presumed what the customer never told,
        # reading of seed 58231, #17); the rest of the bill is named with it, so the breakdown adds up
        fee = max(10, int(amount * share))
        env.update({"member": ("副卡", "家里人的副卡", "副卡号码")[min(int(u * 3), 2)],
                    "cause_fee": str(fee), "rest": f"{amount - fee:.2f}"})
    elif path == "oneoff":
        name, fee = ONE_OFF[min(int(u * 2), 1)]
        env.update({"oneoff": name, "cause_fee": str(fee)})
    elif path == "addon":   # (slots in model.py: the add-on's name and monthly fee, and the usual month beside it)
        name, fees = VAS[min(int(u * len(VAS)), len(VAS) - 1)]
        env.update({"vas_name": name, "cause_fee": str(fees[min(int((u * 7919.0) % 1.0 * len(fees)), len(fees) - 1)])})
    return env


# 停机复机: why the line is off decides what restores it.
# arrears: pay, restored within half an hour (or paid and not posted: escalated); realname: 实名 re-verification
# in the app (ID photos and a face check) or at a shop, restored once reviewed; loss: a 挂失 lifted by the
# holder's service password and ID number (a lost SIM needs a shop); keep: 保号停机 ended on the holder's request.
SUSPENSION = {
    "resolved": {"arrears": 3, "realname": 1.5, "loss": 1, "keep": 1},
    "escalated": {"arrears": 1},
    "unsatisfied": {"arrears": 1},
}
# How a troubleshooting step the agent does itself (a remote re-registration or port reset) starts in faults.tsv:
# a fault it fixed was not fixed by the customer's hands.
REMOTE_STEP = "我这边"
# When a customer whose payment did not post paid (an escalated suspension): always hours before writing in, past
# the half hour a payment normally takes to post, so the agent looks into it instead of telling the half hour.
PAID_WHEN = ("昨天晚上", "今天上午", "两个多小时前", "昨天下午")
KEEP_FEE = "5"   # yuan a month while a number is kept (保号), a common figure
# Reconnections only the owner may ask for (a kept number: 保号停机 is lifted on the owner's request; a number reported
# lost, 挂失, is released, 解挂, on the owner's): the agent verifies the owner (the service password) before it
# carries the reconnection out, and says it was done (reading 19: a 解挂 told as steps, never verified or confirmed,
# closed as resolved).
OWNER_RESTORES = ("keep", "loss")


# When the operator's system sent the low-balance reminder before a line was cut for arrears: the agent reads it
# from the record (the customer never said whether it reached them).
REMINDED = ("停机前一天", "停机前两天", "前天上午", "三天前")


# Why a number is stopped for its 实名 (path realname), each with its own remedy: a periodic 二次核验 (ID photo and a
# face check in the app), the registered ID card expired (the new card uploaded; a temporary one at a shop), or the
# owner's ID holding several numbers (一证多号: each confirmed as the owner's own). Reading 18 found two 实名 chats
# one script with words swapped (read_dlg #8, #25).
REALNAME_CAUSES = ("recheck", "expired", "many")


def suspension_facts(path: str, u: float) -> dict:
    k = min(int(u * 4), 3)
    return {"path": path, "loss_when": ("前天", "三天前", "上周", "上个月底")[k],
            "keep_since": ("三个月前", "半年前", "去年底", "两个月前")[k], "keep_fee": KEEP_FEE,
            "reminded": REMINDED[int((u * 104729.0) % 1.0 * len(REMINDED))],
            "idc": REALNAME_CAUSES[int((u * 7919.0) % 1.0 * len(REALNAME_CAUSES))]}


# 挂失补卡: lock: a card perhaps only mislaid, locked for now (unlocked in the app if found; formal 挂失 later);
# post: formal 挂失 (at once) and a new card posted to the bill address; branch: the new card collected at a
# branch (sooner, in person with ID). The replacement fee depends on the card (published fee tables of the usual
# shape: a classic card pays a small 工本费, gold and platinum cards none).
CARD_LOSS = {"resolved": {"post": 3, "branch": 1.5, "lock": 1.5}, "unsatisfied": {"post": 1}}
CARD_KINDS = (("普卡", "要收15元工本费"), ("金卡", "免收工本费"), ("白金卡", "免收工本费和邮寄费"))


# A card's annual fee by its kind (the usual shape of card centres' fee tables; 恒信银行 is invented): a classic card
# is waived for the next year by 6 purchases in the year, a gold card by 12, a platinum card's fee is not waived by
# purchases but paid with points or waived from a year's spending.
FEE_CARDS = {"普卡": "classic", "金卡": "gold", "白金卡": "platinum"}


def fee_card(kind: str, u: float) -> str:
    """The annual-fee rule a second matter about the fee answers: the card's own kind where the plan knows it
    (a replacement card), else one drawn from `u`."""
    return FEE_CARDS.get(kind) or ("classic", "classic", "gold", "platinum")[min(int(u * 4), 3)]


def card_loss_facts(path: str, u: float) -> dict:
    kind, fee = CARD_KINDS[min(int(u * 3), 2)]
    env = {"path": path, "card_kind": kind, "card_fee": fee}
    if path == "lock":   # what a locked card's holder asks (卡号会变吗 or 自动还款还能扣吗): the answer reads it
        env["ask"] = "number" if u * 61 % 1.0 < 0.5 else "autopay"
    else:   # how a refused new address is closed: the branch looked up by district or picked in the App (bank.grammar)
        env["ask"] = "district" if u * 53 % 1.0 < 0.5 else "app"
    return env


# 额度调整: review: a permanent raise submitted, the result by SMS; instant: evaluated at once, the approved
# amount (the full amount asked or less, with when to ask again); temp: a temporary limit for a purchase, valid for
# a while and repaid in full with the next bill; refused: with its reason and when to re-apply; manual: a case the
# system cannot evaluate, escalated to a reviewer.
# (review is not a resolved ending: its result is still to come, end_state.py; a case left to a reviewer is escalated)
CREDIT_LIMIT = {"resolved": {"instant": 2, "temp": 1.5}, "unsatisfied": {"refused": 1},
                "escalated": {"manual": 1}}
# Why a raise is refused, from the card's history, with rough shares of the reasons card centres give (the rules
# of the usual shape: no raise in a card's first six months; a fixed limit adjusted at most once in 3 or 6 months,
# by the bank; recent lateness; a limit little used; income on file from the application; many recent credit
# enquiries on the 征信 report). Each has its own advice and its own wait before re-applying (`refusal_facts`).
REFUSALS = {"new_card": 1.2, "recent": 1.4, "low_usage": 1.4, "overdue": 1.1, "stale_income": 1.3,
            "enquiries": 1.2}
CN_MONTHS = ("零", "一", "两", "三", "四", "五", "六")
NOT_YET_ELIGIBLE = ("new_card", "recent")   # refusals before any evaluation: nothing is submitted


TEMP_RAISE = (0.3, 0.5)   # a temporary limit is granted about 30-50% above the fixed one (card centres' usual range)
PERMANENT_RAISE = (0.2, 0.5)   # a permanent raise granted in the chat: 20-50% more, as a new round figure


def round_limit(value: float) -> int:
    """A limit as a bank states one: whole thousands below 20,000 yuan, five thousands above (rounded down)."""
    step = 1000 if value < 20000 else 5000
    return int(value // step) * step


def granted_limit(limit: int, wanted: int, share: tuple, u: float) -> int:
    """The limit granted: `limit` raised by a share within `share` (drawn by `u`), a round figure at least one step
    above it, and never above what was asked."""
    raised = round_limit(limit * (1 + share[0] + (share[1] - share[0]) * u))
    return min(wanted, max(raised, limit + (1000 if limit < 20000 else 5000)))


def credit_limit_facts(path: str, limit: int, wanted: int, u: float) -> tuple[dict, dict]:
    """(slots, env) of a limit path: a limit granted in the chat (instant: permanent; temp: temporary, with the day
    it ends) is a slot, new_limit, that the agent states; it is the amount asked only when that is within the raise
    a bank grants at once, else less (and the agent says so)."""
    env = {"path": path}
    slots: dict = {}
    if path == "instant":
        approved = granted_limit(limit, wanted, PERMANENT_RAISE, u)
        env.update({"offer": "full" if approved >= wanted else "part", "approved": str(approved)})
        slots["new_limit"] = str(approved)
    elif path == "temp":
        granted = granted_limit(limit, wanted, TEMP_RAISE, u * 13 % 1.0)
        env.update({"temp_days": ("30", "60", "90")[min(int(u * 3), 2)],
                    "offer": "full" if granted >= wanted else "part"})
        slots["new_limit"] = str(granted)
    elif path == "refused":
        env.update(refusal_facts(draw({"refused": REFUSALS}, "refused", u), u * 97 % 1.0))
    return slots, env


def refusal_facts(cause: str, u: float) -> dict:
    """The card's history behind a refusal (`cause`): how many months it has been held, since the last adjustment
    (and the bank's interval, 3 or 6 months), since the late payment; the months to wait before re-applying."""
    # A card not yet eligible (too new, or adjusted too recently) is not submitted at all: the agent says it cannot
    # be applied for yet (filed=no), never that it was turned down (没能批下来); the other causes are evaluated and
    # refused (filed=yes) (reading 15, #24).
    env = {"cause": cause, "filed": "no" if cause in NOT_YET_ELIGIBLE else "yes"}
    if cause == "new_card":
        held = 2 + int(u * 4)   # 2-5 months
        env.update({"held": CN_MONTHS[held], "wait": CN_MONTHS[6 - held]})
    elif cause == "recent":
        gap = 3 if u < 0.5 else 6
        since = 1 + int(u * 997) % (gap - 1)
        env.update({"gap": CN_MONTHS[gap], "since": CN_MONTHS[since], "wait": CN_MONTHS[gap - since]})
    elif cause == "overdue":
        ago = 2 + int(u * 4)   # (the record leaves the six months looked at 6 - ago months from now: read_dlg2 #30)
        env.update({"late_ago": CN_MONTHS[ago], "late_days": ("三", "五", "十")[int(u * 997) % 3],
                    "clear_in": CN_MONTHS[6 - ago]})
    return env


# 交易疑问: what the charge the customer does not recognise turns out to be.
# own: the customer's own purchase, named on the bill by the payment company that took it (财付通 for 微信支付,
#   支付宝, 银联商务 for a shop's POS) before the shop's name; preauth: a hotel's or a car rental's 预授权 hold, not a
#   debit, released after checkout or return; duplicate: one payment taken twice, the second already reversed by
#   the merchant; subscription / utility: a 免密代扣 the customer signed once (a membership renewal, a utility
#   bill), cancelled here; fx: an overseas purchase converted to yuan at the posting day's rate, plus the card
#   scheme's conversion fee; fraud: not the customer's (the dispute, 止付 on request, the police from 100 yuan).
TXN = {
    "resolved": {"own": 2, "preauth": 1.5, "duplicate": 1.2, "subscription": 1.5, "utility": 1, "fx": 1},
    "unsatisfied": {"subscription": 1, "utility": 1},   # refused as authorised: the merchant refunds
    "escalated": {"fraud": 1},
}
# (company on the bill, how the customer paid through it, shops): 财付通 is WeChat Pay's licensed payment company.
# (company, how the customer paid, where the payment shows on their side, shops)
PAY_COMPANIES = (("财付通", "微信支付", "微信的账单", ("鲜丰水果", "老街面馆", "悦动健身", "小城药房")),
                 ("支付宝", "支付宝", "支付宝的账单", ("佳禾超市", "好又鲜生鲜", "一品烘焙")),
                 ("银联商务", "店里的POS机刷卡", "当天的购物小票", ("佳禾超市", "名典理发", "同福大药房")))
# (merchant, what is held for, yuan range in hundreds, when it is released): hotels hold a deposit until checkout
# and release it within a week; a car rental holds a larger one for traffic fines, for about 30 days.
PREAUTHS = (("锦程酒店", "住店押金", (3, 10), "退房后3到7个工作日", "hotel"),
            ("途安租车", "租车押金", (20, 50), "还车后30天左右（等违章查询结束）", "rental"))
DUPLICATES = ("满口香外卖", "快驰出行", "邻里家便利店")
# (overseas merchant, currency, yuan per unit at purchase): the posted amount is at the posting day's rate.
FX = (("东京樱丘药妆店", "日元", 0.048), ("首尔明洞化妆品店", "韩元", 0.0052), ("曼谷暹罗百货", "泰铢", 0.2))
FX_FEE = "1.5%"   # the conversion fee Visa/Mastercard card issuers commonly charge on a foreign-currency purchase


def txn_facts(path: str, u: float, v: float, w: float) -> tuple[dict, dict]:
    """(slots, env) a transaction path sets: the merchant as the bill names it, the amount, how it was paid
    (payment_auth) and the figures its explanation gives."""
    env: dict = {"path": path}
    if path == "own":
        company, way, record, shops = PAY_COMPANIES[min(int(u * 3), 2)]
        shop = shops[int(v * 997) % len(shops)]
        env.update({"shop": shop, "pay_company": company, "pay_way": way, "pay_record": record})
        return ({"merchant": f"{company}-{shop}", "txn_amount": f"{15 + int(v * 240)}.{int(w * 100):02d}",
                 "payment_auth": "快捷支付" if company != "银联商务" else "小额免密"}, env)
    if path == "preauth":
        merchant, held, (low, high), release, kind = PREAUTHS[min(int(u * 2), 1)]
        env.update({"held": held, "release": release, "hold": kind})
        return {"merchant": merchant, "txn_amount": f"{(low + int(v * (high - low + 1))) * 100}.00",
                "payment_auth": "预授权"}, env
    if path == "duplicate":
        merchant = DUPLICATES[min(int(u * 3), 2)]
        env.update({"reversal_days": ("1到3个工作日", "3个工作日内", "3到5个工作日")[int(v * 997) % 3]})
        return {"merchant": merchant, "txn_amount": f"{12 + int(v * 150)}.{int(w * 100):02d}",
                "payment_auth": "快捷支付"}, env
    if path == "fx":
        merchant, currency, rate = FX[min(int(u * 3), 2)]
        cny = 200 + int(v * 1800)
        foreign = round(cny / rate, -2 if rate < 0.01 else 0)
        fee = cny * 0.015   # posted with the purchase: the amount the customer sees is both
        env.update({"currency": currency, "foreign": f"{int(foreign)}", "fx_fee": FX_FEE, "fee_yuan": f"{fee:.2f}"})
        return {"merchant": merchant, "txn_amount": f"{cny + fee:.2f}", "payment_auth": "境外消费"}, env
    return {}, env


# 还款: what the customer needs for this bill.
# due: when and how much, and the 3-day grace period; minimum: the 最低还款额 (10% of the bill) and the interest the
# rest costs (日息万分之五 on the unpaid part, the common rate); instalment: 账单分期 with its fee per period (rates of
# the published shape: fewer periods, a higher rate); autopay: an auto-repayment that will fail, by its cause (the
# linked debit card replaced, so the agreement lapsed; another bank's card debited on the due day itself; last
# month's failed for want of balance); early: spending not yet billed repaid now (no fee); overpay: money paid
# beyond the bill kept as 溢缴款 (set against the next spending, or moved back to the holder's own debit card free).
REPAYMENT = {
    "resolved": {"due": 1.5, "minimum": 1.5, "instalment": 2, "autopay": 1.5, "early": 1, "overpay": 1},
    "unsatisfied": {"delay": 1},   # a 延期 asked for and refused (the grace period, the minimum, 分期 instead)
}
INSTALMENTS = (("3", 0.0075), ("6", 0.007), ("12", 0.0066), ("24", 0.0065))   # periods, fee per period
DAILY_RATE = 0.0005
AUTOPAY_CAUSES = ("lapsed", "cross_bank", "balance")
# The follow-up each path's customer asks (its answer is the path's solution).
REPAYMENT_QUESTIONS = {"due": "why", "minimum": "how", "instalment": "can_you", "autopay": "what_next",
                       "early": "what_next", "overpay": "what_next"}


def repayment_facts(path: str, bill: float, u: float) -> dict:
    """The figures a repayment path is told with."""
    env = {"path": path}
    if path == "minimum":
        env.update({"min_pay": f"{bill * 0.1:.2f}", "min_interest": f"{bill * 0.9 * DAILY_RATE * 30:.2f}"})
    elif path == "instalment":
        periods, rate = INSTALMENTS[min(int(u * 4), 3)]
        env.update({"periods": periods, "inst_rate": f"{rate * 100:.2f}%", "inst_fee": f"{bill * rate:.2f}",
                    "inst_principal": f"{bill / int(periods):.2f}",
                    "inst_total": f"{round(bill / int(periods), 2) + round(bill * rate, 2):.2f}",   # the sum of the two said
                    "inst_fee_sum": f"{bill * rate * int(periods):.2f}"})
    elif path == "autopay":
        env["cause"] = AUTOPAY_CAUSES[min(int(u * 3), 2)]
    elif path == "overpay":
        env["overpaid"] = str(100 * (1 + int(u * 20)))
    elif path == "delay":   # what the customer asks for: half a month more, or a 延期 with no length (only the
        env["ask"] = "half_month" if u < 0.5 else "extend"   # first is answered with 'half a month is past the grace')
    return env


# 还款未入账: where the money went and when.
# posted: it has posted, the app (or a reminder sent before it posted) is behind; transit: a transfer from another
# bank still clearing (1-2 working days), before the due date; old_card: paid to the card number before a
# replacement, moved to the new card by the bank; waived: paid after the due date and its grace period, a first late
# fee waived once as goodwill (the interest stays); pending_fee: a transfer from another bank still clearing and a
# late fee already charged (the waiver escalated); wrong_account: paid to a number that is not the customer's card.
# The card bank never received that money and is no party to the transfer: only the remitting bank (转出银行) can
# raise an enquiry and a return (退汇) with the receiving bank; a number that does not exist is returned to the
# remitting account by itself within a few working days. So the card bank tells that one procedure and who runs it
# (and that this bill is to be paid meanwhile) and escalates nothing (issue 12, reading 15 #14); late: posted after
# the grace period, the interest not waived.
NOT_POSTED = {
    "resolved": {"posted": 2, "transit": 1.5, "old_card": 1, "waived": 1, "wrong_account": 1},
    "escalated": {"pending_fee": 1.5},
    "unsatisfied": {"late": 1},
}
# How many working days a transfer to a card number that does not exist takes to come back to the remitting account
# (returned by the receiving bank: banks' transfer pages say "一般3-5个工作日退回").
RETURNED_IN = "3到5个工作日"
# The follow-up each path's customer asks (the others keep the intent's own).
NOT_POSTED_QUESTIONS = {"transit": "confirm", "old_card": "confirm", "waived": "can_you", "wrong_account": "confirm"}


# 话费充值未到账: where the top-up went, each with its own facts.
# posted: it has arrived, the app page is behind (a refresh, or a balance SMS, shows it);
# channel: paid through a third party (支付宝, 微信, a bank's app), which buys the top-up from the carrier in turn:
#   the order says 充值中, the carrier has no record yet; the channel completes it or refunds it within its window;
# arrears: it arrived and first paid off the number's arrears, so the balance is less than the top-up;
# shared: it arrived on a family plan's member number, whose money is kept in the main number's shared account;
# failed: paid, the top-up failed on the carrier's side, refunded through the payment channel;
# wrong_number: the order's number is mistyped and does not exist: the top-up failed, the channel refunds it;
# lost: paid in the carrier's own app, no record after an hour: a posting check is escalated;
# wrong_live: the mistyped number is someone's live number and was credited: the carrier cannot take another
#   holder's balance back, so an appeal is filed (the holder asked to consent) and the channel refunds it.
RECHARGE = {
    "resolved": {"posted": 2, "channel": 2, "arrears": 1.3, "shared": 1.2},
    "refund_issued": {"failed": 1, "wrong_number": 1},
    "escalated": {"lost": 1.2, "wrong_live": 1},
}
# Third-party top-up channels and how long their orders may stay 充值中 before they complete or refund (the
# windows their top-up pages state: a day for the wallets, up to three days for a bank's app).
RECHARGE_CHANNELS = (("支付宝", "24小时"), ("微信", "24小时"), ("手机银行App", "72小时"))
OWN_APP = "星联通信App"
# The follow-up each path's customer asks (posted keeps the intent's own: confirm or why).
RECHARGE_QUESTIONS = {"channel": "what_next", "arrears": "confirm", "shared": "how", "failed": "what_next",
                      "wrong_number": "what_next", "lost": "what_next", "wrong_live": "what_next"}


# Paths whose top-up order only the customer can read (a third party's order: the carrier sees no order and no
# number typed into it): the agent asks for what the payment record shows (the number entered, the 交易单号, the
# time) before it checks that number (reading 15 #13).
READ_BY_CUSTOMER = ("wrong_number", "wrong_live")
# Where a channel's payment record is and what its number is called there (the wallets' bill pages: 支付宝's 账单
# detail shows an 订单号, 微信's 账单 a 交易单号; a bank app's 交易明细 a 流水号).
RECORDS = {"支付宝": ("支付宝的“账单”", "订单号"), "微信": ("微信钱包的“账单”", "交易单号"),
           "手机银行App": ("手机银行的交易明细", "交易流水号")}
# When the top-up was paid, as the opening says it and as the payment record shows it.
PAID_AT = (("昨天晚上", "昨晚八点多"), ("两天前", "前天下午三点多"), ("上午", "今天上午十点多"))


def mistyped(phone: str, u: float) -> str:
    """The customer's masked number with one slip in its last four digits: two neighbours swapped, or (when they
    are equal) one digit off by one."""
    head, tail = phone[:-4], list(phone[-4:])
    k = min(int(u * 3), 2)
    if tail[k] != tail[k + 1]:
        tail[k], tail[k + 1] = tail[k + 1], tail[k]
    else:
        tail[k + 1] = str((int(tail[k + 1]) + 1) % 10)
    return head + "".join(tail)


def recharge_facts(path: str, recharge: str, phone: str, u: float) -> tuple[dict, dict]:
    """(slots, env) of a top-up path: where it was paid (via), the channel's window, the arrears it paid off and
    the balance left, the mistyped number the order carries."""
    slots: dict = {}
    channel, wait = RECHARGE_CHANNELS[min(int(u * 3), 2)]
    third_party = path in ("channel", "wrong_number", "wrong_live") or (path != "lost" and u * 7 % 1.0 < 0.5)
    env = {"path": path, "via": channel if third_party else OWN_APP, "wait": wait}
    if path == "channel":   # whether the customer says the channel's order shows 充值中 (the carrier cannot see it)
        env["shown"] = "yes" if u * 53 % 1.0 < 0.5 else "no"
    if path == "arrears":
        owed = round(int(recharge) * (0.15 + 0.5 * (u * 13 % 1.0)), 1)
        env.update({"owed": f"{owed:.1f}", "balance": f"{int(recharge) - owed:.1f}"})
    if path in READ_BY_CUSTOMER:
        slots["order_phone"] = mistyped(phone, u * 31 % 1.0)
        env["record_at"], env["record_no"] = RECORDS[env["via"]]
        env["paid_at"], env["paid_time"] = PAID_AT[min(int(u * 17 % 1.0 * 3), 2)]
    return slots, env
