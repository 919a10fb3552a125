"""Odoo's own runner and pytest-odoo collect the same tests of each addon.

Odoo's runner (`odoo-bin -i ADDON --test-enable`) runs the test modules that
the addon's `tests/__init__.py` imports, and in them only unittest classes
(`odoo.tests.BaseCase` and its subclasses). pytest-odoo runs every
`test_*.py` of the folder, plain functions included. So, in each addon:
every `test_*.py` is imported by `tests/__init__.py`, and holds no test
function outside a class and no pytest-only construct (fixtures,
`parametrize`), which Odoo's runner would not run.

scripts/test.sh then compares the tests each runner ran, by name."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ADDONS = sorted(path.parent for path in ROOT.glob("aftersales_*/__manifest__.py"))


def _test_modules(addon):
    return sorted(path.stem for path in (addon / "tests").glob("test_*.py"))


def _imported(addon):
    tree = ast.parse((addon / "tests" / "__init__.py").read_text(encoding="utf-8"))
    return {
        alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.level == 1 and not node.module
        for alias in node.names
    }


def test_the_suite_has_four_addons_with_tests():
    assert [addon.name for addon in ADDONS] == [
        "aftersales_parts",
        "aftersales_service",
        "aftersales_warranty",
        "aftersales_workshop",
    ]
    assert all(_test_modules(addon) for addon in ADDONS)


def test_every_test_module_is_imported_by_its_package():
    missing = {addon.name: sorted(set(_test_modules(addon)) - _imported(addon)) for addon in ADDONS}
    assert not any(missing.values()), f"test modules Odoo's runner would not run: {missing}"


def test_every_import_of_a_package_is_a_test_module_of_its_folder():
    """A module imported but not named test_* is not collected by Odoo's
    runner either (it only looks at the package's test_* members)."""
    odd = {addon.name: sorted(_imported(addon) - set(_test_modules(addon))) for addon in ADDONS}
    assert not any(odd.values()), odd


def test_no_test_outside_a_class_and_no_pytest_in_addon_tests():
    found = []
    for addon in ADDONS:
        for path in sorted((addon / "tests").glob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            name = path.relative_to(ROOT)
            for node in tree.body:
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
                    found.append(f"{name}: function {node.name} (Odoo's runner skips it)")
            for node in ast.walk(tree):
                if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "pytest" for a in node.names):
                    found.append(f"{name}: imports pytest")
                if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "pytest":
                    found.append(f"{name}: imports from pytest")
    assert not found, "\n".join(found)
