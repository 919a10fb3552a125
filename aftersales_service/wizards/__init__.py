from . import aftersales_request_reason_wizard
