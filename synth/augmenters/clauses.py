"""Clause-level rewrites of free text that move whole clauses or frame a verdict (restructure uses them).

- cause and effect: "A，因为B。" ↔ "因为B，所以A。" when the sentence is exactly these two clauses; the reason and
  the result keep every word, so the label signature holds;
- a stance adverb: a simple evaluation (屏幕很清晰) may say the writer stands by it (屏幕确实很清晰, and
  屏幕真的很清晰 where the text is not written): the verdict and its strength stay, only its assertion is marked;
- an opinion frame: a sentence that opens with a simple evaluation (房间很干净) may say whose opinion it is
  (我觉得房间很干净), and a sentence that opens with 我觉得/我感觉 may drop it. A review is its writer's opinion
  either way, so neither changes what the text says about the item;
- moves that keep every word (issue 17): two comma-joined clauses that each have their own noun subject and agree in
  polarity change places (reorder_rewrites), two short predicates of one subject too (parallel_rewrites), two
  one-word items of a 、 list (list_rewrites), a time word before or after its clause's noun subject
  (time_rewrites); a run-on sentence split at a comma (split_rewrites) and two short sentences joined
  (join_rewrites);
- 而且B ↔ B也 for a clause that adds to the one before (additive_rewrites).
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
                    and REPORT_WORDS.isdisjoint([t[0] for t in tokens[start:clause.end]]) \
                    and PERCEPTION_WORDS.isdisjoint([t[0] for t in tokens[start:clause.end]]) \
                    and REPORTING_VERBS.isdisjoint([t[0] for t in tokens[start:clause.end]]) and evaluates(k):
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
# A clause that already says how something strikes the writer (略感失望, 感到满意, 显得陈旧) has its perceiver:
# 我觉得 before it says it twice (我觉得服务略感不足).
PERCEPTION_WORDS = frozenset({"略感", "感到", "感觉到", "显得", "觉得", "感", "觉", "深感", "颇感", "倍感", "甚感"})
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
VOUCHING = frozenset({"确实", "的确", "真的"})  # stance adverbs already in the text
MODERATE = frozenset({"比较", "较", "较为", "还算", "稍微", "略", "略微"})


def stance_rewrites(tokens, is_noun, adjectives, spoken: bool) -> list[tuple[int, list, int]]:
    """房间很小 → 房间确实很小 / 房间真的很小 (`spoken`: the text is not written), 内存不方便 → 内存确实不方便: a
    noun subject (or 也 after it) followed by a predicate of degree adverbs, negations and one evaluation that ends
    the clause. Once per clause, never where a stance is said already, nor in a condition, a wish or a question,
    where 确实 would assert what the writer did not. Only in a sentence that already vouches for something with
    确实, 的确 or 真的 in another clause: inserted into a plain verdict, the stance adds an emphasis the writer did
    not give (散热也很好 → 散热也确实很好)."""
    found = []
    if VOUCHING.isdisjoint(t[0] for t in tokens):
        return found
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


# -- splitting a run-on sentence at a comma ---------------------------------------------------------------------

# Openers that make the clauses after them depend on them (虽然A，但是B; 因为A，所以B; 如果A，就B): a sentence
# that has one before the comma is not split there.
SUBORDINATORS = frozenset({"虽然", "虽说", "尽管", "因为", "由于", "如果", "要是", "假如", "即使", "就算", "哪怕",
                           "只要", "只有", "除了", "无论", "不管", "既然", "不仅", "不但", "不光", "一边", "一方面",
                           "与其", "宁愿", "宁可", "之所以", "为了", "因", "不仅仅", "不只", "越", "希望", "如", "的话"})
# Prepositions that open an adverbial (在诸多的伤害面前，…; 作为80后，…): such a clause is not a sentence.
ADVERBIAL_HEADS = frozenset({"在", "对", "对于", "关于", "从", "当", "随着", "作为", "经过", "通过", "按", "按照", "根据",
                             "为", "趁", "自从", "除", "至于", "针对", "凭", "依", "到"})
# Adverbs that tie a clause to the one before as its consequence (我们才入住, 就回家了): it stays joined.
CONSEQUENCE_ADVERBS = frozenset({"才", "就", "便", "却", "于是", "因而"})
# Verbs that take a clause as their object (我觉得，房间很好): the clause after the comma is what they say.
CLAUSE_TAKING = frozenset({"觉得", "感觉", "认为", "以为", "发现", "希望", "知道", "相信", "说", "想", "看到", "听说",
                           "表示", "建议", "记得", "明白", "担心", "怀疑", "承认", "没想到", "想不到", "可见", "据说",
                           "告诉", "问", "回答", "说明", "证明", "感到", "觉", "看", "听", "写", "想到", "注意到",
                           "看出", "保证", "规定", "提醒", "要求", "推荐", "以为是", "是"})
# Verbs of opinion or report whose object may run on past the comma (我们相信人体…，保持健康…).
OPINION_VERBS = frozenset({"相信", "认为", "觉得", "感觉", "以为", "希望", "建议", "告诉", "表示", "发现", "听说", "据说",
                           "了解", "知道", "明白", "清楚", "不知", "不知道", "不明白", "不了解", "想知道"})
# Verbs of reporting: the clauses after one may all be what was said.
REPORTING_VERBS = frozenset({"说", "讲", "称", "说道", "提到", "问", "告诉", "说是", "都说", "也说", "听", "听到"})
# Words that close a clause only half (A的，B; A和，B): what follows the comma finishes it.
OPEN_ENDS = frozenset({"的", "和", "与", "及", "或", "或者", "以及", "跟", "同", "对", "把", "被", "给", "在", "从", "向",
                       "等", "之", "就", "也", "还", "都", "而", "但", "地", "得", "着", "时候", "时", "之后", "以后",
                       "后", "之前", "以前", "前", "下", "情况下", "中", "期间", "里", "上", "来说", "而言", "看来"})
# Subjects and sentence adverbials a clause may open a new sentence with.
NEW_SENTENCE_HEADS = frozenset({"我", "我们", "他", "她", "他们", "她们", "你", "你们", "大家", "咱们", "这", "这个",
                                "那个", "这里", "那里", "那些", "这边", "这家", "这款", "这部", "这本", "这台", "这种", "这些",
                                "该", "此", "本人", "个人", "但是", "不过", "可是", "而且", "另外", "此外", "总之",
                                "其实", "总的来说", "总体来说", "可惜", "幸好", "还好", "当然", "然后", "后来", "最后",
                                "第二天", "当时", "现在", "以后", "下次"})
# Heads of NEW_SENTENCE_HEADS that are sentence adverbials, not subjects.
ADVERBIAL_OPENERS = frozenset({"但是", "不过", "可是", "而且", "另外", "此外", "总之", "其实", "总的来说", "总体来说", "可惜",
                               "幸好", "还好", "当然", "然后", "后来", "最后", "第二天", "当时", "现在", "以后", "下次"})
# Heads of a last clause that is a speech act of its own — a wish, advice, a recommendation (…，希望能改进。
# → …。希望能改进。): it may be its own sentence with no subject, as reviews write it.
CLOSING_HEADS = frozenset({"希望", "建议", "值得", "推荐", "强烈推荐", "不推荐", "值得推荐", "值得购买", "值得一看",
                           "值得一读"})
SPLIT_MIN = 5  # characters each side must have: 体积小，重量轻 is a list of points, not two sentences


def split_rewrites(tokens, clauses, tag_of) -> list[tuple[int, list, int]]:
    """A run-on sentence split at a comma into two sentences (房间很大，床也很舒服。 → 房间很大。床也很舒服。): only
    where the clause before says something whole (it has a verb, adjective or evaluation, and does not end in a
    word that wants more, nor in a verb that takes the next clause as its object), the clause after opens with
    its own subject or a sentence adverbial, or is the last and a wish, advice or recommendation (CLOSING_HEADS),
    and nothing before the comma subordinates what follows (虽然, 因为, 如果 ...). Every word stays; only the comma
    becomes a full stop. `tag_of`: jieba's tag of a word."""
    found = []
    for sentence in _sentences(clauses):
        subordinated = False
        said = False  # the clause before ends in a verb that takes the next clause as its object (…说，A，B)
        for left, right in zip(sentence, sentence[1:]):
            words = [t[0] for t in tokens[left.start:left.end]]
            subordinated |= not SUBORDINATORS.isdisjoint(words)
            reported, said = said, bool(words) and words[-1] in CLAUSE_TAKING
            # 我们相信A，B / 我觉得A，B: what follows may still be what is believed, so it stays in that sentence
            subordinated |= not OPINION_VERBS.isdisjoint(words)
            # 女儿说这本书很好看，她喜欢里面的插图: what was reported may run on past the comma
            subordinated |= not REPORTING_VERBS.isdisjoint(words)
            if subordinated or reported or left.delim != "，" or left.end >= len(tokens) or not words \
                    or words[0] in ADVERBIAL_HEADS:
                continue
            if not CONSEQUENCE_ADVERBS.isdisjoint(t[0] for t in tokens[right.start:min(right.end, right.start + 3)]):
                continue
            if any(w[0] in BRACKETS for w in words) or not _plain(tokens, right.start, right.end):
                break  # a bracket or quote may span the comma
            head = tokens[right.start][0]
            if head not in NEW_SENTENCE_HEADS and not (len(head) > 1 and (tag_of(head) or "")[:1] in ("n", "r")
                                                      and (tag_of(head) or "") != "nr") \
                    and not (head in CLOSING_HEADS and right is sentence[-1]):
                continue
            if len("".join(words)) < SPLIT_MIN or head not in CLOSING_HEADS and \
                    len("".join(t[0] for t in tokens[right.start:right.end])) < SPLIT_MIN:
                continue  # (a closing is a sentence however short: 值得推荐！)
            last = words[-1]
            if last in OPEN_ENDS or last in CLAUSE_TAKING or any(t[1] & PROT and not t[1] & CONN
                                                                 for t in tokens[left.end - 1:left.end]):
                continue
            if left is sentence[0] and not _has_subject(words, tag_of) \
                    and not any(t[1] & (SENT | LEXNEG) for t in tokens[left.start:left.end]):
                continue  # 拿到这本书，我…: a first clause with no subject and no verdict sets the scene for the next
            tail = words[len(words) - words[::-1].index("的"):] if "的" in words else words
            if not any(t[1] & (SENT | LEXNEG) or (tag_of(t[0]) or "")[:1] in ("v", "a")
                       for t in tokens[left.end - len(tail):left.end]):
                continue  # 昨天晚上，… / 又大又吓人的画面，…: a time or noun phrase, no clause of its own
            delim = tokens[left.end]
            found.append((left.end, [("。", delim[1], 0)], left.end + 1))
    return found


