"""Moodle text formats, media and feedback on GIFT import; ``[plain]`` on export (issue 15)."""

from __future__ import annotations

import pytest

from cyberquiz.convert.gift import parse_gift
from cyberquiz.convert.giftout import cards_to_gift
from cyberquiz.convert.textformat import to_plain
from cyberquiz.core.cards import ChoiceCard, DateCard, PartialDate, Precision, TypedCard
from cyberquiz.core.dates import read_date, truncate


def _one(text: str) -> tuple[object, list[str]]:
    result = parse_gift(text, path="t.gift", deck_id="d")
    (card,) = result.cards
    return card, [w.reason for w in result.warnings]


@pytest.mark.parametrize(
    ("text", "fmt", "plain"),
    [
        ("<p>One</p><p>Two<br>three</p>", "html", "One\nTwo\nthree"),
        ("A <!-- note to self --> B", "html", "A B"),
        ("<ul><li>x</li><li>y</li></ul>", "html", "- x\n- y"),
        ("<ol><li>x</li><li>y</li></ol>", "html", "1. x\n2. y"),
        ("<script>alert(1)</script>Hi &lt;b&gt; &amp; you", "html", "Hi <b> & you"),
        ("<table><tr><td>a</td><td>b</td></tr></table>", "html", "a | b"),
        ("**bold** and `code`\n\n- one\n- two", "markdown", "bold and code\n- one\n- two"),
        ("1. first\n2. second", "markdown", "1. first\n2. second"),
        ("line one\nline <b>two</b>", "moodle", "line one\nline two"),
        ("<b>as written</b>", "plain", "<b>as written</b>"),
    ],
)
def test_formats_render_to_what_a_reader_sees(text: str, fmt: str, plain: str) -> None:
    assert to_plain(text, fmt).text == plain  # type: ignore[arg-type]


def test_html_question_and_answers_are_read_as_text() -> None:
    card, _ = _one(
        "::H::[html]<p>Which <b>body</b> runs EC3?</p><!-- draft -->{=<i>Europol</i> ~Eurojust}"
    )
    assert isinstance(card, ChoiceCard)
    assert card.prompt == "Which body runs EC3?"
    assert card.options == ("Europol", "Eurojust")


def test_an_answer_marker_overrides_the_question_format() -> None:
    card, _ = _one("[html]<p>Q</p>{=[plain]<b>literal</b> ~b}")
    assert isinstance(card, ChoiceCard)
    assert card.options[0] == "<b>literal</b>"


def test_markdown_question_is_read_as_markdown() -> None:
    card, _ = _one("[markdown]Name **the** body:\n- runs EC3\n- sits in The Hague {=Europol}")
    assert isinstance(card, TypedCard)
    assert card.prompt == "Name the body:\n- runs EC3\n- sits in The Hague"


def test_media_are_listed_not_dropped_silently() -> None:
    card, warnings = _one(
        '[html]<p>Where is this? <img src="@@PLUGINFILE@@/map.png" alt="a map"></p>{=Lyon}'
    )
    assert isinstance(card, TypedCard)
    assert card.prompt == "Where is this? [a map]"
    assert warnings == ["media not brought over (cards hold text only): img @@PLUGINFILE@@/map.png"]


def test_explanation_leaves_out_feedback_of_dropped_answers() -> None:
    card, warnings = _one("Q {=right#Good. =%50%half#Half marks only.}")
    assert isinstance(card, TypedCard)
    assert card.accept == ()
    assert card.explain == "Good."
    assert warnings == ["partial-credit answers not kept: half"]


def test_export_marks_text_plain_so_moodle_never_renders_it() -> None:
    card = ChoiceCard(
        id="c", deck_id="d", prompt="Is <b> a tag?", options=("<i>yes</i>", "no"), answer=0
    )
    text, _ = cards_to_gift([card])
    assert "::c::[plain]Is <b> a tag? {" in text
    assert parse_gift(text, deck_id="d").cards == [card]


@pytest.mark.parametrize(
    ("answer", "precision", "typed"),
    [
        (PartialDate(2001, 11, 23), "day", ["23 November 2001", "November 23, 2001", "23.11.2001"]),
        (PartialDate(2001, 11, 23), "day", ["23/11/2001", "2001-11-23", "23rd November 2001"]),
        (PartialDate(2004, 7, 1), "day", ["1 July 2004", "01.07.2004", "1/7/2004", "Jul 1, 2004"]),
        (PartialDate(2001, 11, 23), "month", ["November 2001", "Nov 2001", "2001-11"]),
    ],
)
def test_date_exports_as_a_short_answer_of_its_written_forms(
    answer: PartialDate, precision: Precision, typed: list[str]
) -> None:
    """Issue 15 item 9: Moodle accepts only the listed answers, so they must be the usual forms."""
    card = DateCard(id="d1", deck_id="d", prompt="When?", answer=answer, precision=precision)
    text, _ = cards_to_gift([card])
    question = text.strip().splitlines()[-1]
    block = question[question.index("{") + 1 : question.rindex("}")]
    accepted = {a.strip().lower() for a in block.split("=") if a.strip()}
    assert {t.lower() for t in typed} <= accepted
    # every form reads as the date (1/7/2004 could also be 7 January: the app asks, Moodle lists)
    assert all(truncate(answer, precision) in read_date(a).dates for a in accepted)
    assert parse_gift(text, deck_id="d").cards == [card]
