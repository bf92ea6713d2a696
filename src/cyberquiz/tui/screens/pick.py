"""Small dialogs: pick an area or tag, type a name."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from cyberquiz.core.areas import cards_by_area
from cyberquiz.core.cards import AREAS, Card
from cyberquiz.core.wording import counted
from cyberquiz.tui.safe import join, plain
from cyberquiz.tui.screens.base import AppModal


def tag_choices(cards: Iterable[Card]) -> list[tuple[str, int]]:
    """Areas first (in their fixed order, each card under its one area, as the statistics
    count them), then other tags by count: ``(tag, cards)``."""
    cards = list(cards)
    counts: Counter[str] = Counter()
    for card in cards:
        counts.update(set(card.tags))
    areas = list(cards_by_area(card.tags for card in cards).items())
    others = sorted(
        ((t, n) for t, n in counts.items() if t not in AREAS), key=lambda tn: (-tn[1], tn[0])
    )
    return areas + others


class PickScreen(AppModal[str | None]):
    """Choose one tag (or area) from a list; dismisses with the tag or ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, choices: Sequence[tuple[str, int]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.title_text), classes="dialog-title")
            options = [
                Option(
                    join(plain(tag), (f"  {counted(count, 'card')}", "dim")),
                    id=f"tag-{i}",
                )
                for i, (tag, count) in enumerate(self.choices)
            ]
            yield OptionList(*options, id="pick-list")

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[event.option_index][0])

    def action_cancel(self) -> None:
        self.dismiss(None)


class AskScreen(AppModal[str | None]):
    """Ask for one line of text; dismisses with it or ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, placeholder: str, value: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.placeholder = placeholder
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.title_text), classes="dialog-title")
            yield Input(value=self.value, placeholder=self.placeholder, id="ask-input")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
