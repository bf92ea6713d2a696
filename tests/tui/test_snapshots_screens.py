"""Snapshot tests of the exam, results, practice, help and stats screens at 100×32 and 80×24,
and of Home, the exam, help and study feedback at 60×20 (usable, nothing out of reach).

Frozen clock, seeded rng. Update after a deliberate change with
``pytest tests/tui/test_snapshots_screens.py --snapshot-update`` and look at the pictures.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from cyberquiz.core.answers import Mode
from cyberquiz.tui.screens.exam import ExamScreen

from .helpers import answer, build_app, open_card, settle, steady, wait_home

SIZES = [(100, 32), (80, 24)]
SMALL = (60, 20)
EXAM = {"start_now": True, "count": 8, "seed": 3, "minutes": 30}


def ids(size: tuple[int, int]) -> str:
    return f"{size[0]}x{size[1]}"


@pytest.mark.parametrize("size", [*SIZES, SMALL], ids=ids)
def test_exam_question(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    """The exam on its first question: "Question 1 of 8 · answered 0 · flagged 0 · 30:00 left"
    on top, the question and its input with the exam's own hint, and the footer with next, back,
    flag, list, clear, submit and pause, all within 80 columns."""

    async def ready(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await steady(pilot)

    app = build_app(tmp_path, start="exam", options=EXAM)
    assert snap_compare(app, terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES, ids=ids)
def test_exam_submit_dialog(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    """Submit with nothing answered: "Unanswered: questions 1, 2, … and 8", "Flagged: none",
    and the two buttons."""

    async def ready(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)

    app = build_app(tmp_path, start="exam", options=EXAM)
    assert snap_compare(app, terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES, ids=ids)
def test_exam_results(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    """Results after answering only the cloze question half right: the headline score "0.5 / 8"
    (never 0.50000), the areas table, the questions table with the cloze text as blanks
    (``___``, never ``{{…}}``), and the mistakes."""

    async def ready(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ExamScreen)
        index = next(i for i, it in enumerate(screen.session.items) if it.card.id == "k-cloze")
        await screen.go(index)
        await settle(pilot)
        await pilot.press(*"2001", "enter", *"Vienna", "enter")
        await settle(pilot)
        screen.finish()
        await settle(pilot)

    app = build_app(tmp_path, start="exam", options=EXAM)
    assert snap_compare(app, terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES, ids=ids)
def test_practice_feedback(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    """Practice after a wrong choice: "✗ Wrong", the expected option, and no rating bar (practice
    counts nothing); the footer has next, undo, bury, suspend and end."""

    async def ready(pilot: Pilot[Any]) -> None:
        await wait_home(pilot)
        await open_card(pilot, "k-choice", Mode.PRACTICE)
        await answer(pilot, right=False)
        await steady(pilot)

    assert snap_compare(build_app(tmp_path), terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", [*SIZES, SMALL], ids=ids)
def test_help_on_a_question(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    """Help over a true/false question: the screen's keys (Enter next, 1–4 rate, undo, bury,
    suspend, flag, deck line, end, scrolling) and the answer hint "t / 1 true, f / 2 false,
    0 I don't know; then Enter."; the table fills the dialog with a scrollbar where the keys do
    not fit, and "Esc closes" stays at the bottom."""

    async def ready(pilot: Pilot[Any]) -> None:
        await wait_home(pilot)
        await open_card(pilot, "k-truefalse")
        await pilot.press("f1")
        await settle(pilot)

    assert snap_compare(build_app(tmp_path), terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES, ids=ids)
def test_stats_cards(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    """Stats on the Cards tab after two answers in study: the kinds deck with its new, learning,
    young and mature counts and the "All decks" total row."""

    async def ready(pilot: Pilot[Any]) -> None:
        await wait_home(pilot)
        await open_card(pilot, "k-typed")
        await answer(pilot, right=True)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")  # the summary: back to Home
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)

    assert snap_compare(build_app(tmp_path), terminal_size=size, run_before=ready)


def test_home_at_60x20(snap_compare: Any, tmp_path: Path) -> None:
    """Home at 60×20: the title, the progress line, the deck table with its New, Learning, Due
    and Total columns (the deck titles cut, the figures never), and all five buttons in two
    rows above the footer."""

    async def ready(pilot: Pilot[Any]) -> None:
        await wait_home(pilot)

    app = build_app(tmp_path, ("kinds.yaml", "long.yaml"))
    assert snap_compare(app, terminal_size=SMALL, run_before=ready)


@pytest.mark.parametrize("card_id", ["k-order", "k-match"])
def test_feedback_at_60x20(snap_compare: Any, tmp_path: Path, card_id: str) -> None:
    """After a wrong order or match answer at 60×20: the verdict at the top of the view, the
    misplaced items below it (the body scrolls), and the rating bar with its keys 1–4 above the
    footer."""

    async def ready(pilot: Pilot[Any]) -> None:
        await wait_home(pilot)
        await open_card(pilot, card_id)
        await answer(pilot, right=False)
        await steady(pilot)

    assert snap_compare(build_app(tmp_path), terminal_size=SMALL, run_before=ready)
