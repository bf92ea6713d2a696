"""True/false cards: a statement that is true or false."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from cyberquiz.core.answers import Answer, Grade
from cyberquiz.core.kinds.base import (
    BLANK,
    CardBase,
    Common,
    Kind,
    KindRules,
    SerializeError,
    read_str,
    right_or_wrong,
)

if TYPE_CHECKING:
    from cyberquiz.core.jsonvalue import JSONValue


@dataclass(frozen=True, slots=True, kw_only=True)
class TrueFalseCard(CardBase):
    statement: str
    answer: bool

    @property
    def kind(self) -> Kind:
        return Kind.TRUEFALSE

    @property
    def question(self) -> str:
        return self.statement


def _true_false(value: bool | None) -> str:
    return BLANK if value is None else ("True" if value else "False")


class TrueFalseRules(KindRules[TrueFalseCard]):
    """The answer is ``bool | None``; RIGHT 1 or WRONG 0."""

    kind = Kind.TRUEFALSE
    card_type = TrueFalseCard
    label = "true or false"
    fast_base_ms = 2_500
    slow_base_ms = 20_000

    def fields_to_dict(self, card: TrueFalseCard) -> dict[str, JSONValue]:
        return {"statement": card.statement, "answer": card.answer}

    def card_from_dict(self, d: Mapping[str, object], common: Common) -> TrueFalseCard:
        if not isinstance(d["answer"], bool):
            raise SerializeError(f"answer should be true or false: {d['answer']!r}")
        return TrueFalseCard(**common, statement=read_str(d, "statement"), answer=d["answer"])

    def answer_to_value(self, card: TrueFalseCard, answer: Answer) -> bool | None:
        return cast("bool | None", answer)  # the kind's shape: true, false or None

    def answer_from_value(self, card: TrueFalseCard, value: object) -> bool | None:
        if value is not None and not isinstance(value, bool):
            raise SerializeError(f"expected true, false or null, not {value!r}")
        return value

    def is_answer_shape(self, card: TrueFalseCard, answer: Answer) -> bool:
        return isinstance(answer, bool)

    def grade_given(self, card: TrueFalseCard, answer: Answer, expected: str, given: str) -> Grade:
        return right_or_wrong(answer is card.answer, expected, given)

    def answer_text(self, card: TrueFalseCard, answer: Answer) -> str:
        return _true_false(answer if isinstance(answer, bool) else None)

    def expected_text(self, card: TrueFalseCard) -> str:
        return _true_false(card.answer)


RULES = TrueFalseRules()
