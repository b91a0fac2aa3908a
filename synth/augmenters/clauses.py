"""Clause-level rewrites of free text that move whole clauses or frame a verdict (restructure uses them).

- cause and effect: "A，因为B。" ↔ "因为B，所以A。" when the sentence is exactly these two clauses; the reason and
  the result keep every word, so the label signature holds;
- a stance adverb: a simple evaluation (屏幕很清晰) may say the writer stands by it (屏幕确实很清晰, and
  屏幕真的很清晰 where the text is not written): the verdict and its strength stay, only its assertion is marked;
- an opinion frame: a sentence that opens with a simple evaluation (房间很干净) may say whose opinion it is
  (我觉得房间很干净), and a sentence that opens with 我觉得/我感觉 may drop it. A review is its writer's opinion
  either way, so neither changes what the text says about the item.
"""

from __future__ import annotations

from .analysis import CONN, DEG, FROZEN, LEXNEG, NEG, PROT, PUNCT, SENT

NEW = PROT | CONN
SENTENCE_END = frozenset("。！？!?…\n")
CAUSES = ("因为", "由于")
RESULTS = ("所以", "因此")
# Words at the head of a clause that tie it to what came before: such a clause is not moved (它 needs the
# clause before it, 但是/而且 a clause to contrast or add to).
TIED_HEADS = frozenset({"但是", "但", "不过", "可是", "然而", "而且", "并且", "所以", "因此", "因为", "由于", "虽然",
                        "尽管", "如果", "要是", "即使", "就算", "不仅", "不但", "也", "还", "就", "又", "却", "它",
                        "它们", "这", "那", "于是", "然后", "结果", "只是", "就是", "其实", "总之", "而", "同时",
                        "另外", "此外", "可惜", "甚至", "比如", "例如", "除了", "只要", "只有", "无论", "不管", "既然"})
OPINION_FRAMES = ("我觉得", "我感觉")
# Demonstratives that open a noun subject (这家酒店, 这款手机): the frame goes before them.
THIS_HEADS = frozenset({"这", "这个", "这家", "这款", "这部", "这本", "这台", "这间", "这种", "这次", "该", "此", "那家",
                        "那个", "这里", "这边"})
FRAME_WORDS = frozenset({"觉得", "感觉", "认为", "以为", "发现", "希望", "我", "我们", "个人", "本人"})
BRACKETS = frozenset("（()【】[]“”\"《》")


def T(word: str) -> tuple:
    return (word, NEW, 0)


def _sentences(clauses):
    """Runs of clauses that make one sentence (up to a 。！？ or the end of the text)."""
    run = []
    for clause in clauses:
        run.append(clause)
        if clause.final:
            yield run
            run = []
    if run:
        yield run


def _plain(tokens, start: int, end: int) -> bool:
    """The clause has words, no bracket or quote that may pair with another clause, nothing frozen at its ends."""
    return end - start >= 2 and not any(t[0][0] in BRACKETS for t in tokens[start:end])


def cause_rewrites(tokens, clauses) -> list[tuple[int, list, int]]:
    """A，因为B。 → 因为B，所以A。 and back, for a sentence of exactly these two clauses."""
    found = []
    for sentence in _sentences(clauses):
        if len(sentence) != 2:
            continue
        first, second = sentence
        if first.delim[:1] not in ("，", ",") or first.start >= first.end or second.start >= second.end:
            continue
        head, lead = tokens[first.start], tokens[second.start]
        if not _plain(tokens, first.start, first.end) or not _plain(tokens, second.start, second.end):
            continue
        comma = tokens[first.end]
        if lead[0] in CAUSES and head[0] not in TIED_HEADS and second.end - second.start >= 3 \
                and not head[1] & CONN and not any(t[0] in CAUSES or t[0] in RESULTS
                                                   for t in tokens[first.start:first.end]):
            # 我不推荐，因为房间很脏。 → 因为房间很脏，所以我不推荐。
            reason = tokens[second.start + 1:second.end]
            found.append((first.start, [lead] + reason + [comma, T("所以")] + tokens[first.start:first.end],
                          second.end))
        elif head[0] in CAUSES and lead[0] in RESULTS and second.end - second.start >= 2 \
                and tokens[second.start + 1][0] not in TIED_HEADS \
                and not any(t[0] in CAUSES or t[0] in RESULTS for t in tokens[first.start + 1:first.end]):
            # 因为房间很脏，所以我不推荐。 → 我不推荐，因为房间很脏。
            result = tokens[second.start + 1:second.end]
            # 由于 gives a reason before the result, never after it: the moved reason says 因为
            because = T("因为") if head[0] == "由于" else head
            found.append((first.start, result + [comma, because] + tokens[first.start + 1:first.end], second.end))
    return found


