"""The persons domain's shipped tables (divisions, census age pyramid, names, phone prefixes, streets), read once
per process from lexicons/persons/."""

from __future__ import annotations

import re
from functools import cached_property, lru_cache

import numpy as np
from numpy.dtypes import StringDType

from synth import division_history
from synth.resources import read_table

# 2020 census (lexicons/persons/README.md): 375.82 M of 1,411.78 M residents (26.6%) live outside the county of
# their household registration; 124.84 M (8.9 points of it) across a provincial border.
MIGRATION_RATE = 0.266
CROSS_PROVINCE_SHARE = 124.84 / 375.82
MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
PLACE_DISTRICT, PLACE_CITY, PLACE_COUNTY = 0, 1, 2
UNPEOPLED = (460301, 460302, 350527)       # 三沙市西沙区, 南沙区 and 金门县: see Divisions
# Divisions set up so recently that nobody generated was born in them: 两江新区 (500157) is a real district only
# since 2025-11 (State Council approval, announced 2025-11-06: 江北区 and 渝北区 abolished), so its residents were
# born in 江北区 or 渝北区 and carry those codes, and a birth place of 两江新区 reads as the pre-2025 functional zone.
NO_BIRTHS = (500157,)
# Share of residents living in villages (a 村/组 address) by kind of place. The 2020 census counts 36.1 % of
# residents as rural (63.89 % urban); urban districts still hold suburban villages (in proportion to their share
# of 镇/乡 among their townships: towns.tsv), county-level cities about half, counties most. These per-kind shares
# are our estimate, chosen so that the population-weighted total
# comes to the census figure for the generated population (tests/test_persons.py checks 30-42 %).
RURAL_SHARE = (0.28, 0.40, 0.68)
# Local address conventions (lexicons/persons/address_conventions.tsv, explained in its README):
# rural addresses …镇…村N组N号 (village), …乡…村 in Tibetan areas (township), …苏木…嘎查 in Inner Mongolia's banners
# (sumu), …团N连 or …镇N连 in the XPCC cities (regiment), Uyghur village names in the southern oases (oasis); flats N栋N单元N室 (unit), N号楼N单元N (haolou, Beijing), N号楼N门N
# (men, Tianjin), N弄N号N室 (nong, Shanghai), N栋N单元F-D (dash, Chongqing), N栋N房 (fang, Guangdong), N号楼N单元N室
# or N号楼U-F-D (northeast: Liaoning, Jilin, Heilongjiang).
# Provinces whose village names follow the northern habits (集, 营, 店, 庄); the rest take southern ones.
NORTH_PROVINCES = frozenset({"北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省",
                             "山东省", "河南省", "安徽省", "江苏省", "陕西省", "甘肃省", "宁夏回族自治区", "青海省",
                             "新疆维吾尔自治区"})
# The Yangtze delta's plain (Shanghai and the cities of southern Jiangsu and northern Zhejiang): villages on creeks
# (浜, 泾, 港, 荡) and hamlets (宅), never on a hill (岗, 岭, 坡) — a reader met 上海市闵行区梅陇镇郑山村.
DELTA = frozenset({"上海市", "苏州市", "无锡市", "常州市", "嘉兴市", "湖州市"})
# Anhui's and Jiangsu's cities south of the Yangtze name villages the southern way (a reader met 当涂县王洼村: 洼 is
# the North China plain's); their few north-bank counties (和县, 无为) are let go with them.
SOUTH_BANK = frozenset({"南京市", "镇江市", "马鞍山市", "芜湖市", "宣城市", "铜陵市", "池州市", "黄山市"})
# Two countries inside the north whose villages are not the North China plain's 庄/屯/洼/集 (general knowledge of
# Chinese toponymy, lexicons/persons/README.md): the north-west (Gansu, Qinghai's 河湟, Ningxia, Xinjiang's Han
# villages, northern Shaanxi), whose villages are forts, canals, terraces and loess tablelands (堡, 渠, 台, 塬) besides
# 庄, 湾 and 沟 (积石山…桃屯村 read as odd); and the Dabie and Tongbai hills north of the Yangtze (信阳, 六安, 安庆 and
# Nanyang's hill counties), whose villages are 湾, 畈, 冲, 店 and 岗 like Hubei's (新县…韩庄村 read as odd).
NORTHWEST = frozenset({"甘肃省", "青海省", "宁夏回族自治区", "新疆维吾尔自治区", "延安市", "榆林市"})
DABIE = frozenset({"信阳市", "六安市", "安庆市", "南召县", "西峡县", "淅川县", "内乡县", "桐柏县"})
VILLAGE_REGIONS = ("north", "south", "delta", "northwest", "dabie")
# The tails each of these two takes beside the common ones, the hill words and its own `region` rows in streets.tsv
# (northwest: 堡, 渠, 台, 塬, 岔, 滩): the north-west keeps the plain's 庄, the Dabie hills its 店 and the south's 塘.
BORROWED_TAILS = {"northwest": ("庄",), "dabie": ("店", "塘")}
# Village words of narrower countries (a reading found 垌 and 圩 far from home): 垌/峒 a Lingnan field basin
# (Guangdong, Guangxi, Hainan); 冲 a hill valley of Hunan, Jiangxi, Guangxi and Guangdong; 圩 a diked polder of the
# lowlands (the delta's plain and the Yangtze's lakeside prefectures of Anhui, Jiangsu, Jiangxi and Hubei) and
# Lingnan's market (圩 = 墟). The division table has no terrain flag, so these are whole provinces and prefectures.
LINGNAN = frozenset({"广东省", "广西壮族自治区", "海南省"})
MIN_HAKKA = frozenset({"福建省", "潮州市", "汕头市", "揭阳市", "汕尾市", "梅州市", "河源市", "赣州市", "温州市", "丽水市",
                       "衢州市"})
