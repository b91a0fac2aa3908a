"""`restructure`: change the sentence's structure, never its words' meaning or the label.

All candidate rewrites of a sentence are listed once (`candidates`), and a variant picks one. Only clauses that
parse as *simple evaluations* are moved or joined: an optional topic (这部手机的), a subject that is an aspect
or item word (屏幕, 服务态度, 手机), optionally 也, and a predicate made only of degree adverbs, negations,
sentiment words and particles (很清晰, 不太干净, 也还不错). Rewrites:

- reorder two adjacent simple clauses of the same polarity (屏幕很清晰，电池也很耐用 → 电池很耐用，屏幕也很清晰);
- join two simple clauses of the same polarity with 不仅/不但 … 而且/还/也 (手机很漂亮，性能也不错 →
  手机不仅很漂亮，而且性能也不错; 房间很大，也很干净 → 房间不仅很大，还很干净);
- concession: a clause of one polarity followed by 但是/但/不过/可是 and a clause of the other polarity gets
  虽然/尽管 (the contrasted clause stays last, so the verdict does not move), or its connectives are swapped;
  an existing 虽然 can be swapped or dropped;
- topicalisation: 我很喜欢这部电影的配乐 ↔ 这部电影的配乐我很喜欢, 我住过这家酒店两次 → 这家酒店我住过两次, and
  这家酒店的服务 ↔ 这家酒店服务;
- 把 ↔ 被 with an explicit agent, only when every word around them has a noun or verb tag in jieba's
  dictionary and the clause has no negation or modal verb (快递员把箱子压坏了 ↔ 箱子被快递员压坏了), and either
  to plain order when the verb carries its result (→ 快递员压坏了箱子).

- clause operations of clauses.py: two comma-joined clauses with their own noun subjects change places, two short
  predicates of one subject change places, two items of a 、 list change places, a time word moves before or
  after its clause's subject, 而且B ↔ B也, a long sentence is split at a comma or two short ones joined.

Opposite-polarity clauses are never reordered and never given a new contrast: which of them carries the verdict
is only known when the text already marks it.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter

from .analysis import CONN, DEG, LEXNEG, NEG, PROT, PUNCT, SENT
from .marks import HALF_MARKS, full_width_rewrites
from .numerals import numeral_rewrites
from .spellings import VARIANT_CHARS, spelling_rewrites
from .narrative import (COMPLEMENT_DEGREES, SHORT_LINE, TRIGGERS as NARRATIVE_TRIGGERS, complement_rewrites,
                        line_end_rewrites, list_marker_rewrites, narrative_rewrites)
from .colloquial import TRIGGERS as COLLOQUIAL_TRIGGERS, colloquial_rewrites, has_focus
from .register import is_chatty, is_formal, is_written
from .clauses import (CAUSES, MOVABLE_TIMES, RESULTS, SPLIT_MIN, additive_rewrites, cause_rewrites, comma_pairs,
                      join_rewrites, list_rewrites, opinion_rewrites, parallel_rewrites, reorder_rewrites, split_rewrites,
                      stance_rewrites, time_rewrites)
from .rephrase import (ADVERB_TRIGGERS, attributive_good_rewrites, CONNECTIVE_WORDS, FEELING_VERBS, MERELY_AFTER, PHRASE_TRIGGERS, PLAIN_ADJECTIVES, TIME_WORDS, WORD_TRIGGERS,
                       adverb_rewrites, adverbial_rewrites, bare_adjective_rewrites, connective_rewrites, degree_rewrites,
                       demonstrative_rewrites, feeling_rewrites, INSISTING, kin_rewrites, KIN_NOUNS, phrase_rewrites, word_rewrites)

NEW = PROT | CONN  # flags of a word the rewrite inserted
CLAUSE_WORDS = frozenset(CAUSES) | frozenset(RESULTS)
LINE_END_MARKS = frozenset("。！？!?…")  # a text ending otherwise may take a full stop (line_end_rewrites)
COUNT_CHARS = frozenset("123456789两三四五六七八九")
LIST_FIRSTS = frozenset("123456789一二三四五六七八九十")  # a line that may open with a point number  # a count numeral_rewrites may write the other way
_word_of = itemgetter(0)  # a token's word, for keys built in bulk
# Nouns that open a clause without being what it evaluates (时间 in 时间很紧, 感觉 in 感觉很好 is the writer's).
NOT_SUBJECTS = frozenset({"感觉", "时候", "时间", "现在", "目前", "今天", "昨天", "晚上", "早上", "当时", "总体", "整体",
                          "个人", "本人", "自己", "大家", "别人", "朋友", "结果", "问题", "原因", "事情", "东西们"})

ALSO = "也"
LEADS = frozenset({"也", "还", "都", "就", "又", "才", "却", "而", "并", "更", "再", "同时", "另外", "而且", "并且",
                   "所以", "因此", "因为", "但", "但是", "不过", "可是", "然而", "只是", "就是", "可惜", "于是", "然后",
                   "结果", "甚至", "况且", "何况", "总之", "总的来说", "总体来说", "总体而言", "整体来说", "其实",
                   "反正", "毕竟", "尤其", "尤其是", "特别是", "虽然", "尽管", "虽说", "不仅", "不但", "不光", "如果",
                   "要是", "即使", "就算", "哪怕", "除了", "以及", "和", "或者", "还是", "而是", "只要", "只有",
                   "不管", "无论", "既然", "由于", "首先", "其次", "最后", "比如", "例如", "包括"})
CONTRAST = ("但是", "但", "不过", "可是")
CONCESSIVE = ("虽然", "尽管", "虽说")
FILLERS = frozenset({"也", "还", "都", "真", "真的", "确实", "实在", "是", "的", "了", "啊", "呀", "吧", "哦", "呢", "嘛",
                     "啦", "得", "又", "算", "算是", "还算", "挺", "蛮", "超", "倒是", "其实", "特", "太", "比较", "相当",
                     "非常", "很", "十分", "特别", "有点", "有些", "好", "最", "更", "超级", "极其"})
DEMONSTRATIVES = frozenset({"这", "那", "这个", "那个", "这部", "这家", "这款", "这本", "这台", "这间", "这次", "这种",
                            "这位", "这件", "这双", "这套", "那家", "那部", "那本", "那款", "该", "此", "他家", "她家",
                            "这回", "这趟", "这顿", "这份", "这里的", "这边的"})
CLASSIFIERS = frozenset({"部", "款", "家", "台", "本", "间", "个", "件", "只", "条", "份", "位", "种", "辆", "张", "双",
                         "套", "场", "次", "顿", "所", "支", "瓶", "杯", "碗", "盒", "袋"})
SUBJECT_PRONOUNS = ("我", "我们", "我个人", "我和家人", "我和朋友", "我们家")
# Words that open a clause locating or naming what came before (就在万象城背后, 位于市中心, 即…): the clauses
# before it are not reordered, since the one it belongs to would no longer stand next to it.
LOCATING_OPENERS = frozenset({"在", "就在", "位于", "地处", "坐落", "坐落在", "离", "距", "距离", "靠近", "紧邻", "挨着",
                              "旁边", "对面", "附近", "即", "也就是", "就是"})
PRONOUN_STARTS = frozenset(word[0] for word in SUBJECT_PRONOUNS)
TOPIC_VERBS = frozenset({"喜欢", "爱", "推荐", "欣赏", "讨厌", "满意", "钟爱", "佩服", "看好", "失望"})
TOPIC_ADVERBS = frozenset({"也", "还", "都", "真", "真的", "确实", "特别", "一直", "最", "挺", "很", "非常", "超", "更",
                           "十分", "蛮", "比较", "相当", "实在", "尤其", "太", "好"})
MODALS = frozenset({"能", "会", "要", "想", "应该", "可以", "得", "该", "敢", "肯", "愿意"})
NOUN_TAGS = frozenset({"n", "nr", "nz", "ns", "nt", "r", "ng", "nrt", "nrfg", "vn", "an"})
RESULTS_OF_DISPOSAL = frozenset("坏好完丢破错掉碎烂倒脏")  # 压坏, 修好, 弄丢, 打碎: the result of a disposal
REPEATS = frozenset({"很多次", "好几次", "多次", "几次", "好多次", "无数次", "好几遍", "很多遍", "几遍"})
CHANGE_FIRST_CHARS = frozenset("发掉褪起变漏脱")  # 发霉, 掉漆, 褪色, 起球, 变形, 漏水, 脱线
CHANGE_VERBS = frozenset({"生锈", "开裂", "破损", "破裂", "破"})
OBJECT_TAGS = NOUN_TAGS | {"m", "q", "mq", "uj", "a", "b", "f", "s"}
# Adverbs and adverbials that jieba files as nouns, numerals or place words (差点 n, 总算 n, 一起 m, 最后 f, 当场
# s): in a 把/被 clause they modify the verb phrase where they stand, and 把 ↔ 被 would carry them into the noun
# phrase that moves (书总算被我找到了 → 我把书总算找到了, 最后服务员把房间换了 → 房间被最后服务员换了).
ADVERBIAL_NOUNS = frozenset({"差点", "差点儿", "差一点", "总算", "专门", "统统", "全部", "全都", "一起", "一下子", "一下",
                             "一把", "当场", "最后", "最终", "后来", "终究", "到底", "一次", "半天", "好不容易", "这么",
                             "那么", "这样", "那样", "怎么", "如此", "一直", "自己", "亲自", "连忙", "赶紧", "随即"})
# Adverbs that tie a clause to the one before it (早餐还很丰盛 'also', 服务就更好了, 又很吵): that clause cannot
# open the pair when the two are reordered, and 也 beside them says it twice (早餐也还很丰盛).
TYING_ADVERBS = frozenset({"还", "又", "更", "更是", "就", "才", "却", "倒", "倒是", "反而", "甚至", "同样", "一样"})


def T(word: str, flags: int = NEW) -> tuple:
    return (word, flags, 0)


@dataclass(slots=True)
class ClauseInfo:
    start: int
    end: int
    delim: tuple | None  # the delimiter token
    final: bool
    polarity: int | None  # +1 / -1 / None, read only for simple clauses and those before a contrast word
    lead: str = ""
    prefix: int = 0  # tokens of topic (这部手机的), relative to start
    subject: tuple[int, int] | None = None  # relative
    subject_is_item: bool = False
    also: int = -1  # relative position of 也 after the subject
    pred: int = -1  # relative start of the predicate
    simple: bool = False


class RestructureOp:
    name = "restructure"

    def __init__(self, lexicon, analyser, segmenter):
        self.lexicon = lexicon
        self.analyser = analyser
        self.segmenter = segmenter
        self.aspects = lexicon.aspects
        self.lexicon_items = lexicon.items
        self.items = lexicon.items
        self.extra_items: set[str] = set()  # item names given as slots of generated text
        self.degree_words = frozenset(lexicon.degree)
        self._adjectives_tagged: frozenset[str] | None = None
        self._adjectives_as_verbs: frozenset[str] | None = None

    def set_extra_items(self, names) -> None:
        self.extra_items = set(names)
        self.items = {**self.lexicon_items, **{name: "" for name in names}} if names else self.lexicon_items

    # -- reading clauses ------------------------------------------------------------------------------------

    def clause_infos(self, analysis, tokens) -> list[ClauseInfo]:
        clauses = analysis.clauses
        infos = []
        for clause in clauses:
            delim = tokens[clause.end] if clause.end < len(tokens) else None
            info = ClauseInfo(clause.start, clause.end, delim, clause.final, None)
            self._parse(tokens[clause.start:clause.end], info)
            infos.append(info)
        # Polarity is read only where a rewrite may join two simple clauses or add a concession before a
        # contrast word (the rest stay None).
        for k, info in enumerate(infos):
            contrasted = k + 1 < len(infos) and infos[k + 1].lead in CONTRAST
            if info.simple or contrasted:
                info.polarity = self.analyser.clause_polarity(analysis, clauses[k])
        return infos

    def _parse(self, toks: list[tuple], info: ClauseInfo) -> None:
        n = len(toks)
        if not n:
            return
        first = toks[0][0]
        if first in LEADS or toks[0][1] & CONN:
            info.lead = first
            return
        aspects, items = self.aspects, self.items
        k = 0
        if first in DEMONSTRATIVES:
            k = 1
            if k < n and toks[k][0] in CLASSIFIERS:
                k += 1
            if not (k < n and toks[k][0] in items):
                return
            k += 1
            if k < n and toks[k][0] == "的":
                k += 1
            if k < n and toks[k][0] in aspects:
                info.prefix = k
            elif toks[k - 1][0] != "的":
                info.prefix = 0  # 这部手机 + predicate: the whole NP is the subject
                info.subject = (0, k)
                info.subject_is_item = True
            else:
                return
        elif first in items and n > 2:
            # 这本书的文笔 / 衣服质量: the item is the topic, the aspect the subject
            if toks[1][0] == "的" and toks[2][0] in aspects:
                k = info.prefix = 2
            elif toks[1][0] in aspects:
                k = info.prefix = 1
        if info.subject is None:
            if not (k < n and (toks[k][0] in aspects or (k == 0 and toks[k][0] in items)
                               or k == 0 and n > 2 and len(toks[k][0]) > 1 and self._is_known_noun(toks[k][0])
                               and toks[k][0] not in NOT_SUBJECTS)):
                return  # a dictionary noun opens a clause as its subject too (机器很好, 老板很热情)
            e = k + 1
            if e < n and toks[e][0] in aspects:
                e += 1
            elif e + 1 < n and toks[e][0] == "的" and toks[e + 1][0] in aspects:
                e += 2
            info.subject = (k, e)
            info.subject_is_item = toks[k][0] in items and e == k + 1
        p = info.subject[1]
        if p < n and toks[p][0] == ALSO:
            info.also = p
            p += 1
        info.pred = p
        has_sentiment = False
        for word, flags, _ in toks[p:]:
            if flags & (SENT | LEXNEG):
                has_sentiment = True
            elif flags & (DEG | NEG) or word in FILLERS:
                continue
            else:
                return
        info.simple = has_sentiment and p < n and toks[-1][0] not in ("的",)

    # -- candidates -----------------------------------------------------------------------------------------

    def candidates(self, analysis, tokens: list[tuple]) -> list:
        """Every rewrite of the text as (start, new tokens, end), grouped by kind (`KINDS`), with the kind 'two
        of these together' last. The pipeline lists one kind at a time (`TextRewrites`); this lists them all."""
        rewrites = TextRewrites(self, analysis, tokens)
        groups = self._distinct([rewrites.listed(kind) for kind in KINDS])
        pairs = rewrites.listed(PAIRS)
        return [group for group in groups if group] + ([pairs] if pairs else [])

    def live_kinds(self, analysis, tokens) -> list[str]:
        """The kinds that may have a rewrite in this text, by set tests on its words (no scan): a rewrite is looked
        for only when a word it starts from is in the text."""
        text, present = analysis.text, {t[0] for t in tokens}
        live = ["clauses"]
        if not CONNECTIVE_WORDS.isdisjoint(present) or not TIME_WORDS.isdisjoint(present):
            live.append("connectives")
        if not self.degree_words.isdisjoint(present) or not self.lexicon.adjectives.isdisjoint(present) \
                or not PLAIN_ADJECTIVES.isdisjoint(present) or not FEELING_VERBS.isdisjoint(present) \
                or not ADVERB_TRIGGERS.isdisjoint(present) or "令人" in text or "使人" in text:
            live.append("degree")
        if not WORD_TRIGGERS.isdisjoint(present) or not self.items.keys().isdisjoint(present) \
                or "这" in text or "该" in text or "此" in text or not PHRASE_TRIGGERS.isdisjoint(present) \
                or not COUNT_CHARS.isdisjoint(text) or "好" in present or not KIN_NOUNS.isdisjoint(present) \
                or text[-1:] not in LINE_END_MARKS or len(text) <= SHORT_LINE or text[:1] in LIST_FIRSTS \
                or not HALF_MARKS.isdisjoint(text) or not VARIANT_CHARS.isdisjoint(text):
            live.append("words")
        if not COLLOQUIAL_TRIGGERS.isdisjoint(present) or "一个" in text or has_focus(present):
            live.append("colloquial")
        if not NARRATIVE_TRIGGERS.isdisjoint(present) or "的" in present and not COMPLEMENT_DEGREES.isdisjoint(present):
            live.append("narrative")
        if "，" in text and len(text) > 2 * SPLIT_MIN:
            live.append("split")
        if len(live) > 1:
            live.append(PAIRS)
        return live

    def list_kind(self, kind: str, analysis, tokens) -> list[tuple[int, list, int]]:
        """The (start, new tokens, end) rewrites of one kind (repeats possible; `seen` in the pipeline drops a
        variant already made)."""
        clauses, present, adjectives, text = analysis.clauses, {t[0] for t in tokens}, self.lexicon.adjectives, \
            analysis.text
        found: list[tuple[int, list, int]] = []
        if kind == "clauses":
            return self._clause_rewrites(analysis, tokens)
        if kind == "connectives":
            if not CONNECTIVE_WORDS.isdisjoint(present):
                found += connective_rewrites(tokens, clauses)
            if not TIME_WORDS.isdisjoint(present):
                found += adverbial_rewrites(tokens, clauses)
        elif kind == "degree":
            if not self.degree_words.isdisjoint(present):
                found += degree_rewrites(tokens, adjectives, self._true_adjectives(), self._tag_of)
            if not adjectives.isdisjoint(present) or not PLAIN_ADJECTIVES.isdisjoint(present):
                found += bare_adjective_rewrites(tokens, adjectives, self._is_noun, self._verbs(), self._is_known_noun)
            if not FEELING_VERBS.isdisjoint(present):
                found += feeling_rewrites(tokens)
            if not ADVERB_TRIGGERS.isdisjoint(present) or "令人" in text or "使人" in text:
                found += adverb_rewrites(tokens, adjectives)
            # a stance adverb before the degree (屏幕确实很清晰): here, not with the clause moves it would crowd out
            found += stance_rewrites(tokens, self._is_known_noun, adjectives - self._verbs(),
                                     spoken=not is_written(text, present))
        elif kind == "words":
            if not WORD_TRIGGERS.isdisjoint(present) or not self.items.keys().isdisjoint(present):
                found += word_rewrites(tokens, self._is_aspect, self._is_item, self._is_noun, self.segmenter.tags.get)
            if "这" in text or "该" in text or "此" in text:
                found += demonstrative_rewrites(tokens, written=not is_chatty(present) and is_written(text, present))
            if not PHRASE_TRIGGERS.isdisjoint(present):
                found += phrase_rewrites(tokens, self._is_noun)
            if not COUNT_CHARS.isdisjoint(text):
                found += numeral_rewrites(tokens, digits_allowed=not is_written(text, present))
            if "好" in present:
                found += attributive_good_rewrites(tokens)
            if not KIN_NOUNS.isdisjoint(present):
                found += kin_rewrites(tokens)
            if text[:1] in LIST_FIRSTS:
                found += list_marker_rewrites(tokens)  # 3、体积小 → 3.体积小: how a numbered point opens
            if text[-1:] not in LINE_END_MARKS or len(text) <= SHORT_LINE:
                found += line_end_rewrites(tokens)  # a form of writing, as 这本书 ↔ 这书: not a kind of its own
            if not HALF_MARKS.isdisjoint(text):
                found += full_width_rewrites(tokens)  # 楼很老,房间很大 → 楼很老，房间很大 (marks.py)
            if not VARIANT_CHARS.isdisjoint(text):
                found += spelling_rewrites(tokens)  # 想像 → 想象, 好象 → 好像 (spellings.py)
        elif kind == "split":
            found += split_rewrites(tokens, clauses, self._tag_of)
        elif kind == "narrative":
            if "的" in present:
                found += complement_rewrites(tokens, self.segmenter.tags.get)
            found += narrative_rewrites(tokens, self.segmenter.tags.get, is_chatty(present),
                                        lambda word: word in self.aspects or word in self.items)
        elif kind == "colloquial":
            found += colloquial_rewrites(tokens, self.segmenter.tags.get, self._is_noun, is_formal(text),
                                         is_chatty(present), spoken=not is_written(text, present))
        return found

    def _clause_rewrites(self, analysis, tokens) -> list[tuple[int, list, int]]:
        """Clause joins and moves, concessions, topicalisation, 把/被, cause and result, the opinion frame."""
        infos = self.clause_infos(analysis, tokens)
        found: list[tuple[int, list[tuple], int]] = []  # (first token replaced, new tokens, end of the replaced)
        for k, (a, b) in enumerate(zip(infos, infos[1:])):
            if a.final or a.delim is None or a.delim[0] not in "，,；;" or not (a.simple and b.simple) \
                    and b.lead not in CONTRAST:
                continue  # only simple clauses are joined, and only a contrast gets a concession
            pieces = []
            if a.simple and b.simple and a.polarity is not None and a.polarity == b.polarity:
                reorder = k + 2 >= len(infos) or not _locates(tokens[infos[k + 2].start:infos[k + 2].end])
                pieces += self._same_polarity(tokens, a, b, reorder)
            if b.lead in CONTRAST:
                pieces += self._concession(analysis, tokens, a, b)
            found.extend((a.start, middle, b.end) for middle in pieces)
        # The analysis's tokens spell its text: without 把 or 被 in the text no clause has a 把/被 token, without
        # the first character of a subject pronoun only 这家酒店的服务 ↔ 这家酒店服务 can be topicalised.
        text = analysis.text
        passive = "把" in text or "被" in text
        pronoun = not PRONOUN_STARTS.isdisjoint(text)
        for info in infos:
            rewrites = self._topicalise(tokens, info) if pronoun or tokens[info.start][0] in DEMONSTRATIVES else []
            if passive:
                rewrites += self._ba_bei(tokens, info)
            if rewrites:
                found.extend((info.start, middle, info.end) for middle in rewrites)
        clauses = analysis.clauses
        if not CLAUSE_WORDS.isdisjoint(t[0] for t in tokens):
            found += cause_rewrites(tokens, clauses)
        read: dict[int, int | None] = {}

        def polarity(k: int) -> int | None:  # read once per clause, for the clause operations below
            if k not in read:
                read[k] = infos[k].polarity if infos[k].polarity is not None \
                    else self.analyser.clause_polarity(analysis, clauses[k])
            return read[k]
        if len(clauses) > 1 and ("，" in text or "," in text):
            pairs = list(comma_pairs(clauses))
            if pairs:
                found += reorder_rewrites(tokens, clauses, polarity, self._is_clause_subject, pairs)
                found += parallel_rewrites(tokens, clauses, polarity, self._is_clause_subject, self._tag_of, pairs)
                found += additive_rewrites(tokens, clauses, polarity, self._is_clause_subject, pairs)
        if len(clauses) > 1 and "。" in text[:-1]:
            found += join_rewrites(tokens, clauses, polarity, self._is_clause_subject)
        if "、" in text:
            found += list_rewrites(tokens, self._tag_of)
        if not MOVABLE_TIMES.isdisjoint(t[0] for t in tokens):
            found += time_rewrites(tokens, clauses, self._tag_of)
        # a clause's polarity is read once: clause_infos has it for simple clauses and those before a contrast
        found += opinion_rewrites(tokens, clauses, lambda k: (infos[k].polarity if infos[k].polarity is not None
                                                              or infos[k].simple
                                                              else self.analyser.clause_polarity(analysis, clauses[k]))
                                  is not None, self._is_known_noun)
        return found

    @staticmethod
    def _distinct(kinds) -> list[list[tuple[int, list, int]]]:
        """Per kind, its (start, new tokens, end) rewrites without repeats (a repeat of an earlier kind's too)."""
        groups, seen = [], set()
        for found in kinds:
            unique = []
            for rewrite in found:
                key = (rewrite[0], rewrite[2], tuple(map(_word_of, rewrite[1])))
                if key not in seen:
                    seen.add(key)
                    unique.append(rewrite)
            groups.append(unique)
        return groups

    @staticmethod
    def pick(group, tokens: list[tuple], rng) -> list[tuple]:
        """The tokens of one rewrite of a kind's list (for `Pairs`, two rewrites at places that do not touch,
        applied together; one alone when the two drawn touch)."""
        if isinstance(group, Pairs):
            first, second = sorted(rng.sample(group.singles, 2), key=itemgetter(0))
            if second[0] > first[2]:
                return tokens[:first[0]] + first[1] + tokens[first[2]:second[0]] + second[1] + tokens[second[2]:]
            return tokens[:first[0]] + first[1] + tokens[first[2]:]
        start, middle, end = rng.choice(group)
        return tokens[:start] + middle + tokens[end:]

    def _same_polarity(self, tokens, a: ClauseInfo, b: ClauseInfo, reorder: bool = True) -> list[list[tuple]]:
        out = []
        ta, tb = tokens[a.start:a.end], tokens[b.start:b.end]
        prefix = ta[:a.prefix]
        prefix_bare = prefix[:-1] if prefix and prefix[-1][0] == "的" else prefix
        subj_a = ta[a.subject[0]:a.subject[1]]
        pred_a = ta[a.pred:]
        if b.subject is not None:
            subj_b, pred_b = tb[b.subject[0]:b.subject[1]], tb[b.pred:]
            b_has_also = b.also >= 0
            tied = bool(pred_b) and pred_b[0][0] in TYING_ADVERBS
            # Reorder: both subjects are aspects under one topic.
            if reorder and not tied and not a.subject_is_item and not b.subject_is_item and b.prefix == 0:
                first = prefix + subj_b + pred_b
                second = subj_a + ([T(ALSO)] if b_has_also and a.also < 0 else ta[a.subject[1]:a.pred]) + pred_a
                out.append(first + [a.delim] + second)
            b_with_also = subj_b + [T(ALSO)] + pred_b if not b_has_also and not _starts_with_also(pred_b) \
                and not tied else tb
            if a.subject_is_item:
                # 手机很漂亮，性能也不错 → 手机不仅很漂亮，而且性能也不错
                head = subj_a + ta[a.subject[1]:a.pred]
                for first_word, second in (("不仅", [T("而且")] + tb), ("不但", [T("而且")] + tb),
                                           ("不仅", b_with_also), ("不但", b_with_also)):
                    out.append(head + [T(first_word)] + pred_a + [a.delim] + second)
            elif b.prefix == 0 and a.also < 0:
                # 屏幕很清晰，电池也很耐用 → (这部手机)不仅屏幕很清晰，而且电池也很耐用 / 屏幕也很清晰
                body_a = subj_a + pred_a
                for first_word, second in (("不仅", [T("而且")] + tb), ("不但", [T("而且")] + tb),
                                           ("不仅", b_with_also), ("不但", b_with_also)):
                    out.append(prefix_bare + [T(first_word)] + body_a + [a.delim] + second)
        elif b.subject is None and not b.lead:
            # 房间很大，也很干净 / 房间很大，很干净 (one subject) → 房间不仅很大，而且很干净 / 还很干净
            pred_b = _strip_also(tb)
            if pred_b and pred_b[0][1] & (DEG | SENT | NEG) and _all_predicate(pred_b):
                head = prefix + subj_a + ta[a.subject[1]:a.pred]
                seconds = [[T("而且")] + pred_b]
                if pred_b[0][0] not in ("还", "也", "都"):
                    seconds.append([T("还")] + pred_b)
                for first_word in ("不仅", "不但"):
                    for second in seconds:
                        out.append(head + [T(first_word)] + pred_a + [a.delim] + second)
        return out

    def _concession(self, analysis, tokens, a: ClauseInfo, b: ClauseInfo) -> list[list[tuple]]:
        out = []
        ta, tb = tokens[a.start:a.end], tokens[b.start:b.end]
        if len(tb) < 2 or any(t[0].startswith("却") for t in tb):  # jieba glues 却是, 却又
            return out
        rest_b = tb[1:]
        lead_b = tb[0][0]
        if rest_b[0][1] & PUNCT or rest_b[0][0] in LEADS or lead_b == "不过" and rest_b[0][0] in MERELY_AFTER:
            return out  # 不过是个噱头: 不过 is 'merely' there, not a contrast
        polarity_b = self._polarity_of(rest_b)
        if a.lead in CONCESSIVE:
            rest_a = ta[1:]
            for word in CONCESSIVE:
                if word != a.lead:
                    out.append([T(word)] + rest_a + [a.delim] + tb)
            out.append(rest_a + [a.delim] + tb)  # 虽然A，但是B → A，但是B
            for word in CONTRAST:  # → A，不过B / 可是B: the contrast word alone carries the turn
                if word != lead_b and word[-1] != rest_b[0][0][0] and word[0] != rest_b[0][0][0]:
                    out.append(rest_a + [a.delim, T(word)] + rest_b)
            return out
        if a.lead:
            return out
        # Swap the contrast word: 但是 / 不过 / 可是 / 但 carry the same turn, except after a protest (我明明预订了，
        # 但是…), which 不过 softens and 虽然 contradicts.
        insisted = any(t[0] in INSISTING for t in ta)
        for word in CONTRAST:
            if word == "不过" and insisted:
                continue
            if word != lead_b and word[-1] != rest_b[0][0][0] and word[0] != rest_b[0][0][0]:
                # 不过过去 reads as a typo, 可是可以 stutters
                out.append(ta + [a.delim, T(word)] + rest_b)
        # 虽然 only on the first clause of a sentence, and not on one tied to the clause before by 也.
        opens_sentence = a.start == 0 or tokens[a.start - 1][0] in "。！？!?…\n"
        if (opens_sentence and not insisted and a.also < 0 and a.polarity is not None and polarity_b is not None
                and a.polarity == -polarity_b and not any(t[0] == ALSO for t in ta)):
            for first, second in (("虽然", "但是"), ("虽然", "但"), ("尽管", "但是"), ("虽然", "可是")):
                out.append([T(first)] + ta + [a.delim, T(second)] + rest_b)
        return out

    @staticmethod
    def _polarity_of(toks) -> int | None:
        """+1 / -1 when every sentiment word of `toks` points one way (a negated one counts reversed)."""
        signs = set()
        negation, negated_sentiment = False, False
        for word, flags, pol in toks:
            negation |= bool(flags & NEG)
            if pol:
                negated_sentiment |= bool(flags & NEG)
                signs.add(-pol if flags & NEG else pol)
        if negation and not negated_sentiment:
            return None  # 没有想象中好吃: a negation whose reach we cannot read
        return signs.pop() if len(signs) == 1 else None

    def _topicalise(self, tokens, info: ClauseInfo) -> list[list[tuple]]:
        out = []
        if info.end - info.start < 3:
            return out
        toks = tokens[info.start:info.end]
        n = len(toks)
        lead = []
        body = toks
        if toks[0][0] in LEADS and toks[0][0] not in ("也", "还", "都"):
            lead, body = toks[:1], toks[1:]
        # 我很喜欢这部电影的配乐 → 这部电影的配乐我很喜欢
        if body and body[0][0] in SUBJECT_PRONOUNS:
            j = 1
            while j < len(body) and (body[j][0] in TOPIC_ADVERBS or body[j][1] & (DEG | NEG)) \
                    and body[j][0] not in TOPIC_VERBS:
                j += 1
            if j < len(body) and body[j][0] in TOPIC_VERBS:
                np = body[j + 1:]
                if self._is_noun_phrase(np) and len(np) > 1:  # 我爱书 does not become 书我爱
                    out.append(lead + np + body[:j + 1])
            elif j < len(body) and self._experienced(body, j):
                # 我去过这家店很多次 → 这家店我去过很多次: a definite object of V过 becomes the topic
                v = j + 1 if body[j][0].endswith("过") else j + 2
                k = v + 1
                while k <= len(body) and not self._is_noun_phrase(body[v:k]) and not self._this_item(body[v:k]):
                    k += 1
                rest = "".join([t[0] for t in body[k:]])
                definite = k <= len(body) and (body[v][0] in DEMONSTRATIVES and body[v][0] not in ("这", "那")
                                               or k == v + 1)
                if definite and (not rest or body[k][1] & PROT or rest in REPEATS):
                    out.append(lead + body[v:k] + body[:v] + body[k:])
        # 这部电影的配乐我很喜欢 → 我很喜欢这部电影的配乐
        for s in range(1, len(body) - 1):
            if body[s][0] in SUBJECT_PRONOUNS and self._is_noun_phrase(body[:s]):
                j = s + 1
                while j < len(body) and (body[j][0] in TOPIC_ADVERBS or body[j][1] & (DEG | NEG)) \
                        and body[j][0] not in TOPIC_VERBS:
                    j += 1
                if j == len(body) - 1 and body[j][0] in TOPIC_VERBS:
                    out.append(lead + body[s:] + body[:s])
                break
        # 这家酒店的服务 ↔ 这家酒店服务, only as the topic at the head of the clause
        for i in range(min(1, n - 2)):
            w0 = toks[i][0]
            if w0 not in DEMONSTRATIVES:
                continue
            k = i + 1
            if k < n and toks[k][0] in CLASSIFIERS:
                k += 1
            if k < n and toks[k][0] in self.items:
                if k + 2 < n and toks[k + 1][0] == "的" and toks[k + 2][0] in self.aspects:
                    out.append(toks[:k + 1] + toks[k + 2:])
                elif k + 1 < n and toks[k + 1][0] in self.aspects:
                    out.append(toks[:k + 1] + [T("的")] + toks[k + 1:])
            break
        return out

    def _this_item(self, toks) -> bool:
        """One token that jieba keeps whole: 这本书, 这家店."""
        return len(toks) == 1 and len(toks[0][0]) > 2 and toks[0][0][0] in "这那" and toks[0][0][2:] in self.items

    def _experienced(self, body, j: int) -> bool:
        """body[j] is a verb with 过 (去过, 住 过): the experiential aspect, whose object may be the topic."""
        word = body[j][0]
        if body[j][1] & (NEG | LEXNEG | PUNCT):
            return False
        verb = word[:-1] if word.endswith("过") and len(word) > 1 else word
        if (self.segmenter.tags.get(verb) or "")[:1] != "v":
            return False
        return word.endswith("过") and len(word) > 1 or j + 1 < len(body) and body[j + 1][0] == "过"

    def _tag_of(self, word: str) -> str | None:
        """Our lexicon's tag of word, else jieba's dictionary's."""
        return self.segmenter.tags.get(word) or self.segmenter.pos_tokenizer.word_tag_tab.get(word)

    def _is_item(self, word: str) -> bool:
        return word in self.items

    def _is_aspect(self, word: str) -> bool:
        return word in self.aspects or word in self.items

    def _is_noun(self, word: str) -> bool:
        """An aspect or item noun of the lexicon, or a word of two or more characters that jieba files as a noun
        or not at all (the tokenizer knows the tag of every verb, adjective, adverb and function word)."""
        if word in self.aspects or word in self.items:
            return True
        tag = self.segmenter.tags.get(word)
        return tag[0] == "n" or tag in ("vn", "an") if tag else len(word) > 1 and not word[0].isascii()

    def _true_adjectives(self) -> frozenset[str]:
        """The lexicon's adjectives that jieba's dictionary also files as adjectives (垃圾 is a noun there)."""
        if self._adjectives_tagged is None:
            tags = self.segmenter.tags
            self._adjectives_tagged = frozenset(w for w in self.lexicon.adjectives if (tags.get(w) or "a")[:1] == "a")
        return self._adjectives_tagged

    def _verbs(self) -> frozenset[str]:
        """The lexicon's adjectives that are verbs of change (生锈, 掉色, 发霉: jieba files them as verbs and they
        open with a verb of becoming): no 很 before them. (jieba files 便宜 and 出色 as verbs too, so its tag alone
        does not decide.)"""
        if self._adjectives_as_verbs is None:
            tags = self.segmenter.tags
            self._adjectives_as_verbs = frozenset(w for w in self.lexicon.adjectives if (tags.get(w) or "")[:1] == "v"
                                                  and (w[0] in CHANGE_FIRST_CHARS or w in CHANGE_VERBS))
        return self._adjectives_as_verbs

    def _is_clause_subject(self, word: str) -> bool:
        """A word that opens a clause as its own subject, naming a part or quality of the item (屏幕, 服务, 做工): an
        aspect, or a noun of two or more characters in jieba's dictionary; not the item itself (whose clause is the
        topic the others lean on), a person's name, or a word that is the writer's or a time (感觉, 时间)."""
        if word in self.lexicon_items or word in self.extra_items or word in NOT_SUBJECTS:
            return False
        if word in self.aspects:
            return True
        tag = self._tag_of(word) or ""
        return len(word) > 1 and (tag[:1] == "n" and tag not in ("nr", "nrfg", "nrt") or tag == "vn")

    def _is_known_noun(self, word: str) -> bool:
        """An aspect or item noun, or a word jieba's dictionary files as a noun (not an unknown word: 祝您)."""
        return word in self.aspects or word in self.items or (self.segmenter.tags.get(word) or "")[:1] == "n"

    def _is_noun_phrase(self, toks) -> bool:
        if not toks or not (toks[-1][0] in self.items or toks[-1][0] in self.aspects):
            return False
        for word, flags, _ in toks:
            if flags & (NEG | SENT | LEXNEG | PUNCT):
                return False
            if not (word in DEMONSTRATIVES or word in CLASSIFIERS or word in self.items or word in self.aspects
                    or word == "的"):
                return False
        return True

    def _ba_bei(self, tokens, info: ClauseInfo) -> list[list[tuple]]:
        toks = tokens[info.start:info.end]
        words = [t[0] for t in toks]
        if ("把" not in words and "被" not in words) or any(t[1] & (NEG | LEXNEG) for t in toks):
            return []
        if any(w in MODALS for w in words):
            return []
        table = self.segmenter.pos_tokenizer.word_tag_tab
        own = self.segmenter.tags

        class tags:  # noqa: N801 - a tiny mapping: our lexicon's tags first, then jieba's dictionary
            @staticmethod
            def get(word):
                return own.get(word) or table.get(word)

        lead = []
        body = toks
        if toks and toks[0][0] in LEADS and toks[0][0] not in ("也", "还", "都", "就", "又", "才"):
            lead, body = toks[:1], toks[1:]
        marker = "把" if "把" in words else "被"
        try:
            m = [t[0] for t in body].index(marker)
        except ValueError:
            return []
        first = body[:m]
        rest = body[m + 1:]
        if not (1 <= len(first) <= 3) or len(rest) < 2:
            return []
        if not all(tags.get(t[0]) in NOUN_TAGS or t[0] == "的" for t in first) or first[-1][0] == "的":
            return []
        if any(t[0] in ADVERBIAL_NOUNS for t in first):
            return []  # 我差点把书弄丢了: the adverb belongs to the verb phrase, not to the subject that moves
        # the object / agent after the marker runs up to the verb
        v = 0
        while v < len(rest) and tags.get(rest[v][0]) in OBJECT_TAGS and not (tags.get(rest[v][0]) or "").startswith("v"):
            v += 1
        second, verb = rest[:v], rest[v:]
        if not (1 <= len(second) <= 4) or not verb or second[-1][0] == "的":
            return []
        if tags.get(second[-1][0]) not in NOUN_TAGS or not (tags.get(verb[0][0]) or "").startswith("v"):
            return []
        if marker == "被" and any(t[0] in ADVERBIAL_NOUNS for t in second):
            return []  # 箱子被快递员差点压坏了: the adverb stays before the verb, which 把 would separate it from
        if any(t[1] & PROT and not t[1] & CONN for t in verb[:1]):
            return []
        if marker == "被" and not (verb[-1][0] == "了" or len(verb[0][0]) >= 2):
            return []
        other = "被" if marker == "把" else "把"
        out = [lead + second + [T(other)] + first + verb]
        if len(verb) == 2 and verb[1][0] == "了" and len(verb[0][0]) == 2 and verb[0][0][1] in RESULTS_OF_DISPOSAL:
            # 快递员把箱子压坏了 / 箱子被快递员压坏了 → 快递员压坏了箱子: a disposal verb with its result says the
            # same in plain order (the agent is named, so the active clause has its subject)
            subject, thing = (first, second) if marker == "把" else (second, first)
            out.append(lead + subject + verb + thing)
        return out


