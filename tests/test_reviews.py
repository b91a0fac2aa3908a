"""The reviews domain: the README example, labels against the trace, quotas, determinism, diversity, negation."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from functools import lru_cache

import numpy as np
import pytest

import synth
from synth.errors import SynthError
from synth.grammar import effective_polarities
from synth.randomness import BLOCK_SIZE

# The categories users asked for after the first six (issue 17); they are held to the 1% repetition goal.
NEW_CATEGORIES = ["takeaway", "apparel", "beauty", "appliance", "fresh", "snacks", "baby"]
CATEGORIES = ["movie", "book", "hotel", "electronics", "restaurant", "ecommerce"] + NEW_CATEGORIES
FIELDS = ["review_id", "category", "item", "sentiment", "rating", "aspects", "aspect_sentiments", "text", "length"]
README = dict(category="movie", sentiment="positive:500,negative:500", length="50-100", require="plot,acting")
# Words that make plot and acting visible in a text, checked on the text alone (not on the trace).
PLOT_WORDS = ("剧情", "故事", "情节", "剧本", "反转", "结局", "感情线", "案子")
ACTING_WORDS = ("演技", "演员", "男主", "女主", "主角", "主演", "配角", "表演", "哭戏", "男二", "老戏骨", "配音",
                "男一号", "女一号", "男女主", "喜剧节奏")
PERSONAL = ("我", "个人")
STAR_WORDS = {"五星": 5, "满分": 5, "四星": 4, "四颗星": 4, "三星": 3, "三颗星": 3, "两星": 2, "一星": 1, "一颗星": 1}
STAR_SAID = re.compile(r"(?:给|打)(?:个)?(五星|满分|四星|两星|一星)|(五星|满分)(?:好评|推荐)|^(四星|四颗星|三星|三颗星|一星|一颗星)[，。吧]"
                       r"|[。！](四星|四颗星|三星|三颗星|一星|一颗星)[，。吧]")


@lru_cache(maxsize=None)
def readme_frame():
    return synth.generate("reviews", 1000, seed=42, **README)


@lru_cache(maxsize=None)
def traced(category: str, n: int = 3000, seed: int = 5, **options):
    from synth.domains.reviews import generate_with_trace

    return generate_with_trace(n, seed=seed, category=category,
                               sentiment="positive:0.45,negative:0.45,neutral:0.1", **options)


# -- the README example ------------------------------------------------------------------------------------------
def test_readme_example_meets_every_constraint():
    df = readme_frame()
    assert list(df.columns) == FIELDS
    assert len(df) == 1000 and df.attrs["report"]
    assert Counter(df.sentiment) == {"positive": 500, "negative": 500}
    assert df.length.between(50, 100).all()
    assert (df.length == df.text.str.len()).all()
    assert all({"plot", "acting"} <= set(a) for a in df.aspects)
    assert all(any(w in t for w in PLOT_WORDS) for t in df.text)
    assert all(any(w in t for w in ACTING_WORDS) for t in df.text)
    assert all(any(w in t for w in PERSONAL) for t in df.text)      # every review gives a personal impression
    assert df.text.nunique() == 1000
    assert set(df.category) == {"movie"} and df.item.str.fullmatch(r"《[^《》]+》").all()
    assert df.review_id.tolist() == [f"R{i:010d}" for i in range(1000)]


def test_readme_example_through_the_cli_writes_the_same_rows(tmp_path):
    out = tmp_path / "reviews.jsonl"
    command = [sys.executable, "-m", "synth", "generate", "reviews", "-n", "1000", "--seed", "42",
               "--set", "category=movie", "--set", "sentiment=positive:500,negative:500",
               "--set", "length=50-100", "--set", "require=plot,acting", "-o", str(out)]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["text"] for r in rows] == readme_frame().text.tolist()
    assert list(rows[0]) == FIELDS


# -- labels come from the structure and agree with the text -------------------------------------------------------
@pytest.mark.parametrize("category", CATEGORIES)
def test_labels_match_the_trace_and_the_text(category):
    df = traced(category)
    for row in df.itertuples():
        assert "".join(t for t, _, _ in row.segments) == row.text
        clause_aspects = list(dict.fromkeys(a for a, _, _, _ in row.clauses))
        assert clause_aspects == row.aspects
        for aspect, polarity, start, end in row.clauses:
            assert row.aspect_sentiments[aspect] == polarity
            # each clause names its aspect: an aspect-term segment inside the span, tagged with the aspect
            position, inside = 0, []
            for text, kind, tag in row.segments:
                if kind == "aspect" and start <= position < end:
                    inside.append(tag)
                position += len(text)
            assert aspect in inside, (row.text, aspect)
        assert row.length == len(row.text)


@pytest.mark.parametrize("category", CATEGORIES)
def test_overall_label_rating_and_aspect_polarities_agree(category):
    df = traced(category)
    for row in df.itertuples():
        values = list(row.aspect_sentiments.values())
        if row.sentiment == "positive":
            assert row.rating in (4, 5) and values.count("negative") <= 1 and "positive" in values
        elif row.sentiment == "negative":
            assert row.rating in (1, 2) and values.count("positive") <= 1 and "negative" in values
        else:
            assert row.rating == 3 and "negative" in values or values == ["neutral"]
        said = {STAR_WORDS[next(g for g in m.groups() if g)] for m in STAR_SAID.finditer(row.text)}
        assert said <= {row.rating}, row.text


@pytest.mark.parametrize("category", CATEGORIES)
def test_negation_and_polarity_of_every_sentiment_word(category):
    """No positive review says something negative outside its one flagged complaint, and vice versa.

    Polarity is that of the word after negation (不太[+好] is negative, 挑[!不]出[-毛病] positive).
    """
    df = traced(category)
    checked = 0
    for row in df.itertuples():
        if row.sentiment == "neutral":
            continue
        against = "negative" if row.sentiment == "positive" else "positive"
        allowed = [(s, e) for _, p, s, e in row.clauses if p == against]
        assert len(allowed) <= 1
        position = 0
        pieces = []
        for text, kind, tag in row.segments:
            pieces.append((position, (text, kind, tag)))
            position += len(text)
        words = effective_polarities([p for _, p in pieces])
        starts = [pos for pos, (t, k, _) in pieces if k == "sentiment"]
        for (word, polarity, _), start in zip(words, starts):
            checked += 1
            if polarity == against:
                assert any(s <= start < e for s, e in allowed), (row.text, word)
    assert checked > 2000


def test_negation_words_are_read_correctly():
    df = traced("movie")
    words = Counter((w, p) for segs in df.segments for w, p, n in effective_polarities([tuple(s) for s in segs]) if n)
    assert words[("推荐", "negative")] > 0              # 不推荐
    assert words[("毛病", "positive")] > 0              # 挑不出什么毛病
    assert all(p == "negative" for (w, p) in words if w in ("好", "推荐", "值", "搭", "连贯"))
    texts = " ".join(df.text)
    assert "不太好" not in texts or all("不太好" not in t for t in df.text[df.sentiment == "positive"])


# -- quotas, determinism, random access, batches -----------------------------------------------------------------
def test_exact_quotas_cover_the_whole_dataset_and_survive_slicing():
    full = synth.generate("reviews", 3000, seed=9, category="hotel,restaurant", sentiment="positive:1700,negative:1300")
    assert Counter(full.sentiment) == {"positive": 1700, "negative": 1300}
    part = synth.generate("reviews", 1000, seed=9, start=2000, category="hotel,restaurant",
                          sentiment="positive:1700,negative:1300")
    assert part.reset_index(drop=True).equals(full.iloc[2000:].reset_index(drop=True))
    with pytest.raises(SynthError, match="must cover exactly the records 0 to 3000"):
        synth.generate("reviews", 3000, seed=9, sentiment="positive:1000,negative:1000")
    with pytest.raises(SynthError, match="start \\+ n = 3000"):
        synth.generate("reviews", 1000, seed=9, start=2000, sentiment="positive:500,negative:500")


def test_fractions_are_probabilities_and_neutral_only_when_asked():
    df = synth.generate("reviews", 4000, seed=1)
    assert set(df.sentiment) == {"positive", "negative"}
    assert 0.6 < (df.sentiment == "positive").mean() < 0.7
    assert set(df.category) == set(CATEGORIES)
    df = synth.generate("reviews", 4000, seed=1, sentiment="positive:0.2,negative:0.2,neutral:0.6")
    assert 0.55 < (df.sentiment == "neutral").mean() < 0.65
    assert set(df.rating[df.sentiment == "neutral"]) == {3}


def test_same_seed_same_bytes_and_other_seed_other_bytes():
    a = synth.generate("reviews", 1500, seed=3, category="electronics").to_json(orient="records", force_ascii=False)
    b = synth.generate("reviews", 1500, seed=3, category="electronics").to_json(orient="records", force_ascii=False)
    c = synth.generate("reviews", 1500, seed=4, category="electronics").to_json(orient="records", force_ascii=False)
    assert a == b and a != c


def test_one_seed_gives_unrelated_structures_in_two_categories():
    """Record i of a seed must not have the same plan in every category (it did: 95% of movie and hotel records
    matched in rating and aspect polarities, so every category had the same skeletons at the same places)."""
    movie = synth.generate("reviews", 1500, seed=8181, category="movie")
    hotel = synth.generate("reviews", 1500, seed=8181, category="hotel")

    def shape(df):
        return [(r, tuple(p.values())) for r, p in zip(df.rating, df.aspect_sentiments)]

    same = sum(a == b for a, b in zip(shape(movie), shape(hotel)))
    assert same < 0.4 * len(movie), same


def test_random_access_equals_the_slice():
    full = synth.generate("reviews", 2600, seed=11, category="book,ecommerce")
    for start, n in [(0, 1), (1023, 2), (1500, 700), (2599, 1)]:
        part = synth.generate("reviews", n, seed=11, start=start, category="book,ecommerce")
        assert part.reset_index(drop=True).equals(full.iloc[start:start + n].reset_index(drop=True))


def test_batch_size_and_workers_do_not_change_rows():
    options = dict(seed=2, category="movie,hotel", length="30-80")
    whole = synth.generate("reviews", 3 * BLOCK_SIZE + 17, **options)
    batched = list(synth.stream("reviews", 3 * BLOCK_SIZE + 17, batch_size=BLOCK_SIZE, **options))
    assert len(batched) == 4
    import pandas as pd

    assert pd.concat(batched, ignore_index=True).equals(whole)
    in_two = synth.generate("reviews", 3 * BLOCK_SIZE + 17, workers=2, **options)
    assert in_two.equals(whole)


def test_trace_variant_has_the_same_rows():
    from synth.domains.reviews import generate_with_trace

    plain = synth.generate("reviews", 1200, seed=8, category="restaurant")
    traced_rows = generate_with_trace(1200, seed=8, category="restaurant")
    assert traced_rows[FIELDS].equals(plain)
    assert list(traced_rows.columns) == FIELDS + ["segments", "clauses", "reasons"]


# -- diversity -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("category", CATEGORIES)
def test_ten_thousand_reviews_of_one_category_are_almost_all_different(category):
    df = synth.generate("reviews", 10_000, seed=17, category=category)
    assert df.text.nunique() >= 9_900
    # and they are not one sentence with words swapped: many different openings and endings
    assert df.text.str[:6].nunique() > 1_000
    assert df.text.str[-8:].nunique() > 600
    first_clause = df.text.str.split(r"[，。！]", n=1, regex=True).str[0]
    assert first_clause.value_counts().iloc[0] < 400        # no opening clause in more than 4% of reviews


# -- options ---------------------------------------------------------------------------------------------------
def test_length_range_is_met_by_choice():
    for lo, hi in [(15, 30), (50, 100), (120, 200)]:
        df = synth.generate("reviews", 1500, seed=lo, length=f"{lo}-{hi}")
        assert df.length.between(lo, hi).all()
        assert df.attrs["report"]
        # lengths spread over the range rather than piling at one end
        assert df.length.quantile(0.9) - df.length.quantile(0.1) > (hi - lo) / 3


def test_aspects_per_review_and_require():
    df = synth.generate("reviews", 2000, seed=6, category="hotel", aspects_per_review="2-4", require="breakfast")
    counts = df.aspects.map(len)
    assert counts.between(2, 4).all() and counts.nunique() == 3
    assert all("breakfast" in a for a in df.aspects)
    assert all("早餐" in t for t in df.text)
    df = synth.generate("reviews", 500, seed=6, category="electronics", require="camera")
    assert set(df.item.str.split().str[1]) <= {"Note", "X", "Neo", "Lite", "One"}   # only phones have cameras


@pytest.mark.parametrize("options, message", [
    (dict(category="movie,hotel", require="plot"), "'plot' does not exist in category 'hotel'"),
    (dict(category="movie", require="plot,acting,music", aspects_per_review="1-2"), "at most 2"),
    (dict(category="movie", length="3-8"), "too short"),
    (dict(category="movie", length="900-1000"), "too long"),
    (dict(category="cinema"), "'cinema' is not one of"),
    (dict(sentiment="happy:1.0"), "'happy' is not one of"),
    (dict(mixed_rate="1.5"), "between 0 and 1"),
    (dict(aspects_per_review="0-2"), "at least one aspect"),
])
def test_impossible_requests_are_rejected_in_one_sentence(options, message):
    with pytest.raises(SynthError) as caught:
        synth.generate("reviews", 100, seed=1, **options)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_mixed_rate():
    df = synth.generate("reviews", 6000, seed=12, category="restaurant,movie", sentiment="positive:1.0")
    mixed = df.aspect_sentiments.map(lambda d: "negative" in d.values())
    assert 0.12 < mixed.mean() < 0.18                      # the documented default, 0.15
    assert (df.rating[mixed] == 4).mean() > 0.6             # a complaint usually costs a star
    none = synth.generate("reviews", 2000, seed=12, sentiment="positive:1.0", mixed_rate="0")
    assert not none.aspect_sentiments.map(lambda d: "negative" in d.values()).any()
    every = synth.generate("reviews", 2000, seed=12, sentiment="negative:1.0", mixed_rate="1",
                           aspects_per_review="2-3")
    assert every.aspect_sentiments.map(lambda d: list(d.values()).count("positive") == 1).all()


def test_items_are_invented_names_of_the_category():
    df = synth.generate("reviews", 3000, seed=4)
    for category, pattern in {"movie": r"《.+》", "book": r"《.+》", "hotel": r".+(酒店|度假村|小院|民宿|客栈|山居)(（.+店）)?",
                              "electronics": r"\S+ (\S+ )+\d+.*"}.items():
        assert df.item[df.category == category].str.fullmatch(pattern).all(), category
    hotels = df[df.category == "hotel"]
    # the city in a hotel's name is the city its review talks about
    for item, text in zip(hotels.item, hotels.text):
        for city in re.findall(r"(杭州|成都|西安|厦门|青岛|南京|重庆|长沙|苏州|昆明|武汉|北京|上海|广州|深圳|天津|郑州|合肥)", text):
            assert city in item, (item, text)
    assert np.mean([len(set(df.item[df.category == c])) / (df.category == c).sum() for c in CATEGORIES]) > 0.3


# -- fluency regressions: wording that must stay with its category, kind or register ------------------------------
@lru_cache(maxsize=None)
def fluency_frame(category: str):
    """Reviews of one category in the settings a reader samples: default, long, mixed and neutral."""
    import pandas as pd

    frames = [synth.generate("reviews", 4000, seed=31, category=category),
              synth.generate("reviews", 3000, seed=32, category=category, length="150-220"),
              synth.generate("reviews", 3000, seed=33, category=category, mixed_rate=0.5,
                             sentiment="positive:0.4,negative:0.4,neutral:0.2")]
    return pd.concat(frames, ignore_index=True)


# (categories, pattern, what is wrong with it)
NEVER = [
    (("hotel", "restaurant", "electronics", "ecommerce", "book", *NEW_CATEGORIES), r"再看", "再看 is for films"),
    (("movie", "book", "electronics"), r"再来|没白来", "coming back is for places"),
    (("ecommerce",), r"再来(?!这家买|买)|没白来", "coming back is for places"),
    (("hotel", "restaurant", "movie"), r"再买|回购", "buying again is for goods"),
    (CATEGORIES, r"已经没(?:遇到|碰到)|一回(?:很|挺)(?:愉快|满意)|好久很久", "broken 'rare find' follow-ups"),
    (CATEGORIES, r"再说说", "再说说 needs a topic, not a clause"),
    (CATEGORIES, r"(?:推荐|安利)给大家(?:入手|买|来住|去看|去试试|读一读|看看|来吃)", "推荐给大家 takes no verb"),
    (CATEGORIES, r"因为给以后", "扣一星是因为给以后留点余地"),
    (CATEGORIES, r"救不了全部|我真憋屈|我是不建议|定好了|电梯有，|转个身难|，卡。|逛(?:入住|住了)|没多久干了|长了很多东西|也就[^。，]{1,8}也不算",
     "odd fixed phrases an independent reader found"),
    (("electronics",), r"运行速度(?:也|很|特别|非常|超|相当)?强|手感\w{0,2}精致|屏幕素质\w{0,2}清晰|充电(?:也|很|特别|非常)?(?:差(?!了)|给力)", "collocations"),
    (("hotel",), r"噪音(?:也|很|特别|非常)?(?:好|差)|交通(?:也|很|特别|太)?偏|给出差的人来说", "collocations"),
    (("restaurant",), r"卫生(?:也|很|特别)?油腻|装修(?:也|很|特别|非常|超)?(?:舒服|吵)|店面(?:也|很|特别|超)?舒服", "collocations"),
    (("ecommerce",), r"偏大.{0,6}买大一码|偏小.{0,6}买小一码", "contradictions"),
    (("takeaway",), r"没白来|再来(?!点)|入住|住的", "a delivery is not a visit"),
    (("apparel",), r"没白来|再来(?!看看|买|囤)|偏大.{0,6}买大一码|偏小.{0,6}买小一码", "a shop is not a visit; size advice"),
]


@pytest.mark.parametrize("category", CATEGORIES)
def test_no_wording_from_another_category_or_broken_patterns(category):
    texts = fluency_frame(category).text
    for categories, pattern, why in NEVER:
        if category in categories:
            found = texts[texts.str.contains(pattern, regex=True)]
            assert found.empty, (why, found.head(3).tolist())
    df = fluency_frame(category)
    negative = df.text[df.sentiment == "negative"]
    assert not negative.str.contains(r"^(?:回购|第[二三]次(?:住|来|在这家买))").any()   # a let-down is no repeat visit


def test_earbuds_and_watches_take_their_own_classifiers():
    df = synth.generate("reviews", 6000, seed=34, category="electronics", length="80-220")
    earbuds = df.text[df.item.str.contains(r" (?:Buds|FreeAir|Sound) ", regex=True)]
    watches = df.text[df.item.str.contains(" Watch ")]
    assert len(earbuds) > 500 and len(watches) > 300
    assert not earbuds.str.contains(r"一台|一部|这台|口感").any()
    assert not watches.str.contains(r"一台|一部|这台|一副").any()
    assert earbuds.str.contains(r"一副|这副").any()


@pytest.mark.parametrize("category", CATEGORIES)
def test_a_mixed_review_never_claims_to_be_flawless(category):
    """A review with one aspect against its label does not also say it found nothing to fault (or to praise)."""
    df = fluency_frame(category)
    against = {"positive": "negative", "negative": "positive"}
    mixed = [t for s, a, t in zip(df.sentiment, df.aspect_sentiments, df.text)
             if s in against and against[s] in a.values()]
    assert len(mixed) > 500
    flawless = re.compile(r"没找到值得夸|挑不出什么毛病|找不到什么毛病|挑不出扣分|各方面都(?:挺|很)到位|处处都(?:挺|很)到位|毫无(?:亮点|优点)")
    assert not [t for t in mixed if flawless.search(t)]


# (category, items of a kind (pattern on the item name), at least this many of them, wording they never get)
KIND_NEVER = [
    ("takeaway", "奶茶|果茶|鲜茶|茶铺", 800, r"热乎|米饭|香菜|不要葱|吃不完|吃完|下饭|坨"),     # drinks are drunk, iced
    ("takeaway", "轻食|沙拉|能量碗", 500, r"热乎|烫嘴|凉透|温度|冰全"),                     # salads are cold anyway
    ("apparel", "包$", 500, r"尺码|[SMLX]码|偏大|偏小|显瘦|版型|面料|起球|穿着|穿出去"),      # bags have no size
    ("apparel", "鞋$|靴$", 800, r"面料|显瘦|起球|缩水|机洗|衣长|袖"),                         # shoes are not washed
    ("beauty", "口红|唇釉|唇泥", 600, r"吸收|泡沫|洗完|过敏|闷痘|清洁力|保湿"),              # a lipstick is worn, not absorbed
    ("beauty", "护发素|发膜", 200, r"头屑|清洁|出油"),                                        # conditioners do not clean
    ("appliance", "吹风机|空气炸锅|电烤箱|破壁机|电饭煲|电压力锅", 1500, r"安装|耗电|电费|打孔"),  # small ones are not installed
    ("appliance", "吹风机", 400, r"米饭|鸡翅|豆浆|吸力|猫毛|制冷"),
    ("fresh", "牛排|牛腱子|猪五花|小排|土鸡|鸡胸肉|虾|蟹|鲈鱼|花蛤|生蚝", 1500, r"甜度|坏果|果蒂|糖心"),  # meat is not sweet
    ("fresh", "苹果|红富士|脐橙|芒|草莓|蓝莓|猕猴桃|砂糖橘|水蜜桃|哈密瓜|葡萄", 2000, r"冰袋|冷链|腥|化冻|漏出来"),      # fruit does not leak
    ("snacks", "奶(?:250|200)|酸奶|发酵乳", 1500, r"吃不出|嚼|酥脆|受潮|咔嚓|好吃|半袋气|空气"),     # milk is drunk, sold by volume
    ("snacks", "牛肉干|手撕牛肉|鸭脖|猪肉脯|鸡爪|薯片|虾条|玉米片|海苔脆|薯条", 2000, r"甜度|甜而不腻"),  # savoury
    ("baby", "奶粉", 1500, r"尺码|吸水|红屁屁|柔软度|洗了"),                                  # formula is drunk
    ("baby", "奶瓶", 600, r"尺码|吸水|红屁屁|冲调|便秘|上火"),
]


@pytest.mark.parametrize("category, items, at_least, never", KIND_NEVER)
def test_a_kind_only_gets_wording_that_fits_it(category, items, at_least, never):
    df = fluency_frame(category)
    texts = df.text[df.item.str.contains(items)]
    assert len(texts) > at_least
    found = texts[texts.str.contains(never)]
    assert found.empty, found.head(3).tolist()


def test_cafes_serve_coffee_and_cake_not_dishes():
    df = fluency_frame("restaurant")
    cafes = df.text[df.item.str.contains("咖啡|甜品|烘焙")]
    assert len(cafes) > 800
    found = cafes[cafes.str.contains(r"筷子|蘸料|预制菜|入味|长寿面|几个菜|点的菜|一道菜|菜渣|午饭|辣度|料理包")]
    assert found.empty, found.head(3).tolist()


@pytest.mark.parametrize("category", CATEGORIES)
def test_the_rating_is_stated_at_most_once(category):
    """Star wording lives only in verdict.rating, so a review never gives its stars in two sentences."""
    stars = re.compile(r"[一两三四五]颗?星(?!级)|满分")
    df = fluency_frame(category)
    for item, text in zip(df.item, df.text):
        sentences = re.split(r"[。！？…]+", text.replace(item, ""))
        assert sum(bool(stars.search(s)) for s in sentences) <= 1, text


def test_shared_grammar_entries_give_the_same_rows(monkeypatch):
    # Reviews that agree on what the grammar reads share one grammar entry; working each out afresh must not
    # change a byte.
    from synth.domains import reviews

    made = synth.generate("reviews", 800, seed=5, length="20-160", mixed_rate=0.4)
    monkeypatch.setattr(reviews.render, "_names_count_by_length", lambda: False)
    again = synth.generate("reviews", 800, seed=5, length="20-160", mixed_rate=0.4)
    assert again.to_json(orient="records", force_ascii=False) == made.to_json(orient="records", force_ascii=False)


# -- repetition: no sentence a reader notices twice ----------------------------------------------------------------
# The share of 10,000 reviews of one category that contain the most common 8-character substring (the item's name
# excepted): the goal, 1%. Under length pressure the renderer takes the longest piece of each choice, so a
# choice whose one piece is much longer than the others is what a reader of long reviews sees again and again.
REPEAT_CEILING = 0.01


def most_repeated_8gram(texts, items) -> tuple[str, float]:
    counts: Counter = Counter()
    for text, item in zip(texts, items):
        text = text.replace(item, "\0")
        counts.update({text[i:i + 8] for i in range(len(text) - 7) if "\0" not in text[i:i + 8]})
    gram, count = counts.most_common(1)[0]
    return gram, count / len(texts)


@pytest.mark.parametrize("category", CATEGORIES)
def test_no_8_character_substring_is_in_more_than_1_percent_of_reviews(category):
    df = synth.generate("reviews", 10_000, seed=3, category=category)
    gram, share = most_repeated_8gram(df.text, df.item)
    assert share <= REPEAT_CEILING, (gram, share)


@pytest.mark.parametrize("category", NEW_CATEGORIES)
def test_new_categories_meet_the_1_percent_repetition_goal(category):
    df = synth.generate("reviews", 10_000, seed=3, category=category)
    gram, share = most_repeated_8gram(df.text, df.item)
    assert share <= 0.01, (gram, share)
