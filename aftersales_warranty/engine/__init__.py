"""Plain-Python rule engines of the three-guarantee (三包) addon (no Odoo import)."""
