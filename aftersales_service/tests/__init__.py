from . import test_county
from . import test_crm
from . import test_request_intake
from . import test_request_sla
from . import test_request_workflow
from . import test_booking
from . import test_security
from . import test_tour
