"""The answering use case: grade → rating → store → undo, without a screen."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from cyberquiz.core.answers import Grade, Mode, Rating, Verdict
from cyberquiz.core.cards import Card
from cyberquiz.core.state import ReviewRecord, StoredAnswer
from cyberquiz.services import answering as answering_module
from cyberquiz.services.answering import Answering, StepKind, response_ms
from cyberquiz.services.sources import ListSource, RepositorySource
from cyberquiz.services.sync import sync_decks
from cyberquiz.storage.errors import StorageError
from cyberquiz.storage.repository import Repository
from support import NOW
from tui.cards import card_of
from tui.helpers import FIXTURES


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    repository = Repository.open(f"sqlite:///{tmp_path / 'a.db'}", profile="t", clock=lambda: NOW)
    sync_decks(repository, [FIXTURES / "kinds.yaml"])
    return repository


def test_answer_is_graded_rated_stored_and_undone(repo: Repository) -> None:
    card = repo.card("k-typed")
    service = Answering(RepositorySource(repo), NOW)
    outcome = service.answer(card, "Budapest", now=NOW, response_ms=0)
    assert outcome.grade is not None and outcome.grade.verdict is Verdict.RIGHT
    assert outcome.rating is Rating.GOOD
    assert [r.rating for r in repo.reviews(card_id=card.id)] == [Rating.GOOD]
    assert service.tally.correct == 1
    step = service.undo()
    assert step is not None and step.kind is StepKind.ANSWER
    assert repo.reviews(card_id=card.id) == []
    assert service.tally.reviewed == 0


def test_undo_takes_steps_back_in_order(repo: Repository) -> None:
    """Answer, re-rate, flag, suspend, bury: undo takes them back newest first, as Anki does."""
    typed, flip, choice = repo.card("k-typed"), repo.card("k-flip"), repo.card("k-choice")
    service = Answering(RepositorySource(repo), NOW)
    service.answer(typed, "Budapest", now=NOW, response_ms=0)
    service.rerate(Rating.EASY)
    service.toggle_flag(typed)
    service.moved_on()  # re-ratings stay part of the answer; the flag was after them
    service.suspend(flip)
    service.bury(choice, NOW)
    assert repo.state("k-choice").buried_until is not None
    kinds = []
    while (step := service.undo()) is not None:
        kinds.append(step.kind)
        if step.kind is StepKind.BURY:
            assert repo.state("k-choice").buried_until is None
        if step.kind is StepKind.SUSPEND:
            assert not repo.state("k-flip").suspended
        if step.kind is StepKind.FLAG:
            assert not repo.state("k-typed").flagged
        if step.kind is StepKind.RATING:
            assert [r.rating for r in repo.reviews(card_id="k-typed")] == [Rating.GOOD]
    assert kinds == [
        StepKind.BURY,
        StepKind.SUSPEND,
        StepKind.FLAG,
        StepKind.RATING,
        StepKind.ANSWER,
    ]
    assert repo.reviews(card_id="k-typed") == []


def test_moving_on_folds_re_ratings_into_the_answer(repo: Repository) -> None:
    typed = repo.card("k-typed")
    service = Answering(RepositorySource(repo), NOW)
    service.answer(typed, "Budapest", now=NOW, response_ms=0)
    service.rerate(Rating.HARD)
    service.moved_on()
    step = service.undo()
    assert step is not None and step.kind is StepKind.ANSWER
    assert repo.reviews(card_id="k-typed") == []


def test_flip_rated_hard_counts_like_a_typed_answer_rated_hard() -> None:
    """One rule for 'right' on every kind: any rating but Again."""
    service = Answering(ListSource([], None), NOW)
    service.rate_self(card_of("flip"), Rating.HARD, now=NOW, response_ms=0)
    service.answer(card_of("typed"), "Budapest", now=NOW, response_ms=0)
    service.rerate(Rating.HARD)
    assert [a.rating for a in service.tally.answers] == [Rating.HARD, Rating.HARD]
    assert service.tally.correct == 2


def test_an_unreadable_answer_is_sent_back_and_nothing_is_stored(
    repo: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A grade the checker marks unreadable stores nothing and comes back with its message."""
    card = repo.card("k-typed")

    def unreadable(card: Card, answer: object) -> Grade:
        return Grade(0.0, "unreadable", "Budapest", "\x00", (), "I cannot read that.")  # type: ignore[arg-type]

    monkeypatch.setattr("cyberquiz.core.grading.grade", unreadable)
    service = Answering(RepositorySource(repo), NOW)
    outcome = service.answer(card, "\x00", now=NOW, response_ms=0)
    assert outcome.sent_back == "I cannot read that."
    assert repo.reviews(card_id=card.id) == []
    assert service.steps == [] and service.tally.reviewed == 0


