"""Typed cards: the student types a name, a term, a short phrase."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cyberquiz.core.answers import Answer, Grade, Verdict
from cyberquiz.core.kinds.base import (
    BLANK,
    CardBase,
    Common,
    Kind,
    KindRules,
    SerializeError,
    read_str,
    read_strs,
)

#: Score of a typed answer (or cloze gap) that is right but for a small typo.
ALMOST_SCORE = 0.9


@dataclass(frozen=True, slots=True, kw_only=True)
class TypedCard(CardBase):
    prompt: str
    answer: str
    accept: tuple[str, ...] = ()

    @property
    def kind(self) -> Kind:
        return Kind.TYPED

    @property
    def question(self) -> str:
        return self.prompt


def read_text_answer(value: Any) -> str:
    """A stored typed-in answer, which must be text."""
    if not isinstance(value, str):
        raise SerializeError(f"expected text, not {value!r}")
    return value


class TypedRules(KindRules[TypedCard]):
    """The answer is the text as typed.

    Equal to the answer or an ``accept`` alternative after :func:`~cyberquiz.core.text.normalize`
    → RIGHT, 1. Within the typo budget → ALMOST, :data:`ALMOST_SCORE` (counted as correct, but a
    slip the student should see). Else WRONG, 0.
    """

    kind = Kind.TYPED
    card_type = TypedCard
    label = "type the answer"
    fast_base_ms = 4_000
    slow_base_ms = 40_000

    def fields_to_dict(self, card: TypedCard) -> dict[str, Any]:
        return {"prompt": card.prompt, "answer": card.answer, "accept": list(card.accept)}

    def card_from_dict(self, d: Mapping[str, Any], common: Common) -> TypedCard:
        accept = read_strs(d, "accept") if "accept" in d else ()
        return TypedCard(
            **common, prompt=read_str(d, "prompt"), answer=read_str(d, "answer"), accept=accept
        )

    def answer_to_value(self, card: TypedCard, answer: Answer) -> Any:
        return "" if answer is None else str(answer)

    def answer_from_value(self, card: TypedCard, value: Any) -> Answer:
        return read_text_answer(value)

    def is_answer_shape(self, card: TypedCard, answer: Answer) -> bool:
        return isinstance(answer, str)

    def is_empty(self, card: TypedCard, answer: Answer) -> bool:
        return answer is None or not str(answer).strip()

    def grade_given(self, card: TypedCard, answer: Answer, expected: str, given: str) -> Grade:
        # deferred: core.text loads rapidfuzz, which start-up (loading decks) does not need
        from cyberquiz.core.text import Match, check_text

        result, matched = check_text(str(answer), (card.answer, *card.accept))
        if result is Match.EXACT:
            message = "Right." if matched == card.answer else f"Right (also: {card.answer})."
            return Grade(1.0, Verdict.RIGHT, expected, given, (), message)
        if result is Match.ALMOST:
            return Grade(
                ALMOST_SCORE,
                Verdict.ALMOST,
                expected,
                given,
                (),
                f"Almost: check the spelling of {matched}.",
                closest=matched or "",
            )
        return Grade(0.0, Verdict.WRONG, expected, given, (), f"Wrong: the answer is {expected}.")

    def answer_text(self, card: TypedCard, answer: Answer) -> str:
        return str(answer or "").strip() or BLANK

    def expected_text(self, card: TypedCard) -> str:
        return card.answer

    def chars_typed(self, card: TypedCard) -> int:
        return len(card.answer)


RULES = TypedRules()
