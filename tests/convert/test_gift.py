"""GIFT import (every question type, edge cases, skipped questions) and the export round trip."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from instructor_helpers import DECK, FIXTURES, cloze, gift_cards, non_gift_cards

from cyberquiz.convert import ConvertError, Skipped
from cyberquiz.convert.gift import parse_gift, read_gift
from cyberquiz.convert.giftout import cards_to_gift
from cyberquiz.core.cards import (
    ChoiceCard,
    ClozeCard,
    DateCard,
    Gap,
    MatchCard,
    MultiCard,
    NumberCard,
    PartialDate,
    TrueFalseCard,
    TypedCard,
)
from cyberquiz.core.grading import grade

FIXTURE = FIXTURES / "all_types.gift"


def _import(text: str) -> list:
    return parse_gift(text, path="t.gift", deck_id="d").cards


def test_every_question_type_imports_exactly() -> None:
    result = parse_gift(FIXTURE.read_text("utf-8"), path="all_types.gift", deck_id="d")
    dates, bodies = ("dates",), ("bodies",)
    assert result.cards == [
        DateCard(
            id="gift-budapest-opened-8bf43a",
            deck_id="d",
            tags=dates,
            prompt="When was the Convention on Cybercrime opened for signature?",
            answer=PartialDate(2001),
            precision="year",
        ),
        NumberCard(
            id="gift-members-beec79",
            deck_id="d",
            tags=dates,
            explain="Close enough counts.",
            prompt="How many states had ratified by the cut-off?",
            answer=Decimal(68),
            tolerance=Decimal(2),
        ),
        NumberCard(
            id="gift-range-24044a",
            deck_id="d",
            tags=dates,
            prompt="In which decade-range was the first UN resolution adopted?",
            answer=Decimal(2000),
            range=(Decimal(1995), Decimal(2005)),
        ),
        NumberCard(
            id="gift-decimal-a168fc",
            deck_id="d",
            tags=dates,
            prompt="What share of states ratified?",
            answer=Decimal("0.35"),
            tolerance=Decimal("0.05"),
        ),
        ChoiceCard(
            id="gift-ec3-def1a7",
            deck_id="d",
            tags=bodies,
            explain="EC3 was set up in 2013 within Europol.",
            prompt="Which body runs the European Cybercrime Centre?",
            options=("Europol", "Eurojust", "ENISA"),
            answer=0,
        ),
        MultiCard(
            id="gift-regional-11d964",
            deck_id="d",
            tags=bodies,
            prompt="Which of these are regional organizations?",
            options=("Council of Europe", "African Union", "ITU"),
            answers=frozenset({0, 1}),
            credits=(0.5, 0.5, -1.0),  # ~%-100%ITU: a wrong pick costs it all, as in Moodle
        ),
        TrueFalseCard(
            id="gift-itu-agency-dd53cc",
            deck_id="d",
            tags=bodies,
            statement="The ITU is a specialized agency of the UN.",
            answer=True,
        ),
        TrueFalseCard(
            id="gift-nato-treaty-3b66d1",
            deck_id="d",
            tags=bodies,
            explain="It did not.",
            statement="NATO adopted a cybercrime convention.",
            answer=False,
        ),
        TypedCard(
            id="gift-abbrev-a3993b",
            deck_id="d",
            tags=bodies,
            prompt="What does CoE stand for?",
            answer="Council of Europe",
            accept=("CoE council",),
        ),
        MatchCard(
            id="gift-pairs-46ee86",
            deck_id="d",
            tags=bodies,
            prompt="Match each body to its city.",
            pairs=(("Europol", "The Hague"), ("ITU", "Geneva"), ("Interpol", "Lyon")),
        ),
        ClozeCard(
            id="gift-the-convention-on-cybercrime-was-a1bf1a",
            deck_id="d",
            tags=bodies,
            text="The Convention on Cybercrime was opened for signature in "
            "{{Budapest|Budapešt}} in 2001.",
            parts=(
                "The Convention on Cybercrime was opened for signature in ",
                Gap(answers=("Budapest", "Budapešt")),
                " in 2001.",
            ),
        ),
        ClozeCard(
            id="gift-the-itu-has-its-seat-b171e0",
            deck_id="d",
            tags=bodies,
            text="The ITU has its seat in {{Geneva::Geneva / Paris / Vienna}} since 1948.",
            parts=(
                "The ITU has its seat in ",
                Gap(answers=("Geneva",), hint="Geneva / Paris / Vienna"),
                " since 1948.",
            ),
        ),
        TypedCard(
            id="custom-id-1",
            deck_id="d",
            tags=("bodies", "escape", "special-chars"),
            explain="yes # too",
            prompt="Which characters are special in GIFT: ~, =, #, { and }?",
            answer="all of them",
        ),
        NumberCard(
            id="gift-answer-with-a-very-wide-39f704",
            deck_id="d",
            tags=bodies,
            prompt="Answer with a very wide range",
            answer=Decimal("50.5"),
            range=(Decimal(1), Decimal(100)),
        ),
        TrueFalseCard(
            id="gift-is-interpol-europol-the-0ae130",
            deck_id="d",
            tags=bodies,
            statement="Is Interpol & Europol the same?",
            answer=False,
        ),
        DateCard(
            id="gift-date-written-as-text-97c815",
            deck_id="d",
            tags=bodies,
            prompt="Date written as text",
            answer=PartialDate(2001, 11, 23),
            precision="day",
        ),
    ]
    assert result.warnings == []


def test_unrepresentable_questions_are_listed_with_their_lines() -> None:
    result = parse_gift(FIXTURE.read_text("utf-8"), path="all_types.gift", deck_id="d")
    assert [(s.line, s.reason) for s in result.skipped] == [
        (48, "essay question cannot be represented"),
        (50, "description (no answer) cannot be represented"),
        (52, "answer block is not closed with }"),
    ]
    assert str(result.skipped[0]) == (
        "all_types.gift:48: essay question cannot be represented: "
        "Explain the principle of sovereignty in cyberspace."
    )
    lines = FIXTURE.read_text("utf-8").splitlines()
    assert lines[47].startswith("[markdown]Explain")  # line 48 is the essay


@pytest.mark.parametrize(
    ("block", "bounds"),
    [
        ("{#68}", ("68", "68")),
        ("{#3.14}", ("3.14", "3.14")),
        ("{#1945:2}", ("1943", "1947")),
        ("{#1944..1946}", ("1944", "1946")),
        ("{#1944..1945}", ("1944", "1945")),
        ("{#3.14:0.01}", ("3.13", "3.15")),
        ("{#1..100}", ("1", "100")),
        ("{#=%50%12}", ("12", "12")),
    ],
)
def test_numerical_answers_are_number_cards(block: str, bounds: tuple[str, str]) -> None:
    """Moodle's tolerance and ranges exactly (1944.5 is right for {#1945:2}, as in Moodle)."""
    (card,) = _import(f"Q? {block}")
    assert isinstance(card, NumberCard)
    assert card.bounds == (Decimal(bounds[0]), Decimal(bounds[1]))


