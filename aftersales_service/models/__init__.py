from . import (
    aftersales_county,
    aftersales_request,
    aftersales_sla_policy,
    aftersales_stage,
    aftersales_team,
    crm_lead,
    hr_employee,
    hr_employee_public,
    res_company,
    res_config_settings,
    res_partner,
    resource_calendar,
)
