"""Anki export read back as the SQLite database it is; the printable sheet."""

from __future__ import annotations

import sqlite3
import tempfile
import zipfile
from pathlib import Path

import genanki
import pytest
from instructor_helpers import DECK, all_cards, demo_deck

from cyberquiz.convert.apkg import BASIC_MODEL_ID, cloze_sides, stable_id, write_apkg
from cyberquiz.convert.sheet import sheet_html, sheet_item, sheet_markdown
from cyberquiz.core.cards import ChoiceCard, ClozeCard, Deck, FlipCard, MatchCard, OrderCard


def _notes(apkg: Path, tmp_path: Path) -> tuple[list[tuple[str, int, str, str]], dict]:
    with zipfile.ZipFile(apkg) as z:
        assert "collection.anki2" in z.namelist()
        target = tmp_path / f"{apkg.stem}.anki2"
        target.write_bytes(z.read("collection.anki2"))
    con = sqlite3.connect(target)
    try:
        rows = con.execute("SELECT guid, mid, flds, tags FROM notes ORDER BY id").fetchall()
        decks_json = con.execute("SELECT decks FROM col").fetchone()[0]
    finally:
        con.close()
    import json

    return rows, json.loads(decks_json)


def test_apkg_notes_guids_and_ids_are_stable(tmp_path: Path) -> None:
    deck = demo_deck()
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    assert write_apkg([deck], first) == len(deck.cards)
    write_apkg([deck], second)
    rows_a, decks_a = _notes(first, tmp_path)
    rows_b, decks_b = _notes(second, tmp_path)
    guids = [r[0] for r in rows_a]
    assert guids == [genanki.guid_for(c.id) for c in deck.cards]
    assert guids == [r[0] for r in rows_b]
    assert [r[2] for r in rows_a] == [r[2] for r in rows_b]
    anki_deck_id = str(stable_id(f"cyberquiz-deck:{DECK}"))
    assert decks_a[anki_deck_id]["name"] == "Demo deck"
    assert anki_deck_id in decks_b
    models = {r[1] for r in rows_a}
    assert models == {BASIC_MODEL_ID}  # one note type: a card that changes kind keeps its note


