"""Setting up a class on a PostgreSQL server: what the ``class`` commands call."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from cyberquiz.core.controls import strip_controls
from cyberquiz.services.config import normalise_profile
from cyberquiz.storage.classroom import ClassError, ClassRoles

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

#: PostgreSQL's limit on a role name, in bytes.
MAX_NAME_BYTES = 63


def member_name(name: str) -> str:
    """A student's or instructor's name as their login role and profile (spaces, NFC).

    Raises:
        ClassError: empty, too long, control characters, or a name PostgreSQL reserves.
    """
    cleaned = normalise_profile(name)
    if not cleaned:
        raise ClassError("A class member needs a name.")
    if strip_controls(cleaned) != cleaned:
        raise ClassError(f"{strip_controls(cleaned)!r}: a name may not hold control characters.")
    if len(cleaned.encode()) > MAX_NAME_BYTES:
        raise ClassError(f"{cleaned!r} is longer than PostgreSQL's {MAX_NAME_BYTES} bytes.")
    if cleaned.lower().startswith("pg_") or cleaned.lower() in ("public", "none", "current_user"):
        raise ClassError(f"{cleaned!r} is a name PostgreSQL reserves; choose another.")
    return cleaned


@contextmanager
def _engine(db_url: str) -> Iterator[Engine]:
    """An engine on ``db_url`` whose database errors come out as one readable sentence."""
    from sqlalchemy.exc import DBAPIError

    from cyberquiz.storage.engine import create_engine
    from cyberquiz.storage.errors import translated

    engine = create_engine(db_url)
    where = engine.url.render_as_string(hide_password=True)
    try:
        with translated(where):
            try:
                yield engine
            except DBAPIError as exc:
                if getattr(exc.orig, "sqlstate", None) == "42501":  # insufficient_privilege
                    detail = str(exc.orig).strip().splitlines()[0]
                    raise ClassError(
                        f"The login {engine.url.username or '(default)'} lacks the rights for "
                        f"this on {where} ({detail}); nothing was changed."
                    ) from exc
                raise
    finally:
        engine.dispose()


def init(db_url: str) -> ClassRoles:
    """``class init``: schema, group roles, grants and policies (again: a repair)."""
    from cyberquiz.storage.classroom import init_class

    with _engine(db_url) as engine:
        return init_class(engine)


def add(db_url: str, name: str, *, instructor: bool = False) -> tuple[str, bool]:
    """``class add-student`` / ``add-instructor``: the name used, and whether its role is new."""
    from cyberquiz.storage.classroom import add_member

    cleaned = member_name(name)
    with _engine(db_url) as engine:
        return cleaned, add_member(engine, cleaned, instructor=instructor)


def remove(db_url: str, name: str, *, forget: bool = False) -> str:
    """``class remove-student``: the login goes; its progress too with ``forget``."""
    from cyberquiz.storage.classroom import remove_member

    cleaned = member_name(name)
    with _engine(db_url) as engine:
        remove_member(engine, cleaned, forget=forget)
    return cleaned


def members(db_url: str) -> list[tuple[str, str]]:
    """``class list``: every member and their group."""
    from cyberquiz.storage.classroom import members as listed

    with _engine(db_url) as engine:
        return listed(engine)
