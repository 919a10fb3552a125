from . import aftersales_workshop
from . import aftersales_workshop_job
from . import aftersales_request
