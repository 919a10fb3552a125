from . import aftersales_request_reason_wizard
from . import aftersales_dispatch_wizard
from . import aftersales_dispatch_wizard_line
from . import aftersales_monthly_summary_wizard
from . import aftersales_correction_wizard
