"""Spreadsheet formulas: neutralised on export (OWASP), read back exactly on import."""

from __future__ import annotations

import csv
import dataclasses
import io

from hypothesis import given
from hypothesis import strategies as st

from cyberquiz.convert.cells import neutralise_formula, restore_formula
from cyberquiz.convert.classreport import ClassReport, ItemStats, to_csv
from cyberquiz.convert.csvdeck import cards_to_csv, parse_csv
from cyberquiz.core.cards import TypedCard

DANGEROUS = ["=", "+", "-", "@", "\t", "\r"]
#: Text built from the characters that matter at the start of a cell, and some that do not.
tricky = st.text(alphabet=st.sampled_from([*DANGEROUS, "'", "a", "5", " ", "|"]), max_size=8)


@given(cell=st.text() | tricky)
def test_restore_inverts_neutralise(cell: str) -> None:
    assert restore_formula(neutralise_formula(cell)) == cell


@given(cell=st.text() | tricky)
def test_no_written_cell_starts_a_formula(cell: str) -> None:
    assert not neutralise_formula(cell).startswith(tuple(DANGEROUS))


def test_examples() -> None:
    assert neutralise_formula('=HYPERLINK("http://x","y")') == '\'=HYPERLINK("http://x","y")'
    assert neutralise_formula("-5") == "'-5"
    assert neutralise_formula("'-5") == "''-5"
    assert neutralise_formula("'quoted'") == "'quoted'"
    assert restore_formula("'quoted'") == "'quoted'"
    assert neutralise_formula("Budapest") == "Budapest"


words = st.text(alphabet=st.sampled_from(["=", "+", "-", "@", "'", "a", "5", " "]), min_size=1)
visible = words.map(str.strip).filter(bool)


@given(prompt=visible, answer=visible, explain=visible)
def test_typed_cards_survive_a_csv_round_trip(prompt: str, answer: str, explain: str) -> None:
    card = TypedCard(id="q-1", deck_id="d", prompt=prompt, answer=answer, explain=explain)
    for delimiter in (",", "\t"):
        text, _ = cards_to_csv([card], delimiter=delimiter)
        for row in list(csv.reader(io.StringIO(text), delimiter=delimiter))[1:]:
            assert not any(cell.startswith(tuple(DANGEROUS)) for cell in row)
        back = parse_csv(text, deck_id="d", delimiter=delimiter).cards
        assert [dataclasses.replace(c, origin=None) for c in back] == [card]


def test_class_report_csv_neutralises_text_but_keeps_numbers() -> None:
    item = ItemStats(
        card_id="q1",
        kind="typed",
        area="=cmd|' /C calc'!A0",
        question="@SUM(1+1)",
        expected="-5",
        presented=2,
        answered=2,
        facility=0.25,
        discrimination=-0.5,
        wrong_answers=(("+1", 2),),
        broken=False,
    )
    report = ClassReport(students=1, seeds=(), mean_percent=0.0, items=(item,), areas=())
    text = to_csv(report)
    row = list(csv.reader(io.StringIO(text)))[1]
    assert "'=cmd|' /C calc'!A0" in row and "'@SUM(1+1)" in row and "'-5" in row
    assert "'+1 (2)" in row
    assert "-0.5000" in row
