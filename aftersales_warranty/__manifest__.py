{
    "name": "After-Sales Three-Guarantee Warranty (三包)",
    "summary": "Three-guarantee policies, warranty cards per serial, repair log, refund / "
    "exchange / free repair entitlement with depreciation, on real stock and accounting",
    "version": "19.0.1.0.0",
    "category": "Services/After-Sales",
    "author": "aftersales contributors",
    "website": "https://github.com/aftersales-suite/aftersales",
    "license": "LGPL-3",
    "depends": ["aftersales_parts"],
    "data": [
        "security/ir.model.access.csv",
        "security/aftersales_warranty_rules.xml",
        "data/ir_sequence_data.xml",
        "data/product_data.xml",
        "data/aftersales_warranty_policy_data.xml",
        "report/aftersales_warranty_card_report.xml",
        "wizards/aftersales_warranty_remedy_wizard_views.xml",
        "views/aftersales_warranty_policy_views.xml",
        "views/aftersales_warranty_card_views.xml",
        "views/aftersales_warranty_repair_views.xml",
        "views/aftersales_request_views.xml",
        "views/aftersales_warranty_menus.xml",
    ],
    "demo": [
        "demo/aftersales_warranty_demo.xml",
    ],
    "images": ["static/description/icon.png"],
}
