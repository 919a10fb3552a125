from . import test_workshop_workflow
from . import test_workshop_i18n_catalog
from . import test_workshop_estimate
from . import test_workshop_consent
from . import test_workshop_consent_concurrency
from . import test_workshop_settlement
