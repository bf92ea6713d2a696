"""Answer widgets: one per card kind, each with its natural input.

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

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from cyberquiz.core.answers import Answer
from cyberquiz.core.cards import (
    Card,
    ChoiceCard,
    ClozeCard,
    DateCard,
    FlipCard,
    MatchCard,
    MultiCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)
from cyberquiz.tui.safe import join, plain

LETTERS = string.ascii_lowercase


def _order_for(order: Sequence[int], count: int) -> tuple[int, ...]:
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
    AnswerWidget AnswerOptionList { height: auto; max-height: 12; }
    """

    #: one line shown under the input, saying which keys answer
    hint: ClassVar[str] = ""

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

    def compose_hint(self) -> ComposeResult:
        if self.hint:
            yield Static(self.hint, classes="answer-hint", markup=False)

    def current_answer(self) -> Answer:
        """The answer as it stands now."""
        raise NotImplementedError

    def set_answer(self, answer: Answer) -> None:
        """Show ``answer`` (e.g. when going back to a question in an exam)."""
        raise NotImplementedError

    def focus_input(self) -> None:
        """Focus the part of the widget that takes keys."""
        for child in self.query("Input, OptionList").results():
            if child.focusable:
                child.focus()
                return

    def freeze(self) -> None:
        """Stop taking input (after the answer was submitted)."""
        self.locked = True
        self.set_class(True, "-locked")
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


class TextAnswer(AnswerWidget):
    """Typed and date cards: one input line; Enter submits."""

    hint = "Type the answer, Enter submits (empty Enter shows the answer)."

    def compose(self) -> ComposeResult:
        placeholder = "Your answer"
        card = self.card
        if isinstance(card, DateCard):
            placeholder = {
                "year": "Year, e.g. 2001",
                "month": "Year and month, e.g. 2001-11 or November 2001",
                "day": "Date, e.g. 2001-11-23 or 23 November 2001",
            }[card.precision]
        yield Input(placeholder=placeholder, id="answer-input", select_on_focus=False)
        yield from self.compose_hint()

    def current_answer(self) -> str:
        return self.query_one(Input).value

    def set_answer(self, answer: Answer) -> None:
        self.query_one(Input).value = answer if isinstance(answer, str) else ""

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.changed()


