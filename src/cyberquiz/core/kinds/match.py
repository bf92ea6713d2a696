"""Match cards: pair each left item with its right-hand side."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeGuard, cast

from cyberquiz.core.answers import Answer, Grade, Mark, Verdict
from cyberquiz.core.kinds.base import (
    BLANK,
    CardBase,
    Common,
    Kind,
    KindRules,
    SerializeError,
    is_int,
    option_text,
    read_list,
    read_str,
    shuffled_not_identity,
    verdict_for,
)

if TYPE_CHECKING:
    from cyberquiz.core.jsonvalue import JSONValue


@dataclass(frozen=True, slots=True, kw_only=True)
class MatchCard(CardBase):
    """``pairs`` of (left, right) that belong together."""

    prompt: str
    pairs: tuple[tuple[str, str], ...]

    @property
    def kind(self) -> Kind:
        return Kind.MATCH

    @property
    def question(self) -> str:
        return self.prompt


def _is_index_or_none(value: object) -> TypeGuard[int | None]:
    """A stored pairing: a right-hand item's index, or None for a left item left unpaired."""
    return value is None or is_int(value)


class MatchRules(KindRules[MatchCard]):
    """The answer is a ``tuple[int | None, ...]``: for each left item, the right item's index.

    Score = share of right pairs. All → RIGHT; some → PARTIAL; none → WRONG. Marks list the wrong
    pairs. The right-hand sides are never shown each beside its own left side.
    """

    kind = Kind.MATCH
    card_type = MatchCard
    label = "match the pairs"
    fast_base_ms = 6_000
    slow_base_ms = 60_000

    def fields_to_dict(self, card: MatchCard) -> dict[str, JSONValue]:
        return {"prompt": card.prompt, "pairs": [[left, right] for left, right in card.pairs]}

    def card_from_dict(self, d: Mapping[str, Any], common: Common) -> MatchCard:
        pairs = []
        for pair in d["pairs"]:
            if (
                not isinstance(pair, list | tuple)
                or len(pair) != 2
                or not all(isinstance(x, str) for x in pair)
            ):
                raise SerializeError(f"a pair should be two texts, not {pair!r}")
            pairs.append((pair[0], pair[1]))
        return MatchCard(**common, prompt=read_str(d, "prompt"), pairs=tuple(pairs))

    def answer_to_value(self, card: MatchCard, answer: Answer) -> list[int | None]:
        return list(cast(tuple[int | None, ...], answer or ()))

    def answer_from_value(self, card: MatchCard, value: object) -> tuple[int | None, ...]:
        return tuple(read_list(value, _is_index_or_none, "indices or nulls"))

    def is_answer_shape(self, card: MatchCard, answer: Answer) -> bool:
        return isinstance(answer, tuple | list) and all(i is None or is_int(i) for i in answer)

    def is_empty(self, card: MatchCard, answer: Answer) -> bool:
        return answer is None or all(a is None for a in cast(tuple[int | None, ...], answer))

    def grade_given(self, card: MatchCard, answer: Answer, expected: str, given: str) -> Grade:
        picks = cast(tuple[int | None, ...], answer)
        rights = [right for _, right in card.pairs]
        left_open = sum(1 for i in range(len(card.pairs)) if i >= len(picks) or picks[i] is None)
        if left_open:  # half paired: not an answer yet, given back (never recorded)
            message = (
                f"{left_open} of {len(card.pairs)} items are not paired yet: pair every item "
                "(or leave them all to see the answer)."
            )
            return Grade(0.0, Verdict.UNREADABLE, expected, given, (), message)
        marks: list[Mark] = []
        right_count = 0
        for index, (left, right) in enumerate(card.pairs):
            pick = picks[index] if index < len(picks) else None
            chosen = rights[pick] if pick is not None and 0 <= pick < len(rights) else None
            if chosen == right:
                right_count += 1
            else:
                marks.append(Mark(label=left, given=chosen or BLANK, expected=right, ok=False))
        total = len(card.pairs)
        score = right_count / total if total else 0.0
        all_right = right_count == total
        message = "Right." if all_right else f"{right_count} of {total} pairs right."
        return Grade(score, verdict_for(score, all_right), expected, given, tuple(marks), message)

    def answer_text(self, card: MatchCard, answer: Answer) -> str:
        rights = tuple(right for _, right in card.pairs)
        picks = cast(tuple[int | None, ...], answer or ())
        return "; ".join(
            f"{left} → {option_text(rights, picks[i] if i < len(picks) else None)}"
            for i, (left, _) in enumerate(card.pairs)
        )

    def expected_text(self, card: MatchCard) -> str:
        return "; ".join(f"{left} → {right}" for left, right in card.pairs)

    def chars_read(self, card: MatchCard) -> int:
        return len(card.question) + sum(len(left) + len(right) for left, right in card.pairs)

    def presentation(self, card: MatchCard, rng: random.Random) -> tuple[int, ...]:
        return shuffled_not_identity(len(card.pairs), rng)


RULES = MatchRules()
