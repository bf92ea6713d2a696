"""CSV/TSV import (plain rows and header rows, bad rows listed by line) and the round trip."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from instructor_helpers import DECK, all_cards, cloze

from cyberquiz.convert import ConvertError, content_id
from cyberquiz.convert.csvdeck import EXPORT_COLUMNS, cards_to_csv, parse_csv, read_csv
from cyberquiz.core.cards import (
    ChoiceCard,
    DateCard,
    FlipCard,
    MatchCard,
    MultiCard,
    OrderCard,
    PartialDate,
    TrueFalseCard,
    TypedCard,
)


def _csv_id(question: str, file: str = "<csv>") -> str:
    return content_id("csv", f"{file}\n{question}", label=question)


def test_plain_front_back_tags_rows_are_flip_cards() -> None:
    text = 'EC3?,European Cybercrime Centre,bodies eu\n"A, with comma",B\n'
    result = parse_csv(text, deck_id="d")
    assert result.cards == [
        FlipCard(
            id=_csv_id("EC3?"),
            deck_id="d",
            front="EC3?",
            back="European Cybercrime Centre",
            tags=("bodies", "eu"),
        ),
        FlipCard(id=_csv_id("A, with comma"), deck_id="d", front="A, with comma", back="B"),
    ]
    assert result.skipped == []


def test_header_row_names_columns_of_every_kind() -> None:
    text = (
        "ID,Kind,Front,Back,Options,Accept,Tags,Explain,Source\n"
        "t1,typed,What does CoE stand for?,Council of Europe,,CoE | Council,concepts,because,q\n"
        "d1,date,When?,2001-11,,,dates,,\n"
        "c1,choice,Which?,Europol,Europol | Eurojust,,,,\n"
        "m1,multi,Which ones?,a | c,a | b | c,,,,\n"
        "tf1,truefalse,ITU is a UN agency,yes,,,,,\n"
        "z1,cloze,Opened in {{Budapest}},,,,,,\n"
        "o1,order,Order them,first | second | third,,,,,\n"
        "p1,match,Pair them,Europol -> The Hague | ITU -> Geneva,,,,,\n"
        ",flip,Front,Back,,,,,\n"
    )
    result = parse_csv(text, deck_id="d")
    assert result.skipped == []
    assert result.cards[:8] == [
        TypedCard(
            id="t1",
            deck_id="d",
            prompt="What does CoE stand for?",
            answer="Council of Europe",
            accept=("CoE", "Council"),
            tags=("concepts",),
            explain="because",
            source="q",
        ),
        DateCard(
            id="d1",
            deck_id="d",
            prompt="When?",
            answer=PartialDate(2001, 11),
            precision="month",
            tags=("dates",),
        ),
        ChoiceCard(
            id="c1", deck_id="d", prompt="Which?", options=("Europol", "Eurojust"), answer=0
        ),
        MultiCard(
            id="m1",
            deck_id="d",
            prompt="Which ones?",
            options=("a", "b", "c"),
            answers=frozenset({0, 2}),
        ),
        TrueFalseCard(id="tf1", deck_id="d", statement="ITU is a UN agency", answer=True),
        cloze("z1", "Opened in {{Budapest}}", deck_id_override="d"),
        OrderCard(id="o1", deck_id="d", prompt="Order them", items=("first", "second", "third")),
        MatchCard(
            id="p1",
            deck_id="d",
            prompt="Pair them",
            pairs=(("Europol", "The Hague"), ("ITU", "Geneva")),
        ),
    ]
    assert result.cards[8] == FlipCard(id=_csv_id("Front"), deck_id="d", front="Front", back="Back")


def test_header_with_prompt_and_answer_defaults_to_typed() -> None:
    result = parse_csv("prompt,answer\nQ,A\n", deck_id="d")
    assert result.cards == [TypedCard(id=_csv_id("Q"), deck_id="d", prompt="Q", answer="A")]


def test_bad_rows_are_listed_with_their_lines() -> None:
    text = (
        "kind,prompt,answer,options\n"
        'typed,"A question\nover two lines",A\n'
        "choice,Q,x,a | b\n"
        "nonsense,Q,A,\n"
        "\n"
        "truefalse,Q,maybe,\n"
        "date,Q,2001-13-01,\n"
        "typed,Q,,\n"
        "cloze,no gap here,,\n"
    )
    result = parse_csv(text, path="bad.csv", deck_id="d")
    assert len(result.cards) == 1
    assert [(s.line, s.reason) for s in result.skipped] == [
        (4, "answer 'x' is not one of the options"),
        (5, "unknown kind 'nonsense'"),
        (7, "truefalse answer 'maybe' is not true or false"),
        (8, "date answer '2001-13-01': month must be in 1..12"),
        (9, "no answer/back"),
        (10, "cloze text without a {{gap}}"),
    ]
    assert str(result.skipped[0]) == "bad.csv:4: answer 'x' is not one of the options: choice"


def test_invalid_id_is_skipped_and_duplicates_renamed() -> None:
    result = parse_csv("id,prompt,answer\nBad Id,Q,A\nsame,Q1,A\nsame,Q2,A\n", path="x.csv")
    assert [s.reason for s in result.skipped] == [
        "id 'Bad Id' is not a valid card id (a-z, 0-9, ., _, -)"
    ]
    assert [c.id for c in result.cards] == ["same", "same-2"]
    assert result.warnings[0].line == 4


@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_round_trip_of_every_kind(delimiter: str) -> None:
    cards = all_cards()
    text, lossy = cards_to_csv(cards, delimiter=delimiter)
    assert lossy == []
    assert text.splitlines()[0] == delimiter.join(EXPORT_COLUMNS)
    result = parse_csv(text, deck_id=DECK, delimiter=delimiter)
    assert result.skipped == [] and result.warnings == []
    assert result.cards == cards


def test_list_cells_with_a_pipe_are_reported() -> None:
    card = ChoiceCard(id="c", deck_id=DECK, prompt="Q", options=("a|b", "c"), answer=0)
    _, lossy = cards_to_csv([card])
    assert [s.reason for s in lossy] == [
        "contains | or -> inside a list cell; re-import will split it (c)"
    ]


def test_read_csv_rejects_non_utf8() -> None:
    with pytest.raises(ConvertError, match=r"x\.csv: not UTF-8"):
        read_csv("x.csv", b"\xff\xfeab", deck_id="d")
    assert read_csv("x.csv", "\ufeffQ,A\n".encode(), deck_id="d").cards[0].question == "Q"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("order,Q,a | b | a", "the same item twice"),
        ("match,Q,x -> 1 | x -> 2", "the same left-hand side twice"),
        ("match,Q,x -> 1 | y -> 1", "the same right-hand side twice"),
        ("match,Q,x -> 1 | y", "pair 'y' is not 'left -> right'"),
        ("order,Q,a", "fewer than two items (separate them with |)"),
        ("choice,Q,a,a", "fewer than two options (separate them with |)"),
        ("multi,Q,a | c,a | b", "answer 'c' is not one of the options"),
        ("choice,Q,a | b,a | b", "a choice card has exactly one answer"),
        ("multi,Q,|,a | b", "no answer among the options (separate several with |)"),
        ("cloze,Q {{a}} {{,,", "cloze text with an unclosed {{ or a stray }}"),
        ("cloze,Q {{a| }},,", "cloze gap {{a| }} has an empty answer"),
        ("date,Q,2001,,decade", "precision 'decade' is not year, month or day"),
    ],
)
def test_rows_the_deck_format_would_reject_are_skipped(row: str, reason: str) -> None:
    result = parse_csv("kind,prompt,answer,options,precision\n" + row + "\n", path="x.csv")
    assert result.cards == []
    assert [(s.line, s.reason) for s in result.skipped] == [(2, reason)]


_cell = st.text(alphabet="ab |->{}:", max_size=12)
_rows = st.tuples(
    st.sampled_from(
        ["flip", "typed", "date", "choice", "multi", "truefalse", "cloze", "order", "match"]
    ),
    _cell,
    st.one_of(_cell, st.sampled_from(["2001", "2001-11-23", "true", "no", "a | b"])),
    _cell,
)


@settings(max_examples=100, deadline=None)
@given(rows=st.lists(_rows, min_size=1, max_size=4))
def test_imported_rows_always_make_a_valid_deck(rows: list[tuple[str, str, str, str]]) -> None:
    """Whatever is imported is written as a deck the loader accepts, with the same cards."""
    import csv
    import dataclasses
    import io

    from cyberquiz.convert.yamlout import cards_to_yaml
    from cyberquiz.decks.loader import load_deck_bytes

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["kind", "prompt", "answer", "options"])
    writer.writerows(rows)
    result = parse_csv(out.getvalue(), deck_id="d")
    if not result.cards:
        return
    text = cards_to_yaml(result.cards, deck_id="d", title="T")
    load = load_deck_bytes("x.yaml", text.encode("utf-8"))
    assert [str(p) for p in load.problems if p.is_error] == []
    assert load.deck is not None
    assert [dataclasses.replace(c, origin=None) for c in load.deck.cards] == result.cards


def test_a_leading_quote_that_is_not_csv_quoting_is_kept() -> None:
    result = parse_csv('"Budapest" Convention\tadopted 2001\n', delimiter="\t")
    (card,) = result.cards
    assert isinstance(card, FlipCard)
    assert card.front == '"Budapest" Convention'
    assert [w.reason for w in result.warnings] == [
        "quotes do not follow CSV quoting; every quote is read as text"
    ]


def test_quizlet_text_keeps_quotes_as_written() -> None:
    result = parse_csv('"EC3"\tEuropean Cybercrime Centre\n', delimiter="\t", quoting=False)
    assert [c.question for c in result.cards] == ['"EC3"']
    assert result.warnings == []


def test_tags_with_spaces_are_kept_whole_with_commas_and_split_words_are_warned() -> None:
    result = parse_csv('Q1,A1,"Council of Europe, EU"\nQ2,A2,Council of Europe\n')
    first, second = result.cards
    assert first.tags == ("council-of-europe", "eu")
    assert second.tags == ("council", "of", "europe")
    assert [(w.line, w.reason.split(";")[0]) for w in result.warnings] == [
        (2, "tags separated by spaces, one tag per word")
    ]


def test_ids_of_the_same_question_differ_across_files() -> None:
    one = parse_csv("EC3?,Europol\n", path="week1.csv").cards[0].id
    other = parse_csv("EC3?,Europol\n", path="week2.csv").cards[0].id
    again = parse_csv("EC3?,Europol\n", path="/elsewhere/week1.csv").cards[0].id
    assert one != other and one == again
