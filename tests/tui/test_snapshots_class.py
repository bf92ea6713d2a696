"""Snapshot of the Class screen at 100×32 (issue 16), on a SQLite file with three students.

The Class screen reads a class server's instructors' data; on a SQLite file the same report reads
every profile, which gives a picture that depends on no server. Update after a deliberate change
with ``pytest tests/tui/test_snapshots_class.py --snapshot-update`` and look at the picture.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from cyberquiz.core.answers import Mode, Rating
from cyberquiz.storage.repository import Repository
from cyberquiz.tui.screens.classroom import ClassScreen

from .helpers import NOW, build_app, settle, steady, wait_home

#: (student, card, answer as stored, right, days ago)
ANSWERS = (
    ("ann", "k-choice", "0", True, 0),
    ("ann", "k-truefalse", "true", True, 0),
    ("ben", "k-choice", "2", False, 2),
    ("ben", "k-truefalse", "true", True, 2),
    ("cem", "k-choice", "1", False, 9),
)


def _class(db_url: str) -> None:
    for student, card, answer, right, days in ANSWERS:
        with Repository.open(db_url, profile=student, clock=lambda: NOW, fuzz=False) as repo:
            repo.set_setting("timezone", "UTC")
            repo.record_answer(
                card,
                now=NOW - timedelta(days=days),
                mode=Mode.STUDY,
                answer=answer,
                score=1.0 if right else 0.0,
                proposed=Rating.GOOD if right else Rating.AGAIN,
            )


def test_class_screen(snap_compare: Any, tmp_path: Path) -> None:
    """The Students tab: "4 students · …" (the app's own profile counts on a file), ann, ben
    and cem with their answers, last answer in UTC and idle days, cem (9 days) and tester
    (never) marked idle; the tabs Students, Areas, Questions, Exams; the footer with Back,
    Refresh and the tab keys."""

    async def ready(pilot: Pilot[Any]) -> None:
        await wait_home(pilot)
        app = pilot.app
        _class(app.db_url)  # type: ignore[attr-defined]
        app.repo.set_setting("timezone", "UTC")  # type: ignore[attr-defined]
        app.push_screen(ClassScreen())
        await settle(pilot)
        await steady(pilot)

    app = build_app(tmp_path)
    assert snap_compare(app, terminal_size=(100, 32), run_before=ready)
