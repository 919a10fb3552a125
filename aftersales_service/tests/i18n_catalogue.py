"""Checks every addon runs on its zh_CN catalogue: each string of the
template translated, placeholders kept, nothing fuzzy."""

import re
from pathlib import Path

import polib

PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|%s|%d")


def untranslated(i18n, template):
    i18n = Path(i18n)
    catalogue = {entry.msgid: entry for entry in polib.pofile(str(i18n / "zh_CN.po"))}
    return [
        entry.msgid for entry in polib.pofile(str(i18n / template))
        if not catalogue.get(entry.msgid, polib.POEntry()).msgstr
    ]


def broken_entries(i18n):
    """Entries whose placeholders differ from the source, or marked fuzzy."""
    return [
        entry.msgid for entry in polib.pofile(str(Path(i18n) / "zh_CN.po"))
        if sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(PLACEHOLDER.findall(entry.msgstr))
        or "fuzzy" in entry.flags
    ]
