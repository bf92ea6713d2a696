"""A printable sheet of questions (Markdown or HTML) with the answer key at the end.

Questions are numbered per deck. Options are lettered; options, order items and the right-hand
side of match cards are shown in a fixed shuffled order (seeded by the card id, the same on every
export and in the Anki export) so that the sheet does not give the answer away; the key gives
the credit of options worth something (``C. ...; credit: A 50%, D -25%``). Card text is
escaped: it is data, not markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from cyberquiz.convert.apkg import option_credits, option_order, shuffled
from cyberquiz.core.cards import (
    Card,
    ChoiceCard,
    ClozeCard,
    DateCard,
    Deck,
    FlipCard,
    Kind,
    MatchCard,
    MultiCard,
    NumberCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)
from cyberquiz.core.kinds.credit import percent_text
from cyberquiz.core.serialize import expected_display

BLANK = "________"


def _letter(i: int) -> str:
    return chr(ord("A") + i) if i < 26 else str(i + 1)


@dataclass(frozen=True, slots=True)
class SheetItem:
    """One question as plain text: the question, its listed choices, and the key."""

    question: str
    choices: tuple[str, ...]  # already labelled ("A. ...", "1. ...")
    instruction: str
    key: str


def _flip(card: FlipCard) -> SheetItem:
    return SheetItem(card.question, (), "", card.back)


def _typed(card: TypedCard) -> SheetItem:
    key = card.answer + (f" (also: {', '.join(card.accept)})" if card.accept else "")
    return SheetItem(card.question, (), "Answer: " + BLANK, key)


_WANTED = {"year": "the year", "month": "year and month", "day": "the full date"}


def _date(card: DateCard) -> SheetItem:
    instruction = f"Date ({_WANTED[card.precision]}): {BLANK}"
    return SheetItem(card.question, (), instruction, card.answer.iso())


def _credit_key(order: list[int], credits: dict[int, float], skip: int = -1) -> str:
    """``A 50%, D -25%``: the letters of the options worth something, with their credits."""
    return ", ".join(
        f"{_letter(n)} {percent_text(credits[i])}"
        for n, i in enumerate(order)
        if i in credits and i != skip
    )


def _choice(card: ChoiceCard) -> SheetItem:
    order = option_order(card.options, card.id)
    choices = tuple(f"{_letter(n)}. {card.options[i]}" for n, i in enumerate(order))
    key = f"{_letter(order.index(card.answer))}. {card.options[card.answer]}"
    others = _credit_key(order, option_credits(card), skip=card.answer)
    return SheetItem(card.question, choices, "", f"{key}; credit: {others}" if others else key)


def _multi(card: MultiCard) -> SheetItem:
    order = option_order(card.options, card.id)
    choices = tuple(f"{_letter(n)}. {card.options[i]}" for n, i in enumerate(order))
    key = ", ".join(_letter(n) for n, i in enumerate(order) if i in card.answers)
    credits = _credit_key(order, option_credits(card))
    key = f"{key} (credit: {credits})" if credits else key
    return SheetItem(card.question, choices, "Choose all that apply.", key)


def _truefalse(card: TrueFalseCard) -> SheetItem:
    return SheetItem(card.question, (), "True / False", "True" if card.answer else "False")


def _cloze(card: ClozeCard) -> SheetItem:
    text = "".join(
        p if isinstance(p, str) else BLANK + (f" ({p.hint})" if p.hint else "") for p in card.parts
    )
    question = f"{card.prompt}\n{text}" if card.prompt else text
    return SheetItem(question, (), "", "; ".join(g.answers[0] for g in card.gaps))


def _order(card: OrderCard) -> SheetItem:
    order = shuffled(card.items, card.id)
    choices = tuple(f"{_letter(n)}. {card.items[i]}" for n, i in enumerate(order))
    position = {i: n for n, i in enumerate(order)}
    key = ", ".join(_letter(position[i]) for i in range(len(card.items)))
    return SheetItem(card.question, choices, "Put in the right order (write the letters).", key)


def _match(card: MatchCard) -> SheetItem:
    rights = [right for _, right in card.pairs]
    order = shuffled(rights, card.id)
    lefts = tuple(f"{n + 1}. {left}" for n, (left, _) in enumerate(card.pairs))
    shown = tuple(f"{_letter(n)}. {rights[i]}" for n, i in enumerate(order))
    position = {i: n for n, i in enumerate(order)}
    key = ", ".join(f"{n + 1}–{_letter(position[n])}" for n in range(len(card.pairs)))
    return SheetItem(card.question, lefts + shown, "Match each numbered item with a letter.", key)


def _number(card: NumberCard) -> SheetItem:
    instruction = f"Number: {BLANK}" + (f" {card.unit}" if card.unit else "")
    return SheetItem(card.question, (), instruction, expected_display(card))


#: How each kind prints on a sheet (every kind has a sheet form). Each function takes its own
#: kind's card, which a dict's value type cannot say: hence Any.
SHEET: dict[Kind, Callable[[Any], SheetItem]] = {
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


def sheet_item(card: Card) -> SheetItem:
    """The plain-text parts of ``card`` on a sheet."""
    return SHEET[card.kind](card)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def md_escape(text: str) -> str:
    """Escape Markdown punctuation so card text prints as written."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_lines(text: str, indent: str) -> str:
    return ("  \n" + indent).join(md_escape(line) for line in text.split("\n"))


