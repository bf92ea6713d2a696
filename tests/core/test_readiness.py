"""Exam readiness on fixed card states, with figures checked by hand.

FSRS 6 defaults: R(t, S) = (1 + F t / S) ** -0.1542, F = 0.9 ** (-1 / 0.1542) - 1 ≈ 0.98042, so
R(S, S) = 0.9 exactly. A new card learned today (Good on both learning steps) keeps the
initial stability w[2] = 2.3065 (the short-term increase e^(w17 w18) S^-w19 ≈ 0.9945 is
clamped to 1), so one day later R = (1 + F / 2.3065) ** -0.1542 ≈ 0.946847.
"""

from __future__ import annotations

import random
from datetime import timedelta

import fsrs
import pytest

from cyberquiz.core.readiness import FsrsModel, area_of, orgs_of, predict, readiness
from cyberquiz.core.state import CardState, Phase
from support import NOW

DAY = timedelta(days=1)
MODEL = FsrsModel.default()
R_NEW_1DAY = 0.946847


def review_state(card_id: str, stability: float, last_days_ago: float, due_in: float, **kw):  # type: ignore[no-untyped-def]
    return CardState(
        card_id,
        Phase.REVIEW,
        None,
        stability,
        kw.pop("difficulty", 5.0),
        NOW + due_in * DAY,
        NOW - last_days_ago * DAY,
        reps=3,
        **kw,
    )


def test_model_matches_the_fsrs_package() -> None:
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    assert FsrsModel.from_dict(scheduler.to_dict()) == MODEL
    assert FsrsModel.from_dict(None) == MODEL
    rng = random.Random(7)
    card = fsrs.Card(card_id=1, due=NOW)
    when = NOW
    for _ in range(40):
        card, _log = scheduler.review_card(card, fsrs.Rating(rng.choice([1, 2, 3, 3, 4])), when)
        when = card.due + timedelta(hours=rng.randint(0, 200))
        assert card.stability is not None and card.difficulty is not None
        state = CardState(
            "x",
            Phase(card.state.value),
            card.step,
            card.stability,
            card.difficulty,
            card.due,
            card.last_review,
        )
        assert MODEL.retrievability(state, when) == scheduler.get_card_retrievability(card, when)
        assert MODEL.interval(card.stability) == scheduler._next_interval(stability=card.stability)
        s, d = card.stability, card.difficulty
        for r in (0.3, 0.8, 0.97):
            assert MODEL.recall_stability(d, s, r) == pytest.approx(
                scheduler._next_stability(
                    difficulty=d, stability=s, retrievability=r, rating=fsrs.Rating.Good
                ),
                rel=1e-12,
            )
            assert MODEL.forget_stability(d, s, r) == pytest.approx(
                scheduler._next_stability(
                    difficulty=d, stability=s, retrievability=r, rating=fsrs.Rating.Again
                ),
                rel=1e-12,
            )
        for rating in fsrs.Rating:
            assert MODEL.next_difficulty(d, rating) == scheduler._next_difficulty(
                difficulty=d, rating=rating
            )
            assert MODEL.short_term_stability(s, rating) == scheduler._short_term_stability(
                stability=s, rating=rating
            )


def test_retrievability_by_hand() -> None:
    assert MODEL.retrievability_after(10, 10.0) == pytest.approx(0.9, abs=1e-12)
    assert MODEL.retrievability_after(0, 3.0) == 1.0
    assert MODEL.retrievability_after(1, 2.3065) == pytest.approx(R_NEW_1DAY, abs=1e-6)
    # whole days only, as the package: 9 days 23 hours is 9 days
    state = review_state("a", 10.0, 0, 5)
    assert MODEL.retrievability(state, NOW + 10 * DAY - timedelta(hours=1)) == pytest.approx(
        MODEL.retrievability_after(9, 10.0)
    )
    assert MODEL.retrievability(CardState("n"), NOW) == 0.0


def test_groups() -> None:
    assert area_of(("un", "dates", "bodies")) == "dates"
    assert area_of(("un",)) is None
    assert orgs_of(("dates", "un", "eu", "un", "article")) == ("un", "eu")


