from . import test_workshop_workflow
from . import test_workshop_i18n_catalog