def opinion_rewrites(tokens, clauses, evaluates, is_noun) -> list[tuple[int, list, int]]:
    """房间很干净。 → 我觉得房间很干净。 (a sentence that opens with a clause whose subject is a noun and which
    evaluates one way: `evaluates(k)` says so for clause k); 我觉得房间很干净 → 房间很干净 (a frame followed
    by a clause of its own). A list mark (2、, 1.) before the clause stays in front."""
    found = []
    opens = True
    for k, clause in enumerate(clauses):
        start = clause.start
        if opens:
            start = _after_list_mark(tokens, start, clause.end)
        if opens and clause.end - start >= 2:
            head = tokens[start]
            named = head[0] in THIS_HEADS and start + 2 < clause.end and is_noun(tokens[start + 1][0])
            # the cheap tests first: most clauses fail on their last word or their head
            if _ends_in_evaluation(tokens, start, clause.end) and not head[1] & (PUNCT | CONN) \
                    and (not head[1] & PROT or _chinese_word(head[0])) \
                    and head[0] not in FRAME_WORDS and head[0] not in TIED_HEADS and clause.delim[:1] not in ("：", ":") \
                    and (named or is_noun(head[0])) \
                    and FRAME_WORDS.isdisjoint([t[0] for t in tokens[start:clause.end]]) \
                    and REPORT_WORDS.isdisjoint([t[0] for t in tokens[start:clause.end]]) and evaluates(k):
                found.extend((start, [T(frame), head], start + 1) for frame in OPINION_FRAMES)
            elif head[0] in OPINION_FRAMES and clause.end - start >= 3 and _clause_follows(tokens, start + 1):
                found.append((start, [], start + 1))
            elif head[0] in ("我", "我们") and start + 2 < clause.end and tokens[start + 1][0] in ("觉得", "感觉") \
                    and _clause_follows(tokens, start + 2):
                found.append((start, [], start + 2))
            elif head[0] in ("我", "我们") and start + 2 < clause.end and tokens[start + 1][0] == "认为" \
                    and not tokens[start + 1][1] & FROZEN:
                found.append((start + 1, [T("觉得")], start + 2))  # 我认为是理想选择 → 我觉得 (its everyday twin)
        opens = clause.final
    return found


def _chinese_word(word: str) -> bool:
    """A protected head the frame may stand before: a fixed term (做工, 手感), not a number, a list mark or a
    quotation."""
    return all("\u4e00" <= ch <= "\u9fff" for ch in word) and word[0] not in NUMERAL_HEADS


# A clause that explains a cause (因…而, 由于) or reports an absence (完好无破损) states what was found, not a view:
# 我觉得 before it hedges a fact (我觉得墙壁因漏水而发霉).
REPORT_WORDS = frozenset({"因", "因为", "由于", "而", "无", "曾经", "已经"})
NUMERAL_HEADS = frozenset("零〇一二两三四五六七八九十百千万第几半")


def _ends_in_evaluation(tokens, start: int, end: int) -> bool:
    """The clause's last word (before a final particle) is an evaluation: 房间很干净; 价格高的离谱 is not, nor a
    noun phrase that ends in a sentiment noun (房间里的怪味)."""
    while end > start + 1 and tokens[end - 1][0] in ("了", "的", "啊", "呀", "哦", "啦", "吧"):
        end -= 1
    if end - start >= 2 and tokens[end - 2][0] == "的":
        return False  # 房间里的怪味: a noun phrase, which 我觉得 cannot frame
    return bool(tokens[end - 1][1] & (SENT | LEXNEG))


def _after_list_mark(tokens, start: int, end: int) -> int:
    """The first token after a list mark (2、, （2）, 1.) at the head of a clause."""
    if end - start > 2 and tokens[start][1] & PROT and tokens[start][0][:1].isdigit() \
            and tokens[start + 1][0] in ("、", ".", "．", "）", ")"):
        return start + 2
    return start


def _clause_follows(tokens, i: int) -> bool:
    """What follows a dropped frame can stand alone: a subject, not a bare predicate (我觉得是…, 我觉得很好)."""
    word, flags, _ = tokens[i]
    return not flags & PUNCT and word not in TIED_HEADS and word not in NOT_AFTER_FRAME


NOT_AFTER_FRAME = frozenset({"是", "的", "了", "有", "很", "挺", "非常", "还", "不错", "应该", "可能", "会", "自己",
                             "比较", "太", "特别", "有点", "真", "真的", "好", "一般", "还行", "不", "没", "没有"})


