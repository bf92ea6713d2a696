"""UTC datetimes at the database boundary, day rollover and time zones, the FSRS wrapper."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, insert, select

from cyberquiz.core import queue
from cyberquiz.core.answers import Rating
from cyberquiz.core.scheduler import Scheduler, from_fsrs_card, to_fsrs_card
from cyberquiz.core.state import CardState, Phase
from cyberquiz.storage.engine import create_engine
from cyberquiz.storage.types import UTCDateTime
from support import NOW


def test_utc_round_trip(tmp_path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 't.db'}")
    meta = MetaData()
    t = Table("t", meta, Column("id", Integer, primary_key=True), Column("at", UTCDateTime()))
    meta.create_all(engine)
    tokyo = datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=ZoneInfo("Asia/Tokyo"))
    with engine.begin() as conn:
        conn.execute(insert(t), [{"id": 1, "at": tokyo}, {"id": 2, "at": None}])
    with engine.connect() as conn:
        rows = dict(conn.execute(select(t.c.id, t.c.at)).all())
    assert rows[1] == tokyo
    assert rows[1].tzinfo is UTC
    assert rows[1].hour == 0
    assert rows[2] is None
    with pytest.raises(Exception, match="naive"), engine.begin() as conn:
        conn.execute(insert(t), {"id": 3, "at": datetime(2026, 1, 1)})
    engine.dispose()


@pytest.mark.parametrize(
    ("now", "tz", "hour", "day", "start", "rollover"),
    [
        # 03:59 UTC is still the previous study day with a 4:00 rollover.
        (
            "2026-11-28T03:59:59+00:00",
            "UTC",
            4,
            date(2026, 11, 27),
            "2026-11-27T04:00:00+00:00",
            "2026-11-28T04:00:00+00:00",
        ),
        (
            "2026-11-28T04:00:00+00:00",
            "UTC",
            4,
            date(2026, 11, 28),
            "2026-11-28T04:00:00+00:00",
            "2026-11-29T04:00:00+00:00",
        ),
        # 15:00 UTC is 00:00 on the 29th in Tokyo (UTC+9): before the rollover, so the 28th.
        (
            "2026-11-28T15:00:00+00:00",
            "Asia/Tokyo",
            4,
            date(2026, 11, 28),
            "2026-11-27T19:00:00+00:00",
            "2026-11-28T19:00:00+00:00",
        ),
        # New York (UTC-5 in winter): 02:00 UTC is 21:00 the day before.
        (
            "2026-11-28T02:00:00+00:00",
            "America/New_York",
            4,
            date(2026, 11, 27),
            "2026-11-27T09:00:00+00:00",
            "2026-11-28T09:00:00+00:00",
        ),
        # Rollover at midnight.
        (
            "2026-11-28T00:30:00+00:00",
            "UTC",
            0,
            date(2026, 11, 28),
            "2026-11-28T00:00:00+00:00",
            "2026-11-29T00:00:00+00:00",
        ),
        # The day US clocks go back (1 Nov 2026): that study day is 25 hours long.
        (
            "2026-11-01T12:00:00+00:00",
            "America/New_York",
            4,
            date(2026, 11, 1),
            "2026-11-01T09:00:00+00:00",
            "2026-11-02T09:00:00+00:00",
        ),
    ],
)
def test_local_day_and_rollover(now, tz, hour, day, start, rollover) -> None:
    at = datetime.fromisoformat(now)
    zone = ZoneInfo(tz)
    assert queue.local_day(at, zone, hour) == day
    assert queue.day_start(at, zone, hour) == datetime.fromisoformat(start)
    assert queue.next_rollover(at, zone, hour) == datetime.fromisoformat(rollover)


def test_local_day_refuses_naive_time() -> None:
    with pytest.raises(ValueError):
        queue.local_day(datetime(2026, 1, 1), UTC)


def st(card_id: str, phase: Phase, due_minutes: int | None, **kw) -> CardState:
    due = None if due_minutes is None else NOW + timedelta(minutes=due_minutes)
    return CardState(card_id=card_id, phase=phase, due=due, **kw)


@pytest.mark.parametrize(
    ("states", "new_left", "reviews_left", "expected"),
    [
        (
            [st("n", Phase.NEW, None), st("r", Phase.REVIEW, -5), st("l", Phase.LEARNING, -1)],
            20,
            200,
            "l",
        ),
        (
            [st("n", Phase.NEW, None), st("r", Phase.REVIEW, -5), st("l", Phase.LEARNING, 1)],
            20,
            200,
            "r",
        ),
        ([st("n", Phase.NEW, None), st("r", Phase.REVIEW, -5)], 20, 0, "n"),
        ([st("n", Phase.NEW, None), st("r", Phase.REVIEW, 0)], 0, 200, "r"),  # due == now
        ([st("n", Phase.NEW, None), st("r", Phase.REVIEW, 1)], 0, 200, None),
        ([st("r1", Phase.REVIEW, -1), st("r2", Phase.REVIEW, -9)], 0, 200, "r2"),
        ([st("x", Phase.RELEARNING, -1, suspended=True), st("n", Phase.NEW, None)], 1, 1, "n"),
        (
            [
                st("x", Phase.NEW, None, buried_until=NOW + timedelta(hours=1)),
                st("y", Phase.NEW, None),
            ],
            1,
            1,
            "y",
        ),
    ],
)
def test_pick_next_reference_rule(states, new_left, reviews_left, expected) -> None:
    chosen = queue.pick_next(states, NOW, new_left=new_left, reviews_left=reviews_left)
    assert (chosen.card_id if chosen else None) == expected


def test_counts_reference_rule() -> None:
    states = [
        st("n1", Phase.NEW, None),
        st("n2", Phase.NEW, None),
        st("r", Phase.REVIEW, -1),
        st("l", Phase.LEARNING, -1),
        st("f", Phase.REVIEW, 60),
    ]
    assert queue.counts(states, NOW, new_left=1, reviews_left=5) == queue.QueueCounts(1, 1, 1)


def test_scheduler_first_answer_and_conversion() -> None:
    scheduler = Scheduler(fuzz=False)
    new = CardState(card_id="c")
    after = scheduler.review(new, Rating.GOOD, NOW, db_id=42)
    assert after.phase == Phase.LEARNING
    assert after.due == NOW + timedelta(minutes=10)
    assert after.reps == 1 and after.lapses == 0
    card = to_fsrs_card(after, NOW, db_id=42)
    assert card.card_id == 42
    assert from_fsrs_card(card, "c") == CardState(
        card_id="c",
        phase=after.phase,
        step=after.step,
        stability=after.stability,
        difficulty=after.difficulty,
        due=after.due,
        last_review=after.last_review,
    )
    assert scheduler.retrievability(new, NOW) == 0.0
    assert 0.0 < scheduler.retrievability(after, NOW + timedelta(days=3)) < 1.0


def test_scheduler_uses_stored_parameters_and_retention() -> None:
    config = Scheduler(fuzz=False).to_dict()
    config["parameters"][0] = 0.5
    s = Scheduler(config, desired_retention=0.8, fuzz=False)
    assert s.parameters[0] == 0.5
    assert s.desired_retention == 0.8


def test_seeded_fuzz_is_reproducible() -> None:
    state = CardState(
        card_id="c",
        phase=Phase.REVIEW,
        step=None,
        stability=30.0,
        difficulty=5.0,
        due=NOW,
        last_review=NOW - timedelta(days=30),
    )
    dues = [
        Scheduler(fuzz=True, rng=random.Random(7)).review(state, Rating.GOOD, NOW).due
        for _ in range(2)
    ]
    assert dues[0] == dues[1]
    spread = {
        Scheduler(fuzz=True, rng=random.Random(seed)).review(state, Rating.GOOD, NOW).due
        for seed in range(20)
    }
    assert len(spread) > 1


def test_scheduler_refuses_naive_now() -> None:
    with pytest.raises(ValueError):
        Scheduler().review(CardState(card_id="c"), Rating.GOOD, datetime(2026, 1, 1))
    assert (
        Scheduler()
        .review(CardState(card_id="c"), Rating.GOOD, NOW.astimezone(timezone(timedelta(hours=2))))
        .last_review
        == NOW
    )
