"""Cards as the mappings of deck format 1 (what a YAML deck file says), and cloze text parsing.

Shared by the YAML writer and the CSV converter so that every format spells a card the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from cyberquiz.core.cards import (
    Card,
    ChoiceCard,
    ClozeCard,
    DateCard,
    FlipCard,
    Gap,
    Kind,
    MatchCard,
    MultiCard,
    NumberCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)

if TYPE_CHECKING:
    from cyberquiz.core.jsonvalue import JSONValue

_GAP = re.compile(r"\{\{(.+?)\}\}", re.DOTALL)


def cloze_parts(text: str) -> tuple[str | Gap, ...]:
    """Split cloze ``text`` into ``[str, Gap, str, ..., str]``.

    ``{{answer}}``, ``{{answer::hint}}`` and alternatives ``{{a|b::hint}}``, as in deck format 1.
    """
    parts: list[str | Gap] = []
    pos = 0
    for m in _GAP.finditer(text):
        parts.append(text[pos : m.start()])
        body, _, hint = m.group(1).partition("::")
        answers = tuple(a.strip() for a in body.split("|") if a.strip())
        parts.append(Gap(answers=answers, hint=hint.strip() or None))
        pos = m.end()
    parts.append(text[pos:])
    return tuple(parts)


def cloze_problem(text: str) -> str | None:
    """Why ``text`` is not a cloze text the deck loader accepts, or ``None``."""
    parts = cloze_parts(text)
    gaps = [p for p in parts if isinstance(p, Gap)]
    if not gaps:
        return "cloze text without a {{gap}}"
    if any("{{" in p or "}}" in p for p in parts if isinstance(p, str)):
        return "cloze text with an unclosed {{ or a stray }}"
    for m in _GAP.finditer(text):
        body = m.group(1).partition("::")[0]
        if not all(a.strip() for a in body.split("|")):
            return f"cloze gap {m.group()} has an empty answer"
    return None


def gap_marker(gap: Gap) -> str:
    """``{{a|b::hint}}`` for a gap."""
    hint = f"::{gap.hint}" if gap.hint else ""
    return "{{" + "|".join(gap.answers) + hint + "}}"


def cloze_text(parts: tuple[str | Gap, ...]) -> str:
    """The author's text with ``{{...}}`` markers, from ``parts``."""
    return "".join(p if isinstance(p, str) else gap_marker(p) for p in parts)


def own_tags(card: Card, deck_tags: tuple[str, ...] = ()) -> list[str]:
    """The card's tags without those its deck adds to every card."""
    return [t for t in card.tags if t not in deck_tags]


def _flip(card: FlipCard) -> dict[str, JSONValue]:
    return {"front": card.front, "back": card.back}


def _typed(card: TypedCard) -> dict[str, JSONValue]:
    d: dict[str, JSONValue] = {"prompt": card.prompt, "answer": card.answer}
    if card.accept:
        d["accept"] = list(card.accept)
    return d


def _date(card: DateCard) -> dict[str, JSONValue]:
    d: dict[str, JSONValue] = {"prompt": card.prompt, "answer": card.answer.iso()}
    if card.precision != card.answer.precision:
        d["precision"] = card.precision
    return d


def _options(
    options: tuple[str, ...], credits: tuple[float, ...], answer: int = -1
) -> list[str | dict[str, str | int | float]]:
    """Options as a deck writes them: text, or {text, credit} where the credit is not 0
    (a choice card's ``answer`` has credit 1 without saying so)."""
    if not credits:
        return list(options)
    return [
        {"text": o, "credit": yaml_credit(c)} if c and i != answer else o
        for i, (o, c) in enumerate(zip(options, credits, strict=True))
    ]


def yaml_credit(credit: float) -> int | float:
    """A credit as a deck writes it: ``1``, ``0.5``, ``0.3333333`` (7 places, as Moodle)."""
    rounded = round(credit, 7)
    return int(rounded) if rounded == int(rounded) else rounded


def _choice(card: ChoiceCard) -> dict[str, JSONValue]:
    return {
        "prompt": card.prompt,
        "options": _options(card.options, card.credits, card.answer),
        "answer": card.options[card.answer],
    }


def _multi(card: MultiCard) -> dict[str, JSONValue]:
    d: dict[str, JSONValue] = {
        "prompt": card.prompt,
        "options": _options(card.options, card.credits),
    }
    if not card.credits:  # with credits, the options above 0 are the answers
        d["answers"] = [o for i, o in enumerate(card.options) if i in card.answers]
    return d


def _truefalse(card: TrueFalseCard) -> dict[str, JSONValue]:
    return {"statement": card.statement, "answer": card.answer}


def _cloze(card: ClozeCard) -> dict[str, JSONValue]:
    d: dict[str, JSONValue] = {"prompt": card.prompt} if card.prompt else {}
    d["text"] = card.text
    return d


def _order(card: OrderCard) -> dict[str, JSONValue]:
    return {"prompt": card.prompt, "items": list(card.items)}


def _match(card: MatchCard) -> dict[str, JSONValue]:
    return {"prompt": card.prompt, "pairs": [[left, right] for left, right in card.pairs]}


def yaml_number(value: Decimal) -> int | float:
    """A number as YAML writes it unquoted (``67``, ``1000.5``); the loader reads it exactly."""
    return int(value) if value == value.to_integral_value() else float(value)


def _number(card: NumberCard) -> dict[str, JSONValue]:
    d: dict[str, JSONValue] = {"prompt": card.prompt, "answer": yaml_number(card.answer)}
    if card.range is not None:
        d["range"] = [yaml_number(v) for v in card.range]
    elif card.tolerance:
        d["tolerance"] = yaml_number(card.tolerance)
    if card.unit:
        d["unit"] = card.unit
    return d


#: The deck-format fields of each kind, in the documented order (every kind has a deck form).
#: Each function takes its own kind's card, which a dict's value type cannot say: hence Any.
DECK_DICT: dict[Kind, Callable[[Any], dict[str, JSONValue]]] = {
    Kind.FLIP: _flip,
    Kind.TYPED: _typed,
    Kind.DATE: _date,
    Kind.CHOICE: _choice,
    Kind.MULTI: _multi,
    Kind.TRUEFALSE: _truefalse,
    Kind.CLOZE: _cloze,
    Kind.ORDER: _order,
    Kind.MATCH: _match,
    Kind.NUMBER: _number,
}


def card_to_deck_dict(card: Card, deck_tags: tuple[str, ...] = ()) -> dict[str, JSONValue]:
    """The mapping a deck file holds for ``card`` (keys in the documented order)."""
    d: dict[str, JSONValue] = {"id": card.id, "kind": str(card.kind)}
    d.update(DECK_DICT[card.kind](card))
    tags = own_tags(card, deck_tags)
    if tags:
        d["tags"] = tags
    for key in ("explain", "source", "note"):
        value = getattr(card, key)
        if value:
            d[key] = value
    return d
