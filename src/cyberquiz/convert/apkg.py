"""Anki ``.apkg`` export with genanki.

Every card becomes one note whose GUID is ``genanki.guid_for(card.id)``, so importing a newer
export into Anki updates the notes instead of adding copies. Deck ids come from a hash of our deck
id and the two note types (Basic and Cloze) have fixed ids, so every export names them alike.
Cloze cards become Anki Cloze notes (``{{c1::answer::hint}}``); every other kind becomes a Basic
note whose front is the question (with its options, items or pairs) and whose back is the answer,
the explanation and the source quote. All card text is HTML-escaped: it is data, not markup.
"""

from __future__ import annotations

import hashlib
import html
import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cyberquiz.core.cards import (
    Card,
    ChoiceCard,
    ClozeCard,
    DateCard,
    Deck,
    FlipCard,
    Gap,
    MatchCard,
    MultiCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)

_CSS = """.card { font-family: sans-serif; font-size: 20px; text-align: left; }
.options { margin-top: .5em; }
.explain { margin-top: 1em; }
.source { margin-top: 1em; font-size: 80%; color: #555; font-style: italic; }
"""


def stable_id(text: str) -> int:
    """A positive id in Anki's range (below 2**31 x 1000) from a hash of ``text``."""
    digest = int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:12], 16)
    return (1 << 30) + digest % (1 << 40)


BASIC_MODEL_ID = stable_id("cyberquiz-model-basic-v1")
CLOZE_MODEL_ID = stable_id("cyberquiz-model-cloze-v1")


def _esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _letter(i: int) -> str:
    return chr(ord("A") + i) if i < 26 else str(i + 1)


def shuffled(items: Sequence[str], seed: str) -> list[int]:
    """A display order of ``items`` that is the same on every export and not the right order."""
    order = list(range(len(items)))
    random.Random(seed).shuffle(order)
    if len(order) > 1 and order == sorted(order):
        order = order[1:] + order[:1]
    return order


def front_and_back(card: Card) -> tuple[str, str]:
    """HTML front and back of the Basic note for ``card`` (not used for cloze)."""
    front = _esc(card.question)
    answer = ""
    match card:
        case FlipCard():
            answer = _esc(card.back)
        case TypedCard():
            answer = _esc(card.answer)
            if card.accept:
                answer += "<br><small>also accepted: " + _esc(", ".join(card.accept)) + "</small>"
        case DateCard():
            answer = _esc(card.answer.iso())
        case ChoiceCard() | MultiCard():
            listed = "".join(
                f"<li>{_letter(i)}. {_esc(o)}</li>" for i, o in enumerate(card.options)
            )
            front += f'<ol class="options" type="none">{listed}</ol>'
            if isinstance(card, MultiCard):
                front += "<i>(choose all that apply)</i>"
                right = sorted(card.answers)
            else:
                right = [card.answer]
            answer = "<br>".join(f"{_letter(i)}. {_esc(card.options[i])}" for i in right)
        case TrueFalseCard():
            front += "<br><i>True or false?</i>"
            answer = "True" if card.answer else "False"
        case OrderCard():
            order = shuffled(card.items, card.id)
            listed = "".join(f"<li>{_esc(card.items[i])}</li>" for i in order)
            front += f'<br><i>Put in order:</i><ul class="options">{listed}</ul>'
            answer = "<ol>" + "".join(f"<li>{_esc(x)}</li>" for x in card.items) + "</ol>"
        case MatchCard():
            rights = [right for _, right in card.pairs]
            order = shuffled(rights, card.id)
            lefts = "".join(f"<li>{_esc(left)}</li>" for left, _ in card.pairs)
            shown = "".join(
                f"<li>{_letter(n)}. {_esc(rights[i])}</li>" for n, i in enumerate(order)
            )
            front += f'<ol class="options">{lefts}</ol><ul class="options" type="none">{shown}</ul>'
            answer = "<br>".join(f"{_esc(left)} → {_esc(right)}" for left, right in card.pairs)
        case ClozeCard():
            answer = _esc(" / ".join(g.answers[0] for g in card.gaps))
    return front, answer + _extra(card)


def _extra(card: Card) -> str:
    extra = ""
    if card.explain:
        extra += f'<div class="explain">{_esc(card.explain)}</div>'
    if card.source:
        extra += f'<div class="source">{_esc(card.source)}</div>'
    return extra


def cloze_field(card: ClozeCard) -> str:
    """Anki cloze text: each gap ``{{cN::answer::hint}}``, alternatives named in the hint."""
    out: list[str] = []
    n = 0
    for part in card.parts:
        if isinstance(part, Gap):
            n += 1
            hint = part.hint or ""
            if len(part.answers) > 1:
                also = "or " + ", ".join(part.answers[1:])
                hint = f"{hint}; {also}" if hint else also
            # Anki reads "::" and "}}" inside a cloze as syntax, so they are broken up.
            answer = _esc(part.answers[0]).replace("::", ": :").replace("}}", "} }")
            hint_text = _esc(hint).replace("::", ": :").replace("}}", "} }")
            out.append(f"{{{{c{n}::{answer}" + (f"::{hint_text}" if hint else "") + "}}")
        else:
            out.append(_esc(part).replace("{{", "{ {"))
    text = "".join(out)
    if card.prompt:
        text = f"{_esc(card.prompt)}<br>{text}"
    return text


def build_package(decks: Sequence[Deck]) -> Any:
    """The ``genanki.Package`` for ``decks`` (one Anki deck each, named by its title)."""
    import genanki  # deferred: only the export command needs it

    basic = genanki.Model(
        BASIC_MODEL_ID,
        "cyberquiz Basic",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "CardId"}],
        templates=[
            {
                "name": "Card 1",
                "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}',
            }
        ],
        css=_CSS,
    )
    cloze = genanki.Model(
        CLOZE_MODEL_ID,
        "cyberquiz Cloze",
        fields=[{"name": "Text"}, {"name": "Back Extra"}, {"name": "CardId"}],
        templates=[
            {
                "name": "Cloze",
                "qfmt": "{{cloze:Text}}",
                "afmt": "{{cloze:Text}}<br>{{Back Extra}}",
            }
        ],
        css=_CSS,
        model_type=genanki.Model.CLOZE,
    )
    anki_decks = []
    for deck in decks:
        anki_deck = genanki.Deck(stable_id(f"cyberquiz-deck:{deck.id}"), deck.title or deck.id)
        for card in deck.cards:
            tags = [t.replace(" ", "_") for t in card.tags]
            guid = genanki.guid_for(card.id)
            if isinstance(card, ClozeCard):
                fields = [cloze_field(card), _extra(card), card.id]
                note = genanki.Note(model=cloze, fields=fields, guid=guid, tags=tags)
            else:
                front, back = front_and_back(card)
                note = genanki.Note(
                    model=basic, fields=[front, back, card.id], guid=guid, tags=tags
                )
            anki_deck.add_note(note)
        anki_decks.append(anki_deck)
    return genanki.Package(anki_decks)


def write_apkg(decks: Sequence[Deck], path: Path) -> int:
    """Write ``decks`` to an ``.apkg`` file; returns the number of notes written."""
    build_package(decks).write_to_file(str(path))
    return sum(len(d.cards) for d in decks)
