"""The command palette (ctrl+p): the app's actions by name, as Textual system commands."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.app import SystemCommand

if TYPE_CHECKING:
    from cyberquiz.tui.app import CyberQuizApp

#: (title, help, method name on the app); Textual adds Theme, Quit, Keys and Screenshot.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("Study all decks", "The scheduler's due and new cards from every deck", "action_study_all"),
    ("Study an area or tag…", "Only cards of one area or organization", "action_study_pick"),
    ("Practice", "Cram without touching the schedule", "action_open_practice"),
    ("Exam", "A self-assessment exam", "action_open_exam"),
    ("Statistics", "Progress, forecast and exam readiness", "action_open_stats"),
    (
        "Browse cards",
        "Search every card; history, unsuspend, reset, open in the editor",
        "action_open_browser",
    ),
    ("Class", "The class, live: students, areas, questions, exams", "action_open_class"),
    ("Switch profile…", "Study as another student", "action_switch_profile"),
    ("Sync decks now", "Read the deck folders again", "action_sync_decks"),
    ("Keys of this screen", "Help (F1 or ?)", "action_help"),
)


def app_commands(app: CyberQuizApp) -> Iterator[SystemCommand]:
    """The app's own commands, bound to ``app``; the settings say what they would change to."""
    instructor = app.repo is not None and app.repo.class_instructor
    for title, help_, method in COMMANDS:
        if method == "action_open_class" and not instructor:
            continue  # only a class server's instructors have a class to look at
        yield SystemCommand(title, help_, getattr(app, method))
    retype = "off" if app.retype_after_miss else "on"
    yield SystemCommand(
        f"Retype after a miss: turn {retype}",
        "After a wrong typed answer, type the right one to go on (study and practice)",
        app.action_toggle_retype,
    )
