"""SQLModel tables (``*Row``), seen only inside ``storage/``: the repository speaks core types.

Schema version :data:`SCHEMA_VERSION` (defined in ``version.py``; see ``migrations.py`` for the
history). Decks and cards are shared by every profile; card states, reviews, exams and settings
belong to one profile.

Cards keep their body as JSON (``core.serialize.card_to_dict``), so a warm start rebuilds every
card from the database without parsing YAML. ``CardRow.id`` (an integer) is the card's database
id, passed to FSRS as ``card_id``; ``CardRow.card_id`` is the author's stable text id.
A never-answered card has a ``CardStateRow`` with ``phase = 0`` (NEW) and no ``due``: the
repository creates the rows of a profile in one statement, so that the study queue is one
indexed query over ``card_state`` (index ``ix_card_state_queue``).

Not a ``*Row`` class: the review rollup for the statistics (``stats_rollup.py``, a table and
three triggers on ``review``, part of the schema since version 2), created in raw SQL by
``migrations.prepare`` together with these tables.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from cyberquiz.storage.types import UTCDateTime

# The schema version lives in ``version.py`` (cheap to import); re-exported here.
from cyberquiz.storage.version import SCHEMA_VERSION as SCHEMA_VERSION


class SchemaVersionRow(SQLModel, table=True):
    """One row: the schema version of this database, and the app that last migrated it."""

    __tablename__ = "cyberquiz_schema"

    id: int = Field(default=1, primary_key=True)
    version: int
    app_version: str = ""
    migrated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ProfileRow(SQLModel, table=True):
    """A student. Several can share one database."""

    __tablename__ = "profile"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)
    created_at: datetime = Field(sa_type=UTCDateTime)


class DeckRow(SQLModel, table=True):
    """A deck file as last synced. ``retired`` when its file is gone."""

    __tablename__ = "deck"

    id: str = Field(primary_key=True)
    title: str
    description: str = ""
    source: str = ""
    tags: str = "[]"  # JSON list
    path: str = Field(index=True)
    origin_line: int | None = None
    content_hash: str = ""
    retired: bool = False
    synced_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class CardRow(SQLModel, table=True):
    """A card as last synced; ``body`` is ``card_to_dict(card)`` as JSON."""

    __tablename__ = "card"
    __table_args__ = (Index("ix_card_deck_position", "deck_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    card_id: str = Field(unique=True)
    deck_id: str = Field(foreign_key="deck.id")
    kind: str
    content_hash: str = ""
    body: str  # JSON
    retired: bool = False
    origin_path: str = ""
    origin_line: int | None = None
    position: int = 0  # order in its file


class CardTagRow(SQLModel, table=True):
    """A card's tags (deck tags first), one row each, for indexed tag filters."""

    __tablename__ = "card_tag"
    __table_args__ = (Index("ix_card_tag_tag", "tag", "card_pk"),)

    card_pk: int = Field(foreign_key="card.id", primary_key=True)
    tag: str = Field(primary_key=True)


class CardStateRow(SQLModel, table=True):
    """One profile's FSRS state of one card (``phase`` as ``core.state.Phase``)."""

    __tablename__ = "card_state"
    __table_args__ = (Index("ix_card_state_queue", "profile_id", "phase", "due", "card_pk"),)

    profile_id: int = Field(foreign_key="profile.id", primary_key=True)
    card_pk: int = Field(foreign_key="card.id", primary_key=True)
    phase: int = 0
    step: int | None = 0
    stability: float | None = None
    difficulty: float | None = None
    due: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_review: datetime | None = Field(default=None, sa_type=UTCDateTime)
    lapses: int = 0
    reps: int = 0
    suspended: bool = False
    buried_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    flagged: bool = False


class ReviewRow(SQLModel, table=True):
    """Every answer ever given, in every mode.

    ``prev_state`` (JSON of the card state before the answer) is kept when the answer moved the
    schedule, so that undo and a changed rating rewrite from exactly that state.
    ``phase_before`` counts today's new cards and reviews for the daily limits.
    """

    __tablename__ = "review"
    __table_args__ = (
        Index("ix_review_profile_at", "profile_id", "at"),
        Index("ix_review_card", "card_pk", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="profile.id")
    card_pk: int = Field(foreign_key="card.id")
    at: datetime = Field(sa_type=UTCDateTime)
    mode: str
    answer: str = "null"  # JSON (core.serialize.answer_to_json)
    score: float = 0.0
    proposed: int | None = None
    rating: int | None = None
    response_ms: int = 0
    scheduled: bool = False  # did this answer move the schedule
    phase_before: int = 0
    prev_state: str | None = None  # JSON of CardState before, when scheduled
    # v3: the UTC offset (minutes) of the zone the answer was given in: its local day stays
    # its own when the profile's zone changes (the streak)
    utc_offset: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class ExamRow(SQLModel, table=True):
    """A sat exam (H-exam may add columns)."""

    __tablename__ = "exam"
    __table_args__ = (Index("ix_exam_profile_started", "profile_id", "started_at"),)

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="profile.id")
    started_at: datetime = Field(sa_type=UTCDateTime)
    finished_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    time_limit_s: int | None = None
    settings: str = "{}"  # JSON: decks, tags, number of questions, seed...
    score: float | None = None
    max_score: float | None = None
    # H-exam: running | submitted | timed_out | abandoned; the question on screen; the
    # scored summary (percent, band, by_area, by_tag) as JSON once finished.
    status: str = Field(default="running", index=True)
    position: int = 0
    summary: str | None = None


class ExamItemRow(SQLModel, table=True):
    """One question of an exam (H-exam may add columns)."""

    __tablename__ = "exam_item"
    __table_args__ = (Index("ix_exam_item_exam", "exam_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    exam_id: int = Field(foreign_key="exam.id")
    position: int
    card_pk: int = Field(foreign_key="card.id")
    review_id: int | None = Field(default=None, foreign_key="review.id")
    answer: str | None = None  # JSON
    score: float | None = None
    response_ms: int | None = None
    flagged: bool = False
    # H-exam: the presentation order of options/items (JSON list), and the grader's verdict.
    presentation: str = "[]"
    verdict: str | None = None


class SettingRow(SQLModel, table=True):
    """A profile's setting: ``value`` is JSON."""

    __tablename__ = "setting"

    profile_id: int = Field(foreign_key="profile.id", primary_key=True)
    key: str = Field(primary_key=True)
    value: str  # JSON


#: Every table of this schema version, for the "is this a cyberquiz database" check.
TABLE_NAMES = (
    "cyberquiz_schema",
    "profile",
    "deck",
    "card",
    "card_tag",
    "card_state",
    "review",
    "exam",
    "exam_item",
    "setting",
)
