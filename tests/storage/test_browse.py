"""The card browser's query, and the state changes it offers (unbury, reset)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from cyberquiz.core.answers import Mode, Rating
from cyberquiz.core.state import Phase
from cyberquiz.storage.repository import Repository
from support import NOW


def test_every_active_card_in_deck_and_file_order(synced: Repository, decks_dir: Path) -> None:
    rows = synced.browse()
    assert [r.card_id for r in rows] == [*(f"a{i}" for i in range(5)), "b0", "b1", "b2"]
    first = rows[0]
    assert (first.deck_id, first.deck_title, first.kind) == ("alpha", "Deck alpha", "flip")
    assert first.question == "front 0"
    assert first.tags == ("dates",)
    assert first.state.phase == Phase.NEW and first.last_answers == ()
    assert Path(first.path).name == "a.yaml" and first.line == 6  # where "- id: a0" is written
    assert "back 0" in first.haystack and "front 0" in first.haystack  # answers are searchable
    assert "a.yaml" not in first.haystack and "flip" not in first.haystack  # not its text


def test_state_flags_and_the_three_latest_answers(synced: Repository) -> None:
    for minutes, rating in enumerate([Rating.GOOD, Rating.AGAIN, Rating.GOOD, Rating.AGAIN]):
        synced.record_answer(
            "a1",
            now=NOW + timedelta(minutes=minutes),
            mode=Mode.STUDY,
            answer="null",
            score=0.0 if rating == Rating.AGAIN else 1.0,
            proposed=None,
            rating=rating,
        )
    synced.record_answer(
        "b0", now=NOW, mode=Mode.PRACTICE, answer="null", score=0.25, proposed=None
    )
    synced.suspend("a2")
    synced.flag("a3")
    synced.bury("a4", NOW)
    rows = {r.card_id: r for r in synced.browse()}
    assert rows["a1"].last_answers == (False, True, False)  # oldest first, the last three
    assert rows["a1"].state.phase == Phase.LEARNING and rows["a1"].state.reps == 4
    assert rows["b0"].last_answers == (False,)  # practice: scored under half
    assert rows["a2"].state.suspended and rows["a3"].state.flagged
    assert rows["a4"].is_buried(NOW) and not rows["a4"].is_buried(NOW + timedelta(days=2))
    assert rows["a0"].state.due is None


def test_answers_of_another_profile_are_not_shown(synced: Repository, any_db_url: str) -> None:
    other = Repository.open(any_db_url, profile="ben", fuzz=False)
    try:
        other.record_answer(
            "a0", now=NOW, mode=Mode.STUDY, answer="null", score=1, proposed=Rating.GOOD
        )
        other.suspend("a0")
    finally:
        other.close()
    row = synced.browse()[0]
    assert row.card_id == "a0" and row.last_answers == () and not row.state.suspended


def test_unbury_puts_the_card_back_today(synced: Repository) -> None:
    synced.bury("a0", NOW)
    assert synced.next_card(NOW) is not None and synced.state("a0").buried_until is not None
    synced.unbury("a0")
    assert synced.state("a0").buried_until is None
    assert synced.next_card(NOW).id == "a0"  # type: ignore[union-attr]


def test_reset_forgets_the_schedule_but_keeps_answers_suspension_and_flag(
    synced: Repository,
) -> None:
    synced.record_answer(
        "a0", now=NOW, mode=Mode.STUDY, answer="null", score=1, proposed=Rating.GOOD
    )
    synced.suspend("a0")
    synced.flag("a0")
    synced.reset("a0")
    state = synced.state("a0")
    assert state.phase == Phase.NEW and state.due is None and state.reps == 0
    assert state.stability is None and state.last_review is None
    assert state.suspended and state.flagged
    assert len(synced.reviews(card_id="a0")) == 1
