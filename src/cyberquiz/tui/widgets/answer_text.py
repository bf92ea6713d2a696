"""Answers typed into input lines: typed and date cards, cloze gaps; and flip cards."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Static

from cyberquiz.core.answers import Answer
from cyberquiz.core.cards import (
    ClozeCard,
    DateCard,
    FlipCard,
    NumberCard,
)
from cyberquiz.tui.widgets.answer_base import AnswerWidget


class TextAnswer(AnswerWidget):
    """Typed, date and number cards: one input line; Enter submits."""

    hint = "Type the answer, Enter submits (Enter twice on nothing shows the answer)."
    exam_hint = "Type the answer; Enter goes to the next question."

    def init_answer_state(self) -> None:
        #: an empty Enter was pressed once: the next one shows the answer
        self.empty_pending = False

    def compose(self) -> ComposeResult:
        placeholder = "Your answer"
        card = self.card
        if isinstance(card, DateCard):
            placeholder = {
                "year": "Year, e.g. 2001",
                "month": "Year and month, e.g. 2001-11 or November 2001",
                "day": "Date, e.g. 2001-11-23 or 23 November 2001",
            }[card.precision]
        elif isinstance(card, NumberCard):
            placeholder = "A number, e.g. 67" + (f" {card.unit}" if card.unit else "")
        yield Input(placeholder=placeholder, id="answer-input", select_on_focus=False)
        yield from self.compose_hint()

    def current_answer(self) -> str:
        return self.query_one(Input).value

    def set_answer(self, answer: Answer) -> None:
        self.query_one(Input).value = answer if isinstance(answer, str) else ""

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip() and not self.in_exam and not self.empty_pending:
            # nothing typed: a stray Enter must not reveal the answer, a second one may
            self.empty_pending = True
            self.notify("Nothing typed: press Enter again to see the answer.", timeout=3)
            return
        self.submit()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.empty_pending = False
        self.changed()


class GapInput(Input):
    """One cloze gap; keys and pastes that arrive in a burst go to the gap they were meant for.

    A paste of several lines fills this gap and the ones after it. Without bracketed paste the
    same text comes as keys and Enters, all queued for this gap before the first Enter moves the
    focus: the keys after an Enter are passed on to the gap that Enter moved to (a Tab moves the
    focus as it arrives: ``CyberQuizApp.BINDINGS``).
    """

    @property
    def cloze(self) -> ClozeAnswer | None:
        return next((a for a in self.ancestors if isinstance(a, ClozeAnswer)), None)

    async def _on_key(self, event: events.Key) -> None:
        cloze = self.cloze
        if cloze is None:
            return
        active = cloze.active_gap
        if active is not None and active is not self:
            event.prevent_default()
            event.stop()
            active.post_message(events.Key(event.key, event.character))
        elif event.key == "enter":
            # handled here, not by Input's binding: that would run on the gap focused next
            event.prevent_default()
            event.stop()
            cloze.enter_in(self)

    def _on_focus(self, event: events.Focus) -> None:
        cloze = self.cloze
        if cloze is not None:
            cloze.active_gap = self

    def _on_paste(self, event: events.Paste) -> None:
        lines = event.text.splitlines()
        cloze = self.cloze
        if len(lines) > 1 and cloze is not None:
            event.prevent_default()  # Input keeps only the first line of a paste
            event.stop()
            cloze.paste_lines(self, lines)


class ClozeAnswer(AnswerWidget):
    """Cloze cards: one input per gap, Tab between gaps; Enter goes on, then submits."""

    hint = "Fill each gap; Tab or Enter moves to the next gap, Enter in the last submits."
    card: ClozeCard

    def compose(self) -> ComposeResult:
        for number, gap in enumerate(self.card.gaps, start=1):
            with Horizontal(classes="gap-row"):
                yield Static(f"({number})", classes="gap-label", markup=False)
                placeholder = gap.hint if gap.hint else f"gap {number}"
                yield GapInput(placeholder=placeholder, id=f"gap-{number}", select_on_focus=False)
        yield from self.compose_hint()

    DEFAULT_CSS = """
    ClozeAnswer .gap-row { height: auto; }
    ClozeAnswer .gap-label { width: 5; padding: 1 0 0 1; }
    ClozeAnswer Input { width: 1fr; }
    """

    def init_answer_state(self) -> None:
        #: the gap that keys are meant for (it may not have the focus yet)
        self.active_gap: Input | None = None

    def enter_in(self, gap: Input) -> None:
        """Enter in ``gap``: the next gap takes the keys from now on; in the last, submit."""
        inputs = self._inputs()
        position = inputs.index(gap) if gap in inputs else len(inputs) - 1
        if position < len(inputs) - 1:
            self.active_gap = inputs[position + 1]
            self.screen.set_focus(self.active_gap)
        else:
            self.submit()

    def _inputs(self) -> list[Input]:
        return list(self.query(Input).results(Input))

    def current_answer(self) -> tuple[str, ...]:
        return tuple(i.value for i in self._inputs())

    def set_answer(self, answer: Answer) -> None:
        values = list(answer) if isinstance(answer, tuple) else []
        for i, widget in enumerate(self._inputs()):
            value = values[i] if i < len(values) else ""
            widget.value = value if isinstance(value, str) else ""

    def paste_lines(self, start: Input, lines: list[str]) -> None:
        """Fill the gap ``start`` and the ones after it with ``lines``, one line per gap."""
        inputs = self._inputs()
        position = inputs.index(start) if start in inputs else 0
        for offset, line in enumerate(lines):
            target = position + offset
            if target >= len(inputs):
                break
            if offset == 0:
                inputs[target].insert_text_at_cursor(line)
            else:
                inputs[target].value = line
        last = min(position + len(lines), len(inputs)) - 1
        self.active_gap = inputs[last]
        self.screen.set_focus(inputs[last])
        self.changed()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.changed()


class FlipAnswer(AnswerWidget):
    """Flip cards: space (or Enter, or a click) reveals the back; the student then grades."""

    hint = "Think of the answer, then press space to reveal it."
    card: FlipCard
    can_focus = True

    DEFAULT_CSS = """
    FlipAnswer { height: auto; }
    FlipAnswer #flip-button { height: 3; content-align: center middle; border: round $primary; }
    FlipAnswer:focus #flip-button { border: round $accent; }
    """

    def compose(self) -> ComposeResult:
        yield Static("Show the answer (space)", id="flip-button", markup=False)
        yield from self.compose_hint()

    def focus_input(self) -> None:
        self.focus()

    def current_answer(self) -> None:
        return None

    def set_answer(self, answer: Answer) -> None:
        pass

    def on_key(self, event: events.Key) -> None:
        if not self.locked and event.key in ("space", "enter"):
            event.stop()
            event.prevent_default()
            self.submit()

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.submit()
