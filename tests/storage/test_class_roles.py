"""Who may see what on a class server, enforced by PostgreSQL's row-level security (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from cyberquiz.core.answers import Mode, Rating
from cyberquiz.storage import stats_rollup
from cyberquiz.storage.repository import Repository
from support import NOW, ClassDb, run_cli


def _answer(url: str, card: str, score: float) -> str:
    with Repository.open(url, profile="whoever", clock=lambda: NOW, fuzz=False) as repo:
        repo.record_answer(
            card, now=NOW, mode=Mode.STUDY, answer='"x"', score=score, proposed=Rating.GOOD
        )
        return repo.profile


@pytest.fixture
def classroom(class_db: ClassDb, class_decks: Path) -> ClassDb:
    """init, students alice and bob, instructor teach; teach synced the decks; both answered."""
    url = class_db.owner_url
    assert run_cli("--db", url, "class", "init")[0] == 0
    for who in ("alice", "bob"):
        code, out, err = run_cli("--db", url, "class", "add-student", class_db.name(who))
        assert code == 0, err
    code, _, err = run_cli("--db", url, "class", "add-instructor", class_db.name("teach"))
    assert code == 0, err
    code, out, err = run_cli(
        "--db", class_db.url_of(class_db.name("teach")), "--decks", str(class_decks), "sync"
    )
    assert code == 0 and "4 added" in out, err
    assert _answer(class_db.url_of(class_db.name("alice")), "a0", 1.0) == class_db.name("alice")
    assert _answer(class_db.url_of(class_db.name("bob")), "a1", 0.0) == class_db.name("bob")
    return class_db


def _sql(url: str, statement: str) -> list[tuple[object, ...]]:
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            result = conn.exec_driver_sql(statement)
            return [tuple(r) for r in result] if result.returns_rows else [(result.rowcount,)]
    finally:
        engine.dispose()


def test_a_student_reads_only_their_own_rows_in_plain_sql(classroom: ClassDb) -> None:
    alice = classroom.url_of(classroom.name("alice"))
    assert _sql(alice, "SELECT name FROM profile") == [(classroom.name("alice"),)]
    assert _sql(alice, "SELECT count(*) FROM review") == [(1,)]
    assert _sql(alice, "SELECT count(*) FROM card_state") == [(4,)]
    assert _sql(alice, f"SELECT count(*) FROM {stats_rollup.TABLE}") == [(1,)]
    assert _sql(alice, "SELECT count(*) FROM card") == [(4,)]  # the decks are the class's


_REVIEW_OF = (
    "INSERT INTO review (profile_id, card_pk, at, mode, answer, score, response_ms, scheduled, "
    "phase_before) SELECT id, (SELECT min(id) FROM card), now(), 'study', 'null', 1, 0, false, 0 "
    "FROM profile WHERE name = '{name}'"
)


def _bobs_rows(db: ClassDb) -> list[tuple[object, ...]]:
    """Everything of bob's, as the owner sees it."""
    bob = f"(SELECT id FROM profile WHERE name = '{db.name('bob')}')"
    return _sql(
        db.owner_url,
        f"SELECT (SELECT array_agg(score ORDER BY id) FROM review WHERE profile_id = {bob}), "
        f"(SELECT array_agg(reps ORDER BY card_pk) FROM card_state WHERE profile_id = {bob}), "
        f"(SELECT count(*) FROM setting WHERE profile_id = {bob})",
    )


def test_a_student_cannot_change_anothers_rows_in_plain_sql(classroom: ClassDb) -> None:
    alice = classroom.url_of(classroom.name("alice"))
    before = _bobs_rows(classroom)
    assert before[0][0] == [0.0]
    bob_id = _sql(
        classroom.owner_url, f"SELECT id FROM profile WHERE name = '{classroom.name('bob')}'"
    )[0][0]
    assert _sql(alice, "UPDATE review SET score = 0.5") == [(1,)]  # her own answer only
    assert _sql(alice, "UPDATE card_state SET reps = 9") == [(4,)]
    assert _sql(alice, "DELETE FROM review WHERE score = 0") == [(0,)]  # bob's: invisible
    assert _sql(alice, _REVIEW_OF.format(name=classroom.name("bob"))) == [(0,)]  # bob is hidden
    with pytest.raises(DBAPIError, match="row-level security"):
        _sql(alice, f"UPDATE review SET profile_id = {bob_id}")  # giving bob her answer
    with pytest.raises(DBAPIError, match="row-level security"):
        _sql(
            alice,
            "INSERT INTO setting (profile_id, key, value) "
            f"VALUES ({bob_id}, 'exam_date', '\"2020-01-01\"')",
        )
    with pytest.raises(DBAPIError, match="row-level security"):
        eve = classroom.name("eve")
        _sql(alice, f"INSERT INTO profile (name, created_at) VALUES ('{eve}', now())")
    with pytest.raises(DBAPIError, match="permission denied"):
        _sql(alice, "UPDATE card SET body = '{}'")
    with pytest.raises(DBAPIError, match="permission denied"):
        _sql(alice, "DELETE FROM deck")
    assert _bobs_rows(classroom) == before


