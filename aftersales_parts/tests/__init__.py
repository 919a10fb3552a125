from . import test_engine_parts
from . import test_parts_flow
from . import test_parts_invoice
from . import test_parts_transfer
from . import test_parts_reconciliation
from . import test_parts_concurrency
from . import test_parts_technician_tour
from . import test_parts_i18n_catalog
