"""Reviews of the user's own items (item=, items=), their facts, and reasoned=true (有理有据): the README's seed
example, kinds followed, facts never contradicted, bad item files refused."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest

import synth
from synth.errors import SynthError

SEED_EXAMPLE = dict(item="《盗梦空间》", category="movie", kind="scifi", require="plot,visuals", reasoned="true",
                    length="50-100", sentiment="positive:500,negative:500")
SEED_COMMAND = ["-n", "1000", "--seed", "42", "--set", "item=《盗梦空间》", "--set", "category=movie",
                "--set", "kind=scifi", "--set", "require=plot,visuals", "--set", "reasoned=true",
                "--set", "length=50-100", "--set", "sentiment=positive:500,negative:500"]
PLOT_WORDS = ("剧情", "故事", "情节", "剧本", "反转", "结局", "感情线", "案子")
VISUALS_WORDS = ("画面", "特效", "摄影", "镜头", "视效", "色调", "画风", "建模", "调色", "夜戏", "转场")
# Every place the grammars can name (hotel.grammar h.city, h.resort.place, h.stay.place; restaurants use {city}).
CITIES = ("杭州", "成都", "西安", "厦门", "青岛", "南京", "重庆", "长沙", "苏州", "昆明", "武汉", "北京", "上海", "广州",
          "深圳", "天津", "郑州", "合肥", "三亚", "西双版纳", "北海", "千岛湖", "莫干山", "阳朔", "长白山", "威海",
          "大理", "丽江", "婺源", "黄山", "鼓浪屿", "稻城")
ITEMS_CSV = """item,category,kind,weight,price,city,district,director,cast,brand,specs
盗梦空间,movie,scifi,2,,,,克里斯托弗·诺兰,莱昂纳多·迪卡普里奥,,
《千与千寻》,movie,animation,1,,,,宫崎骏,,,
星禾 K70,electronics,phone,2,199,,,,,星禾,"6.7英寸屏、5000毫安电池"
云帆 ProBook 14,electronics,laptop,1,5999,,,,,云帆,
听风 Air 3,electronics,earbuds,1,89,,,,,,
锦江之星（春熙路店）,hotel,budget,1,168,成都,锦江区,,,,
山居小院,hotel,homestay,1,,,,,,,
老码头火锅,restaurant,hotpot,1,45,重庆,解放碑,,,,
纯棉T恤,ecommerce,clothing,1,29,,,,,素棉,
"""
PRICES = {"星禾 K70": 199, "云帆 ProBook 14": 5999, "听风 Air 3": 89, "锦江之星（春熙路店）": 168, "老码头火锅": 45,
          "纯棉T恤": 29}
MONEY = re.compile(r"(\d+)(?:到\d+)?(?:块|元|一晚|左右)")


@lru_cache(maxsize=None)
def seed_frame():
    from synth.domains.reviews import generate_with_trace

    return generate_with_trace(1000, seed=42, **SEED_EXAMPLE)


@lru_cache(maxsize=None)
def items_frame(path: str, n: int, seed: int, **options):
    from synth.domains.reviews import generate_with_trace

    return generate_with_trace(n, seed=seed, items=path, **options)


@pytest.fixture(scope="module")
def items_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("items") / "items.csv"
    path.write_text(ITEMS_CSV, encoding="utf-8")
    return str(path)


def backed(row) -> bool:
    """Every aspect clause has a reason of its aspect inside it or right after it."""
    return all(any(ra == a and s <= rs and (re_ <= e or rs - e <= 1) for ra, _, rs, re_ in row.reasons)
               for a, _, s, e in row.clauses)


# -- the seed's example (README) -------------------------------------------------------------------------------
def test_seed_example_meets_every_constraint():
    df = seed_frame()
    assert len(df) == 1000 and Counter(df.sentiment) == {"positive": 500, "negative": 500}
    assert (df.item == "《盗梦空间》").all()
    assert df.text.str.contains("《盗梦空间》", regex=False).all()          # every review names the film
    assert df.text.str.count("《盗梦空间》").max() <= 2
    assert df.length.between(50, 100).all() and (df.length == df.text.str.len()).all()
    assert all({"plot", "visuals"} <= set(a) for a in df.aspects)
    assert all(any(w in t for w in PLOT_WORDS) for t in df.text)
    assert all(any(w in t for w in VISUALS_WORDS) for t in df.text)
    assert all(backed(row) for row in df.itertuples())                     # 有理有据: every opinion has its reason
    reasons = Counter(r[0] for rows in df.reasons for r in rows)
    assert reasons["plot"] >= 1000 and reasons["visuals"] >= 1000
    assert df.text.nunique() == 1000
    assert "humor" not in {a for aspects in df.aspects for a in aspects}  # scifi has no 笑点 aspect


def test_seed_example_verdict_is_personal():
    """Every review ends its opinions on a captured personal verdict (我…/个人…)."""
    from synth.domains.reviews import render_review
    from synth.domains.reviews.catalogue import categories
    from synth.domains.reviews.plan import make_plan

    options = {"require": ("plot", "visuals"), "aspects_per_review": (1, 3), "length": (50, 100), "mixed_rate": 0.15,
               "reasoned": True}
    rng = np.random.default_rng(3)
    extra = (("given", "yes"), ("reasoned", "yes"))
    for _ in range(200):
        plan = make_plan(categories()["movie"], "scifi", "positive", rng.random(20), options)
        rendered = render_review("movie", "scifi", "《盗梦空间》", "positive", 5, plan, rng.random(48).tolist(),
                                 (50, 100), extra=extra)
        verdicts = [rendered.text[s:e] for name, s, e, _ in rendered.captures if name == "verdict"]
        assert len(verdicts) == 1 and ("我" in verdicts[0] or "个人" in verdicts[0])


def test_readme_shows_the_seed_command_and_its_first_row(tmp_path):
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert "--set item=《盗梦空间》" in readme and "--set reasoned=true" in readme
    out = tmp_path / "inception.jsonl"
    subprocess.run([sys.executable, "-m", "synth", "generate", "reviews", *SEED_COMMAND, "-o", str(out)],
                   check=True, capture_output=True, timeout=300)
    rows = out.read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1000
    assert [json.loads(r)["text"] for r in rows] == seed_frame().text.tolist()
    assert rows[0] in readme                                               # the README quotes the real first row


# -- items files: kinds, facts, weights ------------------------------------------------------------------------
def test_items_file_kinds_are_followed(items_csv):
    from synth.domains.reviews.catalogue import categories

    df = items_frame(items_csv, 4000, 9)
    kinds = {"《盗梦空间》": ("movie", "scifi"), "《千与千寻》": ("movie", "animation"), "星禾 K70": ("electronics", "phone"),
             "云帆 ProBook 14": ("electronics", "laptop"), "听风 Air 3": ("electronics", "earbuds"),
             "锦江之星（春熙路店）": ("hotel", "budget"), "山居小院": ("hotel", "homestay"),
             "老码头火锅": ("restaurant", "hotpot"), "纯棉T恤": ("ecommerce", "clothing")}
    assert set(df.item) == set(kinds)                                      # names as given; titles get 《》 once
    cats = categories()
    for row in df.itertuples():
        category, kind = kinds[row.item]
        assert row.category == category
        assert all(kind in cats[category].aspect_kinds[a] for a in row.aspects), (row.item, row.aspects)
    earbuds = df[df.item == "听风 Air 3"]
    assert not any({"camera", "screen", "performance"} & set(a) for a in earbuds.aspects)
    assert not earbuds.text.str.contains("手机|电脑").any()
    animated = df[df.item == "《千与千寻》"]
    acting = animated[[("acting" in a) for a in animated.aspects]]
    assert len(acting) > 20 and acting.text.str.contains("配音").all()   # an animated film is voiced, not acted
    assert not animated.text.str.contains("男主|女主|哭戏").any()
    # weights: the two items of weight 2 are reviewed about twice as often as the others
    counts = Counter(df.item)
    assert 1.6 < counts["星禾 K70"] / counts["纯棉T恤"] < 2.5


def test_items_file_facts_are_never_contradicted_over_10000_reviews(items_csv):
    df = items_frame(items_csv, 10_000, 21)
    said = Counter()
    for row in df.itertuples():
        text = row.text.replace(row.item, "")
        if row.item in PRICES:
            price = PRICES[row.item]
            amounts = [int(m.group(1)) for m in MONEY.finditer(text)]
            assert all(a <= price for a in amounts), (price, row.text)      # nothing costs more than the item
            said["price"] += str(price) in text
            if price < 1000:
                assert not re.search("千|万", text), row.text                 # a 199-yuan item is never 上千块
            if price < 100:
                assert not re.search("几百|百块|一百多", text), row.text
        if row.category in ("hotel", "restaurant"):
            named = set(re.findall("|".join(CITIES), text))
            expected = {"锦江之星（春熙路店）": {"成都"}, "老码头火锅": {"重庆"}, "山居小院": set()}[row.item]
            assert named <= expected, row.text                                # the given city or none at all
            said["city"] += bool(named)
        if row.category == "movie":
            assert not re.search(r"片长\d", text), row.text                  # a named film's runtime is not drawn
        if row.item == "《盗梦空间》":
            said["director"] += "克里斯托弗·诺兰" in text
            assert "导演的老粉" not in text                                    # a known director is named
            said["cast"] += "莱昂纳多·迪卡普里奥" in text
        if row.item == "星禾 K70":
            said["brand"] += "星禾的" in text or "用的都是星禾" in text or "在用星禾" in text
            said["specs"] += "6.7英寸屏、5000毫安电池" in text
    # the facts are used, not just avoided (the price at least 200 times: since s8-rev a review says its price once,
    # and a book's opening names it only where no clause judges the price, so about 260 of 10,000 say it)
    assert said["price"] > 200 and said["city"] > 100 and said["director"] > 50 and said["cast"] > 50
    assert said["brand"] > 30 and said["specs"] > 30


def test_plain_items_file_with_one_category_and_a_given_kind(tmp_path):
    path = tmp_path / "films.txt"
    path.write_text("盗梦空间\n# a comment\n\n《星际穿越》\n", encoding="utf-8")
    df = synth.generate("reviews", 300, seed=2, items=str(path), category="movie", kind="scifi")
    assert set(df.item) == {"《盗梦空间》", "《星际穿越》"}
    assert all(t.count(i) >= 1 for t, i in zip(df.text, df.item))
    assert "humor" not in {a for aspects in df.aspects for a in aspects}


def test_jsonl_items_and_determinism(tmp_path):
    path = tmp_path / "items.jsonl"
    path.write_text('{"item": "澜芯 Pad 11", "category": "electronics", "kind": "tablet", "price": "1299-1599"}\n'
                    '{"item": "悦途酒店", "category": "hotel", "kind": "business", "city": "西安", "weight": 3}\n',
                    encoding="utf-8")
    whole = synth.generate("reviews", 600, seed=4, items=str(path))
    part = synth.generate("reviews", 200, seed=4, start=300, items=str(path))
    assert part.reset_index(drop=True).equals(whole.iloc[300:500].reset_index(drop=True))
    tablet = whole[whole.item == "澜芯 Pad 11"]
    assert not tablet.text.str.contains("camera|拍照|夜景").any()
    assert tablet.text.str.contains("1299到1599").any()                     # a band is said as the band
    hotel = whole[whole.item == "悦途酒店"]
    assert hotel.text.str.contains("西安").any()


def test_new_options_absent_change_nothing():
    plain = synth.generate("reviews", 500, seed=6, category="hotel,electronics")
    spelled = synth.generate("reviews", 500, seed=6, category="hotel,electronics", item="", items="",
                             reasoned="false")
    assert plain.equals(spelled)


# -- refused requests: one sentence, exit 2, nothing written ----------------------------------------------------
BAD_FILES = [
    ("bad.csv", "item,category,kind\n星禾 K70,electronics,phone\n飞船,spaceship,\n", "line 3", "unknown category 'spaceship'"),
    ("bad.csv", "item,category,kind\n星禾 K70,electronics,toaster\n", "line 2", "unknown electronics kind 'toaster'"),
    ("bad.csv", "item,category,kind,weight\n星禾 K70,electronics,phone,-2\n", "line 2", "weight '-2'"),
    ("bad.csv", "item,category,kind,price\n星禾 K70,electronics,phone,很便宜\n", "line 2", "price '很便宜'"),
    ("bad.csv", "item,category,kind\n,electronics,phone\n", "line 2", "item name is empty"),
    ("bad.csv", "item,category,colour\n星禾 K70,electronics,red\n", "line 1", "unknown column 'colour'"),
    ("bad.jsonl", '{"item": "星禾 K70", "category": "electronics"}\n{"item": "x",\n', "line 2", "not a JSON object"),
    ("bad.txt", "盗梦空间\n", "line 1", "has no category"),
]


@pytest.mark.parametrize("name,content,line,words", BAD_FILES)
def test_bad_items_file_is_one_sentence_exit_2_nothing_written(tmp_path, name, content, line, words):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = subprocess.run([sys.executable, "-m", "synth", "generate", "reviews", "-n", "20", "--set",
                             f"items={path}", "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    message = result.stderr.strip()
    assert "\n" not in message and "Traceback" not in message
    assert str(path) in message and line in message and words in message, message
    assert not out.exists()


def test_refused_requests():
    with pytest.raises(SynthError, match="not available for hotel"):
        synth.generate("reviews", 10, category="hotel", reasoned="true")
    with pytest.raises(SynthError, match="no category"):
        synth.generate("reviews", 10, item="盗梦空间")
    with pytest.raises(SynthError, match="unknown movie kind 'robot'"):
        synth.generate("reviews", 10, item="盗梦空间", category="movie", kind="robot")
    with pytest.raises(SynthError, match="no aspect 'humor'"):
        synth.generate("reviews", 10, item="盗梦空间", category="movie", kind="scifi", require="humor")
    with pytest.raises(SynthError, match="kind= applies"):
        synth.generate("reviews", 10, category="movie", kind="scifi")


# -- reasoned=true without items ---------------------------------------------------------------------------------
@pytest.mark.parametrize("category", ["movie", "electronics"])
def test_reasoned_reviews_back_every_opinion(category):
    from synth.domains.reviews import generate_with_trace

    df = generate_with_trace(1500, seed=13, category=category, reasoned="true",
                             sentiment="positive:0.45,negative:0.45,neutral:0.1")
    assert all(backed(row) for row in df.itertuples())
    assert df.length.between(20, 120).all()
    for row in df.itertuples():                              # reasons lie in the text, in order, not overlapping
        spans = [(s, e) for _, _, s, e in row.reasons]
        assert spans == sorted(spans) and all(0 <= s < e <= row.length for s, e in spans)
        assert all(row.text[s] == "，" for s, _ in spans)
