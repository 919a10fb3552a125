"""Find the county (区/县/县级市/旗) named in a free-text Chinese address.

Plain Python (standard library only), no Odoo import.

:class:`CountyIndex` is built once from ``(id, name, city, province)`` tuples
(``id`` is any hashable, e.g. a database id) and then answers
:meth:`CountyIndex.match` for any number of addresses::

    index = CountyIndex([(1, "南山区", "深圳市", "广东省"),
                         (2, "南山区", "鹤岗市", "黑龙江省")])
    index.match("广东省深圳市南山区科技园南区")   # -> 1
    index.match("深圳南山科技园")                 # -> 1
    index.match("南山区")                         # -> None (ambiguous)
    index.match("南山区", city="鹤岗")            # -> 2

Names looked for
----------------
* A county's full name (``南山区``), and its short form without the suffix
  自治县, 自治旗, 新区, 林区, 特区, 区, 县, 市 or 旗 when at least two
  characters remain (``南山``; ``城区`` and ``东区`` have no short form).
* For autonomous counties and ethnic districts, the place name before the
  ethnic names also counts, alone as a short form (``白沙`` for
  白沙黎族自治县) and with 县/旗/区 as a full one (``白沙县``, ``管城区``).
* Provinces and prefectures, full or short (``广东省``/``广东``,
  ``深圳市``/``深圳``, ``黔东南州``/``黔东南``), are read from the text as
  context, as are the prefecture-level cities that have no county level
  (东莞, 中山, 儋州, 三沙, 嘉峪关: ``CITIES_WITHOUT_COUNTIES``). A county
  whose city equals its province (municipal districts,
  counties under a province directly) has only the province as context.

Rules
-----
1. Every name found in the text is a match with its span. A province or
   city name lying strictly inside a county name is dropped (the province
   ``海南`` inside ``海南区``), and so is a county name lying strictly inside
   a province or city name (``兴安``, i.e. 兴安县, inside ``兴安盟``; ``中山``
   inside ``中山市``); a city name inside a province name counts only as
   that province (``吉林`` in ``吉林省``). County names overlapping one
   another are all kept and ranked by rule 5: ``西城区`` beats the ``城区``
   inside it by length, and in ``信阳新县`` the ``新县`` that agrees with
   信阳 beats ``阳新县``.
2. A county's *agreement* is 2 if its city is named (in the text or by the
   ``city`` argument) plus 1 if its province is; a mention overlapping the
   county's own match does not count.
3. A county matched by a name that is itself a province or city name in the
   text (``朝阳`` is also 朝阳市, ``中山`` is also 中山市) is kept only when
   that name is not its own city or province and something else agrees with
   it: ``北京朝阳`` is 北京's 朝阳区; ``辽宁朝阳`` and ``中山市`` name no county.
4. A short-form match, or a two-character name, that the context contradicts
   (there is a province or city, and none of it agrees) is dropped: in
   ``厦门湖滨南路`` the word ``湖滨`` is not 三门峡's 湖滨区. A two-character
   district name (``东区``, ``西区``, ``城区``, ``郊区``, ``矿区``: everyday
   words) needs a province or city that agrees: ``科技园东区`` is not
   攀枝花's 东区, ``攀枝花东区`` is.
5. The best match wins by, in order: agreement, full name over short form,
   longer over shorter. If two different counties tie, the address is
   ambiguous and :meth:`~CountyIndex.match` returns ``None``; so it does when
   nothing is found or the text is empty.

The ``province`` and ``city`` arguments take full or short names
(``广东省``/``广东``, ``深圳市``/``深圳``); non-Chinese characters around the
name are ignored (``"Guangdong (广东省)"``). A name the index does not know is
ignored, and a province name given as ``city`` counts as the province.
"""

import re

__all__ = ["CountyIndex"]

_FULL, _SHORT = 2, 1

_COUNTY_SUFFIXES = ("自治县", "自治旗", "新区", "林区", "特区", "区", "县", "市", "旗")
_CITY_SUFFIXES = ("自治州", "地区", "盟", "市")
_PROVINCE_SUFFIXES = ("特别行政区", "自治区", "省", "市")

