"""Our ``.apkg`` exports imported by Anki itself (its Python backend) and read back (issue 15)."""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import genanki
import pytest
from instructor_helpers import DECK, all_cards, cloze, demo_deck

from cyberquiz.convert.apkg import write_apkg
from cyberquiz.core.cards import Card, ChoiceCard, Deck, MultiCard

anki_collection = pytest.importorskip("anki.collection")
from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition  # noqa: E402

ALWAYS = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[Any]:
    col = anki_collection.Collection(str(tmp_path / "collection.anki2"))
    yield col
    col.close()


def _import(col: Any, cards: list[Card], path: Path, timestamp: float = 1.8e9) -> Any:
    """Import ``cards`` as Anki's File > Import would (updating existing notes); its log."""
    deck = Deck(id=DECK, title="Demo deck", cards=tuple(cards))
    write_apkg([deck], path, timestamp=timestamp)
    options = anki_collection.ImportAnkiPackageOptions(update_notes=ALWAYS, update_notetypes=ALWAYS)
    request = anki_collection.ImportAnkiPackageRequest(package_path=str(path), options=options)
    return col.import_anki_package(request).log


def _notes(col: Any) -> dict[str, Any]:
    return {col.get_note(nid)["CardId"]: col.get_note(nid) for nid in col.find_notes("")}


def test_anki_imports_every_card_once_with_stable_guids(collection: Any, tmp_path: Path) -> None:
    cards = list(demo_deck().cards)
    log = _import(collection, cards, tmp_path / "a.apkg")
    assert len(log.new) == len(cards) and not log.conflicting
    notes = _notes(collection)
    assert sorted(notes) == sorted(c.id for c in cards)
    assert all(notes[c.id].guid == genanki.guid_for(c.id) for c in cards)
    assert collection.card_count() == len(cards)  # one Anki card per card, cloze included
    again = _import(collection, cards, tmp_path / "b.apkg", timestamp=1.8e9 + 60)
    assert not again.new and not again.conflicting and len(again.updated) == len(cards)
    assert collection.note_count() == len(cards)


def test_a_card_that_changes_kind_updates_its_note(collection: Any, tmp_path: Path) -> None:
    choice = ChoiceCard(id="x", deck_id=DECK, prompt="Opened where?", options=("a", "b"), answer=0)
    _import(collection, [choice], tmp_path / "a.apkg")
    later = cloze("x", "Opened in {{Budapest}}.")
    log = _import(collection, [later], tmp_path / "b.apkg", timestamp=1.8e9 + 60)
    assert not log.conflicting and len(log.updated) == 1
    (note,) = _notes(collection).values()
    assert "Budapest" in note["Back"] and "Budapest" not in note["Front"]


def test_right_options_are_not_always_first_in_anki(collection: Any, tmp_path: Path) -> None:
    """Issue 15: in 28 of 29 choice notes the right option was listed first."""
    cards: list[Card] = [
        dataclasses.replace(c, id=f"{c.id}-{n}")
        for n in range(10)
        for c in all_cards()
        if isinstance(c, ChoiceCard | MultiCard)
    ]
    _import(collection, cards, tmp_path / "a.apkg")
    notes = _notes(collection)
    first_is_right = 0
    for card in cards:
        shown = re.findall(r"<li>([A-Z])\. (.*?)</li>", notes[card.id]["Front"])
        right = (
            {card.options[card.answer]}
            if isinstance(card, ChoiceCard)
            else {card.options[i] for i in card.answers}
        )
        assert sorted(html.unescape(text) for _, text in shown) == sorted(card.options)
        back_letters = re.findall(r"(?:^|<br>)([A-Z])\. ", notes[card.id]["Back"])
        assert {html.unescape(dict(shown)[letter]) for letter in back_letters} == right
        first_is_right += html.unescape(shown[0][1]) in right
    assert first_is_right < len(cards) * 0.8
