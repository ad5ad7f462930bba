"""The report's section on table contents (kind ``data``): hand-built catalogs
holding what the two-sided comparison leaves on each side."""

from __future__ import annotations

from pytest_dbparity.catalog import Catalog
from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.kinds.data import Data
from pytest_dbparity.kinds.data.report import EMPTY_MEANS, TITLE
from pytest_dbparity.kinds.row_count import RowCount
from pytest_dbparity.report import build_report, render_html, render_markdown
from pytest_dbparity.report.model import Report
from tests.factories import catalog, table
from tests.report_helpers import html_text, make_input, rows, section, text

COLUMNS = ("api_key text", "id integer", "price numeric")
NAMES = ("api_key", "id", "price")


def plans(side: str, **kw: object) -> Data:
    """``public.plans`` after the comparison: 3 rows each side, one only in
    each, one differing in a plain and in a sensitive column."""
    fields: dict[str, object] = {
        "schema": "public",
        "table": "plans",
        "columns": COLUMNS,
        "key_columns": ("id",),
        "content": f"1 only in {side}, 1 differ",
        "rows": ((f"id={3 if side == 'A' else 4}", f"only in {side}"),),
        "values": (
            ("id=2: api_key", f"(hidden: {side}'s value)"),
            ("id=2: price", "10" if side == "A" else "12"),
        ),
        "count": 3,
        "names": NAMES,
        "sensitive": ("api_key",),
        "only": 1,
        "differing": 1,
    }
    fields.update(kw)
    return Data(**fields)  # type: ignore[arg-type]


def simple(name: str, content: str, count: int | None, **kw: object) -> Data:
    return Data(
        schema="public",
        table=name,
        columns=("id integer",),
        key_columns=("id",),
        content=content,
        count=count,
        names=("id",),
        **kw,  # type: ignore[arg-type]
    )


def pair(
    objects_a: list[CatalogObject], objects_b: list[CatalogObject]
) -> tuple[Catalog, Catalog]:
    tables = [table(n) for n in ("plans", "flags", "big", "cats", "images")]
    return (
        catalog("prod", [*tables, *objects_a]),
        catalog("nonprod", [*tables, *objects_b]),
    )


def cats(side: str) -> Data:
    if side == "A":
        return simple(
            "cats",
            "16 only in A, 0 differ",
            16,
            rows=tuple((f"id={i}", "only in A") for i in range(1, 11)),
            only=16,
            differing=0,
        )
    return simple("cats", "0 only in B, 0 differ", 0, only=0, differing=0)


def report_of(a: Catalog, b: Catalog) -> Report:
    return build_report(make_input(a, b))


def full() -> Report:
    a, b = pair(
        [
            plans("A"),
            simple("flags", "2 rows, fingerprint 0123456789abcdef", 2),
            simple("big", "not compared: over budget (2,000,000 rows in A)", None),
            cats("A"),
            RowCount(schema="public", table="images", rows=4458),
            RowCount(schema="public", table="plans", rows=2),  # a stale estimate
        ],
        [
            plans("B"),
            simple("flags", "2 rows, fingerprint 0123456789abcdef", 2),
            simple("big", "not compared: over budget (2,000,000 rows in B)", None),
            cats("B"),
            RowCount(schema="public", table="images", rows=0),
            RowCount(schema="public", table="plans", rows=3),
        ],
    )
    return report_of(a, b)


def test_row_counts_side_by_side_with_what_differs() -> None:
    s = section(full(), TITLE)
    assert s.title == f"10. {TITLE}"
    assert rows(s)[:4] == [
        ["public.big", "not counted", "not counted", "-", "-", "-",
         "not compared: over budget (2,000,000 rows in A); over budget "
         "(2,000,000 rows in B) MEDIUM"],
        ["public.cats", "16", "0", "16", "0", "0", "differ MEDIUM"],
        ["public.flags", "2", "2", "-", "-", "-", "same"],
        ["public.plans", "3", "3", "1", "1", "1", "differ MEDIUM"],
    ]  # fmt: skip
    body = text(s)
    assert (
        "4 table(s) chosen for comparison by contents: 1 the same, 2 differ, 1 not "
        "compared (" in body
    )
    assert "Row counts are exact" in body


