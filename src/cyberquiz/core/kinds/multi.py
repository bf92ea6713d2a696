"""Multi cards: several right options, a mark per option; options may carry credits."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from cyberquiz.core.answers import Answer, Grade, Mark
from cyberquiz.core.kinds.base import (
    BLANK,
    CardBase,
    Common,
    Kind,
    KindRules,
    is_int,
    option_text,
    read_int,
    read_list,
    read_str,
    read_strs,
    shuffled,
    verdict_for,
)
from cyberquiz.core.kinds.credit import (
    clamp_score,
    credit_words,
    is_full,
    multi_total,
    read_credits,
)

if TYPE_CHECKING:
    from cyberquiz.core.jsonvalue import JSONValue

_SELECTED, _NOT_SELECTED = "selected", "not selected"


@dataclass(frozen=True, slots=True, kw_only=True)
class MultiCard(CardBase):
    """Several right options; ``answers`` are their indices in ``options``.

    ``credits``, when not empty, is each option's credit in [-1, 1]: ``answers`` are then the
    options with a positive credit. Empty means ``1/n`` for each of the ``n`` right options and
    ``-1/n`` for each wrong one (see :mod:`cyberquiz.core.kinds.credit`).
    """

    prompt: str
    options: tuple[str, ...]
    answers: frozenset[int]
    credits: tuple[float, ...] = ()

    @property
    def kind(self) -> Kind:
        return Kind.MULTI

    @property
    def question(self) -> str:
        return self.prompt


class MultiRules(KindRules[MultiCard]):
    """The answer is a ``frozenset[int]`` of option indices.

    Score = (right picks − wrong picks) / number of right options, floored at 0; with credits,
    the sum of the credits picked, floored at 0 and capped at 1 (Moodle's rule). 1 → RIGHT,
    above 0 → PARTIAL, else WRONG.
    """

    kind = Kind.MULTI
    card_type = MultiCard
    label = "choose all that apply"
    fast_base_ms = 5_000
    slow_base_ms = 40_000

    def fields_to_dict(self, card: MultiCard) -> dict[str, JSONValue]:
        d: dict[str, JSONValue] = {
            "prompt": card.prompt,
            "options": list(card.options),
            "answers": sorted(card.answers),
        }
        if card.credits:
            d["credits"] = list(card.credits)
        return d

    def card_from_dict(self, d: Mapping[str, Any], common: Common) -> MultiCard:
        options = read_strs(d, "options")
        return MultiCard(
            **common,
            prompt=read_str(d, "prompt"),
            options=options,
            answers=frozenset(read_int(i, "answers") for i in d["answers"]),
            credits=read_credits(d, len(options)),
        )

    def answer_to_value(self, card: MultiCard, answer: Answer) -> list[int]:
        return sorted(cast(frozenset[int], answer or frozenset()))

    def answer_from_value(self, card: MultiCard, value: object) -> frozenset[int]:
        return frozenset(read_list(value, is_int, "option indices"))

    def is_answer_shape(self, card: MultiCard, answer: Answer) -> bool:
        return isinstance(answer, frozenset | set) and all(is_int(i) for i in answer)

    def is_empty(self, card: MultiCard, answer: Answer) -> bool:
        return answer is None or len(cast(frozenset[int], answer)) == 0

    def grade_given(self, card: MultiCard, answer: Answer, expected: str, given: str) -> Grade:
        picks = cast(frozenset[int], answer)
        right_picks = len(picks & card.answers)
        wrong_picks = len(picks - card.answers)
        if card.credits:
            score = clamp_score(multi_total(card.credits, picks))
        else:
            score = max(0.0, (right_picks - wrong_picks) / max(1, len(card.answers)))
        marks = tuple(
            Mark(
                label=option,
                given=_SELECTED if i in picks else _NOT_SELECTED,
                expected=_SELECTED if i in card.answers else _NOT_SELECTED,
                ok=(i in picks) == (i in card.answers),
            )
            for i, option in enumerate(card.options)
        )
        # with credits, a set of picks worth full credit is right (Moodle: the sum reaches 1)
        all_right = is_full(score) if card.credits else picks == card.answers
        if all_right:
            message = "Right."
        else:
            missed = len(card.answers) - right_picks
            bits = []
            if missed:
                bits.append(f"{missed} missed")
            if wrong_picks:
                bits.append(f"{wrong_picks} wrongly picked")
            message = (
                f"{right_picks} of {len(card.answers)} right options; " + ", ".join(bits) + "."
            )
            if card.credits:
                message = f"{credit_words(score).capitalize()}: {message}"
        return Grade(score, verdict_for(score, all_right), expected, given, marks, message)

    def answer_credit(self, card: MultiCard, answer: Answer) -> float | None:
        if not card.credits or not self.is_answer_shape(card, answer) or not answer:
            return None
        return multi_total(card.credits, cast(frozenset[int], answer))

    def answer_text(self, card: MultiCard, answer: Answer) -> str:
        picked = sorted(cast(frozenset[int], answer or frozenset()))
        return "; ".join(option_text(card.options, i) for i in picked) or BLANK

    def expected_text(self, card: MultiCard) -> str:
        return "; ".join(option_text(card.options, i) for i in sorted(card.answers))

    def chars_read(self, card: MultiCard) -> int:
        return len(card.question) + sum(len(o) for o in card.options)

    def presentation(self, card: MultiCard, rng: random.Random) -> tuple[int, ...]:
        return shuffled(len(card.options), rng)


RULES = MultiRules()
