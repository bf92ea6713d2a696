"""Start-up: process start to the first useful screen, against a bare Textual app.

Measured the same way, in the same run, as fresh processes (``python -c``), headless at 80x24,
from spawning the process to the first screen update that shows what is wanted (the child hooks
``App._display`` and prints ``time.time()`` then; start-up, not shut-down, is what a student
waits for):

- **home**: ``cyberquiz`` on the bundled decks, through ``cli.make_app``, on a database that
  already exists (a student's usual start): Home painted with its deck rows.
- **study**: ``cyberquiz study`` the same way: the first card painted.
- **floor**: a bare Textual app with a header, a static and a footer (issue 13: the goal is
  measured against what any Textual app costs, heavy libraries of our own included).

Goal: home / floor <= 1.5 (the first useful screen within 1.5x of a bare Textual app).
Medians of interleaved runs.
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
GOAL = 1.5

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
from textual.widgets import Footer, Header, Static


def shows_card(screen):
    return bool(screen.query("#card"))


class Floor(App):
    def compose(self):
        yield Header()
        yield Static("What does EC3 stand for?", id="card")
        yield Footer()


Floor().run(headless=True, size=(80, 24))
"""
)

APP = (
    PAINT_HOOK
    + r"""
import sys
from pathlib import Path
from cyberquiz.cli import make_app

START = sys.argv[3]


def shows_card(screen):
    if START == "home":  # Home with its decks listed
        tables = screen.query("#deck-table")
        return bool(tables) and tables.first().row_count > 0 and tables.first().size.height > 0
    views = screen.query("CardView")
    return bool(views) and views.first().size.height > 0


app = make_app(
    db_url="sqlite:///" + sys.argv[1],
    profile="bench",
    deck_dirs=[Path(sys.argv[2])],
    start=START,
    options={"deck_ids": [], "tags": []},
)
app.run(headless=True, size=(80, 24))
if not _painted:
    sys.exit("nothing useful was shown")
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
        first = _time(APP, db, str(decks), "home", env=env)  # new database, every deck read
        _time(FLOOR, env=env)  # warm the byte-code and OS file caches for all three
        _time(APP, db, str(decks), "study", env=env)
        times: dict[str, list[float]] = {"home": [], "study": [], "floor": []}
        for _ in range(REPETITIONS):
            times["floor"].append(_time(FLOOR, env=env))
            times["home"].append(_time(APP, db, str(decks), "home", env=env))
            times["study"].append(_time(APP, db, str(decks), "study", env=env))
    median = {name: statistics.median(values) for name, values in times.items()}
    runs = f"(median of {REPETITIONS})"
    floor = median["floor"]
    home, study = median["home"] * 1000, median["study"] * 1000
    print(f"Home painted with its decks (cyberquiz, warm db): {home:5.0f} ms {runs}")
    print(f"first card painted (cyberquiz study, warm db):    {study:5.0f} ms {runs}")
    print(f"floor (bare Textual: header, static, footer):     {floor * 1000:5.0f} ms {runs}")
    print(f"(first start ever: new database, every deck parsed: {first * 1000:.0f} ms to Home)")
    for name in ("home", "study"):
        ratio = median[name] / floor
        verdict = "ok" if ratio <= GOAL else "OVER GOAL"
        print(f"{name} / floor: {ratio:.2f}x (goal <= {GOAL:.2f}x) {verdict}")


if __name__ == "__main__":
    main()
