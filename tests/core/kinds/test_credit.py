"""Options with credit: a choice card scores the option's credit, a multi card the sum picked."""

from __future__ import annotations

import random

import pytest

from cyberquiz.core.answers import Answer, Rating, Verdict
from cyberquiz.core.cards import ChoiceCard, MultiCard
from cyberquiz.core.exam import score_answer
from cyberquiz.core.grading import grade
from cyberquiz.core.kinds.base import SerializeError
from cyberquiz.core.kinds.credit import credit_words, default_multi_credits, percent_text
from cyberquiz.core.rating import propose_rating
from cyberquiz.core.serialize import card_from_dict, card_to_dict

# Moodle's documented example: {~wrong answer ~%50%half credit answer =full credit answer}
HALF = ChoiceCard(
    id="half",
    deck_id="d",
    prompt="Which?",
    options=("wrong answer", "half credit answer", "full credit answer", "penalised answer"),
    answer=2,
    credits=(0.0, 0.5, 1.0, -0.25),
)
WEIGHTED = MultiCard(
    id="weighted",
    deck_id="d",
    prompt="Which are regional bodies?",
    options=("Council of Europe", "African Union", "ASEAN", "ITU", "UNODC"),
    answers=frozenset({0, 1, 2}),
    credits=(0.5, 0.25, 0.25, -1.0, 0.0),
)
PLAIN_MULTI = MultiCard(
    id="plain",
    deck_id="d",
    prompt="Which?",
    options=("a", "b", "c", "d"),
    answers=frozenset({0, 1}),
)


@pytest.mark.parametrize(
    ("answer", "score", "verdict", "penalty", "message"),
    [
        (2, 1.0, Verdict.RIGHT, 0.0, "Right."),
        (1, 0.5, Verdict.PARTIAL, 0.0, "Half credit: this option is partly right."),
        (0, 0.0, Verdict.WRONG, 0.0, "Wrong: the answer is full credit answer."),
        (3, 0.0, Verdict.WRONG, 0.25, "Wrong, and a penalty of 25% in an exam."),
    ],
)
def test_a_choice_card_scores_the_credit_of_the_option_picked(
    answer: int, score: float, verdict: Verdict, penalty: float, message: str
) -> None:
    judged = grade(HALF, answer)
    assert (judged.score, judged.verdict, judged.penalty, judged.message) == (
        score,
        verdict,
        penalty,
        message,
    )
    assert judged.expected == "full credit answer"


@pytest.mark.parametrize(
    ("picks", "score", "verdict"),
    [
        ({0, 1, 2}, 1.0, Verdict.RIGHT),
        ({0, 1, 2, 4}, 1.0, Verdict.RIGHT),  # a 0-credit option costs nothing
        ({0}, 0.5, Verdict.PARTIAL),
        ({1, 2}, 0.5, Verdict.PARTIAL),
        ({2}, 0.25, Verdict.PARTIAL),
        ({0, 1, 2, 3}, 0.0, Verdict.WRONG),  # 1 - 1: the penalty takes it all
        ({1, 3}, 0.0, Verdict.WRONG),  # floored at 0, never below
        ({4}, 0.0, Verdict.WRONG),
    ],
)
def test_a_multi_card_scores_the_sum_of_the_credits_picked(
    picks: set[int], score: float, verdict: Verdict
) -> None:
    judged = grade(WEIGHTED, frozenset(picks))
    assert (judged.score, judged.verdict) == (score, verdict)
    assert judged.penalty == 0.0, "Moodle floors a multiple-answer question at 0"


def test_multi_credit_feedback_names_the_credit_and_the_options() -> None:
    judged = grade(WEIGHTED, frozenset({0}))
    assert judged.message == "Half credit: 1 of 3 right options; 2 missed."
    assert [m.ok for m in judged.marks] == [True, False, False, True, True]


def test_a_multi_card_capped_at_full_credit() -> None:
    generous = MultiCard(
        id="g",
        deck_id="d",
        prompt="?",
        options=("a", "b", "c"),
        answers=frozenset({0, 1}),
        credits=(1.0, 0.5, -0.5),
    )
    assert grade(generous, frozenset({0, 1})).score == 1.0
    right_alone = grade(generous, frozenset({0}))
    assert (right_alone.score, right_alone.verdict) == (1.0, Verdict.RIGHT)


