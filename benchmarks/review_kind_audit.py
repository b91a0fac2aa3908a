"""Which kinds reach each kind-sensitive phrase of the reviews grammars (issue 17): per category, a row for every
watched word (a material, a use, a body part, a cooking style, a care method or a feature) and how many of N reviews
of each kind say it. A phrase said of a kind it does not fit is a grammar line to tag with `kinds` (`if kind=…`);
read the table, tag, and add the pair to tests/test_review_kinds.py.

    python benchmarks/review_kind_audit.py --n 400 --category ecommerce --category restaurant
"""

from __future__ import annotations

import argparse
import re

import synth
from synth.domains.reviews.catalogue import categories

# Words whose truth depends on what the item is, by category.
WATCH = {
    "ecommerce": ["做工", "线头", "走线", "面料", "穿", "贴身", "上脸", "口感", "吃", "锅", "专柜", "超市", "洗了", "盖", "做饭",
                  "尺码", "甜"],
    "apparel": ["面料", "贴身", "洗", "干洗", "机洗", "脚", "鞋", "容量", "保暖", "起球", "缩水", "拉链", "肩带"],
    "restaurant": ["汤头", "面汤", "浇头", "锅底", "炒", "烤", "咖啡", "蛋糕", "厨师", "请客", "包间", "米饭"],
    "takeaway": ["汤", "冰", "凉了", "坨", "米饭", "酱汁", "撒了", "洒"],
    "hotel": ["网速", "热水", "泳池", "院子", "湖景", "早餐", "停车", "套房", "卫生很干净"],
    "book": ["翻译", "文笔", "情节", "人物", "公式", "步骤", "明白", "借", "物流", "快递"],
    "electronics": ["通话", "拍照", "镜头", "键盘", "充电", "表带", "耳机", "桌上", "游戏", "散热"],
    "beauty": ["持妆", "脱妆", "上脸", "头发", "头皮", "泡沫", "色号", "防晒", "卡粉"],
    "appliance": ["制冷", "洗衣", "拖布", "吸力", "安装", "耗电", "内胆", "刀头", "滤网"],
    "fresh": ["甜", "个头", "坏果", "冰袋", "肉质", "活的"],
    "snacks": ["喝", "吃", "脆", "甜", "嚼", "奶香"],
    "baby": ["给宝宝吃", "冲", "吸水", "红屁屁", "奶嘴", "尺码", "罐"],
    "movie": ["配音", "特效", "笑点", "动画", "打斗"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--category", action="append")
    args = parser.parse_args()
    for name in args.category or list(WATCH):
        kinds = categories()[name].kinds
        item = "某书" if name in ("book", "movie") else "这款"
        texts = {k: list(synth.generate("reviews", args.n, seed=args.seed, category=name, kind=k, item=item).text)
                 for k in kinds}
        print(f"\n{name} ({args.n} reviews a kind)")
        print(f"{'':>10}" + "".join(f"{k:>11}" for k in kinds))
        for word in WATCH.get(name, []):
            pattern = re.compile(word)
            row = [sum(bool(pattern.search(t)) for t in texts[k]) for k in kinds]
            print(f"{word:>10}" + "".join(f"{c:>11}" for c in row))


if __name__ == "__main__":
    main()
