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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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
    Kind,
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


def _flip(card: FlipCard) -> tuple[str, str]:
    return _esc(card.question), _esc(card.back)


def _typed(card: TypedCard) -> tuple[str, str]:
    answer = _esc(card.answer)
    if card.accept:
        answer += "<br><small>also accepted: " + _esc(", ".join(card.accept)) + "</small>"
    return _esc(card.question), answer


def _date(card: DateCard) -> tuple[str, str]:
    return _esc(card.question), _esc(card.answer.iso())


def _options(card: ChoiceCard | MultiCard, right: list[int], note: str) -> tuple[str, str]:
    listed = "".join(f"<li>{_letter(i)}. {_esc(o)}</li>" for i, o in enumerate(card.options))
    front = f'{_esc(card.question)}<ol class="options" type="none">{listed}</ol>{note}'
    return front, "<br>".join(f"{_letter(i)}. {_esc(card.options[i])}" for i in right)


def _choice(card: ChoiceCard) -> tuple[str, str]:
    return _options(card, [card.answer], "")


def _multi(card: MultiCard) -> tuple[str, str]:
    return _options(card, sorted(card.answers), "<i>(choose all that apply)</i>")


def _truefalse(card: TrueFalseCard) -> tuple[str, str]:
    return _esc(card.question) + "<br><i>True or false?</i>", "True" if card.answer else "False"


def _cloze(card: ClozeCard) -> tuple[str, str]:
    return cloze_field(card), ""


def _order(card: OrderCard) -> tuple[str, str]:
    order = shuffled(card.items, card.id)
    listed = "".join(f"<li>{_esc(card.items[i])}</li>" for i in order)
    front = f'{_esc(card.question)}<br><i>Put in order:</i><ul class="options">{listed}</ul>'
    return front, "<ol>" + "".join(f"<li>{_esc(x)}</li>" for x in card.items) + "</ol>"


def _match(card: MatchCard) -> tuple[str, str]:
    rights = [right for _, right in card.pairs]
    order = shuffled(rights, card.id)
    lefts = "".join(f"<li>{_esc(left)}</li>" for left, _ in card.pairs)
    shown = "".join(f"<li>{_letter(n)}. {_esc(rights[i])}</li>" for n, i in enumerate(order))
    front = (
        f'{_esc(card.question)}<ol class="options">{lefts}</ol>'
        f'<ul class="options" type="none">{shown}</ul>'
    )
    return front, "<br>".join(f"{_esc(left)} → {_esc(right)}" for left, right in card.pairs)


@dataclass(frozen=True, slots=True)
class AnkiNote:
    """How a kind becomes an Anki note: the note type and its two text fields.

    ``fields`` gives (Front, Back) for a ``basic`` note and (Text, "") for a ``cloze`` note; the
    explanation and source are added after it.
    """

    model: str  # "basic" or "cloze"
    fields: Callable[[Any], tuple[str, str]]  # takes its own kind's card


#: The Anki note of each kind (every kind has one).
APKG: dict[Kind, AnkiNote] = {
    Kind.FLIP: AnkiNote("basic", _flip),
    Kind.TYPED: AnkiNote("basic", _typed),
    Kind.DATE: AnkiNote("basic", _date),
    Kind.CHOICE: AnkiNote("basic", _choice),
    Kind.MULTI: AnkiNote("basic", _multi),
    Kind.TRUEFALSE: AnkiNote("basic", _truefalse),
    Kind.CLOZE: AnkiNote("cloze", _cloze),
    Kind.ORDER: AnkiNote("basic", _order),
    Kind.MATCH: AnkiNote("basic", _match),
}


def front_and_back(card: Card) -> tuple[str, str]:
    """HTML fields of the note for ``card`` (front and back, or cloze text and back extra)."""
    first, second = APKG[card.kind].fields(card)
    return first, second + _extra(card)


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
            first, second = front_and_back(card)
            model = cloze if APKG[card.kind].model == "cloze" else basic
            note = genanki.Note(model=model, fields=[first, second, card.id], guid=guid, tags=tags)
            anki_deck.add_note(note)
        anki_decks.append(anki_deck)
    return genanki.Package(anki_decks)


def write_apkg(decks: Sequence[Deck], path: Path) -> int:
    """Write ``decks`` to an ``.apkg`` file; returns the number of notes written."""
    build_package(decks).write_to_file(str(path))
    return sum(len(d.cards) for d in decks)
