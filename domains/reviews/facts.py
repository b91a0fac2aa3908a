"""The facts a review's clauses share, decided with its plan before any text: who went along (party), how long the
buyer has had the item (held), how fast it came (ship), whether the price is praised (value), a baby's age band and
whether it was harmed (band, harm), which aspects it discusses (said_<aspect>=yes, so a compare or a verdict
follow-up does not restate one: 环境…适合同事聚餐 is not followed by 很适合同事聚餐), whether a verdict may call it worth the money (worth) or money wasted (overpaid) and whether a complaint
shows with use (wear), whether any praise is hedged (hedged), whom it was
bought for (owner), what a disappointed buyer did with it (fate), how a book was read (pace), and what
the item's kind is (its @kind line's facts: screen, colour, lasts, antifake, seasoned, quiet, metro). They are grammar variables; an alternative that states
one of them is in a rule conditioned on it (`opening if held!=long:`), so a clause that would contradict the
review's fact is not eligible (拿到一周 never meets 用了一个多月, 公司订的 never meets 我白花钱了)."""

from __future__ import annotations

from functools import lru_cache

from .catalogue import kind_facts

FACT_DRAWS = 6   # uniforms per record, in a stream of their own, for the facts

# Who went along, by category and kind: (value, weight). "work" is a trip or meal with colleagues, paid by the
# company (公司订的): no clause about the reviewer's own wasted money. Resorts and homestays are not work trips.
_PARTY = {
    ("hotel", "business"): (("work", 5), ("couple", 2), ("friends", 2), ("family", 2)),
    ("hotel", "budget"): (("work", 4), ("couple", 2), ("friends", 2), ("family", 2)),
    ("hotel", ""): (("couple", 3), ("friends", 3), ("family", 4)),
    ("restaurant", ""): (("friends", 4), ("work", 2), ("couple", 2), ("family", 2)),
}

# Categories whose reviews say how long the buyer has had the item: "new" (days, a week or two: 拿到一周, 收到三四天)
# or "long" (a month and more: 用了一个多月, 洗了好几次).
_HELD = frozenset({"ecommerce", "electronics", "apparel", "beauty", "appliance", "baby"})
LONG_SHARE = 0.45

# A baby's age band: 0-6 months, 6-12 months, 1-3 years. An item whose name says its stage or size decides it
# (`with_item`): 1段 formula is for the first, 2段 the second, 3段 the third; diapers S for the first, M and L the
# second, XL the third.
_BANDS = ("infant", "older", "toddler")
_ITEM_MARKS = (("1段", "infant", ""), ("2段", "older", ""), ("3段", "toddler", ""),
               ("XL码", "toddler", "XL"), ("S码", "infant", "S"), ("M码", "older", "M"), ("L码", "older", "L"))

# Complaints that do not touch the baby: a review of only these never says the child suffered (孩子遭罪).
_NOT_ON_THE_BABY = frozenset({"price", "logistics"})

# The aspect that is the delivery in each category: its polarity decides ship (a review that complains of slow
# delivery never opens with 三四天就到了).
_DELIVERY = {"book": "delivery", "electronics": "delivery", "ecommerce": "logistics", "apparel": "logistics",
             "appliance": "delivery", "fresh": "logistics", "snacks": "logistics", "baby": "logistics",
             "takeaway": "delivery"}
_SLOW = frozenset({"neg", "meh"})

# Categories whose positive leads include 超值！: said only when the review praises the price.
_VALUE_LEAD = frozenset({"ecommerce", "apparel"})
_PRAISE = frozenset({"pos", "ok"})

# worth: whether a verdict may say it was worth the money (我觉得特别值). Only when the review praises the price:
# a restaurant review of only its surroundings has said nothing about money, and a stay the company paid for
# spent none of the reviewer's. A film or a book is worth one's time,
# which every positive review of them says.
_WORTH_TIME = frozenset({"movie", "book"})

# wear: whether a complaint is of something that shows with use, so a follow-up weeks later can say it got no better
# (a colour mismatch, a wrong size or a price drop does not change with use).
_WEARS = {"ecommerce": frozenset({"quality", "smell"}),
          "electronics": frozenset({"battery", "screen", "performance", "camera", "sound", "build", "heat",
                                    "keyboard"})}


