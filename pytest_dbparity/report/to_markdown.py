"""Render a report as Markdown (CommonMark with GitHub tables)."""

from __future__ import annotations

import re

from pytest_dbparity.report.model import (
    Badge,
    Block,
    BulletList,
    Code,
    CodeBlock,
    Inline,
    NumberedList,
    Paragraph,
    Report,
    Rich,
    Section,
    Strong,
    TableBlock,
)

# Every ASCII punctuation character may be backslash-escaped in CommonMark; these
# are the ones that could start markup (or raw HTML) inside a line.
_SPECIAL = re.compile(r"([\\`*\[\]<>|&#!~])")
# An underscore inside a word never starts emphasis; elsewhere it may.
_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")


def escape(text: str) -> str:
    """Plain text, safe in a Markdown line (no markup, no raw HTML)."""
    text = _SPECIAL.sub(r"\\\1", " ".join(text.split("\n")))
    return _UNDERSCORE.sub(r"\\_", text)


def code_span(text: str) -> str:
    text = " ".join(text.splitlines()) if "\n" in text else text
    if not text.strip():
        return escape(text) or "(empty)"
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def inline(piece: Inline) -> str:
    if isinstance(piece, Code):
        return code_span(piece.text)
    if isinstance(piece, Strong):
        return f"**{escape(piece.text)}**"
    if isinstance(piece, Badge):
        return f"**{escape(piece.text)}**"
    return escape(piece)


def line(content: Rich) -> str:
    return "".join(inline(p) for p in content)


def _cell(content: Rich) -> str:
    # Inside a table a pipe ends the cell, even in a code span, unless escaped
    # (plain text has its pipes escaped already).
    out = []
    for p in content:
        text = inline(p)
        if isinstance(p, Code):
            text = text.replace("|", "\\|")
        out.append(text)
    return "".join(out) or " "


def _table(t: TableBlock) -> list[str]:
    width = len(t.header)
    lines = [
        "| " + " | ".join(escape(h) or " " for h in t.header) + " |",
        "|" + "|".join(" --- " for _ in range(width)) + "|",
    ]
    for row in t.rows:
        cells = [_cell(c) for c in row]
        cells += [" "] * (width - len(cells))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _code_block(block: CodeBlock) -> list[str]:
    longest = max((len(m) for m in re.findall(r"`{3,}", block.text)), default=2)
    fence = "`" * (longest + 1)
    return [f"{fence}{block.language}", *block.text.splitlines(), fence]


def _block(block: Block, level: int) -> list[str]:
    if isinstance(block, Paragraph):
        return [line(block.content)]
    if isinstance(block, BulletList):
        return [f"- {line(item)}" for item in block.items]
    if isinstance(block, NumberedList):
        return [f"{n}. {line(item)}" for n, item in enumerate(block.items, block.start)]
    if isinstance(block, TableBlock):
        return _table(block)
    if isinstance(block, CodeBlock):
        return _code_block(block)
    return _section(block, level)


def _section(section: Section, level: int) -> list[str]:
    out = [f"{'#' * min(level, 6)} {escape(section.title)}"]
    for block in section.blocks:
        out.append("")
        out.extend(_block(block, level + 1))
    return out


def render_markdown(report: Report) -> str:
    """The report as one Markdown document (ends with a newline)."""
    out = [f"# {escape(report.title)}"]
    for block in report.intro:
        out.append("")
        out.extend(_block(block, 2))
    for section in report.sections:
        out.append("")
        out.append("---")
        out.append("")
        out.extend(_section(section, 2))
    return "\n".join(out) + "\n"
