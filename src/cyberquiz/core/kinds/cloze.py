"""Cloze cards: a text with gaps to fill, each gap graded like a typed answer."""

from __future__ import annotations

import itertools
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
    read_list,
    read_str,
    read_strs,
)
from cyberquiz.core.kinds.typed import ALMOST_SCORE

if TYPE_CHECKING:
    from cyberquiz.core.jsonvalue import JSONValue
    from cyberquiz.core.text import Match

#: Shown for an empty cloze gap inside the filled-in text (and for every gap of the question).
GAP_BLANK = "___"


@dataclass(frozen=True, slots=True)
class Gap:
    """One gap of a cloze card: the answers accepted (first is canonical) and an optional hint.

    ``reject`` are names the gap must never be taken for (other entities' names, from the
    glossary); ``context`` are words that may stand around the answer (a city's country).
    Gaps with ``interchangeable`` set may be filled in any order among themselves.
    """

    answers: tuple[str, ...]
    hint: str | None = None
    reject: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    interchangeable: bool = False


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


def _is_text(value: object) -> TypeGuard[str]:
    return isinstance(value, str)


def _gap(value: object) -> Gap:
    if not isinstance(value, dict):
        raise SerializeError(f"a cloze gap should be an object, not {value!r}")
    hint = value.get("hint")
    if hint is not None and not isinstance(hint, str):
        raise SerializeError(f"a cloze hint should be text, not {hint!r}")
    interchangeable = value.get("interchangeable", False)
    if not isinstance(interchangeable, bool):
        raise SerializeError(f"'interchangeable' should be true or false, not {interchangeable!r}")
    return Gap(
        answers=read_strs(value, "answers"),
        hint=hint,
        reject=read_strs(value, "reject") if "reject" in value else (),
        context=read_strs(value, "context") if "context" in value else (),
        interchangeable=interchangeable,
    )


def _gap_to_dict(gap: Gap) -> dict[str, JSONValue]:
    # the glossary's fields only when set, so cards stored before it read back unchanged
    data: dict[str, JSONValue] = {"answers": list(gap.answers), "hint": gap.hint}
    if gap.reject:
        data["reject"] = list(gap.reject)
    if gap.context:
        data["context"] = list(gap.context)
    if gap.interchangeable:
        data["interchangeable"] = True
    return data


def _gap_context(card: ClozeCard, gap: Gap) -> tuple[str, ...]:
    """The words around the gaps (never another gap's answer) and the gap's own context."""
    text = " ".join(p for p in card.parts if isinstance(p, str))
    return (text, card.prompt, *gap.context)


def _judge_gap(card: ClozeCard, gap: Gap, fill: str) -> Match:
    # deferred: core.text loads rapidfuzz, which start-up (loading decks) does not need
    from cyberquiz.core.teacher import AnswerKey, judge_text
    from cyberquiz.core.text import Match

    if not fill:
        return Match.NONE
    key = AnswerKey(gap.answers, gap.reject, _gap_context(card, gap))
    result = judge_text(fill, key)[0]
    if result is Match.NONE:
        trimmed = _without_the_text_around(card, gap, fill)
        if trimmed and trimmed != fill:
            result = judge_text(trimmed, key)[0]
    return result


def _without_the_text_around(card: ClozeCard, gap: Gap, fill: str) -> str:
    """The fill without the words of the text right before and after the gap, which a student
    may type again ("Budapest Convention" in "the {{Budapest}} Convention")."""
    from cyberquiz.core.text import normalize

    index = next(i for i, p in enumerate(card.parts) if p is gap)
    before = normalize(str(card.parts[index - 1]), drop_article=False).split()
    after = normalize(str(card.parts[index + 1]), drop_article=False).split()
    words = normalize(fill, drop_article=False).split()
    while words and before and words[0] == before[-1] and len(words) > 1:
        words, before = words[1:], before[:-1]
    while words and after and words[-1] == after[0] and len(words) > 1:
        words, after = words[:-1], after[1:]
    return " ".join(words)


#: The most interchangeable gaps tried in every order (7! = 5,040 orders).
MAX_INTERCHANGEABLE = 7


