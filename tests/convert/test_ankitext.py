"""Anki's "Notes in Plain Text" import, on a file Anki itself wrote (issue 15, item 7)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cyberquiz.convert import ConvertError, guess_text_format
from cyberquiz.convert.ankitext import parse_anki_text
from cyberquiz.core.cards import ClozeCard, FlipCard, Gap, TypedCard

ANKI_EXPORT = Path(__file__).parent / "realfiles" / "anki_notes_plain_text.txt"


def _result():  # type: ignore[no-untyped-def]
    return parse_anki_text(ANKI_EXPORT.read_text("utf-8"), path="anki.txt", deck_id="d")


def test_every_note_of_ankis_own_export_becomes_the_right_card() -> None:
    result = _result()
    kinds = [type(c).__name__ for c in result.cards]
    assert kinds == [
        "FlipCard",  # Basic
        "FlipCard",  # Basic, with HTML and a quoted field
        "FlipCard",  # Basic (and reversed card): both directions
        "FlipCard",
        "TypedCard",  # Basic (type in the answer)
        "ClozeCard",
        "ClozeCard",
        "FlipCard",  # a tab, an entity and a newline inside fields
    ]
    assert result.skipped == []
    basic = result.cards[0]
    assert isinstance(basic, FlipCard)
    # The front is the note's first field, never its GUID or note type.
    assert basic.front == "Where was the Convention on Cybercrime opened for signature?"
    assert basic.back == "Budapest"
    assert basic.tags == ("cybercrime", "treaties", "coe", "treaty")
    html = result.cards[1]
    assert isinstance(html, FlipCard)
    assert html.front == '"Budapest" Convention: year of adoption?'
    assert html.back == "2001\n(23 November)"
    reverse = result.cards[3]
    assert isinstance(reverse, FlipCard) and reverse.front.startswith("European Cybercrime")
    typed = result.cards[4]
    assert isinstance(typed, TypedCard) and typed.answer == "UNODC"
    odd = result.cards[7]
    assert isinstance(odd, FlipCard)
    assert odd.front == "Tab and & ampersand; a newline"
    assert odd.tags == ("cybercrime", "odd-text")


def test_an_anki_cloze_note_becomes_a_cloze_card() -> None:
    result = _result()
    cloze = result.cards[5]
    assert isinstance(cloze, ClozeCard)
    assert cloze.text == "The {{Council of Europe}} adopted the Convention in {{2001::year}}."
    assert cloze.gaps == (Gap(("Council of Europe",)), Gap(("2001",), "year"))
    assert cloze.explain == "Opened in Budapest."
    assert any("Anki asks 2 cards" in w.reason for w in result.warnings)


def test_ids_come_from_the_guid_and_survive_edits() -> None:
    text = ANKI_EXPORT.read_text("utf-8")
    first = [c.id for c in parse_anki_text(text, path="a.txt").cards]
    edited = text.replace("opened for signature?", "opened for signature (city)?")
    assert [c.id for c in parse_anki_text(edited, path="b.txt").cards] == first
    assert len(set(first)) == len(first)


def test_headers_name_the_columns_and_the_separator() -> None:
    text = "#separator:Semicolon\n#html:false\n#tags column:3\n#deck:Law\nQ <b>;A;t1 t2\n"
    (card,) = parse_anki_text(text).cards
    assert isinstance(card, FlipCard)
    assert (card.front, card.back, card.tags) == ("Q <b>", "A", ("law", "t1", "t2"))
    with pytest.raises(ConvertError, match="column number"):
        parse_anki_text("#guid column:x\nQ\tA\n")


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        (ANKI_EXPORT.read_text("utf-8"), "anki"),
        ("EC3\tEuropean Cybercrime Centre\nENISA\tEU agency\n", "tsv"),
        ("::Q1:: Which? {=a ~b}\n", "gift"),
        ("// comment\nWhich body?\t{=Europol}\n", "gift"),
    ],
)
def test_a_txt_file_is_read_to_tell_its_format(text: str, fmt: str) -> None:
    assert guess_text_format(text) == fmt
