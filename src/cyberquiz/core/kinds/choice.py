"""Choice cards: one option to pick, one of them fully right; others may give partial credit."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from cyberquiz.core.answers import Answer, Grade, Verdict
from cyberquiz.core.kinds.base import (
    CardBase,
    Common,
    Kind,
    KindRules,
    SerializeError,
    is_int,
    option_text,
    read_int,
    read_str,
    read_strs,
    right_or_wrong,
    shuffled,
)
from cyberquiz.core.kinds.credit import credit_words, is_full, read_credits

if TYPE_CHECKING:
    from cyberquiz.core.jsonvalue import JSONValue


@dataclass(frozen=True, slots=True, kw_only=True)
class ChoiceCard(CardBase):
    """One option to pick; ``answer`` is the index of the (first) fully right one in ``options``.

    ``credits``, when not empty, is each option's credit in [-1, 1] (see
    :mod:`cyberquiz.core.kinds.credit`); empty means 1 for the answer and 0 for the others.
    """

    prompt: str
    options: tuple[str, ...]
    answer: int
    credits: tuple[float, ...] = ()

    def credit(self, index: int) -> float:
        """The credit of option ``index`` (0 for an index out of range)."""
        if not 0 <= index < len(self.options):
            return 0.0
        if self.credits:
            return self.credits[index]
        return 1.0 if index == self.answer else 0.0

    @property
    def kind(self) -> Kind:
        return Kind.CHOICE

    @property
    def question(self) -> str:
        return self.prompt


class ChoiceRules(KindRules[ChoiceCard]):
    """The answer is ``int | None`` (an index into ``options``).

    RIGHT 1 for a fully right option, PARTIAL with the option's credit for a partly right one,
    else WRONG 0 (with the option's negative credit as the exam penalty).
    """

    kind = Kind.CHOICE
    card_type = ChoiceCard
    label = "choose one"
    guess_penalty = True
    fast_base_ms = 3_500
    slow_base_ms = 30_000

    def fields_to_dict(self, card: ChoiceCard) -> dict[str, JSONValue]:
        d: dict[str, JSONValue] = {
            "prompt": card.prompt,
            "options": list(card.options),
            "answer": card.answer,
        }
        if card.credits:
            d["credits"] = list(card.credits)
        return d

    def card_from_dict(self, d: Mapping[str, object], common: Common) -> ChoiceCard:
        options = read_strs(d, "options")
        return ChoiceCard(
            **common,
            prompt=read_str(d, "prompt"),
            options=options,
            answer=read_int(d["answer"], "answer"),
            credits=read_credits(d, len(options)),
        )

    def answer_to_value(self, card: ChoiceCard, answer: Answer) -> int | None:
        return cast("int | None", answer)  # the kind's shape: an option's index, or None

    def answer_from_value(self, card: ChoiceCard, value: object) -> int | None:
        if value is not None and not is_int(value):
            raise SerializeError(f"expected an option index, not {value!r}")
        return value if value is None else int(value)

    def is_answer_shape(self, card: ChoiceCard, answer: Answer) -> bool:
        return is_int(answer)

    def grade_given(self, card: ChoiceCard, answer: Answer, expected: str, given: str) -> Grade:
        if not card.credits:
            return right_or_wrong(answer == card.answer, expected, given)
        credit = card.credit(cast(int, answer))
        if is_full(credit):
            return right_or_wrong(True, expected, given)
        if credit > 0:
            message = f"{credit_words(credit).capitalize()}: this option is partly right."
            return Grade(credit, Verdict.PARTIAL, expected, given, (), message)
        if credit < 0:
            message = f"Wrong, and {credit_words(credit)} in an exam."
            return Grade(0.0, Verdict.WRONG, expected, given, (), message, penalty=-credit)
        return right_or_wrong(False, expected, given)

    def answer_credit(self, card: ChoiceCard, answer: Answer) -> float | None:
        if not card.credits or not is_int(answer):
            return None
        return card.credit(answer)

    def answer_text(self, card: ChoiceCard, answer: Answer) -> str:
        return option_text(card.options, cast(int | None, answer))

    def expected_text(self, card: ChoiceCard) -> str:
        return option_text(card.options, card.answer)

    def chars_read(self, card: ChoiceCard) -> int:
        return len(card.question) + sum(len(o) for o in card.options)

    def presentation(self, card: ChoiceCard, rng: random.Random) -> tuple[int, ...]:
        return shuffled(len(card.options), rng)


RULES = ChoiceRules()