KINDS = ("clauses", "connectives", "degree", "words", "colloquial", "narrative", "split")
# two single-place rewrites of the kinds after "clauses", together (pairing clause moves too was tried: +0.01
# variants per sentence for a third more time per variant, since every pair then lists the clause kind)
PAIRS = "pairs"


class TextRewrites:
    """The restructure operation's rewrites of one text, kind by kind: a variant draws a kind among those whose
    trigger words are in the text, and only that kind is listed (once per text); a kind with nothing falls out
    and another is drawn. Listing every kind before drawing one was two fifths of the time of augmenting."""

    __slots__ = ("_op", "_analysis", "_tokens", "_lists", "_live")

    def __init__(self, op, analysis, tokens):
        self._op, self._analysis, self._tokens = op, analysis, tokens
        self._lists: dict = {}
        self._live: list[str] | None = None

    def listed(self, kind: str):
        found = self._lists.get(kind)
        if found is None:
            if kind == PAIRS:
                found = self._pairs()
            else:
                found = self._op.list_kind(kind, self._analysis, self._tokens)
            self._lists[kind] = found
        return found

    def _pairs(self):
        singles, seen = [], set()
        for kind in KINDS[1:]:
            for rewrite in self.listed(kind):
                key = (rewrite[0], rewrite[2], tuple(map(_word_of, rewrite[1])))
                if key not in seen:
                    seen.add(key)
                    singles.append(rewrite)
        singles.sort(key=itemgetter(0))
        if len(singles) > 1 and singles[-1][0] > min(end for _, _, end in singles):
            return Pairs(singles)
        return []

    def draw(self, rng) -> list[tuple] | None:
        """The tokens of one rewrite, or None when no kind has any."""
        if self._live is None:
            self._live = self._op.live_kinds(self._analysis, self._tokens)
        live = self._live
        while live:
            kind = rng.choice(live)
            group = self.listed(kind)
            if group:
                return self._op.pick(group, self._tokens, rng)
            live = self._live = [k for k in live if k != kind]
        return None


class Pairs:
    """The kind 'two rewrites together' (这本书很好看 → 这书非常好看): each is safe on its own and they change
    different words; which two is drawn when a variant picks this kind."""

    __slots__ = ("singles",)

    def __init__(self, singles: list[tuple[int, list, int]]):
        self.singles = singles  # sorted by start

    def __bool__(self) -> bool:
        return True


def _locates(toks) -> bool:
    """The clause opens (after 就/也/正/都) with a word that locates or names what the clause before spoke of."""
    words = [t[0] for t in toks[:3]]
    while words and words[0] in ("就", "也", "正", "都", "还"):
        words = words[1:]
    return bool(words) and words[0] in LOCATING_OPENERS


def _starts_with_also(toks) -> bool:
    return bool(toks) and toks[0][0] == ALSO


def _strip_also(toks):
    return toks[1:] if toks and toks[0][0] in (ALSO, "又") else toks


def _all_predicate(toks) -> bool:
    return all(flags & (SENT | LEXNEG | DEG | NEG) or word in FILLERS for word, flags, _ in toks) and \
        any(flags & (SENT | LEXNEG) for _, flags, _ in toks)
