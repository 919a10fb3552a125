"""Base for test cases outside any addon.

Odoo's test metaclass fills `test_module`, `test_tags` and `test_class` only
for classes defined under `odoo.addons`; pytest-odoo reads them, so a case
from this folder gets them here."""


class SuiteCase:
    test_module = "aftersales_suite"
    test_tags = {"standard", "post_install"}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.test_class = cls.__name__
