"""The glossary: loading with located problems, entity references in decks, the schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cyberquiz.core.cards import ClozeCard, TypedCard
from cyberquiz.decks.glossary import glossary_schema, load_glossary_bytes, load_glossary_file
from cyberquiz.decks.loader import deck_digest, load_deck_file, load_paths
from support import REPO_ROOT

GLOSSARY = """\
format: 1
entities:
  - id: oas
    type: body
    name: Organization of American States
    acronyms: [OAS, OEA]
    not: [Organization of African States]
  - id: celac
    type: body
    name: Community of Latin American and Caribbean States
    acronyms: [CELAC]
  - id: eclac
    type: body
    name: Economic Commission for Latin America and the Caribbean
    acronyms: [ECLAC]
  - id: netherlands
    type: place
    name: Netherlands
  - id: the-hague
    type: place
    name: The Hague
    names: [Den Haag]
    part_of: netherlands
  - id: gorelik
    type: person
    name: Ilya Gorelik
    surname: Gorelik
    given: [Ilya]
    patronymic: Borisovich
"""


def deck(cards: str) -> str:
    return f"format: 1\nid: d\ntitle: D\ncards:\n{cards}"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    return tmp_path


def test_the_articles_glossary_loads_clean() -> None:
    loaded = load_glossary_file(REPO_ROOT / "questions" / "glossary.yaml")
    assert [str(p) for p in loaded.problems] == []
    assert len(loaded.glossary) >= 60


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "format: 1\nentities:\n  - id: a\n    type: body\n    name: A\n    part_of: b\n",
            "g.yaml:6:14: error: unknown entity 'b'",
        ),
        (
            "format: 1\nentities:\n  - id: a\n    type: body\n    name: A\n"
            "  - id: a\n    type: body\n    name: B\n",
            "g.yaml:6:9: error: entity id 'a' is used twice",
        ),
        (
            "format: 1\nentities:\n  - id: a\n    type: body\n    name: A\n"
            "  - id: b\n    type: body\n    name: B\n    acronyms: [A]\n",
            "g.yaml:9:16: error: 'A' is already a name of 'a'",
        ),
        (
            "format: 1\nentities:\n  - id: a\n    type: body\n    name: A\n    not: [a]\n",
            "g.yaml:6:11: error: 'a' is a name of 'a' too",
        ),
        (
            "format: 1\nentities:\n  - id: a\n    type: body\n    name: A\n    colour: red\n",
            "g.yaml:6:5: error: unknown field 'colour' (entity 'a')",
        ),
        (
            "format: 1\nentities:\n  - id: a\n    type: thing\n    name: A\n",
            "g.yaml:4:11: error: entities.type (entity 'a'): Input should be",
        ),
        (
            "format: 1\nentities:\n  - id: p\n    type: person\n    name: P\n",
            "g.yaml:3:9: error: person 'p' needs a surname",
        ),
    ],
)
def test_glossary_problems_are_located(text: str, problem: str) -> None:
    loaded = load_glossary_bytes("g.yaml", text.encode())
    assert any(str(p).startswith(problem) for p in loaded.problems), loaded.problems
    assert not loaded.ok and len(loaded.glossary) == 0


def test_an_entity_answer_accepts_every_name_and_rejects_the_near_ones(folder: Path) -> None:
    path = folder / "d.yaml"
    path.write_text(
        deck(
            "  - id: c\n    kind: typed\n    prompt: Which?\n    answer: {entity: celac}\n"
            "  - id: o\n    kind: typed\n    prompt: Which?\n    answer: OAS\n"
            "  - id: h\n    kind: typed\n    prompt: Where?\n    answer: {entity: the-hague}\n"
        ),
        encoding="utf-8",
    )
    loaded = load_deck_file(path)
    assert loaded.problems == []
    celac, oas, hague = loaded.require().cards
    assert isinstance(celac, TypedCard) and isinstance(oas, TypedCard)
    assert isinstance(hague, TypedCard)
    assert celac.answer == "Community of Latin American and Caribbean States"
    assert "CELAC" in celac.accept and "ECLAC" in celac.reject
    assert "Organization of African States" in oas.reject  # a plain answer links too
    assert hague.context == ("Netherlands",)


def test_an_unknown_entity_is_located(folder: Path) -> None:
    path = folder / "d.yaml"
    path.write_text(
        deck("  - id: c\n    kind: typed\n    prompt: Which?\n    answer: {entity: celacc}\n"),
        encoding="utf-8",
    )
    problems = [str(p) for p in load_deck_file(path).problems]
    assert problems == [
        f"{path}:8:13: error: unknown entity 'celacc' in glossary.yaml; did you mean 'celac'?"
    ]


def test_an_accept_that_is_another_entitys_name_is_reported(folder: Path) -> None:
    path = folder / "d.yaml"
    path.write_text(
        deck(
            "  - id: c\n    kind: typed\n    prompt: Which?\n    answer: {entity: celac}\n"
            "    accept: [ECLAC]\n"
        ),
        encoding="utf-8",
    )
    problems = [str(p) for p in load_deck_file(path).problems]
    assert problems == [
        f"{path}:9:14: warning: accept 'ECLAC' is a name of another entity, 'eclac' "
        "(Economic Commission for Latin America and the Caribbean)"
    ]


def test_cloze_entity_and_interchangeable_gaps(folder: Path) -> None:
    path = folder / "d.yaml"
    path.write_text(
        deck(
            "  - id: c\n    kind: cloze\n    text: 'Seat: {{@the-hague}}, {{~a}} or {{~b}}'\n"
            "  - id: bad\n    kind: cloze\n    text: '{{~a}} and {{b}}'\n"
        ),
        encoding="utf-8",
    )
    loaded = load_deck_file(path)
    assert [p.message for p in loaded.problems] == [
        "only one gap is marked interchangeable ({{~...}}): mark every gap of the set, or none"
    ]
    path.write_text(
        deck("  - id: c\n    kind: cloze\n    text: 'Seat: {{@the-hague}}, {{~a}} or {{~b}}'\n"),
        encoding="utf-8",
    )
    (card,) = load_deck_file(path).require().cards
    assert isinstance(card, ClozeCard)
    seat, a, b = card.gaps
    assert seat.answers[:2] == ("The Hague", "Den Haag") and seat.context == ("Netherlands",)
    assert a.interchangeable and b.interchangeable and not seat.interchangeable


def test_the_glossary_is_not_a_deck_and_its_edits_change_the_decks(folder: Path) -> None:
    path = folder / "d.yaml"
    path.write_text(deck("  - id: o\n    kind: typed\n    prompt: Which?\n    answer: OAS\n"))
    report = load_paths([folder])
    assert [d.id for d in report.decks] == ["d"] and report.problems == []
    before = deck_digest(path, path.read_bytes())
    (folder / "glossary.yaml").write_text(GLOSSARY + "    names: [OAS of 1948]\n")
    assert deck_digest(path, path.read_bytes()) != before


def test_committed_glossary_schema_is_up_to_date() -> None:
    committed = json.loads(
        (REPO_ROOT / "docs" / "glossary.schema.json").read_text(encoding="utf-8")
    )
    assert committed == glossary_schema()


def test_glossary_schema_accepts_the_articles_glossary() -> None:
    import jsonschema
    import yaml

    data = yaml.safe_load((REPO_ROOT / "questions" / "glossary.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(data, glossary_schema())
