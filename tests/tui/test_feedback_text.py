"""What the feedback panel says about a typed answer, as plain text."""

from __future__ import annotations

import pytest

from cyberquiz.core.cards import TypedCard
from cyberquiz.core.grading import grade
from cyberquiz.tui.widgets.feedback import feedback_body

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
