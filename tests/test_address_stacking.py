"""Issue 18, eleventh address reading (seed 97979): a Han clan's village (何家溪村) in a Hani, Miao, Yao and Dai
border county, and a place's name written three times in one address (芦溪县芦溪镇芦溪路150号芦溪新村)."""

from __future__ import annotations

import re

import pytest

import synth

# the autonomous prefectures of the Yunnan-Guizhou highlands and Liangshan, where villages are not a clan's hall
HIGHLANDS = ("红河哈尼族彝族自治州", "文山壮族苗族自治州", "黔东南苗族侗族自治州", "黔南布依族苗族自治州", "楚雄彝族自治州",
             "凉山彝族自治州", "怒江傈僳族自治州", "大理白族自治州")
CLAN_HALL = re.compile(r"[\u4e00-\u9fff]家[^寨\d]村")


@pytest.fixture(scope="module")
def people():
    return synth.generate("persons", 30_000, seed=97979)


def test_highland_villages_are_no_clan_halls(people):
    highland = people[people.city.isin(HIGHLANDS)]
    villages = highland.address.str.extract(r"(?:镇|乡)([^镇乡]+?村)")[0].dropna()
    assert len(villages) > 100
    assert not villages.str.contains(CLAN_HALL).any(), villages[villages.str.contains(CLAN_HALL)].head().tolist()
    # the clan's stockade stays (杨家寨), so the rows are not simply emptied of clans
    assert villages.str.contains(r"家寨村").any()
    # and the rest of the country keeps its clan villages
    lowland = people[~people.city.isin(HIGHLANDS)].address
    assert lowland.str.contains(CLAN_HALL).sum() > 100


def test_no_walkup_named_after_a_place_the_address_wrote(people):
    # a walk-up named after its road (劳动路79号劳动新村) stays; not when the road's name is the county, the seat
    # town or the 街道 written before it
    after_road = people.address.str.extract(r"^(.*?)([^\d号县区市镇乡道]{2,3})(?:[东西南北中]?路|大街|街)\d+号\2(?:新村|里|小区)\d")
    after_road = after_road.dropna()
    stacked = [addr for written, head, addr in zip(after_road[0], after_road[1], people.address[after_road.index])
               if head in written]
    assert len(after_road) > 200 and not stacked, stacked[:5]


# Thirteenth reading (seed 86420): 莱芜区张家洼路125号张家洼里 — …里 is Beijing's and Tianjin's way of naming walk-ups,
# foreign in Shandong (and 张家洼里 reads as "inside 张家洼"); and a rare character the source table lost.

def test_li_estates_only_in_beijing_and_tianjin(people):
    li = people[people.address.str.contains(r"\d+号[^\d号]{1,5}里\d")]
    assert len(li) > 30           # the habit stays where it belongs
    assert set(li.province) <= {"北京市", "天津市"}, li.address[~li.province.isin(["北京市", "天津市"])].head().tolist()


def test_the_zaozhuang_street_office_is_spelled_with_its_rare_character():
    from synth.resources import read_table
    table = read_table("persons", "towns.tsv")
    towns = dict(zip(table["code"].astype(int), table["towns"]))
    assert "垎塔埠街道" in towns[370402].split("|") and "各塔埠街道" not in towns[370402]
