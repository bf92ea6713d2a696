"""The base of the answer widgets: :class:`AnswerWidget`, its messages, and a keyed OptionList.

All indices in answers refer to the card's own order (see :mod:`cyberquiz.core.answers`); the
``order`` a widget is built with is only how options, items or right-hand sides are *shown*.
A widget posts :class:`AnswerWidget.Answered` when the student submits and
:class:`AnswerWidget.Changed` when the answer changes without being submitted (exam screens use
it to keep answers as they are given).
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList, Static

from cyberquiz.core.answers import Answer
from cyberquiz.core.cards import Card

LETTERS = string.ascii_lowercase


def order_for(order: Sequence[int], count: int) -> tuple[int, ...]:
    """``order`` if it is a permutation of ``range(count)``, else the identity."""
    if sorted(order) == list(range(count)):
        return tuple(order)
    return tuple(range(count))


class AnswerOptionList(OptionList):
    """An OptionList whose Enter submits the answer instead of selecting; space selects."""

    @dataclass
    class SubmitRequested(Message):
        """Enter was pressed in the list."""

        option_list: AnswerOptionList

    async def on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.SubmitRequested(self))
        elif event.key == "space":
            event.stop()
            event.prevent_default()
            self.action_select()


class AnswerWidget(Widget):
    """Base class: the input for one card. Subclasses implement the kind's natural input."""

    DEFAULT_CSS = """
    AnswerWidget { height: auto; }
    AnswerWidget .answer-hint { color: $text-muted; height: auto; }
    AnswerWidget AnswerOptionList { height: auto; }
    """

    #: one line shown under the input, saying which keys answer
    hint: ClassVar[str] = ""
    #: the same in an exam, where nothing is revealed (empty means ``hint``)
    exam_hint: ClassVar[str] = ""

    @dataclass
    class Answered(Message):
        """The student submitted ``answer`` (in the card's own index order)."""

        widget: AnswerWidget
        answer: Answer

        @property
        def control(self) -> AnswerWidget:
            return self.widget

    @dataclass
    class Changed(Message):
        """The answer changed but was not submitted."""

        widget: AnswerWidget
        answer: Answer

        @property
        def control(self) -> AnswerWidget:
            return self.widget

    def __init__(
        self,
        card: Card,
        order: Sequence[int] = (),
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.card = card
        self.order: tuple[int, ...] = tuple(order)
        self.locked = False
        #: shown in an exam: no feedback follows an answer (set before mounting)
        self.in_exam = False
        #: :meth:`take_focus` was asked before the widget was mounted
        self._focus_on_mount = False
        self.init_answer_state()

    def init_answer_state(self) -> None:
        """Set up the kind's own answer state (subclasses; ``card`` and ``order`` are set)."""

    @property
    def hint_text(self) -> str:
        """The hint for where the widget is shown (study or exam)."""
        return (self.exam_hint or self.hint) if self.in_exam else self.hint

    def compose_hint(self) -> ComposeResult:
        if self.hint_text:
            yield Static(self.hint_text, classes="answer-hint", markup=False)

    def current_answer(self) -> Answer:
        """The answer as it stands now."""
        raise NotImplementedError

    def set_answer(self, answer: Answer) -> None:
        """Show ``answer`` (e.g. when going back to a question in an exam)."""
        raise NotImplementedError

    def take_focus(self) -> None:
        """Focus what takes keys once the widget is mounted and laid out (a new question).

        A question's widget is mounted some frames after it is shown: focusing its input "after
        the next refresh" found it unmounted whenever that frame came first, and the student's
        keys then went nowhere.
        """
        if self.is_mounted:
            self.call_after_refresh(self.focus_input)
        else:
            self._focus_on_mount = True

    def on_mount(self) -> None:
        if self._focus_on_mount:
            self._focus_on_mount = False
            self.call_after_refresh(self.focus_input)

    def focus_input(self) -> None:
        """Focus the part of the widget that takes keys."""
        for child in self.query("Input, OptionList").results():
            if child.focusable:
                child.focus()
                return

    def freeze(self) -> None:
        """Stop taking input (after the answer was submitted)."""
        self.locked = True
        for hint in self.query(".answer-hint").results():
            hint.display = False
        for child in self.query("Input, OptionList").results():
            child.disabled = True

    def submit(self) -> None:
        """Post :class:`Answered` with the current answer (once)."""
        if not self.locked:
            self.post_message(self.Answered(self, self.current_answer()))

    def changed(self) -> None:
        self.post_message(self.Changed(self, self.current_answer()))
