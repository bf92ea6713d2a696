"""The loader's public API: core objects, origins, hashes, files and folders, refusals."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from cyberquiz.core.cards import (
    ChoiceCard,
    ClozeCard,
    DateCard,
    Gap,
    MatchCard,
    MultiCard,
    Origin,
    PartialDate,
    TrueFalseCard,
    TypedCard,
)
from cyberquiz.decks import (
    DeckError,
    Problem,
    file_hash,
    load_deck_bytes,
    load_deck_file,
    load_paths,
)
from cyberquiz.decks.capped import MAX_BYTES
from support import imported_by

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "all-kinds.yaml"

DECK = b"""\
format: 1
id: small
title: Small
description: A small deck.
source: The article.
tags: [dates, un]
cards:
  - id: c-typed
    kind: typed
    prompt: Where?
    answer: Budapest
    accept: [Budapesht]
    tags: [un, provisions]
  - id: c-choice
    kind: choice
    prompt: Which?
    options: [A, B, C]
    answer: B
"""


def test_problem_str_is_path_line_column_severity_message() -> None:
    problem = Problem("q/a.yaml", 3, 7, "error", "something")
    assert str(problem) == "q/a.yaml:3:7: error: something"
    assert problem.to_dict() == {
        "path": "q/a.yaml",
        "line": 3,
        "column": 7,
        "severity": "error",
        "message": "something",
    }


def test_load_deck_bytes_builds_core_objects_with_origins_and_hashes() -> None:
    loaded = load_deck_bytes("decks/small.yaml", DECK)
    assert loaded.problems == []
    deck = loaded.require()
    assert (deck.id, deck.title, deck.description, deck.source) == (
        "small",
        "Small",
        "A small deck.",
        "The article.",
    )
    assert deck.tags == ("dates", "un")
    assert deck.origin == Origin("decks/small.yaml", 1)
    assert deck.content_hash == hashlib.sha256(DECK).hexdigest() == file_hash(DECK)
    typed, choice = deck.cards
    assert typed == TypedCard(
        id="c-typed",
        deck_id="small",
        tags=("dates", "un", "provisions"),
        origin=Origin("decks/small.yaml", 8),
        prompt="Where?",
        answer="Budapest",
        accept=("Budapesht",),
    )
    assert typed.area == "dates"
    assert isinstance(choice, ChoiceCard)
    assert choice.answer == 1
    assert choice.origin == Origin("decks/small.yaml", 14)
    assert set(deck.card_hashes) == {"c-typed", "c-choice"}
    assert all(len(h) == 64 for h in deck.card_hashes.values())


def test_card_hash_changes_with_the_card_and_only_with_it() -> None:
    before = load_deck_bytes("a.yaml", DECK).require()
    edited = DECK.replace(b"answer: B\n", b"answer: C\n")
    after = load_deck_bytes("a.yaml", edited).require()
    assert before.card_hashes["c-typed"] == after.card_hashes["c-typed"]
    assert before.card_hashes["c-choice"] != after.card_hashes["c-choice"]
    assert before.content_hash != after.content_hash
    # A comment or a reflow changes the file but not the cards.
    reformatted = load_deck_bytes("a.yaml", DECK + b"# a comment\n").require()
    assert reformatted.card_hashes == before.card_hashes
    assert reformatted.content_hash != before.content_hash


def test_deck_tags_change_every_card_hash() -> None:
    before = load_deck_bytes("a.yaml", DECK).require()
    after = load_deck_bytes("a.yaml", DECK.replace(b"tags: [dates, un]", b"tags: [dates]"))
    assert after.require().card_hashes["c-choice"] != before.card_hashes["c-choice"]


def test_example_deck_builds_every_kind_exactly() -> None:
    cards = {c.id: c for c in load_deck_file(EXAMPLE).require().cards}
    date = cards["example-date"]
    assert isinstance(date, DateCard)
    assert (date.answer, date.precision) == (PartialDate(2001, 11, 23), "day")
    multi = cards["example-multi"]
    assert isinstance(multi, MultiCard) and multi.answers == frozenset({0, 1, 3})
    tf = cards["example-truefalse"]
    assert isinstance(tf, TrueFalseCard) and tf.answer is True
    cloze = cards["example-cloze"]
    assert isinstance(cloze, ClozeCard)
    assert cloze.gaps == (
        Gap(("2001",)),
        Gap(("Budapest",), "a capital city"),
        Gap(("EC3", "European Cybercrime Centre")),
    )
    assert isinstance(cloze.parts[0], str) and isinstance(cloze.parts[-1], str)
    match = cards["example-match"]
    assert isinstance(match, MatchCard)
    assert match.pairs[0] == ("Council of Europe", "Convention on Cybercrime")
    assert all(c.tags[0] == "example" for c in cards.values())


@pytest.mark.parametrize(
    ("answer", "precision", "expected"),
    [
        ("2001", None, (PartialDate(2001), "year")),
        ('"2001-11"', None, (PartialDate(2001, 11), "month")),
        ("2001-11-23", "month", (PartialDate(2001, 11, 23), "month")),
    ],
)
def test_date_precision_defaults_to_the_answers(
    answer: str, precision: str | None, expected: tuple[PartialDate, str]
) -> None:
    extra = f"\n    precision: {precision}" if precision else ""
    text = "format: 1\nid: d\ntitle: D\ncards:\n  - id: x\n    kind: date\n    prompt: When\n"
    text += f"    answer: {answer}{extra}\n"
    card = load_deck_bytes("d.yaml", text.encode()).require().cards[0]
    assert isinstance(card, DateCard)
    assert (card.answer, card.precision) == expected


def test_scalars_stay_as_written() -> None:
    text = b"""format: 1
