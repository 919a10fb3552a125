"""Uninstall hook: what uninstalling an addon of the suite leaves in place.

Odoo removes an addon's models, fields, views, menus, security, sequences,
crons and templates, and tries to delete every record the addon loaded with
an external id. The business records the demo data created in other apps'
models are not the addon's to take away: customers, products, serial
numbers, stock on hand, the demo depots, leads, pickings, moves and
invoices. Odoo would delete those it can, and a demo stock quant deleted
under the stock moves of its inventory adjustment leaves the quantities on
hand wrong. The hook drops their external ids first, so they stay as
ordinary records of their own apps. (The products an addon ships as data,
not demo, stay its own: deleted when unused, kept when used.)"""

KEPT_DEMO_MODELS = (
    "res.partner",
    "product.category",
    "product.template",
    "product.product",
    "stock.lot",
    "stock.quant",
    "stock.warehouse",
    "stock.location",
    "stock.picking",
    "stock.move",
    "account.move",
    "crm.lead",
)


def release_demo_business_records(env, module):
    """Drop the external ids of `module`'s demo records in KEPT_DEMO_MODELS."""
    env["ir.model.data"].sudo().search(
        [
            ("module", "=", module),
            ("model", "in", KEPT_DEMO_MODELS),
            ("name", "=like", "demo_%"),
        ]
    ).unlink()


def uninstall_hook(env):
    release_demo_business_records(env, "aftersales_service")
