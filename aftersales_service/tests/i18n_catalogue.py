"""Checks an addon runs on its zh_CN catalogue, against the strings the
installed addon really has (exported live from the database, as Odoo's
`i18n export` does), not against a template that may be stale:

- every term of the addon has a Chinese translation;
- placeholders survive translation and nothing is fuzzy;
- the committed template (.pot) lists exactly the addon's terms
  (`scripts/i18n.sh` regenerates it and merges the catalogue)."""

import re
from pathlib import Path

import polib

from odoo.tools.translate import TranslationModuleReader

PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|%s|%d")


class CatalogueChecks:
    """Mix into a TransactionCase with `module` set to the addon's name."""

    module = None
    # Odoo's runner collects only the test methods a class defines itself,
    # unless the class says its inherited ones count too.
    allow_inherited_tests_method = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.i18n = Path(__file__).resolve().parents[2] / cls.module / "i18n"
        reader = TranslationModuleReader(cls.env.cr, modules=[cls.module])
        cls.terms = {term[4] for term in reader if term[0] == cls.module and term[4]}
        cls.catalogue = polib.pofile(str(cls.i18n / "zh_CN.po"))

    def test_every_term_is_translated(self):
        translated = {entry.msgid for entry in self.catalogue if entry.msgstr}
        missing = sorted(self.terms - translated)
        self.assertFalse(missing, f"{len(missing)} terms without zh_CN: {missing[:10]}")

    def test_placeholders_survive_translation(self):
        broken = [
            entry.msgid
            for entry in self.catalogue
            if sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(PLACEHOLDER.findall(entry.msgstr))
            or "fuzzy" in entry.flags
        ]
        self.assertFalse(broken, f"placeholders changed or fuzzy: {broken[:10]}")

    def test_template_is_current(self):
        template = {entry.msgid for entry in polib.pofile(str(self.i18n / f"{self.module}.pot"))}
        self.assertEqual(
            sorted(self.terms - template), [], "terms missing from the .pot: run scripts/i18n.sh"
        )
        self.assertEqual(sorted(template - self.terms), [], "stale terms in the .pot: run scripts/i18n.sh")
