"""A class on one PostgreSQL database: roles, grants and row-level security (issue 16).

``class init`` (run by the database's owner) creates the schema, two group roles named after the
database (``cq_<database>_student`` and ``cq_<database>_instructor``), their grants and the
policies below. Every student and instructor is a login role in one of the groups; the profile
of a login is the profile row named like the role (``profile.name = current_user``).

- Decks, cards and card tags: everyone reads them; only instructors write them (deck sync).
  The same for the exams set for the class (``class_exam``, see ``storage.class_exams``).
- A profile's rows (card states, answers, exams and their items, settings, the stats rollup):
  a login reads and writes only its own profile's rows. Instructors also read every profile's
  rows, and may add a *new* (never answered) card state for anyone, which is what a deck sync
  does for each profile when a card appears; they change no student's answers or schedule.
- The owner (who ran ``class init``) is not subject to the policies (PostgreSQL's rule for a
  table's owner), so ``class`` commands and backups run as the owner.

Passwords are PostgreSQL's business: the app never stores one (``~/.pgpass``, ``PGPASSWORD``,
or peer/cert authentication). ``CONNECT`` on the database is taken from ``PUBLIC`` and given to
the two groups, so another database's students cannot even log in here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cyberquiz.storage.errors import StorageError
from cyberquiz.storage.stats_rollup import TABLE as ROLLUP

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

#: Tables that belong to one profile, by the column naming it.
PROFILE_TABLES = ("card_state", "review", "exam", "setting", ROLLUP)
#: Tables shared by the class, written only by instructors.
DECK_TABLES = ("deck", "card", "card_tag")
#: A profile's id from the login's name, for the policies.
_MINE = "(SELECT p.id FROM profile p WHERE p.name = current_user)"


class ClassError(StorageError):
    """A class-server operation that cannot be done as asked (one sentence for the user)."""


@dataclass(frozen=True, slots=True)
class ClassRoles:
    """The two group roles of a class database."""

    student: str
    instructor: str


@dataclass(frozen=True, slots=True)
class Login:
    """Who is connected, as far as the class rules go."""

    user: str
    class_database: bool  # row-level security is on (``class init`` ran)
    owner: bool  # owns the tables: the policies do not apply
    writes_decks: bool


def roles_for(conn: Connection) -> ClassRoles:
    """The group roles of the connected database."""
    database = str(conn.exec_driver_sql("SELECT current_database()").scalar_one())
    base = "cq_" + "".join(ch if ch.isalnum() else "_" for ch in database.lower())[:48]
    return ClassRoles(student=f"{base}_student", instructor=f"{base}_instructor")


def _quote(conn: Connection, name: str) -> str:
    return str(conn.dialect.identifier_preparer.quote_identifier(name))


def _role_exists(conn: Connection, name: str) -> bool:
    found = conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %(n)s", {"n": name})
    return found.first() is not None


def _is_class_database(conn: Connection) -> bool:
    found = conn.exec_driver_sql(
        "SELECT relrowsecurity FROM pg_class WHERE oid = to_regclass('review')"
    ).scalar()
    return bool(found)


def _require_postgresql(conn: Connection) -> None:
    if conn.dialect.name != "postgresql":
        raise ClassError(
            "A class needs a PostgreSQL database: pass --db postgresql://USER@HOST/DATABASE "
            "(a SQLite file belongs to one student)."
        )


def init_class(engine: Engine) -> ClassRoles:
    """Create the schema (when missing), the group roles, their grants and the policies.

    Safe to run again (after an upgrade, or to repair a dropped policy). One transaction: on
    any error nothing is left half-done.

    Raises:
        ClassError: not PostgreSQL, or the login may not create roles.
    """
    from cyberquiz.storage.engine import serialize_writers
    from cyberquiz.storage.migrations import prepare

    with engine.connect() as probe:
        _require_postgresql(probe)
        can = probe.exec_driver_sql(
            "SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user"
        ).scalar()
    if not can:
        raise ClassError(
            "class init must be run by a login that may create roles (CREATEROLE), normally "
            "the database's owner; this login may not."
        )
    prepare(engine, None)
    with engine.begin() as conn:
        serialize_writers(conn)
        roles = roles_for(conn)
        student, instructor = (_quote(conn, r) for r in (roles.student, roles.instructor))
        for role in (roles.student, roles.instructor):
            if not _role_exists(conn, role):
                conn.exec_driver_sql(f"CREATE ROLE {_quote(conn, role)} NOLOGIN")
        database = _quote(conn, str(conn.exec_driver_sql("SELECT current_database()").scalar()))
        schema = _quote(conn, str(conn.exec_driver_sql("SELECT current_schema()").scalar()))
        both = f"{student}, {instructor}"
        run = conn.exec_driver_sql
        run(f"REVOKE CONNECT ON DATABASE {database} FROM PUBLIC")
        run(f"GRANT CONNECT ON DATABASE {database} TO {both}")
        run(f"GRANT USAGE ON SCHEMA {schema} TO {both}")
        from cyberquiz.storage.class_exams import create_table

        create_table(conn)  # exams set for the class: everyone reads, instructors write
        run(f"GRANT SELECT ON class_exam TO {both}")
        run(f"GRANT INSERT, UPDATE, DELETE ON class_exam TO {instructor}")
        run(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {both}")
        run(f"GRANT SELECT ON cyberquiz_schema TO {both}")
        for table in DECK_TABLES:
            run(f"GRANT SELECT ON {table} TO {student}")
            run(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {instructor}")
        run(f"GRANT SELECT, INSERT ON profile TO {both}")
        _policy(run, "profile", "own", f"FOR ALL TO {both} USING (name = current_user)")
        _policy(run, "profile", "instructor_reads", f"FOR SELECT TO {instructor} USING (true)")
        for table in PROFILE_TABLES:
            _profile_table_rules(run, table, student, instructor)
        run(f"GRANT SELECT, INSERT, UPDATE, DELETE ON exam_item TO {both}")
        run("ALTER TABLE exam_item ENABLE ROW LEVEL SECURITY")
        _policy(run, "exam_item", "instructor_reads", f"FOR SELECT TO {instructor} USING (true)")
        own_exam = (
            "EXISTS (SELECT 1 FROM exam e "
            f"WHERE e.id = exam_item.exam_id AND e.profile_id = {_MINE})"
        )
        _policy(
            run, "exam_item", "own", f"FOR ALL TO {both} USING ({own_exam}) WITH CHECK ({own_exam})"
        )
        _policy(
            run,
            "card_state",
            "instructor_adds_new",
            f"FOR INSERT TO {instructor} WITH CHECK "
            "(phase = 0 AND reps = 0 AND lapses = 0 AND last_review IS NULL)",
        )
        run("ALTER TABLE profile ENABLE ROW LEVEL SECURITY")
    return roles


def _profile_table_rules(
    run: Callable[[str], object], table: str, student: str, instructor: str
) -> None:
    """A table of rows that each belong to one profile: members read and write their own,
    instructors read everyone's. ``student`` and ``instructor`` are quoted role names."""
    both = f"{student}, {instructor}"
    run(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {both}")
    run(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    _policy(run, table, "instructor_reads", f"FOR SELECT TO {instructor} USING (true)")
    mine = f"profile_id = {_MINE}"
    _policy(run, table, "own", f"FOR ALL TO {both} USING ({mine}) WITH CHECK ({mine})")


def secure_rollup(conn: Connection) -> None:
    """Give a rollup table made anew (a repair: ``stats_rollup.create_rollup``) the class rules
    of the other profile tables, when the database is a class's; otherwise nothing."""
    if conn.dialect.name != "postgresql" or not _is_class_database(conn):
        return
    roles = roles_for(conn)
    student, instructor = (_quote(conn, r) for r in (roles.student, roles.instructor))
    _profile_table_rules(conn.exec_driver_sql, ROLLUP, student, instructor)


def _policy(run: Callable[[str], object], table: str, name: str, body: str) -> None:
    """(Re)create one policy, so that ``class init`` can run again."""
    run(f"DROP POLICY IF EXISTS {name} ON {table}")
    run(f"CREATE POLICY {name} ON {table} {body}")


def add_member(engine: Engine, name: str, *, instructor: bool) -> bool:
    """Give ``name`` a login in the student (or instructor) group and a profile.

    An existing role is only added to the group (its password and other rights are kept); a
    role that is a superuser or may create roles is refused, so that a typo cannot hand a
    student's rights to the administrator. True when the login role was created.

    Raises:
        ClassError: not a class database, or a role that must not be a member.
    """
    from datetime import UTC, datetime

    from cyberquiz.storage import cards

    with engine.begin() as conn:
        _require_postgresql(conn)
        roles = roles_for(conn)
        group = roles.instructor if instructor else roles.student
        other = roles.student if instructor else roles.instructor
        if not _role_exists(conn, group) or not _is_class_database(conn):
            raise ClassError(
                "This database is not set up for a class yet: run `cyberquiz --db URL class init` "
                "first."
            )
        quoted = _quote(conn, name)
        row = conn.exec_driver_sql(
            "SELECT rolsuper OR rolcreaterole OR rolbypassrls, pg_has_role(oid, %(o)s, 'MEMBER') "
            "FROM pg_roles WHERE rolname = %(n)s",
            {"n": name, "o": other},
        ).first()
        created = row is None
        if row is not None and row[0]:
            raise ClassError(
                f"{name!r} is an administrator's role (superuser, CREATEROLE or BYPASSRLS); "
                "a class member needs a role of its own."
            )
        if row is not None and row[1]:
            kind = "an instructor" if not instructor else "a student"
            raise ClassError(f"{name!r} is already {kind} of this class; remove it first.")
        if created:
            conn.exec_driver_sql(f"CREATE ROLE {quoted} LOGIN")
        conn.exec_driver_sql(f"GRANT {_quote(conn, group)} TO {quoted}")
        cards.ensure_profile(conn, name, datetime.now(UTC))
    return created


def remove_member(engine: Engine, name: str, *, forget: bool = False) -> None:
    """Take ``name``'s login away; its progress stays for the record unless ``forget``.

    Raises:
        ClassError: no such class member.
    """
    with engine.begin() as conn:
        _require_postgresql(conn)
        roles = roles_for(conn)
        member = conn.exec_driver_sql(
            "SELECT pg_has_role(%(n)s, %(s)s, 'MEMBER') OR pg_has_role(%(n)s, %(i)s, 'MEMBER') "
            "FROM pg_roles WHERE rolname = %(n)s",
            {"n": name, "s": roles.student, "i": roles.instructor},
        ).scalar()
        if not member:
            raise ClassError(f"{name!r} is not a student or instructor of this class.")
        if forget:
            pid = conn.exec_driver_sql(
                "SELECT id FROM profile WHERE name = %(n)s", {"n": name}
            ).scalar()
            if pid is not None:
                _delete_profile(conn, int(pid))
        quoted = _quote(conn, name)
        conn.exec_driver_sql(f"DROP ROLE {quoted}")


def _delete_profile(conn: Connection, pid: int) -> None:
    params = {"p": pid}
    conn.exec_driver_sql(
        "DELETE FROM exam_item WHERE exam_id IN (SELECT id FROM exam WHERE profile_id = %(p)s)",
        params,
    )
    for table in ("exam", "review", "card_state", "setting", ROLLUP):
        conn.exec_driver_sql(f"DELETE FROM {table} WHERE profile_id = %(p)s", params)
    conn.exec_driver_sql("DELETE FROM profile WHERE id = %(p)s", params)


def members(engine: Engine) -> list[tuple[str, str]]:
    """``(name, "student" | "instructor")`` of every member, sorted by name."""
    with engine.connect() as conn:
        _require_postgresql(conn)
        roles = roles_for(conn)
        rows = conn.exec_driver_sql(
            "SELECT r.rolname, g.rolname FROM pg_auth_members m "
            "JOIN pg_roles r ON r.oid = m.member JOIN pg_roles g ON g.oid = m.roleid "
            "WHERE g.rolname IN (%(s)s, %(i)s) ORDER BY r.rolname",
            {"s": roles.student, "i": roles.instructor},
        )
        return [(r[0], "student" if r[1] == roles.student else "instructor") for r in rows]


def login(conn: Connection) -> Login:
    """Who the connection is logged in as, and what the class rules let it do."""
    if conn.dialect.name != "postgresql":
        return Login(user="", class_database=False, owner=True, writes_decks=True)
    row = conn.exec_driver_sql(
        "SELECT current_user, c.relrowsecurity, pg_has_role(c.relowner, 'USAGE'), "
        "has_table_privilege('deck', 'INSERT') FROM pg_class c WHERE c.oid = 'review'::regclass"
    ).one()
    return Login(
        user=str(row[0]), class_database=bool(row[1]), owner=bool(row[2]), writes_decks=bool(row[3])
    )
