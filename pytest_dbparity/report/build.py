"""Assembling the report: ``build_report`` puts the sections in order, and
``write_report`` renders the document (Markdown or HTML, by the file's suffix)
into a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pytest_dbparity.approvals import EXCLUDE_APPROVED
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.registry import REGISTRY, kinds_where
from pytest_dbparity.report.context import Context, make_context
from pytest_dbparity.report.inputs import ReportInput
from pytest_dbparity.report.kind_section import KindSection
from pytest_dbparity.report.model import BulletList, Code, Report, Section, rich
from pytest_dbparity.report.sections.accepted import accepted_and_ignored
from pytest_dbparity.report.sections.impact import impact_section
from pytest_dbparity.report.sections.other import other_differences
from pytest_dbparity.report.sections.overview import environment_overview
from pytest_dbparity.report.sections.plan import prioritised_plan
from pytest_dbparity.report.sections.summary import executive_summary
from pytest_dbparity.report.text import SEVERITY_WORD, env_label
from pytest_dbparity.report.to_html import render_html
from pytest_dbparity.report.to_markdown import render_markdown

HTML_SUFFIXES = frozenset({".html", ".htm"})


def kind_sections() -> list[tuple[KindSpec, KindSection]]:
    """The kinds' sections with the kinds that lead them: those of schema kinds,
    then those of data kinds, each group by the sections' ``order``."""
    led = [(s, s.section) for s in REGISTRY if s.section is not None]
    return sorted(led, key=lambda pair: (pair[0].data, pair[1].order))


def _section(ctx: Context, spec: KindSpec, section: KindSection) -> Section:
    return section.build(ctx, kinds_where(report_section=spec.report_section))


def build_report(inp: ReportInput) -> Report:
    """The report document for *inp* (same input, same document).

    Its sections: the executive summary, then numbered, the environment
    overview, the kinds' sections of schema kinds, the other differences, the
    kinds' sections of data kinds, the accepted differences, the impact list and
    the plan.
    """
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
            *(
                (
                    (
                        f"Approved differences are left out of the risk summary, "
                        f"the plan and the fix script ({EXCLUDE_APPROVED}); they "
                        "are listed under accepted differences",
                    ),
                )
                if inp.exclude_approved
                else ()
            ),
        )
    )
    led = kind_sections()
    schema = [_section(ctx, spec, s) for spec, s in led if not spec.data]
    data = [_section(ctx, spec, s) for spec, s in led if spec.data]
    numbered = (
        environment_overview(ctx),
        *schema,
        other_differences(ctx),
        *data,
        accepted_and_ignored(ctx),
        impact_section(ctx),
        prioritised_plan(ctx),
    )
    key_findings = [line for _, s in led for line in s.key_findings(ctx)]
    sections = (
        executive_summary(ctx, key_findings),
        *(Section(f"{n}. {s.title}", s.blocks) for n, s in enumerate(numbered, 1)),
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
