"""The student answer table: right answers in other forms are right, near-misses are refused.

The table lives in tests/core/data/student_answers_*.yaml (card id → right, wrong, unreadable);
``python tests/core/student_table.py`` prints the same counts for any version of the grader.
"""

from __future__ import annotations

import itertools

import pytest
from student_table import QUESTIONS, graded_cards, judged_ok, load_table, rows

from cyberquiz.core.cards import Card, ClozeCard, TypedCard
from cyberquiz.core.grading import grade

TABLE = load_table()
CARDS = graded_cards() if QUESTIONS.is_dir() else {}
ROWS = rows(TABLE)

#: Least right forms and near-misses per card.
MIN_RIGHT, MIN_WRONG = 5, 3


def test_every_typed_date_and_cloze_card_has_its_answers() -> None:
    thin = {
        card_id: (
            len(TABLE.get(card_id, {}).get("right", [])),
            len(TABLE.get(card_id, {}).get("wrong", [])),
        )
        for card_id in CARDS
    }
    assert {k: v for k, v in thin.items() if v[0] < MIN_RIGHT or v[1] < MIN_WRONG} == {}


def test_the_table_names_only_cards_that_exist() -> None:
    assert sorted(set(TABLE) - set(CARDS)) == []


@pytest.mark.parametrize("card_id", sorted(TABLE))
def test_student_answers(card_id: str) -> None:
    card = CARDS[card_id]
    misjudged = [
        f"{row.expect}: {row.answer!r} was judged {judged.verdict.value} ({judged.message})"
        for row in ROWS
        if row.card_id == card_id and not judged_ok(row, judged := grade(card, row.answer))
    ]
    assert misjudged == []


def _typed() -> list[TypedCard]:
    return [c for c in CARDS.values() if isinstance(c, TypedCard)]


def _accepts(card: Card, text: str) -> bool:
    return grade(card, text).correct


def _share_a_name(a: TypedCard, b: TypedCard) -> bool:
    """Two cards about one thing (asked two ways): one of them takes a name the other gives."""
    return any(_accepts(b, x) for x in (a.answer, *a.accept)) or any(
        _accepts(a, x) for x in b.accept
    )


def test_no_card_accepts_another_cards_answer() -> None:
    """A card never takes another card's answer for its own, where the two answers differ."""
    wrong = [
        f"{a.id} accepts {b.id}'s answer {b.answer!r}"
        for a, b in itertools.permutations(_typed(), 2)
        if _accepts(a, b.answer) and not _share_a_name(a, b)
    ]
    assert wrong == []


def _gaps() -> list[tuple[str, int, ClozeCard]]:
    return [
        (card.id, index, card)
        for card in CARDS.values()
        if isinstance(card, ClozeCard)
        for index in range(len(card.gaps))
    ]


def test_no_cloze_gap_accepts_another_cards_answer() -> None:
    """A gap filled with a typed card's answer is right only where the answers are one."""
    wrong: list[str] = []
    for card_id, index, card in _gaps():
        gap = card.gaps[index]
        for other in _typed():
            fills = [g.answers[0] for g in card.gaps]
            fills[index] = other.answer
            if grade(card, tuple(fills)).correct and not any(
                grade(other, a).correct for a in gap.answers
            ):
                wrong.append(f"{card_id} gap {index + 1} accepts {other.answer!r} ({other.id})")
    assert wrong == []
