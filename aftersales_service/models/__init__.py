# res.company first: other models' defaults read its after-sales settings;
# the workflow mixin before any model that inherits it (or imports one that does).
from . import res_company
from . import aftersales_workflow_mixin
from . import res_config_settings
from . import aftersales_county
from . import aftersales_stage
from . import aftersales_team
from . import aftersales_sla_policy
from . import aftersales_request
from . import aftersales_request_intake
from . import aftersales_request_sla
from . import aftersales_request_booking
from . import aftersales_request_portal
from . import aftersales_discount_slip
from . import aftersales_discount_slip_line
from . import resource_calendar
from . import res_partner
from . import hr_employee
from . import hr_employee_public
from . import crm_lead
from . import aftersales_complaint_class
from . import aftersales_complaint
from . import aftersales_penalty
from . import aftersales_callback
from . import aftersales_callback_generator
from . import aftersales_request_care
from . import ir_sequence
