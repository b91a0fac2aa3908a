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
from .clauses import LIMITING_CHARS
from .lexicon import FUNCTION_CHARS
from .register import DIALECT_WORDS, is_formal

NEW = PROT | CONN  # a word the rewrite inserted: no later operation changes it
SENTENCE_END = frozenset("。！？!?…\n")

# Clause-initial connectives that replace each other whatever follows (both read the same in a review). 总之 does
# not become 总的来说: it is also "anyway" (总之后来也没敢要这个钱).
SWAPS = {"因为": ("由于",), "由于": ("因为",), "所以": ("因此",), "因此": ("所以",), "如果": ("要是", "假如"),
         "要是": ("如果",), "假如": ("如果",), "而且": ("并且",), "并且": ("而且",), "但是": ("可是", "不过", "但"),
         "可是": ("但是", "不过", "但"), "不过": ("但是", "可是", "但"), "但": ("但是", "不过", "可是"), "总之": ("总而言之",),
         "总而言之": ("总之",), "另外": ("此外",), "此外": ("另外",), "不仅": ("不但",), "不但": ("不仅",),
         "虽然": ("虽说", "尽管"), "尽管": ("虽然",), "虽说": ("虽然",), "然后": ("接着",), "后来": ("之后",),
         "比如": ("例如",), "例如": ("比如",), "比如说": ("例如",), "然而": ("但是",), "可": ("可是",)}
# Swaps that hold only before some words: 可 is 'but' before a subject, 就是 'only that' before a clause.
SWAP_ONLY_BEFORE = {"可": frozenset({"我", "我们", "他", "她", "他们", "她们", "你", "它", "这", "那", "酒店", "房间", "书",
                                     "服务", "价格", "质量"})}
CONTRAST_LEADS = frozenset({"但是", "但", "可是", "不过"})
A_BIT = ("一点", "点", "点儿")  # X了点 'a bit too X' at the end of a clause: the three say the same
MERELY_AFTER = frozenset({"是", "如此", "而已", "尔尔", "就是"})  # after these 不过 reads 'only, merely'
SPOKEN_CONNECTIVES = frozenset({"要是", "可是"})  # not in a formal text (a hotel's reply)
# The first halves of pairs that may go: the second half still carries the relation.
DROPPABLE_FIRST = {"因为": ("所以", "因此"), "由于": ("所以", "因此"), "不仅": ("而且", "并且", "还", "也"),
                   "不但": ("而且", "并且", "还", "也")}
OPENERS = frozenset({"虽然", "尽管", "虽说", "因为", "由于", "如果", "要是", "假如", "即使", "就算", "不仅", "不但",
                     "除了", "只要", "只有", "无论", "不管", "既然", "但是", "但", "可是", "不过", "所以", "因此",
                     "而且", "并且", "然后", "总之", "其实", "另外", "此外", "还有", "同时", "而"})

# Every word connective_rewrites starts from: a swap, a first half that may go, a second half that calls one.
CONNECTIVE_WORDS = frozenset(SWAPS) | frozenset(DROPPABLE_FIRST) | CONTRAST_LEADS | {"所以", "因此"}
VERY = ("非常",)  # 特别 is kept for the synonym group: it is also the adjective 'special' (特别的)
STRONG_TO_PLAIN = frozenset({"非常", "特别", "十分"})
ANY_VERY = STRONG_TO_PLAIN | {"很"}
PRETTY = frozenset({"挺", "蛮"})
MEASURE_FIRST_CHARS = frozenset("长多少久早晚快大小")
COLLOQUIAL_STRONG = frozenset({"好", "超", "超级"})
SAME_LEVEL = {"好": ("真",), "超": ("超级",), "超级": ("超",)}  # twins of one strength (modifiers.tsv)
# 很 + these is a fixed word or not a degree reading (很是, 很多); the word after 特别 decides whether it is an
# adjective (特别的, 特别是).
NOT_AFTER_DEGREE = frozenset({"是", "的", "了", "多", "少", "久", "早", "晚", "在", "为", "地", "得", "像", "能", "会"})
TIME_WORDS = frozenset({"昨天", "今天", "前天", "当天", "当时", "后来", "第二天", "第一天", "晚上", "早上", "上午",
                        "下午", "中午", "半夜", "最近", "之前", "以前", "刚开始", "一开始", "这次", "上次", "那天",
                        "前几天", "这几天", "平时", "每次", "当晚", "次日"})
TIME_ENDINGS = frozenset({"天", "晚", "年", "月"})  # 那天, 当晚, 去年: time words TIME_WORDS does not list
COMPARERS = frozenset({"比", "比起", "相比", "不如", "没有", "没", "像", "越来越", "更"})
# Words after which a bare adjective takes no degree adverb: they are one already, or make a fixed word with it.
NO_DEGREE_AFTER = frozenset({"很多", "不少", "许多", "好多", "一些", "一点", "有点", "还", "更", "最", "太", "够", "真", "好", "越", "较", "算", "的", "了", "是", "都是", "很",
                             "挺", "蛮", "特", "超", "巨", "贼", "老", "偏", "过", "不", "没", "别", "就", "才", "又",
                             "那么", "这么", "多", "挺是", "一样", "一般", "不够", "有点", "有些"})
# Nouns after 很X的 that make it a set phrase of time or manner (很小的时候), where the degree is not swapped.
SET_PHRASE_NOUNS = frozenset({"时候", "时", "那会", "那会儿", "年纪", "年龄", "以前", "时期", "阶段"})
LITERARY_ADJECTIVES = frozenset({"佳", "优", "劣", "甚", "妙"})  # 非常佳 is already odd; 很佳 no better
NO_DE_HEN = frozenset({"赞", "值", "值得", "推荐"})
WANTS = frozenset({"希望", "想", "想要", "盼望"})  # 好希望 'so wish': 好 is the degree of the wanting  # praise verbs, not adjectives: 赞得很 is not said
WISHES = frozenset({"祝", "祝您", "祝你", "祝愿", "愿", "祝福", "希望", "但愿", "期待", "期望"})
INDEFINITE_BEFORE = frozenset({"什么", "多么", "怎么", "那么", "这么", "啥"})
NEGATED_BEFORE = frozenset({"不", "没", "不是", "没有", "并不", "并不是", "也不", "也不是", "都不"})
FINAL_PARTICLES = frozenset({"了", "啊", "呀", "的", "啦", "哦", "呢", "吧"})
CLAUSE_MARKS = frozenset("，,；;：:。！？!?…\n")
# One-character adjectives that describe an aspect without praise or blame of their own (性价比高, 时间长).
PLAIN_ADJECTIVES = frozenset("高低长短大小快慢多少轻重厚薄新旧宽窄硬软亮暗热冷近远响松紧偏")
# 一般 → 很一般 is harsher; 一流, 顶级, 顶尖 name a rank, which has no degree (服务一流 ↛ 服务很一流)
NO_DEGREE_ADDED = frozenset({"一般", "普通", "凑合", "可以", "还行", "尚可", "中规中矩", "一流", "顶级", "顶尖"})
DEGREE_FIRST_CHARS = frozenset("还很太挺超最更真蛮颇极尚偏稍略")  # 偏小, 稍慢, 略贵 carry a degree too
PRONOUNS = frozenset({"我", "我们", "他", "她", "他们", "她们"})


