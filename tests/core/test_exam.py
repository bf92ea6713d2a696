"""Core exam rules: proportional drawing, seeds, the session state machine, time-out, scoring."""

from __future__ import annotations

import random
from collections import Counter
from datetime import datetime, timedelta

import pytest
from exam_helpers import choice, make_pool, mixed_cards

from cyberquiz.core.answers import Answer, Grade, Verdict
from cyberquiz.core.cards import Card, Kind
from cyberquiz.core.exam import (
    ExamClosed,
    ExamError,
    ExamItem,
    ExamSession,
    ExamSettings,
    ExamStatus,
    allocate,
    band_for,
    draw_exam,
    filter_cards,
    is_empty_answer,
    score_exam,
)
from support import NOW


@pytest.mark.parametrize(
    ("sizes", "count", "expected"),
    [
        (
            {"dates": 10, "bodies": 6, "provisions": 4},
            10,
            {"dates": 5, "bodies": 3, "provisions": 2},
        ),
        # 10 * 7/21 = 3.33 each: the one left over goes to the first area in AREAS order
        (
            {"dates": 7, "bodies": 7, "provisions": 7},
            10,
            {"dates": 4, "bodies": 3, "provisions": 3},
        ),
        (
            {"bodies": 7, "dates": 7, "provisions": 7},
            10,
            {"dates": 4, "bodies": 3, "provisions": 3},
        ),
        # quotas 2.73, 1.82, 0.45: floors 2, 1, 0; remainders .73, .82, .45 -> bodies, dates
        ({"dates": 12, "bodies": 8, "people": 2}, 5, {"dates": 3, "bodies": 2, "people": 0}),
        # largest remainder beats size
        ({"dates": 9, "concepts": 1}, 5, {"dates": 5, "concepts": 0}),
        ({"dates": 3, "concepts": 2}, 20, {"dates": 3, "concepts": 2}),  # fewer cards than asked
        ({"dates": 1, "other": 1}, 1, {"dates": 1, "other": 0}),
    ],
)
def test_allocate_largest_remainder(
    sizes: dict[str, int], count: int, expected: dict[str, int]
) -> None:
    shares = allocate(sizes, count)
    assert shares == expected
    assert sum(shares.values()) == min(count, sum(sizes.values()))


def test_draw_spreads_across_areas_in_proportion() -> None:
    pool = make_pool({"dates": 10, "bodies": 6, "provisions": 4})
    items = draw_exam(pool, ExamSettings(count=10, seed=7))
    assert Counter(i.card.area for i in items) == {"dates": 5, "bodies": 3, "provisions": 2}
    assert len({i.card.id for i in items}) == 10


def test_same_seed_same_questions_and_order() -> None:
    pool = make_pool({"dates": 10, "bodies": 6, "provisions": 4})
    settings = ExamSettings(count=8, seed=42)
    first = draw_exam(pool, settings)
    # storage may return cards in any order: the draw must not depend on it
    second = draw_exam(list(reversed(pool)), settings)
    assert [(i.card.id, i.order) for i in first] == [(i.card.id, i.order) for i in second]
    assert any(i.order for i in first), "choice cards get a presentation order"
    other = draw_exam(pool, ExamSettings(count=8, seed=43))
    assert [(i.card.id, i.order) for i in other] != [(i.card.id, i.order) for i in first]


def test_with_seed_keeps_a_given_seed_and_draws_one_otherwise() -> None:
    assert ExamSettings(seed=5).with_seed(random.Random(1)).seed == 5
    drawn = ExamSettings().with_seed(random.Random(1)).seed
    assert drawn is not None and drawn == ExamSettings().with_seed(random.Random(1)).seed


