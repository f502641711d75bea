"""The counties' measures (AD-COUNTY-MEASURES, 五（二）): each county (city, district) and
functional zone formulates its measures for the peacetime use and management of state-owned
civil air-defence works by the end of December 2021.

The twelve county-level divisions of Wenzhou are known (GB/T 2260); functional zones are added
by an operator with their statistical division code.
"""

from __future__ import annotations

from enum import StrEnum


class AreaKind(StrEnum):
    COUNTY = "county"  # 县（市、区）
    FUNCTIONAL_ZONE = "functional_zone"  # 功能区


WENZHOU_COUNTIES: tuple[tuple[str, str], ...] = (
    ("330302", "鹿城区"),
    ("330303", "龙湾区"),
    ("330304", "瓯海区"),
    ("330305", "洞头区"),
    ("330324", "永嘉县"),
    ("330326", "平阳县"),
    ("330327", "苍南县"),
    ("330328", "文成县"),
    ("330329", "泰顺县"),
    ("330381", "瑞安市"),
    ("330382", "乐清市"),
    ("330383", "龙港市"),
)