class FailingSource(ListSource):
    """A source whose every write fails, as a locked database would."""

    def record(self, answer: StoredAnswer) -> ReviewRecord | None:
        raise StorageError("locked")

    def suspend(self, card: Card) -> None:
        raise StorageError("locked")


def test_a_failed_write_changes_nothing() -> None:
    service = Answering(FailingSource([], None), NOW)
    with pytest.raises(StorageError):
        service.answer(card_of("typed"), "Budapest", now=NOW, response_ms=0)
    with pytest.raises(StorageError):
        service.suspend(card_of("typed"))
    assert service.steps == [] and service.tally.reviewed == 0


def test_practice_stores_without_moving_the_schedule(repo: Repository) -> None:
    card = repo.card("k-choice")
    service = Answering(ListSource([card], repo, Mode.PRACTICE), NOW)
    service.answer(card, 0, now=NOW, response_ms=0)
    [review] = repo.reviews(card_id=card.id)
    assert review.mode is Mode.PRACTICE
    assert repo.state(card.id).reps == 0


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [(None, 0), (-5, 0), (2.5, 2500), (3600, answering_module.MAX_RESPONSE_MS)],
)
def test_response_ms(seconds: float | None, expected: int) -> None:
    from datetime import timedelta

    shown = None if seconds is None else NOW - timedelta(seconds=seconds)
    assert response_ms(shown, NOW) == expected


def test_rng_is_unused() -> None:
    """Answering draws nothing at random (the screens shuffle with the app's rng)."""
    state = random.getstate()
    Answering(ListSource([], None), NOW).answer(card_of("typed"), "x", now=NOW, response_ms=0)
    assert random.getstate() == state


def test_an_answer_dated_before_the_last_one_comes_back_with_a_notice(repo: Repository) -> None:
    """The clock went back an hour: the answer is dated at the last one, and the outcome says so."""
    from datetime import timedelta

    card = repo.card("k-typed")
    repo.record_answer(
        card.id, now=NOW + timedelta(hours=1), mode=Mode.STUDY, answer='"x"', score=0,
        proposed=Rating.AGAIN,
    )  # fmt: skip
    service = Answering(RepositorySource(repo), NOW)
    outcome = service.answer(card, "Budapest", now=NOW, response_ms=0)
    assert outcome.clock_behind == timedelta(hours=1)
    assert outcome.clock_notice is not None and "clock is 1 h behind" in outcome.clock_notice
    assert repo.reviews(card_id=card.id)[-1].at == NOW + timedelta(hours=1)
    on_time = service.answer(card, "Budapest", now=NOW + timedelta(hours=2), response_ms=0)
    assert on_time.clock_behind is None and on_time.clock_notice is None


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (0.2, "1 s"),
        (59, "59 s"),
        (60, "1 min"),
        (7199, "1 h"),
        (86_400, "1 day"),
        (3 * 86_400, "3 days"),
    ],
)
def test_how_far_behind_is_said(seconds: float, said: str) -> None:
    from datetime import timedelta

    assert answering_module._duration(timedelta(seconds=seconds)) == said