def _has_subject(words, tag_of) -> bool:
    """The clause opens with a subject: a pronoun or demonstrative, or a noun of two or more characters."""
    first = words[0]
    tag = tag_of(first) or ""
    return len(words) > 1 and (first in NEW_SENTENCE_HEADS and first not in ADVERBIAL_OPENERS
                               or len(first) > 1 and tag[:1] == "n" and tag != "nr")


# -- two independent clauses change places ----------------------------------------------------------------------

# Words that tie a clause to another (也, 还, 就: 'too', 'then'), point back at it (这, 它, 其, 如此) or mark a
# relation between the two (但, 所以, 而且): a clause with any of them keeps its place.
REFERRING = TIED_HEADS | frozenset({"更", "才", "倒", "倒是", "反而", "同样", "一样", "其", "此", "该", "这样", "那样",
                                    "这么", "那么", "如此", "这个", "那个", "这些", "那些", "这里", "那里", "他", "她",
                                    "他们", "她们", "并", "再", "又是", "也是", "还是", "而是", "便", "于是", "以后",
                                    "之后", "后来", "然后", "最后", "先", "首先", "接着", "同时", "比", "比较起来",
                                    "相比", "更是", "尤其", "特别是", "尤其是", "以外", "之外", "外", "总之", "总的来说"})
