from . import aftersales_warranty_remedy_wizard