@pytest.mark.parametrize("block", ["{#1945}", "{#=1945:0 =%50%1940..1950}", "{#=1945 =1946}"])
def test_an_exact_whole_year_is_a_date_card(block: str) -> None:
    (card,) = _import(f"Q? {block}")
    assert isinstance(card, DateCard)
    assert card.answer == PartialDate(1945) and card.precision == "year"


@pytest.mark.parametrize(
    ("block", "reason"),
    [
        ("{#abc}", "numerical answer 'abc' is not a number"),
        ("{#=%0%12}", "numerical question without a right answer"),
        ("{}", "essay question cannot be represented"),
        ("{~a ~b}", "multiple choice without a right answer"),
        ("{=a -> b}", "matching question with fewer than two pairs"),
    ],
)
def test_questions_that_cannot_be_represented(block: str, reason: str) -> None:
    result = parse_gift(f"// comment\n\nQ? {block}", path="t.gift")
    assert result.cards == []
    assert [(s.line, s.reason) for s in result.skipped] == [(3, reason)]


def test_escaped_characters_everywhere() -> None:
    (card,) = _import(r"::T\:1::a \~ b \= c \# d \{ e \} f \: g \\ h\nnext {=x\=y#fb \# here}")
    assert isinstance(card, TypedCard)
    assert card.prompt == "a ~ b = c # d { e } f : g \\ h\nnext"
    assert card.answer == "x=y"
    assert card.explain == "fb # here"
    assert card.id.startswith("gift-t-1-")


