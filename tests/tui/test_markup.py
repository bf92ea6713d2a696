"""Card text is data, never markup: hostile strings show exactly as written in every widget."""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static

from cyberquiz.core.cards import Card
from cyberquiz.core.grading import grade
from cyberquiz.tui.widgets import CardView, FeedbackPanel, make_answer_widget
from support import notices

from .cards import all_kinds
from .helpers import SIZE, WidgetApp, build_app, open_card, screen_text, settle, wait_home

HOSTILE = [
    "[bold]",
    "[/]",
    "a [/b] c",
    "[@click=app.quit]What is 2+2?[/]",
    "[link=https://example.com]x[/link]",
    "matrix[i][j]",
    "$var",
    "$accent",
    "🙂👍🏽",
    "שלום עולם",
    "مرحبا",
    "\\[escaped]",
    "Donaudampfschifffahrtsgesellschaftskapitänswitwe" * 2,
    "[red on blue]",
    "{{not a gap}}",
]

#: a wrong answer per kind, so that the feedback lists given and expected items
WRONG: dict[str, Any] = {
    "typed": "Lyon",
    "date": "1999",
    "choice": 1,
    "multi": frozenset({2}),
    "truefalse": False,
    "cloze": ("1999", "Lyon"),
    "order": (2, 1, 0),
    "match": (1, 2, 0),
    "number": "66",
}

NO_TEXT_IN_INPUT = ("typed", "date", "cloze", "flip", "truefalse", "number")

hostile_text = st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=3).map(" ".join)


class Showcase(WidgetApp):
    """Every widget that shows deck text, for cards of every kind, with feedback to an answer."""

    def __init__(self, cards: list[Card]) -> None:
        super().__init__()
        self.cards = cards

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            for i, card in enumerate(self.cards):
                yield CardView(card, position="1 of 1", id=f"view-{i}")
                widget = make_answer_widget(card, (), id=f"answer-{i}")
                yield widget
                result = None if card.kind == "flip" else grade(card, WRONG[card.kind])
                yield FeedbackPanel(card, result, id=f"feedback-{i}")


def shown_text(node: Any) -> str:
    """The plain text of every Static and option prompt under ``node`` (before wrapping)."""
    parts: list[str] = []
    for static in node.query(Static).results():
        visual = static.visual
        parts.append(visual.plain if isinstance(visual, Content) else str(visual))
    for option_list in node.query(OptionList).results():
        for option in option_list.options:
            prompt = option.prompt
            parts.append(prompt.plain if isinstance(prompt, Content) else str(prompt))
    return "\n".join(parts)


async def _check(text: str) -> None:
    app = Showcase(all_kinds(text))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for i, card in enumerate(app.cards):
            for part in ("#view-", "#answer-", "#feedback-"):
                if part == "#answer-" and card.kind in NO_TEXT_IN_INPUT:
                    continue  # only the question shows deck text for these
                node = app.query_one(f"{part}{i}")
                shown = shown_text(node)
                assert text in shown, (card.kind, part, text)
        assert app.is_running  # a markup error would have ended the app


def every_pair(n: int) -> list[int]:
    """0 … n-1 in an order in which every ordered pair, (i, i) too, stands side by side once:
    a de Bruijn sequence of order 2 (Fredricksen, Kessler and Maiorana), n² + 1 long."""
    word = [0, 0, 0]
    order: list[int] = []

    def extend(t: int, p: int) -> None:
        if t > 2:
            if 2 % p == 0:
                order.extend(word[1 : p + 1])
            return
        word[t] = word[t - p]
        extend(t + 1, p)
        for j in range(word[t - p] + 1, n):
            word[t] = j
            extend(t + 1, t)

    extend(1, 1)
    return [*order, order[0]]


def test_every_pair_is_side_by_side() -> None:
    order = every_pair(len(HOSTILE))
    pairs = set(itertools.pairwise(order))
    assert len(pairs) == len(HOSTILE) ** 2 and len(order) == len(pairs) + 1


async def test_every_pair_of_hostile_strings_shows_as_written_in_every_widget() -> None:
    """One text with every hostile string next to every other (and itself), in both orders:
    what one string opens, the next cannot close or complete, in any widget of any kind."""
    await _check(" ".join(HOSTILE[i] for i in every_pair(len(HOSTILE))))


# Short texts, whole: a hostile string at the very start or end of what a widget shows, or alone.
# Each example builds every widget of every kind (a quarter of a second); the pairs are above.
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=hostile_text)
def test_hostile_text_shows_as_written_in_every_widget(text: str) -> None:
    asyncio.run(_check(text))


async def test_markup_deck_through_the_app(tmp_path: Path) -> None:
    """Home's table, the question, the options and the feedback show the deck text literally."""
    app = build_app(tmp_path, ("markup.yaml",))
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        assert "[bold]Deck[/] with $var" in screen_text(app)
        screen = await open_card(pilot, "m-typed")
        text = screen_text(app)
        assert "[@click=app.quit]What is 2+2?[/] a [/b] c matrix[i][j] $var" in text
        # clicking the would-be link does nothing: the app keeps running
        await pilot.click("#card-question", offset=(2, 1))
        assert app.is_running
        await pilot.press(*"[/]", "enter")
        await settle(pilot)
        text = screen_text(app)
        assert "[bold]4[/]" in text
        assert "[link=x]explain[/link] 🙂 שלום" in text
        assert "[red]source[/red]" in text
        assert "[/] note" in text
        assert screen.grade is not None and not screen.grade.correct
        await open_card(pilot, "m-choice")
        text = screen_text(app)
        for option in ("[/]", "[@click=app.quit]quit[/]", "$accent", "plain"):
            assert option in text


async def test_broken_deck_notice_quotes_problems_literally(tmp_path: Path) -> None:
    app = build_app(tmp_path, ("kinds.yaml", "broken.yaml"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_home(pilot)
        notes = [n for n in notices(app) if "validate" in n.message]
        assert notes, [n.message for n in notices(app)]
        assert "broken.yaml:" in notes[0].message
        assert notes[0].markup is False
        home = app.screen
        assert home.data is not None  # type: ignore[attr-defined]
        assert [s.deck_id for s in home.data.summaries] == ["kinds"]  # type: ignore[attr-defined]
