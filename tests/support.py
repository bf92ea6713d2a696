"""The suite's one set of shared helpers: the frozen clock, waiting for the app, decks.

Importable from every test folder (``pythonpath = ["tests"]`` in pyproject.toml).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the xdist main process imports this module too, and runs no test
    from textual.pilot import Pilot

#: The repository's root, and the decks it ships.
REPO_ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = REPO_ROOT / "questions"
#: The article the decks quote; CI has it beside the clone, a lone checkout may not.
ARTICLE = (
    REPO_ROOT.parent
    / "shared"
    / "article"
    / "gorelik-2022-international-organizations-countering-cybercrime.txt"
)

#: The frozen "now" of the tests: a Saturday afternoon in UTC (18:00 in Moscow).
NOW = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)

#: The exam and practice tests' deck (storage, commands and tui), and one whose text is markup.
EXAM_DECKS = Path(__file__).parent / "fixtures" / "exam"
EXAM_MARKUP_DECKS = Path(__file__).parent / "fixtures" / "exam_markup"


@functools.cache
def shipped_decks() -> Any:
    """The decks in ``questions/``, loaded once per test process (five test modules read them).

    Their cards are frozen dataclasses: a test cannot change what the next one reads.
    """
    from cyberquiz.decks.loader import load_paths  # the decks layer, used here only as a source

    return load_paths([QUESTIONS])


class FakeClock:
    """A clock the test moves by hand (the ``clock`` fixture); it starts at :data:`NOW`."""

    def __init__(self, start: datetime = NOW) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now


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


#: How many turns of the event loop in a row must find nothing to run before the app is idle.
QUIET_TURNS = 3


async def wait_until_quiet(min_sleep: float = 0, max_sleep: float = 1) -> None:
    """Return once the app has nothing left to run: Pilot's wait after a key and in ``pause()``.

    Textual's own wait sleeps in 20 ms steps until one step passes in which the process used
    (almost) no CPU, so every key cost a test at least 40 ms asleep, most of the suite's time,
    though the app had long finished. This one looks at the work itself instead: the event loop
    has nothing ready to run for a few turns in a row and the app has no worker, message,
    refresh or callback queued (:func:`busy`). While only a timer or a thread is pending it
    sleeps a millisecond at a time; ``max_sleep`` still bounds the wait.
    """
    import asyncio
    from time import monotonic

    from textual._context import active_app

    loop = asyncio.get_running_loop()
    app = active_app.get(None)
    deadline = monotonic() + max_sleep
    quiet = 0
    while quiet < QUIET_TURNS and monotonic() < deadline:
        await asyncio.sleep(0)
        if loop._ready:  # type: ignore[attr-defined]  # another task is ready to run
            quiet = 0
        elif app is None or not app.is_running:
            quiet += 1
        elif _working(app):  # a thread is at work
            quiet = 0
            await asyncio.sleep(0.001)
        elif _queued(app):
            quiet = 0
        elif _frame_due(app.screen):  # lay out now what the screen's timer would do next
            quiet = 0
            app.screen._on_timer_update()
        elif _paint_owed(app.screen) and not _keys_to_come:  # settled: paint what is shown
            quiet = 0
            _paint(app.screen)
        else:
            quiet += 1


def _working(app: Any) -> bool:
    return any(worker.is_running for worker in app.workers)


def _queued(app: Any) -> bool:
    return any(
        not node._message_queue.empty() or node._next_callbacks
        for node in (app, *app.screen.walk_children(with_self=True))
    )


def _frame_due(screen: Any) -> bool:
    return bool(
        screen._callbacks
        or screen._dirty_widgets
        or screen._layout_required
        or screen._repaint_required
        or screen._scroll_required
    )


#: The screens' own painting (``Screen._compositor_refresh``), kept by :func:`paint_when_settled`.
_paint_frame: Any = None
#: Keys one ``pilot.press(...)`` has still to send: the screen is painted after its last one.
_keys_to_come = 0


def _paint_owed(screen: Any) -> bool:
    return bool(screen.__dict__.get("_cq_paint_owed"))


def _paint(screen: Any) -> None:
    screen._cq_paint_owed = False
    _paint_frame(screen)


def paint_when_settled() -> None:
    """Paint a test app's screen once each step has settled, not at every frame in between.

    A key often makes several frames (the answer is graded, the feedback mounts, a worker
    reports); a terminal shows them all, but a test can look only once the step has settled,
    and the study tests spent about a sixth of their CPU rendering the frames in between. The top
    screen of a headless app collects what changed instead of rendering it, and
    :func:`wait_until_quiet` renders it all, the same regions through the same code, once the
    app has nothing else to do. So every state a test sees has been painted, and a widget that
    fails to render still fails the test, at the step that showed it.
    """
    global _paint_frame
    from textual.screen import Screen

    if _paint_frame is not None:
        return
    _paint_frame = original = Screen._compositor_refresh

    def _compositor_refresh(self: Screen[Any]) -> None:
        app = self.app
        if self is not app.screen or not app.is_headless or app.is_inline:
            original(self)
            return
        # what changed is already in the compositor's dirty regions, which add up until painted
        self._cq_paint_owed = True  # type: ignore[attr-defined]
        self._dirty_widgets.clear()
        app._update_mouse_over(self)

    Screen._compositor_refresh = _compositor_refresh  # type: ignore[method-assign]
    _paint_after_the_last_key()


def _paint_after_the_last_key() -> None:
    """One ``pilot.press("U", "N", "enter")`` is one step: painted once, after its last key.

    Pilot waits for the app after every key, and each wait found a paint owed: typing an answer
    painted the screen once per letter, and those paints were a quarter of the work of answering
    a card. Each key is still sent, and waited for, alone; only the paints between the keys of
    one call are left out.
    """
    from textual.app import App

    original = App._press_keys

    async def _press_keys(self: App[Any], keys: Iterable[str]) -> None:
        global _keys_to_come
        keys = list(keys)
        try:
            for index, key in enumerate(keys):
                _keys_to_come = len(keys) - 1 - index
                await original(self, [key])
        finally:
            _keys_to_come = 0

    App._press_keys = _press_keys  # type: ignore[method-assign]


def pilot_waits_for_work() -> None:
    """Make Pilot wait for the app's work to end (:func:`wait_until_quiet`), not for idle CPU.

    Pilot's other wait, after every ``press`` and ``pause`` (``Pilot._wait_for_screen``), sent
    a callback to every widget on the screen and waited for each to run it: a message per
    widget, each with its own ``inspect.signature``, about a twenty-fifth of the Pilot tests'
    CPU. Every widget's queue being empty with nothing left to run, what the quiet wait checks,
    says the same: what was queued before has been handled. It still waits up to Pilot's
    timeout, however slow the machine.
    """
    import textual.app
    import textual.pilot

    assert hasattr(textual.app, "wait_for_idle") and hasattr(textual.pilot, "wait_for_idle")
    textual.app.wait_for_idle = wait_until_quiet  # type: ignore[assignment]
    textual.pilot.wait_for_idle = wait_until_quiet  # type: ignore[assignment]
    assert hasattr(textual.pilot.Pilot, "_wait_for_screen")
    textual.pilot.Pilot._wait_for_screen = _wait_for_screen  # type: ignore[method-assign]


async def _wait_for_screen(self: Pilot[Any], timeout: float = 30.0) -> bool:
    """Pilot's wait for the screen's widgets to handle what they have been sent (see above)."""
    from time import monotonic

    app = self.app
    deadline = monotonic() + timeout
    while True:
        await wait_until_quiet()
        if not app.is_running or not _queued(app):
            return True
        if monotonic() > deadline:
            from textual.pilot import WaitForScreenTimeout

            raise WaitForScreenTimeout("the screen's widgets did not handle their messages")


def share_parsed_css() -> None:
    """Parse each piece of CSS once per test process instead of once per app.

    Every app a test starts parsed the same stylesheets again (a sixth of its start). The shared
    cache is keyed by Textual's own key plus the theme's variables, which the parse depends on.
    """
    from textual.css.stylesheet import Stylesheet

    original = Stylesheet._parse_rules
    if getattr(original, "shared", False):
        return
    parsed: dict[tuple[Any, ...], Any] = {}
    variable_sets: dict[tuple[tuple[str, str], ...], int] = {}

    def _parse_rules(
        self: Stylesheet,
        css: str,
        read_from: Any,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> Any:
        variables = self._variables  # replaced, never changed in place (set_variables)
        if getattr(self, "_cq_variables", (None,))[0] is not variables:
            # the variables as a number, so that the key's hash does not walk them every time
            number = variable_sets.setdefault(tuple(variables.items()), len(variable_sets))
            self._cq_variables = (variables, number)  # type: ignore[attr-defined]
        key = (css, read_from, is_default_rules, tie_breaker, scope, self._cq_variables[1])  # type: ignore[attr-defined]
        if key not in parsed:
            parsed[key] = original(self, css, read_from, is_default_rules, tie_breaker, scope)
        return parsed[key]

    _parse_rules.shared = True  # type: ignore[attr-defined]
    Stylesheet._parse_rules = _parse_rules  # type: ignore[method-assign]


def busy(app: Any) -> bool:
    """Whether ``app`` still has work queued: a running worker, a message, a refresh or layout."""
    if not app.is_running:  # it has exited: nothing more will happen
        return False
    return _working(app) or _queued(app) or _frame_due(app.screen) or _paint_owed(app.screen)


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until the app has nothing left to do: no worker, message or refresh pending."""
    app = pilot.app
    for _ in range(200):
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not busy(app):
            break
    await pilot.pause()


