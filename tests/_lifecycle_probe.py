"""Probe of test_module_lifecycle.py, run inside `odoo-bin shell` on the copy of
the test database: the test feeds this file on stdin with one call appended,
and reads back the line that starts with MARKER. Not a test module: nothing
here runs in the test process.

Every function takes the shell's superuser `env`."""

import json

MARKER = "AFTERSALES-LIFECYCLE "
SUITE = ("aftersales_service", "aftersales_parts", "aftersales_warranty", "aftersales_workshop")

# Business records of other apps: compared by id across upgrade and uninstall.
CORE_MODELS = (
    "res.partner",
    "product.category",
    "product.template",
    "product.product",
    "stock.lot",
    "stock.quant",
    "stock.move",
    "stock.move.line",
    "stock.picking",
    "stock.location",
    "stock.warehouse",
    "account.move",
    "account.move.line",
    "crm.lead",
)

# Configuration an addon owns; none of it may outlive the addon. Each entry:
# model, the field that names the model a record belongs to (or None), and
# whether it can be archived.
OWNED_CONFIG = (
    ("ir.model.access", "model_id.model", True),
    ("ir.rule", "model_id.model", True),
    ("ir.ui.view", "model", True),
    ("ir.ui.menu", None, True),
    ("ir.actions.act_window", "res_model", False),
    ("ir.actions.server", "model_id.model", False),
    ("ir.actions.report", "model", False),
    ("ir.cron", "model_id.model", True),
    ("base.automation", "model_id.model", True),
    ("mail.template", "model", True),
    ("mail.activity.type", "res_model", True),
    ("ir.sequence", None, True),
    ("res.groups", None, False),
    ("res.groups.privilege", None, False),
    ("ir.filters", "model_id", True),
    ("ir.default", "field_id.model", False),
    ("mail.message", "model", False),
    ("mail.followers", "res_model", False),
    ("mail.activity", "res_model", True),
    ("ir.attachment", "res_model", False),
)

# What the admin and the users did to the database before the upgrade: read
# back before and after, the values must be the same.
WATCHED = (
    ("aftersales_service.sla_policy_standard", ("name", "onsite_hours", "reply_hours")),
    ("aftersales_service.stage_in_progress", ("name", "sequence", "state")),
    ("aftersales_service.mail_template_request_received", ("subject",)),
    ("aftersales_service.ir_cron_generate_callbacks", ("interval_number", "interval_type", "active")),
    ("aftersales_service.seq_aftersales_request", ("prefix", "padding", "number_next_actual")),
    ("aftersales_warranty.seq_aftersales_warranty_card", ("prefix", "padding", "number_next_actual")),
    ("aftersales_warranty.policy_colour_tv", ("name", "warranty_months", "product_categ_ids")),
    (
        "aftersales_warranty.demo_card_tv_exchanged",
        (
            "name",
            "state",
            "lot_id",
            "partner_id",
            "invoice_date",
            "next_card_id",
            "note",
        ),
    ),
    (
        "aftersales_parts.demo_part_line_18_thermostat",
        (
            "state",
            "request_id",
            "product_id",
            "planned_qty",
            "issued_qty",
            "used_qty",
            "returned_qty",
            "move_ids",
        ),
    ),
    ("base.main_company", ("aftersales_penalty_amount", "aftersales_default_job_hours")),
)

# Translated names read in zh_CN before and after the upgrade.
TRANSLATED = (
    "aftersales.stage",
    "aftersales.sla.policy",
    "aftersales.complaint.class",
    "aftersales.warranty.policy",
)


def emit(data):
    print(MARKER + json.dumps(data, sort_keys=True, default=str))


def _rows(env, query, params=None):
    env.cr.execute(query, params)
    return env.cr.fetchall()


def _plain(value):
    if hasattr(value, "_name"):  # a recordset
        return sorted(value.ids)
    return value


