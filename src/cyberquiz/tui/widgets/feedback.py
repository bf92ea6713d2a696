"""FeedbackPanel: how an answer was judged, what was expected, and the rating to store."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
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
    Verdict.EMPTY: "○ Revealed (counts as Again)",
    Verdict.SELF: "How well did you know it?",
}

VERDICT_CLASS: dict[Verdict, str] = {
    Verdict.RIGHT: "-right",
    Verdict.ALMOST: "-right",
    Verdict.PARTIAL: "-partial",
    Verdict.WRONG: "-wrong",
    Verdict.EMPTY: "-wrong",
    Verdict.SELF: "-self",
}

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
        if grade.message and grade.expected not in grade.message:
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


class FeedbackPanel(VerticalScroll):
    """After an answer: verdict, expected answer, diff or misplaced items, explanation and rating.

    Posts :class:`RatingChosen` when a rating button is clicked and :class:`Continued` for "Next".
    The screen owns the keys (1–4, Enter) so they work wherever focus is.
    """

    can_focus = True

    DEFAULT_CSS = """
    FeedbackPanel { height: auto; max-height: 100%; border: round $primary; padding: 0 1; }
    FeedbackPanel.-right { border: round $success; }
    FeedbackPanel.-partial { border: round $warning; }
    FeedbackPanel.-wrong { border: round $error; }
    FeedbackPanel #verdict { text-style: bold; height: auto; }
    FeedbackPanel.-right #verdict { color: $text-success; }
    FeedbackPanel.-partial #verdict { color: $text-warning; }
    FeedbackPanel.-wrong #verdict { color: $text-error; }
    FeedbackPanel .feedback-line { height: auto; }
    FeedbackPanel #ratings { height: auto; }
    FeedbackPanel RatingButton { min-width: 9; margin-right: 1; }
    FeedbackPanel RatingButton.-current { text-style: bold reverse; }
    FeedbackPanel #rating-hint { color: $text-muted; width: 1fr; height: 1; }
    """

    @dataclass
    class RatingChosen(Message):
        """The student clicked a rating."""

        panel: FeedbackPanel
        rating: Rating

    @dataclass
    class Continued(Message):
        """The student clicked Next."""

        panel: FeedbackPanel

    def __init__(
        self,
        card: Card,
        grade: Grade | None,
        rating: Rating | None,
        *,
        id: str | None = "feedback",
        show_rating: bool = True,
    ) -> None:
        super().__init__(id=id)
        self.card = card
        self.grade = grade
        self.rating = rating
        self.show_rating = show_rating

    @property
    def verdict(self) -> Verdict:
        if self.grade is None:
            return Verdict.SELF
        return self.grade.verdict

    def compose(self) -> ComposeResult:
        verdict = self.verdict
        self.set_class(True, VERDICT_CLASS[verdict])
        text = VERDICT_TEXT[verdict]
        if self.grade is not None and verdict is Verdict.PARTIAL:
            text += f" ({round(self.grade.score * 100)}%)"
        yield Static(text, id="verdict", markup=False)
        for line in feedback_body(self.card, self.grade):
            yield Static(line, classes="feedback-line")
        if self.show_rating:
            with Horizontal(id="ratings"):
                for rating in Rating:
                    button = RatingButton(
                        f"{int(rating)} {RATING_NAMES[rating]}",
                        id=f"rate-{int(rating)}",
                        compact=True,
                    )
                    button.set_class(rating == self.rating, "-current")
                    yield button
                yield Static(self._hint(), id="rating-hint", markup=False)

    def _hint(self) -> str:
        if isinstance(self.card, FlipCard):
            return "Rate yourself (Enter = Good)"
        return "keys 1–4 change · Enter next"

    def set_rating(self, rating: Rating) -> None:
        """Show ``rating`` as the one that will be stored."""
        self.rating = rating
        for button in self.query(RatingButton).results():
            button.set_class(button.id == f"rate-{int(rating)}", "-current")
        if self.show_rating:
            self.query_one("#rating-hint", Static).update(self._hint())

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id and event.button.id.startswith("rate-"):
            self.post_message(self.RatingChosen(self, Rating(int(event.button.id[5:]))))