REORDER_MARKS = frozenset({"，", ","})
# Heads of a clause that judges the whole item (值得推荐, 很满意): it may follow two clauses in either order.
VERDICT_HEADS = frozenset({"值得", "推荐", "强烈推荐", "值得推荐", "值得购买", "值得一看", "值得一读", "很满意", "非常满意",
                           "满意", "总体", "总体来说", "整体", "总的来说", "物超所值", "好评", "五星", "赞"})
# Marks of an event (摔了一跤, 去过, 等着) or its time: clauses with them tell a sequence, whose order is the story's.
EVENT_MARKS = frozenset({"了", "过", "着", "把", "被", "给", "让", "叫", "刚", "刚刚", "已经", "已", "正在", "在", "要",
                         "会", "将", "去", "来", "后", "时", "时候"})
DESCRIBE_MAX = 12  # characters: a longer clause without a sentiment word is more than a description


def comma_pairs(clauses):
    """(sentence, k, index) for each clause k of a sentence that a comma joins to clause k + 1; index: clause k's
    place in `clauses`. Questions are left out (their parts are not statements to reorder). The operations that
    walk these take them listed once as `pairs`, or list them themselves."""
    index = 0
    for sentence in _sentences(clauses):
        if len(sentence) > 1 and sentence[-1].delim[:1] not in ("？", "?"):
            for k in range(len(sentence) - 1):
                if sentence[k].delim in REORDER_MARKS:
                    yield sentence, k, index + k
        index += len(sentence)