def test_predict_overall_and_by_group() -> None:
    exam_at = NOW + 20 * DAY
    states = {
        "a": review_state("a", 20.0, 0, 20),  # 20 days at S = 20: 0.9
        "b": review_state("b", 5.0, 15, 5),  # 35 days at S = 5
        "c": review_state("c", 40.0, 20, 10),  # 40 days at S = 40: 0.9
    }
    tags = {
        "a": ("dates", "un"),
        "b": ("dates", "eu"),
        "c": ("bodies", "un"),
        "d": ("bodies",),  # never studied: 0
    }
    r_b = (1 + MODEL.factor * 35 / 5) ** -0.1542
    overall, by_area, by_org, per_card = predict(states, tags, exam_at, MODEL)
    assert per_card == pytest.approx({"a": 0.9, "b": r_b, "c": 0.9, "d": 0.0})
    assert overall == pytest.approx((0.9 + r_b + 0.9) / 4)
    assert [(g.name, g.cards) for g in by_area] == [("dates", 2), ("bodies", 2)]
    assert by_area[0].expected == pytest.approx((0.9 + r_b) / 2)
    assert by_area[1].expected == pytest.approx(0.45)
    assert [(g.name, g.cards, round(g.expected, 6)) for g in by_org] == [
        ("un", 2, 0.9),
        ("eu", 1, round(r_b, 6)),
    ]


def test_new_cards_one_day_before_the_exam() -> None:
    """Exam in exactly one day: the only study day is today, and nothing learned today is
    reviewed again before it.

    10 unseen cards: N new cards today give N x 0.946847 / 10; the target 0.9 needs N = 10
    (9 give 0.852). Each new card costs 2 answers (two learning steps): 20 answers, 5 minutes at
    15 s. At a pace of 10 answers a day, 5 new cards fit: 0.4734.
    """
    tags = {f"c{i}": ("dates",) for i in range(10)}
    result = readiness(
        {},
        tags,
        now=NOW,
        exam_at=NOW + DAY,
        model=MODEL,
        target=0.9,
        pace_answers_per_day=10,
        seconds_per_answer=15,
    )
    assert result.days_left == 1
    assert result.expected_score == 0.0
    assert result.needed is not None
    assert result.needed.new_per_day == 10
    assert result.needed.expected_score == pytest.approx(R_NEW_1DAY, abs=1e-6)
    assert result.needed.answers_per_day == pytest.approx(20)
    assert result.needed.minutes_per_day == pytest.approx(5)
    assert result.at_pace.new_per_day == 5
    assert result.at_pace.expected_score == pytest.approx(5 * R_NEW_1DAY / 10, abs=1e-6)
    assert result.at_pace.by_area[0].expected == pytest.approx(5 * R_NEW_1DAY / 10, abs=1e-6)
    assert result.all_at_once.expected_score == pytest.approx(R_NEW_1DAY, abs=1e-6)


def test_the_exam_day_is_a_study_day_when_the_exam_is_later_in_the_day() -> None:
    """Exam in 1.5 days: today and tomorrow (half a day before the exam) are study days.

    FSRS counts whole days, so a card learned tomorrow is at R = 1 on the exam. With 5 new
    cards a day: (5 x 0.946847 + 5 x 1) / 10 = 0.97342; 4 a day give 0.7787. 10 cards x 2
    answers over 2 days: 10 answers a day.
    """
    tags = {f"c{i}": ("dates",) for i in range(10)}
    result = readiness({}, tags, now=NOW, exam_at=NOW + 1.5 * DAY, model=MODEL, target=0.9)
    assert result.days_left == 2
    assert result.needed is not None
    assert result.needed.new_per_day == 5
    assert result.needed.expected_score == pytest.approx((5 * R_NEW_1DAY + 5) / 10, abs=1e-6)
    assert result.needed.answers_per_day == pytest.approx(10)


def test_target_out_of_reach() -> None:
    tags = {f"c{i}": ("dates",) for i in range(4)}
    result = readiness({}, tags, now=NOW, exam_at=NOW + DAY, model=MODEL, target=0.99)
    assert result.needed is None
    assert result.all_at_once.new_per_day == 4


