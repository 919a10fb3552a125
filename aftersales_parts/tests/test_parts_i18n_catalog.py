"""The zh_CN catalogue covers every string of the module's template."""

import re
from pathlib import Path

import polib

I18N = Path(__file__).resolve().parent.parent / "i18n"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|%s|%d")


def test_every_template_string_is_translated():
    template = polib.pofile(str(I18N / "aftersales_parts.pot"))
    catalogue = {entry.msgid: entry for entry in polib.pofile(str(I18N / "zh_CN.po"))}
    missing = [entry.msgid for entry in template if not catalogue.get(entry.msgid, polib.POEntry()).msgstr]
    assert not missing, f"untranslated: {missing[:10]}"


def test_placeholders_survive_translation():
    for entry in polib.pofile(str(I18N / "zh_CN.po")):
        assert sorted(PLACEHOLDER.findall(entry.msgid)) == sorted(PLACEHOLDER.findall(entry.msgstr)), entry.msgid
        assert "fuzzy" not in entry.flags, entry.msgid
