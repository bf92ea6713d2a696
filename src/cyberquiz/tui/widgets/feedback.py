"""FeedbackPanel: how an answer was judged, what was expected, and the rating to store."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Static

from cyberquiz.core.answers import Grade, Rating, Verdict
from cyberquiz.core.cards import Card, FlipCard, TypedCard
from cyberquiz.tui.safe import join, plain

VERDICT_TEXT: dict[Verdict, str] = {
    Verdict.RIGHT: "✓ Right",
    Verdict.ALMOST: "✓ Right, but check the spelling",
    Verdict.PARTIAL: "◐ Partly right",
    Verdict.WRONG: "✗ Wrong",
    Verdict.EMPTY: "○ Not answered: here is the answer",
    Verdict.UNREADABLE: "? Not read",
    Verdict.SELF: "How well did you know it?",
}

VERDICT_CLASS: dict[Verdict, str] = {
    Verdict.RIGHT: "-right",
    Verdict.ALMOST: "-right",
    Verdict.PARTIAL: "-partial",
    Verdict.WRONG: "-wrong",
    Verdict.EMPTY: "-wrong",
    Verdict.UNREADABLE: "-wrong",
    Verdict.SELF: "-self",
}

#: What graders say when they have nothing to add to the verdict line ("✓ Right" then "Right."
#: said the same thing twice): not repeated below it.
SAYS_ONLY_THE_VERDICT = frozenset({"Right.", "No answer: here it is."})

RATING_NAMES: dict[Rating, str] = {
    Rating.AGAIN: "Again",
    Rating.HARD: "Hard",
    Rating.GOOD: "Good",
    Rating.EASY: "Easy",
}


def diff_content(given: str, expected: str) -> Content:
    """A word diff of a typed answer: extra words struck through, missing words underlined."""
    from cyberquiz.core.text import diff_segments

    parts: list[str | Content | tuple[str, str]] = []
    for text, kind in diff_segments(given, expected):
        if parts:
            parts.append(" ")
        if kind == "same":
            parts.append(plain(text))
        elif kind == "extra":
            parts.append((text, "strike $text-error"))
        else:
            parts.append((text, "underline $text-success"))
    return join(*parts)


def feedback_body(card: Card, grade: Grade | None) -> list[Content]:
    """The lines of the panel below the verdict: expected, given, marks, explain, source, note."""
    lines: list[Content] = []
    if isinstance(card, FlipCard):
        lines.append(join(("Answer: ", "bold"), plain(card.back)))
    elif grade is not None:
        if (
            grade.message
            and grade.message not in SAYS_ONLY_THE_VERDICT
            and grade.expected not in grade.message
        ):
            lines.append(plain(grade.message))
        lines.append(join(("Expected: ", "bold"), plain(grade.expected)))
        if grade.verdict is not Verdict.EMPTY and grade.given:
            # A diff helps only when the answer was close; against a wrong answer it reads as
            # one run-on phrase ("Budapest United Nations").
            if isinstance(card, TypedCard) and grade.verdict in (Verdict.ALMOST, Verdict.PARTIAL):
                lines.append(
                    join(
                        ("You answered: ", "bold"),
                        diff_content(grade.given, grade.closest or grade.expected),
                    )
                )
            else:
                lines.append(join(("You answered: ", "bold"), plain(grade.given)))
        if grade.verdict is not Verdict.EMPTY:
            for mark in grade.marks:
                if mark.ok:
                    continue
                lines.append(
                    join(
                        ("  ✗ ", "bold $text-error"),
                        plain(mark.label),
                        ": ",
                        plain(mark.given),
                        ("  →  ", "bold"),
                        plain(mark.expected),
                    )
                )
    if card.explain:
        lines.append(join(("Why: ", "bold"), plain(card.explain)))
    if card.source:
        lines.append(join(("Source: ", "bold"), ("“" + card.source + "”", "italic")))
    if card.note:
        lines.append(join(("Note: ", "bold"), plain(card.note)))
    return lines


class RatingButton(Button):
    """A rating button that never takes focus (keys 1–4 do the same)."""

    can_focus = False


class RatingBar(Horizontal):
    """The four ratings with their keys, under the scrolling body so they never scroll away.

    Posts :class:`RatingChosen` when a rating is clicked; the screen owns the keys 1–4 and Enter.
    """

    DEFAULT_CSS = """
    RatingBar { height: 1; padding: 0 1; background: $panel; }
    RatingBar RatingButton { min-width: 9; margin-right: 1; }
    RatingBar RatingButton.-current { text-style: bold reverse; }
    RatingBar #rating-hint { color: $text-muted; width: 1fr; height: 1; }
    """

    @dataclass
    class RatingChosen(Message):
        """The student clicked a rating."""

        bar: RatingBar
        rating: Rating

    def __init__(self, *, id: str | None = "rating-bar") -> None:
        super().__init__(id=id)
        self.rating: Rating | None = None

    def compose(self) -> ComposeResult:
        for rating in Rating:
            yield RatingButton(
                f"{int(rating)} {RATING_NAMES[rating]}", id=f"rate-{int(rating)}", compact=True
            )
        yield Static("", id="rating-hint", markup=False)

    def show(self, rating: Rating | None, *, self_rated: bool) -> None:
        """Mark ``rating`` as the one stored (none yet: a flip card waits for the student)."""
        self.rating = rating
        for button in self.query(RatingButton).results():
            button.set_class(button.id == f"rate-{int(rating or 0)}", "-current")
        if rating is None:
            hint = "How well did you know it? 1–4, then Enter"
        elif self_rated:
            hint = "1–4 change · Enter next"
        else:
            hint = "proposed · 1–4 change · Enter next"
        self.query_one("#rating-hint", Static).update(hint)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id and event.button.id.startswith("rate-"):
            self.post_message(self.RatingChosen(self, Rating(int(event.button.id[5:]))))


def _verdict(grade: Grade | None) -> Verdict:
    return Verdict.SELF if grade is None else grade.verdict


class FeedbackPanel(Vertical):
    """After an answer: verdict, expected answer, diff or misplaced items, explanation.

    The rating is chosen in the screen's :class:`RatingBar`; in practice and preview nothing is
    rated, so the verdict says nothing about ratings.
    """

    can_focus = True

    DEFAULT_CSS = """
    FeedbackPanel { height: auto; border: round $primary; padding: 0 1; }
    FeedbackPanel.-right { border: round $success; }
    FeedbackPanel.-partial { border: round $warning; }
    FeedbackPanel.-wrong { border: round $error; }
    FeedbackPanel #verdict { text-style: bold; height: auto; }
    FeedbackPanel.-right #verdict { color: $text-success; }
    FeedbackPanel.-partial #verdict { color: $text-warning; }
    FeedbackPanel.-wrong #verdict { color: $text-error; }
    FeedbackPanel .feedback-line { height: auto; }
    """

    def __init__(
        self,
        card: Card,
        grade: Grade | None,
        *,
        practice: bool = False,
        id: str | None = "feedback",
    ) -> None:
        # the verdict's class from the start: it is styled with it once, when it is mounted
        super().__init__(id=id, classes=VERDICT_CLASS[_verdict(grade)])
        self.card = card
        self.grade = grade
        self.practice = practice

    @property
    def verdict(self) -> Verdict:
        return _verdict(self.grade)

    def on_mount(self) -> None:
        # once laid out, the verdict goes to the top of the view (the card scrolls away above it)
        self.call_after_refresh(self.scroll_visible, top=True, animate=False)

    def compose(self) -> ComposeResult:
        verdict = self.verdict
        text = VERDICT_TEXT[verdict]
        if verdict is Verdict.SELF and self.practice:
            text = "The answer"
        if self.grade is not None and verdict is Verdict.PARTIAL:
            text += f" ({round(self.grade.score * 100)}%)"
        yield Static(text, id="verdict", markup=False)
        for line in feedback_body(self.card, self.grade):
            yield Static(line, classes="feedback-line")