def reorder_rewrites(tokens, clauses, polarity, is_subject, pairs=None) -> list[tuple[int, list, int]]:
    """屏幕很清晰，做工很扎实。 → 做工很扎实，屏幕很清晰。: two clauses of one sentence joined by a comma change
    places when each opens with its own noun subject (`is_subject`: an aspect noun, not the item or a pronoun, so
    neither leans on a subject said in the other), both evaluate the same way (`polarity(k)` of clause k, +1 or
    -1: which of two opposite verdicts comes last is the writer's), neither has a word that ties it to the other
    or points back (也, 还, 就, 这, 它, 但, 所以, 比 ...), and the clause after the pair, if any, opens with a subject
    of its own (看着舒服 after them would change what it speaks of). Every word stays; the comma and the sentence's
    end mark keep their places."""
    found = []
    for sentence, k, index in comma_pairs(clauses) if pairs is None else pairs:
        a, b = sentence[k], sentence[k + 1]
        start = _after_list_mark(tokens, a.start, a.end) if k == 0 else a.start
        if a.end - start < 2 or b.end - b.start < 2 or tokens[b.start][0] in REFERRING \
                or not (is_subject(tokens[b.start][0]) and is_subject(tokens[start][0])):
            continue  # the cheap tests first: most pairs fail on their heads
        if not _plain(tokens, start, a.end) or not _plain(tokens, b.start, b.end):
            continue
        if any(t[0] in REFERRING or t[1] & (CONN | PUNCT) for t in tokens[start:a.end]) \
                or any(t[0] in REFERRING or t[1] & (CONN | PUNCT) for t in tokens[b.start:b.end]):
            continue
        if k + 2 < len(sentence):
            c = sentence[k + 2]
            head = tokens[c.start][0] if c.start < c.end else ""
            if not (is_subject(head) or head in VERDICT_HEADS) or head in REFERRING:
                continue
        pa, pb = polarity(index), polarity(index + 1)
        if not _agree(pa, pb):
            continue
        if (pa is None or pb is None) and not (_describes(tokens, start, a.end) and _describes(tokens, b.start, b.end)):
            continue
        if pa is None and not _graded(tokens, start, a.end) or pb is None and not _graded(tokens, b.start, b.end):
            continue  # 文字可开悟 (read as nothing) may be praise before 行事太矫情: the unread clause must be graded
        comma = tokens[a.end]
        found.append((start, tokens[b.start:b.end] + [comma] + tokens[start:a.end], b.end))
    return found


def _agree(pa, pb) -> bool:
    """Two clauses' polarities allow them to change places: at least one is read, and none is opposite."""
    return (pa is not None or pb is not None) and (pa is None or pb is None or pa == pb)


def _graded(tokens, start: int, end: int) -> bool:
    """A degree adverb or a negation in the clause: it grades a property (性价比不高, 房间很大)."""
    return any(t[1] & (DEG | NEG) for t in tokens[start:end])


def _describes(tokens, start: int, end: int) -> bool:
    """The clause states a property (服务有待改进, 性价比不高), not an event: short, with no aspect mark, no auxiliary
    of the future, no time word of a sequence."""
    if sum(len(t[0]) for t in tokens[start:end]) > DESCRIBE_MAX:
        return False
    return not any(t[0] in EVENT_MARKS or t[0][-1] in "了过着" and len(t[0]) > 1 for t in tokens[start:end])


