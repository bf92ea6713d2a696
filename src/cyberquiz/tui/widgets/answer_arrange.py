"""Answers arranged from items: order and match cards."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from cyberquiz.core.answers import Answer
from cyberquiz.core.cards import (
    MatchCard,
    OrderCard,
)
from cyberquiz.tui.safe import join, plain
from cyberquiz.tui.widgets.answer_base import LETTERS, AnswerOptionList, AnswerWidget, order_for


class OrderAnswer(AnswerWidget):
    """Order cards: move the highlighted item (ctrl+up/down, K/J) or type the order as digits."""

    hint = "Move the highlighted item: ctrl+↑/↓ or K/J, or type the labels in order. Enter submits."
    card: OrderCard

    def init_answer_state(self) -> None:
        self.initial = order_for(self.order, len(self.card.items))
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

    def init_answer_state(self) -> None:
        count = len(self.card.pairs)
        self.right_order = order_for(self.order, count)
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
