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
    # PDF, payment, invoice). aftersales_warranty: the unit's 三包 evaluation
    # decides which lines are free to the customer and claimed from the maker.
    "depends": ["aftersales_warranty", "sale"],
    "data": [
        "security/aftersales_workshop_security.xml",
        "security/ir.model.access.csv",
        "security/aftersales_workshop_rules.xml",
        "data/ir_sequence_data.xml",
        "views/aftersales_workshop_views.xml",
        "views/aftersales_workshop_job_views.xml",
        "views/aftersales_request_views.xml",
        "views/aftersales_workshop_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "aftersales_workshop/static/src/tours/*.js",
        ],
    },
    "images": ["static/description/icon.png"],
}
