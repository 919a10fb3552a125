{
    "name": "After-Sales Workshop Repairs",
    "summary": "Carry-in repairs at a service centre or 4S shop: reception, estimate as an Odoo "
    "quotation, signed consent, added items, quality check, handover and settlement",
    "version": "19.0.1.0.0",
    "category": "Services/After-Sales",
    "author": "aftersales contributors",
    "website": "https://github.com/aftersales-suite/aftersales",
    "license": "LGPL-3",
    # sale: the estimate is a real quotation (portal signature, online acceptance,
    # PDF, payment, invoice). sale_stock (installed by itself with sale and
    # stock): its delivery of the quotation's lines is switched off, the parts
    # move once through the request's part lines. aftersales_warranty: the
    # unit's 三包 evaluation decides which lines are free to the customer and
    # claimed from the maker.
    "depends": ["aftersales_warranty", "sale", "sale_stock"],
    "data": [
        "security/aftersales_workshop_security.xml",
        "security/ir.model.access.csv",
        "security/aftersales_workshop_rules.xml",
        "data/ir_sequence_data.xml",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "data/aftersales_workshop_qc_template_data.xml",
        "report/aftersales_workshop_reception_report.xml",
        "wizards/aftersales_workshop_promise_wizard_views.xml",
        "views/aftersales_workshop_views.xml",
        "views/aftersales_workshop_job_views.xml",
        "views/aftersales_workshop_job_reception_views.xml",
        "views/aftersales_workshop_qc_views.xml",
        "views/res_config_settings_views.xml",
        "views/aftersales_request_views.xml",
        "views/aftersales_workshop_job_estimate_views.xml",
        "views/aftersales_workshop_wizard_views.xml",
        "views/sale_order_views.xml",
        "report/aftersales_workshop_settlement.xml",
        "views/aftersales_workshop_menus.xml",
        "views/aftersales_workshop_quality_menus.xml",
        "views/aftersales_workshop_dashboard_views.xml",
        "views/aftersales_request_report_views.xml",
    ],
    "demo": [
        "demo/aftersales_workshop_qc_demo.xml",
        "demo/aftersales_workshop_demo.xml",
    ],
    "uninstall_hook": "uninstall_hook",
    "assets": {
        "web.assets_tests": [
            "aftersales_workshop/static/src/tours/*.js",
        ],
    },
    "images": ["static/description/icon.png"],
}