# The Pearl River delta's plain (沙 a sandbank, 滘 and 涌 its creeks, 围 a dyked field) and the south-west's hills,
# whose hamlets are stockades (寨).
PEARL_DELTA = frozenset({"广州市", "佛山市", "中山市", "珠海市", "东莞市", "江门市", "深圳市"})
SOUTHWEST = frozenset({"云南省", "贵州省", "四川省", "重庆市", "湘西土家族苗族自治州", "恩施土家族苗族自治州"})
LOCAL_VILLAGE_WORDS = {
    "垌": LINGNAN, "峒": LINGNAN,
    # Lingnan's clan villages are 屋 (Hakka), 围 (walled) and 涌 (creek): 陈屋, 黄围
    "屋": LINGNAN, "围": LINGNAN, "涌": LINGNAN, "滘": PEARL_DELTA, "沙": PEARL_DELTA, "寨": SOUTHWEST,
    "冲": frozenset({"湖南省", "江西省", "广东省", "广西壮族自治区", "湖北省", "信阳市", "六安市", "安庆市"}),
    # 畈, a paddy flat between hills: the Dabie country (信阳, 六安, 安庆, 黄冈) and central Zhejiang (金华)
    "畈": frozenset({"信阳市", "六安市", "安庆市", "黄冈市", "金华市"}),
    # 塬, a loess tableland: the loess plateau's (庆阳, 平凉, 固原, 延安), not the Hexi corridor's or Xinjiang's
    "塬": frozenset({"庆阳市", "平凉市", "固原市", "延安市", "天水市"}),
    # 洋 and 坑 are Min and Hakka words (Fujian, eastern Guangdong, southern Jiangxi, southern and western Zhejiang):
    # a reader met 张家界…下洋村 in the Tujia hills of Hunan
    "洋": MIN_HAKKA, "坑": MIN_HAKKA,
    "圩": DELTA | LINGNAN | frozenset({"南京市", "镇江市", "芜湖市", "马鞍山市", "铜陵市", "宣城市", "南昌市", "九江市",
                                      "武汉市", "荆州市", "孝感市", "鄂州市", "仙桃市", "天门市", "潜江市"}),
    # 埠, a landing on a river or lake, in the watered south-east and the Yangtze's provinces, not in the south-west's
    # mountains (镇雄县花山乡松埠村 read as odd on the third reading)
    "埠": DELTA | LINGNAN | frozenset({"浙江省", "福建省", "江西省", "湖南省", "湖北省", "安徽省", "江苏省"}),
}
# The south-west's minority highlands (the autonomous prefectures and counties of Yunnan and Guizhou, Liangshan, and
# Guangxi's Miao, Dong, Yao and other non-Zhuang autonomous counties): Hani, Yi, Miao, Dong and Yao villages are not
# named after a Han clan's hall (金平…何家溪村 read as odd), but after the landform and the stockade (大坪, 箐口,
# 新寨); a clan's name there is a stockade's (杨家寨), as Han settlers' and Bouyei villages write it. Marked in the
# division's village words by CLANLESS (general knowledge of south-western toponymy, lexicons/persons/README.md).
CLANLESS = "clanless"
LIANGSHAN = "凉山彝族自治州"


def clanless_highland(province: str, city: str, district: str) -> bool:
    if province in ("云南省", "贵州省"):
        return "自治" in city or "自治" in district
    return city == LIANGSHAN or (province == "广西壮族自治区" and "自治县" in district)


RURAL_STYLES = ("village", "township", "sumu", "regiment", "oasis", "kazakh", "dai", "li", "zhuang")
# Countrysides whose villages carry names in the local language (streets.tsv, composed from common place-name
# elements): Uyghur in the southern oases, Kazakh in 伊犁/塔城/阿勒泰, Dai in 西双版纳 and 德宏, Li in Hainan's
# Li counties (written …镇什运村委会番茅村: the village committee, then the natural village), Zhuang in western
# Guangxi (…镇那良村板烈屯: the natural village is a 屯).
ETHNIC_VILLAGES = {"oasis": "village_uyghur", "kazakh": "village_kazakh", "dai": "village_dai", "li": "village_li",
                   "zhuang": "village_zhuang"}
# County towns too small and too recently Han-settled for old lanes (巷): Tibetan and Kazakh ones.
NO_LANES = ("township", "kazakh")
FLAT_STYLES = ("unit", "haolou", "men", "nong", "dash", "fang", "northeast")
# Road suffixes a province writes its own way (general knowledge, lexicons/persons/README.md): Tianjin's roads are
# 道 and 路 (营口道, 成都道), never 大街, which is Beijing's and the north-east's; Shanghai's are 路 (浦东新区红旗大街
# read as odd).
# The south and south-west write 街 or 路 where the north-east writes 大街 (鹤庆县青年大街, 巴中民主大街 read as odd).
SOUTH_STREETS = ("浙江省", "福建省", "江西省", "湖北省", "湖南省", "广东省", "广西壮族自治区", "海南省", "重庆市", "四川省",
                 "贵州省", "云南省", "西藏自治区")
ROAD_SUFFIX_SWAPS = {"天津市": ("大街", "道"), "上海市": ("大街", "路"), **{p: ("大街", "街") for p in SOUTH_STREETS}}
# Generic road words a big city (by prefecture) does not have outside the districts whose real roads city_roads.tsv
# lists (general knowledge): Shanghai's 中山 roads ring the centre and its 人民路 is 黄浦's; it has no 解放, 建设, 红旗,
# 东风 or 胜利 road and writes lanes as 弄, not 巷 (浦东新区解放南路 read as odd); Shenzhen, a city of the 1980s, has
# its 人民, 解放 and 建设 roads in 罗湖 only (龙岗区解放路, 宝安区东风中路 read as odd).
GENERIC_ROAD_BANS = {"上海市": ("中山", "解放", "人民", "建设", "红旗", "东风", "胜利", "巷", "门街"),
                     "深圳市": ("中山", "解放", "人民", "建设", "红旗", "东风", "胜利", "巷", "门街")}

# Generic road words some places' roads never take, and what the generic name becomes there (general knowledge):
# 中山路 is a road of the south, the east and the old treaty ports, and the far north-west's towns (Tibet, Qinghai,
# Xinjiang but Urumqi) have none (图木舒克中山西路 read as odd); a Buddhist 观音巷 is no street of a Muslim town
# (Xinjiang, Ningxia and the Hui autonomous prefectures and counties: 张家川回族自治县观音巷 read as odd).
NO_ZHONGSHAN_PROVINCES = ("西藏自治区", "青海省", "新疆维吾尔自治区")
NO_ZHONGSHAN_EXCEPT = ("乌鲁木齐市",)
MUSLIM_PROVINCES = ("新疆维吾尔自治区", "宁夏回族自治区")
# A town's (镇, 乡) own streets, where its townspeople live in houses: the old street, the new one and the civic names
# every town has (general knowledge); a numbered 工业四路 or a 环城 road is a county seat's (青岗乡工业四路 read as odd).
TOWN_STREETS = ("正街", "老街", "新街", "东街", "西街", "南街", "北街", "中街", "人民路", "解放路", "建设路", "新华路",
                "文化路", "和平路", "幸福路", "团结路", "光明路", "胜利街", "朝阳路", "商贸街")
# The roads of an XPCC city besides those named after its own places: the corps' own words (general knowledge of
# 石河子, 五家渠, 阿拉尔 and the regiment towns), never a treaty-port or southern name.
CORPS_ROADS = ("团结路", "军垦路", "青年路", "幸福路", "友好路", "胜利路", "文化路", "建设路", "人民路", "光明路",
               "屯垦路", "和平路", "东环路", "西环路", "南环路", "北环路")