def test_thirds_written_to_seven_places_add_up_to_full_credit() -> None:
    thirds = MultiCard(
        id="t",
        deck_id="d",
        prompt="?",
        options=("a", "b", "c", "d"),
        answers=frozenset({0, 1, 2}),
        credits=(0.3333333, 0.3333333, 0.3333333, 0.0),
    )
    judged = grade(thirds, frozenset({0, 1, 2}))
    assert (judged.score, judged.verdict) == (1.0, Verdict.RIGHT)


@pytest.mark.parametrize("seed", range(30))
def test_default_credits_score_as_the_old_multi_rule(seed: int) -> None:
    """A multi card without credits scores exactly as if it had ±1/n (what exports write)."""
    rng = random.Random(seed)
    n = rng.randint(2, 9)
    answers = frozenset(rng.sample(range(n), rng.randint(1, n)))
    plain = MultiCard(
        id="p", deck_id="d", prompt="?", options=tuple("abcdefghi"[:n]), answers=answers
    )
    credited = MultiCard(
        id="c",
        deck_id="d",
        prompt="?",
        options=plain.options,
        answers=answers,
        credits=default_multi_credits(n, answers),
    )
    picks = frozenset(i for i in range(n) if rng.random() < 0.5) or frozenset({0})
    old, new = grade(plain, picks), grade(credited, picks)
    assert new.score == pytest.approx(old.score, abs=1e-9)
    assert new.verdict is old.verdict


@pytest.mark.parametrize(
    ("answer", "rating"),
    [(2, Rating.GOOD), (1, Rating.HARD), (0, Rating.AGAIN), (3, Rating.AGAIN)],
)
def test_the_rating_follows_the_partial_credit(answer: int, rating: Rating) -> None:
    assert propose_rating(grade(HALF, answer), 10_000, HALF) is rating


def test_a_third_of_the_credit_proposes_again() -> None:
    third = ChoiceCard(
        id="t", deck_id="d", prompt="?", options=("a", "b"), answer=0, credits=(1.0, 0.33)
    )
    assert propose_rating(grade(third, 1), 10_000, third) is Rating.AGAIN


@pytest.mark.parametrize(
    ("answer", "exam_penalty", "points"),
    [
        (2, 0.0, 1.0),
        (1, 0.0, 0.5),
        (1, 0.25, 0.5),  # partial credit is no wrong guess: never penalised
        (0, 0.0, 0.0),
        (0, 0.25, -0.25),  # the exam's guessing penalty
        (3, 0.0, -0.25),  # the author's own penalty for this option
        (3, 0.5, -0.25),  # ... which replaces the exam's
        (None, 0.5, 0.0),  # unanswered: never penalised
    ],
)
def test_exam_points_of_a_credited_choice(
    answer: Answer, exam_penalty: float, points: float
) -> None:
    _, score = score_answer(HALF, answer, penalty=exam_penalty)
    assert score == points


def test_cards_with_credits_round_trip_through_storage_and_old_cards_still_load() -> None:
    for card in (HALF, WEIGHTED, PLAIN_MULTI):
        assert card_from_dict(card_to_dict(card)) == card
    assert "credits" not in card_to_dict(PLAIN_MULTI)


@pytest.mark.parametrize("credits", [[1, 0.5], [1, 0.5, 2], [1, "0.5", 0], [1, True, 0]])
def test_stored_credits_of_the_wrong_shape_are_refused(credits: list[object]) -> None:
    stored = card_to_dict(HALF)
    stored["credits"] = credits
    with pytest.raises(SerializeError):
        card_from_dict(stored)


@pytest.mark.parametrize(
    ("credit", "words"),
    [
        (1.0, "full credit"),
        (0.5, "half credit"),
        (0.25, "a quarter of the credit"),
        (0.4, "40% credit"),
        (0.3333333, "33.33% credit"),
        (0.0, "no credit"),
        (-0.25, "a penalty of 25%"),
    ],
)
def test_credit_words(credit: float, words: str) -> None:
    assert credit_words(credit) == words


def test_percent_text_drops_trailing_zeros() -> None:
    assert [percent_text(c) for c in (1.0, 0.5, -0.125, 0.0)] == ["100%", "50%", "-12.5%", "0%"]
