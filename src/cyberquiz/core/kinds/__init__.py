"""The card kinds: one module per kind, and the registry that is the only switch on kinds.

Adding a kind: write ``core/kinds/<kind>.py`` (its card dataclass and a :class:`KindRules`), add
it to :data:`Card` and :data:`KINDS` here, then one entry in each format table (the tests name
every table that lacks it).
"""

from __future__ import annotations

from typing import Any, TypeAlias

from cyberquiz.core.kinds import (
    choice,
    cloze,
    date,
    flip,
    match,
    multi,
    number,
    order,
    truefalse,
    typed,
)
from cyberquiz.core.kinds.base import CardBase, Kind, KindRules, Origin
from cyberquiz.core.kinds.choice import ChoiceCard
from cyberquiz.core.kinds.cloze import ClozeCard, Gap
from cyberquiz.core.kinds.date import DateCard
from cyberquiz.core.kinds.flip import FlipCard
from cyberquiz.core.kinds.match import MatchCard
from cyberquiz.core.kinds.multi import MultiCard
from cyberquiz.core.kinds.number import NumberCard
from cyberquiz.core.kinds.order import OrderCard
from cyberquiz.core.kinds.truefalse import TrueFalseCard
from cyberquiz.core.kinds.typed import TypedCard
from cyberquiz.core.partial_date import PartialDate, Precision

Card: TypeAlias = (
    FlipCard
    | TypedCard
    | DateCard
    | ChoiceCard
    | MultiCard
    | TrueFalseCard
    | ClozeCard
    | OrderCard
    | MatchCard
    | NumberCard
)

# Each entry is a KindRules of its own card type; a dict cannot say "the value's type follows
# the key", so the values are typed for any card and rules_for() is the one place that relies on it.
KINDS: dict[Kind, KindRules[Any]] = {
    rules.kind: rules
    for rules in (
        flip.RULES,
        typed.RULES,
        date.RULES,
        choice.RULES,
        multi.RULES,
        truefalse.RULES,
        cloze.RULES,
        order.RULES,
        match.RULES,
        number.RULES,
    )
}


def rules_for(card: CardBase) -> KindRules[Any]:
    """The rules of ``card``'s kind."""
    return KINDS[card.kind]


def question_text(card: Card) -> str:
    """The question as a student sees it, in plain text (a cloze shows ``___`` gaps).

    Every screen and export that shows a card's question uses this.
    """
    text: str = rules_for(card).question_text(card)
    return text


__all__ = [
    "KINDS",
    "Card",
    "CardBase",
    "ChoiceCard",
    "ClozeCard",
    "DateCard",
    "FlipCard",
    "Gap",
    "Kind",
    "KindRules",
    "MatchCard",
    "MultiCard",
    "NumberCard",
    "OrderCard",
    "Origin",
    "PartialDate",
    "Precision",
    "TrueFalseCard",
    "TypedCard",
    "question_text",
    "rules_for",
]
