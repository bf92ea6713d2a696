"""Answers picked from options: choice, true/false and multi cards."""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from cyberquiz.core.answers import Answer
from cyberquiz.core.cards import (
    ChoiceCard,
    MultiCard,
    TrueFalseCard,
)
from cyberquiz.tui.safe import join, plain
from cyberquiz.tui.widgets.answer_base import LETTERS, AnswerOptionList, AnswerWidget, order_for


def option_key(position: int) -> str:
    """The keys shown beside the option at ``position``: its number (1–9) and its letter."""
    letter = LETTERS[position] if position < len(LETTERS) else " "
    number = str(position + 1) if position < 9 else " "
    return f"{number} {letter}"


def option_position(key: str, count: int) -> int | None:
    """The position that a number (1–9) or letter key picks among ``count`` options, if any."""
    if key.isdigit() and 1 <= int(key) <= min(count, 9):
        return int(key) - 1
    if key in LETTERS[:count]:
        return LETTERS.index(key)
    return None


class _OptionsAnswer(AnswerWidget):
    """Shared by the option kinds: one keyed option list, its prompts redrawn on each change."""

    def shown(self) -> tuple[int, ...]:
        """Card indices in display order."""
        raise NotImplementedError

    def _prompt(self, position: int) -> Content:
        raise NotImplementedError

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


#: the position key of the "don't know" option (graded as not answered, never a guess)
DONT_KNOW_KEY = "0"


class _KeyedChoice(_OptionsAnswer):
    """Shared by choice and true/false: a key, space or a click picks; Enter confirms.

    The last option is "I don't know": it submits no answer, which is graded as not known.
    """

    def init_answer_state(self) -> None:
        self.selected: int | None = None
        #: the student picked "I don't know"
        self.dont_know = False

    def labels(self) -> list[str]:
        raise NotImplementedError

    def key_for(self, position: int) -> str:
        return str(position + 1)

    def compose(self) -> ComposeResult:
        count = len(self.shown())
        yield AnswerOptionList(
            *[Option(self._prompt(p), id=f"opt-{p}") for p in range(count)],
            Option(self._dont_know_prompt(), id="opt-dont-know"),
            id="answer-options",
        )
        yield from self.compose_hint()

    def _dont_know_prompt(self) -> Content:
        mark = "●" if self.dont_know else " "
        return join((f"{mark} {DONT_KNOW_KEY}   ", "bold"), ("I don't know", "italic"))

    def _refresh_prompts(self) -> None:
        super()._refresh_prompts()
        options = self.query_one(AnswerOptionList)
        options.replace_option_prompt_at_index(len(self.shown()), self._dont_know_prompt())

    def _prompt(self, position: int) -> Content:
        index = self.shown()[position]
        mark = "●" if index == self.selected else " "
        return join((f"{mark} {self.key_for(position)} ", "bold"), plain(self.labels()[index]))

    def position_for_key(self, key: str) -> int | None:
        count = len(self.shown())
        if key.isdigit() and 1 <= int(key) <= min(count, 9):
            return int(key) - 1
        return None

    def current_answer(self) -> Answer:
        return self.selected

    @property
    def chosen(self) -> bool:
        """Whether the student has picked something (an option or "I don't know")."""
        return self.selected is not None or self.dont_know

    def set_answer(self, answer: Answer) -> None:
        self.selected = answer if isinstance(answer, int) else None
        self.dont_know = False
        self._refresh_prompts()
        if self.selected is not None:
            self.query_one(AnswerOptionList).highlighted = self.shown().index(self.selected)

    def choose(self, position: int) -> None:
        """Pick the option at ``position`` (the last is "I don't know"); Enter confirms."""
        if self.locked:
            return
        count = len(self.shown())
        self.dont_know = position == count
        self.selected = None if self.dont_know else self.shown()[position]
        self._refresh_prompts()
        self.query_one(AnswerOptionList).highlighted = position
        self.changed()

    def on_key(self, event: events.Key) -> None:
        if self.locked or event.character is None:
            return
        if event.character == DONT_KNOW_KEY:
            event.stop()
            event.prevent_default()
            self.choose(len(self.shown()))
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
        """Enter confirms the pick; with nothing picked it does nothing (never the highlight)."""
        event.stop()
        if self.chosen:
            self.submit()
        else:
            self.notify("Pick an answer first (or 0: I don't know).", timeout=3)


class ChoiceAnswer(_KeyedChoice):
    """Choice cards: keys 1–9 or a–z, space or a click pick; Enter confirms."""

    hint = "Pick with the option's number or letter (0: I don't know), then Enter."
    card: ChoiceCard

    def labels(self) -> list[str]:
        return list(self.card.options)

    def shown(self) -> tuple[int, ...]:
        return order_for(self.order, len(self.card.options))

    def key_for(self, position: int) -> str:
        return option_key(position)

    def position_for_key(self, key: str) -> int | None:
        return option_position(key, len(self.shown()))


class TrueFalseAnswer(_KeyedChoice):
    """True/false cards: ``t`` or ``1`` for true, ``f`` or ``2`` for false."""

    hint = "t / 1 true, f / 2 false, 0 I don't know; then Enter."
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


class MultiAnswer(_OptionsAnswer):
    """Multi cards: space, a click or number/letter keys toggle an option; Enter submits."""

    hint = "Toggle with space, the option's number or letter, or a click. Enter submits."
    card: MultiCard

    def init_answer_state(self) -> None:
        self.chosen: set[int] = set()

    def shown(self) -> tuple[int, ...]:
        return order_for(self.order, len(self.card.options))

    def _prompt(self, position: int) -> Content:
        index = self.shown()[position]
        box = "[x]" if index in self.chosen else "[ ]"
        return join((f"{box} {option_key(position)} ", "bold"), plain(self.card.options[index]))

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
        position = option_position(event.character, len(self.shown()))
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
