"""Study: one card at a time, its natural input, then feedback and a rating."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from cyberquiz.core.answers import Answer, Grade, Rating, Verdict
from cyberquiz.core.cards import Card, FlipCard
from cyberquiz.storage.errors import StorageError
from cyberquiz.tui.safe import join, plain
from cyberquiz.tui.session import Answered, CardSource, SessionTally, StoredAnswer
from cyberquiz.tui.widgets.answers import AnswerWidget, make_answer_widget
from cyberquiz.tui.widgets.cardview import CardView
from cyberquiz.tui.widgets.feedback import FeedbackPanel

if TYPE_CHECKING:
    from cyberquiz.tui.app import CyberQuizApp

#: the longest think time stored for one answer (a student who walked away is not "slow")
MAX_RESPONSE_MS = 10 * 60 * 1000

State = Literal["asking", "revealed", "feedback", "empty"]


class StudyScreen(Screen[None]):
    """One card at a time from a :class:`CardSource`, with feedback after each answer."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+z,u", "undo", "Undo", id="study.undo"),
        Binding("ctrl+b,b", "bury", "Bury", id="study.bury"),
        Binding("ctrl+s,s", "suspend", "Suspend", id="study.suspend"),
        Binding("ctrl+f,exclamation_mark", "flag", "Flag", show=False, id="study.flag"),
        Binding("ctrl+o,e", "show_origin", "Deck line", show=False, id="study.origin"),
        Binding("escape,q", "end", "End", id="study.end"),
        Binding("1", "rate(1)", "Rate Again", show=False),
        Binding("2", "rate(2)", "Rate Hard", show=False),
        Binding("3", "rate(3)", "Rate Good", show=False),
        Binding("4", "rate(4)", "Rate Easy", show=False),
        Binding("enter", "next", "Next", id="study.next"),
    ]

    def __init__(
        self, source: CardSource, *, title: str = "Study", name: str | None = None
    ) -> None:
        super().__init__(name=name)
        self.source = source
        self.title_text = title
        self.card: Card | None = None
        self.state: State = "empty"
        self.grade: Grade | None = None
        self.review_id: int | None = None
        self.rating: Rating | None = None
        self.shown_at: datetime | None = None
        self.tally: SessionTally | None = None
        self._generation = 0

    @property
    def cq_app(self) -> CyberQuizApp:
        return self.app  # type: ignore[return-value]

    def now(self) -> datetime:
        return self.cq_app.clock()

    def compose(self) -> ComposeResult:
        yield Static(plain(self.title_text), id="study-status")
        yield VerticalScroll(id="study-body", can_focus=False)
        yield Footer()

    def on_mount(self) -> None:
        self.begin()

    def begin(self) -> None:
        """Start the session with the first card."""
        self.tally = SessionTally(started=self.now())
        self.show_next()

    # -- showing cards -----------------------------------------------------------------------

    def _status(self, counts: bool = True) -> None:
        tally = self.tally
        bits = [self.title_text]
        if tally is not None and tally.reviewed:
            bits.append(f"{tally.reviewed} answered, {tally.correct} right")
        if counts:
            with suppress(StorageError):  # the counts are a nicety; the card is what matters
                bits.append(self.source.remaining(self.now()))
        if not self.source.records:
            bits.append("preview: nothing is saved")
        self.query_one("#study-status", Static).update(plain("  ·  ".join(bits)))

    def show_next(self) -> None:
        """Ask the source for the next card; with none left, end the session."""
        seen = frozenset(a.card.id for a in self.tally.answers) if self.tally else frozenset()
        exclude = seen if not self.source.records else frozenset()
        try:
            card = self.source.next_card(self.now(), exclude)
        except StorageError as error:  # show it, never a traceback
            self.cq_app.show_error(error)
            return
        if card is None:
            self.finish()
            return
        self.show_card(card)

    def show_card(self, card: Card) -> None:
        """Show ``card`` as a fresh question."""
        from cyberquiz.core.present import presentation  # deferred with the rest of grading

        self.card = card
        self.state = "asking"
        self.grade = None
        self.review_id = None
        self.rating = None
        self.shown_at = self.now()
        self._generation += 1
        order = presentation(card, self.cq_app.rng)
        body = self.query_one("#study-body", VerticalScroll)
        body.remove_children()
        answer = make_answer_widget(card, order, id=f"answer-{self._generation}")
        answer.add_class("answer")
        view = CardView(card, id=f"card-view-{self._generation}")
        body.mount(view)
        body.mount(answer)
        body.scroll_home(animate=False)
        self.call_after_refresh(answer.focus_input)
        self.call_after_refresh(self.cq_app.first_paint_done)
        # the card first; the queue counts and the flag mark follow a frame later
        self._status(counts=False)
        self.call_after_refresh(self._after_card_painted, view)
        self.refresh_bindings()

    def _after_card_painted(self, view: CardView) -> None:
        if not view.is_attached or view.card is not self.card:
            return
        with suppress(StorageError):
            if self.source.flagged(view.card):
                view.set_flagged(True)
        self._status()

    @property
    def answer_widget(self) -> AnswerWidget | None:
        found = self.query(AnswerWidget)
        return found.first() if found else None

    @property
    def feedback(self) -> FeedbackPanel | None:
        found = self.query(FeedbackPanel)
        return found.first() if found else None

    # -- answering ---------------------------------------------------------------------------

    def _response_ms(self) -> int:
        if self.shown_at is None:
            return 0
        elapsed = int((self.now() - self.shown_at).total_seconds() * 1000)
        return max(0, min(elapsed, MAX_RESPONSE_MS))

    @on(AnswerWidget.Answered)
    def _answered(self, event: AnswerWidget.Answered) -> None:
        event.stop()
        if self.state != "asking" or self.card is None or event.widget is not self.answer_widget:
            return
        if isinstance(self.card, FlipCard):
            self.state = "revealed"
            event.widget.freeze()
            self._mount_feedback(None, None)
            return
        self.submit_answer(event.answer)

    def submit_answer(self, answer: Answer) -> None:
        """Grade ``answer``, store it, then show the feedback (storage first, always)."""
        from cyberquiz.core.grading import grade as grade_answer
        from cyberquiz.core.rating import propose_rating
        from cyberquiz.core.serialize import answer_to_json

        card = self.card
        assert card is not None
        grade = grade_answer(card, answer)
        response_ms = self._response_ms()
        proposed = propose_rating(grade, response_ms, card)
        try:
            review_id = self.source.record(
                StoredAnswer(
                    card=card,
                    now=self.now(),
                    answer_json=answer_to_json(card, answer),
                    grade=grade,
                    proposed=proposed,
                    rating=proposed,
                    response_ms=response_ms,
                )
            )
        except StorageError as error:
            self.cq_app.show_error(error)
            return
        self.grade, self.review_id, self.rating = grade, review_id, proposed
        assert self.tally is not None
        self.tally.add(Answered(card, review_id, grade.verdict, grade.score, proposed))
        self.state = "feedback"
        widget = self.answer_widget
        if widget is not None:
            widget.freeze()
        self._mount_feedback(grade, proposed)

    def _mount_feedback(self, grade: Grade | None, rating: Rating | None) -> None:
        assert self.card is not None
        panel = FeedbackPanel(self.card, grade, rating, id=f"feedback-{self._generation}")
        body = self.query_one("#study-body", VerticalScroll)
        body.mount(panel)
        panel.focus()
        self.call_after_refresh(body.scroll_to_widget, panel, animate=False, top=False)
        self._status()
        self.refresh_bindings()

    def _record_flip(self, rating: Rating) -> None:
        from cyberquiz.core.serialize import answer_to_json

        card = self.card
        assert card is not None and self.tally is not None
        try:
            review_id = self.source.record(
                StoredAnswer(
                    card=card,
                    now=self.now(),
                    answer_json=answer_to_json(card, None),
                    grade=None,
                    proposed=None,
                    rating=rating,
                    response_ms=self._response_ms(),
                )
            )
        except StorageError as error:
            self.cq_app.show_error(error)
            return
        self.tally.add(Answered(card, review_id, Verdict.SELF, 0.0, rating))
        self.show_next()

    # -- actions -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "rate":
            return self.state in ("feedback", "revealed")
        if action == "next":
            return self.state in ("feedback", "revealed")
        if action in ("bury", "suspend", "flag", "show_origin"):
            return True if self.card is not None else None
        return True

    def action_rate(self, value: int) -> None:
        """Keys 1–4: rate a flip card, or change the proposed rating after feedback."""
        rating = Rating(value)
        if self.state == "revealed":
            self._record_flip(rating)
        elif self.state == "feedback":
            self.change_rating(rating)

    def change_rating(self, rating: Rating) -> None:
        """Store ``rating`` instead of the proposed one for the answer just given."""
        if rating == self.rating:
            return
        try:
            self.source.change_rating(self.review_id, rating)
        except StorageError as error:
            self.cq_app.show_error(error)
            return
        self.rating = rating
        if self.tally and self.tally.answers:
            self.tally.answers[-1].rating = rating
        panel = self.feedback
        if panel is not None:
            panel.set_rating(rating)

    @on(FeedbackPanel.RatingChosen)
    def _rating_clicked(self, event: FeedbackPanel.RatingChosen) -> None:
        event.stop()
        self.action_rate(int(event.rating))

    def action_next(self) -> None:
        """Enter after feedback: the next card (flip cards: rate Good)."""
        if self.state == "revealed":
            self._record_flip(Rating.GOOD)
        elif self.state == "feedback":
            self.show_next()

    def action_undo(self) -> None:
        """Take back the last answer; its card comes back."""
        if self.tally is None or not self.tally.answers:
            self.notify("Nothing to undo.", severity="warning")
            return
        last = self.tally.answers[-1]
        try:
            self.source.undo(last.review_id, last.card)
        except StorageError as error:
            self.cq_app.show_error(error)
            return
        self.tally.pop()
        self.notify("Answer undone.", timeout=2)
        self.show_card(last.card)

    def action_bury(self) -> None:
        """Put the card away until tomorrow."""
        self._put_away(lambda card: self.source.bury(card, self.now()), "Buried until tomorrow.")

    def action_suspend(self) -> None:
        """Take the card out of study until it is unsuspended."""
        self._put_away(self.source.suspend, "Suspended.")

    def _put_away(self, put_away: Callable[[Card], None], done: str) -> None:
        """Bury or suspend the card on screen, say so and show the next one."""
        if self.card is None:
            return
        try:
            put_away(self.card)
        except StorageError as error:
            self.cq_app.show_error(error)
            return
        self.notify(done, timeout=2)
        self.show_next()

    def action_flag(self) -> None:
        """Flag the card (or remove the flag)."""
        if self.card is None:
            return
        try:
            flagged = not self.source.flagged(self.card)
            self.source.flag(self.card, flagged)
        except StorageError as error:
            self.cq_app.show_error(error)
            return
        for view in self.query(CardView).results():
            view.set_flagged(flagged)
        self.notify("Flagged." if flagged else "Flag removed.", timeout=2)

    def action_show_origin(self) -> None:
        """Show where the card is written (deck file and line)."""
        card = self.card
        if card is None:
            return
        if card.origin is None:
            self.notify(f"{card.id}: no deck file recorded", markup=False)
            return
        self.notify(
            f"{card.origin.path}:{card.origin.line}\ncard id: {card.id}",
            title="Deck file",
            markup=False,
            timeout=8,
        )

    def action_end(self) -> None:
        """End the session: the summary, or straight back when nothing was answered."""
        self.finish()

    def finish(self) -> None:
        """Leave for the summary (or back home when nothing was answered)."""
        from cyberquiz.tui.screens.summary import SummaryScreen

        tally = self.tally
        had_card = self.card is not None
        self.card = None
        self.state = "empty"
        self.refresh_bindings()
        if tally is None or not tally.reviewed:
            if not had_card:
                self.notify("Nothing to study right now.", timeout=4)
            if self.cq_app.leave_screen(self):
                return
            body = self.query_one("#study-body", VerticalScroll)
            body.remove_children()
            body.mount(
                Static(
                    join(("Nothing to study right now. ", "bold"), "Press q to go back."),
                    id="study-empty",
                )
            )
            return
        try:
            next_due = self.source.next_due(self.now())
        except StorageError:
            next_due = None
        self.app.switch_screen(SummaryScreen(tally, now=self.now(), next_due=next_due))
