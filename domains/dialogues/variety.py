"""How often the agent's wording repeats across dialogues: the share of dialogues in which each 10-character
stretch of agent text occurs, slot values excepted (an order number or a date repeated is the slot's business,
not the grammar's). A reader notices a sentence met before long before a rule does; this is that reader's count."""

from __future__ import annotations

from collections import Counter

from .catalogue import COMPANY, DATE_SLOTS, tables
from .procedures import ADDONS, CARD_KINDS, RECURRING_PACKS, VIDEO_PACK

WIDTH = 10
CUT = "\x00"   # where a slot value stood: no stretch crosses it


def _md(value: str) -> str:
    year, month, day = str(value)[:10].split("-")
    return f"{int(month)}月{int(day)}日"


def _table_values() -> set:
    """Values the agent reads out of a table rather than says in its own words: the company's name and a
    fault's facts (its troubleshooting step is the knowledge base's, the same for every customer with it), a
    plan's data allowance."""
    t = tables()
    facts = {str(v) for row in t.fault_table for k, v in row.items() if k != "fault"}
    # what a data pack covers, as its table says
    packs = {cover for _, _, cover in ADDONS + RECURRING_PACKS + (VIDEO_PACK,)}
    fees = {fee for _, fee in CARD_KINDS}         # a card kind's replacement fee, read off the fee table
    return facts | set(COMPANY.values()) | {p[2] for p in t.plans} | packs | fees


def agent_stretches(slots: dict, turns: list, width: int = WIDTH) -> set:
    """The distinct `width`-character stretches of one dialogue's agent turns, slot values (and the table
    values of `_table_values`) cut out."""
    values = {_md(v) if k in DATE_SLOTS else str(v) for k, v in (slots or {}).items() if v}
    values = sorted(values | _table_values(), key=len, reverse=True)
    found: set = set()
    for turn in turns:
        if turn["role"] != "agent":
            continue
        text = turn["text"]
        for value in values:
            if value in text:
                text = text.replace(value, CUT)
        for piece in text.split(CUT):
            found.update(piece[k:k + width] for k in range(len(piece) - width + 1))
    return found


def most_repeated(slots_column, turns_column, top: int = 5, width: int = WIDTH) -> list[tuple[float, str]]:
    """The `top` agent stretches found in the most dialogues, as (share of dialogues, stretch)."""
    counts: Counter = Counter()
    n = 0
    for slots, turns in zip(slots_column, turns_column):
        counts.update(agent_stretches(slots, turns, width))
        n += 1
    return [(c / max(n, 1), s) for s, c in counts.most_common(top)]


def main() -> None:
    """`python -m synth.domains.dialogues.variety [--n 5000] [--seed 11]`: per intent, the agent stretch found in
    the most dialogues of that intent alone, and the worst over all intents."""
    import argparse

    import synth

    from .catalogue import INTENTS

    parser = argparse.ArgumentParser(description=main.__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    worst = (0.0, "", "")
    for intent in INTENTS:
        frame = synth.generate("dialogues", args.n, seed=args.seed, intent=intent)
        share, stretch = most_repeated(frame["slots"], frame["turns"], top=1)[0]
        print(f"{intent:<22} {share:6.1%}  {stretch}")
        worst = max(worst, (share, intent, stretch))
    print(f"worst: {worst[0]:.1%} ({worst[1]}: {worst[2]})")


if __name__ == "__main__":
    main()