def test_an_instructor_reads_everyone_and_writes_no_students_answers(classroom: ClassDb) -> None:
    teach = classroom.url_of(classroom.name("teach"))
    assert _sql(teach, "SELECT count(*) FROM review") == [(2,)]
    assert _sql(teach, "SELECT count(*) FROM profile") == [(3,)]
    assert _sql(teach, "UPDATE review SET score = 0.5") == [(0,)]
    assert _sql(teach, "DELETE FROM card_state WHERE reps > 0") == [(0,)]
    others = "profile_id <> (SELECT id FROM profile WHERE name = current_user)"
    assert _sql(teach, f"UPDATE card_state SET reps = 9 WHERE {others}") == [(0,)]
    assert _sql(teach, "UPDATE card_state SET reps = 9") == [(4,)]  # the instructor's own
    with pytest.raises(DBAPIError, match="row-level security"):
        _sql(teach, _REVIEW_OF.format(name=classroom.name("alice")))
    with pytest.raises(DBAPIError, match="row-level security"):
        _sql(
            teach,
            "INSERT INTO card_state (profile_id, card_pk, phase, reps, lapses, suspended, flagged) "
            f"SELECT id, (SELECT min(id) FROM card), 2, 5, 0, false, false FROM profile "
            f"WHERE name = '{classroom.name('alice')}' ON CONFLICT DO NOTHING",
        )


def test_every_command_opens_the_logins_own_profile(classroom: ClassDb) -> None:
    """``--profile`` cannot open another student's progress: the login is the profile."""
    alice = classroom.url_of(classroom.name("alice"))
    with Repository.open(alice, profile=classroom.name("bob"), clock=lambda: NOW) as repo:
        assert repo.profile == classroom.name("alice")
        assert len(repo.reviews()) == 1
    code, out, err = run_cli("--db", alice, "--profile", classroom.name("bob"), "stats", "--json")
    assert code == 0, err
    assert '"answers_total": 1' in out, out


def test_a_students_sync_leaves_the_decks_to_the_instructors(
    classroom: ClassDb, class_decks: Path
) -> None:
    (class_decks / "a.yaml").write_text(
        (class_decks / "a.yaml").read_text().replace("front 0", "changed"), encoding="utf-8"
    )
    alice = classroom.url_of(classroom.name("alice"))
    code, _, err = run_cli("--db", alice, "--decks", str(class_decks), "sync")
    assert code == 0, err
    changed = "SELECT count(*) FROM card WHERE position('changed' in body) > 0"
    assert _sql(classroom.owner_url, changed) == [(0,)]
    teach = classroom.url_of(classroom.name("teach"))
    assert run_cli("--db", teach, "--decks", str(class_decks), "sync")[0] == 0
    assert _sql(classroom.owner_url, changed) == [(1,)]


def test_removing_a_student_takes_the_login_and_keeps_or_forgets_progress(
    classroom: ClassDb,
) -> None:
    owner = classroom.owner_url
    code, out, _ = run_cli("--db", owner, "class", "remove-student", classroom.name("alice"))
    assert code == 0 and "progress kept" in out
    assert _sql(owner, "SELECT count(*) FROM review") == [(2,)]
    with pytest.raises(Exception, match=r"does not exist|not permitted"):
        _sql(classroom.url_of(classroom.name("alice")), "SELECT 1")
    code, out, _ = run_cli(
        "--db", owner, "class", "remove-student", "--forget", classroom.name("bob")
    )
    assert code == 0
    assert _sql(owner, "SELECT count(*) FROM review") == [(1,)]
    assert _sql(owner, "SELECT count(*) FROM profile") == [(2,)]


def test_class_init_runs_again_as_a_repair(classroom: ClassDb) -> None:
    owner = classroom.owner_url
    _sql(owner, "DROP POLICY own ON review")
    assert run_cli("--db", owner, "class", "init")[0] == 0
    alice = classroom.url_of(classroom.name("alice"))
    assert _sql(alice, "SELECT count(*) FROM review") == [(1,)]
    code, out, _ = run_cli("--db", owner, "class", "list")
    assert code == 0
    assert f"student\t{classroom.name('alice')}" in out
    assert f"instructor\t{classroom.name('teach')}" in out


