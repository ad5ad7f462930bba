"""The report on the bundled icraft example: it states what the pair contains.

Builds the example pair (A is prod, B is non-prod), reads both catalogs with their
dependencies, compares them with the example's rules and writes the report as
Markdown and as HTML.
"""

from __future__ import annotations

import html
import importlib.util
import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from pytest_dbparity.catalog.introspect import ReadOptions, read_catalog
from pytest_dbparity.config import DEFAULT_EXCLUDED_SCHEMAS, load_config
from pytest_dbparity.environments import Environment
from pytest_dbparity.findings import compare
from pytest_dbparity.kinds.names import KINDS
from pytest_dbparity.report import ReportInput, write_report
from pytest_dbparity.severity import Severity
from tests.fix_db import PgServer

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CONFIG = EXAMPLES / "dbparity.yaml"
GENERATED_AT = "2025-10-15T12:00:00+00:00"


def _load_build() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "icraft_example_build_report", EXAMPLES / "build.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build_module = _load_build()


@pytest.fixture(scope="module")
def report_input(pg_server: PgServer) -> Iterator[ReportInput]:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    prefix = f"dbparity_reptest_{worker}_{uuid.uuid4().hex[:8]}"
    try:
        dsns = build_module.build(pg_server.admin_dsn, prefix=prefix)
        config = load_config(CONFIG, required=True)
        options = ReadOptions(
            kinds=KINDS,
            exclude_schemas=DEFAULT_EXCLUDED_SCHEMAS,
            migrations_table="supabase_migrations.schema_migrations",
            dependencies=True,
        )
        a = read_catalog(
            Environment(name="prod", label="icraft prod", dsn=dsns["prod"]), options
        )
        b = read_catalog(
            Environment(name="nonprod", label="icraft non-prod", dsn=dsns["nonprod"]),
            options,
        )
        yield ReportInput(
            comparison=compare(a, b, kinds=KINDS, rules=config.rules),
            catalog_a=a,
            catalog_b=b,
            fail_on=Severity.HIGH,
            approved=frozenset(),
            generated_at=GENERATED_AT,
        )
    finally:
        for side in build_module.SIDES:
            pg_server.drop_database(f"{prefix}_{side}")


@pytest.fixture(scope="module")
def written(
    report_input: ReportInput, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, str]:
    out = tmp_path_factory.mktemp("report")
    write_report(out / "report.md", report_input)
    write_report(out / "report.html", report_input)
    return (
        (out / "report.md").read_text("utf-8"),
        (out / "report.html").read_text("utf-8"),
    )


@pytest.fixture(scope="module")
def md(written: tuple[str, str]) -> str:
    return written[0]


def md_section(text: str, title: str) -> str:
    """The Markdown of the top-level section whose heading starts with *title*."""
    for part in text.split("\n## ")[1:]:
        if part.startswith(title):
            return part
    raise AssertionError(f"no section {title!r}")


def md_rows(text: str) -> list[list[str]]:
    """Body rows of the Markdown tables in *text*, as plain text cells."""
    out = []
    for line in text.splitlines():
        if not line.startswith("| ") or line.startswith("| ---"):
            continue
        cells = [
            re.sub(r"\\(.)", r"\1", c.strip().replace("`", "").replace("**", ""))
            for c in line.strip("| ").split(" | ")
        ]
        out.append(cells)
    return out[1:] if out else out


def test_title_and_sides(md: str) -> None:
    assert md.startswith("# Database parity report: prod (A) vs nonprod (B)")
    assert GENERATED_AT in md
    overview = md_section(md, "1. Environment overview")
    assert "| label | icraft prod | icraft non-prod |" in overview
    assert "postgres" not in md.split("## 2.")[0].replace("PostgreSQL", "")


@pytest.mark.parametrize("table", ["public.stories", "public.user_profiles"])
def test_rls_mismatch(md: str, table: str) -> None:
    rls = md_section(md, "3. RLS and policy differences")
    assert f"| `{table}` | `true` | `false` | `false` | `false` |" in rls
    plan = md_section(md, "13. Prioritised plan")
    assert (
        "Enable row level security on `public.stories`, `public.user_profiles` "
        "in B to match A"
    ) in plan