# Share of a place's roads named after its own county and towns (桥西区 桥西路, 涿鹿县 涿鹿大街, a town's 黄阁路)
# where it has no listed roads of its own: our estimate; all of them in an XPCC city (with CORPS_ROADS) and in a
# big city's outer district, whose roads are its own and not the generic pool's.
PLACE_ROAD_SHARE = 0.3
# Where a road named after a place is a 大街 as often as a 路 (涿鹿大街, 古塔大街): the north proper, not the
# Huai and Yangtze provinces counted north for their villages (扬州…平山大街 read as odd), nor the north-west.
DAJIE_PROVINCES = frozenset({"北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省",
                             "山东省", "河南省", "陕西省"})
# Place names that say only "the town centre" (市中区, 城关镇, 城厢镇, 城郊乡): no road is named after them.
GENERIC_PLACE_HEADS = frozenset({"市中", "城关", "城厢", "城郊"})
OUTER_DISTRICT_PLACE_ROAD_SHARE = 1.0     # (深圳光明区北街 read as odd: the generic pool is no big city's)
# ... but an outer district or county with fewer place roads than this would write one or two roads for everyone
# (淳安县淳安路, 金山区石化路: the whole county on one road read as odd): half its roads are then the pool's.
# Counted in places named, not roads (宁河路 and 宁河道 are one place): and elsewhere a place named by one road carries
# no more than PER_PLACE_ROAD_SHARE of the townspeople (灌南路, 辛集大街 with a fifth of their county read as odd).
FEW_PLACE_ROADS, FEW_PLACE_ROADS_SHARE, PER_PLACE_ROAD_SHARE = 4, 0.5, 0.1


# -- shipped tables, prepared once per process ----------------------------------------------------------------
class Divisions:
    """County-level divisions with the weights used to place births and migrants."""

    def __init__(self):
        table = read_table("persons", "divisions.tsv")
        provinces = read_table("persons", "provinces.tsv")
        cities = read_table("persons", "big_cities.tsv")
        self.code = table["code"].astype(np.int64).to_numpy()
        self.province = table["province"].to_numpy(dtype=object)
        self.city = table["city"].to_numpy(dtype=object)
        self.district = table["district"].to_numpy(dtype=object)
        population = dict(zip(provinces["province"], provinces["population"].astype(float)))
        per_province = table.groupby("province")["code"].transform("size").to_numpy()
        # A birth lands in a province by its census population, then in one of its counties evenly.
        self.birth_weight = np.array([population[p] for p in self.province]) / per_province
        urban = np.array([d.endswith("区") for d in self.district])
        # Cross-province migrants go to the big destination cities (by weight), mostly to their urban districts.
        city_weight = dict(zip(cities["city"], cities["weight"].astype(float)))
        in_city = np.array([city_weight.get(c, 0.0) for c in self.city])
        per_city = table.groupby("city")["code"].transform("size").to_numpy()
        self.destination_weight = in_city / per_city * np.where(urban, 3.0, 1.0)
        self.big_city = in_city > 0
        # Within a province, movers favour urban districts.
        self.local_move_weight = np.where(urban, 4.0, 1.0)
        # Nobody is born in or moves to 三沙's island districts (about 2,300 residents in all, mostly posted staff)
        # or 金门县 (administered from Taiwan): an even share of Hainan's or Fujian's births gave them villages and
        # tower blocks (三沙市南沙区杨园村51号).
        empty = np.isin(self.code, UNPEOPLED)
        for weights in (self.birth_weight, self.destination_weight, self.local_move_weight):
            weights[empty] = 0.0
        self.birth_weight[np.isin(self.code, NO_BIRTHS)] = 0.0
        self.province_ids, self.province_of = np.unique(self.province, return_inverse=True)
        # The kind of place: an urban district (区), a county-level city (市) or a county (县, 旗, 自治县 …).
        self.place = np.array([PLACE_DISTRICT if d.endswith("区") else PLACE_CITY if d.endswith("市") else PLACE_COUNTY
                               for d in self.district], dtype=np.int64)
        # The address prefix: no repeated municipality (北京市北京市) or county-level city (济源市济源市).
        self.region = np.array([(p if p in MUNICIPALITIES else p + c) + (dist if dist != c else "")
                                for p, c, dist in zip(self.province, self.city, self.district)], dtype=StringDType())
        # The local address conventions (address_conventions.tsv): a district's row before its city's, a city's
        # before its province's.
        rules = read_table("persons", "address_conventions.tsv")
        by_name = {(scope, name): (rural, flats) for scope, name, rural, flats in
                   zip(rules["scope"], rules["name"], rules["rural"], rules["flats"])}
        default = ("village", "unit")
        chosen = [by_name.get(("district", dist), by_name.get(("city", c), by_name.get(("province", p), default)))
                  for p, c, dist in zip(self.province, self.city, self.district)]
        self.rural_style = np.array([RURAL_STYLES.index(r) for r, _ in chosen], dtype=np.int64)
        self.flat_style = np.array([FLAT_STYLES.index(f) for _, f in chosen], dtype=np.int64)
        # The share of flats whose block is a 幢 rather than a 栋 (`zhuang`: 25幢2单元902室 in Zhejiang, much of
        # Jiangsu), the nearest row that gives one.
        zhuang = {(scope, name): float(z) for scope, name, z in zip(rules["scope"], rules["name"], rules["zhuang"]) if z}
        self.zhuang_share = np.array([zhuang.get(("district", dist), zhuang.get(("city", c), zhuang.get(("province", p), 0.0)))
                                      for p, c, dist in zip(self.province, self.city, self.district)])
        # Inner Mongolia's 苏木/嘎查 belong to its banners (旗); its districts and counties have 镇/村.
        banner = np.array([d.endswith("旗") for d in self.district])
        self.rural_style[(self.rural_style == RURAL_STYLES.index("sumu")) & ~banner] = RURAL_STYLES.index("village")
        # Villagers' groups (…村3组): written where the province's villages are numbered into groups (its row's
        # `groups`); elsewhere the village (the natural village) is the address.
        grouped = {name for scope, name, g in zip(rules["scope"], rules["name"], rules["groups"])
                   if scope == "province" and str(g) == "1"}
        self.groups = np.array([p in grouped for p in self.province])
        # The names of the other districts and counties of the same prefecture (白云 for 天河区): a road named after
        # one of them (天河区白云路) reads as the wrong district, and Tianjin's 和平道 belongs to 和平区.
        short = [x[:-1] if x.endswith(("区", "县", "市", "旗")) and "自治" not in x and len(x) > 2 else ""
                 for x in self.district]
        in_city: dict = {}
        for c, name in zip(self.city, short):
            if name:
                in_city.setdefault(c, []).append(name)
        # Only names that begin some road or estate of the pools are kept, so the few rows that can clash are found
        # at once.
        streets = read_table("persons", "streets.tsv")
        neutral = streets[streets["feature"] == ""]
        roads = neutral.loc[neutral["kind"] == "road", "name"].tolist()
        roads += [r.replace(*swap) for swap in ROAD_SUFFIX_SWAPS.values() for r in roads]
        roads += [str(n) for pool in estate_names(neutral).values() for n in pool]
        heads = {r[:k] for r in roads for k in range(2, len(r))}
        self.rival_names = [tuple(n for n in in_city.get(c, ()) if n != own and n in heads)
                            for c, own in zip(self.city, short)]
        self.has_rivals = np.array([bool(r) for r in self.rival_names])
        self.rival_heads = np.array(sorted({n[:2] for r in self.rival_names for n in r}), dtype=StringDType())
        self.village_region = np.array([VILLAGE_REGIONS.index(_village_region(p, c, x))
                                        for p, c, x in zip(self.province, self.city, self.district)], dtype=np.int64)
        # Where a walk-up is no 里 (the 里 is Beijing's, Tianjin's, the north-east's and the delta's 里弄): the south
        # and the north-west (环县…工农里 read as borderline).
        self.no_li = np.isin(self.village_region, [VILLAGE_REGIONS.index(r) for r in ("south", "northwest")])
        # The roads' north (the 经/纬 grid; no bamboo roads): the northern provinces less the south bank and the delta,
        # the north-west and the Dabie hills included, as before those had village habits of their own.
        self.north_roads = np.isin(self.village_region, [VILLAGE_REGIONS.index(r) for r in ("north", "northwest", "dabie")])
        # Each division's village-name pool: its region's habits and the local words its place may use.
        words = [frozenset(w for w, where in LOCAL_VILLAGE_WORDS.items() if where & {p, c, x})
                 | ({CLANLESS, "寨"} if clanless_highland(p, c, x) else frozenset())
                 for p, c, x in zip(self.province, self.city, self.district)]
        keys = list(zip(self.village_region.tolist(), words))
        self.village_pools = list(dict.fromkeys(keys))
        self.village_pool = np.array([self.village_pools.index(k) for k in keys], dtype=np.int64)
        self.village_words = words

    @cached_property
    def issued_codes(self) -> tuple[np.ndarray, np.ndarray, int]:
        """The region codes IDs issued each year carry (synth.division_history.issued_code_table): a county
        created or recoded since carries its former code; built on first use (only ID numbers need it)."""
        return division_history.issued_code_table(self.code)


