"""Real GIFT files nobody here wrote, imported with Moodle's meaning (issue 15).

The corpus and where each file comes from are in ``realfiles/README.md``. Every question Moodle
grades automatically must import; the skips listed here are the only ones allowed.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from cyberquiz.convert import ImportResult
from cyberquiz.convert.gift import read_gift
from cyberquiz.core.answers import Verdict
from cyberquiz.core.cards import (
    Card,
    ChoiceCard,
    ClozeCard,
    DateCard,
    MatchCard,
    MultiCard,
    NumberCard,
    TrueFalseCard,
    TypedCard,
)
from cyberquiz.core.grading import grade

REALFILES = Path(__file__).parent / "realfiles"
GIFT_FILES = sorted([*REALFILES.glob("moodle/*.txt"), *REALFILES.glob("gift-pegjs/*.gift")])

#: What Moodle itself does not grade automatically: essays and descriptions.
UNGRADED = ("essay question cannot be represented", "description (no answer) cannot be represented")


def _read(relative: str) -> ImportResult:
    path = REALFILES / relative
    return read_gift(relative, path.read_bytes(), deck_id="corpus")


def _question(relative: str, line: int) -> Card:
    result = _read(relative)
    assert len(result.lines) == len(result.cards)
    return result.cards[result.lines.index(line)]


@pytest.mark.parametrize("path", GIFT_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_skip_is_one_moodle_cannot_grade_either(path: Path) -> None:
    relative = f"{path.parent.name}/{path.name}"
    result = _read(relative)
    for skip in result.skipped:
        assert skip.reason in UNGRADED, str(skip)


def test_corpus_counts() -> None:
    """The figures in realfiles/README.md."""
    kinds: Counter[str] = Counter()
    skips: Counter[str] = Counter()
    credited: Counter[str] = Counter()
    for path in GIFT_FILES:
        result = _read(f"{path.parent.name}/{path.name}")
        kinds.update(str(card.kind) for card in result.cards)
        skips.update(s.reason for s in result.skipped)
        credited.update(
            str(c.kind) for c in result.cards if isinstance(c, ChoiceCard | MultiCard) and c.credits
        )
    assert len(GIFT_FILES) == 54
    assert sum(kinds.values()) == 140
    assert kinds == {
        "choice": 31,
        "cloze": 20,
        "truefalse": 26,
        "typed": 24,
        "number": 17,
        "match": 9,
        "date": 6,
        "multi": 7,
    }
    assert skips == {UNGRADED[0]: 9, UNGRADED[1]: 7}
    assert credited == {"choice": 5, "multi": 5}, "Moodle's answer weights kept as option credits"


def test_moodle_partial_credit_single_answer_keeps_its_key() -> None:
    card = _question("moodle/examples.txt", 115)
    assert isinstance(card, ChoiceCard)
    assert card.options == ("wrong answer", "half credit answer", "full credit answer")
    assert card.options[card.answer] == "full credit answer"
    assert card.credits == (0.0, 0.5, 1.0)
    assert grade(card, 1).score == 0.5, "half credit, as Moodle grades it"


def test_moodle_multiple_answers_are_the_positive_weights() -> None:
    card = _question("moodle/examples.txt", 130)
    assert isinstance(card, MultiCard)
    assert {card.options[i] for i in card.answers} == {"Grant", "Grant's wife"}
    # the wrong options are 0%, not -50%: ticking everything still scores full marks in Moodle
    assert card.credits == (0.0, 0.5, 0.5, 0.0)
    assert grade(card, frozenset(range(4))).score == 1.0
    penalised = _question("moodle/examples.txt", 136)
    assert isinstance(penalised, MultiCard)
    assert penalised.credits == (), "-50% for each wrong of two right options is the default"
    assert grade(penalised, frozenset(range(4))).score == 0.0


def test_multiple_answers_with_float_weights_keep_them() -> None:
    (card,) = _read("gift-pegjs/multipleAnswersFloat.gift").cards
    assert isinstance(card, MultiCard)
    assert card.credits == (0.3333333, 0.3333333, -1.0, 0.3333333, -1.0)
    assert grade(card, frozenset({0, 1, 3})).verdict is Verdict.RIGHT
    assert grade(card, frozenset({0, 1, 2, 3})).score == 0.0


def test_moodle_missing_word_matching_numerical_and_true_false() -> None:
    cloze = _question("moodle/examples.txt", 27)
    assert isinstance(cloze, ClozeCard)
    assert cloze.gaps[0].answers == ("entombed",)
    match = _question("moodle/examples.txt", 61)
    assert isinstance(match, MatchCard)
    assert dict(match.pairs)["India"] == "New Delhi"
    born = _question("moodle/examples.txt", 16)
    assert isinstance(born, NumberCard)
    assert born.bounds == (Decimal(1821), Decimal(1823))
    pi = _question("moodle/examples.txt", 72)
    assert isinstance(pi, NumberCard)
    assert pi.bounds == (Decimal("3.141"), Decimal("3.142"))
    assert pi.prompt == "What is the value of pi (to 3 decimal places)? _____."
    year = _question("moodle/examples.txt", 70)
    assert isinstance(year, DateCard) and year.answer.year == 1822
    false = _question("moodle/examples.txt", 12)
    assert isinstance(false, TrueFalseCard) and false.answer is False


def test_moodle_fixture_questions() -> None:
    # "{FALSE...}" followed by '";': Moodle inserts "_____" and still grades true/false.
    tf = _question("moodle/questions.gift.txt", 41)
    assert isinstance(tf, TrueFalseCard) and tf.answer is False
    assert tf.statement == '42 is the Absolute Answer to everything._____";'
    assert tf.explain == "This is, of course, a Hitchiker's Guide to the Galaxy reference."
    # "{#3:2~#Completely wrong}": "~" starts the feedback for any other answer; the '";' after
    # the block puts "_____" in the text.
    number = _question("moodle/questions.gift.txt", 31)
    assert isinstance(number, NumberCard)
    assert number.bounds == (Decimal(1), Decimal(5))
    match = _question("moodle/questions.gift.txt", 5)
    assert isinstance(match, MatchCard)
    assert match.prompt == "Match the activity to the description."
    assert [right for _, right in match.pairs] == ["Forum", "Choice", "Database", "Wiki"]


def test_html_links_to_media_are_listed() -> None:
    result = _read("moodle/questions_in_category.gift.txt")
    greeting = next(c for c in result.cards if isinstance(c, ChoiceCard))
    assert greeting.prompt == "Listen to this greeting:\nWhat language is being spoken?"
    assert greeting.options[greeting.answer] == "French"
    assert greeting.tags == ()  # "$course$/Default for ..." are Moodle's own levels
    assert any("bonjour.mp3" in w.reason for w in result.warnings)


def test_a_short_answer_without_equals_is_still_an_answer() -> None:
    card = _question("gift-pegjs/shortAnswer2.gift", 5)
    assert isinstance(card, TypedCard) and card.answer == "One"


def test_every_real_file_with_questions_imports_to_a_valid_deck(tmp_path: Path) -> None:
    """Through the command, as an instructor would: the written deck loads without a problem."""
    from click.testing import CliRunner

    from cyberquiz.cli import cli
    from cyberquiz.decks.loader import load_deck_file

    files = [*GIFT_FILES, REALFILES / "anki_notes_plain_text.txt"]
    written = 0
    for n, path in enumerate(files):
        out = tmp_path / f"deck{n}.yaml"
        result = CliRunner().invoke(cli, ["import", str(path), "-o", str(out)])
        if "no cards could be imported" in result.output:
            continue  # only essays, descriptions or categories
        assert result.exit_code == 0, f"{path.name}: {result.output}"
        assert load_deck_file(out).require().cards
        written += 1
    assert written == 44
