"""Anki ``.apkg`` export with genanki.

Every card becomes one note of one note type (fixed id) whose GUID is
``genanki.guid_for(card.id)``, so importing a newer export into Anki updates the notes instead of
adding copies, even when a card changed kind (Anki refuses to move a note to another note type:
it reports the note as "conflicting" and keeps the old one). Deck ids come from a hash of our deck
id. The front is the question (with its options, items or pairs, in a shuffled order seeded by the
card id, so the right option is not always first) and the back is the answer, the explanation and
the source quote; options with credit are listed on the back with it (``B. ... (50%)``), since
Anki does not grade options. A cloze card shows its gaps as ``[...]`` (or its hint) on the front
and filled on the back, as Anki's cloze cards look; its accepted alternatives are on the back
only. All card text is HTML-escaped: it is data, not markup.
"""

from __future__ import annotations

import hashlib
import html
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
    NumberCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)
from cyberquiz.core.kinds.credit import percent_text
from cyberquiz.core.serialize import expected_display

if TYPE_CHECKING:
    import genanki  # untyped: mypy sees its classes as Any

_CSS = """.card { font-family: sans-serif; font-size: 20px; text-align: left; }
.options { margin-top: .5em; }
.explain { margin-top: 1em; }
.source { margin-top: 1em; font-size: 80%; color: #555; font-style: italic; }
.cloze { font-weight: bold; color: blue; }
"""


def stable_id(text: str) -> int:
    """A positive id in Anki's range (below 2**31 x 1000) from a hash of ``text``."""
    digest = int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:12], 16)
    return (1 << 30) + digest % (1 << 40)


#: The one note type of every export (the id of the former Basic type, so its notes update).
BASIC_MODEL_ID = stable_id("cyberquiz-model-basic-v1")


def _esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _letter(i: int) -> str:
    return chr(ord("A") + i) if i < 26 else str(i + 1)


def option_order(options: Sequence[str], seed: str) -> list[int]:
    """A display order of ``options``, the same on every export (seeded by the card id).

    Uniform: unlike :func:`shuffled` it may keep the written order, so the position of the right
    option tells nothing.
    """
    order = list(range(len(options)))
    random.Random(f"options:{seed}").shuffle(order)
    return order


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


def option_credits(card: ChoiceCard | MultiCard) -> dict[int, float]:
    """The options worth something (or a penalty) and their credits; ``{}`` without credits."""
    return {i: credit for i, credit in enumerate(card.credits) if credit}


def _options(card: ChoiceCard | MultiCard, right: set[int], note: str) -> tuple[str, str]:
    order = option_order(card.options, card.id)
    listed = "".join(f"<li>{_letter(n)}. {_esc(card.options[i])}</li>" for n, i in enumerate(order))
    front = f'{_esc(card.question)}<ol class="options" type="none">{listed}</ol>{note}'
    credits = option_credits(card)
    if credits:  # every option worth something, with its credit: Anki does not grade them
        return front, "<br>".join(
            f"{_letter(n)}. {_esc(card.options[i])} ({percent_text(credits[i])})"
            for n, i in enumerate(order)
            if i in credits
        )
    return front, "<br>".join(
        f"{_letter(n)}. {_esc(card.options[i])}" for n, i in enumerate(order) if i in right
    )


def _choice(card: ChoiceCard) -> tuple[str, str]:
    return _options(card, {card.answer}, "")


def _multi(card: MultiCard) -> tuple[str, str]:
    return _options(card, set(card.answers), "<i>(choose all that apply)</i>")


def _truefalse(card: TrueFalseCard) -> tuple[str, str]:
    return _esc(card.question) + "<br><i>True or false?</i>", "True" if card.answer else "False"


def _cloze(card: ClozeCard) -> tuple[str, str]:
    return cloze_sides(card)


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


def _number(card: NumberCard) -> tuple[str, str]:
    return _esc(card.question), _esc(expected_display(card))


@dataclass(frozen=True, slots=True)
class AnkiNote:
    """How a kind becomes an Anki note: its Front and Back fields.

    Every kind uses the one note type, so that a card that changes kind keeps its note; the
    explanation and source are added after the Back.
    """

    fields: Callable[[Any], tuple[str, str]]  # takes its own kind's card


