"""Every format keeps one table from kind to its mapping; none may forget a kind.

Adding a kind to :class:`~cyberquiz.core.cards.Kind` makes these tests fail, one per table that
has no entry for it (or no explicit ``Unsupported``), naming the format and the kind.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from cyberquiz.convert.apkg import APKG
from cyberquiz.convert.csvdeck import CSV
from cyberquiz.convert.deckdict import DECK_DICT
from cyberquiz.convert.giftout import GIFT_EXPORT
from cyberquiz.convert.sheet import SHEET
from cyberquiz.core.cards import Kind
from cyberquiz.core.kinds import KINDS
from cyberquiz.decks.checks import BUILDERS
from cyberquiz.decks.models import MODEL_BY_KIND
from cyberquiz.tui.widgets.answers import ANSWER_WIDGETS
from cyberquiz.tui.widgets.cardview import KIND_NAMES

TABLES: dict[str, Mapping[Kind, object]] = {
    "core kind registry (core/kinds)": KINDS,
    "GIFT export (convert/giftout.GIFT_EXPORT)": GIFT_EXPORT,
    "CSV import and export (convert/csvdeck.CSV)": CSV,
    "Anki apkg export (convert/apkg.APKG)": APKG,
    "printable sheet (convert/sheet.SHEET)": SHEET,
    "deck dict / YAML out (convert/deckdict.DECK_DICT)": DECK_DICT,
    "deck models (decks/models.MODEL_BY_KIND)": MODEL_BY_KIND,
    "deck card builders (decks/checks.BUILDERS)": BUILDERS,
    "answer widgets (tui/widgets/answers.ANSWER_WIDGETS)": ANSWER_WIDGETS,
    "card header labels (tui/widgets/cardview.KIND_NAMES)": KIND_NAMES,
}


@pytest.mark.parametrize("table_name", list(TABLES))
def test_every_kind_has_an_entry(table_name: str) -> None:
    table = TABLES[table_name]
    missing = [str(kind) for kind in Kind if kind not in table]
    assert not missing, (
        f"{table_name} has no entry for kind {', '.join(missing)}: add how the format maps it, "
        "or Unsupported('why not') where the format cannot represent it"
    )


@pytest.mark.parametrize("table_name", list(TABLES))
def test_no_entry_for_an_unknown_kind(table_name: str) -> None:
    extra = [key for key in TABLES[table_name] if key not in set(Kind)]
    assert not extra, f"{table_name} has entries for unknown kinds: {extra}"