def _village_region(province: str, city: str, district: str) -> str:
    if province in DELTA or city in DELTA:
        return "delta"
    if city in DABIE or district in DABIE:
        return "dabie"
    if province in NORTHWEST or city in NORTHWEST:
        return "northwest"
    return "north" if province in NORTH_PROVINCES and city not in SOUTH_BANK else "south"


@lru_cache(maxsize=1)
def divisions() -> Divisions:
    return Divisions()


class Towns:
    """Each county's real township-level units (towns.tsv, the NBS statistical division code table), as flat name
    arrays with per-county (start, count) so a whole batch picks its towns with one vectorised index:
    `street_offices` (街道: the urban resident's neighbourhood, and the suburban village's where a district has no
    town), `towns` (镇 and 乡; the XPCC cities' regiment towns and 团), `sumu` (Inner Mongolia's pastoral 苏木)."""

    KINDS = ("street_offices", "towns", "sumu")

    def __init__(self, codes: np.ndarray):
        table = read_table("persons", "towns.tsv")
        listed = dict(zip(table["code"].astype(np.int64), table["towns"]))
        pools = {kind: ([], []) for kind in self.KINDS}     # kind -> (names, per-county counts)
        for code in codes.tolist():
            names = listed.get(code, "").split("|") if code in listed else []
            by_kind = {"street_offices": [n for n in names if n.endswith("街道")],
                       "towns": [n for n in names if n.endswith(("镇", "乡", "团"))],
                       "sumu": [n for n in names if n.endswith("苏木")]}
            for kind in self.KINDS:
                pools[kind][0].extend(by_kind[kind])
                pools[kind][1].append(len(by_kind[kind]))
        for kind, (names, counts) in pools.items():
            count = np.array(counts, dtype=np.int64)
            setattr(self, kind, np.array(names, dtype=StringDType()))
            setattr(self, f"{kind}_count", count)
            setattr(self, f"{kind}_start", np.concatenate(([0], np.cumsum(count)[:-1])))
        # Villages lie in a 镇, 乡 or 苏木: a district of 街道 alone is all town (a reader met 济南历下区泉城路街道银沟村),
        # and a district's villagers are as many as its share of such townships says (长宁区 has one 镇 among ten
        # townships, 闵行区 nine of thirteen); a place with no units at all (三亚's districts, 龙港) administers its
        # villages directly.
        rural_units = self.towns_count + self.sumu_count
        all_units = rural_units + self.street_offices_count
        self.village_share = np.where(all_units > 0, rural_units / np.maximum(all_units, 1), 1.0)
        # An old urban core: 街道 alone, no 镇/乡 (黄浦区, 历下区).
        self.old_core = (rural_units == 0) & (self.street_offices_count > 0)
        # What the rule accepts at the head of an address: every listed unit of the county.
        self.units = [frozenset(listed.get(code, "").split("|")) - {""} for code in codes.tolist()]
        # Each county's seat town: the one named after the county or 城关/城厢 (is_seat_town), else the first 镇 the
        # table lists (NBS lists the seat first); '' where it has no 镇/乡.
        self.seat = np.array([_seat_of(self.towns[s:s + n].tolist(), x)
                              for s, n, x in zip(self.towns_start, self.towns_count, divisions().district)],
                             dtype=StringDType())
        # whether that seat is surely the seat (seat_is_named): only then does a county townsman write it
        self.seat_named = np.array([seat_is_named(str(s), x) for s, x in zip(self.seat, divisions().district)])

    def pick(self, kind: str, division: np.ndarray, u: np.ndarray) -> np.ndarray:
        """A uniform choice among each row's county's units of `kind`; '' where the county has none."""
        count = getattr(self, f"{kind}_count")[division]
        index = getattr(self, f"{kind}_start")[division] + np.minimum((u * count).astype(np.int64), count - 1)
        names = getattr(self, kind)
        return np.where(count > 0, names[np.clip(index, 0, max(len(names) - 1, 0))], "")

    def township(self, division: np.ndarray, u: np.ndarray) -> np.ndarray:
        """A villager's township: one of the county's 镇/乡, or its 苏木 where it has no other (二连浩特); '' where
        the county administers its villages directly (三亚's districts)."""
        town = self.pick("towns", division, u)
        bare = np.flatnonzero(self.towns_count[division] == 0)
        if len(bare):
            town[bare] = self.pick("sumu", division[bare], u[bare])
        return town


def _seat_of(names: list, county: str) -> str:
    named = [n for n in names if seat_is_named(n, county)]
    zhen = [n for n in names if n.endswith("镇")]
    return (named or zhen or names or [""])[0]


