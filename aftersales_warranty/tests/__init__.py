from . import test_engine_entitlement
from . import test_warranty_card
from . import test_warranty_evaluate_orm
from . import test_warranty_remedy
from . import test_warranty_i18n_catalog
from . import test_warranty_claim
from . import test_warranty_claim_concurrency
from . import test_warranty_portal