# -- parallel predicates of one subject change places -----------------------------------------------------------

# Words a bare predicate opens with (很干净, 不正规, 又便宜, 也很主动): degree adverbs, negations and 又/也.
PREDICATE_HEADS = frozenset({"很", "挺", "蛮", "非常", "特别", "十分", "相当", "比较", "超", "太", "真", "好", "不", "没",
                             "又", "也", "还", "都"})
ALSO_HEADS = ("也", "还")  # 也很主动 / 还很干净: the second of two predicates says 'also'; the mark stays second
PARALLEL_MAX = 8  # characters of each predicate: longer ones are more than a point in a list
PARALLEL_WORDS = frozenset({"很", "挺", "蛮", "非常", "特别", "十分", "相当", "比较", "超", "太", "真", "好", "又", "也",
                            "还", "都", "不", "的", "啊", "呀", "哦", "啦", "也很", "都很"})


def parallel_rewrites(tokens, clauses, polarity, is_subject, tag_of, pairs=None) -> list[tuple[int, list, int]]:
    """Two predicates of one subject, a comma between them, change places: 这书写得很乱，不系统，不正规 → …，不正规，
    不系统; 又便宜，又实惠 → 又实惠，又便宜; 房间很大，也很干净 → 房间很干净，也很大 (the subject, and 也/还 of the
    second, stay where they are). Each predicate is a short evaluation (degree adverbs, negations and one evaluative
    word or adjective), they do not evaluate opposite ways (`polarity(k)`; at least one is read) and the second
    opens with no subject of its own. `tag_of`: jieba's tag of a word."""
    found = []
    for sentence, k, index in comma_pairs(clauses) if pairs is None else pairs:
        a, b = sentence[k], sentence[k + 1]
        if a.end <= a.start:
            continue
        bs = b.start
        while bs < b.end and tokens[bs][0].isspace():
            bs += 1
        if bs >= b.end or tokens[bs][0] not in PREDICATE_HEADS and not tokens[bs][1] & (SENT | LEXNEG):
            continue
        body_b = bs + (tokens[bs][0] in ALSO_HEADS)
        if not _bare_predicate(tokens, body_b, b.end, tag_of):
            continue
        # a: a bare predicate too (…，不系统，不正规), or a subject and its predicate (房间很大，…)
        p = _after_list_mark(tokens, a.start, a.end) if k == 0 else a.start
        while p < a.end and tokens[p][0].isspace():
            p += 1
        if p >= a.end:
            continue
        subject = tokens[p][0] not in PREDICATE_HEADS and not tokens[p][1] & (SENT | LEXNEG)
        if subject:
            if not is_subject(tokens[p][0]):
                continue
            p += 1
            if p < a.end and is_subject(tokens[p][0]):
                continue  # 机器用料很到位，相当结实: the second may speak of 机器, the first of its 用料
            if p >= a.end or tokens[p - 1][0] == "的" or not (tokens[p][0] in PREDICATE_HEADS
                                                              or tokens[p][1] & (SENT | LEXNEG | DEG | NEG)):
                continue
        body_a = p + (tokens[p][0] in ALSO_HEADS and body_b > bs)
        if (tokens[body_a][0] in ALSO_HEADS) != (tokens[body_b][0] in ALSO_HEADS):
            continue  # 也 on one of them only: it would move with its predicate
        if not _bare_predicate(tokens, body_a, a.end, tag_of, subject) \
                or subject and not _bare_predicate(tokens, body_b, b.end, tag_of, subject):
            continue
        if not _agree(polarity(index), polarity(index + 1)):
            continue
        pred_a, pred_b = tokens[body_a:a.end], tokens[body_b:b.end]
        if [t[0] for t in pred_a] == [t[0] for t in pred_b]:
            continue
        found.append((body_a, pred_b + tokens[a.end:body_b] + pred_a, b.end))
    return found


EVENT_WORDS = frozenset({"了", "过", "没有", "没", "着"})
# Evaluations that say what the writer feels, not what a thing is: after a subject they do not change places.
FEELINGS = frozenset({"满意", "喜欢", "失望", "推荐", "后悔", "放心", "开心", "高兴", "惊喜", "满足", "郁闷", "生气",
                      "感动", "担心", "讨厌", "爱", "佩服", "欣赏", "不满"})


