"""The tables as light SQLAlchemy Core clauses, for the queries of every aggregate.

The ``*Row`` classes (``tables.py``) define the schema and create it; building them costs
~150 ms (SQLModel, pydantic, the ORM), which an up-to-date start must not pay. So queries are
written on these ``table()`` clauses instead: the same names and column types (booleans and
:class:`~cyberquiz.storage.types.UTCDateTime` convert at the boundary on SQLite and PostgreSQL
alike). ``tests/storage/test_columns.py`` fails when they drift from the ``*Row`` classes.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Float, Integer, String, column, table

from cyberquiz.storage.types import UTCDateTime

profile = table(
    "profile",
    column("id", Integer),
    column("name", String),
    column("created_at", UTCDateTime),
)

deck = table(
    "deck",
    column("id", String),
    column("title", String),
    column("description", String),
    column("source", String),
    column("tags", String),
    column("path", String),
    column("origin_line", Integer),
    column("content_hash", String),
    column("retired", Boolean),
    column("synced_at", UTCDateTime),
)

card = table(
    "card",
    column("id", Integer),
    column("card_id", String),
    column("deck_id", String),
    column("kind", String),
    column("content_hash", String),
    column("body", String),
    column("retired", Boolean),
    column("origin_path", String),
    column("origin_line", Integer),
    column("position", Integer),
)

card_tag = table(
    "card_tag",
    column("card_pk", Integer),
    column("tag", String),
)

card_state = table(
    "card_state",
    column("profile_id", Integer),
    column("card_pk", Integer),
    column("phase", Integer),
    column("step", Integer),
    column("stability", Float),
    column("difficulty", Float),
    column("due", UTCDateTime),
    column("last_review", UTCDateTime),
    column("lapses", Integer),
    column("reps", Integer),
    column("suspended", Boolean),
    column("buried_until", UTCDateTime),
    column("flagged", Boolean),
)

review = table(
    "review",
    column("id", Integer),
    column("profile_id", Integer),
    column("card_pk", Integer),
    column("at", UTCDateTime),
    column("mode", String),
    column("answer", String),
    column("score", Float),
    column("proposed", Integer),
    column("rating", Integer),
    column("response_ms", Integer),
    column("scheduled", Boolean),
    column("phase_before", Integer),
    column("prev_state", String),
    column("utc_offset", Integer),
)

exam = table(
    "exam",
    column("id", Integer),
    column("profile_id", Integer),
    column("started_at", UTCDateTime),
    column("finished_at", UTCDateTime),
    column("time_limit_s", Integer),
    column("settings", String),
    column("score", Float),
    column("max_score", Float),
    column("status", String),
    column("position", Integer),
    column("summary", String),
)

exam_item = table(
    "exam_item",
    column("id", Integer),
    column("exam_id", Integer),
    column("position", Integer),
    column("card_pk", Integer),
    column("review_id", Integer),
    column("answer", String),
    column("score", Float),
    column("response_ms", Integer),
    column("flagged", Boolean),
    column("presentation", String),
    column("verdict", String),
)

setting = table(
    "setting",
    column("profile_id", Integer),
    column("key", String),
    column("value", String),
)

schema_version = table(
    "cyberquiz_schema",
    column("id", Integer),
    column("version", Integer),
    column("app_version", String),
    column("migrated_at", UTCDateTime),
)

#: Every clause, by table name (the drift test walks these).
ALL = {
    t.name: t
    for t in (
        schema_version,
        profile,
        deck,
        card,
        card_tag,
        card_state,
        review,
        exam,
        exam_item,
        setting,
    )
}

#: The review rollup (``stats_rollup.py`` creates it and keeps it: derived data, no ``*Row``
#: class, so not in :data:`ALL`). ``bucket``: the UTC quarter hour as ``YYYY-MM-DD HH:MM``;
#: ``utc_offset``: the zone of its answers (minutes).
stats_rollup = table(
    "stats_rollup_v2",
    column("profile_id", Integer),
    column("bucket", String),
    column("utc_offset", Integer),
    column("answers", Integer),
    column("study", Integer),
    column("timed", Integer),
    column("ms", Integer),
    column("reviews", Integer),
    column("passed", Integer),
)
