"""The exam's headless modules import no Textual; the commands import neither Textual nor SQL."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        ("cyberquiz.core.exam", ["textual", "sqlalchemy", "sqlmodel", "yaml"]),
        ("cyberquiz.core.exam_report", ["textual", "sqlalchemy", "sqlmodel", "yaml"]),
        ("cyberquiz.core.practice", ["textual", "sqlalchemy", "sqlmodel", "yaml"]),
        ("cyberquiz.storage.exams", ["textual"]),
        ("cyberquiz.commands.exam", ["textual", "sqlalchemy", "sqlmodel"]),
        ("cyberquiz.tui.screens.exam_resume", ["textual.widgets._data_table"]),
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
