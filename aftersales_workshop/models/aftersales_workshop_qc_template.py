"""A quality checklist (质检单) for the jobs on products of some categories:
the items the technician's self-check and the inspector's final check go
through. The template of a job is the one of the product's nearest
category; a template without a category serves every other product."""

from odoo import api, fields, models


class AftersalesWorkshopQcTemplate(models.Model):
    _name = "aftersales.workshop.qc.template"
    _description = "Quality Checklist"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True, help="Empty: every company.")
    categ_ids = fields.Many2many(
        "product.category",
        "aftersales_workshop_qc_template_categ_rel",
        "template_id",
        "categ_id",
        string="Product Categories",
        help="The checklist of jobs on products of these categories and their sub-categories. "
        "Empty: every product no other checklist covers.",
    )
    item_ids = fields.One2many(
        "aftersales.workshop.qc.template.item", "template_id", string="Items", copy=True
    )

    @api.model
    def _for_products(self, products):
        """{product id: its checklist} for `products`: the template of the
        nearest category up the product's category tree, else a template
        without a category."""
        templates = self.search([("company_id", "in", (False, self.env.company.id))], order="sequence, id")
        by_categ = {}
        general = self.browse()
        for template in templates:
            if not template.categ_ids and not general:
                general = template
            for categ in template.categ_ids:
                by_categ.setdefault(categ.id, template)
        found = {}
        for product in products:
            categ = product.categ_id
            template = general
            while categ:
                if categ.id in by_categ:
                    template = by_categ[categ.id]
                    break
                categ = categ.parent_id
            found[product.id] = template
        return found
