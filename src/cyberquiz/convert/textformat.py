"""Moodle's text formats (``[html]``, ``[moodle]``, ``[markdown]``, ``[plain]``) to plain card text.

Cards hold plain text, so marked-up text from other tools is rendered to what a reader of it sees:
HTML through the standard library's HTML parser (tags, comments, scripts and styles gone, entities
decoded), Markdown through markdown-it (the CommonMark reader Rich already brings) and then the
same HTML path. Paragraphs and ``<br>`` become line breaks, list items become ``- item`` or
``1. item`` lines, table cells are joined with `` | ``. Images, audio and video cannot be brought
over; their sources are returned so that the importer can list them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Literal, TypeAlias

TextFormat: TypeAlias = Literal["moodle", "html", "markdown", "plain"]

_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "ul",
    ]
)
_SKIP_CONTENT = frozenset({"script", "style", "head", "title", "template"})
_MEDIA = frozenset({"img", "audio", "video", "source", "object", "embed", "iframe", "track"})
_LINE_BREAK = "\n"
_MEDIA_FILE = re.compile(
    r"\.(mp3|ogg|oga|wav|m4a|aac|flac|mp4|m4v|webm|ogv|mov|avi)([?#].*)?$", re.IGNORECASE
)


@dataclass(slots=True)
class PlainText:
    """Text as a reader sees it, and the media it referred to that plain text cannot hold."""

    text: str
    media: list[str] = field(default_factory=list)


class _Renderer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.media: list[str] = []
        self.lists: list[list[int]] = []  # one entry per open list: [next number] or [] for ul
        self.skipping = 0
        self.pre = 0
        self.cells = 0

    def _break(self) -> None:
        if self.out and not self.out[-1].endswith(_LINE_BREAK):
            self.out.append(_LINE_BREAK)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_CONTENT:
            self.skipping += 1
            return
        if tag in _MEDIA:
            named = dict(attrs)
            source = named.get("src") or named.get("data") or ""
            if source or tag != "source":
                self.media.append(f"{tag} {source}".strip())
            if tag == "img" and named.get("alt"):
                self.out.append(f"[{named['alt']}]")
            return
        if tag == "a":
            href = dict(attrs).get("href") or ""
            # Moodle's media filter plays a link to a sound or video file in place.
            if _MEDIA_FILE.search(href):
                self.media.append(f"link {href}")
        if tag == "br":
            self.out.append(_LINE_BREAK)
            return
        if tag in ("td", "th"):
            if self.cells:
                self.out.append(" | ")
            self.cells += 1
            return
        if tag in _BLOCKS:
            self._break()
        if tag == "tr":
            self.cells = 0
        elif tag == "pre":
            self.pre += 1
        elif tag == "ul":
            self.lists.append([])
        elif tag == "ol":
            start = dict(attrs).get("start") or "1"
            self.lists.append([int(start) if start.isdigit() else 1])
        elif tag == "li":
            indent = "  " * max(len(self.lists) - 1, 0)
            if self.lists and self.lists[-1]:
                number = self.lists[-1][0]
                self.lists[-1][0] += 1
                self.out.append(f"{indent}{number}. ")
            else:
                self.out.append(f"{indent}- ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _MEDIA and tag != "br":
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_CONTENT:
            self.skipping = max(self.skipping - 1, 0)
            return
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        if tag == "pre":
            self.pre = max(self.pre - 1, 0)
        if tag in _BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if not self.pre:
            data = re.sub(r"\s+", " ", data)
            if (self.out and self.out[-1].endswith((_LINE_BREAK, " "))) or not self.out:
                data = data.lstrip(" ")
        self.out.append(data)


def html_to_text(markup: str) -> PlainText:
    """What a browser shows for ``markup``, as plain text with line breaks, and its media."""
    renderer = _Renderer()
    renderer.feed(markup)
    renderer.close()
    text = "".join(renderer.out).replace("\xa0", " ")
    lines = [line.rstrip() for line in text.split(_LINE_BREAK)]
    kept = _LINE_BREAK.join(line for line in lines if line.strip())
    return PlainText(kept.strip(), renderer.media)


def markdown_to_html(text: str) -> str:
    """CommonMark ``text`` as HTML (raw HTML in it is kept, as Moodle's Markdown does)."""
    from markdown_it import MarkdownIt  # deferred: only Markdown-marked imports need it

    return str(MarkdownIt("commonmark", {"breaks": True}).render(text))


def moodle_to_html(text: str) -> str:
    """Moodle auto-format: HTML allowed, and a line break not beside a tag is a ``<br>``."""
    text = re.sub(r">\s+<", "><", text)
    text = re.sub(r"[\r\n]+<", " <", text)
    text = re.sub(r">[\r\n]+", "> ", text)
    return text.replace("\r\n", "\n").replace("\n", "<br>")


def to_plain(text: str, fmt: TextFormat) -> PlainText:
    """``text`` written in Moodle format ``fmt`` as the plain text a reader of it sees.

    Args:
        text: the text, without its ``[format]`` marker.
        fmt: ``plain`` (shown as written), ``html``, ``moodle`` (HTML whose line breaks count)
            or ``markdown``.

    Returns:
        The plain text (surrounding whitespace removed) and the media it referred to.
    """
    if fmt == "plain":
        lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n")]
        return PlainText("\n".join(lines).strip())
    if fmt == "markdown":
        return html_to_text(markdown_to_html(text))
    if fmt == "moodle":
        return html_to_text(moodle_to_html(text))
    return html_to_text(text)
