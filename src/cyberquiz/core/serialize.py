"""Cards and answers as JSON-able values, and as text for people to read.

* :func:`card_to_dict` / :func:`card_from_dict`: every kind, exact round trip (origin, cloze gaps,
  :class:`PartialDate` as its ISO text, ``frozenset`` as a sorted list, tuples as lists).
* :func:`answer_to_json` / :func:`answer_from_json`: the answer shapes of
  :mod:`cyberquiz.core.answers` as compact JSON text, the form stored with each review.
  ``null`` / ``[]`` / ``""`` stand for an empty answer of the kinds that have one.
* :func:`answer_display` / :func:`expected_display`: plain text (never markup) for the feedback
  panel, exam reports and exports: option *texts*, not indices.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, cast

from cyberquiz.core.answers import Answer
from cyberquiz.core.cards import (
    Card,
    CardBase,
    ChoiceCard,
    ClozeCard,
    DateCard,
    FlipCard,
    Gap,
    Kind,
    MatchCard,
    MultiCard,
    OrderCard,
    Origin,
    TrueFalseCard,
    TypedCard,
)
from cyberquiz.core.dates import format_date, parse_iso

#: Shown for a part of an answer that was left empty.
BLANK = "—"
#: Shown for an empty cloze gap inside the filled-in text.
GAP_BLANK = "___"


class SerializeError(ValueError):
    """Stored data that does not describe a card or an answer of the expected shape."""


# -- cards ---------------------------------------------------------------------------------------


def _common_to_dict(card: CardBase) -> dict[str, Any]:
    return {
        "kind": str(card.kind),
        "id": card.id,
        "deck_id": card.deck_id,
        "tags": list(card.tags),
        "explain": card.explain,
        "source": card.source,
        "note": card.note,
        "origin": (
            None if card.origin is None else {"path": card.origin.path, "line": card.origin.line}
        ),
    }


def card_to_dict(card: Card) -> dict[str, Any]:
    """A JSON-able dict of ``card`` (with a ``kind`` key); :func:`card_from_dict` reverses it.

    Args:
        card: any kind of card.

    Returns:
        A dict of str, int, bool, None, lists and dicts only.
    """
    data = _common_to_dict(card)
    match card:
        case FlipCard():
            data.update(front=card.front, back=card.back)
        case TypedCard():
            data.update(prompt=card.prompt, answer=card.answer, accept=list(card.accept))
        case DateCard():
            data.update(prompt=card.prompt, answer=card.answer.iso(), precision=card.precision)
        case ChoiceCard():
            data.update(prompt=card.prompt, options=list(card.options), answer=card.answer)
        case MultiCard():
            data.update(
                prompt=card.prompt, options=list(card.options), answers=sorted(card.answers)
            )
        case TrueFalseCard():
            data.update(statement=card.statement, answer=card.answer)
        case ClozeCard():
            data.update(
                prompt=card.prompt,
                text=card.text,
                parts=[
                    p if isinstance(p, str) else {"answers": list(p.answers), "hint": p.hint}
                    for p in card.parts
                ],
            )
        case OrderCard():
            data.update(prompt=card.prompt, items=list(card.items))
        case MatchCard():
            data.update(prompt=card.prompt, pairs=[[left, right] for left, right in card.pairs])
    return data


def _str(d: Mapping[str, Any], key: str) -> str:
    value = d[key]
    if not isinstance(value, str):
        raise SerializeError(f"{key!r} should be text, not {value!r}")
    return value


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SerializeError(f"{what} should be an integer, not {value!r}")
    return value


def _strs(d: Mapping[str, Any], key: str) -> tuple[str, ...]:
    value = d[key]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SerializeError(f"{key!r} should be a list of text, not {value!r}")
    return tuple(value)


def _gap(value: Any) -> Gap:
    if not isinstance(value, dict):
        raise SerializeError(f"a cloze gap should be an object, not {value!r}")
    hint = value.get("hint")
    if hint is not None and not isinstance(hint, str):
        raise SerializeError(f"a cloze hint should be text, not {hint!r}")
    return Gap(answers=_strs(value, "answers"), hint=hint)


def card_from_dict(d: Mapping[str, Any]) -> Card:
    """Rebuild a card from :func:`card_to_dict` output.

    Args:
        d: the dict (e.g. just read back from JSON).

    Returns:
        The card, equal to the one that was serialised.

    Raises:
        SerializeError: when a key is missing or a value has the wrong type.
    """
    try:
        kind = Kind(d["kind"])
        origin_data = d.get("origin")
        origin = (
            None
            if origin_data is None
            else Origin(path=_str(origin_data, "path"), line=_int(origin_data["line"], "line"))
        )
        common: dict[str, Any] = {
            "id": _str(d, "id"),
            "deck_id": _str(d, "deck_id"),
            "tags": _strs(d, "tags") if "tags" in d else (),
            "explain": d.get("explain", ""),
            "source": d.get("source", ""),
            "note": d.get("note", ""),
            "origin": origin,
        }
        match kind:
            case Kind.FLIP:
                return FlipCard(**common, front=_str(d, "front"), back=_str(d, "back"))
            case Kind.TYPED:
                accept = _strs(d, "accept") if "accept" in d else ()
                return TypedCard(
                    **common, prompt=_str(d, "prompt"), answer=_str(d, "answer"), accept=accept
                )
            case Kind.DATE:
                precision = d.get("precision", "day")
                if precision not in ("year", "month", "day"):
                    raise SerializeError(f"precision should be year, month or day: {precision!r}")
                return DateCard(
                    **common,
                    prompt=_str(d, "prompt"),
                    answer=parse_iso(_str(d, "answer")),
                    precision=precision,
                )
            case Kind.CHOICE:
                return ChoiceCard(
                    **common,
                    prompt=_str(d, "prompt"),
                    options=_strs(d, "options"),
                    answer=_int(d["answer"], "answer"),
                )
            case Kind.MULTI:
                return MultiCard(
                    **common,
                    prompt=_str(d, "prompt"),
                    options=_strs(d, "options"),
                    answers=frozenset(_int(i, "answers") for i in d["answers"]),
                )
            case Kind.TRUEFALSE:
                if not isinstance(d["answer"], bool):
                    raise SerializeError(f"answer should be true or false: {d['answer']!r}")
                return TrueFalseCard(**common, statement=_str(d, "statement"), answer=d["answer"])
            case Kind.CLOZE:
                parts = tuple(p if isinstance(p, str) else _gap(p) for p in d["parts"])
                return ClozeCard(
                    **common, prompt=d.get("prompt", ""), text=_str(d, "text"), parts=parts
                )
            case Kind.ORDER:
                return OrderCard(**common, prompt=_str(d, "prompt"), items=_strs(d, "items"))
            case Kind.MATCH:
                pairs = []
                for pair in d["pairs"]:
                    if (
                        not isinstance(pair, list | tuple)
                        or len(pair) != 2
                        or not all(isinstance(x, str) for x in pair)
                    ):
                        raise SerializeError(f"a pair should be two texts, not {pair!r}")
                    pairs.append((pair[0], pair[1]))
                return MatchCard(**common, prompt=_str(d, "prompt"), pairs=tuple(pairs))
    except SerializeError:
        raise
    except (KeyError, TypeError, ValueError) as error:
        raise SerializeError(f"not a stored card: {type(error).__name__}: {error}") from error
    raise SerializeError(f"unknown kind {d.get('kind')!r}")  # pragma: no cover


# -- answers -------------------------------------------------------------------------------------


def _answer_value(card: Card, answer: Answer) -> Any:
    match card:
        case FlipCard():
            return None
        case TypedCard() | DateCard():
            return "" if answer is None else str(answer)
        case ChoiceCard() | TrueFalseCard():
            return answer
        case MultiCard():
            return sorted(cast(frozenset[int], answer or frozenset()))
        case ClozeCard() | OrderCard() | MatchCard():
            return list(cast(tuple[Any, ...], answer or ()))


def answer_to_json(card: Card, answer: Answer) -> str:
    """The answer as compact JSON text, for storage with the review.

    Args:
        card: the card answered (its kind decides the shape).
        answer: the answer, in the shape :mod:`cyberquiz.core.answers` documents for the kind.

    Returns:
        JSON text; :func:`answer_from_json` with the same card gives the answer back.
    """
    return json.dumps(_answer_value(card, answer), ensure_ascii=False, separators=(",", ":"))


def _list(value: Any, check: Callable[[Any], bool], what: str) -> list[Any]:
    if not isinstance(value, list) or not all(check(v) for v in value):
        raise SerializeError(f"expected a list of {what}, not {value!r}")
    return value


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def answer_from_json(card: Card, text: str) -> Answer:
    """Read back an answer stored by :func:`answer_to_json`.

    Args:
        card: the card answered.
        text: the JSON text.

    Returns:
        The answer in the kind's shape.

    Raises:
        SerializeError: when the text is not JSON or not the kind's shape.
    """
    try:
        value = json.loads(text)
    except ValueError as error:
        raise SerializeError(f"stored answer is not JSON: {text!r}") from error
    match card:
        case FlipCard():
            return None
        case TypedCard() | DateCard():
            if not isinstance(value, str):
                raise SerializeError(f"expected text, not {value!r}")
            return value
        case ChoiceCard():
            if value is not None and not _is_int(value):
                raise SerializeError(f"expected an option index, not {value!r}")
            return cast(int | None, value)
        case TrueFalseCard():
            if value is not None and not isinstance(value, bool):
                raise SerializeError(f"expected true, false or null, not {value!r}")
            return value
        case MultiCard():
            return frozenset(_list(value, _is_int, "option indices"))
        case ClozeCard():
            return tuple(_list(value, lambda v: isinstance(v, str), "texts"))
        case OrderCard():
            return tuple(_list(value, _is_int, "item indices"))
        case MatchCard():
            return tuple(_list(value, lambda v: v is None or _is_int(v), "indices or nulls"))


def is_answer_shape(card: Card, answer: Answer) -> bool:
    """Whether ``answer`` has the shape :mod:`cyberquiz.core.answers` documents for the kind.

    Only types are checked (an index may still be out of range); ``None`` fits every kind.
    """
    if answer is None:
        return True
    match card:
        case FlipCard():
            return False
        case TypedCard() | DateCard():
            return isinstance(answer, str)
        case ChoiceCard():
            return _is_int(answer)
        case TrueFalseCard():
            return isinstance(answer, bool)
        case MultiCard():
            return isinstance(answer, frozenset | set) and all(_is_int(i) for i in answer)
        case ClozeCard():
            return isinstance(answer, tuple | list) and all(isinstance(a, str) for a in answer)
        case OrderCard():
            return isinstance(answer, tuple | list) and all(_is_int(i) for i in answer)
        case MatchCard():
            return isinstance(answer, tuple | list) and all(i is None or _is_int(i) for i in answer)
    return False  # pragma: no cover


# -- display -------------------------------------------------------------------------------------


def _option(options: tuple[str, ...], index: int | None) -> str:
    if index is None:
        return BLANK
    return options[index] if 0 <= index < len(options) else f"(option {index + 1}?)"


def _true_false(value: bool | None) -> str:
    return BLANK if value is None else ("True" if value else "False")


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


def answer_display(card: Card, answer: Answer) -> str:
    """The student's answer as plain text (option texts, not indices).

    Args:
        card: the card answered.
        answer: the answer in the kind's shape.

    Returns:
        One line of text; ``—`` for an empty answer.
    """
    match card:
        case FlipCard():
            return ""
        case TypedCard() | DateCard():
            return str(answer or "").strip() or BLANK
        case ChoiceCard():
            return _option(card.options, cast(int | None, answer))
        case MultiCard():
            picked = sorted(cast(frozenset[int], answer or frozenset()))
            return "; ".join(_option(card.options, i) for i in picked) or BLANK
        case TrueFalseCard():
            return _true_false(answer if isinstance(answer, bool) else None)
        case ClozeCard():
            return fill_cloze(card, cast(tuple[str, ...], answer or ()))
        case OrderCard():
            order = cast(tuple[int, ...], answer or ())
            return " → ".join(_option(card.items, i) for i in order) or BLANK
        case MatchCard():
            rights = tuple(right for _, right in card.pairs)
            picks = cast(tuple[int | None, ...], answer or ())
            return "; ".join(
                f"{left} → {_option(rights, picks[i] if i < len(picks) else None)}"
                for i, (left, _) in enumerate(card.pairs)
            )


def expected_display(card: Card) -> str:
    """The right answer as plain text.

    Args:
        card: any card.

    Returns:
        One line of text (the back of a flip card, the options' texts, the filled cloze text...).
    """
    match card:
        case FlipCard():
            return card.back
        case TypedCard():
            return card.answer
        case DateCard():
            return format_date(card.answer, card.precision)
        case ChoiceCard():
            return _option(card.options, card.answer)
        case MultiCard():
            return "; ".join(_option(card.options, i) for i in sorted(card.answers))
        case TrueFalseCard():
            return _true_false(card.answer)
        case ClozeCard():
            return fill_cloze(card, tuple(g.answers[0] if g.answers else "" for g in card.gaps))
        case OrderCard():
            return " → ".join(card.items)
        case MatchCard():
            return "; ".join(f"{left} → {right}" for left, right in card.pairs)