#: The Anki note of each kind (every kind has one).
APKG: dict[Kind, AnkiNote] = {
    Kind.FLIP: AnkiNote(_flip),
    Kind.TYPED: AnkiNote(_typed),
    Kind.DATE: AnkiNote(_date),
    Kind.CHOICE: AnkiNote(_choice),
    Kind.MULTI: AnkiNote(_multi),
    Kind.TRUEFALSE: AnkiNote(_truefalse),
    Kind.CLOZE: AnkiNote(_cloze),
    Kind.ORDER: AnkiNote(_order),
    Kind.MATCH: AnkiNote(_match),
    Kind.NUMBER: AnkiNote(_number),
}


def front_and_back(card: Card) -> tuple[str, str]:
    """HTML Front and Back fields of the note for ``card``."""
    first, second = APKG[card.kind].fields(card)
    return first, second + _extra(card)


def _extra(card: Card) -> str:
    extra = ""
    if card.explain:
        extra += f'<div class="explain">{_esc(card.explain)}</div>'
    if card.source:
        extra += f'<div class="source">{_esc(card.source)}</div>'
    return extra


def cloze_sides(card: ClozeCard) -> tuple[str, str]:
    """HTML front (gaps as ``[...]`` or ``[hint]``) and back (gaps filled) of a cloze card.

    Accepted alternatives are listed on the back only: shown on the front, as Anki's cloze hints
    would be, they would give the answer away.
    """
    front: list[str] = []
    back: list[str] = []
    also: list[str] = []
    for part in card.parts:
        if isinstance(part, Gap):
            front.append(f'<span class="cloze">[{_esc(part.hint or "...")}]</span>')
            back.append(f'<span class="cloze">{_esc(part.answers[0])}</span>')
            also += part.answers[1:]
        else:
            front.append(_esc(part))
            back.append(_esc(part))
    prompt = f"{_esc(card.prompt)}<br>" if card.prompt else ""
    accepted = f"<br><small>also accepted: {_esc(', '.join(also))}</small>" if also else ""
    return prompt + "".join(front), prompt + "".join(back) + accepted


def build_package(decks: Sequence[Deck]) -> genanki.Package:
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
    anki_decks = []
    for deck in decks:
        anki_deck = genanki.Deck(stable_id(f"cyberquiz-deck:{deck.id}"), deck.title or deck.id)
        for card in deck.cards:
            tags = [t.replace(" ", "_") for t in card.tags]
            guid = genanki.guid_for(card.id)
            front, back = front_and_back(card)
            note = genanki.Note(model=basic, fields=[front, back, card.id], guid=guid, tags=tags)
            anki_deck.add_note(note)
        anki_decks.append(anki_deck)
    return genanki.Package(anki_decks)


def write_apkg(decks: Sequence[Deck], path: Path, *, timestamp: float | None = None) -> int:
    """Write ``decks`` to an ``.apkg`` file; returns the number of notes written.

    ``timestamp`` (seconds since the epoch, default now) is the notes' modification time: Anki
    updates a note on import only when this is newer than its own copy.
    """
    import itertools
    import json
    import sqlite3
    import tempfile
    import time
    import zipfile

    package = build_package(decks)
    stamp = time.time() if timestamp is None else timestamp
    # genanki's own write_to_file builds the collection in a temporary file that it never
    # removes: every export left one in the user's temporary folder. The same steps here, in a
    # folder that goes when the file is written.
    with tempfile.TemporaryDirectory(prefix="cyberquiz-apkg-") as scratch:
        collection = Path(scratch) / "collection.anki2"
        conn = sqlite3.connect(collection)
        try:
            package.write_to_db(conn.cursor(), stamp, itertools.count(int(stamp * 1000)))
            conn.commit()
        finally:
            conn.close()
        with zipfile.ZipFile(path, "w") as out:
            out.write(collection, "collection.anki2")
            out.writestr("media", json.dumps({}))  # no media files
    return sum(len(d.cards) for d in decks)
