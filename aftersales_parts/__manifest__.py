{
    "name": "After-Sales Spare-Part Depots",
    "summary": "County spare-part depots on Odoo stock: parts issued and returned on "
    "service requests, old parts, emergency transfers (groundwork)",
    "version": "19.0.0.1.0",
    "category": "Services/After-Sales",
    "author": "aftersales contributors",
    "website": "https://github.com/aftersales-suite/aftersales",
    "license": "LGPL-3",
    "depends": ["aftersales_service", "stock_account"],
    "images": ["static/description/icon.png"],
}
