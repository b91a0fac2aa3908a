"""Rewrites of real, free text that the `restructure` operation offers besides its clause joins.

Each function takes the tokens of an analysed text ((word, flags, polarity) triples) and its clauses, and returns
(first token replaced, new tokens, one past the last token replaced) triples; restructure spells them out and
drops duplicates. None of them adds, drops or moves a sentiment word or a negation, so the label signature holds:

- degree: 很X → 非常X / 特别X, or X得很 for a clause-final adjective; 非常/特别/十分X → 很X; 非常的X → 非常X;
  挺X的 ↔ 挺X at the end of a clause;
- connectives at the head of a clause: 因为 ↔ 由于, 所以 ↔ 因此, 如果 ↔ 要是, 而且 ↔ 并且, 但是 ↔ 可是 ↔ 不过,
  总之 ↔ 总而言之, 另外 ↔ 此外; a missing half of a pair added (A，所以B → 因为A，所以B; A，但是B → 虽然A，但是B
  at the start of a sentence) or an existing first half dropped (因为A，所以B → A，所以B; 不仅A，而且B →
  A，而且B), and 不仅 ↔ 不但;
- adverbials: a time word and the subject pronoun before it change places (我昨天入住 ↔ 昨天我入住).
"""

from __future__ import annotations

from .analysis import CONN, DEG, FROZEN, LEXNEG, NEG, PROT, PUNCT, SENT

NEW = PROT | CONN  # a word the rewrite inserted: no later operation changes it
SENTENCE_END = frozenset("。！？!?…\n")

# Clause-initial connectives that replace each other whatever follows (both read the same in a review).
SWAPS = {"因为": ("由于",), "由于": ("因为",), "所以": ("因此",), "因此": ("所以",), "如果": ("要是", "假如"),
         "要是": ("如果",), "假如": ("如果",), "而且": ("并且",), "并且": ("而且",), "但是": ("可是", "不过"),
         "可是": ("但是", "不过"), "不过": ("但是", "可是"), "但": ("但是",), "总之": ("总而言之",),
         "总而言之": ("总之",), "另外": ("此外",), "此外": ("另外",), "不仅": ("不但",), "不但": ("不仅",)}
CONTRAST_LEADS = frozenset({"但是", "但", "可是", "不过"})
# The first halves of pairs that may go: the second half still carries the relation.
DROPPABLE_FIRST = {"因为": ("所以", "因此"), "由于": ("所以", "因此"), "不仅": ("而且", "并且", "还", "也"),
                   "不但": ("而且", "并且", "还", "也")}
OPENERS = frozenset({"虽然", "尽管", "虽说", "因为", "由于", "如果", "要是", "假如", "即使", "就算", "不仅", "不但",
                     "除了", "只要", "只有", "无论", "不管", "既然", "但是", "但", "可是", "不过", "所以", "因此",
                     "而且", "并且", "然后", "总之", "其实", "另外", "此外", "还有", "同时", "而"})

VERY = ("非常", "特别")
STRONG_TO_PLAIN = frozenset({"非常", "特别", "十分"})
PRETTY = frozenset({"挺", "蛮"})
# 很 + these is a fixed word or not a degree reading (很是, 很多); the word after 特别 decides whether it is an
# adjective (特别的, 特别是).
NOT_AFTER_DEGREE = frozenset({"是", "的", "了", "多", "少", "久", "早", "晚", "有", "在", "为", "地", "得", "像"})
TIME_WORDS = frozenset({"昨天", "今天", "前天", "当天", "当时", "后来", "第二天", "第一天", "晚上", "早上", "上午",
                        "下午", "中午", "半夜", "最近", "之前", "以前", "刚开始", "一开始", "这次", "上次", "那天",
                        "前几天", "这几天", "平时", "每次", "当晚", "次日"})
PRONOUNS = frozenset({"我", "我们", "他", "她", "他们", "她们"})


def T(word: str) -> tuple:
    return (word, NEW, 0)


def _free(token) -> bool:
    return not token[1] & FROZEN


def _opens_sentence(tokens, start: int) -> bool:
    return start == 0 or tokens[start - 1][0][0] in SENTENCE_END


