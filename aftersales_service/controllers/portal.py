"""Customer portal of the service requests: list, detail with the SLA
clocks, a form to submit a request, signature on completion and the
satisfaction survey."""

import binascii
from datetime import datetime

import pytz

from odoo import _, http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

PAGE_SIZE = 20
PREFERRED_TIME_FORMAT = "%Y-%m-%dT%H:%M"


def own_records_domain():
    """Records of the logged-in customer's company and its contacts."""
    partner = request.env.user.partner_id.commercial_partner_id
    return [("partner_id", "child_of", partner.id)]


def count_own_records(model):
    """The /my home counter of `model`: 0 for users who may not read it."""
    Model = request.env[model]
    return Model.search_count(own_records_domain()) if Model.has_access("read") else 0


def list_page_values(model, url, sortings, page, sortby, records_key, page_name, history_key):
    """Values of a paged, sortable /my list of the customer's own `model`
    records (sort key "date" by default); remembers the ids for the
    previous / next buttons of the detail pages."""
    sortby = sortby if sortby in sortings else "date"
    Model = request.env[model]
    domain = own_records_domain()
    pager = portal_pager(
        url=url,
        url_args={"sortby": sortby},
        total=Model.search_count(domain),
        page=page,
        step=PAGE_SIZE,
    )
    records = Model.search(domain, order=sortings[sortby]["order"], limit=PAGE_SIZE, offset=pager["offset"])
    request.session[history_key] = records.ids[:100]
    return {
        records_key: records.sudo(),
        "page_name": page_name,
        "pager": pager,
        "default_url": url,
        "searchbar_sortings": sortings,
        "sortby": sortby,
    }


class AftersalesCustomerPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "aftersales_request_count" in counters:
            values["aftersales_request_count"] = count_own_records("aftersales.request")
        return values

    def _aftersales_sortings(self):
        return {
            "date": {"label": _("Newest"), "order": "notified_date desc, id desc"},
            "name": {"label": _("Reference"), "order": "name desc"},
            "state": {"label": _("Status"), "order": "state, notified_date desc"},
        }

    @http.route(
        ["/my/aftersales", "/my/aftersales/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_aftersales_requests(self, page=1, sortby=None, **kw):
        values = self._prepare_portal_layout_values()
        values.update(
            list_page_values(
                "aftersales.request",
                "/my/aftersales",
                self._aftersales_sortings(),
                page,
                sortby,
                "aftersales_requests",
                "aftersales_request",
                "my_aftersales_history",
            )
        )
        return request.render("aftersales_service.portal_my_aftersales_requests", values)

    @http.route(["/my/aftersales/<int:request_id>"], type="http", auth="public", website=True)
    def portal_aftersales_request_page(self, request_id, access_token=None, message=None, **kw):
        try:
            request_sudo = self._document_check_access(
                "aftersales.request", request_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "aftersales_request": request_sudo,
                "page_name": "aftersales_request",
                "message": message,
                "report_type": "html",
            }
        )
        values = self._get_page_view_values(
            request_sudo, access_token, values, "my_aftersales_history", False, **kw
        )
        return request.render("aftersales_service.portal_aftersales_request_page", values)

    # ------------------------------------------------------------------ new request
    def _aftersales_portal_products(self):
        return (
            request.env["product.product"]
            .sudo()
            .search(
                [
                    ("sale_ok", "=", True),
                    ("type", "=", "consu"),
                    ("company_id", "in", [False, request.env.company.id]),
                ],
                order="name",
                limit=300,
            )
        )

    @http.route(["/my/aftersales/new"], type="http", auth="user", website=True, methods=["GET"])
    def portal_aftersales_request_new(self, **kw):
        return self._render_new_request_form({}, [])

    def _render_new_request_form(self, form, errors):
        partner = request.env.user.partner_id
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "aftersales_request_new",
                "products": self._aftersales_portal_products(),
                "form": {
                    "contact_name": partner.name,
                    "contact_phone": partner.phone or "",
                    "address": " ".join(
                        filter(None, [partner.state_id.name, partner.city, partner.street, partner.street2])
                    ),
                    **form,
                },
                "errors": errors,
            }
        )
        return request.render("aftersales_service.portal_aftersales_request_new", values)

    @http.route(["/my/aftersales/submit"], type="http", auth="user", website=True, methods=["POST"])
    def portal_aftersales_request_submit(self, **post):
        form = {
            key: (post.get(key) or "").strip()
            for key in (
                "product_id",
                "serial",
                "fault_description",
                "address",
                "preferred_time",
                "contact_name",
                "contact_phone",
            )
        }
        errors = []
        if not form["fault_description"]:
            errors.append(_("Describe the fault."))
        if not form["contact_phone"]:
            errors.append(_("Give a phone number we can call."))
        if not form["address"]:
            errors.append(_("Give the address of the site."))
        try:
            vals = self._aftersales_request_vals(form)
        except UserError as error:
            errors.append(str(error))
            vals = None
        if errors:
            return self._render_new_request_form(form, errors)
        try:
            new_request = request.env["aftersales.request"].sudo().create(vals)
        except (UserError, ValidationError) as error:
            request.env.cr.rollback()
            return self._render_new_request_form(form, [str(error)])
        return request.redirect(new_request.get_portal_url(query_string="&message=submitted"))

    def _aftersales_request_vals(self, form):
        user = request.env.user
        partner = user.partner_id
        vals = {
            "partner_id": partner.id,
            "company_id": (partner.company_id or request.env.company).id,
            "channel": "portal",
            "request_type": "repair",
            "contact_name": form["contact_name"] or partner.name,
            "contact_phone": form["contact_phone"],
            "fault_description": form["fault_description"],
            "street": form["address"],
            "street2": False,
            "city": False,
            "user_id": False,
        }
        notes = []
        product = request.env["product.product"]
        if form["product_id"]:
            if not form["product_id"].isdigit():
                raise UserError(_("Choose the product from the list."))
            product = self._aftersales_portal_products().filtered(lambda p: p.id == int(form["product_id"]))
            if not product:
                raise UserError(_("Choose the product from the list."))
            vals["product_id"] = product.id
        if form["serial"]:
            lot_domain = [("name", "=", form["serial"])]
            if product:
                lot_domain.append(("product_id", "=", product.id))
            lot = request.env["stock.lot"].sudo().search(lot_domain, limit=1)
            if lot:
                vals["lot_id"] = lot.id
                vals.setdefault("product_id", lot.product_id.id)
            else:
                notes.append(_("Serial number given by the customer: %s", form["serial"]))
        if form["preferred_time"]:
            try:
                local = datetime.strptime(form["preferred_time"], PREFERRED_TIME_FORMAT)
            except ValueError as error:
                raise UserError(_("The preferred time is not a valid date and time.")) from error
            tz = pytz.timezone(user.tz or "Asia/Shanghai")
            vals["requested_date"] = tz.localize(local).astimezone(pytz.UTC).replace(tzinfo=None)
        if notes:
            vals["special_requirements"] = "\n".join(notes)
        return vals

    # ------------------------------------------------------------------ signature, survey
    @http.route(["/my/aftersales/<int:request_id>/sign"], type="jsonrpc", auth="public", website=True)
    def portal_aftersales_request_sign(self, request_id, access_token=None, name=None, signature=None):
        access_token = access_token or request.httprequest.args.get("access_token")
        try:
            request_sudo = self._document_check_access(
                "aftersales.request", request_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return {"error": _("Invalid request.")}
        try:
            request_sudo._portal_sign(name, signature)
            request.env.cr.flush()
        except UserError as error:
            return {"error": str(error)}
        except (TypeError, binascii.Error):
            return {"error": _("Invalid signature data.")}
        return {
            "force_refresh": True,
            "redirect_url": request_sudo.get_portal_url(query_string="&message=signed"),
        }

    @http.route(
        ["/my/aftersales/<int:request_id>/survey"],
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
    )
    def portal_aftersales_request_survey(self, request_id, access_token=None, score=None, comment=None, **kw):
        try:
            request_sudo = self._document_check_access(
                "aftersales.request", request_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            score = int(score or 0)
            request_sudo._portal_record_satisfaction(score, comment)
        except (ValueError, UserError):
            return request.redirect(request_sudo.get_portal_url(query_string="&message=survey_error"))
        return request.redirect(request_sudo.get_portal_url(query_string="&message=thanks"))


class AftersalesComplaintPortal(CustomerPortal):
    """My complaints: the customer follows the complaints they made, their
    promised handling date and, once answered, the solution."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "aftersales_complaint_count" in counters:
            values["aftersales_complaint_count"] = count_own_records("aftersales.complaint")
        return values

    def _aftersales_complaint_sortings(self):
        return {
            "date": {"label": _("Newest"), "order": "create_date desc, id desc"},
            "name": {"label": _("Reference"), "order": "name desc"},
            "state": {"label": _("Status"), "order": "state, create_date desc"},
        }

    @http.route(
        ["/my/aftersales/complaints", "/my/aftersales/complaints/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_aftersales_complaints(self, page=1, sortby=None, **kw):
        values = self._prepare_portal_layout_values()
        values.update(
            list_page_values(
                "aftersales.complaint",
                "/my/aftersales/complaints",
                self._aftersales_complaint_sortings(),
                page,
                sortby,
                "aftersales_complaints",
                "aftersales_complaint",
                "my_aftersales_complaint_history",
            )
        )
        return request.render("aftersales_service.portal_my_aftersales_complaints", values)

    @http.route(["/my/aftersales/complaints/<int:complaint_id>"], type="http", auth="user", website=True)
    def portal_aftersales_complaint_page(self, complaint_id, **kw):
        try:
            complaint_sudo = self._document_check_access("aftersales.complaint", complaint_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        request_sudo = complaint_sudo.request_id
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "aftersales_complaint": complaint_sudo,
                # The linked request is shown only when the customer may open it.
                "complaint_request": request_sudo
                if request_sudo and request_sudo.with_user(request.env.user).has_access("read")
                else request.env["aftersales.request"],
                "page_name": "aftersales_complaint",
            }
        )
        values = self._get_page_view_values(
            complaint_sudo, None, values, "my_aftersales_complaint_history", False, **kw
        )
        return request.render("aftersales_service.portal_aftersales_complaint_page", values)
