"""Facts a review's clauses share (issue 17): decided in the plan (domains/reviews/facts.py), so no two clauses of
one review disagree on who went along, who paid, how long the buyer has had the item or how fast it came."""

from __future__ import annotations

import re
from functools import lru_cache

import pytest

import synth

N = 4000


@lru_cache(maxsize=None)
def reviews(category: str, seed: int = 11):
    return synth.generate("reviews", N, seed=seed, category=category, length="20-160", mixed_rate=0.3)


def both(texts, first: str, second: str) -> list[str]:
    a, b = re.compile(first), re.compile(second)
    return [t for t in texts if a.search(t) and b.search(t)]


# -- who went along, who paid ---------------------------------------------------------------------------------------
WORK = r"出差|开会|陪客户|参加展会|办事|公司(订|帮)|同事(订|帮|推荐的)"
LEISURE = r"对象|闺蜜|爸妈|全家|家人|孩子|儿子|女儿|老公|老婆|同学聚会|度假|情侣|带娃|蜜月"


def test_a_hotel_work_trip_is_not_also_a_holiday_with_family_or_partner():
    assert both(reviews("hotel").text, WORK, LEISURE) == []


def test_a_stay_the_company_booked_does_not_waste_the_reviewers_money():
    assert both(reviews("hotel").text, r"公司(订|帮)", r"白花钱|白白(花了|浪费了)|亏大了|钱花得冤") == []


# Colleagues at the table (telling them about it afterwards, 跟同事夸了, is no contradiction).
WORKMATES = r"(和|跟|几个|两个)同事(去|一起|找|就近)|(去|同去)的同事"


def test_a_restaurant_party_is_one_party():
    texts = reviews("restaurant").text
    assert both(texts, r"一家(五六|四)口|爸妈|老人", r"两个人来|" + WORKMATES + r"|闺蜜|室友|对象|约会") == []
    assert both(texts, WORKMATES, r"对象|闺蜜|(和|跟|带)家人(去|一起)|爸妈|孩子|约会") == []


# -- how long the buyer has had it -------------------------------------------------------------------------------
# What the buyer says of the time before a follow-up (追评, written later) is one time.
NEW = r"(收到|到手|拿到|用了|入手)(好几天|一周|两天|三四天|几天|快半个月|半个月|十来天|二十来天)了?[，。 ]"
LONG = r"(用了|到现在|戴了|穿了)(一个多月|两个月|三个月|半年|小半年|几个月)|用了这么久|这段时间用下来|洗了(好几次|三四次)"


@pytest.mark.parametrize("category", ["ecommerce", "electronics"])
def test_a_buyer_who_has_had_it_a_week_has_not_used_it_for_months(category):
    before_follow_up = [t.split("追评")[0] for t in reviews(category).text]
    assert both(before_follow_up, NEW, LONG) == []


# -- how fast it came ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("category, aspect", [("ecommerce", "logistics"), ("electronics", "delivery")])
def test_a_review_that_complains_of_slow_delivery_does_not_say_it_came_fast(category, aspect):
    df = reviews(category)
    slow = df[[s.get(aspect) == "negative" for s in df.aspect_sentiments]]
    assert len(slow) > 50
    fast = re.compile(r"(两三天|三四天|第二天|隔天|当天下午)就(到|送到|拿到|收到)")
    assert [t for t in slow.text if fast.search(t)] == []


# -- openers that track the content -----------------------------------------------------------------------------
@pytest.mark.parametrize("category", ["ecommerce", "apparel"])
def test_a_review_opens_with_good_value_only_when_it_praises_the_price(category):
    df = reviews(category)
    opened = df[df.text.str.startswith("超值")]
    assert len(df[df.sentiment == "positive"]) > 1000
    assert [s for s in opened.aspect_sentiments if s.get("price") != "positive"] == []


# -- what a kind of item fixes -----------------------------------------------------------------------------------
MONTHS = {"两个月": 2, "三个多月": 3, "四个多月": 4, "五个月": 5, "七个月": 7, "八个多月": 8, "九个月": 9, "十个月": 10,
          "一岁多": 14, "一岁半": 18, "快两岁": 22, "两岁多": 26}
