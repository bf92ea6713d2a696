"""Repository behaviour on a temp-file SQLite database, with a fixed clock and no fuzz."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cyberquiz.core.answers import Mode, Rating
from cyberquiz.core.state import LEECH_LAPSES, Phase
from cyberquiz.services.sync import sync_decks
from cyberquiz.storage.errors import ReviewNotLatest, UnknownCard, UnknownReview
from cyberquiz.storage.repository import Repository
from support import NOW, write_deck


def answer(repo: Repository, card_id: str, rating: Rating, at: datetime, **kw: object):
    return repo.record_answer(
        card_id,
        now=at,
        mode=kw.pop("mode", Mode.STUDY),
        answer='"x"',
        score=1.0,
        proposed=rating,
        **kw,  # type: ignore[arg-type]
    )


def test_decks_and_cards_come_back_from_the_database(synced: Repository) -> None:
    decks = synced.decks()
    assert [d.id for d in decks] == ["alpha", "beta"]
    assert [c.id for c in decks[0].cards] == [f"a{i}" for i in range(5)]
    assert decks[0].cards[0].tags == ("dates",)
    assert synced.card("b2").deck_id == "beta"
    assert [c.id for c in synced.cards(tags=["dates"])] == [f"a{i}" for i in range(5)]
    assert [c.id for c in synced.cards(deck_ids=["beta"])] == ["b0", "b1", "b2"]
    with pytest.raises(UnknownCard, match="nope"):
        synced.card("nope")
    with pytest.raises(UnknownCard):
        synced.state("nope")


def test_answer_moves_the_state_and_is_stored(synced: Repository) -> None:
    record = answer(synced, "a0", Rating.GOOD, NOW, response_ms=1500)
    state = synced.state("a0")
    assert state.phase == Phase.LEARNING
    assert state.reps == 1
    assert state.due == NOW + timedelta(minutes=10)
    assert state.due.tzinfo is UTC
    assert state.last_review == NOW
    assert synced.reviews() == [record]
    assert record.rating == Rating.GOOD and record.proposed == Rating.GOOD
    assert synced.today_progress(NOW) == (1, 1)


def test_practice_answer_does_not_move_the_schedule(synced: Repository) -> None:
    answer(synced, "a0", Rating.AGAIN, NOW, mode=Mode.PRACTICE)
    assert synced.state("a0").phase == Phase.NEW
    assert [r.mode for r in synced.reviews(mode=Mode.PRACTICE)] == [Mode.PRACTICE]
    # ...unless asked to
    answer(synced, "a1", Rating.GOOD, NOW, mode=Mode.EXAM, update_schedule=True)
    assert synced.state("a1").phase == Phase.LEARNING


def test_flip_card_needs_a_rating_to_move_the_schedule(synced: Repository) -> None:
    with pytest.raises(ValueError, match="rating"):
        synced.record_answer("a0", now=NOW, mode=Mode.STUDY, answer="null", score=0, proposed=None)
    record = synced.record_answer(
        "a0", now=NOW, mode=Mode.STUDY, answer="null", score=0, proposed=None, rating=Rating.EASY
    )
    assert record.proposed is None and record.rating == Rating.EASY
    assert synced.state("a0").phase == Phase.REVIEW


def test_change_rating_rewrites_from_the_prior_state(synced: Repository) -> None:
    answer(synced, "a0", Rating.GOOD, NOW)
    first_state = synced.state("a0")
    later = NOW + timedelta(minutes=10)
    record = answer(synced, "a0", Rating.AGAIN, later)
    changed = synced.change_rating(record.id, Rating.EASY)
    assert changed.rating == Rating.EASY and changed.proposed == Rating.AGAIN
    # The same as answering Easy from the first state directly.
    from cyberquiz.core.scheduler import Scheduler

    expected = Scheduler(fuzz=False).review(first_state, Rating.EASY, later, db_id=1)
    state = synced.state("a0")
    assert (state.phase, state.due, state.stability, state.reps) == (
        expected.phase,
        expected.due,
        expected.stability,
        2,
    )
    assert synced.reviews(card_id="a0")[-1].rating == Rating.EASY
    assert len(synced.reviews()) == 2


def test_only_the_latest_answer_can_be_changed_or_undone(synced: Repository) -> None:
    first = answer(synced, "a0", Rating.GOOD, NOW)
    answer(synced, "a0", Rating.GOOD, NOW + timedelta(minutes=10))
    with pytest.raises(ReviewNotLatest):
        synced.change_rating(first.id, Rating.AGAIN)
    with pytest.raises(ReviewNotLatest):
        synced.undo_review(first.id)
    with pytest.raises(UnknownReview):
        synced.undo_review(999)


def test_undo_restores_the_state_and_removes_the_review(synced: Repository) -> None:
    answer(synced, "a0", Rating.GOOD, NOW)
    before = synced.state("a0")
    record = answer(synced, "a0", Rating.EASY, NOW + timedelta(minutes=10))
    synced.undo_review(record.id)
    assert synced.state("a0") == before
    assert [r.id for r in synced.reviews()] == [record.id - 1]
    synced.undo_review(record.id - 1)
    assert synced.state("a0").phase == Phase.NEW
    assert synced.reviews() == []
    assert synced.today_progress(NOW) == (0, 0)


def test_undo_keeps_a_flag_set_after_the_answer(synced: Repository) -> None:
    record = answer(synced, "a0", Rating.GOOD, NOW)
    synced.flag("a0")
    synced.undo_review(record.id)
    assert synced.state("a0").flagged
    assert synced.state("a0").phase == Phase.NEW


def test_queue_order_learning_then_reviews_then_new(synced: Repository) -> None:
    # a0 becomes a review card due in a few days, a1 stays in learning (due in 10 minutes).
    answer(synced, "a0", Rating.EASY, NOW)
    answer(synced, "a1", Rating.GOOD, NOW)
    assert synced.next_card(NOW).id == "a2"  # nothing due: new cards in deck order
    review_due = synced.state("a0").due
    assert review_due is not None
    later = review_due + timedelta(hours=1)
    # a1 (learning, due long ago) comes before a0 (review due), before new cards
    assert synced.next_card(later).id == "a1"
    answer(synced, "a1", Rating.EASY, later)
    assert synced.next_card(later).id == "a0"
    assert synced.next_card(later, exclude={"a0"}).id == "a2"
    assert synced.next_card(later, deck_ids=["beta"]).id == "b0"
    assert synced.next_card(later, tags=["nothing"]) is None
    counts = synced.queue_counts(later)
    assert (counts.learning, counts.review, counts.new) == (0, 1, 6)


def test_a_card_just_learnt_counts_as_learning_in_the_session_as_on_home(
    synced: Repository,
) -> None:
    """The status line said "0 learning" after a new card rated Good while Home said 1."""
    answer(synced, "a1", Rating.GOOD, NOW)  # back in 10 minutes: not due, still learning
    assert synced.next_card(NOW).id != "a1"
    assert synced.queue_counts(NOW).learning == 1
    assert synced.today_counts(NOW).learning == 1
    synced.suspend("a1")
    assert synced.queue_counts(NOW).learning == synced.today_counts(NOW).learning == 0


def test_due_means_due_at_or_before_now_to_the_second(synced: Repository) -> None:
    answer(synced, "a0", Rating.GOOD, NOW)
    due = synced.state("a0").due
    assert due is not None
    synced.set_setting("new_per_day", 1)  # one new card answered: no more new ones today
    assert synced.next_card(due - timedelta(seconds=1)) is None
    assert synced.next_card(due).id == "a0"
    assert synced.next_due_time(NOW) == due


def test_daily_new_limit(synced: Repository) -> None:
    synced.set_setting("new_per_day", 2)
    assert synced.queue_counts(NOW).new == 2
    answer(synced, "a0", Rating.EASY, NOW)
    answer(synced, "a1", Rating.EASY, NOW)
    assert synced.queue_counts(NOW).new == 0
    assert synced.next_card(NOW) is None
    # The next local day (rollover 4:00 UTC here) brings new cards again.
    synced.set_setting("timezone", "UTC")
    tomorrow = datetime(2026, 11, 29, 4, 0, tzinfo=UTC)
    assert synced.next_card(tomorrow - timedelta(seconds=1)) is None
    assert synced.next_card(tomorrow).id == "a2"


def test_daily_review_limit(synced: Repository) -> None:
    synced.set_setting("timezone", "UTC")
    for card in ("a0", "a1", "a2"):
        answer(synced, card, Rating.EASY, NOW - timedelta(days=30))
    later = NOW + timedelta(days=30)
    synced.set_setting("reviews_per_day", 2)
    synced.set_setting("new_per_day", 0)
    assert synced.queue_counts(later).review == 2
    first = synced.next_card(later)
    assert first is not None
    answer(synced, first.id, Rating.GOOD, later)
    second = synced.next_card(later)
    assert second is not None
    answer(synced, second.id, Rating.GOOD, later)
    assert synced.next_card(later) is None
    assert synced.queue_counts(later).review == 0


def test_bury_until_next_rollover_in_the_students_time_zone(synced: Repository) -> None:
    synced.set_setting("timezone", "Asia/Tokyo")  # UTC+9: 15:00 UTC is 00:00 on the 29th in Tokyo
    synced.bury("a0", NOW)
    state = synced.state("a0")
    # 00:00 Tokyo is before the 4:00 rollover: back at 04:00 Tokyo on the 29th.
    assert state.buried_until == datetime(2026, 11, 28, 19, 0, tzinfo=UTC)
    assert synced.next_card(NOW).id == "a1"
    assert synced.next_card(datetime(2026, 11, 28, 19, 0, tzinfo=UTC)).id == "a0"


def test_suspend_and_flag(synced: Repository) -> None:
    synced.suspend("a0")
    assert synced.state("a0").suspended
    assert synced.next_card(NOW).id == "a1"
    synced.suspend("a0", False)
    assert synced.next_card(NOW).id == "a0"
    synced.flag("a1")
    assert synced.state("a1").flagged
    synced.flag("a1", False)
    assert not synced.state("a1").flagged
    assert set(synced.states(["a0", "a1"])) == {"a0", "a1"}
    assert len(synced.states()) == 8


def test_leech_after_eight_lapses(synced: Repository) -> None:
    at = NOW
    answer(synced, "a0", Rating.EASY, at)  # straight to review
    for _ in range(LEECH_LAPSES):
        at = synced.state("a0").due or at
        answer(synced, "a0", Rating.AGAIN, at)  # lapse: review -> relearning
        at = synced.state("a0").due or at
        answer(synced, "a0", Rating.EASY, at)  # back to review
    state = synced.state("a0")
    assert state.lapses == LEECH_LAPSES
    assert state.leech


def test_settings_round_trip_and_scheduler_is_stored(synced: Repository) -> None:
    assert synced.get_setting("theme") is None
    assert synced.get_setting("theme", "dark") == "dark"
    synced.set_setting("theme", "light")
    synced.set_setting("exam_date", "2026-12-20")
    assert synced.get_setting("theme") == "light"
    stored = synced.get_setting("scheduler")
    assert len(stored["parameters"]) == 21
    synced.set_setting("theme", None)
    assert synced.get_setting("theme") is None


def test_profiles_are_separate(synced: Repository, tmp_path: Path) -> None:
    answer(synced, "a0", Rating.GOOD, NOW)
    other = Repository.open(str(synced.engine.url), profile="ben", clock=lambda: NOW, fuzz=False)
    try:
        assert other.state("a0").phase == Phase.NEW
        assert other.reviews() == []
        assert other.next_card(NOW).id == "a0"
    finally:
        other.close()


def test_streak_counts_consecutive_local_days(synced: Repository) -> None:
    synced.set_setting("timezone", "UTC")
    assert synced.streak(NOW) == 0
    for days in (3, 2, 1):
        answer(synced, "b0", Rating.GOOD, NOW - timedelta(days=days), update_schedule=False)
    assert synced.streak(NOW) == 3  # today not answered yet: the streak is not broken
    answer(synced, "b1", Rating.GOOD, NOW)
    assert synced.streak(NOW) == 4
    assert synced.streak(NOW + timedelta(days=2)) == 0


def test_a_changed_time_zone_does_not_rewrite_the_streak(synced: Repository) -> None:
    """Each answer counts on the local day of the zone it was given in (issue 14, item 6)."""
    from cyberquiz.storage.stats import StatsStore

    synced.set_setting("rollover_hour", 0)
    synced.set_setting("timezone", "Asia/Tokyo")  # UTC+9
    d1 = datetime(2026, 11, 10, tzinfo=UTC)
    # Tokyo: the 10th at 23:30, the 11th at 00:30, the 12th at 23:00
    for at in (
        d1 + timedelta(hours=14.5),
        d1 + timedelta(hours=15.5),
        d1 + timedelta(days=2, hours=14),
    ):
        answer(synced, "b0", Rating.GOOD, at, update_schedule=False)
    now = d1 + timedelta(days=2, hours=14, minutes=30)
    assert synced.streak(now) == 3
    # Los Angeles (UTC-8) would see those answers on the 10th, the 10th and the 12th
    synced.set_setting("timezone", "America/Los_Angeles")
    assert synced.streak(now) == 3
    stats = StatsStore(synced).collect(now, with_readiness=False)
    assert (stats.streak, stats.longest_streak) == (3, 3)
    answer(synced, "b1", Rating.GOOD, now + timedelta(hours=1), update_schedule=False)
    assert synced.streak(now + timedelta(hours=1)) == 3, "given in LA: still the 12th there"


def test_a_long_streak_is_counted_whole(synced: Repository) -> None:
    synced.set_setting("timezone", "UTC")
    for days in range(100, 0, -1):
        answer(synced, "b0", Rating.GOOD, NOW - timedelta(days=days), update_schedule=False)
    assert synced.streak(NOW) == 100


def test_deck_summaries(synced: Repository) -> None:
    answer(synced, "a0", Rating.GOOD, NOW)
    summaries = {s.deck_id: s for s in synced.deck_summaries(NOW + timedelta(minutes=10))}
    assert summaries["alpha"].total == 5
    assert summaries["alpha"].learning == 1
    assert summaries["alpha"].unseen == 4
    assert summaries["beta"].new == 3


def test_naive_datetime_is_refused(synced: Repository) -> None:
    with pytest.raises(ValueError, match=r"naive|aware"):
        answer(synced, "a0", Rating.GOOD, datetime(2026, 1, 1))


def test_retired_cards_are_not_scheduled_but_keep_history(
    synced: Repository, decks_dir: Path
) -> None:
    answer(synced, "a0", Rating.GOOD, NOW)
    write_deck(decks_dir, "a.yaml", "alpha", [("a1", "f", "b")])
    sync_decks(synced, [decks_dir])
    assert synced.next_card(NOW + timedelta(hours=1)).id == "a1"
    assert [r.card_id for r in synced.reviews()] == ["a0"]
    assert synced.card("a0").id == "a0"
    assert "a0" not in {c.id for c in synced.cards()}
    assert "a0" in {c.id for c in synced.cards(include_retired=True)}


def test_today_progress_follows_the_local_day_and_rollover(synced: Repository) -> None:
    synced.set_setting("timezone", "America/New_York")  # UTC-5 in November
    # 07:30 UTC is 02:30 in New York: before the 4:00 rollover, so it counts for the day before.
    late_night = datetime(2026, 11, 28, 7, 30, tzinfo=UTC)
    morning = datetime(2026, 11, 28, 9, 30, tzinfo=UTC)  # 04:30 in New York: a new day
    answer(synced, "b0", Rating.GOOD, late_night, response_ms=2000, update_schedule=False)
    answer(synced, "b1", Rating.GOOD, morning, response_ms=3000, update_schedule=False)
    assert synced.today_progress(late_night + timedelta(minutes=5)) == (1, 2)
    assert synced.today_progress(morning + timedelta(minutes=5)) == (1, 3)
    assert synced.streak(morning) == 2
    assert synced.day_start(morning) == datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    assert synced.next_rollover(morning) == datetime(2026, 11, 29, 9, 0, tzinfo=UTC)


def test_light_columns_match_the_row_classes() -> None:
    """The query clauses (columns.py) name the same columns, of the same types, as the schema."""
    from sqlmodel import SQLModel

    from cyberquiz.storage import columns, tables
    from cyberquiz.storage.types import UTCDateTime

    assert set(columns.ALL) == set(tables.TABLE_NAMES)
    for name, clause in columns.ALL.items():
        table = SQLModel.metadata.tables[name]
        assert [c.name for c in clause.columns] == [c.name for c in table.columns], name
        for light in clause.columns:
            real = table.columns[light.name].type
            assert light.type._type_affinity == real._type_affinity, (name, light.name)
            assert type(light.type) is UTCDateTime or type(real) is not UTCDateTime, light.name


def test_the_rollup_clause_matches_the_rollup_table(any_db_url: str) -> None:
    """The stats queries read ``columns.stats_rollup``; the rollup seam creates the table."""
    from sqlalchemy import inspect

    from cyberquiz.storage import columns, stats_rollup

    assert columns.stats_rollup.name == stats_rollup.TABLE
    with Repository.open(any_db_url, profile="ana", clock=lambda: NOW) as repo:
        created = [c["name"] for c in inspect(repo.engine).get_columns(stats_rollup.TABLE)]
    assert [c.name for c in columns.stats_rollup.columns] == created
