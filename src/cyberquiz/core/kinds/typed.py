"""Typed cards: the student types a name, a term, a short phrase."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cyberquiz.core.answers import Answer, Grade, Verdict
from cyberquiz.core.kinds.base import (
    BLANK,
    C,
    CardBase,
    Common,
    Kind,
    KindRules,
    SerializeError,
    read_str,
    read_strs,
)

if TYPE_CHECKING:
    from cyberquiz.core.jsonvalue import JSONValue

#: Score of a typed answer (or cloze gap) that is right but for a small typo.
ALMOST_SCORE = 0.9


@dataclass(frozen=True, slots=True, kw_only=True)
class TypedCard(CardBase):
    """``reject``: names never accepted (other entities' names, from the glossary);
    ``context``: words that may stand around the answer besides the prompt's own."""

    prompt: str
    answer: str
    accept: tuple[str, ...] = ()
    reject: tuple[str, ...] = ()
    context: tuple[str, ...] = ()

    @property
    def kind(self) -> Kind:
        return Kind.TYPED

    @property
    def question(self) -> str:
        return self.prompt


def read_text_answer(value: object) -> str:
    """A stored typed-in answer, which must be text."""
    if not isinstance(value, str):
        raise SerializeError(f"expected text, not {value!r}")
    return value


class TextAnswerRules(KindRules[C]):
    """The answer codec of the kinds answered by typing one line (typed, date, number)."""

    def answer_to_value(self, card: C, answer: Answer) -> str:
        return "" if answer is None else str(answer)

    def answer_from_value(self, card: C, value: object) -> str:
        return read_text_answer(value)

    def is_answer_shape(self, card: C, answer: Answer) -> bool:
        return isinstance(answer, str)

    def is_empty(self, card: C, answer: Answer) -> bool:
        return answer is None or not str(answer).strip()


class TypedRules(TextAnswerRules[TypedCard]):
    """The answer is the text as typed.

    The answer or an ``accept`` alternative as a teacher reads it
    (:func:`~cyberquiz.core.teacher.judge_text`: words in any order, with an acronym, a
    qualifier, the prompt's own words, a number in words) → RIGHT, 1. Within the typo budget,
    and not another word or a ``reject`` name → ALMOST, :data:`ALMOST_SCORE` (counted as
    correct, but a slip the student should see). Else WRONG, 0.
    """

    retypes_after_miss = True

    kind = Kind.TYPED
    card_type = TypedCard
    label = "type the answer"
    fast_base_ms = 4_000
    slow_base_ms = 40_000

    def fields_to_dict(self, card: TypedCard) -> dict[str, JSONValue]:
        data: dict[str, JSONValue] = {
            "prompt": card.prompt,
            "answer": card.answer,
            "accept": list(card.accept),
        }
        # written only when set, so cards stored before the glossary read back unchanged
        if card.reject:
            data["reject"] = list(card.reject)
        if card.context:
            data["context"] = list(card.context)
        return data

    def card_from_dict(self, d: Mapping[str, object], common: Common) -> TypedCard:
        return TypedCard(
            **common,
            prompt=read_str(d, "prompt"),
            answer=read_str(d, "answer"),
            accept=read_strs(d, "accept") if "accept" in d else (),
            reject=read_strs(d, "reject") if "reject" in d else (),
            context=read_strs(d, "context") if "context" in d else (),
        )

    def grade_given(self, card: TypedCard, answer: Answer, expected: str, given: str) -> Grade:
        # deferred: core.text loads rapidfuzz, which start-up (loading decks) does not need
        from cyberquiz.core.teacher import AnswerKey, judge_text
        from cyberquiz.core.text import Match

        key = AnswerKey((card.answer, *card.accept), card.reject, (card.prompt, *card.context))
        result, matched = judge_text(str(answer), key)
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