def test_draw_leaves_out_flip_cards_and_filters() -> None:
    cards = mixed_cards()
    items = draw_exam(cards, ExamSettings(count=50, seed=1))
    assert Kind.FLIP not in {i.card.kind for i in items}
    assert len(items) == len(cards) - 1
    only = draw_exam(cards, ExamSettings(count=50, seed=1, tags=("council-of-europe",)))
    assert {i.card.id for i in only} == {"bodies-choice-2", "tf-1", "date-1"}
    assert {c.id for c in filter_cards(cards, deck_ids=("d1",), areas=("provisions",))} == {"tf-1"}
    with pytest.raises(ExamError, match="No question"):
        draw_exam(cards, ExamSettings(seed=1, areas=("people",)))
    with pytest.raises(ExamError, match="No deck 'nope'; the decks are: d1, d2"):
        draw_exam(cards, ExamSettings(seed=1, deck_ids=("nope",)))
    with pytest.raises(ExamError, match="No card has the tag 'nato'"):
        draw_exam(cards, ExamSettings(seed=1, tags=("nato",)))
    with pytest.raises(ExamError, match="seed"):
        draw_exam(cards, ExamSettings())


@pytest.mark.parametrize(
    "kwargs", [{"count": 0}, {"minutes": 0}, {"penalty": 2}, {"areas": ("nowhere",)}]
)
def test_bad_settings_are_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ExamError):
        ExamSettings(**kwargs)  # type: ignore[arg-type]


def test_settings_round_trip() -> None:
    s = ExamSettings(("a",), ("dates",), ("un",), 7, 30.0, 9, 0.25, True)
    assert ExamSettings.from_dict(s.to_dict()) == s
    assert "7 questions" in s.describe() and "seed 9" in s.describe()


@pytest.mark.parametrize(
    ("answer", "empty"),
    [
        (None, True),
        ("", True),
        ("  ", True),
        ("x", False),
        (0, False),
        (False, False),
        (frozenset(), True),
        (frozenset({1}), False),
        (("", " "), True),
        (("", "a"), False),
        ((None, None), True),
        ((None, 1), False),
        ((), True),
        ((2, 0, 1), False),
    ],
)
def test_is_empty_answer(answer: Answer, empty: bool) -> None:
    assert is_empty_answer(answer) is empty


def _session(n: int = 3, minutes: float | None = None) -> ExamSession:
    items = [ExamItem(card=choice(i)) for i in range(n)]
    return ExamSession.start(ExamSettings(count=n, minutes=minutes, seed=1), items, NOW)


def at(seconds: float) -> datetime:
    return NOW + timedelta(seconds=seconds)


def test_session_navigation_answers_flags_and_time() -> None:
    s = _session()
    s.answer(2, at(10))
    s.next(at(15))
    assert s.index == 1
    s.toggle_flag()
    s.next(at(20))
    s.answer(1, at(30))
    s.previous(at(31))
    s.previous(at(32))
    s.answer(1, at(40))  # change the first answer
    s.previous(at(41))  # clamped at the first question
    assert s.index == 0
    assert [i.answer for i in s.items] == [1, None, 1]
    assert s.unanswered() == [1] and s.flagged() == [1]
    assert [i.time_ms for i in s.items] == [10_000 + 5_000 + 8_000 + 1_000, 5_000 + 1_000, 11_000]
    assert s.elapsed(at(45)) == timedelta(seconds=45)
    assert s.remaining(at(45)) is None
    s.answer("", at(46))  # an empty answer clears
    assert s.unanswered() == [0, 1]
    result = s.submit(at(50))
    assert s.status is ExamStatus.SUBMITTED and result.status is ExamStatus.SUBMITTED
    assert result.time_ms == 50_000
    with pytest.raises(ExamClosed):
        s.answer(1, at(51))


def test_time_out_with_a_fake_clock() -> None:
    s = _session(minutes=1)
    assert s.remaining(NOW) == timedelta(minutes=1)
    s.answer(1, at(20))
    s.next(at(30))
    assert s.remaining(at(50)) == timedelta(seconds=10)
    assert not s.is_time_up(at(59.9))
    assert s.is_time_up(at(60))
    with pytest.raises(ExamClosed, match="time is up"):
        s.answer(1, at(75))
    result = s.submit(at(75))
    assert result.status is ExamStatus.TIMED_OUT
    assert result.time_ms == 60_000, "time after the limit is not counted"
    assert [i.answer for i in result.items] == [1, None, None], "submitted as it stood"


def test_resumed_session_keeps_the_time_used() -> None:
    items = [ExamItem(card=choice(0), answer=1, time_ms=40_000), ExamItem(card=choice(1))]
    s = ExamSession(ExamSettings(count=2, minutes=1, seed=1), items, NOW, at(3600), index=1)
    assert s.remaining(at(3600)) == timedelta(seconds=20)
    assert s.is_time_up(at(3620))