def write_deck(
    folder: Path,
    name: str,
    deck_id: str,
    cards: list[tuple[str, str, str]],
    *,
    tags: tuple[str, ...] = (),
) -> Path:
    """Write a deck of flip cards ``(id, front, back)`` to ``folder/name``."""
    lines = [
        "format: 1",
        f"id: {deck_id}",
        f"title: Deck {deck_id}",
        f"tags: [{', '.join(tags)}]",
        "cards:",
    ]
    for card_id, front, back in cards:
        lines += [
            f"  - id: {card_id}",
            "    kind: flip",
            f"    front: {front}",
            f"    back: {back}",
        ]
    path = folder / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- a class database on the test server (the class tests) ---


@dataclass
class ClassDb:
    """The owner's URL of a class database (one schema of the test server) and its logins."""

    owner_url: str
    schema: str

    def name(self, who: str) -> str:
        """A role name unique to this test (roles belong to the whole server)."""
        return f"{self.schema}_{who}"

    def url_of(self, role: str) -> str:
        """The same database and schema, logged in as ``role`` (the test server trusts)."""
        return self.owner_url.replace("postgres@", f"{role}@", 1)


def run_cli(*args: str) -> tuple[int, str, str]:
    """The CLI in-process: exit code, stdout, stderr; a crash re-raises."""
    from click.testing import CliRunner

    from cyberquiz.cli import cli

    result = CliRunner().invoke(cli, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def credit_cards() -> tuple[Any, Any]:
    """A choice card with a half-credit option and a penalty, and a multi card with credits."""
    from cyberquiz.core.cards import ChoiceCard, MultiCard

    choice = ChoiceCard(
        id="adopted",
        deck_id="d",
        prompt="Who adopted the Convention?",
        options=("Committee of Ministers", "Council of Europe", "European Union"),
        answer=0,
        credits=(1.0, 0.5, -0.25),
    )
    multi = MultiCard(
        id="regional",
        deck_id="d",
        prompt="Which are regional bodies?",
        options=("Council of Europe", "African Union", "ITU"),
        answers=frozenset({0, 1}),
        credits=(0.5, 0.5, -1.0),
    )
    return choice, multi


# --- runs in a fresh interpreter, forked from one that has imported what they share ---

#: After its preload: a child per request runs the request's code with the request's names and
#: prints one JSON line, its answer (an exception's traceback as ``{"error": ...}``).
_FORKER = r"""
import json as _json, os as _os, sys as _sys, traceback as _traceback
for _line in _sys.stdin:
    _request = _json.loads(_line)
    _sys.stdout.flush()
    if _os.fork() == 0:
        try:
            exec(_request["code"], {**_request["given"], "__name__": "__main__"})
        except BaseException:
            print(_json.dumps({"error": _traceback.format_exc()}))
        _sys.stdout.flush()
        _os._exit(0)
    _os.wait()
"""


def forked(preload: str, code: str, **given: Any) -> Any:
    """What ``code`` prints (one JSON line) when run as ``python -c`` would run it after
    ``preload``, with the names in ``given``: in a child forked from one Python per preload and
    test process, which paid for the preload's imports once."""
    import json

    server = python_server(preload + "\n" + _FORKER)
    server.stdin.write(json.dumps({"code": code, "given": given}) + "\n")
    server.stdin.flush()
    answer = json.loads(server.stdout.readline())
    if isinstance(answer, dict) and "error" in answer:
        raise AssertionError(answer["error"])
    return answer


#: Standard modules that nearly every module of ours imports, and no import check forbids: the
#: import checks' children start with them (about 50 ms each).
_STANDARD = (
    "import collections, dataclasses, datetime, enum, functools, inspect, pathlib, re, typing"
)

_IMPORTED = r"""
import importlib, json, sys
if unknowable := sorted(set(candidates) & set(sys.modules)):
    raise AssertionError(f"loaded before the import: {unknowable}")
for module in modules:
    importlib.import_module(module)
print(json.dumps([m for m in candidates if m in sys.modules]))
"""

_servers: dict[tuple[str, tuple[tuple[str, str], ...]], Any] = {}


def python_server(script: str, env: dict[str, str] | None = None) -> Any:
    """A Python running ``script`` with text pipes for its stdin and stdout: one per script and
    environment in a test process, started again if it has ended. It ends with the process
    (its stdin closes)."""
    import subprocess
    import sys

    key = (script, tuple(sorted((env or {}).items())))
    server = _servers.get(key)
    if server is None or server.poll() is not None:
        server = subprocess.Popen(
            [sys.executable, "-c", script],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            text=True,
        )
        _servers[key] = server
    return server


def imported_by(modules: Iterable[str], candidates: Iterable[str]) -> list[str]:
    """Which of ``candidates`` a fresh interpreter has loaded once it imported ``modules``.

    The same answer as ``python -c "import ..."`` (:func:`forked`, from a Python that has loaded
    only the standard library), without starting Python for each of the suite's thirty import
    checks. A candidate loaded before the import cannot be judged: that is an error.
    """
    return list(forked(_STANDARD, _IMPORTED, modules=list(modules), candidates=list(candidates)))
