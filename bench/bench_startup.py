"""Start-up: process start to the first card painted, against a minimal Textual app.

Both are measured the same way, in the same run, as fresh processes (``python -c``), headless at
80x24, from spawning the process to the first screen update that shows the card (the child
hooks ``App._display`` and prints ``time.time()`` then; start-up, not shut-down, is what a
student waits for):

- **app**: ``cyberquiz study`` on the bundled decks, through ``cli.make_app``, on a database that
  already exists (a student's usual start: open the database, check the decks' hashes, ask the
  scheduler for a card, mount the card's widgets, paint).
- **floor**: an app that imports the same heavy libraries (textual, sqlmodel, yaml, fsrs) and
  paints one line.

Goal: app / floor ≤ 1.15 (the app's own work adds at most 15%). Medians of interleaved runs.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPETITIONS = 7
GOAL = 1.15

#: Shared by both children: report the moment of the first screen update that shows the card.
PAINT_HOOK = r"""
import time
from textual.app import App

_display = App._display
_painted = []


def _timed_display(self, screen, renderable):
    if renderable is not None and not _painted and shows_card(screen):
        _painted.append(time.time())
        print("PAINTED", _painted[0], flush=True)
        self.call_later(self.exit)
    return _display(self, screen, renderable)


App._display = _timed_display
"""

FLOOR = (
    PAINT_HOOK
    + r"""
import sqlmodel, yaml, fsrs  # the heavy libraries the app uses
from textual.widgets import Static


def shows_card(screen):
    return bool(screen.query("#card"))


class Floor(App):
    def compose(self):
        yield Static("What does EC3 stand for?", id="card")


Floor().run(headless=True, size=(80, 24))
"""
)

APP = (
    PAINT_HOOK
    + r"""
import sys
from pathlib import Path
from cyberquiz.cli import make_app


def shows_card(screen):
    views = screen.query("CardView")
    return bool(views) and views.first().size.height > 0


app = make_app(
    db_url="sqlite:///" + sys.argv[1],
    profile="bench",
    deck_dirs=[Path(sys.argv[2])],
    start="study",
    options={"deck_ids": [], "tags": []},
)
app.run(headless=True, size=(80, 24))
if not _painted:
    sys.exit("no card was shown")
"""
)


def _time(code: str, *args: str, env: dict[str, str]) -> float:
    """Seconds from spawning the process to its first paint (the child prints the moment)."""
    started = time.time()
    result = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, env=env, text=True
    )
    for line in result.stdout.splitlines():
        if line.startswith("PAINTED "):
            return float(line.split()[1]) - started
    raise RuntimeError(f"no paint reported: {result.stdout[-500:]} {result.stderr[-500:]}")


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    decks = root / "questions"
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "bench.db")
        # Byte-code is cached (as for an installed package) even where PYTHONDONTWRITEBYTECODE
        # is set; in a private folder, so that nothing is written into the source tree.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        first = _time(APP, db, str(decks), env=env)  # creates the database, syncs every deck
        _time(FLOOR, env=env)  # warm the byte-code and OS file caches for both
        app_times: list[float] = []
        floor_times: list[float] = []
        for _ in range(REPETITIONS):
            floor_times.append(_time(FLOOR, env=env))
            app_times.append(_time(APP, db, str(decks), env=env))
    app_s = statistics.median(app_times)
    floor_s = statistics.median(floor_times)
    ratio = app_s / floor_s
    runs = f"(median of {REPETITIONS})"
    print(f"first card painted (cyberquiz study, warm db): {app_s * 1000:5.0f} ms {runs}")
    print(f"floor (textual+sqlmodel+yaml+fsrs, one line):  {floor_s * 1000:5.0f} ms {runs}")
    print(f"(first start ever: new database, every deck parsed: {first * 1000:.0f} ms, cold)")
    verdict = "ok" if ratio <= GOAL else "OVER GOAL"
    print(f"ratio: {ratio:.2f}x (goal <= {GOAL:.2f}x) {verdict}")


if __name__ == "__main__":
    main()
