"""Assembling the report: ``build_report`` puts the sections in order, and
``write_report`` renders the document (Markdown or HTML, by the file's suffix)
into a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pytest_dbparity.report.context import make_context
from pytest_dbparity.report.details import (
    constraints,
    environment_overview,
    extensions,
    functions,
    migration_history,
    other,
    rls_and_policies,
    tables_and_columns,
)
from pytest_dbparity.report.inputs import ReportInput
from pytest_dbparity.report.model import BulletList, Code, Report, Section, rich
from pytest_dbparity.report.plan import prioritised_plan
from pytest_dbparity.report.summary import (
    accepted_and_ignored,
    data_volume,
    executive_summary,
    impact_section,
)
from pytest_dbparity.report.text import SEVERITY_WORD, env_label
from pytest_dbparity.report.to_html import render_html
from pytest_dbparity.report.to_markdown import render_markdown

HTML_SUFFIXES = frozenset({".html", ".htm"})


def build_report(inp: ReportInput) -> Report:
    """The report document for *inp* (same input, same document)."""
    ctx = make_context(inp)
    env_a, env_b = inp.catalog_a.env, inp.catalog_b.env
    intro = BulletList(
        (
            rich("Generated: ", Code(inp.generated_at)),
            (f"A: {env_label(env_a)}",),
            (f"B: {env_label(env_b)}",),
            (
                f"Compared kinds: {', '.join(inp.comparison.kinds) or 'none'}; the "
                f"run fails on {SEVERITY_WORD[inp.fail_on]} and above",
            ),
        )
    )
    sections: tuple[Section, ...] = (
        executive_summary(ctx),
        environment_overview(ctx),
        tables_and_columns(ctx),
        rls_and_policies(ctx),
        constraints(ctx),
        extensions(ctx),
        functions(ctx),
        other(ctx),
        migration_history(ctx),
        data_volume(ctx),
        accepted_and_ignored(ctx),
        impact_section(ctx),
        prioritised_plan(ctx),
    )
    title = f"Database parity report: {env_a.name} (A) vs {env_b.name} (B)"
    return Report(title=title, intro=(intro,), sections=sections)


def render(report: Report, path: Path) -> str:
    """HTML when *path* ends in ``.html``/``.htm``, else Markdown."""
    if path.suffix.lower() in HTML_SUFFIXES:
        return render_html(report)
    return render_markdown(report)


def write_report(path: Path, inp: ReportInput) -> None:
    """Write the report to *path* atomically (a reader never sees half a file)."""
    path = Path(path)
    text = render(build_report(inp), path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        # mkstemp makes the file private; a report gets the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
