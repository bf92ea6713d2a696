"""The feedback panel names the credit an option with credit earned (headless: no app)."""

from __future__ import annotations

import pytest

from cyberquiz.core.answers import Answer
from cyberquiz.core.cards import ChoiceCard
from cyberquiz.core.grading import grade
from cyberquiz.tui.widgets.feedback import feedback_body
from support import credit_cards

CHOICE, MULTI = credit_cards()


@pytest.mark.parametrize(
    ("card", "answer", "line"),
    [
        (CHOICE, 1, "Half credit: this option is partly right."),
        (CHOICE, 2, "Wrong, and a penalty of 25% in an exam."),
        (MULTI, frozenset({0}), "Half credit: 1 of 2 right options; 1 missed."),
    ],
)
def test_the_credit_is_said_under_the_verdict(card: ChoiceCard, answer: Answer, line: str) -> None:
    lines = [content.plain for content in feedback_body(card, grade(card, answer))]
    assert lines[0] == line
    assert "Expected: " + grade(card, answer).expected in lines
