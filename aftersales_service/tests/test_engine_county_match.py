"""Plain tests of engine/county_match.py (no database needed).

The last tests load the county table shipped in data/aftersales.county.csv.
"""

import csv
import time
from pathlib import Path

from odoo.tests import BaseCase

from ..engine import county_match

_ADDON = Path(__file__).resolve().parents[1]
_CSV = _ADDON / "data" / "aftersales.county.csv"


CountyIndex = county_match.CountyIndex

# A small hand-made table: (id, name, city, province).
COUNTIES = [
    ("sz_nanshan", "南山区", "深圳市", "广东省"),
    ("sz_futian", "福田区", "深圳市", "广东省"),
    ("hg_nanshan", "南山区", "鹤岗市", "黑龙江省"),
    ("nj_gulou", "鼓楼区", "南京市", "江苏省"),
    ("xz_gulou", "鼓楼区", "徐州市", "江苏省"),
    ("fz_gulou", "鼓楼区", "福州市", "福建省"),
    ("bj_haidian", "海淀区", "北京市", "北京市"),
    ("bj_chaoyang", "朝阳区", "北京市", "北京市"),
    ("cc_chaoyang", "朝阳区", "长春市", "吉林省"),
    ("ln_chaoyangxian", "朝阳县", "朝阳市", "辽宁省"),
    ("ln_shuangta", "双塔区", "朝阳市", "辽宁省"),
    ("dl_zhongshan", "中山区", "大连市", "辽宁省"),
    ("xm_siming", "思明区", "厦门市", "福建省"),
    ("smx_hubin", "湖滨区", "三门峡市", "河南省"),
    ("wh_hainan", "海南区", "乌海市", "内蒙古自治区"),
    ("sy_jiyang", "吉阳区", "三亚市", "海南省"),
    ("hi_baisha", "白沙黎族自治县", "海南省", "海南省"),
    ("hb_xiantao", "仙桃市", "湖北省", "湖北省"),
    ("pzh_dongqu", "东区", "攀枝花市", "四川省"),
    ("bj_xicheng", "西城区", "北京市", "北京市"),
    ("yq_chengqu", "城区", "阳泉市", "山西省"),
    ("jc_chengqu", "城区", "晋城市", "山西省"),
    ("xy_xinxian", "新县", "信阳市", "河南省"),
    ("hs_yangxin", "阳新县", "黄石市", "湖北省"),
    ("zz_guancheng", "管城回族区", "郑州市", "河南省"),
    ("gl_xingan", "兴安县", "桂林市", "广西壮族自治区"),
    ("xam_wulanhaote", "乌兰浩特市", "兴安盟", "内蒙古自治区"),
    ("sh_pudong", "浦东新区", "上海市", "上海市"),
    ("tj_binhai", "滨海新区", "天津市", "天津市"),
    ("yc_binhai", "滨海县", "盐城市", "江苏省"),
    ("qdn_kaili", "凯里市", "黔东南苗族侗族自治州", "贵州省"),
    ("hnz_gonghe", "共和县", "海南藏族自治州", "青海省"),
]


# -- full names ---------------------------------------------------------------


