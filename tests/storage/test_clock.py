"""A wrong clock: an answer never moves a card's history backwards, and a day is a day."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from cyberquiz.core.answers import Mode, Rating
from cyberquiz.storage.repository import Repository
from support import NOW


def answer(repo: Repository, card_id: str, at: datetime, rating: Rating = Rating.GOOD):  # type: ignore[no-untyped-def]
    return repo.record_answer(
        card_id, now=at, mode=Mode.STUDY, answer='"x"', score=1.0, proposed=rating
    )


def test_an_answer_stamped_before_the_last_review_is_clamped_and_said(
    synced: Repository, caplog: pytest.LogCaptureFixture
) -> None:
    answer(synced, "a0", NOW)
    after_first = synced.state("a0")
    with caplog.at_level(logging.WARNING, logger="cyberquiz"):
        record = answer(synced, "a0", NOW - timedelta(days=3))  # the clock was set back
    assert record.at == NOW and record.clock_behind == timedelta(days=3)
    assert "clock" in caplog.text and "behind" in caplog.text
    state = synced.state("a0")
    assert state.last_review == NOW, "the history never goes backwards"
    assert state.due is not None and after_first.due is not None
    # scheduled from the last review as if answered then: not from three days before it
    expected = answer_at_the_same_time(synced, NOW)
    assert state.due == expected
    assert [r.at for r in synced.reviews(card_id="a0")] == [NOW, NOW]


def answer_at_the_same_time(repo: Repository, at: datetime) -> datetime | None:
    """The due date two GOOD answers at ``at`` give, on another card of the same deck."""
    answer(repo, "a1", at)
    answer(repo, "a1", at)
    return repo.state("a1").due


def test_an_answer_on_time_is_not_flagged(synced: Repository) -> None:
    answer(synced, "a0", NOW)
    record = answer(synced, "a0", NOW + timedelta(minutes=10))
    assert record.at == NOW + timedelta(minutes=10) and record.clock_behind is None


def test_a_clock_a_year_ahead_does_not_use_up_todays_limits(synced: Repository) -> None:
    synced.set_setting("timezone", "UTC")
    synced.set_setting("new_per_day", 2)
    ahead = NOW + timedelta(days=365)
    answer(synced, "a0", ahead)
    answer(synced, "a1", ahead)
    assert synced.queue_counts(ahead).new == 0, "that day's limit is used up"
    assert synced.queue_counts(NOW).new == 2, "today's is not: only today's answers count"
    assert synced.next_card(NOW) is not None
    assert synced.today_progress(NOW) == (0, 0)


def test_yesterdays_answers_do_not_count_today(synced: Repository) -> None:
    synced.set_setting("timezone", "UTC")
    synced.set_setting("new_per_day", 1)
    answer(synced, "a0", datetime(2026, 11, 28, 3, 59, tzinfo=UTC))  # before the 4:00 rollover
    assert synced.queue_counts(datetime(2026, 11, 28, 4, 0, tzinfo=UTC)).new == 1
