# res.company first: other models' defaults read its after-sales settings.
from . import res_company
from . import res_config_settings
from . import aftersales_county
from . import aftersales_stage
from . import aftersales_team
from . import aftersales_sla_policy
from . import aftersales_request
from . import aftersales_request_sla
from . import aftersales_request_booking
from . import resource_calendar
from . import res_partner
from . import hr_employee
from . import hr_employee_public
from . import crm_lead
