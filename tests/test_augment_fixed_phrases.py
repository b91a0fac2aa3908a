"""Swaps and moves that must respect the phrase, subject, register and clause around a word (the augment4
reading of issue 17 item 6): each rule with a sentence it allows and one it must leave alone."""

from __future__ import annotations

import pytest

from synth.augmenters.pipeline import Augmenter
from test_augment_rephrase import rewrites, synonyms


@pytest.fixture(scope="module")
def augmenter():
    return Augmenter(("synonym", "restructure", "expand"))


def offered(augmenter, text: str) -> set[str]:
    return synonyms(augmenter, text) | rewrites(augmenter, text)


def test_a_modal_in_a_rhetorical_question_or_set_phrase_keeps_its_word(augmenter):
    assert "也许是快递的问题" in offered(augmenter, "可能是快递的问题")
    for text in ("怎么可能是四星，太差了", "难道可能是假的？", "哪可能是新的", "很可能是快递的问题"):
        assert not any("也许" in t or "或许" in t for t in offered(augmenter, text)), text


def test_a_member_of_a_matched_pair_is_not_swapped(augmenter):
    assert "他很气愤" in offered(augmenter, "他很生气")
    for text in ("他又生气又生病，真是倒霉", "他既生气又难过"):
        assert all("生气" in t for t in offered(augmenter, text)), text


def test_an_adjective_of_a_persons_attitude_needs_a_person(augmenter):
    assert "服务员太粗心了" in offered(augmenter, "服务员太马虎了")
    assert not any("粗心" in t for t in offered(augmenter, "随机软件也太马虎了"))


def test_a_degree_adverb_is_never_replaced_by_a_content_word(augmenter):
    found = offered(augmenter, "服务非常周到，房间干净")
    assert "服务十分周到，房间干净" in found
    assert not any("细致" in t for t in found)


def test_written_forms_only_in_a_text_that_is_written_already(augmenter):
    assert "该产品做工较为精致" in offered(augmenter, "该产品做工比较精致")
    assert not any("较为" in t for t in offered(augmenter, "产品做工比较精致"))  # plain, though not chatty
    assert "该店如今价格很实惠" in offered(augmenter, "该店现在价格很实惠")
    assert not any("如今" in t for t in offered(augmenter, "现在价格很实惠"))
    assert not any("该" in t or "此" in t for t in offered(augmenter, "这本书写得很好"))


def test_no_written_degree_before_a_feeling_nor_now_for_what_is_still_going_on(augmenter):
    # a 较 of its own (较为惊喜, 较惊喜); the source's 比较 may stay (此次收到货比较惊喜。 only closes the line)
    assert not any("较" in t.replace("比较", "") for t in offered(augmenter, "此次收到货比较惊喜"))
    assert not any("如今" in t for t in offered(augmenter, "该店现在还在装修"))


def test_clauses_are_not_reordered_away_from_a_locative_that_follows(augmenter):
    assert "房间很不错，位置也很好" in offered(augmenter, "位置很好，房间也很不错")
    found = offered(augmenter, "店位置很好，客房也很不错，就在万象城背后")
    assert found and not any(t.startswith("店客房") for t in found)


def test_a_clause_final_excess_takes_le(augmenter):
    assert "声音太大了，睡不着" in offered(augmenter, "声音太大，睡不着")
    assert "需另外购买，太麻烦了" in "".join(offered(augmenter, "配件太少，需另外购买，太麻烦"))
    assert not any("了了" in t for t in offered(augmenter, "价格太贵了"))
    assert not any(t.endswith("了") for t in offered(augmenter, "太贵的东西不买"))


def test_worth_reading_for_a_book_and_worth_watching_for_a_film(augmenter):
    assert "本书绝对值得一读" in offered(augmenter, "本书绝对值得一看")
    film = offered(augmenter, "这部电影值得一看")
    assert "这部电影值得观看" in film and not any("一读" in t for t in film)


def test_i_think_takes_its_everyday_twin_only_as_the_opening_frame(augmenter):
    assert "我觉得是我们出门在外住店的理想选择" in offered(augmenter, "我认为是我们出门在外住店的理想选择")
    assert not any("觉得" in t for t in offered(augmenter, "他们都认为是理想选择"))


def test_a_noun_held_by_a_bare_pronoun_or_in_a_supposition_keeps_its_word(augmenter):
    assert any("住客" in t for t in offered(augmenter, "酒店的客人说还不错"))
    assert not any("住客" in t for t in offered(augmenter, "这个酒店我客人说还不错"))
    assert any("目前" in t for t in offered(augmenter, "现在写这些东西，会有所反映"))
    assert not any("目前" in t for t in offered(augmenter, "如果是现在写这些东西，会有所反映"))