# The 55 minority nationalities, plus 各 (龙胜各族自治县), as they are
# written in the names of autonomous areas.
# fmt: off
_ETHNIC_NAMES = (
    "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶",
    "白", "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水",
    "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬",
    "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京",
    "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺", "各",
)
# fmt: on
_ETHNIC = "|".join(sorted(_ETHNIC_NAMES, key=len, reverse=True))
# 白沙黎族自治县 -> (白沙, 自治县); 和布克赛尔蒙古自治县 -> (和布克赛尔, 自治县)
_AUTONOMOUS_RE = re.compile(rf"^(.{{2,}}?)(?:(?:{_ETHNIC})族?)+(自治县|自治旗|自治州|自治区)$")
# 管城回族区 -> (管城, 区)
_ETHNIC_DISTRICT_RE = re.compile(rf"^(.{{2,}}?)(?:(?:{_ETHNIC})族)+(区)$")
_ALIAS_SUFFIX = {"自治县": "县", "自治旗": "旗", "自治州": "州", "区": "区"}

_NON_CJK_RE = re.compile(r"[^\u3400-\u9fff]+")

# Prefecture-level cities without any county level: they have no row in the
# county table but are context all the same (中山市 is not 大连's 中山区).
# (city, province), added when the index knows the province.
CITIES_WITHOUT_COUNTIES = (
    ("东莞市", "广东省"),
    ("中山市", "广东省"),
    ("儋州市", "海南省"),
    ("三沙市", "海南省"),
    ("嘉峪关市", "甘肃省"),
)


def _strip_suffix(name, suffixes):
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


def _ethnic_place(name):
    """(place, alias) of an autonomous area or ethnic district, else None:
    白沙黎族自治县 -> (白沙, 白沙县); 西藏自治区 -> None."""
    found = _AUTONOMOUS_RE.match(name) or _ETHNIC_DISTRICT_RE.match(name)
    if not found:
        return None
    place, suffix = found.groups()
    alias = _ALIAS_SUFFIX.get(suffix)
    return place, (place + alias if alias else None)


def _names(name, suffixes):
    """{form: kind} of the names one division may be written as."""
    forms = {name: _FULL}
    ethnic = _ethnic_place(name)
    if ethnic:
        place, alias = ethnic
        forms.setdefault(place, _SHORT)
        if alias:
            forms.setdefault(alias, _FULL)
    short = _strip_suffix(name, suffixes)
    if short:
        forms.setdefault(short, _SHORT)
    return forms


def _key(name, suffixes):
    """The canonical key of a province or city name: its shortest usual
    form (广东省 -> 广东, 广西壮族自治区 -> 广西, 深圳市 -> 深圳)."""
    ethnic = _ethnic_place(name)
    if ethnic:
        return ethnic[0]
    return _strip_suffix(name, suffixes) or name


def _clean(value):
    """The Chinese part of an argument, or '' (None, False, non-text)."""
    if not value or not isinstance(value, str):
        return ""
    return _NON_CJK_RE.sub("", value)