def prepare(env):
    """The user's work before the upgrade: zh_CN in use, the admin's edits of
    shipped (noupdate) records, a new customer with a request, a posted
    invoice, a serial counted into the warranty addon's quarantine location.
    Committed."""
    states = dict(_rows(env, "SELECT name, state FROM ir_module_module WHERE name IN %s", [SUITE]))
    if set(states.values()) != {"installed"}:
        return {"not_fresh": states}
    # The shell's env speaks the admin's language (zh_CN in the demo
    # database): the edits below are the English ones, zh_CN is set apart.
    env = env(context=dict(env.context, lang="en_US"))
    ref = env.ref
    # Both languages in use: with English inactive (a database made for
    # China), Odoo would write a Chinese edit over the English value too.
    env["res.lang"]._activate_lang("en_US")
    env["res.lang"]._activate_lang("zh_CN")
    env["ir.module.module"].search([("name", "in", SUITE)])._update_translations("zh_CN")

    ref("aftersales_service.sla_policy_standard").onsite_hours = 36
    stage = ref("aftersales_service.stage_in_progress")
    stage.name = "On Site (our wording)"
    stage.with_context(lang="zh_CN").name = "上门服务中（本公司用语）"
    ref("aftersales_service.mail_template_request_received").subject = "Our own subject {{ object.name }}"
    ref("aftersales_service.ir_cron_generate_callbacks").write({"interval_number": 2, "active": False})
    ref("aftersales_service.seq_aftersales_request").padding = 6
    ref("aftersales_warranty.policy_colour_tv").warranty_months = 18
    ref("aftersales_warranty.demo_card_tv_exchanged").note = "Checked by the admin before the upgrade"
    ref("base.main_company").aftersales_penalty_amount = 88.0

    county = ref("aftersales_service.county_370102")
    customer = env["res.partner"].create(
        {
            "name": "升级测试客户",
            "phone": "0531-86001234",
            "street": "历下区泉城路1号",
            "city": county.city or "济南市",
            "state_id": county.state_id.id,
        }
    )
    product = env["product.product"].create(
        {
            "name": "升级测试冰箱",
            "type": "consu",
            "is_storable": True,
            "tracking": "serial",
            "list_price": 2999.0,
        }
    )
    lot = env["stock.lot"].create({"name": "LIFECYCLE-SN-0001", "product_id": product.id})
    # The warranty addon's quarantine location, holding the unit (counted in).
    quarantine = ref("base.main_company")._aftersales_quarantine_location(ref("stock.warehouse0"))
    env["stock.quant"].with_context(inventory_mode=True).create(
        {
            "product_id": product.id,
            "location_id": quarantine.id,
            "lot_id": lot.id,
            "inventory_quantity": 1.0,
        }
    ).action_apply_inventory()
    invoice = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": customer.id,
            "invoice_line_ids": [(0, 0, {"product_id": product.id, "quantity": 1.0, "price_unit": 2999.0})],
        }
    )
    invoice.action_post()
    request = env["aftersales.request"].create(
        {
            "partner_id": customer.id,
            "county_id": county.id,
            "product_id": product.id,
            "lot_id": lot.id,
            "fault_description": "不制冷",
        }
    )
    env.flush_all()
    env.cr.commit()
    return {
        "request": [request.id, request.name, request.county_id.id],
        "customer": customer.id,
        "product": product.id,
        "lot": lot.id,
        "invoice": invoice.id,
        "quarantine": quarantine.id,
    }


def start(env):
    """prepare, then what the upgrade test compares."""
    prepared = prepare(env)
    if "not_fresh" in prepared:
        return {"prepared": prepared}
    return {"prepared": prepared, "snapshot": snapshot(env), "watched": watched(env)}


def watched(env):
    """The values of WATCHED (in English), and the zh_CN names of the suite's
    shipped records."""
    env = env(context=dict(env.context, lang="en_US"))
    values = {}
    for xmlid, names in WATCHED:
        record = env.ref(xmlid, raise_if_not_found=False)
        if record is not None:
            values[xmlid] = {name: _plain(record[name]) for name in names}
    zh = env(context={"lang": "zh_CN", "active_test": False})
    en = env(context={"lang": "en_US", "active_test": False})
    names = {}
    for model in TRANSLATED:
        if model in env:
            for record in zh[model].search([]):
                names[f"{model}/{record.id}"] = [en[model].browse(record.id).name, record.name]
    menu_ids = [
        res_id
        for (res_id,) in _rows(
            env,
            """
        SELECT res_id FROM ir_model_data WHERE model = 'ir.ui.menu' AND module IN %s""",
            [SUITE],
        )
    ]
    for menu in zh["ir.ui.menu"].browse(menu_ids):
        names[f"ir.ui.menu/{menu.id}"] = [en["ir.ui.menu"].browse(menu.id).name, menu.name]
    values["zh_CN"] = names
    return values


def _own_xmlid_records(env, model, modules):
    """Ids of the `model` records with an external id of `modules` and of no
    other module (those are the only ones Odoo removes with `modules`)."""
    return [
        res_id
        for (res_id,) in _rows(
            env,
            """
        SELECT d.res_id FROM ir_model_data d
         WHERE d.model = %s AND d.module IN %s
           AND NOT EXISTS (SELECT 1 FROM ir_model_data o
                            WHERE o.model = d.model AND o.res_id = d.res_id
                              AND o.module NOT IN %s)""",
            [model, modules, modules],
        )
    ]


