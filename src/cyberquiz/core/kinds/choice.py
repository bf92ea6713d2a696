"""Choice cards: one right option among several."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from cyberquiz.core.answers import Answer, Grade
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


@dataclass(frozen=True, slots=True, kw_only=True)
class ChoiceCard(CardBase):
    """One right option; ``answer`` is its index in ``options``."""

    prompt: str
    options: tuple[str, ...]
    answer: int

    @property
    def kind(self) -> Kind:
        return Kind.CHOICE

    @property
    def question(self) -> str:
        return self.prompt


class ChoiceRules(KindRules[ChoiceCard]):
    """The answer is ``int | None`` (an index into ``options``); RIGHT 1 or WRONG 0."""

    kind = Kind.CHOICE
    card_type = ChoiceCard
    label = "choose one"
    guess_penalty = True
    fast_base_ms = 3_500
    slow_base_ms = 30_000

    def fields_to_dict(self, card: ChoiceCard) -> dict[str, Any]:
        return {"prompt": card.prompt, "options": list(card.options), "answer": card.answer}

    def card_from_dict(self, d: Mapping[str, Any], common: Common) -> ChoiceCard:
        return ChoiceCard(
            **common,
            prompt=read_str(d, "prompt"),
            options=read_strs(d, "options"),
            answer=read_int(d["answer"], "answer"),
        )

    def answer_to_value(self, card: ChoiceCard, answer: Answer) -> Any:
        return answer

    def answer_from_value(self, card: ChoiceCard, value: Any) -> Answer:
        if value is not None and not is_int(value):
            raise SerializeError(f"expected an option index, not {value!r}")
        return value if value is None else int(value)

    def is_answer_shape(self, card: ChoiceCard, answer: Answer) -> bool:
        return is_int(answer)

    def grade_given(self, card: ChoiceCard, answer: Answer, expected: str, given: str) -> Grade:
        return right_or_wrong(answer == card.answer, expected, given)

    def answer_text(self, card: ChoiceCard, answer: Answer) -> str:
        return option_text(card.options, cast(int | None, answer))

    def expected_text(self, card: ChoiceCard) -> str:
        return option_text(card.options, card.answer)

    def chars_read(self, card: ChoiceCard) -> int:
        return len(card.question) + sum(len(o) for o in card.options)

    def presentation(self, card: ChoiceCard, rng: random.Random) -> tuple[int, ...]:
        return shuffled(len(card.options), rng)


RULES = ChoiceRules()
