"""Study: one card at a time, its natural input, then feedback and a rating.

One rule for every kind: nothing is submitted until the student has chosen (a pick or typed text,
then Enter); after the feedback, 1–4 choose the rating and Enter goes on, flip cards included.
The answering itself (grade, rating, store, undo) is
:class:`~cyberquiz.services.answering.Answering`.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Input, Static

from cyberquiz.core.answers import Answer, Grade, Mode, Rating, Verdict
from cyberquiz.core.cards import Card
from cyberquiz.core.kinds import rules_for
from cyberquiz.storage.errors import StorageError
from cyberquiz.tui.footer import Footer
from cyberquiz.tui.safe import join, plain
from cyberquiz.tui.screens.base import AppScreen
from cyberquiz.tui.widgets.answers import AnswerWidget, make_answer_widget
from cyberquiz.tui.widgets.cardview import CardView

if TYPE_CHECKING:
    # answering, the feedback and the ratings are imported where they are first used: after
    # the first card's frame at start-up (issue 13)
    from cyberquiz.services.answering import Answering, Step
    from cyberquiz.services.sources import CardSource, SessionTally
    from cyberquiz.tui.app import CyberQuizApp
    from cyberquiz.tui.widgets.feedback import FeedbackPanel, RatingBar

State = Literal["asking", "feedback", "empty"]

#: verdicts after which a typed answer is retyped before going on (when the setting is on)
RETYPE_AFTER = (Verdict.WRONG, Verdict.EMPTY)
#: the profile setting (a bool, on when unset): retype the expected answer after a miss
RETYPE_SETTING = "retype_after_miss"


class RetypeInput(Input):
    """Where the expected answer is typed after a miss; Enter checks it and goes on.

    Input's own Enter binding is hidden, and it shadows the screen's "Next": this one shows.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Next", id="study.retype_next"),
    ]