def test_feedback_becomes_explain() -> None:
    general, right_fb, tf_wrong, tf_right = _import(
        "Q1 {=a#right one ~b#wrong one ####general}\n\n"
        "Q2 {=a#right one ~b#wrong one}\n\n"
        "Q3 {T#explains the truth#well done}\n\n"
        "Q4 {F##only when right}"
    )
    assert general.explain == "general"
    assert right_fb.explain == "right one"
    assert tf_wrong.explain == "explains the truth"
    assert tf_right.explain == "only when right"


def test_categories_comments_and_tags() -> None:
    text = (
        "$CATEGORY: $course$/top/Dates/Budapest Convention\n\n"
        "// [tag:Council of Europe] [tag:un]\n"
        "Q1 {T}\n\n"
        "$CATEGORY: $course$/People\n"
        "Q2 {T}\n"
    )
    q1, q2 = _import(text)
    assert q1.tags == ("dates", "budapest-convention", "council-of-europe", "un")
    assert q2.tags == ("people",)


def test_comment_lines_inside_a_question_and_multiline_blocks() -> None:
    (card,) = _import(
        "::Multi line::Which body\n// not part of the text\nruns EC3? {\n=Europol\n~Eurojust\n}"
    )
    assert isinstance(card, ChoiceCard)
    # Moodle's default format shows a line break where the file has one.
    assert card.prompt == "Which body\nruns EC3?"
    assert card.options == ("Europol", "Eurojust")


def test_format_markers() -> None:
    md, html_card, plain = _import(
        "[markdown]*Bold* claim {T}\n\n"
        "::H::[html]<p>A &amp; B<br>second line</p> {F}\n\n"
        "[plain]Plain {T}"
    )
    assert md.question == "Bold claim"
    assert html_card.question == "A & B\nsecond line"
    assert plain.question == "Plain"


def test_weights_decide_choice_or_multi() -> None:
    one_right, multi, partial = _import(
        "Q1 {~%100%a ~b ~c}\n\nQ2 {~%50%a ~%50%b ~%-50%c}\n\nQ3 {=a ~%50%b ~c}"
    )
    # Moodle: no "=" makes a multiple-answer question, even with one right option (ticking a
    # 0% option as well costs nothing there)
    assert isinstance(one_right, MultiCard) and one_right.answers == frozenset({0})
    assert one_right.credits == (1.0, 0.0, 0.0)
    assert isinstance(multi, MultiCard) and multi.answers == frozenset({0, 1})
    assert multi.credits == (), "±1/2 is how a multi card scores without credits"
    # Moodle: an "=" makes it single-answer; "%50%" is partial credit, not a second right answer.
    assert isinstance(partial, ChoiceCard) and partial.answer == 0
    assert partial.credits == (1.0, 0.5, 0.0)


def test_moodle_partial_credit_example_keeps_its_answer_key_and_its_credit() -> None:
    """Moodle's documented ``{~wrong answer ~%50%half credit answer =full credit answer}``."""
    result = parse_gift(
        "Q {~wrong answer ~%50%half credit answer =full credit answer}", path="t.gift"
    )
    (card,) = result.cards
    assert isinstance(card, ChoiceCard)
    assert card.options[card.answer] == "full credit answer"
    assert card.credits == (0.0, 0.5, 1.0)
    assert grade(card, 1).score == 0.5
    assert result.warnings == []


@pytest.mark.parametrize(
    ("gift", "credits"),
    [
        ("{=a =b ~c}", (1.0, 1.0, 0.0)),  # every "=" is fully right in Moodle
        ("{=a ~%-25%b ~c}", (1.0, -0.25, 0.0)),  # a penalty
        ("{=a ~%33.33333%b ~c}", (1.0, 0.3333333, 0.0)),
    ],
)
def test_single_answer_weights_are_kept_as_credits(gift: str, credits: tuple[float, ...]) -> None:
    (card,) = _import("Q " + gift)
    assert isinstance(card, ChoiceCard) and (card.answer, card.credits) == (0, credits)


