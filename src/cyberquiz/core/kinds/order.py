"""Order cards: put items in their right order (e.g. earliest first)."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from cyberquiz.core.answers import Answer, Grade, Mark, Verdict
from cyberquiz.core.kinds.base import (
    BLANK,
    CardBase,
    Common,
    Kind,
    KindRules,
    is_int,
    option_text,
    read_list,
    read_str,
    read_strs,
    shuffled_not_identity,
    verdict_for,
)
from cyberquiz.core.wording import counted

if TYPE_CHECKING:
    from cyberquiz.core.jsonvalue import JSONValue


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderCard(CardBase):
    """``items`` in their right order (e.g. earliest first)."""

    prompt: str
    items: tuple[str, ...]

    @property
    def kind(self) -> Kind:
        return Kind.ORDER

    @property
    def question(self) -> str:
        return self.prompt


def longest_increasing_run(sequence: Sequence[int]) -> list[int]:
    """Positions (in ``sequence``) of a longest strictly increasing subsequence.

    Among the longest, the one that keeps the most items already at their own place
    (``sequence[p] == p``) wins: the items left to move are then never told to go where they
    are ("position 2 → position 2"). Remaining ties go to the earliest positions.
    """
    n = len(sequence)
    best = [(1, int(sequence[j] == j)) for j in range(n)]  # (length, items in place)
    previous = [-1] * n
    for j in range(n):
        here = int(sequence[j] == j)
        for i in range(j):
            candidate = (best[i][0] + 1, best[i][1] + here)
            if sequence[i] < sequence[j] and candidate > best[j]:
                best[j] = candidate
                previous[j] = i
    if not n:
        return []
    end = max(range(n), key=lambda k: (*best[k], -k))
    positions = []
    while end != -1:
        positions.append(end)
        end = previous[end]
    return positions[::-1]


class OrderRules(KindRules[OrderCard]):
    """The answer is a ``tuple[int, ...]``: item indices in the order the student put them.

    Score = (length of the longest run of items already in the right relative order − 1) /
    (items − 1): how few items must be moved to fix it. Marks list the items to move. The items
    are never shown already in the right order.
    """

    kind = Kind.ORDER
    card_type = OrderCard
    label = "put in order"
    fast_base_ms = 6_000
    slow_base_ms = 60_000

    def fields_to_dict(self, card: OrderCard) -> dict[str, JSONValue]:
        return {"prompt": card.prompt, "items": list(card.items)}

    def card_from_dict(self, d: Mapping[str, object], common: Common) -> OrderCard:
        return OrderCard(**common, prompt=read_str(d, "prompt"), items=read_strs(d, "items"))

    def answer_to_value(self, card: OrderCard, answer: Answer) -> list[int]:
        return list(cast(tuple[int, ...], answer or ()))

    def answer_from_value(self, card: OrderCard, value: object) -> tuple[int, ...]:
        return tuple(read_list(value, is_int, "item indices"))

    def is_answer_shape(self, card: OrderCard, answer: Answer) -> bool:
        return isinstance(answer, tuple | list) and all(is_int(i) for i in answer)

    def is_empty(self, card: OrderCard, answer: Answer) -> bool:
        return answer is None or len(cast(tuple[int, ...], answer)) == 0

    def grade_given(self, card: OrderCard, answer: Answer, expected: str, given: str) -> Grade:
        order = cast(tuple[int, ...], answer)
        n = len(card.items)
        if sorted(order) != list(range(n)):
            return Grade(
                0.0, Verdict.WRONG, expected, given, (), "Put every item in the list exactly once."
            )
        keep = set(longest_increasing_run(order))
        score = (len(keep) - 1) / (n - 1) if n > 1 else 1.0
        marks = tuple(
            Mark(
                label=card.items[item],
                given=f"position {position + 1}",
                expected=f"position {item + 1}",
                ok=False,
            )
            for position, item in enumerate(order)
            if position not in keep and position != item  # an item in its place stays put
        )
        all_right = list(order) == list(range(n))
        if all_right:
            message = "Right."
        else:
            moves = len(marks)
            message = f"{counted(moves, 'item')} out of place."
        return Grade(score, verdict_for(score, all_right), expected, given, marks, message)

    def answer_text(self, card: OrderCard, answer: Answer) -> str:
        order = cast(tuple[int, ...], answer or ())
        return " → ".join(option_text(card.items, i) for i in order) or BLANK

    def expected_text(self, card: OrderCard) -> str:
        return " → ".join(card.items)

    def chars_read(self, card: OrderCard) -> int:
        return len(card.question) + sum(len(i) for i in card.items)

    def presentation(self, card: OrderCard, rng: random.Random) -> tuple[int, ...]:
        return shuffled_not_identity(len(card.items), rng)


RULES = OrderRules()