class StudyScreen(AppScreen[None]):
    """One card at a time from a :class:`CardSource`, with feedback after each answer."""

    #: keys that arrive just after a new card or its feedback appear are not taken as answers
    GUARDED: ClassVar[bool] = True
    #: the one rule of every kind, for the help screen
    HELP_RULE: ClassVar[str] = (
        "Every kind: nothing is submitted until you choose (pick or type, then Enter). "
        "After the feedback, 1–4 choose the rating and Enter goes on."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "next", "Next", id="study.next"),
        Binding("1", "rate(1)", "Again", show=False),
        Binding("2", "rate(2)", "Hard", show=False),
        Binding("3", "rate(3)", "Good", show=False),
        Binding("4", "rate(4)", "Easy", show=False),
        Binding("ctrl+z,u", "undo", "Undo", id="study.undo"),
        Binding("ctrl+b,b", "bury", "Bury", id="study.bury"),
        Binding("ctrl+s,s", "suspend", "Suspend", id="study.suspend"),
        Binding("ctrl+f,exclamation_mark", "flag", "Flag", show=False, id="study.flag"),
        Binding("ctrl+o,e", "show_origin", "Deck line", show=False, id="study.origin"),
        Binding("escape,q", "end", "End", id="study.end"),
        # the body scrolls from the keyboard wherever the focus is (small terminals)
        Binding("up", "scroll_body('up')", "Scroll up", show=False),
        Binding("down", "scroll_body('down')", "Scroll down", show=False),
        Binding("pageup", "scroll_body('page_up')", "Page up", show=False),
        Binding("pagedown", "scroll_body('page_down')", "Page down", show=False),
    ]

    def __init__(
        self,
        source: CardSource | None,
        *,
        title: str = "Study",
        retype: bool | None = None,
        first: Card | None = None,
        name: str | None = None,
    ) -> None:
        super().__init__(name=name)
        #: ``None`` until the repository has opened (start-up): ``first`` is shown meanwhile,
        #: and what the student does with it waits for :meth:`attach_source`
        self._source = source
        self.first = first
        #: actions taken before the source came, run in order when it comes
        self._held: list[Callable[[], None]] = []
        self.started_at: datetime | None = None
        self.title_text = title
        #: after a missed typed answer the student types the right one to go on (``None``:
        #: as the profile's setting says, read at each answer)
        self.retype = retype
        self.card: Card | None = None
        self.state: State = "empty"
        self.grade: Grade | None = None
        self.review_id: int | None = None
        self.rating: Rating | None = None
        self.shown_at: datetime | None = None
        self.answering: Answering | None = None
        self.retype_pending = False
        self._generation = 0
        self._extras_mounted = False

    @property
    def cq_app(self) -> CyberQuizApp:
        return self.app  # type: ignore[return-value]

    @property
    def source(self) -> CardSource:
        assert self._source is not None, "the study screen's source has not come yet"
        return self._source

    @source.setter
    def source(self, source: CardSource) -> None:
        self._source = source

    @property
    def waiting(self) -> bool:
        """Whether the screen shows its first card before its source (the repository) came."""
        return self._source is None

    def attach_source(self, source: CardSource) -> None:
        """The repository has opened: answers can be stored; a held action runs now."""
        from cyberquiz.services.answering import Answering

        self._source = source
        self.answering = Answering(source, self.started_at or self.now())
        views = self.query(CardView)
        if views:
            self._after_card_painted(views.last())
        held, self._held = self._held, []
        for action in held:
            action()

    def _wait(self, then: Callable[[], None]) -> bool:
        """Before the source came: keep ``then`` for it (True), else False."""
        if self._source is not None:
            return False
        self._held.append(then)
        return True

    @property
    def tally(self) -> SessionTally | None:
        return self.answering.tally if self.answering is not None else None

    @property
    def rates(self) -> bool:
        """Whether ratings matter here (study moves the schedule; practice and preview do not)."""
        if self._source is None:  # only the scheduler's queue starts before its source
            return True
        return self._source.mode is Mode.STUDY and self._source.records

    def now(self) -> datetime:
        return self.cq_app.clock()

    @property
    def retypes(self) -> bool:
        """Whether a missed typed answer is typed again before going on."""
        if self.retype is not None:
            return self.retype
        return self.cq_app.retype_after_miss

    def retype_switched_off(self) -> None:
        """The setting went off: a retype that is waiting is not asked for any more."""
        if not self.retype_pending:
            return
        self.retype_pending = False
        self.retype_input.display = False
        feedback = self.feedback
        if feedback is not None:
            feedback.focus()
        self.refresh_bindings()

    def compose(self) -> ComposeResult:
        yield Static(plain(self.title_text), id="study-status")
        with VerticalScroll(id="study-body", can_focus=False):
            if self._source is None and self.first is not None:
                # the start-up card is in the first frame: mounted later, that frame showed an
                # empty body and the card came two frames after it
                yield from self._new_question(self.first)
        # the retype input and the rating bar come after the first card's frame (_mount_extras)
        yield Footer()

    def on_mount(self) -> None:
        self.begin()

    def _mount_extras(self) -> None:
        """Mount the retype input and the rating bar, hidden, under the body (once).

        Both are hidden until an answer: left out of the first frame, their widgets (four
        buttons and an input) are neither styled nor laid out before the first card is up.
        """
        if self._extras_mounted or not self.is_attached:  # a screen left at once: nothing to do
            return
        from cyberquiz.tui.widgets.feedback import RatingBar

        self._extras_mounted = True
        # outside the scrolling body, like the ratings: always in view, even at 60×20
        retype = RetypeInput(
            placeholder="Type the expected answer to go on",
            id="retype-input",
            classes="retype-input",
            select_on_focus=False,
        )
        retype.display = False
        bar = RatingBar(id="rating-bar")
        bar.display = False
        self.mount(retype, bar, after="#study-body")

    @property
    def rating_bar(self) -> RatingBar:
        from cyberquiz.tui.widgets.feedback import RatingBar

        self._mount_extras()
        return self.query_one(RatingBar)

    @property
    def retype_input(self) -> Input:
        self._mount_extras()
        return self.query_one("#retype-input", Input)

    def begin(self) -> None:
        """Start the session with the first card."""
        self.started_at = self.now()
        if self._source is None:
            assert self.first is not None, "a study screen without a source needs its first card"
            self._question_shown(self.query_one(CardView), self.query_one(AnswerWidget))
            return
        from cyberquiz.services.answering import Answering

        self.answering = Answering(self._source, self.started_at)
        self.show_next()

    # -- showing cards -----------------------------------------------------------------------

    def _status(self, counts: bool = True) -> None:
        tally = self.tally
        bits = [self.title_text]
        if tally is not None and tally.reviewed:
            bits.append(f"{tally.reviewed} answered, {tally.correct} right")
        source = self._source  # None: the repository is still opening (no counts yet)
        if counts and source is not None:
            with suppress(StorageError):  # the counts are a nicety; the card is what matters
                bits.append(source.remaining(self.now()))
        if source is not None and not source.records:
            bits.append("preview: nothing is saved")
        self.query_one("#study-status", Static).update(plain("  ·  ".join(bits)))

    def show_next(self) -> None:
        """Ask the source for the next card; with none left, end the session."""
        if self.answering is not None:
            self.answering.moved_on()
        tally = self.tally
        seen = frozenset(a.card.id for a in tally.answers) if tally else frozenset()
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

    def _new_question(self, card: Card) -> tuple[CardView, AnswerWidget]:
        """``card`` becomes the question asked: its view and answer widget, not mounted yet."""
        from cyberquiz.core.present import presentation  # deferred with the rest of grading

        self.card = card
        self.state = "asking"
        self.grade = None
        self.review_id = None
        self.rating = None
        self.retype_pending = False
        self.shown_at = self.now()
        self._generation += 1
        order = presentation(card, self.cq_app.rng)
        answer = make_answer_widget(card, order, id=f"answer-{self._generation}")
        answer.add_class("answer")
        return CardView(card, id=f"card-view-{self._generation}"), answer

    def show_card(self, card: Card) -> None:
        """Show ``card`` as a fresh question."""
        view, answer = self._new_question(card)
        body = self.query_one("#study-body", VerticalScroll)
        body.remove_children()
        if self._extras_mounted:  # not before the first card's frame
            self.rating_bar.display = False
            self.retype_input.display = False
            self.retype_input.value = ""
        body.mount(view)
        body.mount(answer)
        body.scroll_home(animate=False)
        self._question_shown(view, answer)

    def _question_shown(self, view: CardView, answer: AnswerWidget) -> None:
        """The question is on the screen (or about to be painted): keys, focus, status."""
        self.cq_app.key_guard.arm()
        answer.take_focus()
        self.call_after_refresh(self.cq_app.first_paint_done)
        self.call_after_refresh(self._mount_extras)
        # the card first; the queue counts and the flag mark follow a frame later
        self._status(counts=False)
        self.call_after_refresh(self._after_card_painted, view)
        self.refresh_bindings()

    def _after_card_painted(self, view: CardView) -> None:
        if not view.is_attached or view.card is not self.card:
            return
        if self._source is None:
            return  # the flag mark and the counts come with the repository
        with suppress(StorageError):
            if self._source.flagged(view.card):
                view.set_flagged(True)
        self._status()

    @property
    def answer_widget(self) -> AnswerWidget | None:
        found = self.query(AnswerWidget)
        return found.first() if found else None

    @property
    def feedback(self) -> FeedbackPanel | None:
        from cyberquiz.tui.widgets.feedback import FeedbackPanel

        found = self.query(FeedbackPanel)
        return found.first() if found else None

    # -- answering ---------------------------------------------------------------------------

    def _response_ms(self) -> int:
        from cyberquiz.services.answering import response_ms

        return response_ms(self.shown_at, self.now())

    @on(AnswerWidget.Answered)
    def _answered(self, event: AnswerWidget.Answered) -> None:
        event.stop()
        if not self._self_graded(self.card) and self._wait(lambda: self._answered(event)):
            return
        if self.state != "asking" or self.card is None or event.widget is not self.answer_widget:
            return
        if self._self_graded(self.card):
            self.state = "feedback"
            event.widget.freeze()
            self._mount_feedback(None, None)
            return
        self.submit_answer(event.answer)

    def submit_answer(self, answer: Answer) -> None:
        """Grade ``answer``, store it, then show the feedback (storage first, always)."""
        card, answering = self.card, self.answering
        assert card is not None and answering is not None
        try:
            outcome = answering.answer(
                card, answer, now=self.now(), response_ms=self._response_ms()
            )
        except StorageError as error:
            self.cq_app.show_error(error)
            return
        if outcome.sent_back is not None:
            # the checker could not read it: nothing stored, the input stays for another try
            self.notify(outcome.sent_back, title="Try again", severity="warning", markup=False)
            return
        if outcome.clock_notice is not None:
            self.notify(outcome.clock_notice, severity="warning", markup=False, timeout=8)
        self.grade, self.review_id, self.rating = outcome.grade, outcome.review_id, outcome.rating
        self.state = "feedback"
        widget = self.answer_widget
        if widget is not None:
            widget.freeze()
        assert outcome.grade is not None
        self.retype_pending = (
            self.retypes
            and rules_for(card).retypes_after_miss
            and outcome.grade.verdict in RETYPE_AFTER
        )
        self._mount_feedback(outcome.grade, outcome.rating)

    @staticmethod
    def _self_graded(card: Card | None) -> bool:
        """A card the student grades themself (a flip card): rated, never graded."""
        return card is not None and rules_for(card).self_graded

    def _mount_feedback(self, grade: Grade | None, rating: Rating | None) -> None:
        from cyberquiz.tui.widgets.feedback import FeedbackPanel

        assert self.card is not None
        panel = FeedbackPanel(
            self.card,
            grade,
            practice=not self.rates,
            id=f"feedback-{self._generation}",
        )
        body = self.query_one("#study-body", VerticalScroll)
        body.mount(panel)
        bar = self.rating_bar
        bar.display = self.rates
        bar.show(rating, self_rated=self._self_graded(self.card))
        if self.retype_pending:
            retype = self.retype_input
            retype.display = True
            retype.focus()
        else:
            panel.focus()
        self.cq_app.key_guard.arm()
        self._status()
        self.refresh_bindings()

    @on(Input.Submitted, "#retype-input")
    def _retyped(self, event: Input.Submitted) -> None:
        """The student typed the expected answer after a miss: it must be right to go on."""
        from cyberquiz.core.grading import grade as grade_answer

        event.stop()
        card = self.card
        if card is None or not self.retype_pending:
            return
        if grade_answer(card, event.value).verdict in (Verdict.RIGHT, Verdict.ALMOST):
            self.retype_pending = False
            self.show_next()
            return
        self.notify("Not yet: type the expected answer as shown.", severity="warning", timeout=3)

    def _rate_self(self, rating: Rating | None) -> bool:
        """Store a flip card's answer with ``rating``; False when the write failed."""
        card, answering = self.card, self.answering
        assert card is not None and answering is not None
        try:
            outcome = answering.rate_self(
                card, rating, now=self.now(), response_ms=self._response_ms()
            )
        except StorageError as error:
            self.cq_app.show_error(error)
            return False
        self.review_id, self.rating = outcome.review_id, rating
        if outcome.clock_notice is not None:
            self.notify(outcome.clock_notice, severity="warning", markup=False, timeout=8)
        return True

    # -- actions -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "rate":
            return self.state == "feedback" and self.rates
        if action == "next":
            return self.state == "feedback"
        if action in ("bury", "suspend", "flag", "show_origin"):
            return True if self.card is not None else None
        return True

    def action_rate(self, value: int) -> None:
        """Keys 1–4 after the feedback: the rating to store (every kind, flip cards too)."""
        if self._wait(lambda: self.action_rate(value)):
            return
        if self.state != "feedback" or not self.rates:
            return
        rating = Rating(value)
        if self.review_id is None and self._self_graded(self.card):
            if not self._rate_self(rating):
                return
        elif not self.change_rating(rating):
            return
        self.rating_bar.show(rating, self_rated=self._self_graded(self.card))
        self._status()

    def change_rating(self, rating: Rating) -> bool:
        """Store ``rating`` instead of the one stored for the answer just given."""
        assert self.answering is not None
        try:
            self.answering.rerate(rating)
        except StorageError as error:
            self.cq_app.show_error(error)
            return False
        self.rating = rating
        return True

    def on_rating_bar_rating_chosen(self, event: RatingBar.RatingChosen) -> None:
        """A rating was clicked (a handler by name: ``RatingBar`` is imported after the paint)."""
        event.stop()
        self.action_rate(int(event.rating))

    def action_next(self) -> None:
        """Enter after the feedback: the next card, once a rating is chosen."""
        if self._wait(lambda: self.action_next()):
            return
        if self.state != "feedback":
            return
        card = self.card
        if self.retype_pending:
            self.retype_input.focus()
            self.notify("Type the expected answer to go on.", timeout=3)
            return
        if self._self_graded(card) and self.review_id is None:
            if self.rates:
                self.notify("How well did you know it? Press 1–4 first.", timeout=3)
                return
            if not self._rate_self(None):  # practice and preview: seen, no rating
                return
        self.show_next()

    def action_undo(self) -> None:
        """Take back the latest answer, re-rating, bury, suspend or flag, in order."""
        if self._wait(lambda: self.action_undo()):
            return
        answering = self.answering
        if answering is None or not answering.steps:
            self.notify("Nothing to undo.", severity="warning")
            return
        try:
            step = answering.undo()
        except StorageError as error:
            self.cq_app.show_error(error)
            return
        assert step is not None
        self.notify(step.describe(), timeout=2)
        self._after_undo(step)

    def _after_undo(self, step: Step) -> None:
        from cyberquiz.services.answering import StepKind

        if step.kind is StepKind.RATING:
            self.rating = step.rating_before
            if self.card is step.card and self.state == "feedback":
                self.rating_bar.show(self.rating, self_rated=False)
            self._status()
        elif step.kind is StepKind.FLAG:
            for view in self.query(CardView).results():
                if view.card.id == step.card.id:
                    view.set_flagged(step.flagged_before)
        else:  # an answer, a bury or a suspend: the card is asked again
            self.show_card(step.card)

    def action_scroll_body(self, how: str) -> None:
        """Scroll the card and its feedback (keys the focused widget does not use)."""
        body = self.query_one("#study-body", VerticalScroll)
        getattr(body, f"scroll_{how}")(animate=False)

    def action_bury(self) -> None:
        """Put the card away until tomorrow."""
        if self._wait(lambda: self.action_bury()):
            return
        assert self.answering is not None
        if self.card is None:
            return
        try:
            self.answering.bury(self.card, self.now())
        except StorageError as error:
            self.cq_app.show_error(error)
            return
        self.notify(
            "Buried until tomorrow." if self.source.records else "Skipped (preview saves nothing).",
            timeout=2,
        )
        self.show_next()

    def action_suspend(self) -> None:
        """Take the card out of study until it is unsuspended."""
        if self._wait(lambda: self.action_suspend()):
            return
        assert self.answering is not None
        if self.card is None:
            return
        try:
            self.answering.suspend(self.card)
        except StorageError as error:
            self.cq_app.show_error(error)
            return
        self.notify(
            "Suspended." if self.source.records else "Skipped (preview saves nothing).",
            timeout=2,
        )
        self.show_next()

    def action_flag(self) -> None:
        """Flag the card (or remove the flag)."""
        if self._wait(lambda: self.action_flag()):
            return
        if self.card is None or self.answering is None:
            return
        try:
            flagged = self.answering.toggle_flag(self.card)
        except StorageError as error:
            self.cq_app.show_error(error)
            return
        for view in self.query(CardView).results():
            view.set_flagged(flagged)
        self.notify("Flagged." if flagged else "Flag removed.", timeout=2)

    def action_show_origin(self) -> None:
        """Show where the card is written (deck file and line)."""
        if self._wait(lambda: self.action_show_origin()):
            return
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
        if self._wait(lambda: self.action_end()):
            return
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
