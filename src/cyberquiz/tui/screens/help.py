"""Help: every key of the screen it was opened from."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Static

from cyberquiz.tui.safe import plain
from cyberquiz.tui.screens.base import AppModal

KEY_NAMES = {
    "exclamation_mark": "!",
    "question_mark": "?",
    "escape": "esc",
    "enter": "enter",
    "space": "space",
}


def key_name(key: str) -> str:
    """A key as people write it: ``ctrl+z``, ``!``, ``esc``."""
    return KEY_NAMES.get(key, key)


def binding_rows(app: App[Any], screen: Screen[Any]) -> list[tuple[str, str, str]]:
    """``(keys, what it does, where)`` for every binding of ``screen`` and the app, keys grouped.

    Built from the bindings themselves (not the active ones), so keys that an input field
    takes while typing (plain letters) are listed too.
    """
    rows: list[tuple[str, str, str]] = []
    for node, where in ((screen, "this screen"), (app, "everywhere")):
        grouped: dict[tuple[str, str], list[str]] = {}
        for key, bindings in node._bindings.key_to_bindings.items():
            for binding in bindings:
                if binding.system:
                    continue
                description = binding.description or binding.action.replace("_", " ")
                keys = grouped.setdefault((binding.action, description), [])
                if key_name(key) not in keys:
                    keys.append(key_name(key))
        rows += [(" / ".join(keys), desc, where) for (_, desc), keys in grouped.items()]
    return rows


class HelpScreen(AppModal[None]):
    """The keys of the screen underneath, from its bindings (and the focused widget's)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,f1,question_mark", "close", "Close", id="help.close"),
    ]

    def __init__(self, title: str, rows: list[tuple[str, str, str]], notes: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.rows = rows
        self.notes = notes

    @classmethod
    def for_screen(cls, app: App[Any], screen: Screen[Any]) -> HelpScreen:
        """Help for ``screen``, with the answer widget's keys when one is shown."""
        notes: list[str] = []
        from cyberquiz.tui.widgets.answers import AnswerWidget

        rule = getattr(screen, "HELP_RULE", "")
        if rule:
            notes.append(rule)
        for widget in screen.query(AnswerWidget).results():
            if widget.hint_text and not widget.locked:
                notes.append("Answer: " + widget.hint_text)
        notes.extend(getattr(screen, "HELP_NOTES", ()))  # what keys alone do not say
        title = f"Keys: {screen.__class__.__name__.removesuffix('Screen') or 'screen'}"
        return cls(title, binding_rows(app, screen), notes)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help-dialog"):
            yield Static(plain(self.title_text), classes="dialog-title")
            table: DataTable[Text] = DataTable(
                id="help-table", cursor_type="row", zebra_stripes=True
            )
            table.add_columns("Key", "Does", "Where")
            for keys, desc, where in self.rows:
                table.add_row(Text(keys, style="bold"), Text(desc), Text(where))
            # the rule and the answer's keys first: the table scrolls, they must not
            for note in self.notes:
                yield Static(plain(note), classes="help-note")
            yield table
            yield Static(
                "Esc closes. ctrl+p opens the command palette.", classes="help-note", markup=False
            )

    def action_close(self) -> None:
        self.dismiss(None)
