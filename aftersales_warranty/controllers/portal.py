"""Customer portal of the three-guarantee cards: list, detail with the
periods and the repair log, and the card as a PDF -- own cards only."""

from odoo import _, http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

PAGE_SIZE = 20
CARD_REPORT = "aftersales_warranty.action_report_warranty_card"


class AftersalesWarrantyPortal(CustomerPortal):

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "aftersales_warranty_count" in counters:
            Card = request.env["aftersales.warranty.card"]
            values["aftersales_warranty_count"] = (
                Card.search_count(self._aftersales_warranty_domain())
                if Card.has_access("read") else 0
            )
        return values

    def _aftersales_warranty_domain(self):
        partner = request.env.user.partner_id.commercial_partner_id
        return [("partner_id", "child_of", partner.id)]

    def _aftersales_warranty_sortings(self):
        return {
            "date": {"label": _("Sale Date"), "order": "invoice_date desc, id desc"},
            "name": {"label": _("Card Number"), "order": "name desc"},
            "state": {"label": _("Status"), "order": "state, invoice_date desc"},
        }

    @http.route(
        ["/my/warranty", "/my/warranty/page/<int:page>"], type="http", auth="user", website=True
    )
    def portal_my_warranty_cards(self, page=1, sortby=None, **kw):
        values = self._prepare_portal_layout_values()
        Card = request.env["aftersales.warranty.card"]
        sortings = self._aftersales_warranty_sortings()
        sortby = sortby if sortby in sortings else "date"
        domain = self._aftersales_warranty_domain()
        count = Card.search_count(domain)
        pager = portal_pager(
            url="/my/warranty", url_args={"sortby": sortby}, total=count, page=page,
            step=PAGE_SIZE,
        )
        cards = Card.search(
            domain, order=sortings[sortby]["order"], limit=PAGE_SIZE, offset=pager["offset"]
        )
        request.session["my_aftersales_warranty_history"] = cards.ids[:100]
        values.update({
            "warranty_cards": cards.sudo(),
            "page_name": "aftersales_warranty",
            "pager": pager,
            "default_url": "/my/warranty",
            "searchbar_sortings": sortings,
            "sortby": sortby,
        })
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
        values.update({
            "warranty_card": card_sudo,
            "repairs": card_sudo.repair_ids.sorted(lambda r: (r.date_in, r.id)),
            "page_name": "aftersales_warranty",
        })
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
            model=card_sudo, report_type="pdf", report_ref=CARD_REPORT,
            download=download in ("1", "true", "True"),
        )
