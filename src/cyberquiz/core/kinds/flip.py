"""Flip cards: a front and a back; the student grades themself."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cyberquiz.core.answers import Answer, Grade, Verdict
from cyberquiz.core.kinds.base import CardBase, Common, Kind, KindRules, read_str

if TYPE_CHECKING:
    from cyberquiz.core.jsonvalue import JSONValue


@dataclass(frozen=True, slots=True, kw_only=True)
class FlipCard(CardBase):
    front: str
    back: str

    @property
    def kind(self) -> Kind:
        return Kind.FLIP

    @property
    def question(self) -> str:
        return self.front


class FlipRules(KindRules[FlipCard]):
    """The answer is always ``None``; no timing rules (the student picks the rating)."""

    kind = Kind.FLIP
    card_type = FlipCard
    label = "flashcard"
    self_graded = True

    def fields_to_dict(self, card: FlipCard) -> dict[str, JSONValue]:
        return {"front": card.front, "back": card.back}

    def card_from_dict(self, d: Mapping[str, object], common: Common) -> FlipCard:
        return FlipCard(**common, front=read_str(d, "front"), back=read_str(d, "back"))

    def answer_to_value(self, card: FlipCard, answer: Answer) -> None:
        return None

    def answer_from_value(self, card: FlipCard, value: object) -> None:
        return None

    def is_answer_shape(self, card: FlipCard, answer: Answer) -> bool:
        return answer is None

    def grade(self, card: FlipCard, answer: Answer) -> Grade:
        return Grade(0.0, Verdict.SELF, card.back, "", (), "How well did you know it?")

    def grade_given(self, card: FlipCard, answer: Answer, expected: str, given: str) -> Grade:
        return self.grade(card, answer)

    def answer_text(self, card: FlipCard, answer: Answer) -> str:
        return ""

    def expected_text(self, card: FlipCard) -> str:
        return card.back


RULES = FlipRules()