def _bare_predicate(tokens, start: int, end: int, tag_of, subject: bool = False) -> bool:
    """Only degree adverbs, negations, 又/也 and particles around one evaluation (an evaluative word, or an
    adjective after a degree adverb or negation: 很大, 不系统), at most PARALLEL_MAX characters."""
    if start >= end or sum(len(t[0]) for t in tokens[start:end]) > PARALLEL_MAX:
        return False
    evaluations, graded = 0, False
    for word, flags, _ in tokens[start:end]:
        if word in EVENT_WORDS:
            return False  # 投诉了, 没有回复: an event, whose place in the story is fixed
        if subject and (word in FEELINGS or word[-2:] in FEELINGS):  # jieba keeps 比较满意 whole
            return False  # 性能…比较满意: the writer's feeling, not what the subject is
        if flags & (SENT | LEXNEG):
            evaluations += 1
        elif flags & (DEG | NEG):
            graded = True
            if flags & NEG and len(word) > 1 and word not in ("没有",):
                evaluations += 1  # 不系统: the negation glued to or marking its word
        elif word in PARALLEL_WORDS and not flags & PUNCT:
            continue
        elif graded and (tag_of(word) or "")[:1] == "a" and evaluations == 0:
            evaluations += 1
        else:
            return False
    return evaluations == 1


# -- two items of a list change places --------------------------------------------------------------------------

LIST_NOUN_TAGS = frozenset({"n", "nz", "vn", "nw"})
# What may stand after the last item: a list ends before a verb, an adverb, a particle or punctuation, not before
# a word that would make a compound with it (斯凯瑞 cut 斯凯/瑞 is one name).
LIST_AFTER = frozenset({"等", "等等", "都", "也", "还", "的", "和", "与", "及", "以及", "或", "这些", "方面", "上",
                        "中", "里", "全", "均", "乃至"})


def list_rewrites(tokens, tag_of) -> list[tuple[int, list, int]]:
    """资料、书籍、文章 → 书籍、资料、文章, 强烈、鲜活的认识 → 鲜活、强烈的认识: two neighbouring items of a list
    written with 、 change places when each is one word of the same kind (both nouns, or both adjectives), the
    word before the list does not bind to its first item alone (a noun or numeral before it may be part of its
    name or count it: 斯凯瑞, 4、5星级; a verb, preposition, pronoun such as 各种, or 的 governs the whole list)
    and the word after it does not bind to the last one. A list says its members in no order, so its meaning
    holds."""
    found = []
    n = len(tokens)
    for i in range(1, n - 1):
        if tokens[i][0] != "、":
            continue
        x, y = tokens[i - 1], tokens[i + 1]
        if x[0] == y[0] or x[1] & PUNCT or y[1] & PUNCT or not _list_word(x[0]) or not _list_word(y[0]):
            continue
        tx, ty = tag_of(x[0]) or "", tag_of(y[0]) or ""
        if not (tx in LIST_NOUN_TAGS and ty in LIST_NOUN_TAGS or tx == ty == "a"):
            continue
        before = tokens[i - 2] if i >= 2 else ("。", PUNCT, 0)
        if before[0] != "、" and not before[1] & PUNCT and before[0] != "的" and (
                (tag_of(before[0]) or "x")[:1] not in ("v", "p", "c", "d", "r") or before[1] & (SENT | LEXNEG)):
            continue
        after = tokens[i + 2] if i + 2 < n else ("。", PUNCT, 0)
        if after[0] != "、" and not after[1] & PUNCT and after[0] not in LIST_AFTER and (
                (tag_of(after[0]) or "x")[:1] not in ("v", "d", "p")):
            continue
        found.append((i - 1, [y, tokens[i], x], i + 2))
    return found


def _list_word(word: str) -> bool:
    return len(word) > 1 and all("\u4e00" <= ch <= "\u9fff" for ch in word)


# -- a time adverbial before or after the subject ---------------------------------------------------------------