QUOTE_CHARS = frozenset("\"“”‘’「」『』'")
LIMITING_CHARS = frozenset("不没未非")  # 谈不上, 算不上, 并非: a word that denies what follows it
STANCES = frozenset({"确实", "的确", "真的", "真", "实在", "其实", "确", "倒是", "还是", "就是", "都", "可", "也是",
                     "太"})
# Words that make a clause something other than a statement of fact: a condition, a wish, a question.
NOT_ASSERTED = frozenset({"如果", "要是", "假如", "即使", "就算", "只要", "希望", "建议", "怎么", "是否", "吗", "么",
                          "虽然", "尽管", "不如", "比", "应该", "可能", "也许", "好像", "似乎", "感觉", "觉得", "认为"})
FINAL = frozenset({"了", "啊", "呀", "的", "啦", "哦"})
MODERATE = frozenset({"比较", "较", "较为", "还算", "稍微", "略", "略微"})


def stance_rewrites(tokens, is_noun, adjectives, spoken: bool) -> list[tuple[int, list, int]]:
    """房间很小 → 房间确实很小 / 房间真的很小 (`spoken`: the text is not written), 内存不方便 → 内存确实不方便: a
    noun subject (or 也 after it) followed by a predicate of degree adverbs, negations and one evaluation that ends
    the clause. Once per clause, never where a stance is said already, nor in a condition, a wish or a question,
    where 确实 would assert what the writer did not."""
    found = []
    n = len(tokens)
    clause_start = 0
    for i in range(n):
        word, flags, _ = tokens[i]
        if flags & PUNCT:
            clause_start = i + 1
            continue
        prev = tokens[i - 1] if i else ("。", PUNCT, 0)
        if not (flags & (DEG | NEG | SENT | LEXNEG)) or word in ("是", "有", "没有"):
            continue
        # a whole sentence that is its verdict (非常满意！ → 真的非常满意！) opens with its degree adverb
        opening = prev[0] in SENTENCE_END and flags & DEG and not flags & SENT
        if prev[1] & PUNCT and not opening or not (opening or is_noun(prev[0]) and not prev[1] & CONN
                                                    or prev[0] == "也" and i >= 2 and is_noun(tokens[i - 2][0])):
            continue
        k = i
        while k < n and tokens[k][1] & (DEG | NEG) and not tokens[k][1] & (SENT | LEXNEG | PUNCT):
            k += 1
        if k >= n or not tokens[k][1] & (SENT | LEXNEG) or tokens[k][1] & PUNCT:
            continue
        evaluative = tokens[k][0] in adjectives
        if not (tokens[k][1] & SENT or evaluative) or (k == i or any(t[1] & NEG for t in tokens[i:k])) \
                and not tokens[k][1] & LEXNEG and not evaluative:
            continue  # a bare or negated verb (设施生锈, 洗衣机不见了) is an event, not a verdict to vouch for
        end = k + 1
        while end < n and tokens[end][0] in FINAL:
            end += 1
        if end < n and not tokens[end][1] & PUNCT:
            continue  # the evaluation must close the clause: 很好的酒店 is not a verdict
        clause_end = end
        if opening and clause_end < n and tokens[clause_end][0] not in SENTENCE_END:
            continue  # only when the verdict is the whole sentence: the subject may be in the clause before
        if clause_end < n and tokens[clause_end][0] in ("？", "?"):
            continue
        if prev[1] & DEG or k == i and len(tokens[k][0]) == 1:
            continue  # 有点麻烦 (有点真的麻烦), 整理好 (a result complement, jieba's 整理 is a noun): only a degree
            # adverb or a two-character evaluation shows the predicate is a verdict
        words = [t[0] for t in tokens[clause_start:clause_end]]
        if any(QUOTE_CHARS.intersection(w) or LIMITING_CHARS.intersection(w) for w in words[:i - clause_start]):
            continue  # 键盘"看起来"手感也很好: a scare quote doubts what 确实 would vouch for; 谈不上 / 算不上 deny it
        if not STANCES.isdisjoint(words) or not NOT_ASSERTED.isdisjoint(words) \
                or any(f & CONN for _, f, _ in tokens[i:k]):
            continue
        found.append((i, [T("确实"), tokens[i]], i + 1))
        # 真的比较干净 reads oddly: 真的 wants a full degree; and a bare one-syllable word after it (态度真的差,
        # 质量也真的好) stalls the rhythm
        if spoken and word not in MODERATE and not (i == k and len(word) == 1):
            found.append((i, [T("真的"), tokens[i]], i + 1))
    return found
