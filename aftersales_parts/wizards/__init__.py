from . import aftersales_parts_shortage_wizard
from . import aftersales_replenishment_wizard
