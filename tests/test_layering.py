"""The layering of STYLE.md, enforced twice: import-linter contracts over every import in the
source (pyproject.toml), and, at run time, that importing a headless module loads no Textual."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

from support import imported_by

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def test_the_import_contracts_hold(capsys: pytest.CaptureFixture[str]) -> None:
    """`lint-imports`: core < decks, convert, storage < services < tui < commands, cli."""
    code = lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True)
    assert code == 0, capsys.readouterr().out


def test_a_broken_contract_is_reported(tmp_path: Path) -> None:
    """The contracts see real imports: a rule every screen breaks is reported as broken."""
    config = tmp_path / ".importlinter"
    config.write_text(
        "[importlinter]\nroot_package = cyberquiz\ninclude_external_packages = True\n\n"
        "[importlinter:contract:screens-without-textual]\nname = screens without Textual\n"
        "type = forbidden\nsource_modules = cyberquiz.tui.screens.home\n"
        "forbidden_modules = textual\n"
    )
    assert lint_imports(config_filename=str(config), no_cache=True, no_logo=True) != 0


def test_the_import_check_sees_what_an_import_pulls_in() -> None:
    assert imported_by(["cyberquiz.storage.repository"], ["sqlalchemy", "textual"]) == [
        "sqlalchemy"
    ]
    with pytest.raises(AssertionError, match="loaded before the import"):  # by the forking Python
        imported_by(["cyberquiz"], ["json"])


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        ("cyberquiz", ["textual", "sqlalchemy", "sqlmodel", "yaml"]),
        ("cyberquiz.cli", ["textual", "sqlalchemy", "sqlmodel"]),
        ("cyberquiz.core.cards", ["textual", "sqlalchemy", "sqlmodel", "yaml"]),
        ("cyberquiz.core.grading", ["textual", "sqlalchemy", "sqlmodel", "yaml"]),
        ("cyberquiz.core.exam", ["textual", "sqlalchemy", "sqlmodel", "yaml"]),
        ("cyberquiz.core.exam_report", ["textual", "sqlalchemy", "sqlmodel", "yaml"]),
        ("cyberquiz.core.practice", ["textual", "sqlalchemy", "sqlmodel", "yaml"]),
        ("cyberquiz.core.readiness", ["textual", "sqlalchemy", "sqlmodel", "yaml"]),
        ("cyberquiz.decks.loader", ["textual", "sqlalchemy", "sqlmodel"]),
        ("cyberquiz.storage.repository", ["textual"]),
        ("cyberquiz.storage.exams", ["textual"]),
        ("cyberquiz.storage.stats", ["textual"]),
        ("cyberquiz.convert.gift", ["textual", "sqlalchemy", "sqlmodel"]),
        ("cyberquiz.convert.classreport", ["textual", "sqlalchemy", "sqlmodel"]),
        ("cyberquiz.commands.exam", ["textual", "sqlalchemy", "sqlmodel"]),
        ("cyberquiz.tui.screens.exam_resume", ["textual.widgets._data_table"]),
    ],
)
def test_import_does_not_pull_in(module: str, forbidden: list[str]) -> None:
    found = imported_by([module], forbidden)
    assert found == [], f"importing {module} imported {found}"


SRC = Path(__file__).resolve().parents[1] / "src" / "cyberquiz"


def _imports_ours(node: ast.AST) -> bool:
    if isinstance(node, ast.ImportFrom):
        return (node.module or "").startswith("cyberquiz")
    if isinstance(node, ast.Import):
        return any(alias.name.startswith("cyberquiz") for alias in node.names)
    return isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module"


def _guarded_own_imports(tree: ast.AST) -> list[int]:
    """Lines of ``try:`` blocks that import a cyberquiz module and catch an ImportError."""
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Try):
            continue
        caught = {
            name.id
            for handler in node.handlers
            if handler.type is not None
            for name in ast.walk(handler.type)
            if isinstance(name, ast.Name)
        }
        if not caught & {"ImportError", "ModuleNotFoundError"}:
            continue
        if any(_imports_ours(inner) for stmt in node.body for inner in ast.walk(stmt)):
            lines.append(node.lineno)
    return lines


def test_no_module_of_ours_is_imported_behind_an_import_error_guard() -> None:
    """Our own modules are always there: a guard around one hid a broken import as a notice."""
    found = [
        f"{path.relative_to(SRC)}:{line}"
        for path in sorted(SRC.rglob("*.py"))
        for line in _guarded_own_imports(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert found == []


def test_the_guard_check_sees_a_guard() -> None:
    guarded = "try:\n    from cyberquiz.tui import x\nexcept ImportError:\n    x = None\n"
    by_name = "try:\n    m = importlib.import_module(n)\nexcept ModuleNotFoundError:\n    pass\n"
    third_party = "try:\n    from yaml import CSafeLoader\nexcept ImportError:\n    pass\n"
    assert _guarded_own_imports(ast.parse(guarded)) == [1]
    assert _guarded_own_imports(ast.parse(by_name)) == [1]
    assert _guarded_own_imports(ast.parse(third_party)) == []