def table_grader(scores: dict[str, float]) -> object:
    """A grader returning a fixed score per card id (the grader's own rules are H-grade's)."""

    def grade(card: Card, answer: Answer) -> Grade:
        score = scores[card.id]
        verdict = Verdict.RIGHT if score == 1 else Verdict.PARTIAL if score else Verdict.WRONG
        return Grade(score=score, verdict=verdict, expected="E", given=str(answer))

    return grade


@pytest.mark.parametrize(
    ("penalty", "points", "percent", "band"),
    [(0.0, 3.3, 55.0, "pass"), (0.25, 3.05, 50.83, "pass"), (1.0, 2.3, 38.33, "fail")],
)
def test_scoring_partial_credit_and_penalty(
    penalty: float, points: float, percent: float, band: str
) -> None:
    cards = {c.id: c for c in mixed_cards()}
    given: list[tuple[str, Answer, float]] = [
        ("bodies-choice-1", 1, 1.0),  # right
        ("bodies-choice-2", 3, 0.0),  # wrong choice: -penalty
        ("multi-1", frozenset({0}), 0.5),  # partial credit
        ("order-1", (0, 2, 1), 0.8),  # partial credit
        ("date-1", "2001", 1.0),
        ("typed-1", None, 0.0),  # unanswered: 0, never penalised
    ]
    items = [ExamItem(card=cards[cid], answer=a) for cid, a, _ in given]
    settings = ExamSettings(count=6, seed=1, penalty=penalty)
    result = score_exam(items, settings, grader=table_grader({c: s for c, _, s in given}))  # type: ignore[arg-type]
    assert [i.score for i in result.items] == [1.0, -penalty, 0.5, 0.8, 1.0, 0.0]
    assert result.points == pytest.approx(points)
    assert round(result.percent, 2) == percent
    assert result.band == band
    assert result.answered == 5
    assert result.items[-1].grade.verdict is Verdict.EMPTY
    assert [i.card.id for i in result.mistakes] == [
        "bodies-choice-2",
        "multi-1",
        "order-1",
        "typed-1",
    ]
    by_area = {g.name: (g.questions, round(g.points, 4)) for g in result.by_area}
    assert by_area == {
        "dates": (2, 1.8),
        "bodies": (3, round(1.5 - penalty, 4)),
        "concepts": (1, 0.0),
    }
    assert [g.name for g in result.by_area] == ["dates", "bodies", "concepts"], "AREAS order"
    orgs = {g.name: g.questions for g in result.by_organization}
    assert orgs == {"council-of-europe": 2, "sco": 1, "un": 2}


def test_total_never_below_zero() -> None:
    card = choice(0)
    items = [ExamItem(card=card, answer=0)]
    result = score_exam(
        items, ExamSettings(count=1, seed=1, penalty=1.0), grader=table_grader({card.id: 0.0})
    )  # type: ignore[arg-type]
    assert result.points == -1.0 and result.percent == 0.0 and result.band == "fail"


@pytest.mark.parametrize(
    ("percent", "band"),
    [
        (100, "excellent"),
        (90, "excellent"),
        (89.99, "good"),
        (75, "good"),
        (60, "satisfactory"),
        (50, "pass"),
        (49.9, "fail"),
        (0, "fail"),
    ],
)
def test_bands(percent: float, band: str) -> None:
    assert band_for(percent) == band


def test_real_grader_choice_and_truefalse() -> None:
    """Real grader: right choice 1, wrong choice -penalty, true/false never penalised."""
    cards = {c.id: c for c in mixed_cards()}
    items = [
        ExamItem(card=cards["bodies-choice-1"], answer=1),
        ExamItem(card=cards["bodies-choice-2"], answer=0),
        ExamItem(card=cards["tf-1"], answer=False),
        ExamItem(card=cards["date-1"], answer="2001-11-23"),
    ]
    result = score_exam(items, ExamSettings(count=4, seed=1, penalty=0.25))
    assert [i.score for i in result.items] == [1.0, -0.25, 0.0, 1.0]
    assert result.items[1].grade.expected  # the expected answer as text