def T(word: str) -> tuple:
    return (word, NEW, 0)


def _free(token) -> bool:
    return not token[1] & FROZEN


def _opens_sentence(tokens, start: int) -> bool:
    return start == 0 or tokens[start - 1][0][0] in SENTENCE_END


# Tags of a word a degree adverb does not measure: a preposition, pronoun, conjunction, time or place word. Before
# one of them 特别 is 'in particular' (特别对老人来说, 特别在晚上), not 'very', and 非常/很 do not stand there.
NOT_MEASURED_TAGS = frozenset("prctfs")
FOCUS_ADVERBS = frozenset({"特别", "尤其", "特"})  # before a noun too they pick one out (特别孩子们), not a degree


def not_measured(word: str, nxt, tag_of) -> bool:
    """The degree word `word` does not measure the token `nxt` that follows it, read by jieba's tag of that word:
    特别 + 对/在/是/这次 or a plain noun is the focus 'in particular'; a sentiment word always is measured."""
    if nxt[1] & (SENT | LEXNEG | NEG | DEG):
        return False
    tag = (tag_of(nxt[0]) or "")[:1]
    return tag in NOT_MEASURED_TAGS or word in FOCUS_ADVERBS and tag == "n"


def degree_rewrites(tokens, adjectives, true_adjectives=None, tag_of=None) -> list[tuple[int, list, int]]:
    """`true_adjectives`: the adjectives jieba's dictionary files as adjectives, the only ones X得很 fits (垃圾得很
    is not said); all of `adjectives` when not given. `tag_of`: jieba's tag of a word, to tell 特别 'in particular'
    (before a preposition, pronoun or noun) from 特别 'very'."""
    true_adjectives = adjectives if true_adjectives is None else true_adjectives
    present = None  # the words of the text, made on first need
    found = []
    n = len(tokens)
    for i in [i for i, token in enumerate(tokens) if token[1] & DEG]:
        word, flags, _ = tokens[i]
        if flags & FROZEN or i + 1 >= n:
            continue
        nxt = tokens[i + 1]
        if word in ANY_VERY and nxt[0] == "的" and _free(nxt) and i + 2 < n and tokens[i + 2][1] & SENT:
            found.append((i, [tokens[i]], i + 2))  # 非常的喜欢 → 非常喜欢
            continue
        if nxt[1] & PUNCT or nxt[0] in NOT_AFTER_DEGREE or nxt[0] in VERY or nxt[0] in STRONG_TO_PLAIN \
                or nxt[0] in LITERARY_ADJECTIVES:
            continue
        if tag_of is not None and not_measured(word, nxt, tag_of):
            continue  # 特别对孩子来说: 'in particular', which 很 or 十分 would turn into a degree
        if len(nxt[0]) > 1 and nxt[0][0] in MEASURE_FIRST_CHARS and nxt[0] not in adjectives:
            continue  # 很长时间, 很久以前: a measure, not a quality
        prev = tokens[i - 1] if i else ("", 0, 0)
        if prev[1] & NEG or prev[0] in NEGATED_BEFORE:
            continue  # 不是很好: the negation's reach stays as written
        if i + 2 < n and tokens[i + 2][0] == word or i >= 2 and tokens[i - 2][0] == word:
            continue  # 很好很强大, 很喜欢很喜欢: a repeated adverb is a figure, changing one breaks it
        if prev[0] in INDEFINITE_BEFORE:
            continue  # 有什么特别显著的差异: a degree inside 什么…的 is not a predicate's, 很 does not fit it
        end = i + 2
        after = tokens[end] if end < n else None
        predicate = after is None or after[1] & PUNCT or after[0] in FINAL_PARTICLES
        if (nxt[0] in adjectives or len(nxt[0]) == 1) and not predicate and not (end + 1 < n and after[0] == "的"):
            continue  # 很长时间, 很快就到: an adjective that is not the predicate keeps its 很
        if end + 1 < n and after[0] == "的" and tokens[end + 1][0] in SET_PHRASE_NOUNS:
            continue  # 很小的时候, 很久的以前: a set phrase of time, not an evaluation
        # Every swap below stays within one strength level of modifiers.tsv (超 = 超级, 好 = 真, 非常 = 特别 =
        # 十分, 较 = 比较): 很 → 非常, 挺 → 很 or 超 → 很 would make the writer say more or less than they did.
        if word in COLLOQUIAL_STRONG and (nxt[0] in adjectives or nxt[0] in PLAIN_ADJECTIVES and predicate) \
                and not nxt[1] & (NEG | LEXNEG):
            found.extend((i, [T(same)], i + 1) for same in SAME_LEVEL.get(word, ()))  # 好贵 → 真贵, 超好用 → 超级好用
            continue
        if word == "好" and (nxt[0] in FEELING_VERBS or nxt[0] in WANTS) and prev[0] not in ("很", "真", "这么", "那么"):
            found.append((i, [T("真")], i + 1))  # 好喜欢 → 真喜欢, 好希望 → 真希望
            continue
        if word in ("非常", "特别") and len(nxt[0]) >= 2 and nxt[1] & (SENT | LEXNEG) \
                and nxt[0] not in DIALECT_WORDS:
            found.append((i, [T("十分")], i + 1))  # 十分满意 (not before one character: 十分闷 is stiff)
        if word == "很" and prev[0][-1:] != "很":
            if (nxt[0] in true_adjectives and not nxt[1] & (NEG | LEXNEG | PROT) and len(nxt[0]) <= 2
                    and nxt[0] not in NO_DE_HEN
                    and (after is None or after[1] & PUNCT) and prev[0][-1:] != "得"):  # not 写得乱得很
                found.append((i, [nxt, T("得"), T("很")], end))  # 干净得很
        elif word in ("特别", "十分") and nxt[0] != "的":
            found.append((i, [T("非常")], i + 1))  # 特别干净 → 非常干净, 十分满意 → 非常满意
        elif word == "较" and (len(nxt[0]) == 1 or nxt[1] & SENT and not nxt[1] & FROZEN and _ends_clause(tokens, end)):
            found.append((i, [T("比较")], i + 1))  # 较高 → 比较高, 较嘈杂 → 比较嘈杂 (as a predicate)
        elif word == "比较" and len(nxt[0]) == 2 and nxt[1] & SENT and nxt[0] not in FEELING_VERBS:
            found.append((i, [T("较")], i + 1))  # 比较干净 → 较干净
        if word in ("很", "非常") and nxt[1] & SENT and after is not None and after[0] == "的" and _free(after) \
                and end + 1 < n and tokens[end + 1][1] & PUNCT and tokens[end + 1][0] not in ("？", "?"):
            found.append((i, [tokens[i], nxt], end + 1))  # 服务还是很好的， → 服务还是很好，
        if word == "太" and (nxt[1] & SENT or nxt[0] in adjectives or nxt[0] in PLAIN_ADJECTIVES) \
                and not nxt[1] & FROZEN and (after is None or after[0] in ("，", ",", "。")):
            found.append((i, [tokens[i], nxt, T("了")], end))  # 配件太少， → 太少了，: 太 closes with 了 in speech
        if word in PRETTY and nxt[1] & SENT:
            if after is None or after[1] & PUNCT:
                found.append((i, [tokens[i], nxt, T("的")], end))  # 挺好 → 挺好的
            elif after[0] == "的" and _free(after) and (end + 1 >= n or tokens[end + 1][1] & PUNCT):
                found.append((i, [tokens[i], nxt], end + 1))  # 挺好的 → 挺好
    return found


