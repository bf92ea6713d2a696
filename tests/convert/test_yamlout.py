"""The YAML deck writer: its output is a valid deck that loads back to the same cards."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import yaml
from instructor_helpers import DECK, all_cards

from cyberquiz.convert.yamlout import SCHEMA_COMMENT, cards_to_yaml, deck_to_yaml
from cyberquiz.core.cards import Deck, FlipCard, TypedCard
from cyberquiz.decks.loader import load_deck_bytes


def _load(tmp_path: Path, text: str) -> Deck:
    path = tmp_path / "out.yaml"
    path.write_text(text, encoding="utf-8")
    load = load_deck_bytes(path, text.encode("utf-8"))
    assert [str(p) for p in load.problems] == []
    assert load.deck is not None
    return load.deck


def _plain(deck: Deck) -> list:
    return [dataclasses.replace(c, origin=None) for c in deck.cards]


def test_every_kind_loads_back_unchanged(tmp_path: Path) -> None:
    cards = all_cards()
    text = cards_to_yaml(cards, deck_id=DECK, title="Demo")
    assert text.splitlines()[0] == SCHEMA_COMMENT
    deck = _load(tmp_path, text)
    assert (deck.id, deck.title) == (DECK, "Demo")
    assert _plain(deck) == cards


def test_awkward_text_survives(tmp_path: Path) -> None:
    awkward = [
        "yes",
        "2001",
        "- a dash",
        "key: value # not a comment",
        "[/] [bold]markup[/bold]",
        "'quoted' \"double\"",
        "two\nlines",
        "trailing space ",
        "*star",
        "null",
    ]
    cards = [
        TypedCard(id=f"t{i}", deck_id=DECK, prompt=text, answer=text, explain=text)
        for i, text in enumerate(awkward)
    ]
    assert _plain(_load(tmp_path, cards_to_yaml(cards, deck_id=DECK, title="X"))) == cards


def test_deck_tags_are_written_once_and_merged_back(tmp_path: Path) -> None:
    card = FlipCard(id="f", deck_id=DECK, front="F", back="B", tags=("dates", "un", "extra"))
    deck = Deck(id=DECK, title="T", cards=(card,), tags=("dates", "un"), description="D")
    text = deck_to_yaml(deck)
    data = yaml.safe_load(text)
    assert data["tags"] == ["dates", "un"]
    assert data["cards"][0]["tags"] == ["extra"]
    assert data["description"] == "D"
    assert _plain(_load(tmp_path, text)) == [card]


def test_layout_is_readable() -> None:
    text = cards_to_yaml(all_cards()[:2], deck_id=DECK, title="Demo")
    assert "  options: [Europol, Eurojust = prosecutors, 'ENISA #1']\n" in text
    assert "\n\n- id: multi-1\n" in text
    assert text.startswith(SCHEMA_COMMENT + "\nformat: 1\nid: demo\ntitle: Demo\ncards:\n")


def test_schema_reference_is_relative_inside_a_checkout(tmp_path: Path) -> None:
    from cyberquiz.convert.yamlout import SCHEMA_URL, schema_reference

    (tmp_path / "docs").mkdir()
    (tmp_path / "questions" / "sub").mkdir(parents=True)
    assert schema_reference(tmp_path / "questions" / "x.yaml") == SCHEMA_URL
    (tmp_path / "docs" / "deck.schema.json").write_text("{}", "utf-8")
    assert schema_reference(tmp_path / "questions" / "x.yaml") == "../docs/deck.schema.json"
    assert schema_reference(tmp_path / "questions" / "sub" / "x.yaml") == (
        "../../docs/deck.schema.json"
    )
    assert schema_reference(tmp_path / "x.yaml") == "docs/deck.schema.json"


def test_options_with_credit_load_back_unchanged(tmp_path: Path) -> None:
    fixture = Path(__file__).parents[1] / "decks" / "fixtures" / "valid" / "credits.yaml"
    cards = list(load_deck_bytes(fixture, fixture.read_bytes()).require().cards)
    text = cards_to_yaml(cards, deck_id=DECK, title="Credits")
    assert "  - {text: Committee of Ministers of the Council of Europe, credit: 0.5}\n" in text
    assert "  - Council of Europe\n" in text, "a choice card's answer has credit 1 unsaid"
    assert _plain(_load(tmp_path, text)) == [
        dataclasses.replace(c, deck_id=DECK, origin=None) for c in cards
    ]