# Hainan's county seats (general knowledge; NBS lists each first): its counties have no 街道, and a townsman of the
# seat writes its town (琼中黎族苗族自治县营根镇…: a reader found the address without it odd).
HAINAN_SEATS = {"儋州市": "那大镇", "五指山市": "通什镇", "琼海市": "嘉积镇", "文昌市": "文城镇", "万宁市": "万城镇",
                "东方市": "八所镇", "定安县": "定城镇", "屯昌县": "屯城镇", "澄迈县": "金江镇", "临高县": "临城镇",
                "白沙黎族自治县": "牙叉镇", "昌江黎族自治县": "石碌镇", "乐东黎族自治县": "抱由镇", "陵水黎族自治县": "椰林镇",
                "保亭黎族苗族自治县": "保城镇", "琼中黎族苗族自治县": "营根镇"}


def seat_is_named(town: str, county: str) -> bool:
    """Whether a town is surely its county's seat: the town of the county's own full name (呼图壁县 呼图壁镇), 城关 or
    城厢, or a listed Hainan seat. A shared first character is not enough (邱县's seat is 新马头镇, not 邱城镇; 乌审旗's
    嘎鲁图镇, not 乌审召镇; 华池县's 柔远镇, not 城壕镇), nor is NBS's first-listed town (华池县 lists 悦乐镇 first)."""
    own = (county[:2] if "自治" in county else county[:-1]) + "镇"
    return town == own or town.startswith(("城关", "城厢")) or HAINAN_SEATS.get(county) == town


@lru_cache(maxsize=1)
def towns() -> Towns:
    return Towns(divisions().code)


@lru_cache(maxsize=1)
def age_table() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(age_from, age_to, [male, female] population) of the 2020 census 5-year groups."""
    t = read_table("persons", "age_distribution.tsv")
    return (t["age_from"].astype(int).to_numpy(), t["age_to"].astype(int).to_numpy(),
            t[["male", "female"]].astype(float).to_numpy())


@lru_cache(maxsize=1)
def surnames() -> tuple[np.ndarray, np.ndarray]:
    t = read_table("persons", "surnames.tsv")
    return t["surname"].to_numpy(dtype=object), t["per_mille"].astype(float).to_numpy()


@lru_cache(maxsize=1)
def given_names() -> dict[tuple[str, int], tuple[np.ndarray, np.ndarray]]:
    t = read_table("persons", "given_names.tsv")
    groups = {}
    for (sex, decade), g in t.groupby(["sex", "decade"]):
        groups[(sex, int(decade))] = (g["name"].to_numpy(dtype=object), g["weight"].astype(float).to_numpy())
    return groups


@lru_cache(maxsize=1)
def mobile_prefixes() -> tuple[np.ndarray, np.ndarray]:
    t = read_table("persons", "mobile_prefixes.tsv")
    return t["prefix"].astype(np.int64).to_numpy(), t["weight"].astype(float).to_numpy()


@lru_cache(maxsize=1)
def street_names() -> dict:
    """Names by kind (road, compound, compound_lowrise, village, village_tibetan, village_uyghur/_kazakh/_dai, gacha), only the
    neutral ones: a
    name that claims an airport, a river, a lake, the sea, a port, a railway station, an industry or a big city
    (streets.tsv `feature`) is not used, because the division table cannot say which places have one. Towns are
    real (towns.tsv); villages are not in it and stay composed."""
    t = read_table("persons", "streets.tsv")
    neutral = t[t["feature"] == ""]
    out = {kind: neutral.loc[neutral["kind"] == kind, "name"].to_numpy().astype(StringDType())
           for kind in ("road", "village", "village_tibetan", "gacha", *ETHNIC_VILLAGES.values())}
    out.update(estate_names(neutral))
    # the estates of a city with banned generic words, without them nor a work-unit 家属院, an inland northern word
    # (深圳龙华区解放新村, 南山区粮食局家属院 read as odd)
    for city, words in GENERIC_ROAD_BANS.items():
        for key in ("compound", "compound_lowrise", "compound_lowrise_south"):
            out[f"{key}|{city}"] = np.array([n for n in out[key].tolist()
                                             if not any(w in n for w in (*words, "家属院"))]).astype(StringDType())
    # Roads by (northern province, old urban core, self-built house): the numbered grid 经一路/纬二路 is a northern
    # planned city's (a reader met 绍兴纬七路); development avenues (未来大道, 高新大道: `region` newtown) are not
    # in a district of 街道 alone (上海黄浦区未来大道); a house of its own is not on an arterial 大道.
    roads = neutral[neutral["kind"] == "road"]
    for north in (False, True):
        for core in (False, True):
            for house in (False, True):
                # (bamboo roads, `region` south, are not the north's: 白云鄂博矿区翠竹路 read as odd)
                keep = ((north | (roads["region"] != "north")) & ~(north & (roads["region"] == "south"))
                        & ~(core & (roads["region"] == "newtown"))
                        & ~(house & roads["name"].str.endswith("大道")))
                out[("road", north, core, house)] = roads.loc[keep, "name"].to_numpy().astype(StringDType())
                for city, words in GENERIC_ROAD_BANS.items():
                    allowed = keep & ~roads["name"].str.contains("|".join(words))
                    out[("road", north, core, house, city)] = roads.loc[allowed, "name"].to_numpy().astype(
                        StringDType())
    # Village names by the naming habits of north, south and the delta (streets.tsv `region`): 集, 营, 店, 庄 are
    # northern hamlet names; 坪, 圩, 坑, 垌, 冲 southern ones; 浜, 泾, 宅 the delta's; the hill words (山, 沟, 岗, 坡,
    # 岭) fit north and south but not the delta's plain. Beside the listed names, names composed the way villages
    # are named, a first element (a clan surname, a tree, a direction) and a settlement or landform, so that no
    # village recurs like 三合 did with 52 listed names.
    place_heads = neutral[neutral["kind"] == "place_head"]
    tails = neutral[neutral["kind"] == "place_tail"]
    clans = neutral.loc[neutral["kind"] == "clan_head", "name"].tolist()
    hills = set(tails.loc[tails["region"] == "hills", "name"])
    listed_regional = regional_names()
    for k, (region, words) in enumerate(divisions().village_pools):
        side = VILLAGE_REGIONS[region]
        # bamboo and plum (竹, 梅: `region` south) head southern and delta villages only (昌黎县竹岭村 read as odd)
        heads = place_heads.loc[place_heads["region"].isin(["", "north"] if side in ("north", "northwest")
                                                           else ["", "south"]), "name"].tolist()
        rows = (neutral["kind"] == "village") & neutral["region"].isin(["", side])
        other = frozenset().union(*(names for where, names in listed_regional.items() if where != side))
        ends = tails.loc[tails["region"].isin(["", side] + ([] if side == "delta" else ["hills"]))
                         | tails["name"].isin([*words, *BORROWED_TAILS.get(side, ())]), "name"].tolist()
        # A clan's village: the bare surname before a landform (陈沟, 杨岗) is the North China plain's; the
        # south-west and the Yangtze write the clan's 家 (陈家沟, 王家寨, 陈家宅); Lingnan's clans live in a 屋, 围,
        # 坑, 塘 or 涌 (陈屋, 黄围). A reader met 孟弄彝族乡陈沟村 and 珠海…林沟村.
        if CLANLESS in words:
            clan_forms = [c + "家寨" for c in clans]
        elif side == "north":
            clan_forms = [c + t for c in clans for t in ends]
        elif "屋" in words:
            clan_forms = [c + t for c in clans for t in ends if t in "屋围坑塘涌"]
        else:
            clan_forms = [c + "家" + t for c in clans for t in ends if t not in ("家", "港")] + [c + "家" for c in clans]
        # (a clan's 家 and 屋 need a clan: 北家, 杏屋 are no village names)
        places = [h + t for h in heads for t in ends if t not in ("家", "屋")]
        # (a name that ends on its own first character reads as a stutter: 林家林, 石石 — 霍城县…林家林村 read as odd)
        composed = [n for n in places + clan_forms if n not in other and n[0] != n[-1]]
        # (the Pearl River delta's plain has no hill, nor a 坪: 榄核镇南坪村 read as odd)
        names = [n for n in dict.fromkeys(neutral.loc[rows, "name"].tolist() + composed)
                 if (n[-1] not in LOCAL_VILLAGE_WORDS or n[-1] in words)
                 and not ("滘" in words and (n[-1] in hills or n[-1] == "坪"))]
        out[("village", k)] = np.array(names).astype(StringDType())
    # a Li or Zhuang name that a Han village also bears (六合) would not say whose it is: such names are left out
    han = set().union(*(out[("village", k)].tolist() for k in range(len(divisions().village_pools))))
    out["village_tibetan"] = tibetan_villages(neutral, han)
    # nor one that is a real township's or county's name (加茂, 什运, 毛阳 are towns of 保亭, 琼中, 五指山: 陵水…加茂村
    # read as borrowed from another county; the famous villages 什寒 … are `landmark` in streets.tsv)
    townships = {n[:2] for units in towns().units for n in units} | {x[:2] for x in divisions().district.tolist()}
    for pool in ("village_li", "village_zhuang"):
        out[pool] = np.array([n for n in out[pool].tolist() if n not in han and n not in townships]).astype(StringDType())
    return out


# Common Tibetan given names: villages are not named after people (色尼区香茂乡强巴村 read as odd), so a composed
# name that is one of these is left out.
TIBETAN_GIVEN_NAMES = frozenset("强巴 卓玛 央宗 尼玛 白玛 达瓦 旺堆 次仁 扎西 格桑 平措 德吉 拉姆 措姆 多吉 边巴 普布 巴桑 米玛 "
                                "次旦 索朗 洛桑 顿珠 曲珍 卓嘎 央金 拉巴 桑珠 旦增 丹增 群培 嘉措 加措 益西 贡布 罗布 旺姆 "
                                "玉珍 朗杰 嘎玛 达娃 曲扎 仁青 吉巴 果果 达嘎 达玛".split())
# composed names that read as a Chinese word (加热 heat, 色卡 colour card, 麦堆 wheat stack) or contradict themselves
# (堆麦 upper-lower)
TIBETAN_MISREADS = frozenset("加热 色卡 嘎巴 达卡 雪绒 麦堆 堆麦 麦果 果麦 塘果 隆塘 雪塘".split())


def tibetan_villages(neutral, han: set) -> np.ndarray:
    """Tibetan village names the way Tibetan places are named, a first element and a landform or position
    (streets.tsv `tibetan_head` + `tibetan_tail`: 岗 ridge, 塘 plain, 曲 river, 孜 peak, 卡 valley mouth, 雪 the
    village below a fort … + 嘎, 巴, 如, 堆 upper, 麦 lower …: 岗嘎, 塘麦, 曲如), beside the few listed ones; never a
    person's name, a county's name (江孜) nor a Han village's."""
    heads = neutral.loc[neutral["kind"] == "tibetan_head", "name"].tolist()
    tails = neutral.loc[neutral["kind"] == "tibetan_tail", "name"].tolist()
    counties = {x[:2] for x in divisions().district.tolist()}
    listed = neutral.loc[neutral["kind"] == "village_tibetan", "name"].tolist()
    names = listed + [h + t for h in heads for t in tails if h != t]
    return np.array([n for n in dict.fromkeys(names) if n not in TIBETAN_GIVEN_NAMES | TIBETAN_MISREADS and n not in counties
                     and n not in han]).astype(StringDType())