# Words adverb_rewrites starts from (besides 令人/使人 at the head of a word).
ADVERB_TRIGGERS = frozenset({"比较", "过于", "太过", "实在", "实在是", "有点", "有点儿", "有些", "令人", "使人"})
CAUSATIVE_HEADS = ("令人", "使人")


def adverb_rewrites(tokens, adjectives) -> list[tuple[int, list, int]]:
    """Adverbs with a twin of the same strength: 令人/使人失望 → 让人失望, 比较差 → 较差, 过于 ↔ 太过,
    实在太多 ↔ 实在是太多, 有点 ↔ 有点儿 before an evaluation."""
    found = []
    n = len(tokens)
    for i in [i for i, t in enumerate(tokens) if t[0] in ADVERB_TRIGGERS or t[0][:2] in CAUSATIVE_HEADS]:
        word, flags, _ = tokens[i]
        if flags & (PROT | NEG | PUNCT) or i + 1 >= n:
            continue
        nxt = tokens[i + 1]
        if nxt[1] & PUNCT:
            continue
        if word.startswith(CAUSATIVE_HEADS) and (len(word) > 2 or nxt[1] & (SENT | LEXNEG | NEG)):
            found.append((i, [T("让人" + word[2:])], i + 1))  # 令人失望 → 让人失望 (让人 is the everyday form)
        elif word == "比较" and len(nxt[0]) == 1 and (nxt[0] in adjectives or nxt[0] in PLAIN_ADJECTIVES) \
                and not nxt[1] & FROZEN and _ends_clause(tokens, i + 2):
            found.append((i, [T("较")], i + 1))  # 声音比较大 → 声音较大
        elif word in ("过于", "太过") and (len(nxt[0]) >= 2 or nxt[0] in adjectives) and nxt[0] not in FINAL_PARTICLES:
            found.append((i, [T("太过" if word == "过于" else "过于")], i + 1))  # 过于简单 ↔ 太过简单
        elif word == "实在" and (nxt[0] == "太" or nxt[1] & (SENT | DEG) and not nxt[1] & FROZEN):
            found.append((i, [T("实在是")], i + 1))  # 实在太多 → 实在是太多, 实在夸张 → 实在是夸张
        elif word == "实在是" and (nxt[0] == "太" or nxt[1] & (SENT | DEG) and not nxt[1] & FROZEN):
            found.append((i, [T("实在")], i + 1))
        elif word in ("有点", "有点儿", "有些") and (nxt[1] & (SENT | LEXNEG | NEG | DEG) or nxt[0] in adjectives
                                                  or nxt[0] in PLAIN_ADJECTIVES and _ends_clause(tokens, i + 2)) \
                and not nxt[1] & PROT:
            # 有点贵 ↔ 有点儿贵 ↔ 有些贵: before an evaluation the three measure alike (有些人 'some' is not here)
            found.extend((i, [T(other)], i + 1) for other in ("有点", "有点儿", "有些") if other != word
                         and (other != "有些" or nxt[1] & SENT or nxt[0] in PLAIN_ADJECTIVES))
    return found


def _ends_clause(tokens, end: int) -> bool:
    """A clause mark (not 、, which lists) or the end of the text follows, maybe after a final particle."""
    if end < len(tokens) and tokens[end][0] in FINAL_PARTICLES and tokens[end][0] != "的":
        end += 1
    return end >= len(tokens) or tokens[end][0][0] in CLAUSE_MARKS


def _asks(tokens, end: int) -> bool:
    """The clause ending before `end` holds a question word."""
    return any(t[0] in QUESTION_WORDS for t in tokens[_clause_start(tokens, end):end])


def _clause_start(tokens, i: int) -> int:
    while i and not tokens[i - 1][1] & PUNCT:
        i -= 1
    return i


def _sentence_start(tokens, i: int) -> int:
    while i and tokens[i - 1][0][0] not in SENTENCE_END:
        i -= 1
    return i


def _compared(tokens, i: int) -> bool:
    """A comparison or measure earlier in the clause (比超市便宜, 没有想象中好): a degree adverb does not fit."""
    for j in range(i - 1, -1, -1):
        word, flags, _ = tokens[j]
        if flags & PUNCT:
            return False
        if word in COMPARERS or word[0] == "越":   # 越小越贵: a 越…越 scale takes no degree adverb
            return True
    return False


def bare_adjective_rewrites(tokens, adjectives, is_noun, verbs=frozenset(), is_known_noun=None) -> list[tuple[int, list, int]]:
    """A bare evaluative adjective that ends its clause takes the default degree adverb: 价格便宜 → 价格很便宜,
    机器都不错 → 机器都很不错. Not after another modifier (还好, 更好, 最差, 太贵), not in a comparison, and not
    for a lexicon word jieba files as a verb (`verbs`: 设施生锈 is an event, 很生锈 is not said). A one-character
    adjective takes it only after a noun jieba knows (`is_known_noun`): after an unknown word the cut may have
    split a compact pair (选时价高 is 选时 + 价高, where 价 is a bound morpheme: 价非常高 is not said)."""
    found = []
    words = {t[0] for t in tokens}
    scan_clause = "对" in words or not WISHES.isdisjoint(words)  # only then is the clause read back
    for i in [i for i, token in enumerate(tokens) if token[1] & SENT or token[0] in PLAIN_ADJECTIVES]:
        word, flags, _ = tokens[i]
        if not i or not flags & SENT and word not in PLAIN_ADJECTIVES or flags & (PROT | NEG) or len(word) > 2 \
                or not _ends_clause(tokens, i + 1):
            continue
        if i + 1 < len(tokens) and tokens[i + 1][0] == "了":
            continue  # 林子大了: 了 makes it a change, which 很 does not fit
        if flags & LEXNEG and word != "不错":
            continue
        if word not in adjectives and word not in PLAIN_ADJECTIVES or word[0] in DEGREE_FIRST_CHARS \
                or word in NO_DEGREE_ADDED or word in verbs:
            continue  # 还好, 挺好, 超值 carry a degree of their own; 一般 → 很一般 is harsher
        prev = tokens[i - 1]
        if scan_clause and (any(t[0] == "对" and word not in FEELING_VERBS for t in tokens[_clause_start(tokens, i):i])
                            or any(t[0] in WISHES for t in tokens[_sentence_start(tokens, i):i])):
            continue  # 祝您身体健康，工作顺利: a wish takes no degree, in any of its clauses; 我对我的言论负责: after
            # 对 + object the word is a verb
        if prev[0] == "得" and word in "多少":
            continue  # 丰富得多: a comparison's complement, not a predicate
        if prev[1] & PUNCT and word == "不错" and i + 1 < len(tokens):
            found.extend((i, [T(adverb), tokens[i]], i + 1) for adverb in ("很", "挺"))  # ，不错。 → ，很不错。
            continue
        if prev[1] & (PUNCT | DEG | NEG | SENT | LEXNEG) or prev[0] in NO_DEGREE_AFTER or _compared(tokens, i):
            continue
        if LIMITING_CHARS.intersection(prev[0]):
            continue  # 谈不上差 → 谈不上很差 denies less than was denied
        subject = tokens[i - 2][0] if prev[0] in ("都", "也") and i > 1 else prev[0]
        # a noun subject (房间干净), a complement of degree (睡得舒服) or a verb of trying (用起来顺手)
        if prev[0] in ACTIVITY_SUBJECTS and word in ACTIVITY_VERDICTS and (i < 2 or tokens[i - 2][1] & PUNCT):
            found.append((i, [T("很"), tokens[i]], i + 1))
            continue  # 送货快 → 送货很快: an activity named by its verb, opening the clause, judged by how it goes
        if prev[0] in ADJECTIVE_OBJECT_VERBS or i > 1 and tokens[i - 2][1] & (NEG | DEG) \
                or i > 1 and tokens[i - 2][0] in VERB_MARKING_ADVERBS:
            continue  # 影响美观, 不讲究卫生: the adjective is the verb's object; 影响很美观 puts the degree inside it
        if not (is_noun(subject) or prev[0] == "得" or prev[0].endswith(("起来", "上去"))):
            continue  # 嫌难看, 显得高档: after a verb the adjective is its complement, not a predicate
        if len(word) == 1 and is_known_noun is not None and prev[0] != "得" and not prev[0].endswith(("起来", "上去")) \
                and (len(subject) < 2 or not is_known_noun(subject)):
            continue  # 价高, 时价高: a one-character pair is a compact form, or the cut is not to be trusted
        # only the bleached 很, the default degree of a predicate adjective: 非常 would add a strength not said
        found.append((i, [T("很"), tokens[i]], i + 1))
    return found


