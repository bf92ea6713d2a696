"""Cloze cards: a text with gaps to fill, each gap graded like a typed answer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from cyberquiz.core.answers import Answer, Grade, Mark, Verdict
from cyberquiz.core.kinds.base import (
    BLANK,
    CardBase,
    Common,
    Kind,
    KindRules,
    SerializeError,
    read_list,
    read_str,
    read_strs,
)
from cyberquiz.core.kinds.typed import ALMOST_SCORE

#: Shown for an empty cloze gap inside the filled-in text (and for every gap of the question).
GAP_BLANK = "___"


@dataclass(frozen=True, slots=True)
class Gap:
    """One gap of a cloze card: the answers accepted (first is canonical) and an optional hint."""

    answers: tuple[str, ...]
    hint: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ClozeCard(CardBase):
    """``text`` is the author's text with ``{{...}}`` markers; ``parts`` alternates text and gaps.

    ``parts`` always starts and ends with a string (possibly empty), so it is
    ``[str, Gap, str, Gap, ..., str]`` and ``gaps`` has ``len(parts) // 2`` entries.
    """

    text: str
    parts: tuple[str | Gap, ...]
    prompt: str = ""

    @property
    def kind(self) -> Kind:
        return Kind.CLOZE

    @property
    def gaps(self) -> tuple[Gap, ...]:
        return tuple(p for p in self.parts if isinstance(p, Gap))

    @property
    def question(self) -> str:
        return self.prompt or self.text


def fill_cloze(card: ClozeCard, fills: tuple[str, ...]) -> str:
    """The cloze text with its gaps filled by ``fills`` (missing or blank → ``___``)."""
    out: list[str] = []
    gap_index = 0
    for part in card.parts:
        if isinstance(part, str):
            out.append(part)
        else:
            fill = fills[gap_index].strip() if gap_index < len(fills) else ""
            out.append(fill or GAP_BLANK)
            gap_index += 1
    return "".join(out)


def _gap(value: object) -> Gap:
    if not isinstance(value, dict):
        raise SerializeError(f"a cloze gap should be an object, not {value!r}")
    hint = value.get("hint")
    if hint is not None and not isinstance(hint, str):
        raise SerializeError(f"a cloze hint should be text, not {hint!r}")
    return Gap(answers=read_strs(value, "answers"), hint=hint)


class ClozeRules(KindRules[ClozeCard]):
    """The answer is a ``tuple[str, ...]``, one text per gap.

    Each gap is graded like a typed answer (1, 0.9 or 0); score = mean. All RIGHT → RIGHT; all at
    least ALMOST → ALMOST; some right → PARTIAL; none → WRONG. A mark per gap.
    """

    kind = Kind.CLOZE
    card_type = ClozeCard
    label = "fill the gaps"
    fast_base_ms = 4_000
    slow_base_ms = 45_000

    def fields_to_dict(self, card: ClozeCard) -> dict[str, Any]:
        return {
            "prompt": card.prompt,
            "text": card.text,
            "parts": [
                p if isinstance(p, str) else {"answers": list(p.answers), "hint": p.hint}
                for p in card.parts
            ],
        }

    def card_from_dict(self, d: Mapping[str, Any], common: Common) -> ClozeCard:
        parts = tuple(p if isinstance(p, str) else _gap(p) for p in d["parts"])
        return ClozeCard(
            **common, prompt=d.get("prompt", ""), text=read_str(d, "text"), parts=parts
        )

    def answer_to_value(self, card: ClozeCard, answer: Answer) -> Any:
        return list(cast(tuple[str, ...], answer or ()))

    def answer_from_value(self, card: ClozeCard, value: Any) -> Answer:
        return tuple(read_list(value, lambda v: isinstance(v, str), "texts"))

    def is_answer_shape(self, card: ClozeCard, answer: Answer) -> bool:
        return isinstance(answer, tuple | list) and all(isinstance(a, str) for a in answer)

    def is_empty(self, card: ClozeCard, answer: Answer) -> bool:
        return answer is None or all(not str(a).strip() for a in cast(tuple[str, ...], answer))

    def grade_given(self, card: ClozeCard, answer: Answer, expected: str, given: str) -> Grade:
        # deferred: core.text loads rapidfuzz, which start-up (loading decks) does not need
        from cyberquiz.core.text import Match, check_text

        gap_scores = {Match.EXACT: 1.0, Match.ALMOST: ALMOST_SCORE, Match.NONE: 0.0}
        fills = cast(tuple[str, ...], answer)
        marks: list[Mark] = []
        scores: list[float] = []
        results: list[Match] = []
        for index, gap in enumerate(card.gaps):
            fill = fills[index].strip() if index < len(fills) else ""
            result, _ = check_text(fill, gap.answers) if fill else (Match.NONE, None)
            scores.append(gap_scores[result])
            results.append(result)
            marks.append(
                Mark(
                    label=f"Gap {index + 1}" + (f" ({gap.hint})" if gap.hint else ""),
                    given=fill or BLANK,
                    expected=gap.answers[0] if gap.answers else "",
                    ok=result is not Match.NONE,
                )
            )
        total = len(scores)
        score = sum(scores) / total if total else 0.0
        right = sum(r is Match.EXACT for r in results)
        almost = sum(r is Match.ALMOST for r in results)
        if right == total:
            verdict, message = Verdict.RIGHT, "Right."
        elif right + almost == total:
            verdict, message = Verdict.ALMOST, "Almost: check the spelling."
        elif right + almost:
            verdict, message = Verdict.PARTIAL, f"{right + almost} of {total} gaps right."
        else:
            verdict, message = Verdict.WRONG, f"No gap right: {expected}"
        return Grade(score, verdict, expected, given, tuple(marks), message)

    def question_text(self, card: ClozeCard) -> str:
        """The prompt (if any), then the text with ``___`` for each gap: never ``{{…}}``."""
        gapped = fill_cloze(card, ())
        return f"{card.prompt}\n\n{gapped}" if card.prompt else gapped

    def answer_text(self, card: ClozeCard, answer: Answer) -> str:
        return fill_cloze(card, cast(tuple[str, ...], answer or ()))

    def expected_text(self, card: ClozeCard) -> str:
        return fill_cloze(card, tuple(g.answers[0] if g.answers else "" for g in card.gaps))

    def chars_read(self, card: ClozeCard) -> int:
        # the prompt and the text are both shown when there is a prompt
        return len(card.question) + (len(card.text) if card.prompt else 0)

    def chars_typed(self, card: ClozeCard) -> int:
        return sum(len(g.answers[0]) for g in card.gaps if g.answers)


RULES = ClozeRules()