id: s
title: S
cards:
  - {id: x, kind: typed, prompt: "1.10", answer: "no", accept: ["2001-11-23", "0x1F", "~"]}
"""
    card = load_deck_bytes("s.yaml", text).require().cards[0]
    assert isinstance(card, TypedCard)
    assert (card.prompt, card.answer, card.accept) == ("1.10", "no", ("2001-11-23", "0x1F", "~"))


def test_warnings_keep_the_deck_errors_drop_it() -> None:
    warned = load_deck_bytes("w.yaml", DECK.replace(b"answer: Budapest", b"answer: 1945"))
    assert [p.severity for p in warned.problems] == ["warning"]
    assert warned.deck is not None
    failed = load_deck_bytes("e.yaml", DECK.replace(b"answer: B\n", b"answer: D\n"))
    assert failed.deck is None
    with pytest.raises(DeckError) as info:
        failed.require()
    assert info.value.problems == failed.problems
    assert "e.yaml:18:13: error: answer 'D' is not one of the options" in str(info.value)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "1:1: error: file is empty: a deck needs format, id, title and cards"),
        (b"  \n\n", "1:1: error: file is empty: a deck needs format, id, title and cards"),
        (
            b"just text",
            "1:1: error: the top level must be a deck (format, id, title, cards, ...), "
            "found a single value",
        ),
        (
            b"\xef\xbb\xbf[]",
            "1:1: error: the top level must be a deck (format, id, title, cards, "
            "...), found a list",
        ),
        (
            b"a: \xff",
            "1:4: error: file is not UTF-8 text (byte 0xff cannot be decoded); save it as UTF-8",
        ),
    ],
)
def test_refused_bytes(data: bytes, expected: str) -> None:
    loaded = load_deck_bytes("x.yaml", data)
    assert loaded.deck is None
    assert [str(p) for p in loaded.problems] == [f"x.yaml:{expected}"]


def test_size_cap(tmp_path: Path) -> None:
    big = b"# " + b"x" * MAX_BYTES + b"\n"
    assert [p.message for p in load_deck_bytes("big.yaml", big).problems] == [
        "file is too large (5.0 MB); a deck may be at most 5 MB"
    ]
    path = tmp_path / "big.yaml"
    path.write_bytes(big)
    assert [p.message for p in load_deck_file(path).problems] == [
        "file is too large (5.0 MB); a deck may be at most 5 MB"
    ]


def test_unreadable_paths_are_problems(tmp_path: Path) -> None:
    assert [str(p) for p in load_deck_file(tmp_path / "nope.yaml").problems] == [
        f"{tmp_path / 'nope.yaml'}:1:1: error: no such file or folder"
    ]
    assert load_deck_file(tmp_path).problems[0].message == "is a folder, not a deck file"
    report = load_paths([tmp_path / "missing"])
    assert [p.message for p in report.problems] == ["no such file or folder"]


def test_load_paths_checks_ids_across_decks() -> None:
    report = load_paths([FIXTURES / "cross"])
    cross = FIXTURES / "cross"
    assert report.files == [str(cross / "a.yaml"), str(cross / "b.yaml"), str(cross / "c.yml")]
    assert [d.id for d in report.decks] == ["cross-a"]
    assert report.card_total == 5
    assert [str(p) for p in report.problems] == [
        f"{cross}/a.yaml:5:10: warning: card id 'shared-id' is used again at {cross}/b.yaml:6:10",
        f"{cross}/b.yaml:6:10: error: duplicate card id 'shared-id' "
        f"(first used at {cross}/a.yaml:5:10)",
        f"{cross}/c.yml:2:5: error: deck id 'cross-a' is already used by {cross}/a.yaml",
    ]
    with pytest.raises(DeckError):
        report.raise_for_errors()


def test_load_paths_reads_a_file_once_and_keeps_order() -> None:
    a = FIXTURES / "cross" / "a.yaml"
    report = load_paths([a, a, EXAMPLE])
    assert report.files == [str(a), str(EXAMPLE)]
    assert [d.id for d in report.decks] == ["cross-a", "example-all-kinds"]
    assert report.problems == []


def test_importing_decks_pulls_in_neither_yaml_nor_pydantic_nor_textual() -> None:
    assert imported_by(["cyberquiz.decks"], ["yaml", "pydantic", "textual"]) == []


def test_folders_skip_hidden_and_other_files_and_fifos_are_refused(tmp_path: Path) -> None:
    import os

    (tmp_path / ".#lock.yaml").write_text("not: [valid")
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "deck.yml").write_bytes(EXAMPLE.read_bytes())
    report = load_paths([tmp_path])
    assert report.files == [str(tmp_path / "deck.yml")]
    assert report.problems == []
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert [p.message for p in load_deck_file(fifo).problems] == ["is not a regular file (a FIFO)"]


def test_a_bug_in_the_checks_is_a_problem_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    from cyberquiz.decks import checks

    def broken(*args: object) -> None:
        raise ValueError("boom")

    monkeypatch.setattr(checks, "build_deck", broken)
    loaded = load_deck_bytes("x.yaml", DECK)
    assert [str(p) for p in loaded.problems] == [
        "x.yaml:1:1: error: cyberquiz failed while checking this file (ValueError: boom); "
        "please report it"
    ]


def test_a_huge_deck_is_refused_by_its_size_without_reading_it(tmp_path: Path) -> None:
    import tracemalloc

    from cyberquiz.decks.loader import read_deck_bytes

    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:  # sparse: 500 MB on paper, nothing on disk
        handle.truncate(500 * 1024 * 1024)
    tracemalloc.start()
    try:
        problem = read_deck_bytes(huge)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert not isinstance(problem, bytes)
    assert problem.message == "file is too large (500.0 MB); a deck may be at most 5 MB"
    assert peak < 1024 * 1024


def test_every_unreadable_path_is_named(tmp_path: Path) -> None:
    import os

    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    dangling = tmp_path / "gone.yaml"
    dangling.symlink_to(tmp_path / "nowhere.yaml")
    report = load_paths([loop, fifo, dangling, Path("/dev/null")])
    assert {p.path: p.message for p in report.problems} == {
        str(loop): "is a symbolic link loop (it points back to itself)",
        str(fifo): "is not a regular file (a FIFO)",
        str(dangling): f"is a symbolic link to {tmp_path / 'nowhere.yaml'}, which does not exist",
        "/dev/null": "is not a regular file (a device)",
    }
    assert all(p.is_error for p in report.problems)


def test_a_folders_unreadable_entries_are_warned_about_by_name(tmp_path: Path) -> None:
    import os

    (tmp_path / "deck.yaml").write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "null.yaml").symlink_to("/dev/null")
    report = load_paths([tmp_path])
    assert report.files == [str(tmp_path / "deck.yaml")]
    assert [d.id for d in report.decks] == ["example-all-kinds"]
    warned = {Path(p.path).name: p.message for p in report.problems}
    nowhere = tmp_path / "nowhere.yaml"
    assert warned == {
        "gone.yaml": f"skipped: is a symbolic link to {nowhere}, which does not exist",
        "loop.yaml": "skipped: is a symbolic link loop (it points back to itself)",
        "null.yaml": "skipped: is not a regular file (a device)",
        "pipe.yaml": "skipped: is not a regular file (a FIFO)",
    }
    assert not any(p.is_error for p in report.problems)
