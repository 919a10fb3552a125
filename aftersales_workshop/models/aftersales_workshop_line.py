"""A line of a workshop job's estimate (估价): labour or a part.

A line is proposed, then accepted when the customer consents to the
quotation that carries it (the estimate, or an amendment for an added item
(增项) found during the work), or refused (it stays on record; a refused
safety-related item is a recommended repair, signed by the customer).

Prices come from the request's price list and costs from the stock (parts)
or the internal labour rate (labour): system figures, never written by a
client. A free line (三包) is shown at zero to the customer and keeps its
cost for the manufacturer's claim."""

from odoo import api, fields, models
from odoo.addons.aftersales_service.models.aftersales_write_guard import is_suite_writing, user_roles
from odoo.addons.aftersales_service.tools import user_number
from odoo.exceptions import UserError, ValidationError

LINE_KINDS = [("labour", "Labour"), ("part", "Part")]
CONSENT_STATES = [("proposed", "Proposed"), ("accepted", "Accepted"), ("refused", "Refused")]
# Job states in which the estimate's own lines are written, and in which an
# added item is proposed.
ESTIMATE_STATES = ("reception", "estimate")
ADDITION_STATES = ("in_work",)
# Fields that describe the item: written only while the line is proposed and
# not waiting in a quotation.
ITEM_FIELDS = frozenset({"job_id", "kind", "product_id", "name", "quantity", "free", "safety", "sequence"})


