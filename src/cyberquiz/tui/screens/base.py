"""The base of the app's screens: styled once when they are mounted, not again at first show."""

from __future__ import annotations

from typing import TypeVar

from textual import events
from textual.screen import ModalScreen, Screen

ResultT = TypeVar("ResultT")


class _StyledOnce:
    """A new screen's first resume does not restyle it: it was styled as it was mounted.

    Textual restyles a screen and everything on it each time it is shown. A screen shown again
    needs it (the theme may have changed while it was hidden), but a new one was styled widget
    by widget as it was mounted, just before, and every change since restyled what it changed:
    restyling it all again was a tenth of the app's work in opening a card. Later resumes are
    Textual's as before.
    """

    _resumed = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # dispatched before Screen's own handler, which reads the flag
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False


class AppScreen(_StyledOnce, Screen[ResultT]):
    """A full screen of the app."""


class AppModal(_StyledOnce, ModalScreen[ResultT]):
    """A dialog of the app over the screen below."""