def _owned_models(env, modules):
    """Models that exist only because of `modules` (no other module declares them)."""
    return [
        model
        for (model,) in _rows(
            env,
            """
        SELECT m.model FROM ir_model m
         WHERE EXISTS (SELECT 1 FROM ir_model_data d
                        WHERE d.model = 'ir.model' AND d.res_id = m.id AND d.module IN %s)
           AND NOT EXISTS (SELECT 1 FROM ir_model_data d
                            WHERE d.model = 'ir.model' AND d.res_id = m.id AND d.module NOT IN %s)
         ORDER BY 1""",
            [tuple(modules), tuple(modules)],
        )
    ]


def owned(env, modules):
    """What uninstalling `modules` must remove: their models and tables, the
    columns their fields added to other tables, and their configuration
    records (by external id, or because they belong to one of their models)."""
    modules = tuple(modules)
    models = _owned_models(env, modules)
    tables = sorted(
        {env[m]._table for m in models if m in env and env[m]._auto and not env[m]._abstract}
        | {
            name
            for (name,) in _rows(
                env,
                """
                        SELECT r.name FROM ir_model_relation r JOIN ir_module_module mm
                          ON mm.id = r.module WHERE mm.name IN %s""",
                [modules],
            )
        }
    )
    columns = []
    field_ids = _own_xmlid_records(env, "ir.model.fields", modules)
    for model, name in _rows(
        env,
        """
            SELECT model, name FROM ir_model_fields
             WHERE id = ANY(%s) AND store AND ttype NOT IN ('one2many', 'many2many')
               AND model NOT IN %s""",
        [field_ids, tuple(models) or ("",)],
    ):
        if model in env and env[model]._auto and not env[model]._abstract:
            columns.append(f"{env[model]._table}.{name}")
    config = {}
    for model, link, archivable in OWNED_CONFIG:
        Model = env[model].with_context(active_test=False) if archivable else env[model]
        ids = set(_own_xmlid_records(env, model, modules))
        if model == "ir.attachment" and models:
            # the ORM hides the attachments of binary fields: read the table
            ids |= {
                att_id
                for (att_id,) in _rows(
                    env,
                    """
                SELECT id FROM ir_attachment WHERE res_model IN %s""",
                    [tuple(models)],
                )
            }
        elif link and models:
            ids |= set(Model.sudo().search([(link, "in", models)]).ids)
        config[model] = sorted(ids)
    sequences = env["ir.sequence"].browse(config["ir.sequence"])
    return {
        "models": models,
        "tables": tables,
        "columns": sorted(columns),
        "config": config,
        "sequence_codes": sorted(set(sequences.exists().mapped("code"))),
        "pg_sequences": [
            f"ir_sequence_{seq.id:03d}" for seq in sequences.exists() if seq.implementation == "standard"
        ],
    }


def left(env, was):
    """What is still there of a result of `owned` taken earlier."""
    exist = {
        "models": sorted(set(was["models"]) & set(env["ir.model"].search([]).mapped("model"))),
        "tables": [
            name
            for (name,) in _rows(
                env,
                """
            SELECT tablename FROM pg_tables WHERE tablename = ANY(%s)
            UNION SELECT viewname FROM pg_views WHERE viewname = ANY(%s)""",
                [was["tables"], was["tables"]],
            )
        ],
        "columns": [
            f"{t}.{c}"
            for t, c in _rows(
                env,
                """
            SELECT table_name, column_name FROM information_schema.columns
             WHERE table_name || '.' || column_name = ANY(%s)""",
                [was["columns"]],
            )
        ],
        "pg_sequences": [
            name
            for (name,) in _rows(
                env,
                """
            SELECT sequencename FROM pg_sequences WHERE sequencename = ANY(%s)""",
                [was["pg_sequences"]],
            )
        ],
        "sequence_codes": sorted(
            set(
                env["ir.sequence"]
                .with_context(active_test=False)
                .search([("code", "in", was["sequence_codes"])])
                .mapped("code")
            )
        ),
        "config": {},
    }
    for model, _link, _archivable in OWNED_CONFIG:
        ids = env[model].browse(was["config"][model]).exists().ids
        if ids:
            exist["config"][model] = ids
    return exist