def test_a_repaired_rollup_keeps_the_class_rules(classroom: ClassDb) -> None:
    """A rollup trigger dropped by hand: the owner's stats rebuild the rollup, and the students
    still write their answers into it and read only their own rows."""
    owner = classroom.owner_url
    _sql(owner, f"DROP TRIGGER {stats_rollup.PG_TRIGGER} ON review")
    assert run_cli("--db", owner, "stats", "--json")[0] == 0  # repaired: made anew
    alice = classroom.url_of(classroom.name("alice"))
    assert _answer(alice, "a1", 1.0) == classroom.name("alice")
    assert _sql(alice, f"SELECT sum(answers) FROM {stats_rollup.TABLE}") == [(2,)]
    teach = classroom.url_of(classroom.name("teach"))
    assert _sql(teach, f"SELECT sum(answers) FROM {stats_rollup.TABLE}") == [(3,)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("class", "init"), "need --db"),
        (("--db", "{sqlite}", "class", "init"), "needs a PostgreSQL database"),
        (("--db", "{owner}", "class", "add-student", "x"), "not set up for a class yet"),
        (("--db", "{down}", "class", "init"), "that the server is running"),
        (("--db", "{ghost}", "class", "init"), 'role "no_such_login" does not exist'),
        (("--db", "{ghost}", "class-report", "--db", "{ghost}"), "your login and password"),
        (("--db", "{owner}", "class", "add-student", "pg_x"), "PostgreSQL reserves"),
        (("--db", "{owner}", "class", "add-student", " "), "needs a name"),
        (("--db", "{owner}", "class", "remove-student", "nobody"), "not a student"),
    ],
)
def test_bad_input_is_one_sentence_and_exit_1(
    class_db: ClassDb, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    values = {
        "sqlite": f"sqlite:///{tmp_path / 'x.db'}",
        "owner": class_db.owner_url,
        "down": f"postgresql://nobody@/cyberquiz?host={tmp_path}",
        "ghost": class_db.url_of("no_such_login"),
    }
    code, _, err = run_cli(*(a.format(**values) for a in args))
    assert code in (1, 2) and message in err, err
    assert "Traceback" not in err and len(err.strip().splitlines()) <= 4


def test_a_role_without_rights_is_told_so_and_nothing_changes(classroom: ClassDb) -> None:
    alice = classroom.url_of(classroom.name("alice"))
    code, _, err = run_cli("--db", alice, "class", "init")
    assert code == 1 and "may not" in err
    code, _, err = run_cli("--db", alice, "class", "add-student", classroom.name("mallory"))
    assert code == 1 and "may not create roles" not in err and "lacks the rights" in err, err
    assert _sql(classroom.owner_url, "SELECT count(*) FROM profile") == [(3,)]


def test_an_administrators_role_is_never_made_a_student(classroom: ClassDb) -> None:
    code, _, err = run_cli("--db", classroom.owner_url, "class", "add-student", "postgres")
    assert code == 1 and "administrator" in err


def test_a_students_exam_is_theirs_alone(classroom: ClassDb, class_decks: Path) -> None:
    from cyberquiz.core.exam import ExamSession, ExamSettings, draw_exam
    from cyberquiz.storage.exams import ExamStore

    lines = ["format: 1", "id: tf", "title: True or false", "cards:"]
    for i in range(3):
        lines += [
            f"  - id: tf{i}",
            "    kind: truefalse",
            f"    statement: S {i}",
            "    answer: true",
        ]
    (class_decks / "tf.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    teach_url = classroom.url_of(classroom.name("teach"))
    assert run_cli("--db", teach_url, "--decks", str(class_decks), "sync")[0] == 0
    alice = classroom.url_of(classroom.name("alice"))
    with Repository.open(alice, profile="", clock=lambda: NOW, fuzz=False) as repo:
        settings = ExamSettings(count=3, seed=1)
        session = ExamSession.start(settings, draw_exam(repo.cards(), settings), NOW)
        store = ExamStore(repo)
        store.create(session)
        store.save_item(session)
        store.finish(session, NOW)
        assert len(store.history()) == 1
    bob = classroom.url_of(classroom.name("bob"))
    with Repository.open(bob, profile="", clock=lambda: NOW) as repo:
        assert ExamStore(repo).history() == []
    assert _sql(bob, "SELECT count(*) FROM exam_item") == [(0,)]
    assert _sql(bob, "UPDATE exam_item SET score = 1") == [(0,)]
    teach = classroom.url_of(classroom.name("teach"))
    assert _sql(teach, "SELECT count(*) FROM exam_item") == [(3,)]
    assert _sql(teach, "UPDATE exam SET score = 3") == [(0,)]
