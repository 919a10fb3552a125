"""Customer portal of the three-guarantee cards: list, detail with the
periods and the repair log, and the card as a PDF -- own cards only."""

from odoo import _, http
from odoo.addons.aftersales_service.controllers.portal import count_own_records, list_page_values
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

CARD_REPORT = "aftersales_warranty.action_report_warranty_card"


class AftersalesWarrantyPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "aftersales_warranty_count" in counters:
            values["aftersales_warranty_count"] = count_own_records("aftersales.warranty.card")
        return values

    def _aftersales_warranty_sortings(self):
        return {
            "date": {"label": _("Sale Date"), "order": "invoice_date desc, id desc"},
            "name": {"label": _("Card Number"), "order": "name desc"},
            "state": {"label": _("Status"), "order": "state, invoice_date desc"},
        }

    @http.route(["/my/warranty", "/my/warranty/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_warranty_cards(self, page=1, sortby=None, **kw):
        values = self._prepare_portal_layout_values()
        values.update(
            list_page_values(
                "aftersales.warranty.card",
                "/my/warranty",
                self._aftersales_warranty_sortings(),
                page,
                sortby,
                "warranty_cards",
                "aftersales_warranty",
                "my_aftersales_warranty_history",
            )
        )
        return request.render("aftersales_warranty.portal_my_warranty_cards", values)

    def _warranty_card_check_access(self, card_id):
        """The card, sudoed, if the logged-in customer may read it; raises
        AccessError / MissingError otherwise (no access token on cards)."""
        return self._document_check_access("aftersales.warranty.card", card_id)

    @http.route(["/my/warranty/<int:card_id>"], type="http", auth="user", website=True)
    def portal_warranty_card_page(self, card_id, **kw):
        try:
            card_sudo = self._warranty_card_check_access(card_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "warranty_card": card_sudo,
                "repairs": card_sudo.repair_ids.sorted(lambda r: (r.date_in, r.id)),
                "page_name": "aftersales_warranty",
            }
        )
        values = self._get_page_view_values(
            card_sudo, None, values, "my_aftersales_warranty_history", False, **kw
        )
        return request.render("aftersales_warranty.portal_warranty_card_page", values)

    @http.route(["/my/warranty/<int:card_id>/pdf"], type="http", auth="user", website=True)
    def portal_warranty_card_pdf(self, card_id, download=None, **kw):
        try:
            card_sudo = self._warranty_card_check_access(card_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        return self._show_report(
            model=card_sudo,
            report_type="pdf",
            report_ref=CARD_REPORT,
            download=download in ("1", "true", "True"),
        )
