"""Grading: how right an answer is, for every kind of card.

:func:`grade` is pure: a card and an answer (shapes in :mod:`cyberquiz.core.answers`) in, a
:class:`~cyberquiz.core.answers.Grade` out. For every kind, an empty answer (``""``, ``None``, empty
set or tuple, all gaps blank) is EMPTY, 0, and a malformed answer (the wrong type, an index out of
range, an order that is not a permutation) is graded WRONG, never raised: the grader runs on
whatever the UI or a stored review hands it. Flip cards are SELF, 0: the student grades themself.
The rules of each kind are in its module under :mod:`cyberquiz.core.kinds` (``grade_given``).
"""

from __future__ import annotations

from cyberquiz.core.answers import Answer, Grade
from cyberquiz.core.cards import Card
from cyberquiz.core.kinds import rules_for
from cyberquiz.core.kinds.date import DATE_MONTH_SCORE, DATE_YEAR_SCORE
from cyberquiz.core.kinds.order import longest_increasing_run
from cyberquiz.core.kinds.typed import ALMOST_SCORE

__all__ = [
    "ALMOST_SCORE",
    "DATE_MONTH_SCORE",
    "DATE_YEAR_SCORE",
    "grade",
    "longest_increasing_run",
]


def grade(card: Card, answer: Answer) -> Grade:
    """Judge one answer to one card.

    Args:
        card: the card asked.
        answer: the student's answer, in the shape documented in :mod:`cyberquiz.core.answers`
            for the card's kind (indices in the card's own order, not the shuffled display order).

    Returns:
        The grade: score in [0, 1], verdict, expected and given display text, per-element marks
        and a short message.
    """
    judged: Grade = rules_for(card).grade(card, answer)
    return judged