class AftersalesWorkshopLine(models.Model):
    _name = "aftersales.workshop.line"
    _description = "Workshop Estimate Line"
    _inherit = ["aftersales.write.guard"]
    _order = "job_id, is_addition, sequence, id"
    _check_company_auto = True
    # The advisor writes the estimate; a technician proposes added items (the
    # checks below keep a technician to those); whether a line is free is the
    # advisor's call within the 三包 evaluation.
    _field_roles = {
        **dict.fromkeys(
            ("kind", "product_id", "name", "quantity", "safety", "sequence"), ("advisor", "technician")
        ),
        "free": ("advisor",),
    }

    sequence = fields.Integer(default=10)
    job_id = fields.Many2one(
        "aftersales.workshop.job", string="Workshop Job", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="job_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="job_id.currency_id")
    request_id = fields.Many2one(related="job_id.request_id")
    kind = fields.Selection(LINE_KINDS, required=True, default="part")
    product_id = fields.Many2one(
        "product.product",
        compute="_compute_product_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        index=True,
        help="Parts: a spare part that fits the unit. Labour: the company's labour product or a service.",
    )
    name = fields.Char(
        string="Description", compute="_compute_name", store=True, readonly=False, precompute=True
    )
    quantity = fields.Float(
        string="Quantity",
        default=1.0,
        digits="Product Unit",
        required=True,
        help="Parts: how many. Labour: the hours.",
    )
    uom_id = fields.Many2one(related="product_id.uom_id")
    price_unit = fields.Float(
        string="Unit Price",
        digits="Product Price",
        compute="_compute_price_unit",
        store=True,
        precompute=True,
        help="From the request's price list (the parts price list of the settings, else the customer's).",
    )
    free = fields.Boolean(
        string="Free (三包)",
        compute="_compute_free",
        store=True,
        readonly=False,
        precompute=True,
        help="A free three-guarantee repair: zero for the customer, its cost claimed from the manufacturer.",
    )
    price_subtotal = fields.Monetary(
        string="Value", compute="_compute_amounts", store=True, help="Unit price × quantity."
    )
    amount_customer = fields.Monetary(
        string="Customer Pays",
        compute="_compute_amounts",
        store=True,
        help="What the customer pays for the line: zero when it is free or refused.",
    )
    cost_amount = fields.Monetary(
        string="Cost",
        compute="_compute_cost_amount",
        store=True,
        help="Parts: the stock value (as booked once used). Labour: hours × the internal labour rate.",
    )
    safety = fields.Boolean(
        string="Safety-Related", help="Declined by the customer, it is printed as a recommended repair."
    )
    is_addition = fields.Boolean(
        string="Added Item (增项)",
        compute="_compute_is_addition",
        store=True,
        precompute=True,
        copy=False,
        help="Proposed after the customer's consent, while the work is open.",
    )
    consent_state = fields.Selection(
        CONSENT_STATES, string="Consent", default="proposed", required=True, readonly=True, index=True
    )
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Quotation Line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The line of the last quotation that carried the item to the customer.",
    )
    order_id = fields.Many2one(related="sale_line_id.order_id", string="Quotation")
    # The inverse of the quotation lines' link: with it, the ORM finds the
    # quotation lines to recompute when items change from the cache (one
    # query for all the items) instead of one search per item.
    sale_line_ids = fields.One2many(
        "sale.order.line",
        "aftersales_workshop_line_id",
        string="Quotation Lines",
        readonly=True,
        groups="sales_team.group_sale_salesman",
    )
    part_line_id = fields.Many2one(
        "aftersales.part.line",
        string="Request Part",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The part line of the service request through which the accepted part moves in stock.",
    )
    qty_delivered = fields.Float(
        string="Delivered",
        digits="Product Unit",
        compute="_compute_qty_delivered",
        store=True,
        help="Parts: the quantity used. Labour: the hours charged once the work is finished.",
    )
    consent_date = fields.Datetime(string="Consent Given On", readonly=True, copy=False)
    refused_date = fields.Datetime(string="Refused On", readonly=True, copy=False)
    refused_by = fields.Char(string="Refused By", readonly=True, copy=False)
    refused_user_id = fields.Many2one("res.users", string="Refusal Recorded By", readonly=True, copy=False)
    refusal_words = fields.Text(string="Customer's Words", readonly=True, copy=False)
    refusal_signature = fields.Image(
        string="Customer's Signature",
        max_width=1024,
        max_height=1024,
        readonly=True,
        copy=False,
        attachment=True,
    )
    depot_qty_available = fields.Float(
        string="In Stock at the Depot",
        digits="Product Unit",
        compute="_compute_depot_qty_available",
        help="Free quantity of the part at the workshop's depot.",
    )

    # ------------------------------------------------------------------ computes

    @api.depends("kind")
    def _compute_product_id(self):
        """A new labour line starts on the company's labour product; a
        written line keeps its product (the checks name a wrong one)."""
        for line in self:
            if line._origin.id and line.product_id:
                line.product_id = line.product_id
            elif line.kind == "labour" and line.product_id.type != "service":
                line.product_id = line.job_id.company_id.aftersales_labour_product_id
            elif line.kind == "part" and line.product_id.type == "service":
                line.product_id = False
            else:
                line.product_id = line.product_id

    @api.depends("job_id")
    def _compute_is_addition(self):
        for line in self:
            line.is_addition = line.is_addition or line.job_id.state in ADDITION_STATES

    @api.depends("product_id")
    def _compute_name(self):
        for line in self:
            line.name = line.product_id.display_name or line.name

    @api.depends("product_id", "quantity", "job_id.partner_id")
    def _compute_price_unit(self):
        for line in self:
            if line.price_unit and (line.consent_state != "proposed" or line._waiting_in_quotation()):
                line.price_unit = line.price_unit  # the price the customer was given
                continue
            request = line.job_id.request_id
            line.price_unit = request._aftersales_price(line.product_id, line.quantity or 1.0)

    @api.depends("job_id.request_id.warranty_state")
    def _compute_free(self):
        for line in self:
            if line.consent_state != "proposed" or line._waiting_in_quotation():
                line.free = line.free
            else:
                line.free = line.job_id.request_id.warranty_state == "in"

    @api.depends("price_unit", "quantity", "free", "consent_state")
    def _compute_amounts(self):
        for line in self:
            line.price_subtotal = line.currency_id.round(line.price_unit * line.quantity)
            paid = not line.free and line.consent_state != "refused"
            line.amount_customer = line.price_subtotal if paid else 0.0

    @api.depends(
        "kind",
        "product_id",
        "quantity",
        "part_line_id.cost_amount",
        "part_line_id.state",
        "job_id.company_id.aftersales_workshop_labour_cost",
    )
    def _compute_cost_amount(self):
        for line in self:
            if line.kind == "labour":
                cost = line.quantity * line.job_id.company_id.aftersales_workshop_labour_cost
            elif line.part_line_id.state in ("to_return", "done"):
                cost = line.part_line_id.cost_amount
            else:
                cost = line.quantity * line.product_id.standard_price
            line.cost_amount = line.currency_id.round(cost)

    @api.depends(
        "kind", "quantity", "consent_state", "job_id.state", "part_line_id.used_qty", "part_line_id.state"
    )
    def _compute_qty_delivered(self):
        for line in self:
            if line.consent_state != "accepted":
                line.qty_delivered = 0.0
            elif line.kind == "part":
                used = line.part_line_id.state in ("to_return", "done")
                line.qty_delivered = line.part_line_id.used_qty if used else 0.0
            else:
                finished = line.job_id.state in ("ready", "delivered")
                line.qty_delivered = line.quantity if finished else 0.0

    @api.depends("product_id", "job_id.workshop_id.depot_id")
    def _compute_depot_qty_available(self):
        parts = self.filtered(lambda ln: ln.kind == "part" and ln.product_id)
        (self - parts).depot_qty_available = 0.0
        for depot in parts.job_id.workshop_id.depot_id:
            lines = parts.filtered(lambda ln, depot=depot: ln.job_id.workshop_id.depot_id == depot)
            # What the workshop's depot holds, for whoever writes the estimate
            # (a technician has no stock rights).
            products = lines.product_id.sudo().with_context(location=depot.lot_stock_id.id)
            free = {product.id: product.free_qty for product in products}
            for line in lines:
                line.depot_qty_available = free.get(line.product_id.id, 0.0)

    def _sale_line_vals(self):
        """The line of a quotation that carries this item to the customer."""
        self.ensure_one()
        name = self.name or self.product_id.display_name
        if self.free:
            name = self.env._("%(item)s (free: three guarantees)", item=name)
        return {
            "product_id": self.product_id.id,
            "name": name,
            "product_uom_qty": self.quantity,
            "product_uom_id": self.product_id.uom_id.id,
            "price_unit": self.price_unit,
            "discount": 100.0 if self.free else 0.0,
            "aftersales_workshop_line_id": self.id,
            "aftersales_free": self.free,
        }

    def _customer_takes_old_part(self):
        """The customer chose to take the old parts, and the line is paid
        (a free line's old part is the manufacturer's)."""
        return any(line.job_id.old_parts_choice == "take" and not line.free for line in self)

    def _waiting_in_quotation(self):
        """The line is in a quotation the customer has not answered yet."""
        self.ensure_one()
        return self.sudo().sale_line_id.order_id.state in ("draft", "sent")

    # ------------------------------------------------------------------ checks

    def _label(self):
        self.ensure_one()
        return self.env._(
            "%(job)s, item «%(item)s»",
            job=self.job_id.name,
            item=self.name or self.product_id.display_name or "",
        )

    @api.constrains("quantity", "price_unit")
    def _check_figures(self):
        for line in self:
            if line.quantity <= 0:
                message = (
                    self.env._("%(line)s: the labour time must be positive (%(hours)s h).")
                    if line.kind == "labour"
                    else self.env._("%(line)s: the quantity must be positive (%(hours)s).")
                )
                raise ValidationError(
                    message % {"line": line._label(), "hours": user_number(self.env, line.quantity)}
                )
            if line.price_unit < 0:
                raise ValidationError(
                    self.env._(
                        "%(line)s: the price list gives a negative unit price (%(price)s); correct the "
                        "price list before estimating.",
                        line=line._label(),
                        price=user_number(self.env, line.price_unit),
                    )
                )

    @api.constrains("kind", "product_id")
    def _check_product(self):
        for line in self:
            product = line.product_id
            if line.kind == "labour" and product.type != "service":
                raise ValidationError(
                    self.env._(
                        "%(line)s: labour is charged with a service product, not %(product)s.",
                        line=line._label(),
                        product=product.display_name,
                    )
                )
            if line.kind != "part":
                continue
            template = product.product_tmpl_id
            if not template.aftersales_is_spare_part:
                raise ValidationError(
                    self.env._(
                        "%(line)s: %(product)s is not a spare part; flag it as one before estimating it.",
                        line=line._label(),
                        product=product.display_name,
                    )
                )
            unit = line.job_id.product_id.product_tmpl_id
            if unit and not template._aftersales_fits(unit):
                raise ValidationError(
                    self.env._(
                        "%(line)s: part %(part)s does not fit %(unit)s.",
                        line=line._label(),
                        part=product.display_name,
                        unit=unit.display_name,
                    )
                )

    @api.constrains("free")
    def _check_free(self):
        for line in self.filtered("free"):
            if line.job_id.request_id.warranty_state != "in":
                raise ValidationError(
                    self.env._(
                        "%(line)s cannot be free: %(request)s is not under the three guarantees. "
                        "Evaluate its warranty first.",
                        line=line._label(),
                        request=line.job_id.request_id.name,
                    )
                )

    def _check_writable(self, names):
        """An item changes only while it is proposed and no quotation waits
        for the customer's answer on it; the estimate's own lines while the
        estimate is being written, added items while the work is open. A
        technician proposes added items only."""
        if is_suite_writing(self.env):
            return
        advisor = self.env.su or bool({"advisor"} & user_roles(self.env))
        for line in self:
            job = line.job_id
            if line.consent_state != "proposed":
                raise UserError(
                    self.env._(
                        "%(line)s is %(state)s: it stays on record as it is.",
                        line=line._label(),
                        state=line._consent_label(),
                    )
                )
            if line._waiting_in_quotation():
                raise UserError(
                    self.env._(
                        "%(line)s waits in quotation %(order)s for the customer's answer: revise it "
                        "before changing the item.",
                        line=line._label(),
                        order=line.sudo().sale_line_id.order_id.name,
                    )
                )
            allowed = ADDITION_STATES if line.is_addition else ESTIMATE_STATES
            if job.state not in allowed:
                raise UserError(
                    self.env._(
                        "%(line)s cannot be changed while %(job)s is %(state)s.",
                        line=line._label(),
                        job=job.name,
                        state=job._state_labels()[job.state],
                    )
                )
            if not advisor and not line.is_addition and names & ITEM_FIELDS:
                raise UserError(
                    self.env._(
                        "%(user)s proposes added items only: the estimate of %(job)s is written by "
                        "the service advisor.",
                        user=self.env.user.name,
                        job=job.name,
                    )
                )

    def _consent_label(self):
        self.ensure_one()
        return dict(self._fields["consent_state"]._description_selection(self.env))[self.consent_state]

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        Job = self.env["aftersales.workshop.job"]
        for vals in vals_list:
            job = Job.browse(vals.get("job_id"))
            if job.state not in ESTIMATE_STATES + ADDITION_STATES and not is_suite_writing(self.env):
                raise UserError(
                    self.env._(
                        "No item can be added to %(job)s while it is %(state)s.",
                        job=job.name,
                        state=job._state_labels()[job.state],
                    )
                )
        lines = super().create(vals_list)
        lines._check_writable(set().union(*vals_list))
        return lines

    def write(self, vals):
        if (
            "job_id" in vals
            and not is_suite_writing(self.env)
            and not self._unchanged("job_id", vals["job_id"], False)
        ):
            raise UserError(
                self.env._(
                    "%(line)s: the job of an item cannot be written directly; write the item on the other job.",
                    line=self[:1]._label(),
                )
            )
        if set(vals) & ITEM_FIELDS:
            self._check_writable(set(vals))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_proposed(self):
        self._check_writable(set(ITEM_FIELDS))
