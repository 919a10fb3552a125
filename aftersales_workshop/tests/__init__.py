from . import test_workshop_workflow
from . import test_workshop_i18n_catalog
from . import test_workshop_reception
from . import test_workshop_qc
from . import test_workshop_promise