def test_multi_answer_weights_are_kept_as_they_are() -> None:
    (card,) = _import("Q {~%70%a ~%30%b ~%-100%c ~d}")
    assert isinstance(card, MultiCard) and card.answers == frozenset({0, 1})
    assert card.credits == (0.7, 0.3, -1.0, 0.0), "not made equal"
    assert grade(card, frozenset({0})).score == 0.7
    assert grade(card, frozenset({0, 1, 3})).score == 1.0
    assert grade(card, frozenset({1, 2})).score == 0.0


def test_weights_past_a_hundred_percent_are_cut_with_a_warning() -> None:
    result = parse_gift("Q {=a ~%150%b ~%-200%c}", path="t.gift")
    (card,) = result.cards
    assert isinstance(card, ChoiceCard) and card.credits == (1.0, 1.0, -1.0)
    assert [w.reason for w in result.warnings] == [
        "weight 150% is taken as 100%",
        "weight -200% is taken as -100%",
    ]


def test_lossy_conversions_are_warned_about() -> None:
    result = parse_gift(
        "Q1 {=a =%50%b}\n\nQ2 {=x -> 1 =y -> 2 = -> 3}\n\nQ3 {~%50%a ~b}", path="t.gift"
    )
    assert [(w.line, w.reason) for w in result.warnings] == [
        (1, "partial-credit answers not kept: b"),
        (3, "extra right-hand answer '3' not kept"),
    ]
    assert len(result.cards) == 2
    # Moodle's editor refuses multiple answers whose positive weights cannot reach 100%
    assert [(s.line, s.reason) for s in result.skipped] == [
        (
            5,
            "multiple answers whose weights above 0 add up to 50%: picking every right option "
            "never gives full marks",
        )
    ]


def test_missing_word_with_several_right_options_is_skipped() -> None:
    result = parse_gift("It is {~%50%a ~%50%b ~c} here.", path="t.gift")
    assert result.cards == []
    assert result.skipped[0].reason == (
        "missing word with several right options cannot be represented"
    )


def test_missing_word_spacing_and_punctuation() -> None:
    (card,) = _import("Opened in {=Budapest}.")
    assert isinstance(card, ClozeCard)
    assert card.text == "Opened in {{Budapest}}."


def test_reimport_gives_the_same_ids_and_titles_keep_ids_across_edits() -> None:
    text = "::Budapest::When was it opened? {#2001}\n\nWhat is EC3? {=a centre}"
    first = [c.id for c in _import(text)]
    assert first == [c.id for c in _import(text)]
    edited = [c.id for c in _import(text.replace("When was it", "When was the treaty"))]
    assert edited[0] == first[0]
    assert first[0].startswith("gift-budapest-")
    assert first[1].startswith("gift-what-is-ec3-")


def test_ids_differ_across_files_and_categories_and_stay_across_reimports() -> None:
    """Two quizzes that each have ``::Q1::`` are two questions (issue 15, item 3)."""
    quiz = "::Q1::What is EC3? {=a centre}"

    def card_id(text: str, path: str) -> str:
        return parse_gift(text, path=path).cards[0].id

    assert card_id(quiz, "week1.gift") == card_id(quiz, "/elsewhere/week1.gift")
    assert card_id(quiz, "week1.gift") != card_id(quiz, "week2.gift")
    in_category = "$CATEGORY: $course$/top/Bodies\n\n" + quiz
    other_category = "$CATEGORY: $course$/top/Dates\n\n" + quiz
    assert card_id(in_category, "w.gift") != card_id(other_category, "w.gift")
    assert card_id(quiz.replace("::Q1::", ""), "w.gift") != card_id(
        quiz.replace("::Q1::", "").replace("EC3", "ENISA"), "w.gift"
    )


def test_duplicate_ids_are_renamed_with_a_warning() -> None:
    result = parse_gift("::Same::Q1 {T}\n\n::Same::Q2 {F}", path="t.gift")
    ids = [c.id for c in result.cards]
    assert ids == [ids[0], ids[0] + "-2"]
    assert result.warnings == [
        Skipped("t.gift", 3, f"duplicate id {ids[0]!r} renamed to {ids[0] + '-2'!r}")
    ]