# Times that may stand before or after a clause's subject (现在内存偏贵 ↔ 内存现在偏贵). Not the words that order a
# story (后来, 一开始) or may mean 'before X' (之前, 以前): those open their clause.
MOVABLE_TIMES = frozenset({"昨天", "今天", "前天", "当天", "当时", "第二天", "晚上", "早上", "上午", "下午", "中午",
                           "半夜", "最近", "这几天", "前几天", "平时", "每次", "当晚", "现在", "目前", "每天", "白天",
                           "昨晚", "去年", "今年", "上周", "刚才", "那天", "这次", "上次"})
# Nouns that are as often verbs or connectives (结果 'as a result', 习惯 'be used to'): never a subject to pass.
NOT_TIME_SUBJECTS = frozenset({"结果", "习惯", "感觉", "希望", "建议", "打算", "计划", "决定", "需要", "经验", "回来",
                               "发现", "开始", "最后", "总体", "整体", "个人", "本人", "自己", "大家"})
SUBJECT_NOUN_TAGS = frozenset({"n", "nr", "nz", "nt", "ns", "vn", "nrt", "nrfg", "eng"})
NOT_AFTER_SUBJECT = frozenset({"的", "和", "跟", "与", "及", "或", "、", "之", "等", "们"})


def time_rewrites(tokens, clauses, tag_of) -> list[tuple[int, list, int]]:
    """现在内存偏贵 ↔ 内存现在偏贵, 最近酒店在装修 ↔ 酒店最近在装修: a time word at the head of a clause moves
    after the clause's noun subject (one to three nouns), or from there to the head. The subject must be followed
    by the predicate (not 的, 和 or another noun), so the time still says when the predicate holds."""
    found = []
    for clause in clauses:
        s, e = clause.start, clause.end
        if e - s < 3:
            continue
        head = tokens[s]
        if head[0] in MOVABLE_TIMES and not head[1] & (PROT & ~CONN):
            n = _noun_run(tokens, s + 1, e, tag_of)
            if n and s + 1 + n < e - 0 and _predicate_follows(tokens[s + 1 + n], tag_of):
                found.append((s, tokens[s + 1:s + 1 + n] + [head], s + 1 + n))
        else:
            n = _noun_run(tokens, s, e, tag_of)
            t = s + n
            if n and t + 1 < e and tokens[t][0] in MOVABLE_TIMES and _predicate_follows(tokens[t + 1], tag_of):
                found.append((s, [tokens[t]] + tokens[s:t], t + 1))
    return found


def _noun_run(tokens, i: int, end: int, tag_of) -> int:
    """How many nouns of two or more characters (at most three; not a time, not a pronoun) open tokens[i:end]."""
    n = 0
    while i + n < end and n < 4:
        word, flags, _ = tokens[i + n]
        if flags & (PUNCT | CONN | NEG | SENT | LEXNEG | DEG) or word in MOVABLE_TIMES or len(word) < 2 \
                or word in NOT_TIME_SUBJECTS or word in REFERRING:
            break  # one character may be a verb filed as a noun (问)
        tag = tag_of(word) or ("eng" if word.isascii() and word.isalnum() else "")
        if tag not in SUBJECT_NOUN_TAGS:
            break
        n += 1
    return n if 0 < n <= 3 else 0


def _predicate_follows(token, tag_of) -> bool:
    word, flags, _ = token
    if flags & PUNCT or word in NOT_AFTER_SUBJECT or word in MOVABLE_TIMES:
        return False
    return bool(flags & (DEG | NEG | SENT | LEXNEG)) or (tag_of(word) or "x")[:1] in ("v", "a", "d", "p")


# -- 而且B ↔ B也 ---------------------------------------------------------------------------------------------------

ADDING = ("而且", "并且")
ALREADY_ADDING = frozenset({"也", "还", "又", "更", "都", "却", "就", "才", "同时", "甚至"})