# owner: whom the item was bought for. A review that opens 给爸妈买的 (owner=other) never goes on 我用着 or 我身高一米七.
_OWNED = frozenset({"ecommerce", "apparel", "beauty", "appliance", "fresh", "electronics"})
FOR_OTHERS = 0.15

# fate: what a disappointed buyer did with the item (returned, binned, given away, kept), said at most one way:
# 扔了 is never followed by 送人了. An item whose fault showed with use (wear=yes) was kept.
_FATED = frozenset({"ecommerce", "beauty", "electronics", "fresh", "apparel", "appliance"})
_FATES = (("returned", 0.45), ("binned", 0.2), ("given", 0.1), ("kept", 0.25))

# pace: how a book was read, in one go (gulp: 一口气读完, 熬夜读完) or over days (days: 花了三个晚上): one or the
# other in every clause. Only a review with no complaint was read in one go.
GULP = 0.45

# pleased: where a positive review says it is satisfied (满意), once: in a mild clause (还算满意), the lead (满意！),
# the verdict (我对这款很满意), the rating (整体还是很满意的) or a follow-up (好久没买到这么满意的); every 满意 the
# grammars say is in a rule conditioned on it, so a review never says it twice or four times.
_PLEASED = (("verdict", 0.45), ("clause", 0.2), ("more", 0.15), ("lead", 0.1), ("rating", 0.1))

# long: whether the review aims at LONG_REVIEW characters or more, so a closing about having written a lot
# (码了这么多字) is said only there.
LONG_REVIEW = 120
# brief: whether the review aims below BRIEF_REVIEW characters, so a short review may leave out the stock verdict and
# be only what was good or bad (电池耐用，屏幕清楚。), as many real short reviews are.
BRIEF_REVIEW = 40


def facts(category: str, kind: str, aspects: tuple[str, ...], polarities: tuple[str, ...], u: list[float],
          target: int = 0) -> tuple:
    """((variable, value), ...) for one review, from its plan and its fact uniforms `u` (FACT_DRAWS of them) and the
    length it aims at (`target`)."""
    out = []
    party = _party_table(category, kind)
    if party:
        values, cumulative = party
        out.append(("party", values[_pick(cumulative, u[0])]))
    declared = kind_facts(category, kind)
    if category in _HELD:
        # a kind that is eaten or used up in days (lasts=no: snacks) is never had for a month (用了两个月 of nuts)
        lasting = ("lasts", "no") not in declared
        out.append(("held", "long" if u[1] < LONG_SHARE and lasting else "new"))
    praised = "price" in aspects and polarities[aspects.index("price")] in _PRAISE
    if category in _VALUE_LEAD:
        out.append(("value", "yes" if praised else "no"))
    paid_by_work = bool(out) and out[0] == ("party", "work")
    out.append(("worth", "yes" if (praised and not paid_by_work) or category in _WORTH_TIME else "no"))
    # overpaid: whether a negative verdict may say the money was wasted (这价钱花得不值): only after the review
    # criticised the price, and never when the company paid.
    overpaid = "price" in aspects and polarities[aspects.index("price")] in _SLOW
    out.append(("overpaid", "yes" if overpaid and not paid_by_work else "no"))
    worn = _WEARS.get(category)
    if worn is not None:
        # An item the review sent away for repair (a complaint about after-sales: 送修一个多月还没消息) is not in the
        # buyer's hands, so no follow-up says they kept using it.
        away = "aftersales" in aspects and polarities[aspects.index("aftersales")] in _SLOW
        wears = any(a in worn and p in _SLOW for a, p in zip(aspects, polarities))
        out.append(("wear", "yes" if wears and not away else "no"))
    if category == "baby":
        out.append(("band", _BANDS[min(int(u[2] * len(_BANDS)), len(_BANDS) - 1)]))
        hurt = any(a not in _NOT_ON_THE_BABY and p in _SLOW for a, p in zip(aspects, polarities))
        out.append(("harm", "yes" if hurt else "no"))
    if category == "book":
        # a book whose delivery the review discusses is a fresh purchase, not one found on the shelf
        out.append(("bought", "fresh" if "delivery" in aspects else "any"))
        # read in one go: every aspect praised plainly (故事还行 is no page-turner) and a kind one reads on and on
        # (a cookbook or a guide, page_turner=no on its @kind line, is looked things up in, not 一口气读完)
        gripping = (all(p == "pos" for p in polarities) and ("page_turner", "no") not in declared)
        out.append(("pace", "gulp" if gripping and u[4] < GULP else "days"))
    if category in _OWNED:
        out.append(("owner", "other" if u[4] < FOR_OTHERS else "self"))
    if category in _FATED:
        kept = ("wear", "yes") in out
        out.append(("fate", "kept" if kept else _fate(u[5])))
    out.extend(("said_" + a, "yes") for a in aspects)
    # praised_<aspect>: what a short verdict may give as its reason (光冲着早餐也会再来), so the verdicts a short review
    # ends on are tied to what it praised rather than a few stock lines every review shares.
    liked = [a for a, p in zip(aspects, polarities) if p == "pos"]
    out.extend(("praised_" + a, "yes") for a in liked)
    out.append(("praised", "yes" if liked else "no"))
    # A review that praises anything only mildly (还行, 没什么大毛病) has no superlative verdict (我特别满意).
    out.append(("hedged", "yes" if "ok" in polarities else "no"))
    # A complaint said only mildly (有点尬) tempers a negative review: its stars are not wished below one (真想给负分).
    out.append(("tempered", "yes" if "meh" in polarities else "no"))
    delivery = _DELIVERY.get(category)
    if delivery is not None:
        slow = delivery in aspects and polarities[aspects.index(delivery)] in _SLOW
        out.append(("ship", "slow" if slow else "fast"))
    out.append(("pleased", _pick_share(_PLEASED, u[3])))
    out.append(("long", "yes" if target >= LONG_REVIEW else "no"))
    out.append(("brief", "yes" if target < BRIEF_REVIEW else "no"))
    out.extend(declared)   # what the kind is (screen, colour, quiet, metro...), for clauses that presume it
    return tuple(out)