class CountyIndex:
    """Dictionary of the counties' names, built once, for :meth:`match`.

    ``counties`` is an iterable of ``(id, name, city, province)`` tuples of
    strings (``id`` may be any hashable; ``city`` may be empty). Rows with
    an empty name are skipped.
    """

    def __init__(self, counties):
        self._ids = []
        self._province = []  # province key of each county ('' if unknown)
        self._city = []  # (province key, city key) or None
        names = {}  # form -> list of ("county", index, kind) / ("province", key) / ("city", id)
        province_forms = {}
        city_forms = {}
        for row in counties:
            county_id, name, city, province = row
            name = (name or "").strip()
            if not name:
                continue
            city = (city or "").strip()
            province = (province or "").strip()
            index = len(self._ids)
            self._ids.append(county_id)
            prov_key = _key(province, _PROVINCE_SUFFIXES) if province else ""
            self._province.append(prov_key)
            if province:
                province_forms.setdefault(province, prov_key)
                for form in _names(province, _PROVINCE_SUFFIXES):
                    province_forms.setdefault(form, prov_key)
            city_id = None
            if city and city != province:
                city_id = (prov_key, _key(city, _CITY_SUFFIXES))
                for form in _names(city, _CITY_SUFFIXES):
                    city_forms.setdefault(form, set()).add(city_id)
            self._city.append(city_id)
            for form, kind in _names(name, _COUNTY_SUFFIXES).items():
                names.setdefault(form, []).append(("county", index, kind))
        known_provinces = set(province_forms.values())
        for city, province in CITIES_WITHOUT_COUNTIES:
            prov_key = _key(province, _PROVINCE_SUFFIXES)
            if prov_key in known_provinces:
                city_id = (prov_key, _key(city, _CITY_SUFFIXES))
                for form in _names(city, _CITY_SUFFIXES):
                    city_forms.setdefault(form, set()).add(city_id)
        for form, prov_key in province_forms.items():
            names.setdefault(form, []).append(("province", prov_key))
        for form, city_ids in city_forms.items():
            for city_id in sorted(city_ids):
                names.setdefault(form, []).append(("city", city_id))
        self._names = {form: tuple(entries) for form, entries in names.items()}
        self._lengths = sorted({len(form) for form in self._names})
        self._province_forms = province_forms
        self._city_forms = city_forms

    def __len__(self):
        return len(self._ids)

    def _context_args(self, province, city):
        """(province keys, city ids) named by the arguments."""
        provinces, cities = set(), set()
        province = _clean(province)
        if province in self._province_forms:
            provinces.add(self._province_forms[province])
        city = _clean(city)
        if city in self._city_forms:
            cities |= self._city_forms[city]
        elif city in self._province_forms:
            provinces.add(self._province_forms[city])
        return provinces, cities

    def match(self, text, province=None, city=None):
        """The id of the county named in ``text``, or ``None`` when no county
        is found or two are equally plausible (see the module docstring)."""
        if not text or not isinstance(text, str):
            return None
        names, lengths, size = self._names, self._lengths, len(text)

        # 1. every name in the text, by span
        counties = {}  # span -> ((index, kind), ...)
        places = {}  # span -> {("province", key) / ("city", id)}
        for start in range(size):
            for length in lengths:
                end = start + length
                if end > size:
                    break
                entries = names.get(text[start:end])
                if entries:
                    for entry in entries:
                        if entry[0] == "county":
                            counties.setdefault((start, end), []).append(entry[1:])
                        else:
                            places.setdefault((start, end), set()).add(entry)
        if not counties:
            return None

        # 2. drop the names that are part of a longer one, and gather the
        # context: province and city mentions, by span
        def inside(span, other):
            return other != span and other[0] <= span[0] and span[1] <= other[1]

        places = {
            span: entries
            for span, entries in places.items()
            if not any(inside(span, other) for other in counties)
        }
        for span in sorted(places, key=lambda span: span[0] - span[1]):
            for other, entries in places.items():
                if inside(span, other):
                    # 济南 in 济南市 stays, the city 吉林 in 吉林省 goes
                    places[span] = places[span] & entries
        counties = {
            span: entries
            for span, entries in counties.items()
            if not any(inside(span, other) for other in places)
        }
        mentions = [(span, entry) for span, entries in places.items() for entry in entries]
        arg_provinces, arg_cities = self._context_args(province, city)

        # 3. score each county found
        best = {}  # county index -> score
        for span, entries in counties.items():
            # the context that does not overlap this match
            provinces, cities = set(arg_provinces), set(arg_cities)
            coincident = []
            for m_span, (m_type, m_key) in mentions:
                if m_span == span:
                    coincident.append((m_type, m_key))
                elif m_span[0] < span[1] and span[0] < m_span[1]:
                    continue
                elif m_type == "province":
                    provinces.add(m_key)
                else:
                    cities.add(m_key)
            for index, kind in entries:
                own_province, own_city = self._province[index], self._city[index]
                city_ok = own_city is not None and own_city in cities
                province_ok = bool(own_province) and own_province in provinces
                agreement = 2 * city_ok + province_ok
                if coincident:
                    names_own = ("province", own_province) in coincident or (
                        "city",
                        own_city,
                    ) in coincident
                    if names_own or not agreement:
                        continue
                two_chars = span[1] - span[0] <= 2
                if not agreement and (
                    (two_chars and text[span[1] - 1] == "区")
                    or ((kind == _SHORT or two_chars) and (provinces or cities))
                ):
                    continue
                score = (agreement, kind, span[1] - span[0])
                if score > best.get(index, (-1,)):
                    best[index] = score
        if not best:
            return None

        # 4. the single best county, or None on a tie
        top = max(best.values())
        winners = {self._ids[index] for index, score in best.items() if score == top}
        if len(winners) != 1:
            return None
        return winners.pop()
