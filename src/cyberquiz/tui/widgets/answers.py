"""Answer widgets: one per card kind, each with its natural input (see ``widgets/__init__``).

The widgets live in ``answer_base`` (the base class and its messages), ``answer_text`` (typed,
date, cloze, flip), ``answer_choice`` (choice, true/false, multi) and ``answer_arrange`` (order,
match); this module builds the right one for a card and re-exports them all. A kind's module is
imported when the first card of that kind is shown, not with this one: the first card's frame
at start-up loads one of the three (issue 13).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cyberquiz.core.cards import Card, Kind
from cyberquiz.tui.widgets.answer_base import LETTERS, AnswerOptionList, AnswerWidget

if TYPE_CHECKING:
    from cyberquiz.tui.widgets.answer_arrange import MatchAnswer, OrderAnswer
    from cyberquiz.tui.widgets.answer_choice import ChoiceAnswer, MultiAnswer, TrueFalseAnswer
    from cyberquiz.tui.widgets.answer_text import ClozeAnswer, FlipAnswer, TextAnswer

    #: The answer widget of each kind (a test fails naming any kind missing here).
    ANSWER_WIDGETS: dict[Kind, type[AnswerWidget]]

#: Where each answer widget class is written (module in this package).
_HOMES: dict[str, str] = {
    "FlipAnswer": "answer_text",
    "TextAnswer": "answer_text",
    "ClozeAnswer": "answer_text",
    "ChoiceAnswer": "answer_choice",
    "MultiAnswer": "answer_choice",
    "TrueFalseAnswer": "answer_choice",
    "OrderAnswer": "answer_arrange",
    "MatchAnswer": "answer_arrange",
}

#: The answer widget class of each kind, by name.
_KIND_WIDGETS: dict[Kind, str] = {
    Kind.FLIP: "FlipAnswer",
    Kind.TYPED: "TextAnswer",
    Kind.DATE: "TextAnswer",
    Kind.CHOICE: "ChoiceAnswer",
    Kind.MULTI: "MultiAnswer",
    Kind.TRUEFALSE: "TrueFalseAnswer",
    Kind.CLOZE: "ClozeAnswer",
    Kind.ORDER: "OrderAnswer",
    Kind.MATCH: "MatchAnswer",
    Kind.NUMBER: "TextAnswer",
}


def _widget_class(name: str) -> type[AnswerWidget]:
    module = importlib.import_module(f"{__package__}.{_HOMES[name]}")
    widget: type[AnswerWidget] = getattr(module, name)
    return widget


def answer_widget_class(kind: Kind) -> type[AnswerWidget]:
    """The answer widget of ``kind`` (its module is imported now if it was not yet)."""
    return _widget_class(_KIND_WIDGETS[kind])


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
    return answer_widget_class(card.kind)(card, order, id=id)


def __getattr__(name: str) -> object:
    """The widget classes and ``ANSWER_WIDGETS``, imported on first use (PEP 562)."""
    if name == "ANSWER_WIDGETS":
        return {kind: answer_widget_class(kind) for kind in _KIND_WIDGETS}
    if name in _HOMES:
        return _widget_class(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    "answer_widget_class",
    "make_answer_widget",
]