STAGE_MONTHS = {"1段": (0, 6), "2段": (6, 12), "3段": (12, 36)}


def test_a_formula_stage_fits_the_babys_age_and_a_diaper_is_the_size_bought():
    df = synth.generate("reviews", N, seed=12, category="baby", length="40-160")
    age = re.compile("(?:宝宝|娃|孩子|小家伙)(" + "|".join(MONTHS) + ")")
    checked = 0
    for item, text in zip(df.item, df.text):
        stage = next((s for s in STAGE_MONTHS if s in item), None)
        said = age.search(text)
        if stage and said:
            lo, hi = STAGE_MONTHS[stage]
            assert lo <= MONTHS[said.group(1)] <= hi, (item, text)
            checked += 1
        size = re.search(r"(XL|S|M|L)码$", item)
        if size:
            assert set(re.findall(r"(XL|S|M|L)码", text.replace(item, ""))) <= {size.group(1)}, (item, text)
    assert checked > 20


def test_a_review_of_only_the_delivery_or_service_has_no_follow_up_about_use():
    df = reviews("ecommerce")
    only_service = df[[set(a) <= {"logistics", "packaging", "service"} for a in df.aspects]]
    assert len(only_service) > 100
    assert [t for t in only_service.text if "追评：" in t] == []


def test_shoes_have_no_sell_by_date():
    df = reviews("ecommerce")
    shoes = df[df.item.str.contains("鞋")]
    assert len(shoes) > 100
    assert [t for t in shoes.text if re.search("临期|快过期|生产日期|过期", t)] == []


def test_a_complaint_about_price_or_delivery_alone_does_not_say_the_baby_suffered():
    df = synth.generate("reviews", N, seed=12, category="baby", length="40-160", sentiment="negative:1.0")
    only = df[[set(a) <= {"price", "logistics"} for a in df.aspects]]
    assert len(only) > 100
    assert [t for t in only.text if re.search("遭罪|受罪", t)] == []


def test_no_review_ends_on_a_comma():
    for category in ("appliance", "snacks"):
        assert [t for t in reviews(category).text if t.endswith("，")] == []


# -- amounts a shopper would call cheap or dear ----------------------------------------------------------------------
def amounts(texts, pattern: str) -> list[int]:
    return [int(m) for t in texts for m in re.findall(pattern, t)]


@pytest.mark.parametrize("item, kind, most", [("原味芒果干", "snacks", 15), ("加厚垃圾袋", "daily", 12),
                                              ("补水洗面奶", "skincare", 30)])
def test_a_price_drop_complained_of_is_a_share_of_what_the_kind_costs(item, kind, most):
    df = synth.generate("reviews", 600, seed=4, category="ecommerce", item=item, kind=kind,
                        sentiment="negative:600", require="price")
    drops = amounts(df.text, r"(?:降了|便宜了)(\d+)块")
    assert len(drops) > 20 and max(drops) <= most, sorted(set(drops))


def test_a_delivery_fee_called_a_rip_off_is_above_the_usual_few_yuan():
    df = reviews("takeaway")
    fees = amounts(df.text, r"配送费[^，。]*坑[^。]*?这一项(?:就|)(?:收了|要)(\d+)块")
    packing = amounts(df.text, r"打包费[^，。]*坑[^。]*?这一项(?:就|)(?:收了|要)(\d+)块")
    assert fees and min(fees) >= 9 and packing and min(packing) >= 5, (sorted(set(fees)), sorted(set(packing)))


# -- follow-ups and verdicts that read the aspects ------------------------------------------------------------------
def test_a_bottle_already_finished_is_not_said_to_last_half_a_year():
    texts = reviews("beauty").text
    assert both(texts, r"空瓶了|(已经|都)(空瓶|用空)", r"(用|用上)(两三个月|小半年)") == []
    assert both(texts, r"(用了|用下来)(一周|两周|十来天)", r"(已经|都)(空瓶|用空)|空瓶了！") == []


