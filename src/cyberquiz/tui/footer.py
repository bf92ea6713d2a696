"""The footer: the screen's keys on one line, drawn as Textual's ``Footer`` draws them.

Textual's footer is a scrolling container with a widget per key (and one for the palette's key),
rebuilt whenever the bindings may have changed: each new screen, each move of focus. Every key
widget is mounted, styled (with two component styles each), laid out and painted on its own. In
a study flow (Home, a card, its answer) that was a fifth of the app's work. Here the keys are one
widget: it reads the screen's bindings, draws the same cells in the same colours (a test compares
it with Textual's footer, cell by cell, in each theme), and runs a key when it is clicked.

Not carried over: binding groups (no screen of this app has one; their keys are drawn one by one).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.color import Color
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

if TYPE_CHECKING:
    from textual.css.styles import StylesBase
    from textual.screen import Screen


@dataclass(frozen=True)
class FooterKey:
    """One key as the footer shows it."""

    key: str
    display: str
    description: str
    enabled: bool
    tooltip: str


@dataclass(frozen=True)
class _Span:
    """Where a key is drawn: cells ``start`` up to ``end`` of the footer."""

    start: int
    end: int
    key: FooterKey


class Footer(Widget, can_focus=False):
    """The key bindings of the screen, with the command palette's key on the right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "footer--item",
        "footer--item-hover",
        "footer--item-disabled",
        "footer--key",
        "footer--description",
        "footer--palette-border",
    }
    # Textual's FooterKey rules, one component per rule (see _layers for how they stack)
    DEFAULT_CSS = """
    Footer {
        color: $footer-foreground;
        background: $footer-background;
        dock: bottom;
        height: 1;
        width: 1fr;
        .footer--item { background: $footer-item-background; }
        .footer--item-hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        .footer--item-disabled { text-style: dim; }
        .footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer--palette-border { color: $foreground 20%; }
    }
    """

    compact = reactive(False, toggle_class="-compact")
    """Less space around the keys (the exam's footer, where every key must fit 80 columns)."""
    show_command_palette = reactive(True)
    """Show the key that opens the command palette, on the right."""

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        show_command_palette: bool = True,
        compact: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(Footer.show_command_palette, show_command_palette)
        self.set_reactive(Footer.compact, compact)
        self.set_class(compact, "-compact", update=False)
        self._keys: tuple[FooterKey, ...] = ()
        self._palette: FooterKey | None = None
        #: the cells each key was last drawn on (for clicks and hovering)
        self._spans: list[_Span] = []
        #: where each key on the left starts, before any scrolling (for the wheel)
        self._starts: list[int] = []
        self._hover: FooterKey | None = None
        #: cells scrolled off to the left when the keys do not fit
        self._scrolled = 0
        #: (hovered, enabled, component) -> style, for the drawing under way
        self._memo: dict[tuple[bool, bool, str], Style] = {}

    # -- what it shows -------------------------------------------------------------------------

    @property
    def keys(self) -> tuple[FooterKey, ...]:
        """The keys on the left, in binding order (one per action)."""
        return self._keys

    @property
    def palette_key(self) -> FooterKey | None:
        """The command palette's key, on the right (when shown)."""
        return self._palette

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        # (Textual's footer skips this while the terminal is unfocused, to spare a rebuild; a
        # redraw is cheap, so these keys stay true even then)
        if screen is not self.screen:
            return
        keys, palette = self._read(screen)
        if (keys, palette) != (self._keys, self._palette):
            self._keys, self._palette = keys, palette
            self.refresh()

    def _read(self, screen: Screen[object]) -> tuple[tuple[FooterKey, ...], FooterKey | None]:
        """The keys as Textual's footer picks them: shown bindings, the first one per action."""
        app = self.app
        keys: dict[str, FooterKey] = {}
        for _node, binding, enabled, tooltip in screen.active_bindings.values():
            if binding.show and binding.action not in keys:
                keys[binding.action] = FooterKey(
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    enabled,
                    tooltip,
                )
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            found = screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _node, binding, enabled, _tooltip = found
                palette = FooterKey(
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    enabled,
                    binding.tooltip or binding.description,
                )
        return tuple(keys.values()), palette

    # -- drawing -------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        self._memo.clear()  # styles are worked out once per drawing, for each state of a key
        width = self.size.width
        footer = Style(bgcolor=self.background_colors[1].rich_color)  # what Textual leaves blank
        palette = self._palette_segments() if self._palette is not None else []
        room = max(width - sum(s.cell_length for s in palette), 0)
        segments: list[Segment] = []
        spans: list[_Span] = []
        start = 0
        for key in self._keys:
            label = self._label(key, compact=self.compact)
            length = sum(s.cell_length for s in label)
            spans.append(_Span(start, start + length, key))
            segments += label
            start += length
            if self.compact:  # a key's margin: the footer's own background
                segments.append(Segment(" ", footer))
                start += 1
        self._starts = [s.start for s in spans]
        self._scrolled = min(self._scrolled, max(start - room, 0))
        keys = Strip(segments, start).crop(self._scrolled, self._scrolled + room)
        self._spans = [
            _Span(s.start - self._scrolled, s.end - self._scrolled, s.key) for s in spans
        ]
        if self._palette is not None:
            self._spans.append(_Span(room, width, self._palette))
        filler = (
            [Segment(" " * (room - keys.cell_length), footer)] if keys.cell_length < room else []
        )
        return Strip([*keys, *filler, *palette], width)

    def _palette_segments(self) -> list[Segment]:
        """The palette's key: always compact, after a thin rule, docked on the right."""
        assert self._palette is not None
        footer_background = self.background_colors[1]
        background = self._layers(self._palette).bgcolor  # the key's own, over the footer's
        rule = footer_background + self.get_component_styles("footer--palette-border").color
        segments = [
            Segment("▏", Style(color=rule.rich_color, bgcolor=background)),
            *self._label(self._palette, compact=True),
        ]
        if self.compact:  # its margin: the footer's background
            segments.append(Segment(" ", Style(bgcolor=footer_background.rich_color)))
        else:  # its padding: the key's background
            segments.append(Segment(" ", Style(bgcolor=background)))
        return segments

    def _label(self, key: FooterKey, *, compact: bool) -> list[Segment]:
        """``FooterKey.render``: the key, then its description, over the key's own style."""
        item = self._layers(key)
        key_style = item + self._layers(key, "footer--key")
        if not key.description:
            return [Segment(key.display, key_style)]
        key_text = key.display if compact else f" {key.display} "
        description = f" {key.description}" if compact else f"{key.description} "
        return [
            Segment(key_text, key_style),
            Segment(description, item + self._layers(key, "footer--description")),
        ]

    def _item(self, key: FooterKey) -> list[StylesBase]:
        """The styles of the key's own widget in Textual's footer, for its state."""
        names = ["footer--item-hover" if key == self._hover else "footer--item"]
        if not key.enabled:
            names.append("footer--item-disabled")
        return [self.get_component_styles(name) for name in names]

    def _layers(self, key: FooterKey, component: str | None = None) -> Style:
        """``DOMNode.rich_style`` of a node under the key's widget under this footer.

        Textual's footer key is a widget inside the footer and its key and description are
        components of that widget, so their colours stack: the footer's, the key's (normal,
        hovered or disabled), then the component's. The same sum as ``DOMNode.rich_style``,
        with the key's and component's styles as the last two layers.
        """
        memo = (key == self._hover, key.enabled, component or "")
        if memo in self._memo:
            return self._memo[memo]
        layers: list[StylesBase] = [node.styles for node in reversed(self.ancestors_with_self)]
        layers += self._item(key)
        if component is not None:
            layers.append(self.get_component_styles(component))
        background = Color(0, 0, 0, 0)
        color = Color(255, 255, 255, 0)
        style = Style()
        opacity = 1.0
        for styles in layers:
            opacity *= styles.opacity
            if styles.has_rule("background"):
                text_background = background + styles.background.tint(styles.background_tint)
                background += styles.background.tint(styles.background_tint).multiply_alpha(opacity)
            else:
                text_background = background
            if styles.has_rule("color"):
                color = styles.color
            style += styles.text_style
            if styles.has_rule("auto_color") and styles.auto_color:
                color = text_background.get_contrast_text(color.a)
        self._memo[memo] = style + Style.from_color(
            (background + color).rich_color if (background.a or color.a) else None,
            background.rich_color if background.a else None,
        )
        return self._memo[memo]

    # -- the mouse -----------------------------------------------------------------------------

    def _key_at(self, x: int) -> FooterKey | None:
        return next((s.key for s in self._spans if s.start <= x < s.end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self._key_at(event.x))

    def on_leave(self, _event: events.Leave) -> None:
        self._set_hover(None)

    def _set_hover(self, key: FooterKey | None) -> None:
        if key == self._hover:
            return
        self._hover = key
        self.tooltip = key.tooltip if key is not None and key.tooltip else None
        self.styles.pointer = "pointer" if key is not None else "default"
        self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self._key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._scroll_by(1, event)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._scroll_by(-1, event)

    def _scroll_by(self, keys: int, event: events.MouseEvent) -> None:
        """Keys that do not fit come into view a key at a time, as the wheel turns."""
        starts = self._starts
        if not starts:
            return
        here = max((i for i, start in enumerate(starts) if start <= self._scrolled), default=0)
        target = starts[min(max(here + keys, 0), len(starts) - 1)]
        if target != self._scrolled:
            self._scrolled = target
            self.refresh()
            event.stop()
