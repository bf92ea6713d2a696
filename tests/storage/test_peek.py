"""The start-up glance: Home's deck list read with sqlite3 alone, or None when it cannot be."""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Iterator
from datetime import timedelta, tzinfo
from pathlib import Path

import pytest

from cyberquiz.core.answers import Mode, Rating
from cyberquiz.core.serialize import card_from_dict
from cyberquiz.services.sync import sync_decks
from cyberquiz.storage import localzone
from cyberquiz.storage.peek import DeckGlance, first_card, glance, sqlite_file
from cyberquiz.storage.repository import Repository
from support import NOW

from .conftest import overwrite_states
from .test_queue_sql import random_state


@pytest.fixture
def synced(db_url: str, decks_dir: Path) -> Iterator[Repository]:
    """A synced SQLite file (a glance is SQLite's alone): ``tmp_path / "test.db"``."""
    repo = Repository.open(db_url, profile="ana", clock=lambda: NOW, fuzz=False)
    try:
        sync_decks(repo, [decks_dir])
        yield repo
    finally:
        repo.close()


def test_decks_in_home_order_with_their_active_cards_and_the_theme(
    synced: Repository, tmp_path: Path
) -> None:
    synced.set_setting("theme", "nord")
    seen = glance(f"sqlite:///{tmp_path / 'test.db'}", "ana")
    assert seen is not None
    assert seen.decks == (DeckGlance("alpha", "Deck alpha", 5), DeckGlance("beta", "Deck beta", 3))
    assert seen.theme == "nord"
    assert glance(f"sqlite:///{tmp_path / 'test.db'}", "ben").theme is None  # another profile


@pytest.mark.parametrize(
    "url",
    ["sqlite://", "sqlite:///:memory:", "postgresql://u@h/db", "sqlite:///x.db?mode=ro"],
)
def test_only_plain_sqlite_files(url: str) -> None:
    assert sqlite_file(url) is None


def test_nothing_to_glance_at(tmp_path: Path) -> None:
    assert glance(f"sqlite:///{tmp_path / 'missing.db'}", "ana") is None
    (tmp_path / "text.db").write_text("not a database\n")
    assert glance(f"sqlite:///{tmp_path / 'text.db'}", "ana") is None
    with sqlite3.connect(tmp_path / "other.db") as conn:
        conn.execute("CREATE TABLE notes (id INTEGER)")
    assert glance(f"sqlite:///{tmp_path / 'other.db'}", "ana") is None


def test_another_schema_version_is_left_to_the_repository(
    synced: Repository, tmp_path: Path
) -> None:
    path = tmp_path / "test.db"
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE cyberquiz_schema SET version = version + 1")
    assert glance(f"sqlite:///{path}", "ana") is None


def test_a_glance_changes_nothing_in_the_database(synced: Repository, tmp_path: Path) -> None:
    """Read-only (SQLite may still make its WAL index files beside it, as any reader does)."""
    path = tmp_path / "test.db"
    synced.close()
    before = path.read_bytes()
    assert glance(f"sqlite:///{path}", "ana") is not None
    assert path.read_bytes() == before


def test_first_card_is_the_repositorys_next_card(
    synced: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The glance's queue head (plain SQL) against ``Repository.next_card`` on random states,
    limits, time zones, answers already given today and filters; near a limit and far from
    it (where the glance counts without the time zone)."""
    url = f"sqlite:///{tmp_path / 'test.db'}"
    zoned = count_zone_lookups(monkeypatch)
    ids = [c.id for c in synced.cards()]
    rng = random.Random(13)
    agreed = set()
    for round_ in range(80):
        overwrite_states(synced, [random_state(rng, card_id) for card_id in ids])
        for card_id in rng.sample(ids, 3):  # answers today or yesterday count against the limits
            synced.record_answer(
                card_id,
                now=NOW - timedelta(hours=rng.randrange(0, 30)),
                mode=Mode.STUDY,
                answer='"x"',
                score=1.0,
                proposed=Rating.GOOD,
            )
        states = [random_state(rng, card_id) for card_id in ids]
        overwrite_states(synced, states)
        synced.set_setting("timezone", rng.choice(["UTC", "Europe/Moscow", "America/Chicago"]))
        # limits just above, at or just below what today's answers used (they pile up)
        synced.set_setting("new_per_day", 10_000)
        synced.set_setting("reviews_per_day", 10_000)
        synced.reload_settings()
        new_left, reviews_left = synced._left_today(NOW)
        if rng.random() < 0.8:  # else far from both limits
            synced.set_setting("new_per_day", 10_000 - new_left + rng.choice([0, 1, 2]))
            synced.set_setting("reviews_per_day", 10_000 - reviews_left + rng.choice([0, 1, 2]))
        deck_ids = rng.choice([None, ["alpha"], ["beta"]])
        tags = rng.choice([None, ["dates"]])
        expected = synced.next_card(NOW, deck_ids=deck_ids, tags=tags)
        peeked = first_card(url, "ana", NOW, deck_ids, tags)
        got = None if peeked is None else card_from_dict(json.loads(peeked.body))
        assert got == expected, (round_, states)
        agreed.add(None if expected is None else expected.id)
    assert len(agreed) > 4  # the states gave many different answers, "nothing" among them
    assert None in agreed
    assert 0 < len(zoned) < 80  # both ways of counting today's answers were taken


def count_zone_lookups(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The ``timezone`` settings the glance looks up, in order."""
    looked_up: list[object] = []
    real = localzone.zone_named

    def zone_named(name: object) -> tzinfo:
        looked_up.append(name)
        return real(name)

    monkeypatch.setattr(localzone, "zone_named", zone_named)
    return looked_up


def test_the_time_zone_is_looked_up_only_near_a_daily_limit(
    synced: Repository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Far from the limits the glance needs no time zone (tzlocal and zoneinfo delayed the
    first paint); near one, today's answers are counted in the profile's zone."""
    url = f"sqlite:///{tmp_path / 'test.db'}"
    zoned = count_zone_lookups(monkeypatch)
    synced.set_setting("timezone", "Europe/Moscow")
    peeked = first_card(url, "ana", NOW)
    assert peeked is not None and zoned == []
    synced.set_setting("new_per_day", 0)
    assert first_card(url, "ana", NOW) is None  # only new cards, and none left today
    assert zoned == ["Europe/Moscow"]


def test_no_first_card_for_an_unknown_profile_or_file(synced: Repository, tmp_path: Path) -> None:
    synced.set_setting("theme", "nord")
    url = f"sqlite:///{tmp_path / 'test.db'}"
    peeked = first_card(url, "ana", NOW)
    assert peeked is not None and peeked.theme == "nord"
    assert card_from_dict(json.loads(peeked.body)).id == "a0"
    assert first_card(url, "ben", NOW) is None
    assert first_card(f"sqlite:///{tmp_path / 'missing.db'}", "ana", NOW) is None
