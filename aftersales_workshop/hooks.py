"""Uninstall hook: the demo customers, the car, its category and its VINs
stay (see aftersales_service/hooks.py)."""

from odoo.addons.aftersales_service.hooks import release_demo_business_records


def uninstall_hook(env):
    release_demo_business_records(env, "aftersales_workshop")
