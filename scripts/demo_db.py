"""The steps of the Chinese demo database that Odoo's own commands leave out.

`create_demo_db` (scripts/common.sh) builds the database of `make demo` and
of `make test` the way Odoo's database manager builds a Chinese company's
database (`odoo-bin db init --country cn --language zh_CN`: the main company
in China, in CNY, in Chinese), then runs these steps:

    python scripts/demo_db.py ODOO_CONF DATABASE books
        After `account` is installed. Odoo's `account` demo data puts the
        generic chart of accounts (in US dollars) on the main company of
        every database with demo data; a Chinese company keeps its books on
        China's chart (`l10n_cn`, which Odoo installed for a company in
        China). This loads that chart in its place, with Odoo's accounting
        demo entries again, now in CNY, and puts every user on China time.

    python scripts/demo_db.py ODOO_CONF DATABASE offline
        After the suite is installed. Odoo's online services cannot be
        reached from mainland China, and the screens that call them wait for
        them: the settings a Chinese administrator switches off are switched
        off (partner autocomplete, lead enrichment and lead generation, the
        Unsplash image library) and the weekly call home to odoo.com stops.
"""

import sys

import odoo
from odoo import api
from odoo.modules.registry import Registry

TIME_ZONE = "Asia/Shanghai"

# Settings (res.config.settings) whose box ticked means a module calling one
# of Odoo's online services; unticked, the module is uninstalled.
ONLINE_SERVICE_SETTINGS = (
    "module_partner_autocomplete",  # partner-autocomplete.odoo.com, on every company name typed
    "module_crm_iap_enrich",  # lead enrichment (iap.odoo.com), by a cron and a button
    "module_crm_iap_mine",  # lead generation (iap.odoo.com)
    "module_web_unsplash",  # the Unsplash image library of the HTML editor
)
# Crons that call odoo.com whatever the settings.
ONLINE_SERVICE_CRONS = ("mail.ir_cron_module_update_notification",)


def chinese_books(env):
    company = env.ref("base.main_company")
    if company.chart_template != "cn":
        # install_demo: the generic chart's entries and accounts go, the
        # Chinese chart and Odoo's accounting demo entries come (in CNY).
        env["account.chart.template"].try_loading("cn", company, install_demo=True)
    # As `db init` does for a country of one time zone (pytz also lists
    # Asia/Urumqi for China); the working calendars made later follow.
    env["res.users"].with_context(active_test=False).search([]).write({"tz": TIME_ZONE})
    if "resource.calendar" in env:
        env["resource.calendar"].with_context(active_test=False).search([]).write({"tz": TIME_ZONE})


def offline(env):
    for xmlid in ONLINE_SERVICE_CRONS:
        cron = env.ref(xmlid, raise_if_not_found=False)
        if cron:
            cron.active = False
    settings = env["res.config.settings"].create({})
    ticked = {name: False for name in ONLINE_SERVICE_SETTINGS if settings[name]}
    env.cr.commit()
    if ticked:
        # Unticked, the settings ask to confirm the uninstallation: confirmed
        # (the modules go and the registry reloads: the last step).
        settings.write(ticked)
        confirm = settings.execute()
        env[confirm["res_model"]].with_context(confirm["context"]).create({}).action_uninstall()


STEPS = {"books": chinese_books, "offline": offline}


def main(conf, database, step):
    odoo.tools.config.parse_config(["-c", conf, "--log-level=warn"])
    with Registry(database).cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        STEPS[step](env)
        cr.commit()


if __name__ == "__main__":
    main(*sys.argv[1:])