def test_invalid_id_comment_falls_back_to_a_content_id() -> None:
    result = parse_gift("// [id:Not Valid]\n::T::Q {T}", path="t.gift")
    assert result.cards[0].id.startswith("gift-t-")
    assert "is not a valid card id" in result.warnings[0].reason


def test_read_gift_handles_bom_crlf_and_rejects_binary() -> None:
    data = "\ufeff::A::Q1 {T}\r\n\r\n::B::Q2 {F}\r\n".encode()
    result = read_gift("x.gift", data, deck_id="d")
    assert [c.question for c in result.cards] == ["Q1", "Q2"]
    with pytest.raises(ConvertError, match=r"x\.gift: not UTF-8"):
        read_gift("x.gift", b"\xff\xfe\x00bad", deck_id="d")


# --- export and round trip ----------------------------------------------------------------------


def test_round_trip_export_then_import_gives_the_same_cards() -> None:
    cards = gift_cards()
    text, skipped = cards_to_gift(cards)
    assert skipped == []
    result = parse_gift(text, path="out.gift", deck_id=DECK)
    assert result.skipped == [] and result.warnings == []
    assert result.cards == cards


CREDITED = [
    ChoiceCard(
        id="choice-credit",
        deck_id=DECK,
        prompt="Who adopted the Convention on Cybercrime?",
        options=("Committee of Ministers", "Council of Europe", "European Union", "UN"),
        answer=0,
        credits=(1.0, 0.5, -0.25, 0.0),
    ),
    ChoiceCard(
        id="choice-two-keys",
        deck_id=DECK,
        prompt="Where is the ITU?",
        options=("Geneva", "Genève", "Paris"),
        answer=0,
        credits=(1.0, 1.0, 0.0),
    ),
    MultiCard(
        id="multi-weights",
        deck_id=DECK,
        prompt="Which are regional bodies?",
        options=("Council of Europe", "African Union", "ASEAN", "ITU", "UNODC"),
        answers=frozenset({0, 1, 2}),
        credits=(0.5, 0.25, 0.25, -1.0, 0.0),
    ),
    MultiCard(
        id="multi-thirds",
        deck_id=DECK,
        prompt="Which are treaties?",
        options=("Budapest", "Malabo", "Hanoi", "Tallinn Manual"),
        answers=frozenset({0, 1, 2}),
        credits=(0.3333333, 0.3333333, 0.3333333, 0.0),
    ),
]


def test_credits_round_trip_as_moodle_weights() -> None:
    text, skipped = cards_to_gift(CREDITED)
    assert skipped == []
    assert (
        "\t=Committee of Ministers\n\t~%50%Council of Europe\n\t~%-25%European Union\n\t~UN\n"
        in text
    )
    # a second key is ~%100%: a block of "=" alone would be a short answer in Moodle
    assert "\t=Geneva\n\t~%100%Genève\n\t~Paris\n" in text
    assert (
        "\t~%50%Council of Europe\n\t~%25%African Union\n\t~%25%ASEAN\n\t~%-100%ITU\n\t~UNODC\n"
        in text
    )
    assert text.count("~%33.33333%") == 3
    result = parse_gift(text, path="out.gift", deck_id=DECK)
    assert result.skipped == [] and result.warnings == []
    assert result.cards == CREDITED
    assert [grade(c, 1).score for c in result.cards[:2]] == [0.5, 1.0]


def test_round_trip_of_awkward_text() -> None:
    card = TypedCard(
        id="awkward",
        deck_id=DECK,
        prompt="// not a comment: {a} ~b =c #d \\e ::f:: [html]<b>",
        answer="x - > y",
        accept=("a{b}c",),
        explain="line 1\nline 2 ####",
        source="quote: «{}»",
        note="n",
        tags=("t1", "t2"),
    )
    text, _ = cards_to_gift([card])
    assert parse_gift(text, deck_id=DECK).cards == [card]


def test_kinds_without_a_gift_form_are_listed() -> None:
    text, skipped = cards_to_gift(non_gift_cards(), path="demo.yaml")
    assert text == ""
    assert [s.reason for s in skipped] == [
        "flip card has no GIFT form (flip-1)",
        "order card has no GIFT form (order-1)",
        "cloze card with more than one gap has no GIFT form (cloze-2)",
    ]
    assert skipped[0].path == "demo.yaml"


