"""The converters are headless and the commands module is cheap to import."""

from __future__ import annotations

import pytest

from support import imported_by


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        ("cyberquiz.convert.gift", ["textual", "yaml", "sqlalchemy", "genanki", "rich"]),
        ("cyberquiz.convert.giftout", ["textual", "yaml", "sqlalchemy", "genanki", "rich"]),
        ("cyberquiz.convert.csvdeck", ["textual", "yaml", "sqlalchemy", "genanki"]),
        ("cyberquiz.convert.apkg", ["textual", "genanki"]),
        ("cyberquiz.convert.sheet", ["textual", "yaml"]),
        ("cyberquiz.convert.classreport", ["textual", "rich", "yaml"]),
        ("cyberquiz.convert.yamlout", ["textual", "yaml"]),
        ("cyberquiz.commands.instructor", ["textual", "yaml", "genanki", "rich", "sqlalchemy"]),
    ],
)
def test_import_pulls_in_nothing_heavy(module: str, forbidden: list[str]) -> None:
    assert imported_by([module], forbidden) == []