def degree_rewrites(tokens, tag_of) -> list[tuple[int, list, int]]:
    found = []
    n = len(tokens)
    for i, (word, flags, _) in enumerate(tokens):
        if not flags & DEG or flags & FROZEN or i + 1 >= n:
            continue
        nxt = tokens[i + 1]
        if nxt[1] & PUNCT or nxt[0] in NOT_AFTER_DEGREE or nxt[0] in VERY or nxt[0] in STRONG_TO_PLAIN:
            continue
        prev = tokens[i - 1][0] if i else ""
        if word == "很" and prev[-1:] not in ("很", "不", "没"):
            for very in VERY:
                found.append((i, [T(very)], i + 1))
            end = i + 2
            after = tokens[end] if end < n else None
            if (nxt[1] & SENT and not nxt[1] & (NEG | LEXNEG) and len(nxt[0]) <= 2
                    and (tag_of(nxt[0]) or "").startswith("a") and (after is None or after[1] & PUNCT)):
                found.append((i, [nxt, T("得"), T("很")], end))  # 干净得很
        elif word in STRONG_TO_PLAIN and nxt[0] != "的":
            found.append((i, [T("很")], i + 1))
        if word in STRONG_TO_PLAIN | {"很"} and nxt[0] == "的" and i + 2 < n and tokens[i + 2][1] & SENT:
            found.append((i, [tokens[i]], i + 2))  # 非常的喜欢 → 非常喜欢
        if word in PRETTY and nxt[1] & SENT and not nxt[1] & PUNCT:
            end = i + 2
            after = tokens[end] if end < n else None
            if after is None or after[1] & PUNCT:
                found.append((i, [tokens[i], nxt, T("的")], end))  # 挺好 → 挺好的
            elif after[0] == "的" and (end + 1 >= n or tokens[end + 1][1] & PUNCT):
                found.append((i, [tokens[i], nxt], end + 1))  # 挺好的 → 挺好
    return found


def connective_rewrites(tokens, clauses) -> list[tuple[int, list, int]]:
    found = []
    for number, clause in enumerate(clauses):
        if clause.start >= clause.end:
            continue
        head = tokens[clause.start]
        word = head[0]
        if word in SWAPS and not head[1] & (PROT & ~CONN) and clause.end - clause.start > 1 \
                and not tokens[clause.start + 1][1] & PUNCT:
            for other in SWAPS[word]:
                found.append((clause.start, [T(other)], clause.start + 1))
        following = clauses[number + 1] if number + 1 < len(clauses) else None
        if following is None or clause.final or following.start >= following.end:
            continue
        second = tokens[following.start][0]
        # drop a first half whose second half stays: 因为A，所以B → A，所以B
        if word in DROPPABLE_FIRST and second in DROPPABLE_FIRST[word] and clause.end - clause.start > 2:
            found.append((clause.start, [], clause.start + 1))
        # add a first half: A，所以B → 因为A，所以B; A，但是B → 虽然A，但是B (only at the head of a sentence)
        if word in OPENERS or head[1] & (PUNCT | CONN) or not _opens_sentence(tokens, clause.start):
            continue
        if clause.end - clause.start < 2 or any(t[0] in OPENERS for t in tokens[clause.start:clause.end]):
            continue
        if tokens[clause.end][0] not in ("，", ","):
            continue
        if second in ("所以", "因此"):
            found.append((clause.start, [T("因为"), head], clause.start + 1))
        elif second in CONTRAST_LEADS and following.end - following.start > 1:
            found.append((clause.start, [T("虽然"), head], clause.start + 1))
    return found


def adverbial_rewrites(tokens, clauses) -> list[tuple[int, list, int]]:
    found = []
    for clause in clauses:
        s, e = clause.start, clause.end
        if e - s < 3:
            continue
        a, b = tokens[s], tokens[s + 1]
        if not (_free(a) or a[0] in PRONOUNS) or not (_free(b) or b[0] in PRONOUNS):
            continue
        if a[0] in PRONOUNS and b[0] in TIME_WORDS or a[0] in TIME_WORDS and b[0] in PRONOUNS:
            if tokens[s + 2][1] & PUNCT or tokens[s + 2][0] in ("的", "是", "和", "跟"):
                continue
            found.append((s, [b, a], s + 2))
    return found