def test_answers_with_an_arrow_are_listed_not_misread() -> None:
    card = TypedCard(id="arrow", deck_id=DECK, prompt="Q", answer="a -> b")
    text, skipped = cards_to_gift([card])
    assert text == ""
    assert skipped[0].reason == (
        "an answer contains '->', which GIFT reads as a matching pair (arrow)"
    )


def test_answers_that_look_like_weights_are_listed() -> None:
    card = ChoiceCard(id="w", deck_id=DECK, prompt="Q", options=("%50% off", "b"), answer=0)
    _, skipped = cards_to_gift([card])
    assert skipped[0].reason == "an answer starts like a GIFT weight (%50%) (w)"


def test_export_text_is_moodle_gift() -> None:
    text, _ = cards_to_gift([gift_cards()[0], gift_cards()[1], cloze("c", "In {{x}} now")])
    assert text.startswith("// [id:choice-1] [tag:bodies] [tag:eu]\n")
    assert "::choice-1::[plain]Which body runs EC3 \\{the centre\\}? {\n" in text
    assert "\t=Europol\n\t~Eurojust \\= prosecutors\n\t~ENISA \\#1\n" in text
    # a multi card without credits is written with the weights it scores by: ±1/n
    assert "\t~%50%Council of Europe\n\t~%50%African Union\n\t~%-50%ITU\n\t~%-50%UNODC\n" in text
    assert "::c::[plain]In {=x} now" in text


def test_multi_weights_add_up() -> None:
    (card,) = [c for c in gift_cards() if c.id == "multi-3"]
    text, _ = cards_to_gift([card])
    assert text.count("~%33.33333%") == 3


def test_dataclass_equality_is_what_the_round_trip_checks() -> None:
    card = gift_cards()[0]
    changed = dataclasses.replace(card, explain="other")
    text, _ = cards_to_gift([changed])
    assert parse_gift(text, deck_id=DECK).cards != [card]


def test_a_file_as_moodle_exports_it() -> None:
    result = parse_gift((FIXTURES / "moodle_export.gift").read_text("utf-8"), path="m.gift")
    year, ec3 = result.cards
    assert isinstance(year, DateCard)
    assert year.prompt == "In which year was the Convention on Cybercrime opened for signature?"
    assert year.answer == PartialDate(2001)
    assert year.tags == ("budapest-convention",)
    assert isinstance(ec3, ChoiceCard)
    assert (ec3.prompt, ec3.options, ec3.answer) == (
        "Which agency hosts EC3?",
        ("Europol", "Eurojust"),
        0,
    )
    assert ec3.explain == "EC3 opened in 2013."
    assert [(s.line, s.reason) for s in result.skipped] == [
        (20, "essay question cannot be represented")
    ]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Q {=a ~}", "multiple choice with an empty option"),
        ("Q {~=a ~b}", "multiple choice with an empty option"),
        ("Q {~%50%a}", "multiple choice with fewer than two options"),
        ("Q {=x -> y =x -> z}", "matching question with the same left-hand side twice"),
        ("Q {=x -> y =z -> y}", "matching question with the same right-hand side twice"),
        ("Q {=x -> y =z -> }", "matching question with an empty right-hand side"),
        ("Q {#inf}", "numerical answer 'inf' is not a number"),
        ("Q {=a} and {=b}", "more than one answer block (GIFT has one per question)"),
        ("It {=a ~} x", "missing word with an empty option"),
        ("::t:: {T}", "question without text"),
    ],
)
def test_questions_the_deck_format_would_reject_are_skipped(text: str, reason: str) -> None:
    """Whatever is imported must be a valid deck: these would not be, so they are listed."""
    result = parse_gift(text, path="t.gift")
    assert result.cards == []
    assert [s.reason for s in result.skipped] == [reason]


def test_a_reversed_range_is_read_low_to_high() -> None:
    (card,) = _import("Q {#5..3}")
    assert isinstance(card, NumberCard)
    assert card.range == (Decimal(3), Decimal(5))
