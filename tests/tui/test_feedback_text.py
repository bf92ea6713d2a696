"""What the feedback panel says about a typed answer, as plain text."""

from __future__ import annotations

import pytest

from cyberquiz.core.answers import Answer, Verdict
from cyberquiz.core.cards import (
    Card,
    ChoiceCard,
    ClozeCard,
    DateCard,
    FlipCard,
    MatchCard,
    MultiCard,
    NumberCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)
from cyberquiz.core.grading import grade
from cyberquiz.tui.widgets.feedback import feedback_body

from .cards import all_kinds

CARD = TypedCard(
    id="t-un",
    deck_id="d",
    prompt="Which organization plays the leading role?",
    answer="United Nations",
    accept=("UN", "Organisation des Nations unies"),
    explain="The UN's conventions laid the primary basis.",
    source="The UN plays a leading role",
)


def given_line(answer: str) -> str:
    lines = [line.plain for line in feedback_body(CARD, grade(CARD, answer))]
    return next(line for line in lines if line.startswith("You answered: "))


@pytest.mark.parametrize(
    ("answer", "shown"),
    [
        # Wrong: the answer exactly as typed, not merged with the expected words.
        ("Budapest", "You answered: Budapest"),
        # Almost: a word diff; the misspelt word (struck out) stands before the right one.
        ("United Natoins", "You answered: United Natoins Nations"),
        # Almost an accepted alternative: the diff is against that alternative, not the answer.
        (
            "Organisation des Nations unis",
            "You answered: Organisation des Nations unis unies",
        ),
    ],
)
def test_given_answer_line(answer: str, shown: str) -> None:
    assert given_line(answer) == shown


def right_answer(card: Card) -> Answer:
    """The right answer to one of :func:`all_kinds`' cards."""
    match card:
        case TypedCard() | NumberCard():
            return str(card.answer)
        case DateCard():
            return "2001"
        case ChoiceCard() | TrueFalseCard():
            return card.answer
        case MultiCard():
            return card.answers
        case ClozeCard():
            return tuple(gap.answers[0] for gap in card.gaps)
        case OrderCard():
            return tuple(range(len(card.items)))
        case MatchCard():
            return tuple(range(len(card.pairs)))
    raise AssertionError(card)


@pytest.mark.parametrize("card", [c for c in all_kinds() if not isinstance(c, FlipCard)])
def test_the_verdict_is_said_once(card: Card) -> None:
    """Issue 13.5: "✓ Right" above "Right.", and "Not answered" above "No answer: here it is."."""
    right = grade(card, right_answer(card))
    assert right.verdict is Verdict.RIGHT
    assert "Right." not in [line.plain for line in feedback_body(card, right)]
    empty = grade(card, None)
    assert empty.verdict is Verdict.EMPTY
    assert not [line for line in feedback_body(card, empty) if "No answer" in line.plain]
