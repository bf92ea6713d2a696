"""Reusable widgets that show cards and take answers (study, practice and exam screens use them).

All of them show deck text literally (as :class:`textual.content.Content`), never as markup.

``make_answer_widget(card, order=(), *, id="answer") -> AnswerWidget``
    The input for a card's kind. ``order`` is the display order from
    ``cyberquiz.core.present.presentation(card, rng)`` (options, items or right-hand sides);
    answers always use the card's own indices.

``AnswerWidget`` (base of ``TextAnswer``, ``ChoiceAnswer``, ``TrueFalseAnswer``, ``MultiAnswer``,
``ClozeAnswer``, ``OrderAnswer``, ``MatchAnswer``, ``FlipAnswer``)
    ``.current_answer() -> Answer``: the answer as it stands (shape per kind, see
    :mod:`cyberquiz.core.answers`). ``.set_answer(answer)``: show a stored answer (going back in
    an exam). ``.focus_input()``: focus what takes keys. ``.freeze()``: stop taking input.
    ``.hint``: one line saying which keys answer. Messages (dataclasses, handled with
    ``@on(AnswerWidget.Answered)``): ``AnswerWidget.Answered(widget, answer)`` when the student
    submits (Enter, a choice key, a click, space on a flip card) and
    ``AnswerWidget.Changed(widget, answer)`` whenever the answer changes.

    Keys: typed/date Enter submits; choice 1–9 or a–z (or click/Enter) picks and submits;
    true/false t/f or 1/2; multi space/1–9/a–z toggle, Enter submits; cloze Tab/Enter to the next
    gap, Enter in the last submits; order ctrl+↑/↓ or K/J move the highlighted item, or type the
    item labels in the new order, Enter submits; match 1–9 picks a left item, a–z its partner
    (or space/click in either list), Enter submits; flip space/Enter/click reveals.

``CardView(card, *, position="", flagged=False)``
    The question: a header line (deck · kind · area, flag, position such as ``3 of 20``) and
    the question text (cloze gaps shown as numbered blanks). ``.set_flagged(bool)``.

``FeedbackPanel(card, grade, *, practice=False, retype=False)``
    After an answer: the verdict (right / partly right / wrong / not answered), the expected
    answer, the student's answer, a word diff for typed answers, the wrong marks, the card's
    explain, source and note; with ``retype`` an input for typing the expected answer.
    ``grade=None`` shows a flip card's back for self-rating.

``RatingBar()``
    The rating buttons and keys, docked at the bottom of the study screen so they stay in view.
    ``.show(rating, self_rated=...)``; posts ``RatingBar.RatingChosen(bar, rating)`` on a click.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cyberquiz.tui.widgets.answers import (
        AnswerWidget,
        ChoiceAnswer,
        ClozeAnswer,
        FlipAnswer,
        MatchAnswer,
        MultiAnswer,
        OrderAnswer,
        TextAnswer,
        TrueFalseAnswer,
        make_answer_widget,
    )
    from cyberquiz.tui.widgets.cardview import CardView, question_content
    from cyberquiz.tui.widgets.feedback import FeedbackPanel, RatingBar

#: Where each name lives. Every widget module imports this package first, so it imports none
#: of them itself: the first card's frame loads the widgets it shows, not the feedback's.
_HOMES: dict[str, str] = {
    "AnswerWidget": "answers",
    "ChoiceAnswer": "answers",
    "ClozeAnswer": "answers",
    "FlipAnswer": "answers",
    "MatchAnswer": "answers",
    "MultiAnswer": "answers",
    "OrderAnswer": "answers",
    "TextAnswer": "answers",
    "TrueFalseAnswer": "answers",
    "make_answer_widget": "answers",
    "CardView": "cardview",
    "question_content": "cardview",
    "FeedbackPanel": "feedback",
    "RatingBar": "feedback",
}


def __getattr__(name: str) -> object:
    """The names of ``__all__``, each imported from its module on first use (PEP 562)."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)


__all__ = [
    "AnswerWidget",
    "CardView",
    "ChoiceAnswer",
    "ClozeAnswer",
    "FeedbackPanel",
    "FlipAnswer",
    "MatchAnswer",
    "MultiAnswer",
    "OrderAnswer",
    "RatingBar",
    "TextAnswer",
    "TrueFalseAnswer",
    "make_answer_widget",
    "question_content",
]
