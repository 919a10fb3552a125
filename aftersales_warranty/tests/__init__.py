from . import test_engine_entitlement