def snapshot(env, modules=()):
    """The database as the tests compare it."""
    env = env(context={"active_test": False})
    suite_models = sorted(
        name
        for name in env.registry
        if name.startswith("aftersales.")
        and env[name]._auto
        and not env[name]._abstract
        and not env[name]._transient
    )
    data = {
        "modules": dict(_rows(env, "SELECT name, state FROM ir_module_module WHERE name IN %s", [SUITE])),
        "suite_ids": {name: env[name].search([], order="id").ids for name in suite_models},
        "core_ids": {name: env[name].search([], order="id").ids for name in CORE_MODELS},
        "xmlids": {
            f"{module}/{model}": count
            for module, model, count in _rows(
                env,
                """
            SELECT module, model, count(*) FROM ir_model_data WHERE module IN %s
             GROUP BY 1, 2""",
                [SUITE],
            )
        },
        "xmlid_rows": [
            list(row)
            for row in _rows(
                env,
                """
            SELECT module, name, model, res_id FROM ir_model_data WHERE module IN %s
             ORDER BY 1, 2""",
                [SUITE],
            )
        ],
        "security": sorted(
            f"{module}.{name}:{active}"
            for module, name, active in _rows(
                env,
                """
                SELECT d.module, d.name, r.active FROM ir_model_data d
                  JOIN ir_rule r ON d.model = 'ir.rule' AND r.id = d.res_id
                 WHERE d.module IN %s
                UNION ALL
                SELECT d.module, d.name, a.active FROM ir_model_data d
                  JOIN ir_model_access a ON d.model = 'ir.model.access' AND a.id = d.res_id
                 WHERE d.module IN %s""",
                [SUITE, SUITE],
            )
        ),
        "quants": {
            f"{loc}/{prod}/{lot}/{owner}": qty
            for loc, prod, lot, owner, qty in _rows(
                env,
                """
                SELECT location_id, product_id, lot_id, owner_id, sum(quantity)
                  FROM stock_quant GROUP BY 1, 2, 3, 4""",
            )
        },
        "locations": {
            str(loc.id): [loc.active, loc.usage, loc.location_id.id]
            for loc in env["stock.location"].search([])
        },
        "config_parameters": env["ir.config_parameter"]
        .sudo()
        .search([("key", "=like", "aftersales%")])
        .mapped("key"),
        "suite_tables": [
            name
            for (name,) in _rows(
                env,
                """
            SELECT tablename FROM pg_tables WHERE tablename LIKE 'aftersales%%'
            UNION SELECT viewname FROM pg_views WHERE viewname LIKE 'aftersales%%'""",
            )
        ],
        "suite_columns": [
            f"{t}.{c}"
            for t, c in _rows(
                env,
                """
            SELECT table_name, column_name FROM information_schema.columns
             WHERE table_schema = 'public' AND column_name LIKE 'aftersales%%'
               AND table_name NOT LIKE 'aftersales%%'""",
            )
        ],
        "suite_indexes": [
            name
            for (name,) in _rows(
                env,
                """
            SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%aftersales%%'""",
            )
        ],
        "suite_sequences": env["ir.sequence"].search([("code", "=like", "aftersales%")]).mapped("code"),
        "suite_views": env["ir.ui.view"]
        .search(["|", ("key", "=like", "aftersales%"), ("model", "=like", "aftersales.%")])
        .ids,
        "suite_fields": env["ir.model.fields"]
        .search(
            [
                "|",
                "|",
                ("model", "=like", "aftersales.%"),
                ("relation", "=like", "aftersales.%"),
                ("name", "=like", "aftersales%"),
            ]
        )
        .ids,
        "langs": env["res.lang"].search([("active", "=", True)]).mapped("code"),
    }
    if "stock.warehouse" in env and "aftersales_old_parts_location_id" in env["stock.warehouse"]:
        depots = env["stock.warehouse"].search([("aftersales_is_depot", "=", True)])
        vans = env["hr.employee"].search([("aftersales_van_location_id", "!=", False)])
        data["runtime_locations"] = sorted(
            set(
                (
                    depots.aftersales_old_parts_location_id
                    | depots.aftersales_field_location_id
                    | vans.aftersales_van_location_id
                ).ids
            )
        )
    if "aftersales_quarantine_location_id" in env["res.company"]:
        data["quarantine"] = env["res.company"].search([]).aftersales_quarantine_location_id.ids
    if modules:
        data["owned"] = owned(env, modules)
    return data


def uninstall(env, module):
    """Uninstall `module` (and what depends on it) as the Apps menu does."""
    env["ir.module.module"].search([("name", "=", module)]).button_immediate_uninstall()
    env.cr.commit()
    return {"done": module}
