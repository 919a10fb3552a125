"""The zh_CN catalogue covers every string of the addon."""

from odoo.addons.aftersales_service.tests.i18n_catalogue import CatalogueChecks
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCatalogue(CatalogueChecks, TransactionCase):
    module = "aftersales_workshop"
