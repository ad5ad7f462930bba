"""Render a report as one self-contained HTML page (inline CSS, no scripts)."""

from __future__ import annotations

import re
from html import escape

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

CSS = """
:root { color-scheme: light; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: #1f2328; background: #fff; margin: 0; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 32px 64px; }
h1 { font-size: 1.8em; margin: 0.4em 0; }
h2 { font-size: 1.4em; margin-top: 2em; padding-bottom: 0.3em;
  border-bottom: 1px solid #d0d7de; }
h3 { font-size: 1.15em; margin-top: 1.6em; }
h4, h5, h6 { font-size: 1em; margin-top: 1.3em; }
code { font: 0.88em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  background: #f3f4f6; border-radius: 4px; padding: 0.1em 0.3em;
  overflow-wrap: anywhere; }
pre { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px;
  padding: 10px 12px; overflow-x: auto; font-size: 0.85em; }
pre code { background: none; padding: 0; }
table { border-collapse: collapse; margin: 0.8em 0; width: 100%;
  font-size: 0.92em; }
th, td { border: 1px solid #d0d7de; padding: 5px 8px; text-align: left;
  vertical-align: top; }
th { background: #f0f3f6; font-weight: 600; }
tr:nth-child(even) td { background: #f9fafb; }
ul, ol { padding-left: 1.6em; }
li { margin: 0.25em 0; }
nav.toc { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px;
  padding: 8px 16px; margin: 1em 0; }
nav.toc ul { margin: 0.3em 0; padding-left: 0.4em; list-style: none; }
nav.toc a { color: #0969da; text-decoration: none; }
.badge { display: inline-block; border-radius: 10px; padding: 0 0.55em;
  font-size: 0.78em; font-weight: 700; letter-spacing: 0.03em;
  line-height: 1.6; white-space: nowrap; }
.badge.critical { background: #b42318; color: #fff; }
.badge.high { background: #d9480f; color: #fff; }
.badge.medium { background: #f0b429; color: #1f2328; }
.badge.low { background: #2f6fb3; color: #fff; }
.badge.info { background: #8792a2; color: #fff; }
.badge.none { background: #2f8a4c; color: #fff; }
.badge.approved { background: #dff3e4; color: #1a5e32; border: 1px solid #9bd3ab; }
.badge.ignored { background: #eceff3; color: #57606a; border: 1px solid #c6ccd3; }
@media print { main { max-width: none; padding: 0; } nav.toc { display: none; } }
"""


def _inline(piece: Inline) -> str:
    if isinstance(piece, Code):
        return f"<code>{escape(piece.text)}</code>"
    if isinstance(piece, Strong):
        return f"<strong>{escape(piece.text)}</strong>"
    if isinstance(piece, Badge):
        return f'<span class="badge {escape(piece.tone)}">{escape(piece.text)}</span>'
    return escape(piece)


def _rich(content: Rich) -> str:
    return "".join(_inline(p) for p in content)


def slug(title: str, used: set[str]) -> str:
    """A unique ``id`` for a heading."""
    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "section"
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}-{n}", n + 1
    used.add(candidate)
    return candidate


def _block(block: Block, level: int, ids: set[str]) -> list[str]:
    if isinstance(block, Paragraph):
        return [f"<p>{_rich(block.content)}</p>"]
    if isinstance(block, BulletList):
        return ["<ul>", *(f"<li>{_rich(i)}</li>" for i in block.items), "</ul>"]
    if isinstance(block, NumberedList):
        items = (f"<li>{_rich(i)}</li>" for i in block.items)
        return [f'<ol start="{block.start}">', *items, "</ol>"]
    if isinstance(block, TableBlock):
        head = "".join(f"<th>{escape(h)}</th>" for h in block.header)
        rows = (
            "<tr>" + "".join(f"<td>{_rich(c)}</td>" for c in row) + "</tr>"
            for row in block.rows
        )
        return ["<table>", f"<thead><tr>{head}</tr></thead>", "<tbody>", *rows,
                "</tbody>", "</table>"]  # fmt: skip
    if isinstance(block, CodeBlock):
        lang = f' class="language-{escape(block.language)}"' if block.language else ""
        return [f"<pre><code{lang}>{escape(block.text)}</code></pre>"]
    return _section(block, level, ids, slug(block.title, ids))


def _section(section: Section, level: int, ids: set[str], ident: str) -> list[str]:
    h = min(level, 6)
    out = [f'<section id="{ident}">', f"<h{h}>{escape(section.title)}</h{h}>"]
    for block in section.blocks:
        out.extend(_block(block, level + 1, ids))
    out.append("</section>")
    return out


def render_html(report: Report) -> str:
    """The report as one HTML page: no external assets, every text escaped."""
    ids: set[str] = set()
    top = [slug(s.title, ids) for s in report.sections]
    body: list[str] = [f"<h1>{escape(report.title)}</h1>"]
    for block in report.intro:
        body.extend(_block(block, 2, ids))
    if report.sections:
        links = "".join(
            f'<li><a href="#{ident}">{escape(s.title)}</a></li>'
            for s, ident in zip(report.sections, top, strict=True)
        )
        body.append(f'<nav class="toc"><strong>Contents</strong><ul>{links}</ul></nav>')
    for section, ident in zip(report.sections, top, strict=True):
        body.extend(_section(section, 2, ids, ident))
    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(report.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
    ]
    return "\n".join([*head, *body, "</main>", "</body>", "</html>"]) + "\n"