# Verbs whose object is an adjective (影响美观, 讲究卫生, 图便宜): jieba files some as nouns (影响 vn, 力求 n), so
# the noun test of a subject lets them through; a degree adverb belongs before the verb, not inside its object.
ADJECTIVE_OBJECT_VERBS = frozenset({"影响", "讲究", "力求", "图", "要求", "注重", "追求", "保持", "保证", "确保", "注意",
                                    "妨碍", "有碍", "兼顾", "讲求", "崇尚", "偏爱", "嫌", "怕", "爱", "贪", "求", "影响到",
                                    "不失", "显得", "追求的是"})
# Adverbs that only stand before a verb: after them the next word is a verb, not a noun subject (也影响美观).
VERB_MARKING_ADVERBS = frozenset({"也", "都", "还", "并", "会", "就", "又", "再", "已经", "严重", "直接", "有点", "有些"})


# Activities a review judges by how they go, named by their verb at the head of a clause (送货快, 开机慢, 上网方便),
# and the verdicts of speed and ease they take: there the verb is the subject, not a verb with a complement.
ACTIVITY_SUBJECTS = frozenset({"送货", "发货", "到货", "配送", "出货", "开机", "关机", "启动", "运行", "上网", "充电",
                               "入住", "退房", "退货", "换货", "办理", "结账", "订房", "出行", "打车", "散热", "反应",
                               "安装", "下载", "上菜", "出餐"})
ACTIVITY_VERDICTS = frozenset({"快", "慢", "方便", "麻烦", "顺畅", "流畅", "及时", "迅速", "快捷", "便捷", "简单", "繁琐"})
FEELING_VERBS = frozenset({"喜欢", "满意", "失望", "后悔", "担心", "欣赏", "佩服", "感动", "期待", "怀念", "讨厌",
                           "郁闷", "生气", "失望了", "同意", "赞同", "惊喜", "意外", "惊讶", "吃惊", "开心", "高兴",
                           "难过", "伤心", "激动"})  # also what a written degree does not measure (较为惊喜)
SUBJECTS = frozenset({"我", "我们", "他", "她", "他们", "她们", "孩子", "儿子", "女儿", "宝宝", "朋友", "家人", "老婆",
                      "老公", "大家", "同事", "妈妈", "爸爸", "本人", "自己", "都", "也"})


def feeling_rewrites(tokens) -> list[tuple[int, list, int]]:
    """我喜欢这本书 → 我很喜欢这本书: a verb of feeling right after its subject takes the default 很."""
    found = []
    for i in [i for i, token in enumerate(tokens) if token[0] in FEELING_VERBS]:
        word, flags, _ = tokens[i]
        if i + 1 < len(tokens) and (tokens[i + 1][0] in DEGREE_COMPLEMENTS or tokens[i + 1][0][0] in "得极透"):
            continue  # 我失望至极, 我喜欢得不得了: the degree is said after the verb, 很 would say it twice
        if i + 1 < len(tokens) and tokens[i + 1][0] == "的":
            continue  # 我欣赏的是…: a relative clause names what is liked, it does not say how much
        before = tokens[_clause_start(tokens, i):i]
        if i and not flags & FROZEN and tokens[i - 1][0] in SUBJECTS \
                and not any(t[1] & (NEG | DEG) or t[0] in NEGATED_BEFORE for t in before):
            # not 没有让我失望 → 没有让我很失望, nor 太令我失望了 → 太令我很失望了 (the degree is said already)
            found.append((i, [T("很"), tokens[i]], i + 1))
    return found


# Words after an adjective or verb of feeling that already say its degree (失望至极, 喜欢死了).
DEGREE_COMPLEMENTS = frozenset({"至极", "之极", "极了", "透了", "死了", "坏了", "不已", "万分", "无比", "透顶", "得很",
                                "得要命", "得不得了", "到极点", "极"})

FEELERS = frozenset({"我", "我们", "总", "就", "也", "都", "总是", "一直", "让人", "给人", "个人", "本人"})
MAYBE_BEFORE = frozenset({"是", "会", "要", "有", "不", "没", "没有", "因为", "就是", "还"})
# Words a modal after them is fixed with: a rhetorical question (怎么可能, 哪能, 岂能: 怎么也许 means nothing) or a
# set phrase (有可能, 不可能, 尽可能, 很可能).
MODAL_FIXED_AFTER = frozenset({"怎么", "怎", "咋", "哪", "哪里", "哪儿", "岂", "难道", "谁", "有", "不", "没", "很",
                               "太", "尽", "最", "极"})


def _modal_fixed(tokens, i: int) -> bool:
    """The modal at i belongs to a rhetorical question or a set phrase, and keeps its word."""
    if i and tokens[i - 1][0] in MODAL_FIXED_AFTER:
        return True
    # 难道…可能, 怎么会…能: a question word earlier in the clause
    return any(t[0] in ("难道", "怎么", "岂", "哪里", "咋") for t in tokens[_clause_start(tokens, i):i])


# One-character verbs whose reduplication means 'do it a little, have a go' (看看, 逛逛, 试试), and says the same as
# V一V (看一看); 等等 ('and so on') and 谢谢 are not among them. Both forms as jieba keeps them whole.
BRIEF_VERBS = {verb * 2: verb + "一" + verb for verb in "看读试听想问逛尝聊翻瞧谈查找学转坐歇摸闻比"}
BRIEF_VERBS.update({long: short for short, long in list(BRIEF_VERBS.items())})
# The words word_rewrites starts at (besides item nouns, before which 的 may go).
WORD_TRIGGERS = frozenset({"可以", "时候", "后", "以后", "之后", "时", "感觉", "可能", "均", "还", "真是", "一点", "一些",
                           "点", "点儿",
                           "真的", "很多", "许多", "已经", "能", "特别", "刚刚", "刚", "刚才", "都", "也"}) | frozenset(BRIEF_VERBS)  # 的 matters only before 时候 or after an item noun


