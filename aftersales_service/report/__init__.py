from . import aftersales_request_report
from . import aftersales_monthly_summary_report
from . import aftersales_callback_report
from . import aftersales_complaint_report