def test_apkg_export_leaves_nothing_in_the_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """genanki's writer left its collection database in the temporary folder on every export."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    path = tmp_path / "out.apkg"
    write_apkg([demo_deck()], path)
    assert list(scratch.iterdir()) == []
    with zipfile.ZipFile(path) as package:
        assert sorted(package.namelist()) == ["collection.anki2", "media"]


def test_apkg_fields_are_readable_and_escaped(tmp_path: Path) -> None:
    cards = [
        ChoiceCard(
            id="c",
            deck_id=DECK,
            prompt="Is <b>this</b> bold?",
            options=("no & never", "yes"),
            answer=0,
            explain="Because [/] is text.",
            source="A quote",
            tags=("bodies", "eu"),
        ),
        OrderCard(id="o", deck_id=DECK, prompt="Order", items=("first", "second", "third")),
        all_cards()[12],  # a cloze card with alternatives
    ]
    path = tmp_path / "x.apkg"
    write_apkg([Deck(id=DECK, title="T", cards=tuple(cards))], path)
    rows, _ = _notes(path, tmp_path)
    choice_front, choice_back, card_id = rows[0][2].split("\x1f")
    assert "Is &lt;b&gt;this&lt;/b&gt; bold?" in choice_front
    assert ". no &amp; never</li>" in choice_front and ". yes</li>" in choice_front
    assert ". no &amp; never" in choice_back.split("<div")[0]
    assert "yes" not in choice_back
    assert "Because [/] is text." in choice_back and "A quote" in choice_back
    assert card_id == "c"
    assert rows[0][3].split() == ["bodies", "eu"]
    order_front, order_back, _ = rows[1][2].split("\x1f")
    assert "Put in order" in order_front
    assert order_back == "<ol><li>first</li><li>second</li><li>third</li></ol>"
    cloze_front, cloze_back, _ = rows[2][2].split("\x1f")
    assert cloze_front == 'Opened in <span class="cloze">[...]</span> in 2001.'
    assert "Budapešt" not in cloze_front  # an alternative would give the answer away
    assert cloze_back.startswith('Opened in <span class="cloze">Budapest</span> in 2001.')
    assert "also accepted: Budapešt" in cloze_back


def test_cloze_sides_keep_hints_and_hide_alternatives() -> None:
    card = ClozeCard(
        id="z",
        deck_id=DECK,
        text="x",
        prompt="Fill <in>",
        parts=("A ", *all_cards()[13].parts[1:2], " and ", *all_cards()[12].parts[1:2], "."),
    )
    front, back = cloze_sides(card)
    assert front == (
        'Fill &lt;in&gt;<br>A <span class="cloze">[a capital]</span> and '
        '<span class="cloze">[...]</span>.'
    )
    assert back == (
        'Fill &lt;in&gt;<br>A <span class="cloze">Budapest</span> and '
        '<span class="cloze">Budapest</span>.<br><small>also accepted: Budapešt</small>'
    )


def test_sheet_markdown_has_questions_then_the_answer_key() -> None:
    deck = demo_deck()
    text = sheet_markdown([deck], title="Mock exam")
    questions, key = text.split("# Answer key")
    assert questions.startswith(
        "# Mock exam\n\n## Demo deck\n\n1. Which body runs EC3 {the centre}?"
    )
    for n in range(1, len(deck.cards) + 1):
        assert f"\n{n}. " in questions
        assert f"\n{n}. " in key
    # options in the order seeded by the card id (here choice-1 keeps its written order)
    assert "   - A. Europol\n   - B. Eurojust = prosecutors\n   - C. ENISA \\#1" in questions
    assert "\n1. A. Europol\n" in key
    assert "\n2. C, D\n" in key  # multi-1: Council of Europe and African Union, shuffled
    assert "Budapest" not in questions.split("Opened in")[1].split("\n")[0]
    assert len(deck.cards) == 19


def test_sheet_hides_order_and_match_answers_and_keys_them() -> None:
    order = OrderCard(id="ord", deck_id=DECK, prompt="Order", items=("a", "b", "c", "d"))
    item = sheet_item(order)
    shown = [c.split(". ", 1)[1] for c in item.choices]
    assert shown != ["a", "b", "c", "d"] and sorted(shown) == ["a", "b", "c", "d"]
    letters = item.key.split(", ")
    assert [shown["ABCD".index(x)] for x in letters] == ["a", "b", "c", "d"]
    match = MatchCard(id="m", deck_id=DECK, prompt="M", pairs=(("1", "x"), ("2", "y"), ("3", "z")))
    m_item = sheet_item(match)
    rights = {c.split(". ", 1)[0]: c.split(". ", 1)[1] for c in m_item.choices[3:]}
    assert {pair.split("–")[0]: rights[pair.split("–")[1]] for pair in m_item.key.split(", ")} == {
        "1": "x",
        "2": "y",
        "3": "z",
    }
    assert sheet_item(order) == item  # the same on every export


def test_sheet_html_escapes_card_text() -> None:
    card = FlipCard(id="f", deck_id=DECK, front="<script>alert(1)</script>", back="a & b")
    page = sheet_html([Deck(id=DECK, title="T <1>", cards=(card,))])
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<h2>T &lt;1&gt;</h2>" in page
    assert page.index("Answer key") > page.index("&lt;script&gt;")
    assert "<li>a &amp; b</li>" in page.split("Answer key")[1]


def test_right_options_are_not_always_first_on_the_sheet_or_in_anki() -> None:
    """Issue 15: in 28 of 29 Anki choice notes the right option came first."""
    from cyberquiz.convert.apkg import front_and_back

    cards = [
        ChoiceCard(id=f"c{n}", deck_id=DECK, prompt=f"Q{n}", options=("r", "w1", "w2"), answer=0)
        for n in range(30)
    ]
    firsts = [sheet_item(c).key.startswith("A.") for c in cards]
    assert 3 <= sum(firsts) <= 20
    for card in cards:
        front, back = front_and_back(card)
        letter = sheet_item(card).key[0]
        assert f"<li>{letter}. r</li>" in front and back.startswith(f"{letter}. r")
        assert sheet_item(card) == sheet_item(card)
