"""The card browser on 10,000 cards: filtering as one types, per keystroke.

A 10,000-card deck of every kind (``bench_load.deck_yaml``) is synced into a temporary
database, with answers to 1,000 cards and some suspended, flagged and buried. The real app is
then run headless at 100x32 (``cli.make_app``), the browser opened from Home, and searches
typed into it key by key: words, backspaces back to nothing (every card again), filters. Each
keystroke is timed from the key press until the screen has been updated (``Pilot.press`` then
one ``pause``), in CPU time of this process (the machines are shared: wall time mostly
measures the neighbours; it is printed too).

Baseline, same run, same way: the same keys typed into a bare Textual app with one ``Input``
and a footer, which only echoes them. Goal: p95 of the browser <= 50 ms a keystroke.

Run: ``python -m bench browse`` (or ``python bench/bench_browse.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_load import CARDS, deck_yaml

GOAL_MS = 50.0
NOW = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)
SIZE = (100, 32)
#: What is typed, in order ("\b" is a backspace): words that narrow, back to every card, filters.
TYPED = (
    "signature 2001"
    + "\b" * len("signature 2001")
    + "tag:un is:new"
    + "\b" * len("is:new")
    + "-is:suspended regional"
)


def keys() -> list[str]:
    """The key names for :data:`TYPED`."""
    names = {" ": "space", "\b": "backspace", ":": "colon", "-": "minus"}
    return [names.get(ch, ch) for ch in TYPED]


def build_database(folder: Path) -> tuple[str, Path]:
    """A synced 10,000-card database with some history; returns (db URL, deck folder)."""
    from cyberquiz.core.answers import Mode, Rating
    from cyberquiz.services.sync import sync_decks
    from cyberquiz.storage.repository import Repository

    decks = folder / "decks"
    decks.mkdir()
    (decks / "bench.yaml").write_text(deck_yaml(), encoding="utf-8")
    url = f"sqlite:///{folder / 'browse.db'}"
    repo = Repository.open(url, profile="bench", clock=lambda: NOW, fuzz=False)
    try:
        report = sync_decks(repo, [decks])
        assert not report.failed_files, report.problems[:3]
        rng = random.Random(7)
        for i in rng.sample(range(CARDS), 1_000):
            card_id = f"card-{i:05d}"
            rating = rng.choice(list(Rating))
            repo.record_answer(
                card_id,
                now=NOW - timedelta(days=rng.randrange(1, 30)),
                mode=Mode.STUDY,
                answer="null",
                score=0.0 if rating == Rating.AGAIN else 1.0,
                proposed=None,
                rating=rating,
            )
            if i % 7 == 0:
                repo.suspend(card_id)
            if i % 11 == 0:
                repo.flag(card_id)
            if i % 13 == 0:
                repo.bury(card_id, NOW)
    finally:
        repo.close()
    return url, decks


async def _typing(app: Any, ready: Any, field: str) -> list[tuple[float, float]]:
    """(cpu, wall) seconds per keystroke of :data:`TYPED` typed into ``field``."""
    times: list[tuple[float, float]] = []
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.screen.query_one(field).focus()
        await pilot.pause()
        for key in keys():
            cpu, wall = time.process_time(), time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            times.append((time.process_time() - cpu, time.perf_counter() - wall))
    return times


def browser_times(url: str, decks: Path) -> tuple[list[tuple[float, float]], int, float]:
    """Keystroke times in the browser, the number of rows, and the seconds to load them."""
    from cyberquiz.cli import make_app
    from cyberquiz.tui.screens.browser import BrowserScreen

    app = make_app(
        db_url=url, profile="bench", deck_dirs=[decks], clock=lambda: NOW, rng=random.Random(0)
    )
    loaded: dict[str, Any] = {}

    async def ready(pilot: Any) -> None:
        for _ in range(400):  # the database opens in a worker: wait for Home, not a time
            await pilot.pause()
            idle = not any(w.is_running for w in app.workers)
            if app.screen.__class__.__name__ == "HomeScreen" and idle:
                break
        started = time.perf_counter()
        await pilot.press("b")
        for _ in range(4000):
            await pilot.pause()
            screen = app.screen
            if isinstance(screen, BrowserScreen) and screen.loaded:
                break
        loaded["seconds"] = time.perf_counter() - started
        loaded["rows"] = len(app.screen.rows)  # type: ignore[attr-defined]

    times = asyncio.run(_typing(app, ready, "#browser-search"))
    return times, loaded["rows"], loaded["seconds"]


def baseline_times() -> list[tuple[float, float]]:
    """Keystroke times in a bare Textual app: one Input and a footer."""
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Input

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Input(id="search")
            yield Footer()

    async def ready(pilot: Any) -> None:
        await pilot.pause()

    return asyncio.run(_typing(Bare(), ready, "#search"))


def filter_times(url: str) -> list[float]:
    """Seconds of the search alone (``core.browse``) for each prefix of what is typed."""
    from cyberquiz.core.browse import SearchError, parse_search
    from cyberquiz.storage.repository import Repository

    repo = Repository.open(url, profile="bench", clock=lambda: NOW)
    try:
        rows = repo.browse()
    finally:
        repo.close()
    text, out = "", []
    for ch in TYPED:
        text = text[:-1] if ch == "\b" else text + ch
        started = time.process_time()
        with contextlib.suppress(SearchError):  # the browser shows the message and no rows
            parse_search(text, NOW).run(rows)
        out.append(time.process_time() - started)
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        url, decks = build_database(Path(tmp))
        print(f"   (database of {CARDS:,} cards built in {time.perf_counter() - started:.1f} s)")
        base = baseline_times()
        ours, rows, load_s = browser_times(url, decks)
        search = filter_times(url)
    assert rows == CARDS, rows
    n = len(ours)

    def line(label: str, times: list[float]) -> str:
        ms = [t * 1000 for t in times]
        return (
            f"{label}: p50 {statistics.median(ms):5.1f} ms  p95 {pct(ms, 0.95):5.1f} ms  "
            f"max {max(ms):5.1f} ms"
        )

    print(f"browser opened on {rows:,} cards in {load_s * 1000:.0f} ms (rows read in a worker)")
    print(f"{n} keystrokes ({TYPED.replace(chr(8), '⌫')!r}), CPU time per key:")
    print("  " + line("browser (search + list update)", [c for c, _ in ours]))
    print("  " + line("baseline (bare Input + footer) ", [c for c, _ in base]))
    print("  " + line("of which the search alone      ", search))
    print(
        "  wall time: "
        + line("browser", [w for _, w in ours])
        + "; "
        + line("baseline", [w for _, w in base])
    )
    p95 = pct([c * 1000 for c, _ in ours], 0.95)
    verdict = "ok" if p95 <= GOAL_MS else "OVER GOAL"
    print(f"browser p95 {p95:.1f} ms a keystroke (goal <= {GOAL_MS:.0f} ms) {verdict}")


if __name__ == "__main__":
    main()
