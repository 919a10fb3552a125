"""The documentation check of `make lint` (scripts/check_docs.py): it passes on
this repository and finds every kind of broken link in a small tree made for it."""

import importlib.util
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_checker():
    spec = importlib.util.spec_from_file_location("check_docs", ROOT / "scripts" / "check_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.Checker


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_repository_documentation_is_clean():
    checker = load_checker()(ROOT)
    docs = checker.run()
    names = {doc.relative_to(ROOT).as_posix() for doc in docs}
    assert {"README.md", "docs/DESIGN.md", "docs/CONTRIBUTING.md"} <= names
    assert {"aftersales_service/readme/USAGE.md", "aftersales_warranty/readme/CONFIGURE.md"} <= names
    assert checker.problems == []


def test_every_kind_of_broken_link_is_found(tmp_path):
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    write(repo / ".gitignore", "bench/out/\n")
    write(repo / "bench" / "out" / "figures.md", "local figures\n")
    write(repo / "docs" / "DESIGN.md", "# Design\n\n## Testing the suite\n")
    write(repo / "shot.png", "")
    write(repo / "aftersales_x" / "engine" / "rules.py", "")
    write(repo / "aftersales_x" / "engine" / "unnamed.py", "")
    write(repo / "aftersales_x" / "engine" / "__init__.py", "")
    write(
        repo / "README.md",
        "# Suite\n"
        "[design](docs/DESIGN.md) and [testing](docs/DESIGN.md#testing-the-suite) are fine,\n"
        "![shot](shot.png), [web](https://example.com) and [top](#suite) too.\n"
        "`aftersales_x/engine/rules.py` names an engine.\n"
        "[gone](docs/GONE.md)\n"
        "More detail: `../shared/DESIGN.md`.\n"
        "[abs](/docs/DESIGN.md)\n"
        "[anchor](docs/DESIGN.md#no-such-part) and [here](#nowhere)\n"
        '<img src="missing.png">\n'
        "[figures](bench/out/figures.md)\n"
        "`aftersales_x/engine/old.py` was renamed.\n"
        "```\n[in a code block](not/checked.md) ../not/checked\n```\n"
        "[ref]: ../outside.md\n",
    )
    write(repo / "aftersales_x" / "readme" / "USAGE.md", "See [the design](../../docs/DESIGN.md).\n")
    write(repo / "aftersales_x" / "readme" / "CONFIGURE.md", "See [above](../../../x.md).\n")

    checker = load_checker()(repo)
    checker.run()

    assert sorted(checker.problems) == sorted(
        [
            "README.md:5: 'docs/GONE.md' does not exist",
            "README.md:6: '../shared/DESIGN.md' points outside the repository",
            "README.md:7: '/docs/DESIGN.md': write the link relative to this file",
            "README.md:8: 'docs/DESIGN.md#no-such-part': no such heading in DESIGN.md",
            "README.md:8: '#nowhere' names no heading of this file",
            "README.md:9: 'missing.png' does not exist",
            "README.md:10: 'bench/out/figures.md' is local (ignored by git): a clone will not have it",
            "README.md:11: 'aftersales_x/engine/old.py' does not exist in the repository",
            "README.md:15: '../outside.md' points outside the repository",
            "aftersales_x/readme/CONFIGURE.md:1: '../../../x.md' points outside the repository",
            "README.md: the layout does not name the engine aftersales_x/engine/unnamed.py",
        ]
    )