def test_missing_foreign_keys_first(md: str) -> None:
    section = md_section(md, "4. Constraint differences")
    fks = [
        "public.gen_ai_details.gen_ai_details_story_id_fkey",
        "public.stories.stories_last_modified_by_fkey",
        "public.stories.stories_original_user_id_fkey",
    ]
    assert "3 foreign key(s) missing on one side (listed first)" in section
    rows = md_rows(section)
    assert [r[0] for r in rows[:3]] == fks
    assert all(r[1] == "foreign key" and r[3] == "missing" for r in rows[:3])
    assert rows[0][2] == (
        "present: FOREIGN KEY (story_id) REFERENCES public.stories(id) "
        "ON DELETE CASCADE"
    )


def test_check_missed_webhooks_signature(md: str) -> None:
    section = md_section(md, "6. Function differences")
    assert (
        "| `public.check_missed_webhooks` | `() -> jsonb` | "
        "`(hours_back integer DEFAULT 24) -> jsonb` |"
    ) in section
    assert "| `public.get_current_user_id` | `text` | `uuid` |" in section
    assert "`public.calculate_user_credits` - only whitespace or comments" in section


def test_extensions_and_cube_impact(md: str) -> None:
    section = md_section(md, "5. Extension differences")
    assert md_rows(section) == [
        ["citext", "1.6", "1.5", "extensions", "extensions", "version differs LOW"],
        ["cube", "1.5", "1.5", "extensions", "public", "schema differs HIGH"],
        ["hstore", "1.8", "1.7", "extensions", "extensions", "version differs LOW"],
    ]
    impact = md_section(md, "12. Impact")
    assert (
        "extension `cube` → used by (A): type `extensions.cube`, column "
        "`public.custom_images.embedding` (via type `extensions.cube`); (B): type "
        "`public.cube`, column `public.custom_images.embedding` (via type "
        "`public.cube`)"
    ) in impact


def test_deprecated_tables_ignored_with_reason(md: str) -> None:
    section = md_section(md, "11. Accepted and ignored differences")
    rows = {r[0]: r for r in md_rows(section)}
    assert rows["public.stories_original"][4] == (
        "deprecated duplicate of stories in non-prod; never migrate to prod"
    )
    assert rows["public.community_stories_old"][4] == (
        "deprecated in non-prod, replaced by community_stories; never migrate"
    )
    assert rows["public.stories_original"][2].startswith("missing in A (with its 12")
    plan = md_section(md, "13. Prioritised plan")
    assert "public.stories_original`" not in plan
    assert "community_stories_old" not in plan


def test_migration_divergence(md: str) -> None:
    section = md_section(md, "8. Migration history analysis")
    assert "- A: 22 migration(s), last `20251007044651`" in section
    assert "- B: 31 migration(s), last `20251007044535`" in section
    assert (
        "Last common version (the divergence point): `20250522083723` (2025-05-22)"
    ) in section
    assert "### Migrations only in A (11)" in section
    assert "### Migrations only in B (20)" in section
    assert "**2025-06-05** (3): `20250605083723_add_missing_story_fields`" in section
    assert (
        "| `20250731054832` | `webhook_infrastructure_consolidated` | "
        "`webhook_infrastructure` | name, statements |"
    ) in section


def test_data_volume(md: str) -> None:
    rows = {r[0]: r for r in md_rows(md_section(md, "9. Data volume differences"))}
    images = rows["public.custom_images"]
    assert images[4] == "A ahead"
    assert images[2] == "0"
    assert int(images[1].replace(",", "")) > 0
    assert rows["public.activities"][4] == "B ahead"
    assert rows["public.stories_original"][4] == "only in B"


def test_html_has_the_same_extension_rows(written: tuple[str, str]) -> None:
    md, page = written
    match = re.search(
        r'<section id="5-extension-differences">(.*?)</table>', page, re.DOTALL
    )
    assert match is not None
    html_rows = [
        [
            html.unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<td>(.*?)</td>", row, re.DOTALL)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", match.group(1), re.DOTALL)
    ]
    html_rows = [r for r in html_rows if r]
    assert html_rows == md_rows(md_section(md, "5. Extension differences"))
    assert "<script" not in page
    assert "http://" not in page
    assert "https://" not in page
