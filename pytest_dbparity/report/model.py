"""The report as a small document: sections of paragraphs, lists, tables and code.

Both renderers (Markdown and HTML) walk the same document, so the two outputs
always state the same facts. Text is kept plain here; each renderer escapes it for
its own format.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

#: Colour of a badge: a severity, or a status of an accepted difference.
Tone: TypeAlias = Literal[
    "critical", "high", "medium", "low", "info", "none", "approved", "ignored"
]


@dataclass(frozen=True, slots=True)
class Code:
    """An identifier or a value, shown literally (monospace)."""

    text: str


@dataclass(frozen=True, slots=True)
class Strong:
    """Emphasised text."""

    text: str


@dataclass(frozen=True, slots=True)
class Badge:
    """A short coloured label such as a severity."""

    text: str
    tone: Tone


Inline: TypeAlias = "str | Code | Strong | Badge"
#: A run of inline pieces: one paragraph, list item or table cell.
Rich: TypeAlias = "tuple[Inline, ...]"


@dataclass(frozen=True, slots=True)
class Paragraph:
    content: Rich


@dataclass(frozen=True, slots=True)
class BulletList:
    items: tuple[Rich, ...]


@dataclass(frozen=True, slots=True)
class NumberedList:
    items: tuple[Rich, ...]
    start: int = 1


@dataclass(frozen=True, slots=True)
class TableBlock:
    header: tuple[str, ...]
    rows: tuple[tuple[Rich, ...], ...]


@dataclass(frozen=True, slots=True)
class CodeBlock:
    text: str
    language: str = ""


@dataclass(frozen=True, slots=True)
class Section:
    """A titled part of the report; sections nest (a block may be a section)."""

    title: str
    blocks: tuple[Block, ...]


Block: TypeAlias = (
    "Paragraph | BulletList | NumberedList | TableBlock | CodeBlock | Section"
)


@dataclass(frozen=True, slots=True)
class Report:
    """The whole document: a title, a few lines under it, then the sections."""

    title: str
    intro: tuple[Block, ...]
    sections: tuple[Section, ...]


def rich(*parts: Inline | Rich) -> Rich:
    """Join inline pieces and runs of them into one run; empty strings are dropped."""
    out: list[Inline] = []
    for part in parts:
        if isinstance(part, tuple):
            out.extend(p for p in part if p != "")
        elif part != "":
            out.append(part)
    return tuple(out)


def join(items: list[Rich] | tuple[Rich, ...], sep: str = ", ") -> Rich:
    """Runs joined by a plain separator."""
    out: list[Inline] = []
    for n, item in enumerate(items):
        if n:
            out.append(sep)
        out.extend(item)
    return tuple(out)


def plain_text(content: Rich) -> str:
    """The text of a run without any markup (for tests and previews)."""
    return "".join(p if isinstance(p, str) else p.text for p in content)
