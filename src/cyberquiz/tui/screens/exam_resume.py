"""At start-up: offer to resume an exam cut short by a quit or crash. Light to import.

The app calls :func:`offer_resume` on every start; the exam screens (and their widgets) are
imported only when an interrupted exam is actually waiting.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cyberquiz.tui.app import CyberQuizApp


def offer_resume(app: CyberQuizApp, then: Callable[[], None] | None = None) -> bool:
    """Push the resume-or-abandon dialog when this profile has an interrupted exam.

    Args:
        app: the running app (its ``repo`` open).
        then: what to do once the student chose *abandon* or *later* (e.g. the start screen).

    Returns:
        True when the dialog was shown; False when there is nothing to resume.
    """
    from cyberquiz.storage.errors import StorageError
    from cyberquiz.storage.exams import ExamStore

    if app.repo is None:
        return False
    store = ExamStore(app.repo)
    try:
        waiting = store.unfinished(app.clock())
    except StorageError as error:
        app.show_error(error)
        return False
    if waiting is None:
        return False
    from cyberquiz.tui.screens.exam import ResumeScreen

    app.push_screen(ResumeScreen(waiting, store, then=then))
    return True
