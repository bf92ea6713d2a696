"""Twenty class members starting at once after a deck change: syncing and answering together."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

from cyberquiz.core.answers import Mode, Rating
from cyberquiz.services.sync import sync_decks
from cyberquiz.storage.repository import Repository
from support import NOW, ClassDb, run_cli

MEMBERS = 20
ANSWERS = 12


def test_twenty_members_syncing_and_answering_at_once_lose_nothing(
    class_db: ClassDb, class_decks: Path
) -> None:
    url = class_db.owner_url
    assert run_cli("--db", url, "class", "init")[0] == 0
    names = [class_db.name(f"s{n}") for n in range(MEMBERS)]
    for n, name in enumerate(names):
        kind = "add-instructor" if n % 5 == 0 else "add-student"  # 4 instructors sync too
        assert run_cli("--db", url, "class", kind, name)[0] == 0
    assert run_cli("--db", class_db.url_of(names[0]), "--decks", str(class_decks), "sync")[0] == 0
    # The deck changes before class: a new card and an edited one, synced by whoever is first.
    deck = class_decks / "a.yaml"
    deck.write_text(
        deck.read_text().replace("front 1", "front one")
        + "  - id: a9\n    kind: flip\n    front: new\n    back: card\n",
        encoding="utf-8",
    )
    errors: list[BaseException] = []
    acknowledged: dict[str, int] = {}
    start = threading.Barrier(MEMBERS, timeout=120)

    def member(name: str) -> None:
        try:
            start.wait()
            with Repository.open(class_db.url_of(name), profile=name, clock=lambda: NOW) as repo:
                sync_decks(repo, [class_decks])
                done = 0
                for i in range(ANSWERS):
                    card = repo.next_card(NOW + timedelta(days=i)) or repo.card(f"a{i % 5}")
                    repo.record_answer(
                        card.id,
                        now=NOW + timedelta(minutes=i),
                        mode=Mode.STUDY,
                        answer='"x"',
                        score=1.0,
                        proposed=Rating.GOOD,
                    )
                    done += 1
                acknowledged[name] = done
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=member, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert acknowledged == dict.fromkeys(names, ANSWERS)
    with Repository.open(url, profile="postgres", clock=lambda: NOW) as owner:
        assert len(owner.cards()) == 5
        with owner.engine.connect() as conn:
            counts = dict(
                conn.exec_driver_sql(
                    "SELECT p.name, count(r.id) FROM profile p LEFT JOIN review r "
                    "ON r.profile_id = p.id GROUP BY p.name"
                ).all()
            )
            states = conn.exec_driver_sql(
                "SELECT count(*) FROM card_state s JOIN profile p ON p.id = s.profile_id "
                "WHERE p.name LIKE %(n)s",
                {"n": f"{class_db.schema}\\_%"},
            ).scalar()
    assert {name: counts[name] for name in names} == dict.fromkeys(names, ANSWERS)
    assert states == MEMBERS * 5  # every member has a state for the new card, none twice


def _fail_first_inserts(
    url: str, times: int, errcode: str, table: str = "review", after: int = 0
) -> None:
    """Make the server roll back inserts ``after + 1 .. after + times`` into ``table`` with
    ``errcode`` (a sequence counts them: it is not rolled back with the transaction)."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE SEQUENCE fail_count")
        conn.exec_driver_sql(
            "CREATE FUNCTION fail_first() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "DECLARE n bigint := nextval('fail_count'); BEGIN "
            f"IF n > {after} AND n <= {after + times} THEN "
            f"RAISE EXCEPTION 'simulated conflict' USING ERRCODE = '{errcode}'; END IF; "
            "RETURN NEW; END $$"
        )
        conn.exec_driver_sql(
            f"CREATE TRIGGER fail_first BEFORE INSERT ON {table} FOR EACH ROW "
            "EXECUTE FUNCTION fail_first()"
        )
    engine.dispose()


def test_an_answer_rolled_back_by_a_serialization_failure_or_deadlock_is_retried(
    pg_url: str, class_decks: Path
) -> None:
    with Repository.open(pg_url, profile="ana", clock=lambda: NOW, fuzz=False) as repo:
        sync_decks(repo, [class_decks])
        _fail_first_inserts(pg_url, 2, "40001")
        repo.record_answer(
            "a0", now=NOW, mode=Mode.STUDY, answer='"x"', score=1.0, proposed=Rating.GOOD
        )
        assert len(repo.reviews()) == 1
        assert repo.state("a0").reps == 1


def test_other_database_errors_are_not_retried(pg_url: str, class_decks: Path) -> None:
    import pytest
    from sqlalchemy.exc import DBAPIError

    with Repository.open(pg_url, profile="ana", clock=lambda: NOW, fuzz=False) as repo:
        sync_decks(repo, [class_decks])
        _fail_first_inserts(pg_url, 1, "23505")  # a unique violation is a bug, not contention
        with pytest.raises(DBAPIError, match="simulated conflict"):
            repo.record_answer(
                "a0", now=NOW, mode=Mode.STUDY, answer='"x"', score=1.0, proposed=Rating.GOOD
            )
        assert repo.reviews() == [] and repo.state("a0").reps == 0


def test_a_deck_sync_rolled_back_by_a_deadlock_is_retried_and_counted_once(
    pg_url: str, class_decks: Path
) -> None:
    with Repository.open(pg_url, profile="ana", clock=lambda: NOW, fuzz=False) as repo:
        _fail_first_inserts(pg_url, 1, "40P01", table="card", after=1)  # one card in
        report = sync_decks(repo, [class_decks])
        assert (report.added, report.updated) == (4, 0)
        assert len(repo.cards()) == 4