def _heads_clause(tokens, i: int) -> bool:
    """tokens[i] opens its clause, maybe after a demonstrative (这部书的内容, at the head)."""
    if i and tokens[i - 1][0][0] in "这该那" and len(tokens[i - 1][0]) <= 2:
        i -= 1
    return i == 0 or bool(tokens[i - 1][1] & PUNCT)


def _is_adjective(word: str, tag_of) -> bool:
    return (tag_of(word) or "").startswith("a")


def _is_verb(word: str, tag_of) -> bool:
    return (tag_of(word) or "").startswith("v") and word not in ("是", "有", "在")


# Words of 一 that are adverbs or adjectives, not 'one' of something: 一直都没 'all along', 一般都不 'usually'.
NOT_MINIMAL_ONES = frozenset({"一直", "一般", "一起", "一样", "一定", "一向", "一贯", "一切", "一共", "一再", "一致", "一律",
                              "一同", "一并", "一概", "一度", "一旦", "一时", "一向是", "一些", "一下", "一下子", "一会",
                              "一会儿", "一边", "一面", "一开始", "一路", "一天到晚"})


def _after_minimal_one(tokens, i: int, tag_of) -> bool:
    """tokens[i] (都/也 before a negation) closes a minimal amount, 一 + classifier (+ noun): 一点都不, 一分钱也没,
    一个人都没有 'not even one'. There 都 and 也 say the same; elsewhere 都 is 'all' and 也 'also'."""
    for j in range(i - 1, max(_clause_start(tokens, i), i - 3) - 1, -1):
        word = tokens[j][0]
        if tokens[j][1] & PUNCT:
            return False
        if word[0] == "一" and len(word) > 1:
            if word in NOT_MINIMAL_ONES or (tag_of(word) or "m")[:1] not in "mq":
                return False
            return all((tag_of(t[0]) or "n")[:1] == "n" and not t[1] & (SENT | NEG | LEXNEG) for t in tokens[j + 1:i])
    return False


def _short_verdict(tokens, start: int) -> bool:
    """tokens[start:] up to the clause's end are a short verdict: at most three words, a sentiment word among them
    (感觉很好。, 感觉还不错，): after a clause of its own, 感觉 there is the writer's feeling whether read as noun
    or verb, and 觉得 says the same."""
    end = start
    while end < len(tokens) and not tokens[end][1] & PUNCT:
        end += 1
    return end - start <= 3 and any(t[1] & SENT for t in tokens[start:end])


def word_rewrites(tokens, is_aspect, is_item, is_noun, tag_of) -> list[tuple[int, list, int]]:
    """Function words with a plainer twin in their context: 可以 + verb → 能 + verb; 入住的时候 → 入住时;
    真的 + predicate → 确实; 房间的隔音 ↔ 房间隔音 between two aspect or item nouns."""
    found = []
    n = len(tokens)
    for i in [i for i, token in enumerate(tokens) if token[0] in WORD_TRIGGERS or token[0] == "的"
              or is_item(token[0])]:
        word, flags, _ = tokens[i]
        if flags & FROZEN or i + 1 >= n and word not in A_BIT:
            continue  # 贵了点 may end the text; the other rewrites read the word after theirs
        nxt = tokens[i + 1] if i + 1 < n else ("。", PUNCT, 0)
        prev = tokens[i - 1] if i else None
        if word == "可以" and prev is not None and is_noun(prev[0]) and prev[0] not in ADDRESSEES \
                and not any(t[0] in ADVICE for t in tokens[:i]) and not nxt[1] & PUNCT \
                and nxt[0] not in FINAL_PARTICLES and nxt[0] not in ("的", "说"):
            found.append((i, [T("能")], i + 1))  # 音量可以调节 → 能 (大家可以考虑 is advice: stays)
        elif word == "的" and nxt[0] == "时候" and _free(nxt) and prev is not None and not prev[1] & PUNCT \
                and prev[0] not in ("这", "那", "有", "没有") and i + 2 < n and tokens[i + 2][1] & PUNCT \
                and tokens[i + 2][0] not in ("？", "?"):
            found.append((i, [T("时")], i + 2))  # 入住的时候， → 入住时，
        elif word in ("后", "以后", "之后") and prev is not None and _is_verb(prev[0], tag_of) \
                and prev[0] not in NOT_EVENTS and nxt[0][:1] not in COUNT_STARTS \
                and (not nxt[1] & PUNCT or nxt[0] in ("，", ",")):
            # after a verb that takes a time (留待以后, 等到以后: 'later') 以后 is a noun, and a bare 后 cannot be one
            time_object = prev[0][-1] in "待到等"
            found.extend((i, [T(other)], i + 1) for other in ("后", "以后", "之后")
                         if other != word and not (other == "后" and time_object))  # 入住后发现
        elif word == "时" and prev is not None and _is_verb(prev[0], tag_of) and nxt[0] in ("，", ","):
            found.append((i, [T("的"), T("时候")], i + 1))  # 入住登记时， → 入住登记的时候，
        elif word == "感觉" and (prev is None or prev[1] & PUNCT or prev[0] in FEELERS) \
                and not nxt[1] & PUNCT and nxt[0] not in ("的", "了", "到", "是", "上", "很", "不错", "挺", "还"):
            found.append((i, [T("觉得")], i + 1))  # 感觉不安全 → 觉得不安全 (感觉很好, 感觉不错 may be the noun)
        elif word == "感觉" and (prev is None or prev[1] & PUNCT) and nxt[0] in ("很", "不错", "挺", "还") \
                and _short_verdict(tokens, i + 1):
            found.append((i, [T("觉得")], i + 1))  # ，感觉不错。 → ，觉得不错。 (noun or verb, it is the writer's)
        elif word == "可能" and nxt[0] in MAYBE_BEFORE and not _modal_fixed(tokens, i):
            found.extend((i, [T(other)], i + 1) for other in ("也许", "或许"))  # 可能是 → 也许是
        elif word == "均" and not nxt[1] & PUNCT and nxt[0] not in ("为", "价", "码"):
            found.append((i, [T("都")], i + 1))  # 退换均要 → 退换都要 (均价 is the noun)
        elif word == "还" and nxt[0] in ("可以", "行") and _free(nxt) and _ends_clause(tokens, i + 2):
            found.append((i, [tokens[i], T("行" if nxt[0] == "可以" else "可以")], i + 2))  # 服务还可以 ↔ 还行
        elif word in ("都", "也") and nxt[0][:1] in "不没" and _after_minimal_one(tokens, i, tag_of):
            found.append((i, [T("也" if word == "都" else "都")], i + 1))  # 一点都不好 ↔ 一点也不好, 一条鱼都没有
        elif word in BRIEF_VERBS and not flags & FROZEN and (prev is None or prev[0] not in ("了", "一")) \
                and nxt[0] not in ("了", "过", "着"):
            found.append((i, [T(BRIEF_VERBS[word])], i + 1))  # 可以逛逛 ↔ 可以逛一逛, 看一看 → 看看
        elif word == "真是" and not nxt[1] & PUNCT:
            found.append((i, [T("真的"), T("是")], i + 1))  # 真是好书 → 真的是好书
        elif word in ("一点", "一些") and prev is not None and (prev[0] == "了" or prev[1] & SENT) \
                and _ends_clause(tokens, i + 1):
            found.append((i, [T("一些" if word == "一点" else "一点")], i + 1))  # 贵了一点 → 贵了一些
            if word == "一点" and prev[0] == "了":
                found.extend((i, [T(other)], i + 1) for other in A_BIT if other != word)
        elif word in A_BIT and prev is not None and prev[0] == "了" and _ends_clause(tokens, i + 1):
            found.extend((i, [T(other)], i + 1) for other in A_BIT if other != word)  # 小了点 → 小了一点 / 小了点儿
        elif word in ("很多", "许多") and not nxt[1] & (PUNCT | FROZEN) and nxt[0] not in ("的", "了", "很多", "许多") \
                and (prev is None or not prev[1] & (SENT | DEG) and prev[0] not in ("了", "得") and not _is_adjective(prev[0], tag_of)):
            found.append((i, [T("许多" if word == "很多" else "很多")], i + 1))  # 有很多问题 ↔ 有许多问题 (not 快了很多)
        elif word in ("刚刚", "刚") and _is_verb(nxt[0], tag_of) and len(nxt[0]) == 2 and not nxt[1] & FROZEN \
                and (prev is None or prev[0] not in ("刚", "刚刚")):
            found.append((i, [T("刚" if word == "刚刚" else "刚刚")], i + 1))  # 刚刚收到 ↔ 刚收到 (not 刚刚好)
        elif word == "刚才" and (_is_verb(nxt[0], tag_of) or (tag_of(nxt[0]) or "")[:1] == "d") \
                and not nxt[1] & FROZEN:
            found.append((i, [T("刚刚")], i + 1))  # 刚才出现了蓝屏 → 刚刚出现了蓝屏 (not 刚才的: a time noun there)
        elif word == "已经" and _is_verb(nxt[0], tag_of) and len(nxt[0]) == 2 and not nxt[1] & FROZEN:
            found.append((i, [T("已")], i + 1))  # 已经收到 → 已收到 (a two-character verb after it: 已来 is stiff)
        elif word == "能" and prev is not None and prev[0] in ("希望", "也", "都") and _is_verb(nxt[0], tag_of) \
                and not nxt[1] & FROZEN and not _modal_fixed(tokens, i):
            found.append((i, [T("可以")], i + 1))  # 希望能改善 → 希望可以改善 (not 还能懂: 还可以 reads 'passable')
        elif word == "特别" and nxt[0] == "是" and _heads_clause(tokens, i) and i + 2 < n and not tokens[i + 2][1] & PUNCT:
            found.append((i, [T("尤其")], i + 1))  # ，特别是早餐 → ，尤其是早餐
        elif word == "真的" and (prev is None or prev[0][-1] not in ("是", "的", "不", "说")) \
                and nxt[1] & (DEG | SENT | NEG | LEXNEG) and not nxt[1] & PUNCT:
            found.append((i, [T("确实")], i + 1))  # 真的很好 → 确实很好 (是真的 stays)
        elif word == "的" and prev is not None and is_item(prev[0]) and is_aspect(nxt[0]) \
                and (i + 2 >= n or tokens[i + 2][0] != "的") and _heads_clause(tokens, i - 1):
            found.append((i, [], i + 1))  # 房间的隔音很好 → 房间隔音很好 (as the topic only: 被这部书的内容所感动)
        if is_item(word) and is_aspect(nxt[0]) and not nxt[1] & FROZEN and len(word) > 1 and len(nxt[0]) > 1 \
                and (i + 2 >= n or tokens[i + 2][0] not in COORDINATORS):
            found.append((i, [tokens[i], T("的"), nxt], i + 2))  # 房间隔音 → 房间的隔音 (not 环境交通: a list)
    return found


