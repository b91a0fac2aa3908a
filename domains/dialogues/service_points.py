"""The brand service point a repair is booked at (维修, path store): its name, street address and opening hours,
so that the booking says where and when to go, and the close reads the same place (reading 18, #28: 预约了附近的
品牌服务网点 with no place or time, then a close about a 专员's call nobody mentioned).

Brand names are the catalogue's invented ones (the model's first word); streets and buildings are common
Chinese street and building words, no real shop's address."""

from __future__ import annotations

STREETS = ("人民路", "中山路", "解放路", "建设路", "长江路", "文化路", "和平路", "新华路", "青年路", "胜利路",
           "朝阳路", "花园路")
BUILDINGS = ("数码广场", "电子城", "商业中心", "购物中心", "科技大厦", "百货大楼")
HOURS = ("早上9点到晚上6点", "上午10点到晚上9点", "早上9点半到晚上7点", "上午10点到晚上8点")


def _pick(options: tuple, u: float) -> str:
    return options[min(int(u * len(options)), len(options) - 1)]


def service_point(model: str, u: float) -> dict:
    """The env facts of the point booked (point, point_address, point_hours), from the model's brand and one
    uniform draw (its digits spread over street, number, building, floor and hours)."""
    brand = model.split(" ")[0]
    street = _pick(STREETS, u)
    v = (u * 7919.0) % 1.0
    w = (v * 104729.0) % 1.0
    return {"point": f"{brand}授权服务中心{street}店",
            "point_address": f"{street}{8 + int(v * 390)}号{_pick(BUILDINGS, w)}{1 + int(w * 37) % 4}楼",
            "point_hours": _pick(HOURS, (w * 613.0) % 1.0)}