def test_cards_not_due_before_the_exam_keep_their_prediction() -> None:
    """A card due after the exam is not reviewed: the simulation gives the plain prediction."""
    states = {"a": review_state("a", 30.0, 10, 25)}
    result = readiness(states, {"a": ("dates",)}, now=NOW, exam_at=NOW + 20 * DAY, model=MODEL)
    assert result.expected_score == pytest.approx(MODEL.retrievability_after(30, 30.0))
    assert result.at_pace.expected_score == pytest.approx(result.expected_score)
    assert result.needed is not None and result.needed.new_per_day == 0
    assert result.needed.answers_per_day == 0


def test_one_review_before_the_exam_by_hand() -> None:
    """A card at S = 10 due today, exam tomorrow: one review today at R(10, 10) = 0.9.

    Expected recall = 0.9 x R(1, S_good) + 0.1 x R(1, S_lapse) where S_good is the Good
    stability and S_lapse the stability after Again and one relearning step rated Good. The
    seeded Monte Carlo (200 paths for one card) lands within a few hundredths.
    """
    states = {"a": review_state("a", 10.0, 10, 0, difficulty=5.0)}
    s_good = MODEL.recall_stability(5.0, 10.0, 0.9)
    s_lapse = MODEL.short_term_stability(MODEL.forget_stability(5.0, 10.0, 0.9), 3)
    exact = 0.9 * MODEL.retrievability_after(1, s_good) + 0.1 * MODEL.retrievability_after(
        1, s_lapse
    )
    result = readiness(states, {"a": ()}, now=NOW, exam_at=NOW + DAY, model=MODEL)
    assert result.needed is not None
    assert result.needed.expected_score == pytest.approx(exact, abs=0.03)
    # answers today: 1 per review plus 1 relearning answer after a lapse: 1.1 expected
    assert result.needed.answers_per_day == pytest.approx(1.1, abs=0.1)
    again = readiness(states, {"a": ()}, now=NOW, exam_at=NOW + DAY, model=MODEL)
    assert again == result  # seeded: same input, same figures


def test_more_new_cards_per_day_never_lower_the_expected_score() -> None:
    rng = random.Random(3)
    states = {}
    tags = {}
    for i in range(300):
        cid = f"c{i}"
        tags[cid] = (rng.choice(["dates", "bodies"]),)
        if i < 150:
            s = rng.uniform(1, 40)
            states[cid] = review_state(cid, s, rng.uniform(0, 10), rng.uniform(-2, 20))
    base = dict(states=states, tags=tags, now=NOW, exam_at=NOW + 30 * DAY, model=MODEL)
    low = readiness(**base, pace_answers_per_day=20)  # type: ignore[arg-type]
    high = readiness(**base, pace_answers_per_day=80)  # type: ignore[arg-type]
    assert low.at_pace.new_per_day <= high.at_pace.new_per_day
    assert low.at_pace.expected_score <= high.at_pace.expected_score + 1e-9
    assert high.at_pace.answers_per_day <= 80 + 1e-9
    assert high.needed is not None
    assert high.needed.expected_score >= 0.9


def test_suspended_cards_are_not_reviewed() -> None:
    states = {"a": review_state("a", 5.0, 5, 0, suspended=True)}
    result = readiness(states, {"a": ()}, now=NOW, exam_at=NOW + 10 * DAY, model=MODEL)
    assert result.needed is None or result.needed.answers_per_day == 0
    assert result.all_at_once.expected_score == pytest.approx(result.expected_score)


def test_exam_later_today_or_past() -> None:
    """An exam in 3 hours leaves today as a study day: a card due now, reviewed now, is at R = 1
    on the exam (0 whole days). A past exam leaves none."""
    states = {"a": review_state("a", 5.0, 5, 0)}
    later = readiness(states, {"a": ()}, now=NOW, exam_at=NOW + timedelta(hours=3), model=MODEL)
    assert later.days_left == 1
    assert later.expected_score == pytest.approx(MODEL.retrievability_after(5, 5.0))
    assert later.all_at_once.expected_score == pytest.approx(1.0)
    past = readiness(states, {"a": ()}, now=NOW, exam_at=NOW - DAY, model=MODEL)
    assert past.days_left == 0
    assert past.needed is None or past.needed.answers_per_day == 0
    assert past.all_at_once.answers_per_day == 0
