from . import aftersales_workshop_consent_wizard
from . import aftersales_workshop_refusal_wizard
from . import aftersales_workshop_promise_wizard
from . import aftersales_monthly_summary_wizard