def sheet_markdown(decks: Sequence[Deck], title: str = "Questions") -> str:
    """The sheet as Markdown."""
    out = [f"# {md_escape(title)}", ""]
    keys: list[tuple[Deck, list[str]]] = []
    for deck in decks:
        out += [f"## {md_escape(deck.title or deck.id)}", ""]
        deck_keys = []
        for n, card in enumerate(deck.cards, start=1):
            item = sheet_item(card)
            out.append(f"{n}. {_md_lines(item.question, '   ')}")
            if item.instruction:
                out += ["", f"   *{md_escape(item.instruction)}*"]
            if item.choices:
                out.append("")
                out += [f"   - {md_escape(c)}" for c in item.choices]
            out.append("")
            deck_keys.append(item.key)
        keys.append((deck, deck_keys))
    out += ["---", "", "# Answer key", ""]
    for deck, deck_keys in keys:
        out += [f"## {md_escape(deck.title or deck.id)}", ""]
        out += [f"{n}. {_md_lines(key, '   ')}" for n, key in enumerate(deck_keys, start=1)]
        out.append("")
    return "\n".join(out)


def _h(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


_HTML_STYLE = """body { font-family: Georgia, serif; max-width: 48em; margin: 2em auto; }
ol.questions > li { margin-bottom: 1em; }
ul.choices { list-style: none; padding-left: 1em; }
.instruction { font-style: italic; }
.key { page-break-before: always; }
"""


def sheet_html(decks: Sequence[Deck], title: str = "Questions") -> str:
    """The sheet as a standalone HTML page."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_h(title)}</title>",
        f"<style>{_HTML_STYLE}</style></head><body>",
        f"<h1>{_h(title)}</h1>",
    ]
    keys: list[tuple[Deck, list[str]]] = []
    for deck in decks:
        out.append(f"<h2>{_h(deck.title or deck.id)}</h2>")
        out.append('<ol class="questions">')
        deck_keys = []
        for card in deck.cards:
            item = sheet_item(card)
            body = f"<li><p>{_h(item.question)}</p>"
            if item.instruction:
                body += f'<p class="instruction">{_h(item.instruction)}</p>'
            if item.choices:
                body += (
                    '<ul class="choices">'
                    + "".join(f"<li>{_h(c)}</li>" for c in item.choices)
                    + "</ul>"
                )
            out.append(body + "</li>")
            deck_keys.append(item.key)
        out.append("</ol>")
        keys.append((deck, deck_keys))
    out.append('<section class="key"><h1>Answer key</h1>')
    for deck, deck_keys in keys:
        out.append(f"<h2>{_h(deck.title or deck.id)}</h2><ol>")
        out += [f"<li>{_h(key)}</li>" for key in deck_keys]
        out.append("</ol>")
    out.append("</section></body></html>")
    return "\n".join(out) + "\n"


__all__ = ["SheetItem", "sheet_html", "sheet_item", "sheet_markdown"]
