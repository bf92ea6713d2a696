"""The proposed rating: a table of grade × time → rating."""

from __future__ import annotations

import pytest
from grading_helpers import CHOICE, CLOZE, DATE_DAY, FLIP, MATCH, ORDER, TRUEFALSE, TYPED

from cyberquiz.core.answers import Grade, Rating, Verdict
from cyberquiz.core.cards import Card
from cyberquiz.core.grading import grade
from cyberquiz.core.rating import (
    FAST_BASE_MS,
    READ_FAST_MS_PER_CHAR,
    READ_SLOW_MS_PER_CHAR,
    SLOW_BASE_MS,
    TYPE_MS_PER_CHAR,
    propose_rating,
    response_thresholds,
)

TF_FAST, TF_SLOW = response_thresholds(TRUEFALSE)
MID = (TF_FAST + TF_SLOW) // 2


def _grade(verdict: Verdict, score: float) -> Grade:
    return Grade(score=score, verdict=verdict, expected="x")


@pytest.mark.parametrize(
    ("verdict", "score", "ms", "hinted", "rating"),
    [
        (Verdict.WRONG, 0.0, MID, False, Rating.AGAIN),
        (Verdict.WRONG, 0.0, 1, False, Rating.AGAIN),  # fast and wrong is still wrong
        (Verdict.EMPTY, 0.0, MID, False, Rating.AGAIN),
        (Verdict.PARTIAL, 0.5, MID, False, Rating.HARD),
        (Verdict.PARTIAL, 0.9, 1, False, Rating.HARD),
        (Verdict.ALMOST, 0.9, MID, False, Rating.HARD),
        (Verdict.ALMOST, 0.9, 1, False, Rating.HARD),
        (Verdict.RIGHT, 1.0, MID, False, Rating.GOOD),
        (Verdict.RIGHT, 1.0, MID, True, Rating.HARD),
        (Verdict.RIGHT, 1.0, TF_FAST, False, Rating.EASY),
        (Verdict.RIGHT, 1.0, TF_FAST + 1, False, Rating.GOOD),
        (Verdict.RIGHT, 1.0, TF_FAST, True, Rating.HARD),
        (Verdict.RIGHT, 1.0, TF_SLOW - 1, False, Rating.GOOD),
        (Verdict.RIGHT, 1.0, TF_SLOW, False, Rating.HARD),
        (Verdict.RIGHT, 1.0, 10 * TF_SLOW, False, Rating.HARD),
        (Verdict.WRONG, 0.0, TF_SLOW, False, Rating.AGAIN),
        (Verdict.RIGHT, 1.0, 0, False, Rating.GOOD),  # not measured: never fast
        (Verdict.RIGHT, 1.0, -5, False, Rating.GOOD),
    ],
)
def test_rating_table(
    verdict: Verdict, score: float, ms: int, hinted: bool, rating: Rating
) -> None:
    assert propose_rating(_grade(verdict, score), ms, TRUEFALSE, hinted=hinted) is rating


def test_flip_is_not_rated() -> None:
    assert propose_rating(grade(FLIP, None), 1000, FLIP) is None
    assert propose_rating(_grade(Verdict.SELF, 0.0), 1000, TYPED) is None


def test_thresholds_follow_the_documented_formula() -> None:
    read = len(TRUEFALSE.statement)
    assert response_thresholds(TRUEFALSE) == (
        FAST_BASE_MS[TRUEFALSE.kind] + READ_FAST_MS_PER_CHAR * read,
        SLOW_BASE_MS[TRUEFALSE.kind] + READ_SLOW_MS_PER_CHAR * read,
    )
    read, typed = len(TYPED.prompt), len("Budapest") * TYPE_MS_PER_CHAR
    assert response_thresholds(TYPED) == (
        FAST_BASE_MS[TYPED.kind] + READ_FAST_MS_PER_CHAR * read + typed,
        SLOW_BASE_MS[TYPED.kind] + READ_SLOW_MS_PER_CHAR * read + typed,
    )
    assert response_thresholds(FLIP) == (0, 0)


@pytest.mark.parametrize("card", [TRUEFALSE, CHOICE, TYPED, DATE_DAY, CLOZE, ORDER, MATCH])
def test_thresholds_are_sane(card: Card) -> None:
    fast, slow = response_thresholds(card)
    assert 2_000 <= fast < slow <= 120_000


def test_longer_cards_get_more_time() -> None:
    choice_fast, choice_slow = response_thresholds(CHOICE)
    tf_fast, tf_slow = response_thresholds(TRUEFALSE)
    assert choice_fast > tf_fast and choice_slow > tf_slow
    # a typed answer gets typing time on top of reading time
    assert response_thresholds(TYPED)[0] > FAST_BASE_MS[TYPED.kind] + READ_FAST_MS_PER_CHAR * len(
        TYPED.prompt
    )


def test_real_grades_map_through() -> None:
    assert propose_rating(grade(TYPED, "Budpaest"), 5_000, TYPED) is Rating.HARD
    assert propose_rating(grade(TYPED, "Vienna"), 5_000, TYPED) is Rating.AGAIN
    assert propose_rating(grade(TYPED, "Budapest"), 5_000, TYPED) is Rating.EASY
    assert propose_rating(grade(TYPED, "Budapest"), 20_000, TYPED) is Rating.GOOD
    assert propose_rating(grade(DATE_DAY, "2001"), 5_000, DATE_DAY) is Rating.HARD