def _fate(x: float) -> str:
    return _pick_share(_FATES, x)


def _pick_share(table: tuple, x: float) -> str:
    """The value of `table` ((value, share), ...) whose share holds the uniform x."""
    for value, share in table:
        if x < share:
            return value
        x -= share
    return table[-1][0]


def with_item(facts_: tuple, category: str, item: str) -> tuple:
    """A review's facts with what its item's name fixes (a baby product's stage or size decides the baby's age; a
    takeaway shop's name its noodle and its tea's topping)."""
    if category == "takeaway":
        return facts_ + _shop_facts(item)
    if category != "baby":
        return facts_
    return _item_facts(facts_, item)


# A noodle shop's name says what it serves (酸辣粉 is 粉, never 面) and a tea shop's what goes in its cups (a lemon
# tea shop has no 芋泥): the reader of seed 80809 met 酸辣粉 面特别有嚼劲 and 柠檬果茶 with 芋泥. An unknown name
# (the user's own) keeps every choice (any).
_NOODLE_MARKS = (("米线", "mixian"), ("粉", "fen"), ("面", "mian"))
_TEA_MARKS = (("芋泥", "taro"), ("柠檬", "fruit"), ("鲜果", "fruit"), ("茶语", "pearl"), ("半糖", "pearl"),
              ("茉莉", "pearl"))


@lru_cache(maxsize=4096)
def _shop_facts(item: str) -> tuple:
    noodle = next((v for mark, v in _NOODLE_MARKS if mark in item), "any")
    tea = next((v for mark, v in _TEA_MARKS if mark in item), "any")
    return (("noodle", noodle), ("tea", tea))


@lru_cache(maxsize=4096)
def _item_facts(facts_: tuple, item: str) -> tuple:
    for mark, band, size in _ITEM_MARKS:
        if mark in item:
            fixed = (("band", band),) + ((("size", size),) if size else ())
            return tuple(f for f in facts_ if f[0] != "band") + fixed
    return facts_


@lru_cache(maxsize=None)
def _party_table(category: str, kind: str):
    table = _PARTY.get((category, kind)) or _PARTY.get((category, ""))
    if not table:
        return None
    total = float(sum(w for _, w in table))
    cumulative, running = [], 0.0
    for _, w in table:
        running += w
        cumulative.append(running / total)
    return tuple(v for v, _ in table), tuple(cumulative)


def _pick(cumulative: tuple[float, ...], x: float) -> int:
    for i, edge in enumerate(cumulative):
        if x < edge:
            return i
    return len(cumulative) - 1
