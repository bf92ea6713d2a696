"""Snapshot tests: the main screens at 100x32 with a frozen clock and a seeded rng.

Update after a deliberate change with ``pytest tests/tui/test_snapshots.py --snapshot-update``
and look at the pictures (``tests/tui/__snapshots__/``) before committing them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from .helpers import KIND_IDS, SIZE, answer, build_app, open_card, settle, steady, wait_home


def test_home(snap_compare: Any, tmp_path: Path) -> None:
    """Home: the kinds deck with 9 new cards and an "All decks" row, today's progress (0
    answers, streak 0, profile tester), the action buttons and the footer keys."""

    async def ready(pilot: Pilot[Any]) -> None:
        home = await wait_home(pilot)
        home.query_one("#deck-table").focus()
        await settle(pilot)

    assert snap_compare(build_app(tmp_path), terminal_size=SIZE, run_before=ready)


@pytest.mark.parametrize("card_id", KIND_IDS)
def test_question(snap_compare: Any, tmp_path: Path, card_id: str) -> None:
    """The study screen asking one card of each kind: header (deck · kind · area), the question,
    the kind's input (input line, numbered options, gaps, movable items, two match lists or the
    reveal button) and its key hint; footer with undo, bury, suspend, flag, end."""

    async def ready(pilot: Pilot[Any]) -> None:
        await wait_home(pilot)
        await open_card(pilot, card_id)
        await steady(pilot)

    assert snap_compare(build_app(tmp_path), terminal_size=SIZE, run_before=ready)


def test_feedback_typed_wrong(snap_compare: Any, tmp_path: Path) -> None:
    """Feedback after a wrong typed answer: red "✗ Wrong", Expected: Budapest, "You answered:
    zzz" as typed (no diff for a wrong answer), the explanation, the source quote; the retype
    input under the body and the rating bar with "1 Again" current."""

    async def ready(pilot: Pilot[Any]) -> None:
        await wait_home(pilot)
        await open_card(pilot, "k-typed")
        await answer(pilot, right=False)
        await steady(pilot)

    assert snap_compare(build_app(tmp_path), terminal_size=SIZE, run_before=ready)


def test_feedback_order_wrong(snap_compare: Any, tmp_path: Path) -> None:
    """Feedback after a reversed order: "✗ Wrong", the expected order and the misplaced items."""

    async def ready(pilot: Pilot[Any]) -> None:
        await wait_home(pilot)
        await open_card(pilot, "k-order")
        await answer(pilot, right=False)
        await steady(pilot)

    assert snap_compare(build_app(tmp_path), terminal_size=SIZE, run_before=ready)


def test_summary(snap_compare: Any, tmp_path: Path) -> None:
    """Summary after two answers (one right, one wrong): 2 reviewed, 1 of 2 (50%), 0 s, next due
    in 1 min (the wrong answer's learning step), and the Back button."""

    async def ready(pilot: Pilot[Any]) -> None:
        await wait_home(pilot)
        await pilot.press("s")
        await settle(pilot)
        await answer(pilot, right=True)  # flip, Good
        await pilot.press("enter")
        await settle(pilot)
        await answer(pilot, right=False)  # typed, Again
        await pilot.press("escape")
        await settle(pilot)

    assert snap_compare(build_app(tmp_path), terminal_size=SIZE, run_before=ready)


def test_feedback_at_80x24(snap_compare: Any, tmp_path: Path) -> None:
    """80×24: after a wrong multi answer the feedback panel opens with "✗ Wrong" at the top of
    the view, the rating bar (1 Again current) sits under the body, and the footer shows next,
    undo, bury, suspend and end."""

    async def ready(pilot: Pilot[Any]) -> None:
        await wait_home(pilot)
        await open_card(pilot, "k-multi")
        await answer(pilot, right=False)

    assert snap_compare(build_app(tmp_path), terminal_size=(80, 24), run_before=ready)
