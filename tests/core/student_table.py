"""The table of student answers (tests/core/data/student_answers_*.yaml), judged by the grader.

Run it as a script to print how many right answers are refused and wrong ones accepted::

    python tests/core/student_table.py [questions-folder]

It uses only the loader and :func:`cyberquiz.core.grading.grade`, so it also measures older
versions of the grader (``PYTHONPATH=<other checkout>/src``).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cyberquiz.core.answers import Answer, Grade, Verdict
from cyberquiz.core.cards import Card, ClozeCard, DateCard, TypedCard
from cyberquiz.core.grading import grade
from support import QUESTIONS, shipped_decks

DATA = Path(__file__).resolve().parent / "data"
ACCEPTED = ("right", "almost")  # verdict values counted as correct


@dataclass(frozen=True)
class Row:
    card_id: str
    expect: str  # "right", "wrong" or "unreadable"
    answer: Answer


def load_table() -> dict[str, dict[str, list[Any]]]:
    """Card id → {"right": [...], "wrong": [...], "unreadable": [...]} from every data file."""
    table: dict[str, dict[str, list[Any]]] = {}
    for path in sorted(DATA.glob("student_answers_*.yaml")):
        # libyaml's loader where the wheel has it: these files are read at every collection
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        for card_id, entry in yaml.load(path.read_text(encoding="utf-8"), loader).items():
            assert card_id not in table, f"{card_id} is in two data files"
            table[card_id] = entry
    return table


def graded_cards(folder: Path = QUESTIONS) -> dict[str, Card]:
    """The typed, date and cloze cards of the decks in ``folder``, by id."""
    from cyberquiz.decks.loader import load_paths

    report = shipped_decks() if folder == QUESTIONS else load_paths([folder])
    return {
        card.id: card
        for deck in report.decks
        for card in deck.cards
        if isinstance(card, TypedCard | DateCard | ClozeCard)
    }


def rows(table: dict[str, dict[str, list[Any]]]) -> list[Row]:
    out = []
    for card_id, entry in table.items():
        for expect in ("right", "wrong", "unreadable"):
            for answer in entry.get(expect, []):
                value = tuple(answer) if isinstance(answer, list) else str(answer)
                out.append(Row(card_id, expect, value))
    return out


def judged_ok(row: Row, judged: Grade) -> bool:
    """Whether the grader did what the table says."""
    verdict = str(judged.verdict.value if isinstance(judged.verdict, Verdict) else judged.verdict)
    if row.expect == "right":
        return verdict in ACCEPTED
    if row.expect == "unreadable":
        return verdict == "unreadable"
    return verdict not in ACCEPTED and verdict != "unreadable"


def main(folder: Path) -> None:
    cards = graded_cards(folder)
    table = load_table()
    counts = {"right": [0, 0], "wrong": [0, 0], "unreadable": [0, 0]}
    for row in rows(table):
        card = cards.get(row.card_id)
        if card is None:
            continue
        judged = grade(card, row.answer)
        counts[row.expect][0] += 1
        if not judged_ok(row, judged):
            counts[row.expect][1] += 1
            print(f"{row.expect:10} {row.card_id}: {row.answer!r} -> {judged.verdict}")
    right, wrong, unreadable = counts["right"], counts["wrong"], counts["unreadable"]
    print(f"cards: {len(set(table) & set(cards))} of {len(cards)} typed/date/cloze in {folder}")
    print(f"right answers refused: {right[1]} of {right[0]}")
    print(f"wrong answers accepted (or not read): {wrong[1]} of {wrong[0]}")
    print(f"unreadable answers not sent back: {unreadable[1]} of {unreadable[0]}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else QUESTIONS)