def additive_rewrites(tokens, clauses, polarity, is_subject, pairs=None) -> list[tuple[int, list, int]]:
    """A second clause that adds to the first says so with 而且 or with 也 (价格便宜，而且质量很好 ↔ 价格便宜，质量也
    很好; 房间很干净，而且很安静 → 也很安静 / 还很安静; 房间很大，也很干净 → 而且很干净; 价格便宜，质量也很好 →
    而且质量也很好): the relation is the same. Only when the two clauses do not evaluate opposite ways, the added
    clause has no other tying adverb, and its subject (if any) is a noun followed by its predicate."""
    found = []
    for sentence, k, index in comma_pairs(clauses) if pairs is None else pairs:
        a, b = sentence[k], sentence[k + 1]
        if b.end - b.start < 2 or a.end <= a.start or tokens[b.start][0] not in ADDING and tokens[b.start][0] != "也" \
                and tokens[b.start + 1][0] != "也" or tokens[a.start][1] & CONN and tokens[a.start][0] not in (
                "不但", "不仅"):
            continue  # the cheap test first: the added clause opens with 而且 or 也, or has 也 after its subject
        words = [t[0] for t in tokens[b.start:b.end]]
        if not _agree(polarity(index), polarity(index + 1)) or not _plain(tokens, b.start, b.end):
            continue
        head = words[0]
        if head in ADDING:
            rest = tokens[b.start + 1:b.end]
            if not rest or not ALREADY_ADDING.isdisjoint(words[1:]) or rest[0][1] & PUNCT:
                continue
            if _opens_predicate(rest[0]):
                # 还 before a negation reads 'still' (还不能用): there only 也
                found.extend((b.start, [T(also)] + rest, b.end) for also in ("也", "还")
                             if also == "也" or not rest[0][1] & NEG)
            elif is_subject(rest[0][0]) and len(rest) > 1 and _opens_predicate(rest[1]):
                found.append((b.start, [rest[0], T("也")] + rest[1:], b.end))
        elif head == "也" and _opens_predicate(tokens[b.start + 1]) and ALREADY_ADDING.isdisjoint(words[1:]) \
                and (polarity(index) is not None or _graded(tokens, a.start, a.end)) \
                and not tokens[b.start + 1][1] & NEG:
            # (a verdict or a graded clause before it: after an event, 用过了，也很好 adds to something said before,
            # and 投诉了，也没有回复 is 'even so', not an addition)
            found.append((b.start, [T("而且")] + tokens[b.start + 1:b.end], b.end))  # 也很干净 → 而且很干净
        elif is_subject(head) and len(words) > 2 and words[1] == "也" and _opens_predicate(tokens[b.start + 2]) \
                and ALREADY_ADDING.isdisjoint(words[2:]) and not tokens[a.start][1] & CONN:
            found.append((b.start, [T("而且")] + tokens[b.start:b.end], b.end))  # 质量也很好 → 而且质量也很好
    return found


def _opens_predicate(token) -> bool:
    """A degree adverb, a negation or an evaluation: the clause's predicate starts here."""
    return bool(token[1] & (DEG | NEG | SENT | LEXNEG)) and not token[1] & PUNCT


# -- two short sentences joined by a comma ----------------------------------------------------------------------

JOIN_MAX = 10  # characters of each sentence: longer ones are better read apart


def join_rewrites(tokens, clauses, polarity, is_subject) -> list[tuple[int, list, int]]:
    """屏幕很清晰。做工很扎实。 → 屏幕很清晰，做工很扎实。: two short sentences of one clause each, the first ending in
    。, the second opening with its own noun subject and no word that ties or points back, that do not evaluate
    opposite ways (at least one read), become one sentence; the reverse of a split."""
    found = []
    for k in range(len(clauses) - 1):
        a, b = clauses[k], clauses[k + 1]
        if a.delim != "。" or not b.final or k and not clauses[k - 1].final or a.end - a.start < 2 \
                or b.end - b.start < 2 or b.delim[:1] in ("？", "?"):
            continue
        if sum(len(t[0]) for t in tokens[a.start:b.end]) > 2 * JOIN_MAX + 1 \
                or sum(len(t[0]) for t in tokens[a.start:a.end]) > JOIN_MAX \
                or sum(len(t[0]) for t in tokens[b.start:b.end]) > JOIN_MAX:
            continue
        if not is_subject(tokens[b.start][0]) or any(t[0] in REFERRING or t[1] & CONN for t in tokens[b.start:b.end]):
            continue
        if not _plain(tokens, a.start, a.end) or not _plain(tokens, b.start, b.end):
            continue
        if not _agree(polarity(k), polarity(k + 1)):
            continue
        found.append((a.end, [("，", tokens[a.end][1], 0)], a.end + 1))
    return found