WORN = {"quality", "smell", "battery", "screen", "performance", "camera", "sound", "build", "heat", "keyboard"}


@pytest.mark.parametrize("category", ["ecommerce", "electronics"])
def test_a_follow_up_says_a_fault_got_no_better_only_of_a_fault_that_shows_with_use(category):
    df = reviews(category)
    follow_up = df.text.str.contains(r"追评：.*(更明显了|一点没好|没见好转)")
    worn = df.aspect_sentiments.map(lambda s: any(a in WORN and v == "negative" for a, v in s.items()))
    assert follow_up.sum() > 5 and not (follow_up & ~worn).any(), df.text[follow_up & ~worn].head(3).tolist()


@pytest.mark.parametrize("category", ["restaurant", "hotel", "electronics"])
def test_a_verdict_calls_it_worth_the_money_only_when_the_review_praised_the_price(category):
    df = reviews(category)
    worth = df.text.str.contains(r"我觉得(这\w{0,3})?(挺值的|很值|特别值)|觉得(这\w{0,3})?(很|挺)值|钱花得值")
    praised = df.aspect_sentiments.map(lambda s: s.get("price") == "positive")
    assert worth.sum() > 5 and not (worth & ~praised).any(), df.text[worth & ~praised].head(3).tolist()


# -- wordings a reader stopped at -------------------------------------------------------------------------------------
@pytest.mark.parametrize("category, wrong", [
    ("hotel", r"商家|偷工减料|这样的东西|鼓浪屿"),                  # a shop's closing; a car-free island
    ("hotel", r"塞了耳机|^(旅游)，|洗澡[^。]*洗澡"),                # clipped trip; hot water praised twice
    ("electronics", r"(很|太|特别|非常)发黄|谁(爱|想)去谁"),          # 发黄 takes no degree; a product is bought
    ("book", r"(很|太|特别|非常)发黄"),
    ("movie", r"特别[^，。]{1,3}了，"),                             # 特别可爱了
    ("fresh", r"吃了抢着吃|重量(很|特别)实在|(斤数|重量)净重|我(很|特别)满意的"),
    ("appliance", r"起床地|到家地"),
    ("hotel", r"回(没有空房了|满房了|换不了)"),                      # 前台回满房了
    ("book", r"(?<!其他)几本书|一套书"),                                   # one title ordered
    ("snacks", r"(蛋黄酥|凤梨酥|鲜花饼|老婆饼|酸奶|发酵乳)[^。]*(小半年|大半年|八九个月)"),   # shelf life by kind
    ("hotel", r"(条件|档次|星级)(相符|匹配|配)，|慎买"),              # 房价太贵，跟这条件匹配; a stay is not bought
    ("book", r"平均一本|没法了"),                                     # one title; 当礼物没法了
    ("snacks", r"(奶|酸奶|发酵乳|饮品)[^。]*拆一袋|聚会前走亲戚"),
    ("restaurant", r"慎买"),
])
def test_no_wording_a_reader_stopped_at(category, wrong):
    texts = reviews(category).text
    assert not texts.str.contains(wrong).any(), texts[texts.str.contains(wrong)].head(3).tolist()


# -- backstory (issue 17.4) -----------------------------------------------------------------------------------------
def test_a_book_found_on_the_shelf_was_not_delivered_yesterday():
    assert both(reviews("book").text, r"(一直没看的|买了很久的)", r"(前一天|头天|昨天)(晚上|下午|)(下的单|拍的|买的)") == []


def test_a_fresh_box_weighs_more_than_its_label_not_half_a_jin():
    assert [t for t in reviews("fresh").text if re.search(r"(去掉|除去)(箱子|包装)(还|都)有", t)] == []


def test_a_borrowed_book_or_one_found_in_a_shop_did_not_come_by_courier():
    df = reviews("book")
    delivered = df[df.aspects.apply(lambda a: "delivery" in a)].text
    assert len(delivered) > 100
    assert [t for t in delivered if re.search(r"同事借给我|书店里偶遇", t)] == []


