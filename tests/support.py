"""The suite's one set of shared helpers: the frozen clock and waiting for the app.

Importable from every test folder (``pythonpath = ["tests"]`` in pyproject.toml).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from textual.pilot import Pilot

#: The frozen "now" of the tests: a Saturday afternoon in UTC (18:00 in Moscow).
NOW = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)

#: On the test server, members of this role must give their password; other logins are trusted.
PASSWORD_GROUP = "cq_password_logins"


def notices(app: Any) -> list[Any]:
    """Every notification ``app`` raised, in order, expired or not.

    ``app._notifications`` forgets a notification once its timeout has passed, so reading it
    after a slow step (a loaded machine) could miss one; the suite's conftest keeps a history.
    """
    return list(getattr(app._notifications, "history", []))


def keep_notification_history() -> None:
    """Make every ``Notifications`` collection remember what was added to it (for tests)."""
    from textual.notifications import Notifications

    if getattr(Notifications.add, "keeps_history", False):
        return
    original = Notifications.add

    def add(self: Any, notification: Any) -> Any:
        self.__dict__.setdefault("history", []).append(notification)
        return original(self, notification)

    add.keeps_history = True  # type: ignore[attr-defined]
    Notifications.add = add  # type: ignore[method-assign]


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until no worker is running and the screen has refreshed."""
    app = pilot.app
    for _ in range(50):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not any(w.is_running for w in app.workers):
            break
    await pilot.pause()
