"""What the customer's rating and closing words read from how the chat went, beyond its outcome (issue 12, readings
of seeds 64127 and 29573):

- a loss the company was late to tell (a lost parcel's search result out days before, its text message never sent:
  notice=missed) is rated 3 at most where the chat had a setback besides, and never 5 (r1 #11: resolved/4);
- a request to hurry that was asked and not granted (能不能快点？ on a late parcel or shipment: hurried=yes) keeps the
  rating under 5 (r2 #3: 5 after an unanswered 能不能快点？);
- how the customer answers the wrap-up question (还有其他需要吗？): a plain no, a thanks (not after an acceptance
  that thanked warmly already), a goodbye or, on the marketplace, an emoji; a grudging customer just says no. The
  same four words closed 10 of 30 chats (r1: 没别的了，就问这个！): real customers close in many small ways.
"""

from __future__ import annotations


def capped(satisfaction: int, env: dict, low: int) -> int:
    """The rating `satisfaction` within what the chat's facts allow (see the module's doc), never under `low`, the
    least the outcome and the acts allow (state.satisfaction_range: the rule satisfaction_agrees holds it)."""
    if env.get("notice") == "missed":
        satisfaction = min(satisfaction, 3)
    if env.get("hurried") == "yes":
        satisfaction = min(satisfaction, 4)
    return max(satisfaction, low)


# How a customer answers the wrap-up, by mood: (reply, cumulative share). Emoji only on the marketplace (else a
# thanks); a warm customer (sat 5) has thanked in the acceptance, so says no or goodbye more often.
REPLIES = {"high": (("no", 0.4), ("thanks", 0.65), ("bye", 0.85), ("emoji", 1.0)),
           "mid": (("no", 0.5), ("thanks", 0.85), ("bye", 1.0)),
           "low": (("no", 1.0),)}


def wrap_up_reply(mood: str, platform: str, u: float) -> str:
    """no, thanks, bye or emoji: how the customer answers 还有其他需要吗 (`u` uniform)."""
    reply = next(name for name, upto in REPLIES[mood] if u < upto)
    return "thanks" if reply == "emoji" and platform != "market" else reply
