{
    "name": "After-Sales Three-Guarantee Warranty (三包)",
    "summary": "Three-guarantee policies, warranty cards, refund / exchange / free "
    "repair entitlement and manufacturer claims (groundwork)",
    "version": "19.0.0.1.0",
    "category": "Services/After-Sales",
    "author": "aftersales contributors",
    "website": "https://github.com/aftersales-suite/aftersales",
    "license": "LGPL-3",
    "depends": ["aftersales_parts"],
    "images": ["static/description/icon.png"],
}
