"""What comes before the first frame (issue 13: the first useful screen within 1.5x of a bare
Textual app): checked by what is loaded when Home or the first card is painted, never by time.

On an existing database both are painted from a glance (``storage.peek``); SQLAlchemy, the
repository and the widgets that only an answer needs come after the paint.
"""

from __future__ import annotations

import functools

import pytest

from cyberquiz.services.config import open_profile
from cyberquiz.services.sync import sync_decks

from .helpers import FIXTURES

#: Runs the app headless and reports, at the first frame that shows Home's decks or the card,
#: which modules are loaded and which widgets the screen has (``db_url``, ``decks`` and
#: ``start`` are given; :data:`SERVER` has imported what it imports first).
CHILD = r"""
import json
import sys
from pathlib import Path

from textual.app import App

from cyberquiz.cli import make_app

seen = {}
_display = App._display


def shows_it(screen):
    if start == "home":
        tables = screen.query("#deck-table")
        return bool(tables) and tables.first().row_count > 0 and tables.first().size.height > 0
    views = screen.query("CardView")
    return bool(views) and views.first().size.height > 0


def first_paint(self, screen, renderable):
    if renderable is not None and not seen and shows_it(screen):
        seen["screen"] = type(screen).__name__
        seen["modules"] = sorted(sys.modules)
        seen["widgets"] = sorted({type(node).__name__ for node in screen.walk_children()})
        self.call_later(self.exit)
    return _display(self, screen, renderable)


App._display = first_paint
app = make_app(
    db_url=db_url, profile="tester", deck_dirs=[Path(decks)], start=start,
    options={"deck_ids": [], "tags": []},
)
app.run(headless=True, size=(80, 24))
print(json.dumps(seen))
"""

#: loaded only once the repository opens, after the first frame
AFTER_THE_PAINT = (
    "sqlalchemy",
    "sqlmodel",
    "fsrs",
    "yaml",
    "cyberquiz.storage.repository",
    "cyberquiz.services.sync",
    "cyberquiz.decks.loader",
    "rich._emoji_codes",  # imported by any text parsed as markup (a table's column labels)
    "cyberquiz.core.state",  # card states: with the counts and the answers
    "cyberquiz.core.queue",  # the queue rules: the glance needs only the limits
    "tzlocal",  # the time zone: the glance needs it only near a daily limit
)


@pytest.fixture(scope="module")
def synced_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database the kinds deck was synced into (a student's second start)."""
    db_url = f"sqlite:///{tmp_path_factory.mktemp('paint') / 'paint.db'}"
    repo = open_profile(db_url, "tester")
    try:
        sync_decks(repo, [FIXTURES / "kinds.yaml"])
    finally:
        repo.close()
    return db_url


@functools.cache
def first_frame(db_url: str, start: str) -> dict[str, list[str] | str]:
    """What the first frame had: one run for every test that asks the same, forked from a Python
    that has imported what :data:`CHILD` imports first (Textual's App and the CLI, which load
    nothing that comes after the paint)."""
    from support import forked

    preload = "from textual.app import App\nfrom cyberquiz.cli import make_app"
    decks = str(FIXTURES / "kinds.yaml")
    return forked(preload, CHILD, db_url=db_url, decks=decks, start=start)  # type: ignore[no-any-return]


@pytest.mark.parametrize(("start", "screen"), [("study", "StudyScreen"), ("home", "HomeScreen")])
def test_the_first_frame_comes_before_sqlalchemy(synced_db: str, start: str, screen: str) -> None:
    seen = first_frame(synced_db, start)
    assert seen["screen"] == screen
    assert [m for m in AFTER_THE_PAINT if m in seen["modules"]] == []


def test_the_first_card_frame_has_only_what_the_question_needs(synced_db: str) -> None:
    """The rating bar's buttons and the retype input, hidden until an answer, are mounted
    after the first card's frame (``StudyScreen._mount_extras``); the feedback, the answering
    service and the other kinds' answer widgets are imported after it."""
    seen = first_frame(synced_db, "study")
    assert "CardView" in seen["widgets"] and "FlipAnswer" in seen["widgets"]  # the deck's first
    assert [w for w in ("RatingBar", "RatingButton", "RetypeInput") if w in seen["widgets"]] == []
    later = (
        "cyberquiz.services.answering",
        "cyberquiz.tui.widgets.feedback",
        "cyberquiz.tui.widgets.answer_choice",
        "cyberquiz.tui.widgets.answer_arrange",
    )
    assert [m for m in later if m in seen["modules"]] == []
