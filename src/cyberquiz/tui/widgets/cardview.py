"""CardView: the question of a card, shown as data (never markup)."""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from cyberquiz.core.cards import Card, ClozeCard, Kind
from cyberquiz.core.kinds import KINDS, question_text
from cyberquiz.core.kinds.cloze import GAP_BLANK
from cyberquiz.tui.safe import join, plain

#: What each kind asks the student to do, shown in the card header.
KIND_NAMES: dict[Kind, str] = {kind: rules.label for kind, rules in KINDS.items()}


def question_content(card: Card) -> Content:
    """What the card asks, as literal text: ``question_text``, the one text of every screen,
    with a cloze card's blanks highlighted."""
    content = plain(question_text(card))
    if isinstance(card, ClozeCard):
        content = content.highlight_regex(re.escape(GAP_BLANK), style="bold reverse")
    return content


def header_content(card: Card, *, position: str = "", flagged: bool = False) -> Content:
    """``deck · kind · area`` and an optional position such as ``3 of 20``."""
    bits = [card.deck_id, KIND_NAMES[card.kind]]
    if card.area and card.area != card.deck_id:
        bits.append(card.area)
    parts: list[str | Content | tuple[str, str]] = [plain(" · ".join(bits))]
    if flagged:
        parts.append(("  ⚑ flagged", "bold"))
    if position:
        parts.append(("  " + position, "italic"))
    return join(*parts)


class CardView(Widget):
    """The question side of a card: a small header line and the question text."""

    DEFAULT_CSS = """
    CardView { height: auto; padding: 0 1; }
    CardView #card-header { color: $text-muted; height: 1; }
    CardView #card-question { height: auto; padding: 1 0 1 0; text-style: bold; }
    """

    def __init__(
        self,
        card: Card,
        *,
        position: str = "",
        flagged: bool = False,
        id: str | None = "card-view",
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.card = card
        self.position = position
        self.flagged = flagged

    def compose(self) -> ComposeResult:
        yield Static(
            header_content(self.card, position=self.position, flagged=self.flagged),
            id="card-header",
        )
        yield Static(question_content(self.card), id="card-question")

    def set_flagged(self, flagged: bool) -> None:
        """Show or hide the flag mark."""
        self.flagged = flagged
        self.query_one("#card-header", Static).update(
            header_content(self.card, position=self.position, flagged=flagged)
        )