class TestCountyMatch(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.index = CountyIndex(COUNTIES)

    def test_full_names(self):
        for text, expected in [
            ("广东省深圳市南山区科技园南区", "sz_nanshan"),
            ("深圳市福田区福华一路", "sz_futian"),
            ("北京市海淀区中关村南大街5号", "bj_haidian"),
            ("海淀区", "bj_haidian"),
            ("厦门市思明区湖滨南路", "xm_siming"),
            ("湖北省仙桃市", "hb_xiantao"),
            ("上海市浦东新区张江", "sh_pudong"),
            ("江苏滨海县", "yc_binhai"),
            ("天津滨海新区", "tj_binhai"),
            ("河南省郑州市管城回族区", "zz_guancheng"),
            ("黔东南苗族侗族自治州凯里市", "qdn_kaili"),
        ]:
            with self.subTest(text=text, expected=expected):
                assert self.index.match(text) == expected

    # -- short forms and aliases -----------------------------------------------------

    def test_short_forms(self):
        for text, expected in [
            ("深圳南山科技园", "sz_nanshan"),
            ("北京海淀中关村", "bj_haidian"),
            ("鹤岗南山", "hg_nanshan"),
            ("上海浦东张江", "sh_pudong"),
            ("海南白沙", "hi_baisha"),  # place name of an autonomous county
            ("海南省白沙县牙叉镇", "hi_baisha"),  # ... with 县
            ("郑州管城区", "zz_guancheng"),  # 管城回族区 written 管城区
            ("黔东南州凯里", "qdn_kaili"),  # 自治州 written X州
            ("青海海南共和县", "hnz_gonghe"),  # 海南 is also 海南藏族自治州
        ]:
            with self.subTest(text=text, expected=expected):
                assert self.index.match(text) == expected

    def test_one_character_stem_has_no_short_form(self):
        index = CountyIndex([("zhao", "赵县", "石家庄市", "河北省")])
        assert index.match("河北赵县") == "zhao"
        assert index.match("赵钱孙李") is None

    # -- duplicates ----------------------------------------------------------------

    def test_duplicates_resolved_from_text(self):
        for text, expected in [
            ("广东省深圳市南山区", "sz_nanshan"),
            ("黑龙江省鹤岗市南山区", "hg_nanshan"),
            ("广东南山区", "sz_nanshan"),  # province alone is enough here
            ("黑龙江南山区", "hg_nanshan"),
            ("南京市鼓楼区中山路", "nj_gulou"),
            ("徐州鼓楼区", "xz_gulou"),
            ("福建省鼓楼区", "fz_gulou"),
            ("北京朝阳", "bj_chaoyang"),
            ("吉林省长春市朝阳区", "cc_chaoyang"),
            ("辽宁朝阳市双塔区", "ln_shuangta"),
            ("辽宁省朝阳市朝阳县", "ln_chaoyangxian"),
        ]:
            with self.subTest(text=text, expected=expected):
                assert self.index.match(text) == expected

    def test_duplicates_resolved_from_arguments(self):
        for text, kwargs, expected in [
            ("南山区", {"city": "深圳市"}, "sz_nanshan"),
            ("南山区", {"city": "鹤岗"}, "hg_nanshan"),
            ("南山区", {"province": "黑龙江省"}, "hg_nanshan"),
            ("南山科技园", {"province": "广东"}, "sz_nanshan"),
            ("鼓楼区", {"city": "福州"}, "fz_gulou"),
            ("鼓楼区", {"province": "福建省"}, "fz_gulou"),
            ("鼓楼区", {"province": "江苏省", "city": "徐州市"}, "xz_gulou"),
            ("朝阳区", {"city": "北京"}, "bj_chaoyang"),  # a province given as city
            ("南山区", {"city": "Shenzhen (深圳市)"}, "sz_nanshan"),
        ]:
            with self.subTest(text=text, kwargs=kwargs, expected=expected):
                assert self.index.match(text, **kwargs) == expected

    def test_ambiguous_returns_none(self):
        for text, kwargs in [
            ("南山区", {}),
            ("鼓楼区", {}),
            ("鼓楼区", {"province": "江苏"}),  # 南京 and 徐州
            ("朝阳区", {}),
            ("滨海", {}),  # 滨海新区 and 滨海县
            ("南山区", {"province": "湖南省"}),  # neither agrees
            ("南山区", {"province": "不存在省", "city": ""}),  # unknown names are ignored
        ]:
            with self.subTest(text=text, kwargs=kwargs):
                assert self.index.match(text, **kwargs) is None

    def test_two_different_counties_equally_named_is_ambiguous(self):
        assert self.index.match("福田区 海淀区") is None

    # -- not fooled ------------------------------------------------------------------

    def test_not_fooled(self):
        for text, expected in [
            # 湖滨 in 湖滨南路 is a street, not 三门峡's 湖滨区
            ("厦门市思明区湖滨南路", "xm_siming"),
            ("厦门湖滨南路", None),
            # 城区 inside 西城区, 东区 as an everyday word
            ("北京西城区", "bj_xicheng"),
            ("科技园东区", None),
            ("深圳南山区科技园东区", "sz_nanshan"),
            ("攀枝花东区", "pzh_dongqu"),
            ("山西阳泉城区", "yq_chengqu"),
            # 新县 inside 信阳新县 must beat 阳新县 which straddles 信阳
            ("信阳新县", "xy_xinxian"),
            ("湖北阳新县", "hs_yangxin"),
            ("阳新县", "hs_yangxin"),
            # the province 海南 inside 海南区, the county 海南区 short form in 海南省
            ("内蒙古乌海市海南区", "wh_hainan"),
            ("海南省三亚市吉阳区", "sy_jiyang"),
            # 兴安 (兴安县) inside 兴安盟
            ("兴安盟乌兰浩特市", "xam_wulanhaote"),
            ("广西桂林兴安县", "gl_xingan"),
            # a city named in the text is not its own county
            ("辽宁朝阳", None),
            ("大连中山区", "dl_zhongshan"),
            # 北京 and 西藏 as street names do not override the county's own city
            ("上海市浦东新区西藏路", "sh_pudong"),
        ]:
            with self.subTest(text=text, expected=expected):
                assert self.index.match(text) == expected

    def test_cities_without_counties_are_context(self):
        index = CountyIndex([*COUNTIES, ("gz", "天河区", "广州市", "广东省")])
        # 中山 is 中山市 (广东), which has no county: not 大连's 中山区
        assert index.match("广东省中山市石岐街道") is None
        assert index.match("中山市石岐街道") is None
        assert index.match("大连中山") == "dl_zhongshan"

    # -- nothing to find -------------------------------------------------------------

    def test_no_match(self):
        for text in ["", None, "   ", "abc 123", "北京", "广东省深圳市", "某某路12号", 12345]:
            with self.subTest(text=text):
                assert self.index.match(text) is None

    def test_empty_index(self):
        index = CountyIndex([])
        assert len(index) == 0
        assert index.match("广东省深圳市南山区") is None

    def test_any_hashable_id_and_blank_rows(self):
        index = CountyIndex([(42, "南山区", "深圳市", "广东省"), (43, "", "深圳市", "广东省")])
        assert len(index) == 1
        assert index.match("深圳南山") == 42

    def test_index_accepts_generator_and_missing_city(self):
        index = CountyIndex((i, name, None, prov) for i, name, prov in [(1, "海淀区", "北京市")])
        assert index.match("北京海淀") == 1


# -- the real county table ---------------------------------------------------------

_PROVINCE_NAMES = {
    "BJ": "北京市", "TJ": "天津市", "HE": "河北省", "SX": "山西省", "NM": "内蒙古自治区",
    "LN": "辽宁省", "JL": "吉林省", "HL": "黑龙江省", "SH": "上海市", "JS": "江苏省",
    "ZJ": "浙江省", "AH": "安徽省", "FJ": "福建省", "JX": "江西省", "SD": "山东省",
    "HA": "河南省", "HB": "湖北省", "HN": "湖南省", "GD": "广东省", "GX": "广西壮族自治区",
    "HI": "海南省", "CQ": "重庆市", "SC": "四川省", "GZ": "贵州省", "YN": "云南省",
    "XZ": "西藏自治区", "SN": "陕西省", "GS": "甘肃省", "QH": "青海省", "NX": "宁夏回族自治区",
    "XJ": "新疆维吾尔自治区",
}  # fmt: skip


class TestCountyMatchRealTable(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with open(_CSV, encoding="utf-8", newline="") as handle:
            cls.real_rows = list(csv.DictReader(handle))
        cls.real_index = CountyIndex(
            (
                row["code"],
                row["name"],
                row["city"],
                _PROVINCE_NAMES[row["state_id:id"].rsplit("_", 1)[1]],
            )
            for row in cls.real_rows
        )

    def test_real_table_shape(self):
        with open(_CSV, encoding="utf-8") as handle:
            assert handle.readline().strip() == "id,name,code,city,state_id:id,latitude,longitude"
        assert 2800 <= len(self.real_rows) <= 3000
        codes = [row["code"] for row in self.real_rows]
        assert len(codes) == len(set(codes))
        for row in self.real_rows:
            assert row["id"] == "county_" + row["code"]
            assert len(row["code"]) == 6 and row["code"].isdigit()
            assert row["name"] != "市辖区" and row["name"][-1] in "区县市旗"
            assert row["city"]
            prefix = row["state_id:id"].rsplit("_", 1)[1]
            assert prefix in _PROVINCE_NAMES
            assert 18.0 < float(row["latitude"]) < 54.0
            assert 73.0 < float(row["longitude"]) < 135.5
        assert not [c for c in codes if c[:2] in ("71", "81", "82")]

    def test_real_table_rows(self):
        for code, name, city, lat, lon in [
            ("110108", "海淀区", "北京市", 39.96, 116.30),
            ("440305", "南山区", "深圳市", 22.53, 113.93),
            ("370112", "历城区", "济南市", 36.68, 117.07),
            ("230404", "南山区", "鹤岗市", 47.32, 130.29),
            ("429004", "仙桃市", "湖北省", 30.36, 113.42),
            ("500112", "渝北区", "重庆市", 29.72, 106.63),
            ("440309", "龙华区", "深圳市", 22.70, 114.04),
        ]:
            with self.subTest(code=code, name=name, city=city, lat=lat, lon=lon):
                row = next(row for row in self.real_rows if row["code"] == code)
                assert (row["name"], row["city"]) == (name, city)
                assert abs(float(row["latitude"]) - lat) < 0.1
                assert abs(float(row["longitude"]) - lon) < 0.1

    def test_real_addresses(self):
        for text, kwargs, expected in [
            ("广东省深圳市南山区科技园南区", {}, "440305"),
            ("深圳南山科技园", {}, "440305"),
            ("北京海淀中关村", {}, "110108"),
            ("山东省济南市历城区洪家楼街道", {}, "370112"),
            ("鹤岗市南山区", {}, "230404"),
            ("南山区", {}, None),
            ("南山区", {"province": "黑龙江省"}, "230404"),
            ("鼓楼区", {"city": "南京市"}, "320106"),
            ("鼓楼区", {"city": "开封"}, "410204"),
            ("福州鼓楼", {}, "350102"),
            ("鼓楼区", {}, None),
            ("北京朝阳望京", {}, "110105"),
            ("吉林省长春市朝阳区", {}, "220104"),
            ("重庆市江北区观音桥", {}, "500105"),
            ("宁波江北区", {}, "330205"),
            ("济南市中区", {}, "370103"),
            ("上海市徐汇区虹漕路461号58号楼5楼", {}, "310104"),
            ("泉州市洛江区万安塘西工业区", {}, "350504"),
            ("江苏苏州吴江区盛泽镇", {}, "320509"),
            ("海南省白沙县牙叉镇", {}, "469025"),
            ("湖北省仙桃市", {}, "429004"),
            ("信阳新县", {}, "411523"),
            ("厦门湖滨南路", {}, None),
            ("东莞市长安镇", {}, None),
            ("广东省中山市石岐街道", {}, None),
            ("深圳市龙华区", {}, "440309"),
            ("海口龙华区", {}, "460106"),
        ]:
            with self.subTest(text=text, kwargs=kwargs, expected=expected):
                assert self.real_index.match(text, **kwargs) == expected

    def test_real_every_county_found_with_its_city(self):
        wrong = [
            row["code"]
            for row in self.real_rows
            if self.real_index.match(row["city"] + row["name"] + "人民路12号") != row["code"]
        ]
        assert wrong == []

    def test_real_speed(self):
        addresses = [
            _PROVINCE_NAMES[row["state_id:id"].rsplit("_", 1)[1]]
            + row["city"]
            + row["name"]
            + "建设路88号3栋2单元"
            for row in self.real_rows
        ]
        start = time.perf_counter()
        for address in addresses:
            self.real_index.match(address)
        average = (time.perf_counter() - start) / len(addresses)
        assert average < 0.001  # well under a millisecond each
