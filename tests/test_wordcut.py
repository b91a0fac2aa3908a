"""synth's word cutter gives jieba's no-HMM cut word for word; the tables and the span search it relies on."""

from __future__ import annotations

import random
import re
from functools import lru_cache
from pathlib import Path

import jieba

from synth.augmenters import spans
from synth.augmenters.load import default_lexicon, tokenizer_for
from synth.augmenters.tokenizer import _most_used_first, _quiet_jieba
from synth.augmenters.wordcut import WordCutter, counts_of, weights_of

DATA = Path(__file__).parent / "data"
SENTENCES = [line.strip() for line in (DATA / "review_sentences.txt").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
# Everything jieba treats specially: ASCII letters and digits (glued into one word), full-width forms,
# characters of its word blocks (+#&._%-), whitespace kept whole (\r\n), punctuation and an emoji cut one by one.
ODD_CHARACTERS = "abcXYZ0189 +#&._%-\t\r\n　，。！？、“”《》—～ＡＢ１２😀"


def texts_to_cut(count: int = 6000) -> list[str]:
    """The hand-written sentences, ~50-character texts joined from them, and random strings mixing their
    characters with ODD_CHARACTERS (fixed seed)."""
    rng = random.Random(20240601)
    texts = list(SENTENCES)
    for start in range(0, len(SENTENCES) - 2):
        texts.append("".join(SENTENCES[start:start + 3]))
    alphabet = "".join(SENTENCES) + ODD_CHARACTERS * 20
    while len(texts) < count:
        texts.append("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))))
    return texts


@lru_cache(maxsize=None)
def plain_jieba() -> jieba.Tokenizer:
    """A private tokenizer over jieba's own dictionary, untouched by synth (the independent reference)."""
    tokenizer = jieba.Tokenizer()
    with _quiet_jieba():
        tokenizer.initialize()
    return tokenizer


def test_the_cutter_gives_jiebas_words_over_jiebas_own_dictionary():
    reference = plain_jieba()
    cutter = WordCutter(weights_of(reference.FREQ, reference.total), reference.total)
    differ = [(text, words) for text in texts_to_cut()
              if (words := cutter.cut(text)) != list(reference.cut(text, HMM=False))]
    assert differ == []


def test_the_cutter_gives_jiebas_words_over_synths_dictionary():
    # Our dictionary removes 很漂亮 / 部手机 and adds domain words: ties and unknown characters change too.
    segmenter = tokenizer_for(default_lexicon())
    jieba_cut = segmenter.tokenizer.cut
    texts = texts_to_cut()
    assert all(segmenter._cut(text) == list(jieba_cut(text, HMM=False)) for text in texts)
    assert segmenter._cut("这部手机很漂亮") == ["这部", "手机", "很", "漂亮"]


def test_log_probabilities_give_the_counts_back_exactly():
    reference = plain_jieba()
    weights = weights_of(reference.FREQ, reference.total)
    assert list(weights) == list(reference.FREQ)  # the order (most used first) is kept
    assert counts_of(weights, reference.total) == reference.FREQ
    assert weights["的"] < 0 and any(weight is None for weight in weights.values())  # prefixes alone


def test_the_most_used_entries_come_first_and_nothing_is_lost():
    freq = {"手": 50, "手机": 900, "手机壳": 5, "的": 3000, "性价": 0, "性价比": 700, "乌": 1}
    ordered = _most_used_first(freq)
    assert ordered == freq
    # 手 begins 手机 (900), 性价 begins 性价比 (700): a prefix ranks with the words it starts
    assert list(ordered) == ["的", "手", "手机", "性价", "性价比", "手机壳", "乌"]


def test_the_span_search_skips_no_pattern():
    # PROTECTED checks the next character against a list of first characters before trying every pattern;
    # a pattern that can start with a character outside that list would be missed. Compare with the plain
    # alternation on texts full of every pattern's characters.
    plain = re.compile(spans.ANY_PROTECTED)
    rng = random.Random(7)
    trigger = ("《》「」『』【】“”\"‘’:：¥￥$＄€£@.-_+/#%％ 第零〇一二两三四五六七八九十百千万亿半几多来余块元分钟小时年月日号点天"
               "星期礼拜周末王李张刘陈杨小老先生女士师傅经理aAzZ09０９Ａｚhttps://www.")
    alphabet = trigger * 3 + "".join(SENTENCES)
    examples = ["《三体》", "「小满」", "『风』", "【新品】", "“老地方”", "\"好运\"", "‘甜’", "https://shop.cn/a", "www.a.cn",
                "help@shop.cn", "_li.na+1@mail.cn", "+86@a.cn", "-x@b.cn", ".y@c.cn", "¥2999", "￥35.5", "$5", "＄6", "€3", "£4", "10:30", "9：05：01", "iPhone 15 Pro",
                "A20240315001", "3天", "第三集", "四十分钟", "两个多月", "一晚", "星期三", "礼拜天", "周末", "王师傅",
                "李经理", "小王", "老张", "50%", "30多块"]
    texts = texts_to_cut(1500) + ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
                                  for _ in range(6000)]
    for example in examples:  # each pattern at the start, in the middle and at the end of a text
        texts += [example + "很好", "价格" + example + "还行", "就是" + example]
    for text in texts:
        assert [m.span() for m in spans.PROTECTED.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_the_c_cut_and_the_python_cut_agree(monkeypatch):
    from synth.augmenters import wordcut

    segmenter = tokenizer_for(default_lexicon())
    texts = texts_to_cut()
    made = WordCutter(segmenter.weights, segmenter.total)
    monkeypatch.setattr(wordcut, "_ccut", None)
    python = WordCutter(segmenter.weights, segmenter.total)
    assert "_cut_block" not in vars(python)   # the Python method, not the C one
    assert [made.cut(text) for text in texts] == [python.cut(text) for text in texts]


def test_the_c_clause_cut_gives_the_analysers_words():
    from synth.augmenters.analysis import Analyser

    segmenter = tokenizer_for(default_lexicon())
    analyser = Analyser(default_lexicon(), segmenter)
    fast = segmenter.clause_cutter()
    assert fast is not None or "_cut_block" not in vars(segmenter.cutter)
    texts = texts_to_cut() + ["第一句，第二句。\r\n第三句！？……ok,fine;\n", "\r\n", "，，。", ""]
    python = [Analyser.cut(analyser, text) for text in texts]
    segmenter._cache.clear()
    assert [(fast or analyser.cut)(text) for text in texts] == python
    assert [(fast or analyser.cut)(text) for text in texts] == python   # from the cache this time
