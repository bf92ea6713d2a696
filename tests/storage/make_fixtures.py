"""Write ``fixtures/schema_v<N>.db``: a small database of the current schema version.

Run it once per schema version, when that version is current, and commit the file:
``.venv/bin/python tests/storage/make_fixtures.py``. Never regenerate an old version's fixture:
the migration tests open each of them with the current code. It refuses to overwrite an
existing fixture unless given ``--force`` (for the current version only, by construction).

- ``schema_v1.db``: written by cyberquiz 0.1 (no review rollup);
- ``schema_v2.db``: the same data written by the v2 code, so with the rollup, its triggers and
  its rows (kept by the triggers as the answers were recorded);
- ``schema_v3.db``: the same data written by the v3 code (``review.utc_offset``, the zone of the
  machine that wrote it: UTC).
"""

from __future__ import annotations

import json
import sqlite3
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cyberquiz.core.answers import Mode, Rating
from cyberquiz.core.cards import FlipCard, Origin, TrueFalseCard
from cyberquiz.core.serialize import card_to_dict
from cyberquiz.storage.repository import Repository
from cyberquiz.storage.tables import SCHEMA_VERSION

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
CARDS = [
    FlipCard(
        id="fx-flip",
        deck_id="fixture",
        front="Budapest Convention?",
        back="2001",
        tags=("dates",),
        origin=Origin("fixture.yaml", 7),
    ),
    TrueFalseCard(
        id="fx-tf",
        deck_id="fixture",
        statement="ITU is a UN agency.",
        answer=True,
        tags=("bodies",),
        origin=Origin("fixture.yaml", 12),
    ),
]


def main(force: bool = False) -> Path:
    FIXTURES.mkdir(exist_ok=True)
    target = FIXTURES / f"schema_v{SCHEMA_VERSION}.db"
    if target.exists() and not force:
        raise SystemExit(f"{target} exists; a committed fixture is not rewritten (use --force)")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    repo = Repository.open(f"sqlite:///{target}", profile="fixture", clock=lambda: NOW, fuzz=False)
    with repo.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO deck (id, title, description, source, tags, path, origin_line, "
            "content_hash, retired) VALUES ('fixture', 'Fixture', '', '', '[]', "
            "'fixture.yaml', 1, 'hash', 0)"
        )
        for position, card in enumerate(CARDS, start=1):
            conn.exec_driver_sql(
                "INSERT INTO card (id, card_id, deck_id, kind, content_hash, body, retired, "
                "origin_path, origin_line, position) VALUES (?, ?, 'fixture', ?, ?, ?, 0, "
                "'fixture.yaml', ?, ?)",
                (
                    position,
                    card.id,
                    str(card.kind),
                    f"h{position}",
                    json.dumps(card_to_dict(card)),
                    card.origin.line if card.origin else 1,
                    position,
                ),
            )
            for tag in card.tags:
                conn.exec_driver_sql("INSERT INTO card_tag VALUES (?, ?)", (position, tag))
            conn.exec_driver_sql(
                "INSERT INTO card_state (profile_id, card_pk, phase, step, lapses, reps, "
                "suspended, flagged) VALUES (?, ?, 0, 0, 0, 0, 0, 0)",
                (repo.profile_id, position),
            )
    repo.record_answer(
        "fx-flip",
        now=NOW,
        mode=Mode.STUDY,
        answer="null",
        score=1.0,
        proposed=None,
        rating=Rating.GOOD,
        response_ms=4000,
    )
    repo.record_answer(
        "fx-flip",
        now=NOW + timedelta(minutes=10),
        mode=Mode.STUDY,
        answer="null",
        score=1.0,
        proposed=None,
        rating=Rating.GOOD,
    )
    repo.record_answer(
        "fx-tf", now=NOW, mode=Mode.PRACTICE, answer="true", score=1.0, proposed=Rating.GOOD
    )
    repo.flag("fx-tf")
    repo.set_setting("theme", "light")
    repo.close()
    # One self-contained file: fold the WAL back in.
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("VACUUM")
    conn.close()
    return target


if __name__ == "__main__":
    print(main(force="--force" in sys.argv[1:]), file=sys.stdout)