# -- verdict and caveat from the same plan values (rating: four stars held something back) -----------------------
FLAWLESS = r"处处都(挺|很)到位|各方面都(挺|很)到位|没毛病！|没什么可挑的|没什么好挑剔的"


@pytest.mark.parametrize("category", ["hotel", "restaurant", "ecommerce", "electronics"])
def test_a_four_star_or_mixed_review_never_calls_everything_in_place(category):
    df = reviews(category)
    held_back = df[(df.sentiment == "positive") & (df.rating == 4)].text
    assert len(held_back) > 300
    found = [t for t in held_back if re.search(FLAWLESS, t)]
    assert found == [], f"{len(found)} four-star reviews: {found[0]}"


# -- one story per review (issue 17, third round) -------------------------------------------------------------------
@pytest.mark.parametrize("category", ["electronics", "ecommerce"])
def test_an_item_sent_back_returned_or_shelved_is_not_used_in_a_follow_up(category):
    away = r"(送修|寄回去)(一个多月|二十多天)|已经[^。，]*(退货|退款|换货)。|放在抽屉里|不怎么用了|吃灰|(挂二手|送人|扔)了。"
    assert both(reviews(category).text, away, r"追评：(又|)(用了|过了)") == []


def test_paying_the_restaurants_rent_is_said_of_a_large_bill():
    texts = reviews("restaurant").text
    rent = texts[texts.str.contains("交房租|付装修费")]
    assert len(rent) and rent.str.contains("人均").all(), rent[~rent.str.contains("人均")].head(3).tolist()


# -- nothing said twice (issue 17, third round) ---------------------------------------------------------------------
# What a clause said the plan knows (said_<aspect>, domains/reviews/facts.py), so a comparison or a verdict follow-up
# does not restate it, and an aspect's follow-up adds a new detail instead of naming the same thing again.
SUITS = "同事聚餐|请客吃饭|约会|两个人来|带孩子来|带家人来|同事一起来|午休来吃|朋友聚餐|一个人来吃"


@pytest.mark.parametrize("category, twice", [
    ("restaurant", rf"适合({SUITS}).*适合\1"),                        # 环境…适合同事聚餐 … 很适合同事聚餐
    ("restaurant", r"(尤其是|特别是)(那道|那个|那碗)"),                # 招牌水煮鱼超级好吃，特别是那个水煮鱼
    ("electronics", r"开机[^。]*开机"),                              # 开机特别快 … 开机才几秒
    ("book", r"是两回事.*是两回事|停不下来[^。]*停不下来"),
])
def test_a_review_does_not_say_the_same_thing_twice(category, twice):
    texts = reviews(category).text
    assert not texts.str.contains(twice).any(), texts[texts.str.contains(twice)].head(3).tolist()


# Words of degree and hedging (也真的很, 一点都不) may recur; a content phrase of four characters in two clauses
# of a review is rare and, for now, bounded: at the third round 87 of 4,000 hotel reviews (停车…方便 beside
# 逛街特别方便), 58 electronics, at most 48 elsewhere. The goal is none.
_FILLER = {"也真的很", "真的很不", "一点都不", "稍微有点", "让人满意", "还让人满", "基本还让", "的很不错", "一点都没"}


@pytest.mark.parametrize("category", ["hotel", "book", "electronics", "ecommerce", "restaurant", "snacks"])
def test_few_reviews_repeat_a_content_phrase_across_clauses(category):
    texts = reviews(category).text
    repeated = []
    for text in texts:
        seen: dict = {}
        for k, clause in enumerate(re.split(r"[，。！？；…\s]+", text)):
            for j in range(len(clause) - 3):
                gram = clause[j:j + 4]
                if gram in _FILLER or not re.fullmatch(r"[\u4e00-\u9fff]{4}", gram):
                    continue
                if seen.setdefault(gram, k) != k:
                    repeated.append(text)
                    break
            else:
                continue
            break
    assert len(repeated) <= 0.025 * len(texts), (len(repeated), repeated[:3])