class _KeyedChoice(AnswerWidget):
    """Shared by choice and true/false: number or letter keys and clicks pick an option."""

    def __init__(
        self,
        card: Card,
        order: Sequence[int] = (),
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(card, order, id=id, classes=classes)
        self.selected: int | None = None

    def labels(self) -> list[str]:
        raise NotImplementedError

    def shown(self) -> tuple[int, ...]:
        """Card indices in display order."""
        raise NotImplementedError

    def key_for(self, position: int) -> str:
        return str(position + 1)

    def _prompt(self, position: int) -> Content:
        index = self.shown()[position]
        mark = "●" if index == self.selected else " "
        return join((f"{mark} {self.key_for(position)} ", "bold"), plain(self.labels()[index]))

    def compose(self) -> ComposeResult:
        yield AnswerOptionList(
            *[Option(self._prompt(p), id=f"opt-{p}") for p in range(len(self.shown()))],
            id="answer-options",
        )
        yield from self.compose_hint()

    def position_for_key(self, key: str) -> int | None:
        count = len(self.shown())
        if key.isdigit() and 1 <= int(key) <= min(count, 9):
            return int(key) - 1
        return None

    def current_answer(self) -> Answer:
        return self.selected

    def _refresh_prompts(self) -> None:
        options = self.query_one(AnswerOptionList)
        for position in range(len(self.shown())):
            options.replace_option_prompt_at_index(position, self._prompt(position))

    def set_answer(self, answer: Answer) -> None:
        self.selected = answer if isinstance(answer, int) else None
        self._refresh_prompts()
        if self.selected is not None:
            self.query_one(AnswerOptionList).highlighted = self.shown().index(self.selected)

    def choose(self, position: int) -> None:
        """Pick the option shown at ``position`` and submit."""
        if self.locked:
            return
        self.selected = self.shown()[position]
        self._refresh_prompts()
        self.query_one(AnswerOptionList).highlighted = position
        self.changed()
        self.submit()

    def on_key(self, event: events.Key) -> None:
        if self.locked or event.character is None:
            return
        position = self.position_for_key(event.character)
        if position is not None:
            event.stop()
            event.prevent_default()
            self.choose(position)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose(event.option_index)

    @on(AnswerOptionList.SubmitRequested)
    def _enter(self, event: AnswerOptionList.SubmitRequested) -> None:
        event.stop()
        highlighted = event.option_list.highlighted
        if highlighted is not None:
            self.choose(highlighted)
        else:
            self.submit()


class ChoiceAnswer(_KeyedChoice):
    """Choice cards: keys 1–9 or a–z, Enter on the highlighted option, or a click."""

    hint = "Press the option's number or letter, or click it."
    card: ChoiceCard

    def labels(self) -> list[str]:
        return list(self.card.options)

    def shown(self) -> tuple[int, ...]:
        return _order_for(self.order, len(self.card.options))

    def key_for(self, position: int) -> str:
        letter = LETTERS[position] if position < len(LETTERS) else " "
        number = str(position + 1) if position < 9 else " "
        return f"{number} {letter}"

    def position_for_key(self, key: str) -> int | None:
        count = len(self.shown())
        if key in LETTERS[:count]:
            return LETTERS.index(key)
        return super().position_for_key(key)


class TrueFalseAnswer(_KeyedChoice):
    """True/false cards: ``t`` or ``1`` for true, ``f`` or ``2`` for false."""

    hint = "t / 1 true, f / 2 false."
    card: TrueFalseCard

    def labels(self) -> list[str]:
        return ["True", "False"]

    def shown(self) -> tuple[int, ...]:
        return (0, 1)

    def key_for(self, position: int) -> str:
        return ("1 t", "2 f")[position]

    def position_for_key(self, key: str) -> int | None:
        return {"t": 0, "1": 0, "f": 1, "2": 1}.get(key)

    def current_answer(self) -> Answer:
        return None if self.selected is None else self.selected == 0

    def set_answer(self, answer: Answer) -> None:
        super().set_answer(None if answer is None else (0 if answer else 1))


class MultiAnswer(AnswerWidget):
    """Multi cards: space, a click or number/letter keys toggle an option; Enter submits."""

    hint = "Toggle with space, the option's number or letter, or a click. Enter submits."
    card: MultiCard

    def __init__(
        self,
        card: Card,
        order: Sequence[int] = (),
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(card, order, id=id, classes=classes)
        self.chosen: set[int] = set()

    def shown(self) -> tuple[int, ...]:
        return _order_for(self.order, len(self.card.options))

    def _prompt(self, position: int) -> Content:
        index = self.shown()[position]
        box = "[x]" if index in self.chosen else "[ ]"
        letter = LETTERS[position] if position < len(LETTERS) else " "
        number = str(position + 1) if position < 9 else " "
        return join((f"{box} {number} {letter} ", "bold"), plain(self.card.options[index]))

    def compose(self) -> ComposeResult:
        yield AnswerOptionList(
            *[Option(self._prompt(p), id=f"opt-{p}") for p in range(len(self.shown()))],
            id="answer-options",
        )
        yield from self.compose_hint()

    def _refresh_prompts(self) -> None:
        options = self.query_one(AnswerOptionList)
        for position in range(len(self.shown())):
            options.replace_option_prompt_at_index(position, self._prompt(position))

    def current_answer(self) -> frozenset[int]:
        return frozenset(self.chosen)

    def set_answer(self, answer: Answer) -> None:
        self.chosen = set(answer) if isinstance(answer, frozenset | set) else set()
        self._refresh_prompts()

    def toggle(self, position: int) -> None:
        """Toggle the option shown at ``position``."""
        if self.locked:
            return
        index = self.shown()[position]
        self.chosen ^= {index}
        self._refresh_prompts()
        self.query_one(AnswerOptionList).highlighted = position
        self.changed()

    def on_key(self, event: events.Key) -> None:
        if self.locked or event.character is None:
            return
        count = len(self.shown())
        key = event.character
        position: int | None = None
        if key.isdigit() and 1 <= int(key) <= min(count, 9):
            position = int(key) - 1
        elif key in LETTERS[:count]:
            position = LETTERS.index(key)
        if position is not None:
            event.stop()
            event.prevent_default()
            self.toggle(position)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.toggle(event.option_index)

    @on(AnswerOptionList.SubmitRequested)
    def _enter(self, event: AnswerOptionList.SubmitRequested) -> None:
        event.stop()
        self.submit()


class ClozeAnswer(AnswerWidget):
    """Cloze cards: one input per gap, Tab between gaps; Enter goes on, then submits."""

    hint = "Fill each gap; Tab or Enter moves to the next gap, Enter in the last submits."
    card: ClozeCard

    def compose(self) -> ComposeResult:
        for number, gap in enumerate(self.card.gaps, start=1):
            with Horizontal(classes="gap-row"):
                yield Static(f"({number})", classes="gap-label", markup=False)
                placeholder = gap.hint if gap.hint else f"gap {number}"
                yield Input(placeholder=placeholder, id=f"gap-{number}", select_on_focus=False)
        yield from self.compose_hint()

    DEFAULT_CSS = """
    ClozeAnswer .gap-row { height: auto; }
    ClozeAnswer .gap-label { width: 5; padding: 1 0 0 1; }
    ClozeAnswer Input { width: 1fr; }
    """

    def _inputs(self) -> list[Input]:
        return list(self.query(Input).results(Input))

    def current_answer(self) -> tuple[str, ...]:
        return tuple(i.value for i in self._inputs())

    def set_answer(self, answer: Answer) -> None:
        values = list(answer) if isinstance(answer, tuple) else []
        for i, widget in enumerate(self._inputs()):
            value = values[i] if i < len(values) else ""
            widget.value = value if isinstance(value, str) else ""

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = self._inputs()
        position = inputs.index(event.input) if event.input in inputs else len(inputs) - 1
        if position < len(inputs) - 1:
            inputs[position + 1].focus()
        else:
            self.submit()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.changed()


class OrderAnswer(AnswerWidget):
    """Order cards: move the highlighted item (ctrl+up/down, K/J) or type the order as digits."""

    hint = "Move the highlighted item: ctrl+↑/↓ or K/J, or type the labels in order. Enter submits."
    card: OrderCard

    def __init__(
        self,
        card: Card,
        order: Sequence[int] = (),
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(card, order, id=id, classes=classes)
        self.initial = _order_for(self.order, len(card.items))  # type: ignore[union-attr]
        #: card indices in the order the student has put them
        self.arrangement: list[int] = list(self.initial)
        self.typed = ""

    def label(self, index: int) -> str:
        """The fixed label of a card item: its 1-based position when first shown."""
        position = self.initial.index(index)
        return str(position + 1) if position < 9 else LETTERS[position - 9]

    def _prompt(self, index: int) -> Content:
        return join((f"{self.label(index)}  ", "bold"), plain(self.card.items[index]))

    def compose(self) -> ComposeResult:
        yield AnswerOptionList(*[Option(self._prompt(i)) for i in self.arrangement])
        yield Static("", id="typed-order", classes="answer-hint", markup=False)
        yield from self.compose_hint()

    def _refresh(self, highlight: int | None = None) -> None:
        options = self.query_one(AnswerOptionList)
        for position, index in enumerate(self.arrangement):
            options.replace_option_prompt_at_index(position, self._prompt(index))
        if highlight is not None:
            options.highlighted = highlight
        typed = self.query_one("#typed-order", Static)
        typed.update(f"Typed order: {self.typed}" if self.typed else "")

    def current_answer(self) -> tuple[int, ...]:
        return tuple(self.arrangement)

    def set_answer(self, answer: Answer) -> None:
        count = len(self.card.items)
        indices = [a for a in answer if isinstance(a, int)] if isinstance(answer, tuple) else []
        if isinstance(answer, tuple) and len(indices) == len(answer) == count:
            self.arrangement = indices if sorted(indices) == list(range(count)) else []
        else:
            self.arrangement = []
        if not self.arrangement:
            self.arrangement = list(self.initial)
        self._refresh()

    def move(self, delta: int) -> None:
        """Move the highlighted item ``delta`` places (negative is up)."""
        if self.locked:
            return
        options = self.query_one(AnswerOptionList)
        position = options.highlighted
        if position is None:
            return
        target = position + delta
        if not 0 <= target < len(self.arrangement):
            return
        items = self.arrangement
        items[position], items[target] = items[target], items[position]
        self._refresh(highlight=target)
        self.changed()

    def type_label(self, key: str) -> None:
        """Add one typed label; when every item has been named, apply the typed order."""
        labels = {self.label(i): i for i in range(len(self.card.items))}
        if key not in labels or labels[key] in [labels[k] for k in self.typed]:
            return
        self.typed += key
        if len(self.typed) == len(labels):
            self.arrangement = [labels[k] for k in self.typed]
            self.typed = ""
            self._refresh(highlight=0)
            self.changed()
        else:
            self._refresh()

    def on_key(self, event: events.Key) -> None:
        if self.locked:
            return
        key = event.key
        char = event.character or ""
        if key in ("ctrl+up", "shift+up") or char == "K":
            self.move(-1)
        elif key in ("ctrl+down", "shift+down") or char == "J":
            self.move(1)
        elif key == "backspace" and self.typed:
            self.typed = self.typed[:-1]
            self._refresh()
        elif char and char in {self.label(i) for i in range(len(self.card.items))}:
            self.type_label(char)
        else:
            return
        event.stop()
        event.prevent_default()

    @on(AnswerOptionList.SubmitRequested)
    def _enter(self, event: AnswerOptionList.SubmitRequested) -> None:
        event.stop()
        self.submit()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()


class MatchAnswer(AnswerWidget):
    """Match cards: pick a left item (number key, space or click) and then its partner (letter)."""

    hint = "Pick a left item (1–9) then its partner (a–z), or use space / click. Enter submits."
    card: MatchCard

    DEFAULT_CSS = """
    MatchAnswer #match-lists { height: auto; }
    MatchAnswer #match-left, MatchAnswer #match-right { width: 1fr; }
    MatchAnswer #match-pairs { height: auto; padding: 0 1; }
    """

    def __init__(
        self,
        card: Card,
        order: Sequence[int] = (),
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(card, order, id=id, classes=classes)
        count = len(card.pairs)  # type: ignore[union-attr]
        self.right_order = _order_for(self.order, count)
        #: for each left index, the right index paired with it
        self.pairs: list[int | None] = [None] * count
        self.pending_left: int | None = None
        self.pending_right: int | None = None

    def _left_key(self, index: int) -> str:
        return str(index + 1) if index < 9 else " "

    def _right_key(self, position: int) -> str:
        return LETTERS[position] if position < len(LETTERS) else " "

    def _left_prompt(self, index: int) -> Content:
        mark = "▶" if index == self.pending_left else " "
        partner = self.pairs[index]
        suffix = (
            f"  → {self._right_key(self.right_order.index(partner))}" if partner is not None else ""
        )
        return join(
            (f"{mark}{self._left_key(index)} ", "bold"),
            plain(self.card.pairs[index][0]),
            (suffix, "bold"),
        )

    def _right_prompt(self, position: int) -> Content:
        index = self.right_order[position]
        mark = "▶" if index == self.pending_right else " "
        used = index in self.pairs
        return join(
            (f"{mark}{self._right_key(position)} ", "bold"),
            (self.card.pairs[index][1], "dim") if used else plain(self.card.pairs[index][1]),
        )

    def compose(self) -> ComposeResult:
        count = len(self.card.pairs)
        with Horizontal(id="match-lists"):
            yield AnswerOptionList(
                *[Option(self._left_prompt(i)) for i in range(count)], id="match-left"
            )
            yield AnswerOptionList(
                *[Option(self._right_prompt(p)) for p in range(count)], id="match-right"
            )
        yield Static("", id="match-pairs")
        yield from self.compose_hint()

    def _refresh(self) -> None:
        left = self.query_one("#match-left", AnswerOptionList)
        right = self.query_one("#match-right", AnswerOptionList)
        for i in range(len(self.card.pairs)):
            left.replace_option_prompt_at_index(i, self._left_prompt(i))
            right.replace_option_prompt_at_index(i, self._right_prompt(i))
        lines: list[Content] = []
        for i, partner in enumerate(self.pairs):
            if partner is None:
                continue
            lines.append(
                join(
                    (f"{self._left_key(i)} ", "bold"),
                    plain(self.card.pairs[i][0]),
                    ("  ↔  ", "bold"),
                    (f"{self._right_key(self.right_order.index(partner))} ", "bold"),
                    plain(self.card.pairs[partner][1]),
                )
            )
        self.query_one("#match-pairs", Static).update(Content("\n").join(lines))

    def current_answer(self) -> tuple[int | None, ...]:
        return tuple(self.pairs)

    def set_answer(self, answer: Answer) -> None:
        count = len(self.card.pairs)
        pairs: list[int | None] = [None] * count
        if isinstance(answer, tuple):
            for i, partner in enumerate(answer[:count]):
                pairs[i] = partner if isinstance(partner, int) and 0 <= partner < count else None
        self.pairs = pairs
        self.pending_left = self.pending_right = None
        self._refresh()

    def _link(self) -> None:
        if self.pending_left is None or self.pending_right is None:
            return
        # a right item belongs to one left item at a time
        self.pairs = [None if p == self.pending_right else p for p in self.pairs]
        self.pairs[self.pending_left] = self.pending_right
        self.pending_left = self.pending_right = None
        self.changed()

    def pick_left(self, index: int) -> None:
        """Pick (or re-pick) the left item ``index``; pairs it when a right item is pending."""
        if self.locked:
            return
        if self.pending_right is None and self.pairs[index] is not None:
            self.pairs[index] = None  # picking a paired item again undoes its pair
            self.changed()
        self.pending_left = index
        self._link()
        self._refresh()
        if self.pending_left is not None:
            self.query_one("#match-right", AnswerOptionList).focus()
        else:
            self.query_one("#match-left", AnswerOptionList).focus()

    def pick_right(self, position: int) -> None:
        """Pick the right item shown at ``position``; pairs it when a left item is pending."""
        if self.locked:
            return
        self.pending_right = self.right_order[position]
        self._link()
        self._refresh()
        if self.pending_right is None:
            left = self.query_one("#match-left", AnswerOptionList)
            left.focus()
            free = [i for i, p in enumerate(self.pairs) if p is None]
            if free:
                left.highlighted = free[0]

    def on_key(self, event: events.Key) -> None:
        if self.locked or event.character is None:
            return
        count = len(self.card.pairs)
        char = event.character
        if char.isdigit() and 1 <= int(char) <= min(count, 9):
            self.pick_left(int(char) - 1)
        elif char in LETTERS[:count]:
            self.pick_right(LETTERS.index(char))
        else:
            return
        event.stop()
        event.prevent_default()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list.id == "match-left":
            self.pick_left(event.option_index)
        else:
            self.pick_right(event.option_index)

    @on(AnswerOptionList.SubmitRequested)
    def _enter(self, event: AnswerOptionList.SubmitRequested) -> None:
        event.stop()
        self.submit()


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


_WIDGETS: dict[type, type[AnswerWidget]] = {
    FlipCard: FlipAnswer,
    TypedCard: TextAnswer,
    DateCard: TextAnswer,
    ChoiceCard: ChoiceAnswer,
    MultiCard: MultiAnswer,
    TrueFalseCard: TrueFalseAnswer,
    ClozeCard: ClozeAnswer,
    OrderCard: OrderAnswer,
    MatchCard: MatchAnswer,
}


def make_answer_widget(
    card: Card, order: Sequence[int] = (), *, id: str | None = "answer"
) -> AnswerWidget:
    """The answer widget for ``card``'s kind, showing options/items/partners in ``order``.

    Args:
        card: the card being asked.
        order: display order from ``cyberquiz.core.present.presentation(card, rng)``; empty or
            invalid means the card's own order.
        id: the widget id.
    """
    return _WIDGETS[type(card)](card, order, id=id)


__all__ = [
    "AnswerOptionList",
    "AnswerWidget",
    "ChoiceAnswer",
    "ClozeAnswer",
    "FlipAnswer",
    "MatchAnswer",
    "MultiAnswer",
    "OrderAnswer",
    "TextAnswer",
    "TrueFalseAnswer",
    "make_answer_widget",
]