def test_each_differing_table_names_its_first_keys_and_hides_values() -> None:
    r = full()
    detail = section(r, "Contents of public.plans")
    body = text(detail)
    assert body.startswith(
        "Rows matched by id; hidden columns (compared by hash, never shown): api_key."
    )
    assert "Only in A (1): id=3" in body
    assert "Only in B (1): id=4" in body
    assert rows(detail) == [
        ["id=2", "api_key", "(hidden)", "(hidden)"],
        ["id=2", "price", "10", "12"],
    ]
    cats_body = text(section(r, "Contents of public.cats"))
    assert "Only in A (the first 10 of 16): id=1, id=2," in cats_body
    # Over budget and equal tables get no detail.
    titles = [
        b.title
        for b in section(r, TITLE).blocks
        if hasattr(b, "title") and b.title.startswith("Contents of")
    ]
    assert titles == ["Contents of public.cats", "Contents of public.plans"]


def test_tables_empty_on_one_side_say_what_it_means() -> None:
    s = section(full(), "Tables empty on one side")
    assert rows(s) == [
        ["public.images", "4,458", "0", "A", "estimated"],
        ["public.cats", "16", "0", "A", "exact"],
    ]
    body = text(s)
    assert EMPTY_MEANS in body
    assert "import or backfill not run" in body
    assert "Counts marked estimated are the planner's" in body


def test_key_findings_and_one_plan_action() -> None:
    r = full()
    summary = text(section(r, "Key findings"))
    assert "Table contents differ in 2 table(s): public.cats, public.plans." in summary
    assert "Table contents not compared in 1 table(s) (over budget" in summary
    assert "2 table(s) hold rows on one side only" in summary
    assert "public.images (4,458 vs 0)" in summary
    plan = text(section(r, "Prioritised plan"))
    assert (
        "reconcile the contents of 2 table(s) public.cats, public.plans: copy the "
        "rows named" in plan
    )
    assert "compare the contents of 1 table(s) not compared public.big (raise" in plan
    assert "Align" not in plan
    # The data kind has its own section: none of it under other differences.
    assert "public.plans" not in text(section(r, "Other differences"))


def test_nothing_compared_says_how_to_ask() -> None:
    a, b = pair(
        [RowCount(schema="public", table="images", rows=5)],
        [RowCount(schema="public", table="images", rows=5)],
    )
    s = section(report_of(a, b), TITLE)
    body = text(s)
    assert body.startswith("No table's contents were compared: name tables in ")
    assert "data.tables" in body
    assert body.endswith("None.")


def test_saved_catalog_side_differs_by_fingerprint_only() -> None:
    a, b = pair(
        [simple("flags", "2 rows, fingerprint 0123456789abcdef", 2)],
        [simple("flags", "2 rows, fingerprint fedcba9876543210", 2)],
    )
    r = report_of(a, b)
    (row,) = rows(section(r, TITLE))[:1]
    assert row[-1].startswith("differ (fingerprints only")
    assert "which rows is not known" in text(section(r, "Contents of public.flags"))


def test_markdown_and_html_state_the_same_facts() -> None:
    r = full()
    md, page = render_markdown(r), html_text(render_html(r))
    for fact in (
        TITLE,
        "`public.plans` | 3 | 3 | 1 | 1 | 1 | differ **MEDIUM**",
        "Only in A (the first 10 of 16): `id=1`",
        "| `id=2` | `price` | `10` | `12` |",
        "| `id=2` | `api_key` | (hidden) | (hidden) |",
        EMPTY_MEANS,
    ):
        assert fact in md, fact
        plain = fact.replace("`", "").replace("**", "").replace(" | ", " ")
        plain = plain.strip("| ")
        words = plain.split()
        assert all(w in page for w in words), fact
    assert "Only in A (the first 10 of 16): id=1" in " ".join(page.split())
    assert "hidden: A's value" not in md


def test_a_table_on_one_side_only() -> None:
    a, b = pair([simple("flags", "2 rows, fingerprint 0123456789abcdef", 2)], [])
    s = section(report_of(a, b), TITLE)
    (row,) = rows(s)
    assert row[:3] == ["public.flags", "2", "no table"]
    assert row[-1].startswith("table only in A")
    assert "1 exist on one side only" in text(s)


def test_data_volume_takes_the_exact_counts_of_compared_tables() -> None:
    volume = {r[0]: r for r in rows(section(full(), "Data volume"))}
    assert volume["public.plans"] == [
        "public.plans", "3", "3", "0", "same", "exact",
    ]  # fmt: skip
    assert volume["public.images"][1:3] == ["4,458", "0"]
    assert volume["public.images"][-1] == "estimated"
