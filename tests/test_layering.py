"""The headless layers never import Textual (the layering rule of STYLE.md)."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        ("cyberquiz", ["textual", "sqlalchemy", "sqlmodel", "yaml"]),
        ("cyberquiz.cli", ["textual", "sqlalchemy", "sqlmodel"]),
        ("cyberquiz.core.cards", ["textual", "sqlalchemy", "sqlmodel", "yaml"]),
        ("cyberquiz.core.grading", ["textual", "sqlalchemy", "sqlmodel", "yaml"]),
        ("cyberquiz.decks.loader", ["textual", "sqlalchemy", "sqlmodel"]),
        ("cyberquiz.core.exam", ["textual", "sqlalchemy", "sqlmodel", "yaml"]),
        ("cyberquiz.core.readiness", ["textual", "sqlalchemy", "sqlmodel", "yaml"]),
        ("cyberquiz.storage.repository", ["textual"]),
        ("cyberquiz.storage.exams", ["textual"]),
        ("cyberquiz.storage.stats", ["textual"]),
        ("cyberquiz.convert.gift", ["textual", "sqlalchemy", "sqlmodel"]),
        ("cyberquiz.convert.classreport", ["textual", "sqlalchemy", "sqlmodel"]),
    ],
)
def test_import_does_not_pull_in(module: str, forbidden: list[str]) -> None:
    code = (
        f"import sys, importlib; importlib.import_module({module!r}); "
        f"print(','.join(m for m in {forbidden!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"importing {module} imported {out}"


def test_core_imports_nothing_outside_core() -> None:
    """core/ uses the standard library, fsrs and rapidfuzz, and no other layer of the app."""
    code = (
        "import sys, pkgutil, importlib, cyberquiz.core as c\n"
        "for m in pkgutil.iter_modules(c.__path__):\n"
        "    importlib.import_module('cyberquiz.core.' + m.name)\n"
        "print(','.join(sorted(n for n in sys.modules\n"
        "    if n.startswith('cyberquiz.') and n.split('.')[1] != 'core')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""
