"""Deck sync: edits keep progress, removal retires, return restores, failures change nothing."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

import cyberquiz.decks.loader as loader
from cyberquiz.core.answers import Mode, Rating
from cyberquiz.core.state import Phase
from cyberquiz.services.sync import sync_decks
from cyberquiz.storage.repository import Repository
from support import NOW, write_deck


def study(repo: Repository, card_id: str) -> None:
    repo.record_answer(
        card_id, now=NOW, mode=Mode.STUDY, answer="null", score=1.0, proposed=Rating.EASY
    )


def snapshot(repo: Repository) -> tuple[object, ...]:
    from sqlalchemy import text

    with repo.engine.connect() as conn:
        return tuple(
            tuple(conn.execute(text(f"SELECT * FROM {t} ORDER BY 1, 2")).all())
            for t in ("deck", "card", "card_tag", "card_state", "review")
        )


def test_first_sync_adds_then_unchanged_files_are_not_parsed(
    repo: Repository, decks_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = sync_decks(repo, [decks_dir])
    assert (first.added, first.parsed_files, first.unchanged_files) == (8, 2, 0)

    def boom(*args: object, **kwargs: object) -> object:
        raise AssertionError("an unchanged deck file was parsed")

    monkeypatch.setattr(loader, "load_deck_bytes", boom)
    again = sync_decks(repo, [decks_dir])
    assert (again.added, again.updated, again.parsed_files, again.unchanged_files) == (0, 0, 0, 2)
    assert not again.changed


def test_edit_keeps_progress(synced: Repository, decks_dir: Path) -> None:
    study(synced, "a0")
    before = synced.state("a0")
    write_deck(
        decks_dir,
        "a.yaml",
        "alpha",
        [("a0", "edited front", "edited back")]
        + [(f"a{i}", f"front {i}", f"back {i}") for i in range(1, 5)],
        tags=("dates",),
    )
    report = sync_decks(synced, [decks_dir])
    assert (report.updated, report.added, report.retired, report.unchanged_files) == (1, 0, 0, 1)
    assert synced.card("a0").front == "edited front"  # type: ignore[union-attr]
    assert synced.state("a0") == before
    assert len(synced.reviews(card_id="a0")) == 1


def test_removal_retires_and_return_restores_progress(synced: Repository, decks_dir: Path) -> None:
    study(synced, "a0")
    progress = synced.state("a0")
    write_deck(
        decks_dir, "a.yaml", "alpha", [(f"a{i}", f"front {i}", f"back {i}") for i in range(1, 5)]
    )
    report = sync_decks(synced, [decks_dir])
    assert report.retired == 1
    assert "a0" not in {c.id for c in synced.cards()}
    assert synced.next_card(progress.due + timedelta(days=1)).id != "a0"  # type: ignore[operator]
    assert [r.card_id for r in synced.reviews()] == ["a0"]  # history stays

    write_deck(
        decks_dir, "a.yaml", "alpha", [(f"a{i}", f"front {i}", f"back {i}") for i in range(5)]
    )
    report = sync_decks(synced, [decks_dir])
    assert report.restored == 1
    assert synced.state("a0") == progress
    assert "a0" in {c.id for c in synced.cards()}


def test_card_moved_to_another_deck_keeps_progress(synced: Repository, decks_dir: Path) -> None:
    study(synced, "a0")
    write_deck(
        decks_dir, "a.yaml", "alpha", [(f"a{i}", f"front {i}", f"back {i}") for i in range(1, 5)]
    )
    write_deck(decks_dir, "b.yaml", "beta", [("a0", "front 0", "back 0"), ("b0", "q 0", "r 0")])
    report = sync_decks(synced, [decks_dir])
    assert not report.failed_files, report.problems
    assert synced.card("a0").deck_id == "beta"
    assert synced.state("a0").phase == Phase.REVIEW
    assert report.retired == 2  # b1, b2


def test_deleted_deck_file_retires_its_deck(synced: Repository, decks_dir: Path) -> None:
    (decks_dir / "b.yaml").unlink()
    report = sync_decks(synced, [decks_dir])
    assert report.retired == 3
    assert [d.id for d in synced.decks()] == ["alpha"]


def test_decks_outside_the_synced_folders_are_left_alone(
    synced: Repository, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    write_deck(other, "c.yaml", "gamma", [("c0", "x", "y")])
    report = sync_decks(synced, [other])
    assert report.added == 1 and report.retired == 0
    assert [d.id for d in synced.decks()] == ["alpha", "beta", "gamma"]


def test_id_collision_across_files_fails_that_file_only(
    synced: Repository, decks_dir: Path
) -> None:
    before = snapshot(synced)
    write_deck(decks_dir, "c.yaml", "gamma", [("c0", "x", "y"), ("a1", "dup", "dup")])
    report = sync_decks(synced, [decks_dir])
    assert report.failed_files == [str((decks_dir / "c.yaml").resolve())]
    assert any("a1" in p.message and "a.yaml" in p.message for p in report.problems)
    assert snapshot(synced) == before
    # A second deck file with an existing deck id is refused too.
    (decks_dir / "c.yaml").unlink()
    write_deck(decks_dir, "d.yaml", "beta", [("d0", "x", "y")])
    report = sync_decks(synced, [decks_dir])
    assert report.failed_files == [str((decks_dir / "d.yaml").resolve())]
    assert any("deck id 'beta'" in p.message for p in report.problems)
    assert snapshot(synced) == before


def test_failing_deck_is_skipped_and_nothing_stored_for_it_changes(
    synced: Repository, decks_dir: Path
) -> None:
    study(synced, "a0")
    before_a = (synced.cards(deck_ids=["alpha"]), synced.states([f"a{i}" for i in range(5)]))
    (decks_dir / "a.yaml").write_text("format: 1\nid: alpha\ncards: [", encoding="utf-8")
    write_deck(decks_dir, "b.yaml", "beta", [("b0", "q 0", "changed"), ("b9", "new", "card")])
    report = sync_decks(synced, [decks_dir])
    assert report.failed_files == [str((decks_dir / "a.yaml").resolve())]
    assert report.problems and all(p.path.endswith("a.yaml") for p in report.problems)
    assert (report.added, report.updated, report.retired) == (1, 1, 2)
    assert (
        synced.cards(deck_ids=["alpha"]),
        synced.states([f"a{i}" for i in range(5)]),
    ) == before_a
    # The failing file is parsed again next time (its stored hash did not move).
    write_deck(decks_dir, "a.yaml", "alpha", [("a0", "front 0", "back 0")])
    report = sync_decks(synced, [decks_dir])
    assert not report.failed_files and report.retired == 4


def test_missing_path_is_reported(repo: Repository, tmp_path: Path) -> None:
    report = sync_decks(repo, [tmp_path / "nowhere"])
    assert report.failed_files and "no such file" in report.problems[0].message


def test_new_cards_get_a_state_for_every_profile(synced: Repository, decks_dir: Path) -> None:
    other = Repository.open(str(synced.engine.url), profile="ben", clock=lambda: NOW, fuzz=False)
    try:
        write_deck(decks_dir, "c.yaml", "gamma", [("c0", "x", "y")])
        sync_decks(synced, [decks_dir])
        assert other.next_card(NOW, deck_ids=["gamma"]).id == "c0"
        assert other.state("c0").phase == Phase.NEW
    finally:
        other.close()