def estate_names(neutral) -> dict:
    """Estate names, each a proper name and a suffix (阳光 + 花园): the listed estates, and their proper names
    composed with the other suffixes (streets.tsv `estate_tail`), so that no estate recurs like 气象小区 did with 300
    listed names. Modern suffixes (花园, 华庭, 小区 …) go to `compound`, walk-up ones (新村, 里) to
    `compound_lowrise` beside the listed work-unit compounds (税务小区, 粮食局家属院); a name never doubles its
    suffix (东苑苑) and no suffix stands alone (新村二区, 政府大院 are gone)."""
    tails = neutral[neutral["kind"] == "estate_tail"]
    listed = neutral.loc[neutral["kind"] == "compound", "name"].tolist()
    by_length = sorted(tails["name"], key=len, reverse=True)
    heads = list(dict.fromkeys(h for h in (next((n[:-len(t)] for t in by_length if n.endswith(t)), "") for n in listed)
                               if len(h) >= 2 and h[-1] not in "苑园里村府"))
    # besides the listed estates' own heads, the heads of streets.tsv `estate_head` by era: modern ones (翡翠, 君悦)
    # and the walk-ups' (红旗, 立新), so that no estate recurs like 同心新村 (3 in 300) did
    extra = neutral[neutral["kind"] == "estate_head"]
    heads += [h for h in extra.loc[extra["region"] == "", "name"] if h not in heads]

    def composed(classes, heads, strict=False):
        # a modern name's head and suffix share no character: 雅居 + 雅苑 made 雅居雅苑, which reads as glued (a
        # reader of places); a walk-up's may (新华新村 is an ordinary old name)
        ends = tails.loc[tails["region"].isin(classes), "name"].tolist()
        return [h + t for h in heads for t in ends if h[-1] != t[0] and not (strict and set(h) & set(t))]

    lowrise = neutral.loc[neutral["kind"] == "compound_lowrise", "name"].tolist()
    # A walk-up 新村/里 takes an old-style proper name, never a modern marketing one (富丽里, 盛世新村 read as odd):
    # the listed 里 walk-ups' own (幸福, 和平, 光华), which also make a 新村; a 新村's head may be a work unit's
    # (教师, 邮电), which makes no 里.
    old_heads = [n[:-1] for n in lowrise if n.endswith("里")]
    old_heads += [h for h in extra.loc[extra["region"] == "lowrise", "name"] if h not in old_heads]
    # (an old head's 小区 is a walk-up estate too: 红旗小区, 团结小区; not one the modern pool also has, 旭日小区)
    walkups = list(dict.fromkeys(lowrise + composed(["lowrise"], old_heads)
                                 + [h + "小区" for h in old_heads if h not in heads and h + "小区" not in listed]))
    # a walk-up 里 (和平里) is northern and the delta's (Beijing's, Tianjin's, Shanghai's 里弄); the south has none
    # Beijing's walk-ups are XX小区, XX里, XX院, never a 新村 (东城区…文化新村 read as odd)
    # (a composed name that claims a feature, 香樟花园 the south's camphor, is left out as the listed one is)
    featured = set(featured_names())
    modern = [n for n in composed(["", "apartment"], heads, strict=True) if n not in featured]
    return {"compound": np.array(list(dict.fromkeys(listed + modern))).astype(StringDType()),
            "compound_lowrise": np.array(walkups).astype(StringDType()),
            "compound_lowrise_south": np.array([n for n in walkups if not n.endswith("里")]).astype(StringDType()),
            "compound_lowrise_beijing": np.array([n for n in walkups if not n.endswith("新村")]).astype(StringDType())}


