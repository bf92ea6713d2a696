"""Options with credit in a deck file: the cards they make and the hash that tracks them."""

from __future__ import annotations

from pathlib import Path

from cyberquiz.core.cards import ChoiceCard, MultiCard
from cyberquiz.decks import load_deck_file
from cyberquiz.decks.loader import load_deck_bytes

FIXTURE = Path(__file__).parent / "fixtures" / "valid" / "credits.yaml"
HEAD = "format: 1\nid: credits\ntitle: Credits\ncards:\n"


def test_the_credits_written_are_the_cards_credits() -> None:
    half, no_answer, weights, thirds = load_deck_file(FIXTURE).require().cards
    assert isinstance(half, ChoiceCard) and isinstance(no_answer, ChoiceCard)
    assert (half.answer, half.credits) == (0, (1.0, 0.5, -0.25, 0.0))
    # without answer:, the option with credit 1 is the answer
    assert (no_answer.answer, no_answer.credits) == (0, (1.0, 0.3333333, 0.0))
    assert isinstance(weights, MultiCard) and isinstance(thirds, MultiCard)
    assert weights.answers == frozenset({0, 1, 2})
    assert weights.credits == (0.5, 0.25, 0.25, -1.0, 0.0)
    assert thirds.answers == frozenset({0, 1, 2})


def test_credits_that_change_nothing_leave_the_card_as_before() -> None:
    written = load_deck_bytes(
        "c.yaml",
        (
            HEAD + "  - id: c\n    kind: choice\n    prompt: P?\n"
            "    options: [{text: A, credit: 1}, {text: B, credit: 0}]\n"
            "  - id: m\n    kind: multi\n    prompt: P?\n"
            "    options: [{text: A, credit: 0.5}, {text: B, credit: 0.5},"
            " {text: C, credit: -0.5}]\n"
        ).encode(),
    ).require()
    plain = load_deck_bytes(
        "p.yaml",
        (
            HEAD
            + "  - id: c\n    kind: choice\n    prompt: P?\n    options: [A, B]\n    answer: A\n"
            "  - id: m\n    kind: multi\n    prompt: P?\n    options: [A, B, C]\n"
            "    answers: [A, B]\n"
        ).encode(),
    ).require()
    assert [c.credits for c in written.cards] == [(), ()]  # type: ignore[union-attr]
    assert [(c.answer if isinstance(c, ChoiceCard) else c.answers) for c in written.cards] == [
        0,
        frozenset({0, 1}),
    ]
    assert [c.credits for c in plain.cards] == [(), ()]  # type: ignore[union-attr]


def test_the_card_hash_ignores_the_key_order_of_an_option_but_not_its_credit() -> None:
    def card_hash(option: str) -> str:
        text = (
            HEAD + "  - id: c\n    kind: choice\n    prompt: P?\n"
            f"    options: [A, {option}]\n    answer: A\n"
        )
        return load_deck_bytes("c.yaml", text.encode()).require().card_hashes["c"]

    assert card_hash("{text: B, credit: 0.5}") == card_hash("{credit: 0.5, text: B}")
    assert card_hash("{text: B, credit: 0.5}") != card_hash("{text: B, credit: 0.25}")
