"""Stats aggregates on a fixture history whose every figure is known by construction.

Time zone Europe/Moscow (UTC+3 all year), rollover 4:00: local day D runs from D 01:00 UTC to
D+1 01:00 UTC. "Now" is 2026-11-28 15:00 UTC, local day 2026-11-28.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from cyberquiz.core.statsmodel import Mastery, StateCounts
from cyberquiz.storage.stats import StatsStore, exam_datetime

from .stats_history import DAY, NOW, CardSpec, ReviewSpec, at, build, build_history

#: FSRS 6 default decay; R(t, S) = (1 + F t / S) ** -DECAY with F = 0.9 ** (-1 / DECAY) - 1.
DECAY = 0.1542
F = 0.9 ** (-1 / DECAY) - 1


def r(t: int, s: float) -> float:
    return float((1 + F * t / s) ** -DECAY)


@pytest.fixture
def stats(any_db_url: str):  # type: ignore[no-untyped-def]
    """The same history on a SQLite file and on PostgreSQL."""
    repo = build_history(any_db_url)
    try:
        yield StatsStore(repo).collect(NOW)
    finally:
        repo.close()


def test_heatmap_puts_answers_on_local_days_with_the_rollover(stats) -> None:  # type: ignore[no-untyped-def]
    days = {d.day: d for d in stats.activity}
    assert stats.today == date(2026, 11, 28)
    assert len(stats.activity) == 365
    assert stats.activity[-1].day == date(2026, 11, 28)
    assert (days[date(2026, 11, 28)].answers, days[date(2026, 11, 28)].seconds) == (1, 10)
    # 00:30 UTC is 03:30 in Moscow: before the 4:00 rollover, so it counts for the day before
    assert (days[date(2026, 11, 27)].answers, days[date(2026, 11, 27)].seconds) == (2, 25)
    assert (days[date(2026, 11, 26)].answers, days[date(2026, 11, 26)].study) == (1, 0)
    assert days[date(2026, 10, 1)].answers == 1
    assert sum(d.answers for d in stats.activity) == 9
    assert stats.answers_total == 10
    assert stats.seconds_total == 10 + 20 + 5 + 8 + 6 * 10


def test_streak_counts_study_days_only(stats) -> None:  # type: ignore[no-untyped-def]
    # 11-27 and 11-28 studied; 11-26 practice only. Longest: 11-23, 11-24, 11-25.
    assert stats.streak == 2
    assert stats.longest_streak == 3


def test_pace_and_seconds_per_answer(stats) -> None:  # type: ignore[no-untyped-def]
    # the last 14 local days (11-15..11-28) hold 8 answers
    assert stats.pace_answers_per_day == pytest.approx(8 / 14)
    # the last 30 days: 8 answers, 10+20+5+8+4*10 seconds
    assert stats.seconds_per_answer == pytest.approx((10 + 20 + 5 + 8 + 40) / 8)


def test_true_retention_counts_review_cards_only(stats) -> None:  # type: ignore[no-untyped-def]
    week, month = stats.retention
    assert (week.days, week.reviews, week.passed) == (7, 4, 3)
    assert week.rate == pytest.approx(0.75)
    assert (month.days, month.reviews, month.passed) == (30, 5, 3)
    assert stats.desired_retention == pytest.approx(0.9)


def test_forecast_includes_overdue_and_learning_today(stats) -> None:  # type: ignore[no-untyped-def]
    assert len(stats.forecast) == 30
    assert stats.forecast[0].day == date(2026, 11, 28)
    assert stats.forecast[-1].day == date(2026, 12, 27)
    assert [f.due for f in stats.forecast[:7]] == [2, 0, 0, 0, 0, 1, 0]
    assert sum(f.due for f in stats.forecast) == 3


def test_cards_by_state_per_deck(stats) -> None:  # type: ignore[no-untyped-def]
    d1, d2 = stats.decks
    assert d1 == StateCounts("d1", "Deck d1", new=1, learning=1, young=1, mature=1)
    assert d2 == StateCounts("d2", "Deck d2", new=1, young=1, suspended=1, leeches=1)
    assert stats.totals.total == 7


def test_mastery_by_area_and_org(stats) -> None:  # type: ignore[no-untyped-def]
    assert r(5, 10) >= 0.9 and r(30, 100) >= 0.9 and r(10, 3) < 0.9 and r(1, 50) >= 0.9
    assert stats.mastery_by_area == (
        Mastery("dates", 2, 2),
        Mastery("bodies", 2, 0),  # a3 is still learning
        Mastery("provisions", 2, 1),  # b2 is suspended but still remembered
        Mastery("people", 1, 0),
    )
    assert stats.mastery_by_org == (
        Mastery("un", 2, 1),
        Mastery("council-of-europe", 1, 0),
        Mastery("eu", 1, 1),
    )


def test_exam_history_oldest_first_scored_only(stats) -> None:  # type: ignore[no-untyped-def]
    assert [e.score for e in stats.exams] == [pytest.approx(0.5), pytest.approx(0.75)]
    assert stats.exams[1].by_area == (("dates", 0.75),)


def test_readiness_predicts_from_the_exam_date_setting(stats) -> None:  # type: ignore[no-untyped-def]
    ready = stats.readiness
    assert ready is not None
    exam_at = exam_datetime(date(2026, 12, 15), __import__("zoneinfo").ZoneInfo("Europe/Moscow"))
    assert ready.exam_at == exam_at  # 09:00 Moscow = 06:00 UTC
    assert exam_at.hour == 6
    # prediction without more study, cards never studied count 0
    days = (exam_at - NOW).days  # elapsed whole days counted from each last review
    expected = (
        r((exam_at - (NOW - 5 * DAY)).days, 10)
        + r((exam_at - (NOW - 30 * DAY)).days, 100)
        + r((exam_at - (NOW - timedelta(hours=1))).days, 2.3)
        + r((exam_at - (NOW - 10 * DAY)).days, 3)
        + r((exam_at - (NOW - DAY)).days, 50)
    ) / 7
    assert days == 16
    assert ready.expected_score == pytest.approx(expected)
    assert ready.cards == 7 and ready.unseen == 2 and ready.studied == 5


def test_quarter_hour_time_zone(any_db_url: str) -> None:
    """India is UTC+5:30: 22:20 UTC is 03:50 (the day before), 22:40 UTC is 04:10."""
    repo = build(
        any_db_url,
        [CardSpec("a1", "d1", ("dates",))],
        [ReviewSpec("a1", at(27, 22, 20)), ReviewSpec("a1", at(27, 22, 40))],
        settings={"timezone": "Asia/Kolkata", "rollover_hour": 4},
    )
    try:
        stats = StatsStore(repo).collect(NOW, with_readiness=False)
    finally:
        repo.close()
    days = {d.day: d.answers for d in stats.activity}
    assert days[date(2026, 11, 27)] == 1
    assert days[date(2026, 11, 28)] == 1
    assert stats.readiness is None


def test_daylight_saving_time_zone(any_db_url: str) -> None:
    """New York switches to EDT at 07:00 UTC on 2026-03-08; days split at 4:00 local time.

    With a fixed EST offset the first review would land on 03-07.
    """
    now = at(10, 12, month=3)
    reviews = [
        ReviewSpec("a1", at(8, 8, 30, month=3)),  # 04:30 EDT -> 3-08
        ReviewSpec("a1", at(8, 7, 30, month=3)),  # 03:30 EDT, before the rollover -> 3-07
        ReviewSpec("a1", at(9, 7, 30, month=3)),  # 03:30 EDT -> 3-08
        ReviewSpec("a1", at(9, 8, 30, month=3)),  # 04:30 EDT -> 3-09
    ]
    repo = build(
        any_db_url,
        [CardSpec("a1", "d1", ("dates",))],
        reviews,
        settings={"timezone": "America/New_York", "rollover_hour": 4},
    )
    try:
        stats = StatsStore(repo).collect(now, with_readiness=False)
    finally:
        repo.close()
    days = {d.day: d.answers for d in stats.activity}
    assert days[date(2026, 3, 7)] == 1
    assert days[date(2026, 3, 8)] == 2
    assert days[date(2026, 3, 9)] == 1
    assert stats.streak == 3  # 3-07..3-09; today (3-10) has no answer yet


def test_empty_profile(any_db_url: str) -> None:
    repo = build(any_db_url, [], settings={"timezone": "UTC"})
    try:
        stats = StatsStore(repo).collect(NOW, exam_date=date(2026, 12, 24))
    finally:
        repo.close()
    assert stats.answers_total == 0
    assert stats.streak == 0
    assert stats.decks == ()
    assert stats.seconds_per_answer is None
    assert all(r.rate is None for r in stats.retention)
    assert stats.readiness is not None and stats.readiness.cards == 0


def test_area_is_the_first_area_tag_in_tag_order(any_db_url: str) -> None:
    """Tags keep their order: a card tagged people, dates counts for people (and un)."""
    repo = build(
        any_db_url,
        [CardSpec("p1", "d1", ("people", "dates", "un")), CardSpec("p2", "d1", ("dates",))],
        settings={"timezone": "UTC"},
    )
    try:
        stats = StatsStore(repo).collect(NOW, exam_date=date(2026, 12, 1))
    finally:
        repo.close()
    assert [(m.name, m.cards) for m in stats.mastery_by_area] == [("dates", 1), ("people", 1)]
    assert [(m.name, m.cards) for m in stats.mastery_by_org] == [("un", 1)]
    assert stats.readiness is not None
    assert [(g.name, g.cards) for g in stats.readiness.by_area] == [("dates", 1), ("people", 1)]


@pytest.mark.parametrize(("stored", "target"), [(0.8, 0.8), (85, 0.85), ("x", 0.9), (-1, 0.9)])
def test_target_setting_as_share_or_percent(tmp_path: Path, stored: object, target: float) -> None:
    repo = build(
        f"sqlite:///{tmp_path / 't.db'}",
        [CardSpec("a1", "d1", ("dates",))],
        settings={"timezone": "UTC", "target_score": stored, "exam_date": "2026-12-10"},
    )
    try:
        stats = StatsStore(repo).collect(NOW)
    finally:
        repo.close()
    assert stats.readiness is not None
    assert stats.readiness.target == pytest.approx(target)


def test_home_and_stats_count_learning_and_due_alike(any_db_url: str) -> None:
    """Issue 13.5: Home said Learning 0 / Due 0 while Stats said Learn 8 / Due today 8. One
    definition now: a3 is in its learning steps (due in 9 minutes), b1 an overdue review."""
    repo = build_history(any_db_url)
    try:
        stats = StatsStore(repo).collect(NOW)
        home = {s.deck_id: s for s in repo.deck_summaries(NOW)}
        everything = repo.today_counts(NOW)
    finally:
        repo.close()
    assert {d.deck_id: d.learning for d in stats.decks} == {k: h.learning for k, h in home.items()}
    assert home["d1"].learning == 1 and home["d2"].due == 1
    assert stats.now_counts == everything
    assert (everything.new, everything.learning, everything.review) == (2, 1, 1)
    assert everything.learning == stats.totals.learning
    assert everything.review + everything.learning == stats.forecast[0].due


def test_home_area_picker_and_mastery_count_areas_alike(any_db_url: str) -> None:
    """Issue 13.5: Home's area picker counted every card carrying an area tag (people 24) while
    Mastery counted each card once, under its first area tag (people 18). One rule now, and a
    session on an area draws the cards that area counts."""
    from cyberquiz.core.areas import tagged_elsewhere
    from cyberquiz.services.sources import RepositorySource
    from cyberquiz.tui.screens.pick import tag_choices

    specs = [
        CardSpec("p1", "d1", ("people", "concepts")),
        CardSpec("p2", "d1", ("concepts", "people", "un")),
        CardSpec("p3", "d1", ("dates", "people")),
        CardSpec("p4", "d1", ("people",)),
        CardSpec("p5", "d1", ("un",)),
    ]
    repo = build(any_db_url, specs, settings={"timezone": "UTC"})
    try:
        stats = StatsStore(repo).collect(NOW)
        cards = repo.cards()
        picker = dict(tag_choices(cards))
        mastery = {m.name: m.cards for m in stats.mastery_by_area if m.name != "other"}
        assert mastery == {"dates": 1, "concepts": 1, "people": 2}
        assert {a: picker[a] for a in mastery} == mastery
        assert "un" in picker and picker["un"] == 2  # other tags: every card carrying them
        source = RepositorySource(
            repo,
            tags=["people"],
            leave_out=tagged_elsewhere(((c.id, c.tags) for c in cards), "people"),
        )
        drawn: set[str] = set()
        while (card := source.next_card(NOW, frozenset(drawn))) is not None:
            drawn.add(card.id)
        assert drawn == {"p1", "p4"}
    finally:
        repo.close()
