"""The card browser's search: words, phrases, tag:/deck:/kind:/is: filters, negation."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cyberquiz.core.browse import BrowseRow, SearchError, haystack, parse_search, question_line
from cyberquiz.core.cards import ClozeCard, Gap
from cyberquiz.core.state import CardState, Phase
from support import NOW


def row(
    card_id: str, text: str, *, deck: str = "un", tags: tuple[str, ...] = (), **state: object
) -> BrowseRow:
    return BrowseRow(
        card_id=card_id,
        deck_id=deck,
        deck_title=f"The {deck.upper()} deck",
        kind="typed" if card_id.startswith("t") else "flip",
        question=text,
        tags=tags,
        state=CardState(card_id=card_id, **state),  # type: ignore[arg-type]
        last_answers=(),
        path="decks/x.yaml",
        line=1,
        haystack=haystack({"id": card_id, "front": text, "tags": list(tags), "origin": "x.yaml"}),
    )


ROWS = [
    row("f-budapest", "The Budapest Convention opened in 2001", tags=("coe", "treaties")),
    row("t-ec3", "What does EC3 stand for?", deck="eu", tags=("eu", "org-europol")),
    row("f-itu", "ITU's Global Cybersecurity Agenda", tags=("itu", "org-itu"), suspended=True),
    row("f-due", "A card due yesterday", phase=Phase.REVIEW, due=NOW - timedelta(days=1)),
    row("f-later", "A card due next week", phase=Phase.REVIEW, due=NOW + timedelta(days=7)),
    row(
        "f-buried",
        "Buried until tomorrow",
        phase=Phase.REVIEW,
        due=NOW,
        buried_until=NOW + timedelta(hours=9),
    ),
    row("f-learn", "Still learning", phase=Phase.RELEARNING, due=NOW, lapses=8, flagged=True),
]


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("", [r.card_id for r in ROWS]),
        ("budapest", ["f-budapest"]),
        ("BUDAPEST 2001", ["f-budapest"]),  # every word, any case
        ("budapest 2002", []),
        ('"due next"', ["f-later"]),  # a phrase
        ("due -next", ["f-due"]),  # negated word
        ("ec3", ["t-ec3"]),  # the id is text too
        ("x.yaml", []),  # where it was written is not its text
        ("tag:eu", ["t-ec3"]),
        ("tag:EU", ["t-ec3"]),
        ("tag:org-*", ["t-ec3", "f-itu"]),
        ("tag:org", []),  # a tag is matched whole unless it ends with *
        ("-tag:coe tag:*", ["t-ec3", "f-itu"]),
        ("deck:eu", ["t-ec3"]),
        ('deck:"the eu deck"', ["t-ec3"]),  # the title too
        ("kind:typed", ["t-ec3"]),
        ("is:new", ["f-budapest", "t-ec3", "f-itu"]),
        ("is:review", ["f-due", "f-later", "f-buried"]),
        ("is:learning", ["f-learn"]),
        ("is:due", ["f-due", "f-learn"]),  # not suspended, not buried, due by now
        ("is:suspended", ["f-itu"]),
        ("is:buried", ["f-buried"]),
        ("is:flagged", ["f-learn"]),
        ("is:leech", ["f-learn"]),
        ("-is:new -is:due", ["f-later", "f-buried"]),
        ("tag:", [r.card_id for r in ROWS]),  # still typing the tag: nothing filtered yet
        ("is:review card", ["f-due", "f-later"]),
        ("is:sus", ["f-itu"]),  # the start of a state, as it is being typed
        ("is:l", ["f-learn"]),  # learning comes before leech
        ("is:lee", ["f-learn"]),
    ],
)
def test_search(search: str, expected: list[str]) -> None:
    found = parse_search(search, NOW).run(ROWS)
    assert [ROWS[i].card_id for i in found] == expected


@pytest.mark.parametrize(
    ("search", "message"),
    [
        ("is:sleeping", "is:sleeping is not a state; try is:new, is:learning"),
        ("color:red", "color: is not a filter; use tag:, deck:, kind: or is:."),
    ],
)
def test_a_search_it_cannot_read_says_what_to_type(search: str, message: str) -> None:
    with pytest.raises(SearchError, match=message.replace(".", r"\.")):
        parse_search(search, NOW)


def test_a_word_never_matches_across_two_parts_of_a_card() -> None:
    hay = haystack({"id": "x", "prompt": "ends with un", "answer": "itu begins"})
    assert "un" in hay and "un itu" not in hay and "unitu" not in hay


def test_question_line_hides_a_clozes_answers_on_one_line() -> None:
    card = ClozeCard(
        id="c",
        deck_id="d",
        text="Signed in {{2001}}\n in {{Budapest}}",
        parts=("Signed in ", Gap(("2001",)), "\n in ", Gap(("Budapest",)), ""),
    )
    assert question_line(card) == "Signed in ___ in ___"


@pytest.mark.parametrize(
    ("before", "after", "narrows"),
    [
        ("budap", "budapest", True),  # more of a word
        ("budapest", "budapest 20", True),  # another word
        ('"due ne', '"due next"', True),
        ("budapest", "budapes", False),  # a backspace widens
        ("tag:e", "tag:eu", False),  # tags match whole: tag:eu is not within tag:e
        ("due", "due -next", False),
        ("is:new", "is:new x", False),
    ],
)
def test_typing_more_of_words_searches_only_the_rows_found(
    before: str, after: str, narrows: bool
) -> None:
    old, new = parse_search(before, NOW), parse_search(after, NOW)
    assert new.narrows(old) is narrows
    if narrows:
        within = old.run(ROWS)
        assert new.run(ROWS, within=within) == new.run(ROWS)
