"""Protected spans: the parts of a text that no augmenter may change.

Found on the raw text with one regular expression before segmentation: numbers with their units (prices, dates,
times, durations, counts, ordinals, written in digits or Chinese numerals), IDs and Latin or digit model names
(iPhone 15 Pro, RTX4090, order numbers, URLs, e-mail addresses), anything inside 《》, 「」, 『』, 【】 or quotation
marks (titles and quoted names), weekdays, and people's names written with a title or as 小王 / 老张.
Callers can add their own spans (slot values such as the item name of a generated review).

Negations and the word they negate, degree adverb + sentiment word pairs and unknown names found by the
tokenizer are protected later, by the analyser, because they need the words.
"""

from __future__ import annotations

import re

_DIGIT = r"[0-9０-９]"
_NUMERAL = r"[零〇一二两三四五六七八九十百千万亿半几]"
# Units and classifiers that turn a numeral into a quantity, a price, a date or a time.
_UNITS = (r"(?:块钱|元钱|多块|多元|分钟|小时|个月|个多月|星期|礼拜|公里|公斤|英寸|千克|毫升|毫安|万元|"
          r"年代|岁|元|块|毛|角|年|月|日|号|点|时|分|秒|天|周|晚|夜|个|次|人|位|米|斤|克|寸|层|楼|集|章|页|"
          r"倍|成|折|星|遍|趟|份|碗|杯|瓶|盘|道|本|部|家|间|张|台|件|条|双|站|座|场|季|期|版|代|号房)")
_LATIN = r"[A-Za-z0-9Ａ-Ｚａ-ｚ０-９]"
_TITLED_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
                    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
_TITLES = r"(?:先生|女士|小姐|师傅|老师|经理|医生|大夫|护士|阿姨|店长|导游|管家|主任|总监|同学|大哥|大姐)"

_PATTERNS = [
    r"《[^《》\n]{0,60}》", r"「[^「」\n]{0,60}」", r"『[^『』\n]{0,60}』", r"【[^【】\n]{0,60}】",
    r"“[^“”\n]{0,40}”", r"\"[^\"\n]{0,40}\"", r"‘[^‘’\n]{0,40}’",
    r"(?:https?://|www\.)[^\s，。！？、；]+",
    r"[A-Za-z0-9_.+-]+@[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+",
    # prices with a currency sign, times such as 10:30, decimals, ranges and percentages
    rf"[¥￥$＄€£]\s?{_DIGIT}+(?:[.,]{_DIGIT}+)*",
    rf"{_DIGIT}{{1,2}}[:：]{_DIGIT}{{2}}(?:[:：]{_DIGIT}{{2}})?",
    # Latin / digit runs: model names, IDs, order numbers, with their spaces (iPhone 15 Pro Max)
    rf"第?{_LATIN}(?:[A-Za-z0-9Ａ-Ｚａ-ｚ０-９_\-.+/#]*{_LATIN})?[%％]?(?:[ \t]+{_LATIN}(?:[A-Za-z0-9_\-.+/#]*{_LATIN})?)*"
    rf"(?:多|余)?(?:{_UNITS}(?:多|半)?)?",
    # Chinese numerals with a unit or classifier (三点, 两天, 四十分钟, 第三集); 第 makes an ordinal
    rf"第{_NUMERAL}+{_UNITS}?",
    # (十分 before anything but 钟 is the degree adverb 'very', not ten minutes or ten points)
    rf"(?!十分(?!钟))(?!十成)(?!几分)(?!十足){_NUMERAL}*[零〇二两三四五六七八九十百千万亿半几]{_NUMERAL}*(?:多|来)?{_UNITS}(?:半|多)?",
    rf"一{_UNITS}(?:半|多)?",
    r"(?:星期|礼拜)[一二三四五六日天]|周[一二三四五六日末]",
    # people: 王师傅, 李经理, 小王, 老张
    rf"[{_TITLED_SURNAMES}]{_TITLES}",
    r"[小老][王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖董袁潘蒋蔡杜叶程苏魏吕"
    r"丁任沈姚卢姜崔钟谭陆汪范廖贾夏韦邹孟熊秦邱尹薛闫段雷侯史陶黎贺顾郝龚邵严覃戴莫孔汤]",
]
# Every pattern above starts with one of these characters (quotes and brackets, URL and e-mail starts, currency
# signs, Latin letters and digits, 第, Chinese numerals, 星/礼/周, surnames, 小/老). Checking the next character
# against them first lets the search step over plain Chinese text instead of trying every pattern at every
# character (four times faster); tests/test_wordcut.py checks that no pattern starts elsewhere.
_FIRST_CHARS = (r"《「『【“\"‘_.+\-¥￥$＄€£A-Za-z0-9Ａ-Ｚａ-ｚ０-９第零〇一二两三四五六七八九十百千万亿半几星礼周小老"
                + _TITLED_SURNAMES)
ANY_PROTECTED = "|".join(f"(?:{p})" for p in _PATTERNS)
PROTECTED = re.compile(f"(?=[{_FIRST_CHARS}])(?:{ANY_PROTECTED})")

# Surnames that are rarely words on their own: a 1-2 character lexicon word right after one is taken as a
# given name (服务员李美丽很热情 keeps 美丽).
NAME_SURNAMES = frozenset("王李张刘陈杨黄赵吴徐孙朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖董袁潘蒋蔡杜叶程苏魏吕"
                          "丁任沈姚卢姜崔钟谭陆汪范廖贾夏韦邹孟熊秦邱尹薛闫段雷侯史陶黎贺顾郝龚邵严覃戴莫孔汤")


def find_spans(text: str, extra: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Sorted, merged (start, end) character spans of `text` that must not change."""
    spans = [m.span() for m in PROTECTED.finditer(text) if m.end() > m.start()]
    if extra:
        spans.extend((s, e) for s, e in extra if e > s)
        spans.sort()
    if len(spans) < 2:
        return spans
    merged = [spans[0]]
    for start, end in spans[1:]:
        last_start, last_end = merged[-1]
        if start < last_end:
            merged[-1] = (last_start, max(last_end, end))
        else:
            merged.append((start, end))
    return merged


def spans_of_values(text: str, values) -> list[tuple[int, int]]:
    """Every occurrence in `text` of each non-empty string in `values` (slot values given by the caller)."""
    found = []
    for value in values or ():
        if not isinstance(value, str) or not value:
            continue
        start = text.find(value)
        while start >= 0:
            found.append((start, start + len(value)))
            start = text.find(value, start + len(value))
    return found