@lru_cache(maxsize=1)
def banned_city() -> np.ndarray:
    """Per division, 1 + the index of its city in GENERIC_ROAD_BANS, or 0: an integer code, cheap to compare per row."""
    cities = list(GENERIC_ROAD_BANS)
    return np.array([cities.index(c) + 1 if c in GENERIC_ROAD_BANS else 0 for c in divisions().city], dtype=np.int64)


@lru_cache(maxsize=1)
def own_roads() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The big cities' own roads (city_roads.tsv: real roads of Beijing's districts and of the central districts of
    Shanghai, Guangzhou and Shenzhen), where a generic 中山路, 经纬 grid or 锦绣大道 reads as a mid-size town's.
    Returns the names in one array and, per division, where its names start and how many it has (0: none, the
    division takes the generic pool), so a row's road is one vectorised index."""
    t = read_table("persons", "city_roads.tsv")
    d = divisions()
    names, start, count = [], np.zeros(len(d.code), dtype=np.int64), np.zeros(len(d.code), dtype=np.int64)
    by_code = t.groupby("code", sort=False)["name"].apply(list).to_dict()
    for k, code in enumerate(d.code.tolist()):
        own = by_code.get(str(code), by_code.get(code, []))
        start[k], count[k] = len(names), len(own)
        names += own
    return np.array(names).astype(StringDType()), start, count


# The highest house number of a listed real road, by its kind (city_roads.tsv `length`, else its suffix): a lane
# (胡同, 巷, 里, 条) 40, a street (街) 80, a road's segment (…东路, …中路) 120, a road 150, a 大街 150, an avenue (大道)
# 300, a suburban highway (公路) 2000, a road marked `long` (Shanghai's 淮海中路, 虹桥路 run past 1000) 1500. A city's
# roads are mostly a few kilometres: 天坛路173号 and 门头沟新桥大街250号 read as odd. General knowledge of Chinese
# numbering (odd and even sides, about one number per 10-20 m of frontage), not a survey.
LISTED_ROAD_CAPS = (("胡同", 40), ("巷", 40), ("里", 40), ("条", 40), ("公路", 2000), ("大道", 300), ("大街", 150),
                    ("东路", 120), ("西路", 120), ("南路", 120), ("北路", 120), ("中路", 120), ("街", 80), ("路", 150))
LONG_ROAD_CAP = 1500


def listed_road_cap(name: str, length: str) -> int:
    if length == "long":
        return LONG_ROAD_CAP
    return next((cap for suffix, cap in LISTED_ROAD_CAPS if name.endswith(suffix)), 150)


@lru_cache(maxsize=1)
def own_road_caps() -> np.ndarray:
    """The highest house number of each of own_roads()'s names, in the same order."""
    t = read_table("persons", "city_roads.tsv")
    d = divisions()
    by_code = t.groupby("code", sort=False)[["name", "length"]].apply(lambda g: list(zip(g["name"], g["length"]))).to_dict()
    caps = []
    for code in d.code.tolist():
        caps += [listed_road_cap(name, length) for name, length in by_code.get(str(code), [])]
    return np.array(caps, dtype=np.int64)