# A count after V后 measures the time since (买后1天, 入住后两天): the bare 后 is the form that takes it.
COUNT_STARTS = frozenset("0123456789０１２３４５６７８９一二两三四五六七八九十几半")
# Verbs of report, opinion or state: what follows them is not 'after V-ing' (据说之后还写了 is 'reportedly, later he
# wrote'; 据说后 / 听说后 would read 'after hearing of it').
NOT_EVENTS = frozenset({"据说", "听说", "据悉", "据称", "传说", "觉得", "认为", "感觉", "以为", "希望", "知道", "好像",
                        "似乎", "看来", "相信", "估计", "是", "有", "在", "像"})
ADDRESSEES = frozenset({"大家", "各位", "你", "您", "你们", "朋友们", "亲们", "朋友"})
ADVICE = frozenset({"建议", "推荐", "希望", "劝", "提醒"})
# The classifier each item noun takes after 这 (这本书, 这家酒店); 该 is the written 'this'.
CLASSIFIER_OF = {"书": "本", "酒店": "家", "宾馆": "家", "饭店": "家", "餐厅": "家", "店": "家", "电影": "部",
                 "片子": "部", "手机": "款", "电脑": "台", "笔记本": "台", "本本": "台", "机器": "台", "房间": "间",
                 "小说": "本", "衣服": "件", "鞋": "双", "产品": "款"}
WRITTEN_THIS = frozenset({"酒店", "宾馆", "饭店", "餐厅", "书", "产品"})
LOCATIVES = frozenset({"中", "里", "内", "上", "之中", "当中", "里面", "里头", "之内"})


# People one has (kin, friends, teachers): 我的女儿 and 我女儿 say the same; things do not drop 的 so freely (我房间).
KIN_NOUNS = frozenset({"女儿", "儿子", "孩子", "老公", "老婆", "爸爸", "妈妈", "父母", "家人", "朋友", "同事", "老师",
                       "宝宝", "同学", "男朋友", "女朋友", "爸妈", "先生", "太太", "闺女"})
KIN_HOLDERS = frozenset({"我", "你", "他", "她", "我们", "你们", "他们", "她们"})


def kin_rewrites(tokens) -> list[tuple[int, list, int]]:
    """我的女儿 ↔ 我女儿: a pronoun holding a person it has, with or without 的."""
    found = []
    for i in range(1, len(tokens)):
        word, flags, _ = tokens[i]
        if word not in KIN_NOUNS or flags & FROZEN:
            continue
        prev = tokens[i - 1]
        if prev[0] == "的" and i >= 2 and tokens[i - 2][0] in KIN_HOLDERS and not prev[1] & FROZEN:
            found.append((i - 1, [], i))  # 我的女儿 → 我女儿
        elif prev[0] in KIN_HOLDERS and not prev[1] & FROZEN and (i < 2 or tokens[i - 2][0] not in ("的", "给", "和")):
            found.append((i - 1, [prev, T("的")], i))  # 我女儿 → 我的女儿
    return found


