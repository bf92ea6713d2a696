"""Cards and answers as JSON-able values, and as text for people to read.

* :func:`card_to_dict` / :func:`card_from_dict`: every kind, exact round trip (origin, cloze gaps,
  :class:`PartialDate` as its ISO text, ``frozenset`` as a sorted list, tuples as lists).
* :func:`answer_to_json` / :func:`answer_from_json`: the answer shapes of
  :mod:`cyberquiz.core.answers` as compact JSON text, the form stored with each review.
  ``null`` / ``[]`` / ``""`` stand for an empty answer of the kinds that have one.
* :func:`answer_display` / :func:`expected_display`: plain text (never markup) for the feedback
  panel, exam reports and exports: option *texts*, not indices.

Each kind's own part lives in its module under :mod:`cyberquiz.core.kinds`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from cyberquiz.core.answers import Answer
from cyberquiz.core.cards import Card, CardBase, Kind, Origin
from cyberquiz.core.kinds import KINDS, rules_for
from cyberquiz.core.kinds.base import BLANK, Common, SerializeError, read_int, read_str, read_strs
from cyberquiz.core.kinds.cloze import GAP_BLANK, fill_cloze

if TYPE_CHECKING:
    from cyberquiz.core.jsonvalue import JSONValue

__all__ = [
    "BLANK",
    "GAP_BLANK",
    "SerializeError",
    "answer_display",
    "answer_from_json",
    "answer_to_json",
    "card_from_dict",
    "card_to_dict",
    "expected_display",
    "fill_cloze",
    "is_answer_shape",
]


# -- cards ---------------------------------------------------------------------------------------


def _common_to_dict(card: CardBase) -> dict[str, JSONValue]:
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


def card_to_dict(card: Card) -> dict[str, JSONValue]:
    """A JSON-able dict of ``card`` (with a ``kind`` key); :func:`card_from_dict` reverses it.

    Args:
        card: any kind of card.

    Returns:
        A dict of str, int, bool, None, lists and dicts only.
    """
    data = _common_to_dict(card)
    data.update(rules_for(card).fields_to_dict(card))
    return data


def card_from_dict(d: Mapping[str, Any]) -> Card:
    """Rebuild a card from :func:`card_to_dict` output.

    Args:
        d: the dict (e.g. just read back from JSON, unchecked: see ``KindRules.card_from_dict``).

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
            else Origin(
                path=read_str(origin_data, "path"), line=read_int(origin_data["line"], "line")
            )
        )
        common = Common(
            id=read_str(d, "id"),
            deck_id=read_str(d, "deck_id"),
            tags=read_strs(d, "tags") if "tags" in d else (),
            explain=d.get("explain", ""),
            source=d.get("source", ""),
            note=d.get("note", ""),
            origin=origin,
        )
        card: Card = KINDS[kind].card_from_dict(d, common)
        return card
    except SerializeError:
        raise
    except (KeyError, TypeError, ValueError) as error:
        raise SerializeError(f"not a stored card: {type(error).__name__}: {error}") from error


# -- answers -------------------------------------------------------------------------------------


def answer_to_json(card: Card, answer: Answer) -> str:
    """The answer as compact JSON text, for storage with the review.

    Args:
        card: the card answered (its kind decides the shape).
        answer: the answer, in the shape :mod:`cyberquiz.core.answers` documents for the kind.

    Returns:
        JSON text; :func:`answer_from_json` with the same card gives the answer back.
    """
    value = rules_for(card).answer_to_value(card, answer)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


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
    answer: Answer = rules_for(card).answer_from_value(card, value)
    return answer


def is_answer_shape(card: Card, answer: Answer) -> bool:
    """Whether ``answer`` has the shape :mod:`cyberquiz.core.answers` documents for the kind.

    Only types are checked (an index may still be out of range); ``None`` fits every kind.
    """
    return answer is None or bool(rules_for(card).is_answer_shape(card, answer))


# -- display -------------------------------------------------------------------------------------


def answer_display(card: Card, answer: Answer) -> str:
    """The student's answer as plain text (option texts, not indices).

    Args:
        card: the card answered.
        answer: the answer in the kind's shape.

    Returns:
        One line of text; ``—`` for an empty answer.
    """
    text: str = rules_for(card).answer_text(card, answer)
    return text


def expected_display(card: Card) -> str:
    """The right answer as plain text.

    Args:
        card: any card.

    Returns:
        One line of text (the back of a flip card, the options' texts, the filled cloze text...).
    """
    text: str = rules_for(card).expected_text(card)
    return text
