"""The deck sync plan as a table: what is stored, what was read, what the plan writes."""

from __future__ import annotations

import pytest

from cyberquiz.core.cards import Deck, FlipCard
from cyberquiz.services.sync import LoadedDecks, LoadedFile, plan_sync
from cyberquiz.storage.sync import StoredCard, StoredDeck, StoredDecks

DIR = "/decks"


def deck(deck_id: str, *card_ids: str) -> Deck:
    cards = tuple(FlipCard(id=c, deck_id=deck_id, front="f", back="b") for c in card_ids)
    return Deck(id=deck_id, title=deck_id, cards=cards)


def parsed(name: str, d: Deck) -> LoadedFile:
    return LoadedFile(f"{DIR}/{name}", f"hash-{name}-new", d, parsed=True)


def unchanged(name: str) -> LoadedFile:
    return LoadedFile(f"{DIR}/{name}", f"hash-{name}")


def stored(*decks: tuple[str, str, tuple[str, ...]], retired: tuple[str, ...] = ()) -> StoredDecks:
    """``(deck id, file name, card ids)`` rows, all active unless named in ``retired``."""
    rows = {d: StoredDeck(d, f"{DIR}/{name}", f"hash-{name}", d in retired) for d, name, _ in decks}
    cards = {c: StoredCard(c, d, d in retired) for d, _, ids in decks for c in ids}
    return StoredDecks(rows, cards)


def loaded(*files: LoadedFile, missing: tuple[str, ...] = ()) -> LoadedDecks:
    return LoadedDecks(files, (DIR,), missing)


CASES = [
    # name, stored, loaded, decks written, decks retired, failed files, unchanged files
    ("first sync", StoredDecks(), loaded(parsed("a.yaml", deck("a", "a1"))), ["a"], set(), [], 0),
    (
        "warm start writes nothing",
        stored(("a", "a.yaml", ("a1",))),
        loaded(unchanged("a.yaml")),
        [],
        set(),
        [],
        1,
    ),
    (
        "a changed file is written again",
        stored(("a", "a.yaml", ("a1",))),
        loaded(parsed("a.yaml", deck("a", "a1", "a2"))),
        ["a"],
        set(),
        [],
        0,
    ),
    (
        "a file gone from the folder retires its deck",
        stored(("a", "a.yaml", ("a1",)), ("b", "b.yaml", ("b1",))),
        loaded(unchanged("a.yaml")),
        [],
        {"b"},
        [],
        1,
    ),
    (
        "a deck id used by another file is refused",
        stored(("a", "a.yaml", ("a1",))),
        loaded(unchanged("a.yaml"), parsed("c.yaml", deck("a", "c1"))),
        [],
        set(),
        [f"{DIR}/c.yaml"],
        1,
    ),
    (
        "a card id used by another deck is refused",
        stored(("a", "a.yaml", ("a1",))),
        loaded(unchanged("a.yaml"), parsed("c.yaml", deck("c", "a1"))),
        [],
        set(),
        [f"{DIR}/c.yaml"],
        1,
    ),
    (
        "a card moves from a deck whose file is gone",
        stored(("a", "a.yaml", ("a1",))),
        loaded(parsed("c.yaml", deck("c", "a1"))),
        ["c"],
        {"a"},
        [],
        0,
    ),
    (
        "a file that now holds another deck id retires the old one",
        stored(("a", "a.yaml", ("a1",))),
        loaded(parsed("a.yaml", deck("z", "z1"))),
        ["z"],
        {"a"},
        [],
        0,
    ),
    (
        "a retired deck comes back",
        stored(("a", "a.yaml", ("a1",)), retired=("a",)),
        loaded(parsed("a.yaml", deck("a", "a1"))),
        ["a"],
        set(),
        [],
        0,
    ),
    (
        "a failed file keeps its stored deck",
        stored(("a", "a.yaml", ("a1",))),
        loaded(LoadedFile(f"{DIR}/a.yaml", "h", None, (), failed=True, parsed=True)),
        [],
        set(),
        [f"{DIR}/a.yaml"],
        0,
    ),
    (
        "a missing path is a failed file",
        StoredDecks(),
        loaded(missing=("/nowhere",)),
        [],
        set(),
        ["/nowhere"],
        0,
    ),
]


@pytest.mark.parametrize(
    ("stored_decks", "read", "written", "retired", "failed", "unchanged_files"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_plan(
    stored_decks: StoredDecks,
    read: LoadedDecks,
    written: list[str],
    retired: set[str],
    failed: list[str],
    unchanged_files: int,
) -> None:
    plan = plan_sync(stored_decks, read)
    assert [d.deck.id for d in plan.decks] == written
    assert plan.retire == retired
    assert plan.report.failed_files == failed
    assert plan.report.unchanged_files == unchanged_files
    assert plan.writes == bool(written or retired)
