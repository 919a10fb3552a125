from . import test_request_intake
from . import test_request_workflow
from . import test_request_sla
