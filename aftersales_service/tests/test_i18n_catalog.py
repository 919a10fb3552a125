"""The zh_CN catalogue covers every string of the module's template."""

from pathlib import Path

from odoo.tests import BaseCase

from .i18n_catalogue import broken_entries, untranslated

I18N = Path(__file__).resolve().parent.parent / "i18n"


class TestServiceI18nCatalog(BaseCase):
    def test_every_template_string_is_translated(self):
        missing = untranslated(I18N, "aftersales_service.pot")
        assert not missing, f"untranslated: {missing[:10]}"

    def test_placeholders_survive_translation(self):
        broken = broken_entries(I18N)
        assert not broken, f"placeholders changed or fuzzy: {broken[:10]}"