def _gap_score(match: Match) -> float:
    from cyberquiz.core.text import Match

    return {Match.EXACT: 1.0, Match.ALMOST: ALMOST_SCORE, Match.NONE: 0.0}[match]


def _judge_gaps(card: ClozeCard, fills: list[str]) -> list[tuple[Match, str]]:
    """Each gap's match and the fill it took; interchangeable gaps take their best order."""
    gaps = card.gaps
    results = [(_judge_gap(card, gap, fills[i]), fills[i]) for i, gap in enumerate(gaps)]
    free = [i for i, gap in enumerate(gaps) if gap.interchangeable]
    if not 2 <= len(free) <= MAX_INTERCHANGEABLE:
        return results
    best_total, best = -1.0, results
    for order in itertools.permutations(free):
        trial = list(results)
        for target, source in zip(free, order, strict=True):
            trial[target] = (_judge_gap(card, gaps[target], fills[source]), fills[source])
        total = sum(_gap_score(m) for m, _ in trial)
        if total > best_total:
            best_total, best = total, trial
    return best


class ClozeRules(KindRules[ClozeCard]):
    """The answer is a ``tuple[str, ...]``, one text per gap.

    Each gap is graded like a typed answer (1, 0.9 or 0), in the words of the text around it;
    gaps marked interchangeable are graded as a set, in their best order. Score = mean. All RIGHT
    → RIGHT; all at least ALMOST → ALMOST; some right → PARTIAL; none → WRONG. A mark per gap.
    Some gaps filled and some empty → UNREADABLE: given back, not graded.
    """

    kind = Kind.CLOZE
    card_type = ClozeCard
    label = "fill the gaps"
    fast_base_ms = 4_000
    slow_base_ms = 45_000

    def fields_to_dict(self, card: ClozeCard) -> dict[str, JSONValue]:
        return {
            "prompt": card.prompt,
            "text": card.text,
            "parts": [p if isinstance(p, str) else _gap_to_dict(p) for p in card.parts],
        }

    def card_from_dict(self, d: Mapping[str, Any], common: Common) -> ClozeCard:
        parts = tuple(p if isinstance(p, str) else _gap(p) for p in d["parts"])
        return ClozeCard(
            **common, prompt=d.get("prompt", ""), text=read_str(d, "text"), parts=parts
        )

    def answer_to_value(self, card: ClozeCard, answer: Answer) -> list[str]:
        return list(cast(tuple[str, ...], answer or ()))

    def answer_from_value(self, card: ClozeCard, value: object) -> tuple[str, ...]:
        return tuple(read_list(value, _is_text, "texts"))

    def is_answer_shape(self, card: ClozeCard, answer: Answer) -> bool:
        return isinstance(answer, tuple | list) and all(isinstance(a, str) for a in answer)

    def is_empty(self, card: ClozeCard, answer: Answer) -> bool:
        return answer is None or all(not str(a).strip() for a in cast(tuple[str, ...], answer))

    def grade_given(self, card: ClozeCard, answer: Answer, expected: str, given: str) -> Grade:
        # deferred: core.text loads rapidfuzz, which start-up (loading decks) does not need
        from cyberquiz.core.text import Match

        gap_scores = {Match.EXACT: 1.0, Match.ALMOST: ALMOST_SCORE, Match.NONE: 0.0}
        fills = cast(tuple[str, ...], answer)
        padded = [fills[i].strip() if i < len(fills) else "" for i in range(len(card.gaps))]
        empty = [i + 1 for i, fill in enumerate(padded) if not fill]
        if empty:  # some gaps filled, some not: not an answer yet, given back
            which = ", ".join(str(i) for i in empty)
            message = (
                f"Gap {which} {'is' if len(empty) == 1 else 'are'} empty: fill every gap "
                "(or leave them all empty to see the answer)."
            )
            return Grade(0.0, Verdict.UNREADABLE, expected, given, (), message)
        marks: list[Mark] = []
        scores: list[float] = []
        results: list[Match] = []
        judged = _judge_gaps(card, padded)
        for index, (gap, (result, fill)) in enumerate(zip(card.gaps, judged, strict=True)):
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
