"""Template twins and repeated lines in dialogues (issue 12, item 6: reading 30 dialogues aloud must not reveal a
template with words swapped).

Per intent, for N dialogues of one seed:
- twins: the share of dialogues whose agent turns, read as wording frames (slot values and numbers masked), are the
  same sequence as another dialogue's;
- near twins: the share of dialogues that share NEAR or more agent sentences (wording frames of 12 characters or
  more, trivial acts aside) with one other dialogue of the intent: what a reader hears as one script;
- the full agent and customer lines (greetings and short replies aside) found in the most dialogues, with the
  share of the intent's dialogues that contain them (goal: under about 2%).

- the share of dialogues of their scenario that carry the stock wordings a reader noticed (reading of seed 58231:
  很失望, 给您带来不便, 显示用的是银行卡, 我这就帮您办吗 ...).

    python benchmarks/dialogue_templates.py [--n 3000] [--seed 7301] [--top 3]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import synth  # noqa: E402

NUMBER = re.compile(r"\d+(?:[.:]\d+)*")
SENTENCE = re.compile(r"[^。！？；~\n]+")
NEAR = 2
MIN_SENTENCE_CHARS = 12
MIN_LINE_CHARS = 10  # shorter lines are greetings, thanks and "ok"
SKIP_ACTS = {"greet_only", "ask_need", "close", "check", "anything_else", "no_more", "thank", "accept", "affirm",
             "ask_info", "provide_info"}


# Stock wordings the reading of seed 58231 heard in several of 30 dialogues.
NOTICED = {
    "很失望": re.compile("那就这样吧，很失望"),
    "给您带来不便": re.compile("给您带来不便了"),
    "显示用的是银行卡": re.compile("显示(用的)?是?银行卡"),
    "我这就办吗": re.compile("我这就(帮|给)?您办吗"),
    "小程序首页公告": re.compile("小程序首页公告"),
    "哪段路/哪里压件": re.compile("(哪段路|哪里)压件"),
    "原包装和配件…顺利": re.compile("原包装和配件.{0,12}顺利"),
    "改不了系统的": re.compile("(改不了|没法改|无法更改|不能更改)系统的"),
    "质量问题(描述不符)": re.compile("质量问题"),
}


def noticed(data) -> dict:
    """wording -> (share of the dialogues of the scenario it is most common in, that scenario)."""
    counts: dict = defaultdict(Counter)
    totals = Counter(data["scenario"])
    for scenario, intent, text in zip(data["scenario"], data["intent"], data["text"]):
        for name, pattern in NOTICED.items():
            if pattern.search(text) and (name != "质量问题(描述不符)" or "描述" in text):
                counts[name][scenario] += 1
    return {name: max(((n / totals[s], s) for s, n in counts[name].items()), default=(0.0, "-"))
            for name in NOTICED}


def frame(text: str, slots: dict) -> str:
    """The wording of a turn with every slot value and number replaced by a placeholder."""
    for value in sorted((str(v) for v in slots.values() if v), key=len, reverse=True):
        text = text.replace(value, "#")
    return NUMBER.sub("#", text)


def measure(data) -> dict:
    """intent -> (dialogues, twin share, near-twin share, [(share, role, line)] most frequent lines first)."""
    sequences: dict = defaultdict(Counter)
    lines: dict = defaultdict(Counter)
    sentences: dict = defaultdict(list)
    totals: Counter = Counter()
    for intent, slots, turns in zip(data["intent"], data["slots"], data["turns"]):
        totals[intent] += 1
        sequences[intent][tuple(frame(t["text"], slots) for t in turns if t["role"] == "agent")] += 1
        seen = {(t["role"], t["text"]) for t in turns
                if len(t["text"]) >= MIN_LINE_CHARS and t["act"] not in SKIP_ACTS}
        lines[intent].update(seen)
        sentences[intent].append({s for t in turns if t["role"] == "agent" and t["act"] not in SKIP_ACTS
                                  for s in SENTENCE.findall(frame(t["text"], slots)) if len(s) >= MIN_SENTENCE_CHARS})
    out = {}
    for intent, total in totals.items():
        twins = sum(n for n in sequences[intent].values() if n > 1) / total
        top = [(n / total, role, text) for (role, text), n in lines[intent].most_common()]
        out[intent] = (total, twins, near_twins(sentences[intent]) / total, top)
    return out


def near_twins(dialogues: list) -> int:
    """How many of the dialogues (each a set of agent sentences) share NEAR or more sentences with another one."""
    holders = defaultdict(list)
    for k, said in enumerate(dialogues):
        for sentence in said:
            holders[sentence].append(k)
    found = 0
    for k, said in enumerate(dialogues):
        shared = Counter(j for sentence in said for j in holders[sentence] if j != k)
        found += any(n >= NEAR for n in shared.values())
    return found


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=7301)
    ap.add_argument("--top", type=int, default=3)
    args = ap.parse_args(argv)
    data = synth.generate("dialogues", args.n, seed=args.seed)
    result = measure(data)
    worst = []
    for intent, (total, twins, near, top) in sorted(result.items(), key=lambda kv: -kv[1][2]):
        print(f"{intent:22} n={total:4d} twins={twins:6.1%} near twins={near:6.1%}")
        for role in ("agent", "customer"):
            for share, _, text in [t for t in top if t[1] == role][: args.top]:
                print(f"    {role:8} {share:5.1%}  {text[:70]}")
        worst += [(share, intent, role, text) for share, role, text in top if total >= 50]
    over = sorted((w for w in worst if w[0] > 0.02), reverse=True)
    print("near twins overall:", f"{sum(r[2] * r[0] for r in result.values()) / sum(r[0] for r in result.values()):.1%}")
    print("noticed wordings, share of the scenario where commonest:")
    for name, (share, scenario) in noticed(data).items():
        print(f"  {name:18} {share:6.1%}  {scenario}")
    by_role = Counter(w[2] for w in over)
    print(f"lines over 2% of their intent (intents with 50+ dialogues): {len(over)}",
          f"(agent {by_role['agent']}, customer {by_role['customer']})")
    for share, intent, role, text in [w for w in over if w[2] == "agent"] + over[:30]:
        print(f"  {share:5.1%} {intent:20} {role:8} {text[:60]}")


if __name__ == "__main__":
    main()