@lru_cache(maxsize=1)
def place_roads() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Roads named after a division's own places, the way Chinese towns name them: after the county or district
    itself (涿鹿县 涿鹿路, 涿鹿大街 in the north) and after its towns and 街道, whose roads lead there (南沙区 黄阁路);
    an XPCC city's add CORPS_ROADS. A name that is a street already (新华街街道), a township word, another district
    of the prefecture or a featured name (金山镇 → 金山路) is left out. Returns names, per-division start and count
    as own_roads does, and each division's share of such roads (PLACE_ROAD_SHARE, all in an outer district of a
    city with listed roads, all in an XPCC city)."""
    from .rules import _trie_pattern
    d, places = divisions(), towns()
    # (one search of a trie of the ~250 featured names per road, not a Python test of each: same answer)
    featured = re.compile(_trie_pattern(featured_names())).search
    has_listed = set(d.city[own_roads()[2] > 0].tolist())
    regiment = d.rural_style == RURAL_STYLES.index("regiment")
    dajie = np.isin(d.province, list(DAJIE_PROVINCES))
    units = {k: sorted(u) for k, u in enumerate(places.units)}
    swaps = road_word_swaps()
    # every other district's and county's name in the prefecture (天河区 has no 白云路, even when no pool road says so)
    short = [x[:-1] if len(x) > 2 and "自治" not in x else x for x in d.district.tolist()]
    siblings: dict = {}
    for c, name in zip(d.city.tolist(), short):
        siblings.setdefault(c, set()).add(name)
    names, start, count = [], np.zeros(len(d.code), dtype=np.int64), np.zeros(len(d.code), dtype=np.int64)
    places_named = np.zeros(len(d.code), dtype=np.int64)
    for k, district in enumerate(d.district.tolist()):
        heads = [district[:-1]] if len(district) > 2 and "自治" not in district else []
        for unit in units[k]:
            for tail in ("街道", "镇", "乡"):
                # a county seat's roads lead to its own town, not to a rural township (洞口县毓兰路, after 毓兰镇),
                # and so do a city district's (崇左江州区濑湍路, after 濑湍镇, read as odd); no town's roads are
                # named after a mountain 乡 (涪陵区大木路, after 大木乡)
                if unit.endswith(tail) and len(unit) - len(tail) >= 2 and (tail == "街道" or is_seat_town(unit, district)):
                    heads.append(unit[:-len(tail)])
        own, named = [], set()
        for head in dict.fromkeys(heads):
            # (弄 is Shanghai's lane, road_word_swaps' words stay out of their places; a city's banned words stay banned: 崇明's
            # 建设镇 makes no 建设路)
            banned = ("镇", "乡", "苏木", "街道", "弄") + GENERIC_ROAD_BANS.get(d.city[k], ()) + tuple(
                word for word, _, where in swaps if where[k])
            # (an ethnic township's name keeps its people: 大屋瑶族乡 makes no 大屋瑶族路)
            # (nor a unit named after its mine or works: 天津铁厂街道, 白云鄂博矿 make no 天津铁厂道; an old 马厂 may)
            if head[-1] in "街路道巷里村门桥口场园区城团连族矿" or any(w in head for w in banned) or (
                    head.endswith("厂") and (len(head) >= 4 or head == "电厂")):
                continue
            if any(head.startswith(o) for o in siblings[d.city[k]] - {short[k]}):
                continue
            if head in GENERIC_PLACE_HEADS:
                continue                # (乐山市中区市中路, 五河县城关镇城关路 read as a stutter, no road's name)
            for road in (head + "路",) + ((head + "大街",) if dajie[k] and not regiment[k] else ()):
                if not featured(road):
                    own.append(road)
                    named.add(head)
        if regiment[k]:
            own += list(CORPS_ROADS)
        start[k], count[k], places_named[k] = len(names), len(own), len(named)
        names += own
    outer = np.where(places_named >= FEW_PLACE_ROADS, OUTER_DISTRICT_PLACE_ROAD_SHARE,
                     np.minimum(FEW_PLACE_ROADS_SHARE, PER_PLACE_ROAD_SHARE * places_named))
    share = np.where(regiment, 1.0, np.where(np.isin(d.city, list(has_listed)), outer,
                                             np.minimum(PLACE_ROAD_SHARE, PER_PLACE_ROAD_SHARE * places_named))) * (count > 0)
    return np.array(names).astype(StringDType()), start, count, share


# A road named after a place: its head and a road word (徐家楼大街, 黄阁东路, 和平道).
NAMED_ROAD = re.compile(r"^(.{2,}?)(?:[东西南北中]?(?:路|大街|街)|道|大道)$")


def road_head(road: str) -> str:
    """The place a road may be named after (徐家楼 for 徐家楼大街), '' for a road that is no head and road word."""
    m = NAMED_ROAD.match(road)
    return m.group(1) if m else ""


@lru_cache(maxsize=1)
def unit_of_road_head() -> list[dict]:
    """Per division, the head of each of its own 街道, 镇 and 乡 (徐家楼 for 徐家楼街道) and the unit: a road of that
    head lies in that unit, so a townsman who writes a 街道 before it writes that one (泰山区泰前街道徐家楼大街 read
    as odd: 徐家楼 is another 街道 of the district)."""
    out = []
    for units in towns().units:
        heads = {}
        for unit in sorted(units):
            for tail in ("街道", "镇", "乡"):
                if unit.endswith(tail) and len(unit) - len(tail) >= 2:
                    heads.setdefault(unit[:-len(tail)], unit)
        out.append(heads)
    return out


@lru_cache(maxsize=1)
def road_head_keys() -> tuple[dict, np.ndarray, np.ndarray]:
    """unit_of_road_head as integers, so a batch looks its roads up with one searchsorted: every head's id, and the
    sorted keys division * len(ids) + id with the units in the same order."""
    per_division = unit_of_road_head()
    ids = {head: n for n, head in enumerate(sorted({h for heads in per_division for h in heads}))}
    pairs = sorted((k * len(ids) + ids[head], unit) for k, heads in enumerate(per_division) for head, unit in heads.items())
    return ids, np.array([p for p, _ in pairs], dtype=np.int64), np.array([u for _, u in pairs], dtype=StringDType())


def is_seat_town(town: str, county: str) -> bool:
    """Whether a 镇 is likely the county seat: named after the county (洞口县 洞口镇) or the old walled town (城关镇,
    城厢镇, 城郊乡); the table does not say which is the seat, and these are the usual seat names."""
    head = county[:2] if len(county) > 2 or "自治" in county else county[:1]
    # a two-character head names the seat itself (金山区's seat is not 金山卫镇, an old fort's town of its own)
    named = town[:-1] == head or town == head + "街道" if len(head) == 2 else town.startswith(head)
    return named or town.startswith("城")


@lru_cache(maxsize=1)
def rural_township_roads() -> list[frozenset]:
    """Per division, the roads named after one of a county's rural townships (毓兰路 for 洞口县's 毓兰镇) or any
    place's 乡 (大木路 for 涪陵区's 大木乡): a county seat or a district's town has none (the rule checks it where no
    township is written); a generic pool road (新华路) is not counted."""
    d, places = divisions(), towns()
    generic = set(street_names()[("road", True, False, False)].tolist()) | set(TOWN_STREETS)
    out = []
    for k, district in enumerate(d.district.tolist()):
        names = set()
        for unit in places.units[k]:
            if (unit.endswith("乡") or unit.endswith("镇") and d.place[k] != PLACE_DISTRICT) and len(unit) >= 3 \
                    and not is_seat_town(unit, district):
                names |= {unit[:-1] + "路", unit[:-1] + "大街"}
        out.append(frozenset(names - generic))
    return out


@lru_cache(maxsize=1)
def town_street_clashes() -> np.ndarray:
    """Per division and TOWN_STREETS entry, whether the street is named after another district of the prefecture
    (平顶山's 新华区: no 新华路 in 宝丰县's towns); the first eight (正街 … 中街) never are."""
    return np.array([[street.startswith(rivals) for street in TOWN_STREETS] for rivals in divisions().rival_names])


@lru_cache(maxsize=1)
def road_word_swaps() -> tuple[tuple[str, str, np.ndarray], ...]:
    """(word, what it becomes, per division whether it applies): the generic road words a place never takes
    (NO_ZHONGSHAN_PROVINCES, MUSLIM_PROVINCES)."""
    d = divisions()
    far_west = np.isin(d.province, NO_ZHONGSHAN_PROVINCES) & ~np.isin(d.city, NO_ZHONGSHAN_EXCEPT)
    muslim = np.isin(d.province, MUSLIM_PROVINCES) | np.array([("回族" in c) or ("回族" in x)
                                                               for c, x in zip(d.city, d.district)])
    return ("中山", "人民", far_west), ("观音", "平安", muslim)


@lru_cache(maxsize=1)
def regional_names() -> dict[str, frozenset]:
    """Village names used only in the north or only in the south (the rule checks them)."""
    t = read_table("persons", "streets.tsv")
    t = t[t["kind"] == "village"]
    return {side: frozenset(t.loc[t["region"] == side, "name"].tolist()) for side in ("north", "south")}


@lru_cache(maxsize=1)
def featured_names() -> tuple[str, ...]:
    """Road and compound names that claim a feature of the place (never generated; the rule checks it)."""
    t = read_table("persons", "streets.tsv")
    return tuple(t.loc[t["feature"] != "", "name"].tolist())
