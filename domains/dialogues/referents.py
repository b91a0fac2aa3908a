"""A place named twice in one agent turn is named once, then referred to (issue 12, reading 19 r1 #1, #8, #11, #16:
one turn saying the same fact twice; lost parcels: 轨迹停在成都双流转运中心…成都双流转运中心查了48小时, in 40% of them).

The renderer knows which pieces are slot values (segment kind "slot", tag the slot's name), so the second mention
of the same place in one turn is found without reading the words: it becomes 那边 (那边查了48小时), or 中转场 where
the turn says 那边 already (途中在中转场压了一天，那边的分拣线…).
Only places have a referent that fits every sentence they stand in; an amount or a company name said twice is left
to the scenario's grammar (`repeated_slots` finds them for a test or a benchmark)."""

from __future__ import annotations

# The slots that name a place (a hub a parcel stalls at), with the word that refers back to it, and the one used
# where the turn says 那边 already (那边压了一天，那边的分拣线… reads as a stammer).
PLACES = {"last_scan": "那边", "hub": "那边"}
SECOND = {"last_scan": "中转场", "hub": "中转场"}


def places_of(env: dict) -> tuple:
    """The place slots the plan's facts carry (most plans carry none: then nothing is read per turn)."""
    return tuple(tag for tag in PLACES if tag in env)


def refer_back(segs: list, tags: tuple) -> None:
    """The second and later mentions of each place in `tags` in one turn's pieces `segs` become its referent (a
    referent right before the piece's own 那边 is not doubled: X那边 -> 那边)."""
    for tag in tags:
        seen = False
        for k, (text, kind, name) in enumerate(segs):
            if kind != "slot" or name != tag:
                continue
            if not seen:
                seen = True
                continue
            after = segs[k + 1][0] if k + 1 < len(segs) else ""
            word = PLACES[tag]
            if after.startswith(word):
                word = ""
            elif any(word in piece[0] for piece in segs):
                word = SECOND[tag]
            segs[k] = (word, "text", "refer")


def repeated_slots(turns: list, min_chars: int = 3) -> list:
    """(turn index, slot) for each agent turn that says one of its slots' values twice (values of `min_chars` or
    more characters): the facts a reader hears said twice in one turn."""
    out = []
    for k, turn in enumerate(turns):
        if turn["role"] != "agent":
            continue
        for slot, value in turn["slots_mentioned"].items():
            value = str(value)
            if len(value) >= min_chars and turn["text"].count(value) >= 2:
                out.append((k, slot))
    return out