def demonstrative_rewrites(tokens, written: bool = True) -> list[tuple[int, list, int]]:
    """这本书 ↔ 这书, 这家酒店 ↔ 这酒店 ↔ 该酒店: the same thing named with or without its classifier. `written`:
    the text's register takes the written 该/此 (a chatty text keeps 这本书)."""
    found = []
    n = len(tokens)
    for i in [i for i, token in enumerate(tokens) if token[0][0] in "这该此"]:
        word, flags, _ = tokens[i]
        if flags & FROZEN or word == "这个" and i and tokens[i - 1][0] == "像":
            continue
        pieces = None  # (tokens it spans, the noun)
        if len(word) >= 3 and word[0] == "这" and CLASSIFIER_OF.get(word[2:]) == word[1]:
            pieces = (1, (word[2:], flags, 0))  # jieba keeps 这本书 whole
        elif i + 1 >= n or tokens[i + 1][1] & FROZEN:
            continue
        elif word in ("这", "该", "此", "这个") and tokens[i + 1][0] in CLASSIFIER_OF:
            pieces = (2, tokens[i + 1])
        elif word == "这" and i + 2 < n and tokens[i + 2][0] in CLASSIFIER_OF and _free(tokens[i + 2]) \
                and tokens[i + 1][0] == CLASSIFIER_OF[tokens[i + 2][0]]:
            pieces = (3, tokens[i + 2])
        elif len(word) == 2 and word[0] == "这" and tokens[i + 1][0] in CLASSIFIER_OF \
                and word[1] == CLASSIFIER_OF[tokens[i + 1][0]]:
            pieces = (2, tokens[i + 1])
        if pieces is None:
            continue
        span, noun = pieces
        locative = i + span < n and tokens[i + span][0] in LOCATIVES
        spelled = "".join(t[0] for t in tokens[i:i + span])
        classifier = CLASSIFIER_OF[noun[0]]
        for form in ("这" + classifier, "这", "该"):  # 此 is the most written: 把此书读完 reads as a notice
            if form == "该" and (not written or noun[0] not in WRITTEN_THIS or i and not tokens[i - 1][1] & PUNCT):
                continue  # 该书 opens a clause as its subject; 儿子的该书, 拿到该书 read as a notice, not a review
            if form == "这" and locative:
                continue  # 这本书中 names a place in the book: 这书中 is not said
            if form == "这" and i and not tokens[i - 1][1] & (PUNCT | CONN):
                continue  # 儿子的这本书, 翻看这本书: a demonstrative after a possessor or verb keeps its classifier
            if form + noun[0] != spelled:
                found.append((i, [T(form), noun], i + span))
    return found


COUNTING_VERBS = frozenset({"是", "有", "就是", "真是", "算是", "也是", "还是", "都是", "像", "买了", "换了", "给了",
                            "找了", "选了", "住了", "来了", "送了", "送", "给", "买", "换", "找"})
OPEN_BRACKETS = frozenset({"（", "(", "【", "[", "“", "《"})
COORDINATORS = frozenset({"和", "与", "跟", "及", "以及", "、"})
SOFT_PARTICLES = frozenset({"啊", "呀", "哦", "啦", "哈"})
PHRASE_TRIGGERS = frozenset({"一个", "个"}) | COORDINATORS | SOFT_PARTICLES
# A particle that is part of an interjection stays: 天啊, 妈呀, 我的天哪 are not 天, 妈.
INTERJECTIONS = frozenset({"天", "妈", "娘", "哎", "唉", "哇", "哎呀", "天哪", "老天", "上帝"})
# A question word makes the clause a (rhetorical) question, whose final 啊 carries it: 怎么睡得着啊.
QUESTION_WORDS = frozenset({"怎么", "怎", "咋", "怎能", "怎么能", "怎会", "怎么会", "哪", "哪里", "哪儿", "难道", "谁", "什么",
                            "为什么", "为啥", "干嘛", "何必", "岂", "怎样", "怎么样", "多少", "几"})
NOT_SWAPPED = frozenset({"我", "我们", "你", "您", "他", "她", "大家", "自己", "其他", "其它", "别人", "之间", "一起",
                         "全部", "所有", "一切", "常人", "别的"})
# Words after "A 和/与 B" that make 和/与 a preposition (与常人无异, 和张三一样, 与孩子一起): A and B are not a list.
COMPANION_AFTER = frozenset({"一样", "无异", "一起", "相比", "相同", "不同", "类似", "差不多", "共同", "一块", "一块儿",
                             "之间", "相似", "相当", "无关", "有关", "相关", "比", "比起来", "相比较", "一致", "同样",
                             "分享", "交流", "沟通", "合作", "见面", "结婚", "离婚", "一同"})


def phrase_rewrites(tokens, is_noun) -> list[tuple[int, list, int]]:
    """是一个好地方 ↔ 是个好地方; 位置和服务都好 → 服务和位置都好 (two bare nouns joined by 和 or 、 trade places
    when neither is part of a longer noun phrase); a soft final particle dropped (好玩啊 → 好玩)."""
    found = []
    n = len(tokens)
    for i in [i for i, token in enumerate(tokens) if token[0] in PHRASE_TRIGGERS]:
        word, flags, _ = tokens[i]
        if word in SOFT_PARTICLES:
            if i and not flags & FROZEN and _ends_clause(tokens, i + 1) and not tokens[i - 1][1] & PUNCT \
                    and tokens[i - 1][0] not in INTERJECTIONS and not _asks(tokens, i):
                found.append((i, [], i + 1))  # 好玩啊。 → 好玩。
            continue
        if word in ("和", "与") and not flags & FROZEN and i + 1 < n and not tokens[i + 1][1] & (PUNCT | FROZEN):
            before = tokens[i - 1] if i else None
            if word == "与" and before is not None and not before[1] & PUNCT:
                found.append((i, [T("和")], i + 1))  # 与京东所标不符 → 和京东所标不符: 和 is the neutral 与
            elif word == "和" and (before is None or before[0][0] in SENTENCE_END or before[0] in KIN_HOLDERS):
                # 我和朋友去的, 和以前不同: the companion's 和 is 跟 in speech; after a comma 和 may go on a list
                # (焦灼的大地，和这片土地上的生活), where 跟 does not fit
                found.append((i, [T("跟")], i + 1))
        if flags & FROZEN or i == 0 or i + 1 >= n:
            continue
        prev, nxt = tokens[i - 1], tokens[i + 1]
        if prev[0] in COUNTING_VERBS and not nxt[1] & PUNCT:
            if word == "一个":
                found.append((i, [T("个")], i + 1))
            elif word == "个" and not nxt[0].startswith(("人", "别")):  # 个人, 个别 are words of their own
                found.append((i, [T("一个")], i + 1))
        if word in COORDINATORS and not prev[1] & FROZEN and not nxt[1] & FROZEN \
                and not _name_piece(tokens[i - 2] if i >= 2 else None) and not _name_piece(tokens[i + 2] if i + 2 < n else None) \
                and is_noun(prev[0]) and is_noun(nxt[0]) and prev[0] not in NOT_SWAPPED and nxt[0] not in NOT_SWAPPED:
            before = tokens[i - 2] if i >= 2 else None
            after = tokens[i + 2] if i + 2 < n else None
            if (before is None or not is_noun(before[0]) and before[0] not in COORDINATORS and not before[1] & PROT) \
                    and (after is None or not is_noun(after[0]) and after[0] not in COORDINATORS and after[0] != "的"
                         and after[0] not in COMPANION_AFTER):
                found.append((i - 1, [nxt, tokens[i], prev], i + 2))
    return found



def _name_piece(token) -> bool:
    """A lone content character or a word jieba does not know beside a noun: the noun is part of a name (一心烤肉和
    大清花: 花 ends a restaurant's name, so 烤肉 and 大清 are not a list of two things)."""
    return token is not None and not token[1] & PUNCT and len(token[0]) == 1 and token[0] not in FUNCTION_CHARS


