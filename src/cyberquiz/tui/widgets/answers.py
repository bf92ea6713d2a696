"""Answer widgets: one per card kind, each with its natural input (see ``widgets/__init__``).

The widgets live in ``answer_base`` (the base class and its messages), ``answer_text`` (typed,
date, cloze, flip), ``answer_choice`` (choice, true/false, multi) and ``answer_arrange`` (order,
match); this module builds the right one for a card and re-exports them all.
"""

from __future__ import annotations

from collections.abc import Sequence

from cyberquiz.core.cards import Card, Kind
from cyberquiz.tui.widgets.answer_arrange import MatchAnswer, OrderAnswer
from cyberquiz.tui.widgets.answer_base import LETTERS, AnswerOptionList, AnswerWidget
from cyberquiz.tui.widgets.answer_choice import ChoiceAnswer, MultiAnswer, TrueFalseAnswer
from cyberquiz.tui.widgets.answer_text import ClozeAnswer, FlipAnswer, TextAnswer

#: The answer widget of each kind (a test fails naming any kind missing here).
ANSWER_WIDGETS: dict[Kind, type[AnswerWidget]] = {
    Kind.FLIP: FlipAnswer,
    Kind.TYPED: TextAnswer,
    Kind.DATE: TextAnswer,
    Kind.CHOICE: ChoiceAnswer,
    Kind.MULTI: MultiAnswer,
    Kind.TRUEFALSE: TrueFalseAnswer,
    Kind.CLOZE: ClozeAnswer,
    Kind.ORDER: OrderAnswer,
    Kind.MATCH: MatchAnswer,
    Kind.NUMBER: TextAnswer,
}


def make_answer_widget(
    card: Card, order: Sequence[int] = (), *, id: str | None = "answer"
) -> AnswerWidget:
    """The answer widget for ``card``'s kind, showing options/items/partners in ``order``.

    Args:
        card: the card being asked.
        order: display order from ``cyberquiz.core.present.presentation(card, rng)``; empty or
            invalid means the card's own order.
        id: the widget id.
    """
    return ANSWER_WIDGETS[card.kind](card, order, id=id)


__all__ = [
    "ANSWER_WIDGETS",
    "LETTERS",
    "AnswerOptionList",
    "AnswerWidget",
    "ChoiceAnswer",
    "ClozeAnswer",
    "FlipAnswer",
    "MatchAnswer",
    "MultiAnswer",
    "OrderAnswer",
    "TextAnswer",
    "TrueFalseAnswer",
    "make_answer_widget",
]