IF_WORDS = frozenset({"如果", "要是", "假如"})
# After 但 these introduce what must come first (…，但首先要有…): a condition, not a concession 虽然 could answer.
PREREQUISITES = frozenset({"首先", "前提", "前提是", "必须", "一定要", "得先", "要先", "先"})
# 'Clearly, obviously' in a protest: the clause is no concession (虽然我明明预订了 says the opposite of the writer).
INSISTING = frozenset({"明明", "分明", "明摆着"})


# In a condition these say its result has begun (如果是四星就按四星去做, 如果囊中羞涩可以考虑): 的话 cannot close it.
RESULT_INSIDE = frozenset({"就", "便", "才", "能", "可以", "会", "要", "应该", "的话", "那", "那么", "建议", "推荐", "别"})
# 的话 is added only when the next clause opens with one of these and so is plainly the result (如果有其它选择，不建议…;
# not 如果仅是炒作一次，借机大捞一把，…, where the condition goes on).
# A condition ending in these is closed already (…的时候, 毕业后): 的时候的话 says it twice.
CLOSED_CONDITION = frozenset({"的", "话", "说", "时", "时候", "后", "以后", "之后", "前", "以前", "之前"})
RESULT_OPENERS = frozenset({"就", "那", "那么", "那就", "我", "你", "他", "她", "我们", "你们", "大家", "肯定", "一定", "千万",
                            "不", "不能", "不要", "别", "建议", "会", "可以", "应该", "最好", "也", "都", "则", "还是"})


def _if_clause_ending(tokens, clause) -> list[tuple[int, list, int]]:
    """如果A的话， ↔ 如果A， : 的话 closes a condition and says nothing of its own. It is added only to a short
    condition that is whole before its comma."""
    last = tokens[clause.end - 1]
    if last[0] == "的话":
        return [(clause.end - 1, [], clause.end)]
    inside = tokens[clause.start + 1:clause.end]
    after = tokens[clause.end + 1][0] if clause.end + 1 < len(tokens) else ""
    if last[1] & PUNCT or last[0] in FINAL_PARTICLES or last[0] in CLOSED_CONDITION or after not in RESULT_OPENERS \
            or sum(len(t[0]) for t in inside) > 8 or any(t[0] in RESULT_INSIDE for t in inside):
        return []
    return [(clause.end - 1, [last, T("的话")], clause.end)]


def connective_rewrites(tokens, clauses) -> list[tuple[int, list, int]]:
    found = []
    formal = is_formal("".join([t[0] for t in tokens]))
    for number, clause in enumerate(clauses):
        if clause.start >= clause.end:
            continue
        head = tokens[clause.start]
        word = head[0]
        if word in SWAPS and not head[1] & (PROT & ~CONN) and clause.end - clause.start > 1 \
                and not tokens[clause.start + 1][1] & PUNCT:
            following_word = tokens[clause.start + 1][0]
            if word in SWAP_ONLY_BEFORE and following_word not in SWAP_ONLY_BEFORE[word]:
                continue
            if following_word == "的":
                continue  # 后来的后来: a noun phrase, not a clause-opening connective
            if following_word.startswith("却") and word == "但":
                continue  # 但却 is one turn: 但是却 says 'but' twice
            if word == "不过" and following_word in MERELY_AFTER:
                continue  # 不过是个噱头, 不过如此: 不过 is 'merely', not 'but'
            after = clauses[number + 1] if number + 1 < len(clauses) else None
            next_head = tokens[after.start][0] if after is not None and after.start < after.end else ""
            insisted = number and any(t[0] in INSISTING for t in tokens[clauses[number - 1].start:clauses[number - 1].end])
            for other in SWAPS[word]:
                if other == "不过" and insisted:
                    continue  # 我明明预订了，但是…: an indignant 明明 wants 但/可, 不过 softens the protest
                if other[0] == "但" and next_head[:1] == "但":
                    continue  # 不过这个价位…，但好歹…: 但…，但 says the turn twice
                if other in SPOKEN_CONNECTIVES and formal:
                    continue  # 如果您一定要关闭: a hotel's reply does not say 要是
                if other == "由于" and (clause.final or number and not clauses[number - 1].final):
                    # 我不推荐，因为房间很脏: 由于 gives a reason before the result, never after it; after a comma
                    # the 因为 clause may explain what came before it (我觉得写得好，因为没有人是完美的，…)
                    continue
                if other[-1] not in following_word[:2] and other[0] != following_word[:1]:
                    # not 要是是 or 要是不是 (read as a typo), nor 要是要 (如果要从…看 keeps 如果)
                    found.append((clause.start, [T(other)], clause.start + 1))
        if word in IF_WORDS and not clause.final and clause.delim[:1] in ("，", ",") and clause.end - clause.start > 2:
            found.extend(_if_clause_ending(tokens, clause))
        following = clauses[number + 1] if number + 1 < len(clauses) else None
        if following is None or clause.final or following.start >= following.end:
            continue
        second = tokens[following.start][0]
        # drop a first half whose second half stays: 因为A，所以B → A，所以B
        if word in DROPPABLE_FIRST and second in DROPPABLE_FIRST[word] and clause.end - clause.start > 2 \
                and _free(head):
            found.append((clause.start, [], clause.start + 1))
        # add a first half: A，所以B → 因为A，所以B; A，但是B → 虽然A，但是B (only at the head of a sentence)
        if word in OPENERS or head[1] & (PUNCT | CONN) or not _opens_sentence(tokens, clause.start):
            continue
        if clause.end - clause.start < 2 or any(t[0] in OPENERS or t[0][0] == "虽" or t[0] in INSISTING
                                                for t in tokens[clause.start:clause.end]):
            continue
        if tokens[clause.end][0] not in ("，", ",") or any(t[0] in OPEN_BRACKETS for t in tokens[clause.start:clause.end]):
            continue  # 三放三充（说的是…，但…）: the 但 answers a clause inside the brackets
        opener = "因为" if second in ("所以", "因此") else "虽然" if second in CONTRAST_LEADS \
            and following.end - following.start > 1 and tokens[following.start + 1][0] not in PREREQUISITES \
            and not (second == "不过" and tokens[following.start + 1][0] in MERELY_AFTER) else None
        if opener is None:
            continue
        if head[0] in TIME_WORDS or head[0][-1:] in TIME_ENDINGS:
            # 昨天虽然下雨: the connective follows a leading time phrase, and a clause that is only one gets none
            if clause.end - clause.start > 2 and not tokens[clause.start + 1][0] in TIME_WORDS:
                found.append((clause.start, [head, T(opener)], clause.start + 1))
            continue
        found.append((clause.start, [T(opener), head], clause.start + 1))
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


# (不错的书 reads as well, but the label check counts 不错's inner negation: it never survives)
GOOD_AS_ATTRIBUTE = (("很好", "的"),)


def attributive_good_rewrites(tokens) -> list[tuple[int, list, int]]:
    """一本好书 → 一本很好的书: 好 the analyser read as the adjective of the noun after it (not the
    degree adverb of 好大); the noun and what goes before stay."""
    found = []
    for i in range(1, len(tokens) - 1):
        word, flags, pol = tokens[i]
        if word == "好" and flags & SENT and not flags & (DEG | PROT) and pol > 0 and not tokens[i + 1][1] & (PUNCT | PROT):
            found.extend((i, [T(a), T(b)], i + 1) for a, b in GOOD_AS_ATTRIBUTE)
    return found
