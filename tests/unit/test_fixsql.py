"""Unit tests of the reconciling SQL, from hand-built catalogs (no database).

Every script is also parsed with PostgreSQL's own parser (through pglast), so a
quoting mistake shows up as a syntax error, not only as a missed string.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from typing import Any

import pytest
from pglast import parse_sql

from pytest_dbparity.catalog import Catalog, EnvInfo
from pytest_dbparity.core.identifiers import split_name
from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.findings import Comparison, compare
from pytest_dbparity.fixsql import DESTRUCTIVE_PREFIX, Direction, generate_fix_sql
from pytest_dbparity.fixsql._sql import referenced_names
from pytest_dbparity.kinds.column import Column
from pytest_dbparity.kinds.column.dependents import keeps_data, requalify
from pytest_dbparity.kinds.constraint import Constraint
from pytest_dbparity.kinds.extension import Extension
from pytest_dbparity.kinds.extension.fix import is_downgrade
from pytest_dbparity.kinds.function import Function
from pytest_dbparity.kinds.index import Index
from pytest_dbparity.kinds.migration import Migration
from pytest_dbparity.kinds.names import KINDS, Kind
from pytest_dbparity.kinds.policy import Policy
from pytest_dbparity.kinds.privilege import Privilege
from pytest_dbparity.kinds.privilege.fix import parse_privileges
from pytest_dbparity.kinds.rls import Rls
from pytest_dbparity.kinds.row_count import RowCount
from pytest_dbparity.kinds.schema import Schema
from pytest_dbparity.kinds.sequence import Sequence as Seq
from pytest_dbparity.kinds.table import Table
from pytest_dbparity.kinds.trigger import Trigger
from pytest_dbparity.kinds.type import Type
from pytest_dbparity.kinds.view import View
from pytest_dbparity.kinds.view.fix import view_column_names
from pytest_dbparity.severity import Rule

# ------------------------------------------------------------------- builders


def catalog(name: str, objects: Iterable[CatalogObject]) -> Catalog:
    by_kind: dict[Kind, dict[str, CatalogObject]] = {}
    for obj in objects:
        by_kind.setdefault(obj.kind, {})[obj.key] = obj
    return Catalog(
        env=EnvInfo(
            name=name,
            label=f"{name} label",
            host="db.internal.example",
            port="6543",
            dbname="secret_db",
            user="admin",
        ),
        objects=by_kind,
    )


def comparison(
    a: Iterable[CatalogObject],
    b: Iterable[CatalogObject],
    rules: Sequence[Rule] = (),
) -> Comparison:
    return compare(catalog("prod", a), catalog("staging", b), kinds=KINDS, rules=rules)


def fix(
    a: Iterable[CatalogObject],
    b: Iterable[CatalogObject],
    direction: Direction = "a-to-b",
    **kwargs: Any,
) -> str:
    script = generate_fix_sql(comparison(a, b), direction=direction, **kwargs)
    parse_sql(script)  # valid SQL, comments included
    return script


def table(name: str, schema: str = "public", **over: Any) -> Table:
    values: dict[str, Any] = {
        "schema": schema,
        "name": name,
        "table_type": "ordinary",
        "persistence": "permanent",
        "owner": "postgres",
    }
    values.update(over)
    return Table(**values)


def column(
    table_name: str,
    name: str,
    type_: str = "integer",
    schema: str = "public",
    **over: Any,
) -> Column:
    values: dict[str, Any] = {
        "schema": schema,
        "table": table_name,
        "name": name,
        "type": type_,
        "not_null": False,
    }
    values.update(over)
    return Column(**values)


def function(
    name: str, args: str = "", body: str = " select 1 ", **over: Any
) -> Function:
    values: dict[str, Any] = {
        "schema": "public",
        "name": name,
        "identity_arguments": args,
        "function_type": "function",
        "arguments": args,
        "result": "integer",
        "language": "sql",
        "volatility": "volatile",
        "strict": False,
        "security_definer": False,
        "leakproof": False,
        "parallel": "unsafe",
        "body": body,
        "owner": "postgres",
    }
    values.update(over)
    kind = "PROCEDURE" if values["function_type"] == "procedure" else "FUNCTION"
    returns = "" if values["result"] is None else f"\n RETURNS {values['result']}"
    values.setdefault(
        "definition",
        f"CREATE OR REPLACE {kind} public.{name}({values['arguments']}){returns}\n"
        f" LANGUAGE sql\nAS $function${values['body']}$function$\n",
    )
    return Function(**values)


def privilege(
    object_type: str,
    schema: str | None,
    name: str,
    grants: dict[str, str],
    **over: Any,
) -> Privilege:
    return Privilege(
        object_type=object_type,
        schema=schema,
        name=name,
        grants=tuple(sorted(grants.items())),
        **over,
    )


def statements(script: str) -> list[str]:
    """The executed (uncommented) lines of a script."""
    return [ln for ln in script.splitlines() if ln and not ln.startswith("--")]


def blocks(script: str) -> list[list[str]]:
    return [b.strip().splitlines() for b in script.split("\n\n") if b.strip()]


# ---------------------------------------------------------------- the script


def test_header_and_transaction() -> None:
    script = fix([table("t")], [])
    head, _, rest = script.partition("BEGIN;")
    assert all(line.startswith("--") for line in head.strip().splitlines())
    assert "generated by pytest-dbparity" in head
    assert "Direction a-to-b: make B match A." in head
    assert 'Source (the truth): A, environment "prod" (prod label).' in head
    assert 'Target (run this script there): B, environment "staging"' in head
    assert "Review before running; the tool never runs this script." in head
    assert rest.rstrip().endswith("COMMIT;")
    assert script.count("BEGIN;") == 1
    assert script.count("COMMIT;") == 1
    # Nothing that locates or dates the environments.
    for secret in ("db.internal.example", "6543", "secret_db", "admin"):
        assert secret not in script
    assert not re.search(r"\d{4}-\d{2}-\d{2}", script)


def test_identical_catalogs_give_an_empty_transaction() -> None:
    objs = [
        table("t"),
        column("t", "id"),
        Rls(schema="public", table="t", enabled=True, forced=False),
    ]
    script = fix(objs, objs)
    assert "-- Nothing to reconcile." in script
    assert statements(script) == [
        "BEGIN;",
        "SET LOCAL check_function_bodies = off;",
        "COMMIT;",
    ]


def test_every_statement_names_the_findings_it_resolves() -> None:
    a = [
        table("t"),
        column("t", "id", not_null=True),
        column("t", "extra", "text"),
        Rls(schema="public", table="t", enabled=True, forced=True),
        function("f"),
    ]
    b = [
        table("t"),
        column("t", "id"),
        Rls(schema="public", table="t", enabled=False, forced=False),
        table("old"),
    ]
    script = fix(a, b, allow_destructive=True)
    for block in blocks(script)[1:]:
        code = [ln for ln in block if not ln.startswith("--")]
        if not code or code[0] in ("BEGIN;", "COMMIT;") or code[0].startswith("SET"):
            continue
        assert any(ln.startswith("-- fixes [") for ln in block), block


def test_output_is_deterministic() -> None:
    a = [table(f"t{i}") for i in range(8)] + [column("t1", f"c{i}") for i in range(5)]
    b = [table("t0"), table("gone")]
    first = fix(a, b)
    shuffled = a[:]
    random.Random(7).shuffle(shuffled)
    assert fix(shuffled, list(reversed(b))) == first
    assert fix(a, b) == first


def test_direction_b_to_a_swaps_source_and_target() -> None:
    a = [Rls(schema="public", table="t", enabled=True, forced=False), table("t")]
    b = [Rls(schema="public", table="t", enabled=False, forced=False), table("t")]
    forward = fix(a, b, "a-to-b")
    backward = fix(a, b, "b-to-a")
    assert 'ALTER TABLE "public"."t" ENABLE ROW LEVEL SECURITY;' in forward
    assert 'ALTER TABLE "public"."t" DISABLE ROW LEVEL SECURITY;' in backward
    assert "Direction b-to-a: make A match B." in backward
    assert 'Source (the truth): B, environment "staging"' in backward
    # The same as comparing the other way round.
    swapped = generate_fix_sql(
        compare(catalog("staging", b), catalog("prod", a), kinds=KINDS),
        direction="a-to-b",
    )
    assert statements(swapped) == statements(backward)


def test_unknown_direction_is_an_error() -> None:
    with pytest.raises(ValueError, match="direction"):
        generate_fix_sql(comparison([], []), direction="up")  # type: ignore[arg-type]


# -------------------------------------------------------------- identifiers


WEIRD_SCHEMA = "a.b"
WEIRD_TABLE = "My Table"


def test_weird_identifiers_are_quoted() -> None:
    t = table(WEIRD_TABLE, schema=WEIRD_SCHEMA)
    cols = [
        column(WEIRD_TABLE, "Straße", schema=WEIRD_SCHEMA),
        column(WEIRD_TABLE, 'say "hi"', "text", schema=WEIRD_SCHEMA, comment="it's"),
    ]
    grants = privilege(
        "table", WEIRD_SCHEMA, WEIRD_TABLE, {'Role "X"': "SELECT", "postgres": "ALL"}
    )
    script = fix([Schema(name=WEIRD_SCHEMA, owner="postgres"), t, *cols, grants], [])
    assert 'CREATE SCHEMA "a.b";' in script
    assert 'CREATE TABLE "a.b"."My Table" (' in script
    assert '    "Straße" integer,' in script
    assert '    "say ""hi""" text' in script
    assert 'GRANT SELECT ON TABLE "a.b"."My Table" TO "Role ""X""";' in script
    assert 'COMMENT ON COLUMN "a.b"."My Table"."say ""hi""" IS \'it\'\'s\';' in script


def test_line_breaks_in_names_cannot_escape_comments() -> None:
    evil = "x\nDROP TABLE victim; --"
    a = [table(evil), Rls(schema="public", table=evil, enabled=True, forced=False)]
    b = [table(evil), Rls(schema="public", table=evil, enabled=False, forced=False)]
    script = fix(a, b)
    assert "DROP TABLE victim" not in statements(script)
    assert [type(s.stmt).__name__ for s in parse_sql(script)] == [
        "TransactionStmt",
        "VariableSetStmt",
        "AlterTableStmt",
        "TransactionStmt",
    ]


# ------------------------------------------------------------- destructive


def test_destructive_statements_are_commented_out_unless_allowed() -> None:
    a = [table("keep")]
    b = [table("keep"), table("old"), column("old", "id"), column("keep", "gone")]
    script = fix(a, b)
    assert f'{DESTRUCTIVE_PREFIX}DROP TABLE "public"."old";' in script
    assert (
        f'{DESTRUCTIVE_PREFIX}ALTER TABLE "public"."keep" DROP COLUMN "gone";' in script
    )
    assert not [s for s in statements(script) if "DROP" in s]
    # The dropped table's column needs no statement of its own.
    assert 'DROP COLUMN "id"' not in script
    allowed = fix(a, b, allow_destructive=True)
    assert 'DROP TABLE "public"."old";' in statements(allowed)
    assert 'ALTER TABLE "public"."keep" DROP COLUMN "gone";' in statements(allowed)
    assert DESTRUCTIVE_PREFIX not in allowed


def test_multi_line_destructive_statements_are_commented_line_by_line() -> None:
    script = fix([], [function("f", body="\nselect 1;\r\nselect 2\n")])
    assert statements(script) == [
        "BEGIN;",
        "SET LOCAL check_function_bodies = off;",
        "COMMIT;",
    ]
    assert f'{DESTRUCTIVE_PREFIX}DROP FUNCTION "public"."f"();' in script


def test_lossy_type_change_is_destructive_widening_is_not() -> None:
    a = [table("t"), column("t", "n", "integer"), column("t", "w", "bigint")]
    b = [table("t"), column("t", "n", "bigint"), column("t", "w", "integer")]
    script = fix(a, b)
    narrow = (
        'ALTER TABLE "public"."t" ALTER COLUMN "n" TYPE integer USING "n"::integer;'
    )
    wide = 'ALTER TABLE "public"."t" ALTER COLUMN "w" TYPE bigint USING "w"::bigint;'
    assert DESTRUCTIVE_PREFIX + narrow in script
    assert wide in statements(script)


# ---------------------------------------------------------------- accepted


def test_accepted_findings_and_objects_are_skipped() -> None:
    a = [table("t"), table("u"), column("t", "c", default="1")]
    b = [table("t"), column("t", "c", default="2")]
    rules = [Rule(kind="column", attribute="default", ignore=True, reason="ok")]
    by_rule = generate_fix_sql(comparison(a, b, rules), direction="a-to-b")
    assert "SET DEFAULT" not in by_rule
    assert 'CREATE TABLE "public"."u"' in by_rule
    assert "accepted and skipped: 1" in by_rule
    by_snapshot = generate_fix_sql(
        comparison(a, b), direction="a-to-b", accepted=[("table", "public.u")]
    )
    assert 'CREATE TABLE "public"."u"' not in by_snapshot
    assert 'ALTER TABLE "public"."t" ALTER COLUMN "c" SET DEFAULT 1;' in by_snapshot


def test_children_of_an_accepted_missing_table_are_not_created() -> None:
    a = [
        table("u"),
        column("u", "id"),
        Rls(schema="public", table="u", enabled=True, forced=False),
    ]
    script = generate_fix_sql(
        comparison(a, []), direction="a-to-b", accepted=[("table", "public.u")]
    )
    assert "ADD COLUMN" not in script
    assert "ROW LEVEL SECURITY;" not in script
    assert "-- why: table public.u is not created" in script


# ------------------------------------------------------------- per kind


def test_rls_enable_disable_force() -> None:
    a = [
        table("t"),
        Rls(schema="public", table="t", enabled=True, forced=True),
        table("u"),
        Rls(schema="public", table="u", enabled=False, forced=False),
    ]
    b = [
        table("t"),
        Rls(schema="public", table="t", enabled=False, forced=False),
        table("u"),
        Rls(schema="public", table="u", enabled=True, forced=True),
    ]
    script = fix(a, b)
    for line in (
        'ALTER TABLE "public"."t" ENABLE ROW LEVEL SECURITY;',
        'ALTER TABLE "public"."t" FORCE ROW LEVEL SECURITY;',
        'ALTER TABLE "public"."u" DISABLE ROW LEVEL SECURITY;',
        'ALTER TABLE "public"."u" NO FORCE ROW LEVEL SECURITY;',
    ):
        assert line in statements(script)
    assert "-- fixes [critical] rls public.t: enabled (A: true, B: false)" in script


def policy(name: str, **over: Any) -> Policy:
    values: dict[str, Any] = {
        "schema": "public",
        "table": "t",
        "name": name,
        "command": "SELECT",
        "permissive": "PERMISSIVE",
        "roles": ("public",),
        "using": "true",
    }
    values.update(over)
    return Policy(**values)


def test_policies_create_replace_drop() -> None:
    a = [
        table("t"),
        policy("Read all"),
        policy(
            "own",
            command="UPDATE",
            roles=("anon", "Auth Role"),
            using="(a > 0)",
            with_check="(a < 9)",
        ),
    ]
    b = [table("t"), policy("own", using="(a > 1)"), policy("old")]
    script = fix(a, b)
    lines = statements(script)
    assert 'DROP POLICY "old" ON "public"."t";' in lines
    assert 'DROP POLICY "own" ON "public"."t";' in lines
    assert 'CREATE POLICY "Read all" ON "public"."t"' in lines
    assert "    TO PUBLIC" in lines
    assert '    TO "anon", "Auth Role"' in lines
    assert "    AS PERMISSIVE FOR UPDATE" in lines
    assert "    WITH CHECK ((a < 9));" in lines
    # Drops come before creates.
    assert lines.index('DROP POLICY "own" ON "public"."t";') < lines.index(
        'CREATE POLICY "own" ON "public"."t"'
    )


def fk(name: str, **over: Any) -> Constraint:
    values: dict[str, Any] = {
        "schema": "public",
        "table": "child",
        "name": name,
        "constraint_type": "foreign key",
        "columns": ("parent_id",),
        "ref_table": "public.parent",
        "ref_columns": ("id",),
        "on_update": "NO ACTION",
        "on_delete": "CASCADE",
        "definition": "FOREIGN KEY (parent_id) REFERENCES public.parent(id) "
        "ON DELETE CASCADE",
    }
    values.update(over)
    return Constraint(**values)


def pkey(table_name: str) -> Constraint:
    return Constraint(
        schema="public",
        table=table_name,
        name=f"{table_name}_pkey",
        constraint_type="primary key",
        columns=("id",),
        definition="PRIMARY KEY (id)",
    )


def test_foreign_key_is_added_not_valid_then_validated() -> None:
    base = [table("parent"), table("child")]
    script = fix([*base, pkey("parent"), fk("child_parent_fk")], base)
    lines = statements(script)
    add = (
        'ALTER TABLE "public"."child" ADD CONSTRAINT "child_parent_fk" FOREIGN KEY '
        "(parent_id) REFERENCES public.parent(id) ON DELETE CASCADE NOT VALID;"
    )
    validate = 'ALTER TABLE "public"."child" VALIDATE CONSTRAINT "child_parent_fk";'
    primary = (
        'ALTER TABLE "public"."parent" ADD CONSTRAINT "parent_pkey" PRIMARY KEY (id);'
    )
    assert lines.index(primary) < lines.index(add) < lines.index(validate)
    assert (
        '-- orphans: SELECT count(*) FROM "public"."child" c WHERE c."parent_id" IS '
        'NOT NULL AND NOT EXISTS (SELECT 1 FROM public.parent p WHERE p."id" = '
        'c."parent_id");'
    ) in script


def test_constraint_changes() -> None:
    a = [
        table("child"),
        fk("v"),
        fk("d", deferrable=True, initially_deferred=True),
        fk(
            "x",
            on_delete="NO ACTION",
            definition="FOREIGN KEY (parent_id) REFERENCES public.parent(id)",
        ),
    ]
    b = [
        table("child"),
        fk("v", validated=False, definition=fk("v").definition + " NOT VALID"),
        fk("d"),
        fk("x"),
        pkey("child"),
    ]
    lines = statements(fix(a, b))
    assert 'ALTER TABLE "public"."child" VALIDATE CONSTRAINT "v";' in lines
    assert (
        'ALTER TABLE "public"."child" ALTER CONSTRAINT "d" DEFERRABLE INITIALLY '
        "DEFERRED;"
    ) in lines
    drop_fk = 'ALTER TABLE "public"."child" DROP CONSTRAINT "x";'
    drop_pk = 'ALTER TABLE "public"."child" DROP CONSTRAINT "child_pkey";'
    assert lines.index(drop_fk) < lines.index(drop_pk)  # foreign keys first
    assert any(
        ln.startswith('ALTER TABLE "public"."child" ADD CONSTRAINT "x"') for ln in lines
    )


def test_columns_add_drop_alter() -> None:
    a = [
        table("t"),
        column("t", "typed", "bigint", default="0"),
        column("t", "d", default="'x'::text"),
        column("t", "nn", not_null=True),
        column("t", "ident", not_null=True, identity_kind="always"),
        column("t", "doc", comment="in cents"),
        column("t", "new", "text", not_null=True, default="''::text"),
    ]
    b = [
        table("t"),
        column("t", "typed", "integer", default="1"),
        column("t", "d"),
        column("t", "nn"),
        column("t", "ident", not_null=True),
        column("t", "doc"),
    ]
    lines = statements(fix(a, b))
    alter = 'ALTER TABLE "public"."t" ALTER COLUMN '
    expected = [
        alter + '"typed" DROP DEFAULT;',
        alter + '"typed" TYPE bigint USING "typed"::bigint;',
        alter + '"typed" SET DEFAULT 0;',
        alter + "\"d\" SET DEFAULT 'x'::text;",
        alter + '"nn" SET NOT NULL;',
        alter + '"ident" ADD GENERATED ALWAYS AS IDENTITY;',
        'ALTER TABLE "public"."t" ADD COLUMN "new" text DEFAULT \'\'::text NOT NULL;',
        'COMMENT ON COLUMN "public"."t"."doc" IS \'in cents\';',
    ]
    for line in expected:
        assert line in lines
    typed = [ln for ln in lines if '"typed"' in ln]
    assert typed == expected[:3]


def test_table_created_with_columns_and_dropped() -> None:
    a = [
        table("new", persistence="unlogged", comment="fresh"),
        column("new", "id", "bigint", not_null=True, identity_kind="by default"),
        column("new", "g", generated="(id * 2)"),
        column("new", "c", "text", collation='"C"', default="'x'::text"),
    ]
    script = fix(a, [])
    assert (
        'CREATE UNLOGGED TABLE "public"."new" (\n'
        '    "c" text COLLATE "C" DEFAULT \'x\'::text,\n'
        '    "g" integer GENERATED ALWAYS AS ((id * 2)) STORED,\n'
        '    "id" bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL\n'
        ");"
    ) in script
    assert 'COMMENT ON TABLE "public"."new" IS \'fresh\';' in script
    # The columns are part of the CREATE TABLE: no ADD COLUMN.
    assert "ADD COLUMN" not in script
    assert "-- fixes [info] column public.new.id: missing in B" in script


def test_partitions_and_partitioned_tables() -> None:
    a = [
        table("m", table_type="partitioned", partition_key="RANGE (d)"),
        column("m", "d", "date"),
        table(
            "m_2024",
            partition_of="public.m",
            partition_bound="FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
        ),
    ]
    lines = statements(fix(a, []))
    create = lines.index('CREATE TABLE "public"."m" (')
    part = lines.index(
        'CREATE TABLE "public"."m_2024" PARTITION OF public.m FOR VALUES FROM '
        "('2024-01-01') TO ('2025-01-01');"
    )
    assert create < part
    assert ") PARTITION BY RANGE (d);" in lines


def test_indexes() -> None:
    def index(name: str, using: str, only: str = "") -> Index:
        return Index(
            schema="public",
            table="t",
            name=name,
            definition=using,
            unique=False,
            full_definition=f"CREATE INDEX {name} ON {only}public.t {using}",
        )

    a = [
        table("t"),
        index("i_new", "USING btree (a)"),
        index("i_changed", "USING hash (a)", only="ONLY "),
    ]
    b = [
        table("t"),
        index("i_changed", "USING btree (a)"),
        index("i_old", "USING btree (b)"),
    ]
    lines = statements(fix(a, b))
    assert 'DROP INDEX "public"."i_old";' in lines
    assert 'DROP INDEX "public"."i_changed";' in lines
    assert "CREATE INDEX i_new ON public.t USING btree (a);" in lines
    # ON ONLY (a partitioned table's index) would leave the index invalid.
    assert "CREATE INDEX i_changed ON public.t USING hash (a);" in lines


def test_functions_create_replace_and_signature_change() -> None:
    a = [
        function("f_new"),
        function("f_body", body=" select 2 "),
        function("f_args", args="a integer"),
        function("p", function_type="procedure", result=None, args="n integer"),
    ]
    b = [
        function("f_body"),
        function("f_args", args="a integer, b integer"),
        function("p", function_type="procedure", result=None, args="n bigint"),
        function("f_old"),
    ]
    script = fix(a, b)
    lines = statements(script)
    drop = 'DROP FUNCTION "public"."f_args"(a integer, b integer);'
    create = "CREATE OR REPLACE FUNCTION public.f_args(a integer)"
    assert drop in lines  # not commented out: the function is created again
    assert lines.index(drop) < lines.index(create)
    assert 'DROP PROCEDURE "public"."p"(n bigint);' in lines
    assert "CREATE OR REPLACE FUNCTION public.f_body()" in lines
    assert not any(ln.startswith('DROP FUNCTION "public"."f_body"') for ln in lines)
    assert "CREATE OR REPLACE FUNCTION public.f_new()" in lines
    assert f'{DESTRUCTIVE_PREFIX}DROP FUNCTION "public"."f_old"();' in script
    assert "AS $function$ select 2 $function$;" in lines


def test_function_owner_and_comment_only() -> None:
    a = [function("f", owner="app", comment="does things")]
    b = [function("f")]
    lines = statements(fix(a, b))
    assert lines[2:-1] == [
        'ALTER FUNCTION "public"."f"() OWNER TO "app";',
        'COMMENT ON FUNCTION "public"."f"() IS \'does things\';',
    ]


def test_triggers() -> None:
    def trigger(name: str, definition: str, enabled: str = "origin") -> Trigger:
        return Trigger(
            schema="public",
            table="t",
            name=name,
            definition=definition,
            enabled=enabled,
        )

    d_ins = (
        "CREATE TRIGGER tr BEFORE INSERT ON public.t FOR EACH ROW "
        "EXECUTE FUNCTION public.f()"
    )
    d_upd = d_ins.replace("INSERT", "UPDATE")
    a = [
        table("t"),
        trigger("tr", d_ins),
        trigger("off", d_ins.replace("tr", "off", 1), "disabled"),
    ]
    b = [
        table("t"),
        trigger("tr", d_upd),
        trigger("off", d_ins.replace("tr", "off", 1)),
    ]
    lines = statements(fix(a, b))
    assert 'DROP TRIGGER "tr" ON "public"."t";' in lines
    assert d_ins + ";" in lines
    assert 'ALTER TABLE "public"."t" DISABLE TRIGGER "off";' in lines


def view(name: str, definition: str, **over: Any) -> View:
    values: dict[str, Any] = {
        "schema": "public",
        "name": name,
        "materialized": False,
        "definition": definition,
        "owner": "postgres",
    }
    values.update(over)
    return View(**values)


def test_views_replace_or_recreate() -> None:
    a = [
        view("v_same", " SELECT 1 AS x, 2 AS y;", options=("security_invoker=true",)),
        view("v_renamed", " SELECT 1 AS z;"),
        view("v_mat", " SELECT 1 AS x;"),
    ]
    b = [
        view("v_same", " SELECT 1 AS x;"),
        view("v_renamed", " SELECT 1 AS x;"),
        view("v_mat", " SELECT 1 AS x;", materialized=True),
    ]
    lines = statements(fix(a, b))
    assert (
        'CREATE OR REPLACE VIEW "public"."v_same" WITH (security_invoker=true) AS'
        in lines
    )
    assert 'DROP VIEW "public"."v_renamed";' in lines
    assert 'CREATE VIEW "public"."v_renamed" AS' in lines
    assert 'DROP MATERIALIZED VIEW "public"."v_mat";' in lines
    assert 'CREATE VIEW "public"."v_mat" AS' in lines
    assert " SELECT 1 AS z;" in lines


def seq(name: str, **over: Any) -> Seq:
    values: dict[str, Any] = {
        "schema": "public",
        "name": name,
        "data_type": "bigint",
        "start": 1,
        "increment": 1,
        "min_value": 1,
        "max_value": 9223372036854775807,
        "cache": 1,
        "cycle": False,
    }
    values.update(over)
    return Seq(**values)


def test_sequences() -> None:
    a = [
        table("t"),
        column("t", "id"),
        seq("s", increment=5, cycle=True, owned_by="public.t.id"),
        seq("s_new", data_type="integer", max_value=100),
    ]
    b = [table("t"), column("t", "id"), seq("s"), seq("s_old")]
    script = fix(a, b)
    lines = statements(script)
    assert 'ALTER SEQUENCE "public"."s" INCREMENT BY 5 CYCLE;' in lines
    assert 'ALTER SEQUENCE "public"."s" OWNED BY public.t.id;' in lines
    assert (
        'CREATE SEQUENCE "public"."s_new" AS integer INCREMENT BY 1 MINVALUE 1 '
        "MAXVALUE 100 START WITH 1 CACHE 1 NO CYCLE;"
    ) in lines
    assert f'{DESTRUCTIVE_PREFIX}DROP SEQUENCE "public"."s_old";' in script


def test_a_sequence_owned_by_a_dropped_table_goes_with_it() -> None:
    b = [
        table("My T"),
        column("My T", "id"),
        seq("s", owned_by='public."My T".id'),
        seq("s_odd", owned_by="not a name("),
    ]
    script = fix([], b, allow_destructive=True)
    drop_table = next(x for x in blocks(script) if 'DROP TABLE "public"."My T";' in x)
    # OWNED BY names the table: the sequence goes with it, listed there.
    assert "-- fixes [low] sequence public.s: missing in A" in drop_table
    assert 'DROP SEQUENCE "public"."s";' not in statements(script)
    # OWNED BY that names no column leaves the sequence on its own.
    assert 'DROP SEQUENCE "public"."s_odd";' in statements(script)


def test_enum_values_are_added_in_place_order_is_not() -> None:
    def enum(name: str, *labels: str) -> Type:
        return Type(schema="public", name=name, type_type="enum", labels=labels)

    a = [enum("e_add", "a", "b", "c", "d"), enum("e_order", "x", "y")]
    b = [enum("e_add", "b", "d"), enum("e_order", "y", "x")]
    script = fix(a, b)
    lines = statements(script)
    assert lines[2:-1] == [
        "ALTER TYPE \"public\".\"e_add\" ADD VALUE IF NOT EXISTS 'a' BEFORE 'b';",
        "ALTER TYPE \"public\".\"e_add\" ADD VALUE IF NOT EXISTS 'c' AFTER 'b';",
    ]
    assert script.count("BEGIN;") == 1  # nothing uses the new labels
    assert "-- not reconciled: [medium] type public.e_order: labels" in script
    assert "cannot reorder" in script


def test_new_enum_label_used_below_is_committed_first() -> None:
    mood = Type(schema="public", name="mood", type_type="enum", labels=("sad", "ok"))
    old = Type(schema="public", name="mood", type_type="enum", labels=("sad",))
    a = [mood, table("t"), column("t", "m", "public.mood", default="'ok'::public.mood")]
    b = [old, table("t"), column("t", "m", "public.mood")]
    script = fix(a, b)
    first, second = script.split("COMMIT;")[:2]
    assert "ADD VALUE IF NOT EXISTS 'ok' AFTER 'sad';" in first
    assert "SET DEFAULT 'ok'::public.mood;" in second
    assert script.count("BEGIN;") == script.count("COMMIT;") == 2


def test_domains_and_composites() -> None:
    def domain(name: str, **over: Any) -> Type:
        return Type(schema="public", name=name, type_type="domain", **over)

    a = [
        domain(
            "d",
            base_type="integer",
            default="1",
            not_null=True,
            constraints=("pos: CHECK ((VALUE > 0))",),
        ),
        domain("d_base", base_type="integer"),
        Type(
            schema="public",
            name="c",
            type_type="composite",
            attributes=("x integer", '"Y" text'),
        ),
    ]
    b = [
        domain("d", base_type="integer", constraints=("pos: CHECK ((VALUE > 1))",)),
        domain("d_base", base_type="bigint"),
        Type(
            schema="public", name="c", type_type="composite", attributes=("x integer",)
        ),
    ]
    script = fix(a, b)
    lines = statements(script)
    assert 'ALTER DOMAIN "public"."d" SET DEFAULT 1;' in lines
    assert 'ALTER DOMAIN "public"."d" SET NOT NULL;' in lines
    assert 'ALTER DOMAIN "public"."d" DROP CONSTRAINT "pos";' in lines
    assert (
        'ALTER DOMAIN "public"."d" ADD CONSTRAINT "pos" CHECK ((VALUE > 0));' in lines
    )
    assert f'{DESTRUCTIVE_PREFIX}DROP DOMAIN "public"."d_base";' in script
    assert f'{DESTRUCTIVE_PREFIX}CREATE DOMAIN "public"."d_base" AS integer;' in script
    assert (
        f'{DESTRUCTIVE_PREFIX}CREATE TYPE "public"."c" AS (x integer, "Y" text);'
        in script
    )
    assert "-- WARNING: the type is dropped and created again" in script


def test_extensions() -> None:
    a = [
        Extension(name="citext", version="1.6", schema="public"),
        Extension(name="hstore", version="1.8", schema="public"),
        Extension(name="cube", version="1.5", schema="extensions"),
        Extension(name="old", version="2.0", schema="public"),
        table("t"),
        column("t", "c", "extensions.cube"),
    ]
    b = [
        Extension(name="hstore", version="1.7", schema="public"),
        Extension(name="cube", version="1.5", schema="public"),
        Extension(name="old", version="2.1", schema="public"),
        table("t"),
        column("t", "c", "public.cube"),
    ]
    script = fix(a, b)
    lines = statements(script)
    assert 'CREATE EXTENSION "citext" VERSION \'1.6\' SCHEMA "public";' in lines
    assert "ALTER EXTENSION \"hstore\" UPDATE TO '1.8';" in lines
    assert 'ALTER EXTENSION "cube" SET SCHEMA "extensions";' in lines
    assert "-- WARNING: every object of the extension moves to extensions" in script
    # The column follows its extension's type: nothing of its own.
    assert "ALTER COLUMN" not in script
    assert "the type's extension moves schema above" in script
    # No update path leads down: drop and create, destructive.
    assert f'{DESTRUCTIVE_PREFIX}DROP EXTENSION "old";' in script
    assert (
        f'{DESTRUCTIVE_PREFIX}CREATE EXTENSION "old" VERSION \'2.0\' SCHEMA "public";'
    ) in script


def test_schemas() -> None:
    a = [
        Schema(name="New", owner="app", comment="c"),
        Schema(name="doc", owner="x", comment="v2"),
    ]
    b = [Schema(name="doc", owner="x", comment="v1"), Schema(name="old", owner="x")]
    script = fix(a, b)
    lines = statements(script)
    assert lines.index('CREATE SCHEMA "New";') < lines.index(
        'ALTER SCHEMA "New" OWNER TO "app";'
    )
    assert "COMMENT ON SCHEMA \"doc\" IS 'v2';" in lines
    assert f'{DESTRUCTIVE_PREFIX}DROP SCHEMA "old";' in script


def test_privileges_grant_and_revoke_per_grantee() -> None:
    a = [
        table("t"),
        privilege(
            "table", "public", "t", {"anon": "SELECT, UPDATE*", "app": "SELECT*"}
        ),
        privilege("schema", None, "s", {"anon": "USAGE"}),
        privilege("sequence", "public", "q", {"anon": "USAGE"}),
        privilege(
            "function", "public", "f", {"postgres": "EXECUTE"}, arguments="a integer"
        ),
        privilege("column", "public", "t", {"svc": "UPDATE"}, column="Secret Col"),
    ]
    b = [
        table("t"),
        privilege("table", "public", "t", {"app": "SELECT", "old": "DELETE"}),
        privilege("schema", None, "s", {}),
        privilege("sequence", "public", "q", {}),
        privilege(
            "function",
            "public",
            "f",
            {"PUBLIC": "EXECUTE", "postgres": "EXECUTE"},
            arguments="a integer",
        ),
    ]
    lines = statements(fix(a, b))
    for line in (
        'GRANT SELECT ON TABLE "public"."t" TO "anon";',
        'GRANT UPDATE ON TABLE "public"."t" TO "anon" WITH GRANT OPTION;',
        'GRANT SELECT ON TABLE "public"."t" TO "app" WITH GRANT OPTION;',
        'REVOKE DELETE ON TABLE "public"."t" FROM "old";',
        'GRANT USAGE ON SCHEMA "s" TO "anon";',
        'GRANT USAGE ON SEQUENCE "public"."q" TO "anon";',
        'REVOKE EXECUTE ON FUNCTION "public"."f"(a integer) FROM PUBLIC;',
        'GRANT UPDATE ("Secret Col") ON TABLE "public"."t" TO "svc";',
    ):
        assert line in lines
    backward = statements(fix(a, b, "b-to-a"))
    assert 'REVOKE SELECT, UPDATE ON TABLE "public"."t" FROM "anon";' in backward
    assert (
        'REVOKE GRANT OPTION FOR SELECT ON TABLE "public"."t" FROM "app";' in backward
    )
    assert 'REVOKE UPDATE ("Secret Col") ON TABLE "public"."t" FROM "svc";' in backward
    assert 'GRANT EXECUTE ON FUNCTION "public"."f"(a integer) TO PUBLIC;' in backward


def test_grants_of_a_new_function_follow_the_source() -> None:
    fn = function("f")
    grants = privilege(
        "function",
        "public",
        "f",
        {"postgres": "EXECUTE", "api": "EXECUTE"},
        arguments="",
    )
    lines = statements(fix([fn, grants], []))
    # A new function is executable by PUBLIC; the source's is not.
    assert 'REVOKE EXECUTE ON FUNCTION "public"."f"() FROM PUBLIC;' in lines
    assert 'GRANT EXECUTE ON FUNCTION "public"."f"() TO "api";' in lines
    # The owner holds its own rights: no grant to it.
    assert not any(ln.startswith("GRANT") and '"postgres"' in ln for ln in lines)


def test_data_kinds_get_a_note_not_a_statement() -> None:
    a = [RowCount(schema="public", table="t", rows=10), Migration(version="1")]
    b = [RowCount(schema="public", table="t", rows=20)]
    script = fix(a, b)
    assert statements(script)[2:-1] == []
    assert "-- row counts are data, not schema" in script
    assert "-- migration history is data, not schema" in script
    assert "-- data, not schema: [low] migration 1: missing in B" in script


def test_dependency_order() -> None:
    a = [
        Schema(name="app", owner="postgres"),
        Extension(name="citext", version="1.6", schema="app"),
        Type(schema="app", name="e", type_type="enum", labels=("x",)),
        seq("s"),
        table("t", schema="app"),
        column("t", "id", schema="app", type_="app.e"),
        function("f"),
        view("v", " SELECT 1 AS x;"),
        pkey("parent"),
        table("parent"),
        column("parent", "id"),
        table("child"),
        column("child", "parent_id"),
        fk("fk"),
        Rls(schema="app", table="t", enabled=True, forced=False),
        policy("p", schema="app"),
    ]
    lines = statements(fix(a, [table("gone")], allow_destructive=True))
    order = [
        'DROP TABLE "public"."gone";',
        'CREATE SCHEMA "app";',
        'CREATE EXTENSION "citext" VERSION \'1.6\' SCHEMA "app";',
        'CREATE TYPE "app"."e" AS ENUM (\'x\');',
        'CREATE SEQUENCE "public"."s" AS bigint INCREMENT BY 1 MINVALUE 1 MAXVALUE '
        "9223372036854775807 START WITH 1 CACHE 1 NO CYCLE;",
        'CREATE TABLE "app"."t" (',
        "CREATE OR REPLACE FUNCTION public.f()",
        'CREATE VIEW "public"."v" AS',
        'ALTER TABLE "public"."parent" ADD CONSTRAINT "parent_pkey" PRIMARY KEY (id);',
        'ALTER TABLE "public"."child" VALIDATE CONSTRAINT "fk";',
        'ALTER TABLE "app"."t" ENABLE ROW LEVEL SECURITY;',
        'CREATE POLICY "p" ON "app"."t"',
    ]
    positions = [lines.index(line) for line in order]
    assert positions == sorted(positions)


# ------------------------------------------------------------------ helpers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SELECT, UPDATE*", {"SELECT": False, "UPDATE": True}),
        ("", {}),
        (None, {}),
        ("USAGE*, x; DROP", {"USAGE": True}),
    ],
)
def test_parse_privileges(text: str | None, expected: dict[str, bool]) -> None:
    assert parse_privileges(text) == expected


@pytest.mark.parametrize(
    ("old", "new", "keeps"),
    [
        ("integer", "bigint", True),
        ("bigint", "integer", False),
        ("uuid", "text", True),
        ("text", "uuid", False),
        ("character varying(10)", "character varying(20)", True),
        ("character varying(20)", "character varying(10)", False),
        ("character varying(20)", "character varying", True),
        ("numeric(10,2)", "numeric(12,2)", True),
        ("numeric(10,2)", "numeric(10,3)", False),
        ("real", "double precision", True),
        ("timestamp without time zone", "timestamp with time zone", False),
    ],
)
def test_keeps_data(old: str, new: str, keeps: bool) -> None:
    assert keeps_data(old, new) is keeps


def test_small_helpers() -> None:
    assert is_downgrade("1.7", "1.8")
    assert not is_downgrade("1.10", "1.9")
    assert not is_downgrade("beta", "1.0")
    assert requalify("public.cube", "public", "extensions") == "extensions.cube"
    assert requalify('"My S".cube[]', "My S", "x") == "x.cube[]"
    assert requalify("other.cube", "public", "x") is None
    # The script reads OWNED BY with the one parser of dotted names.
    assert split_name('"Mixed Schema"."Straße.Daten"."UPPER"') == [
        "Mixed Schema",
        "Straße.Daten",
        "UPPER",
    ]
    assert split_name("Public.t") == ["public", "t"]
    assert split_name("ÄB.t") == ["Äb", "t"]  # PostgreSQL folds ASCII only
    assert {"x", "Weird Col"} <= referenced_names('(x * 2) + "Weird Col"')
    assert view_column_names(" SELECT cs.id, c.name AS n, count(*) AS k FROM t cs") == (
        "id",
        "n",
        "k",
    )
    assert view_column_names(" SELECT 1 + 1") is None
    assert view_column_names("not sql at all (") is None


def test_table_recreated_with_what_belongs_to_it() -> None:
    def ev(**over: Any) -> list[CatalogObject]:
        return [
            table("ev", **over),
            column("ev", "id", not_null=True),
            pkey("ev"),
            Rls(schema="public", table="ev", enabled=True, forced=False),
            policy("p", table="ev"),
            privilege("table", "public", "ev", {"anon": "SELECT"}),
        ]

    a = ev(table_type="partitioned", partition_key="LIST (id)")
    b = ev()
    allowed = statements(fix(a, b, allow_destructive=True))
    order = [
        'DROP TABLE "public"."ev";',
        'CREATE TABLE "public"."ev" (',
        'ALTER TABLE "public"."ev" ADD CONSTRAINT "ev_pkey" PRIMARY KEY (id);',
        'ALTER TABLE "public"."ev" ENABLE ROW LEVEL SECURITY;',
        'CREATE POLICY "p" ON "public"."ev"',
        'GRANT SELECT ON TABLE "public"."ev" TO "anon";',
    ]
    positions = [allowed.index(line) for line in order]
    assert positions == sorted(positions)
    # Without destructive statements: nothing but the commented re-creation.
    script = fix(a, b)
    assert statements(script)[2:-1] == []
    assert f'{DESTRUCTIVE_PREFIX}DROP TABLE "public"."ev";' in script
    assert f'{DESTRUCTIVE_PREFIX}CREATE TABLE "public"."ev" (' in script


def test_partition_of_a_table_not_yet_partitioned_waits_for_it() -> None:
    a = [
        table("ev", table_type="partitioned", partition_key="LIST (id)"),
        column("ev", "id"),
        table("ev_1", partition_of="public.ev", partition_bound="FOR VALUES IN (1)"),
        Rls(schema="public", table="ev_1", enabled=True, forced=False),
    ]
    b = [table("ev"), column("ev", "id")]
    script = fix(a, b)
    assert statements(script)[2:-1] == []
    assert (
        f'{DESTRUCTIVE_PREFIX}CREATE TABLE "public"."ev_1" PARTITION OF public.ev'
        in script
    )
    assert "-- why: table public.ev_1 is created only by a destructive statement" in (
        script
    )
    allowed = statements(fix(a, b, allow_destructive=True))
    assert 'ALTER TABLE "public"."ev_1" ENABLE ROW LEVEL SECURITY;' in allowed


def test_foreign_key_on_a_partitioned_table_is_added_valid() -> None:
    a = [
        table("parent"),
        table("child", table_type="partitioned", partition_key="LIST (parent_id)"),
        fk("fk"),
    ]
    b = [table("parent"), a[1]]
    script = fix(a, b)
    assert (
        'ALTER TABLE "public"."child" ADD CONSTRAINT "fk" FOREIGN KEY (parent_id) '
        "REFERENCES public.parent(id) ON DELETE CASCADE;"
    ) in statements(script)
    assert "VALIDATE" not in script
    assert "-- orphans: SELECT count(*)" in script


def test_what_uses_a_retyped_column_is_dropped_and_created_again() -> None:
    def objects(x_type: str) -> list[CatalogObject]:
        return [
            table("g"),
            column("g", "x", x_type),
            column("g", "y", "bigint", generated="(x * 2)"),
            view("gv", " SELECT g.x\n   FROM public.g;"),
            policy("gp", table="g", using="(x > 0)"),
            policy("other", table="g", using="true"),
        ]

    a, b = objects("bigint"), objects("integer")
    lines = statements(fix(a, b, allow_destructive=True))
    order = [
        'DROP POLICY "gp" ON "public"."g";',
        'DROP VIEW "public"."gv";',
        'ALTER TABLE "public"."g" DROP COLUMN "y";',
        'ALTER TABLE "public"."g" ALTER COLUMN "x" TYPE bigint USING "x"::bigint;',
        'ALTER TABLE "public"."g" ADD COLUMN "y" bigint GENERATED ALWAYS AS ((x * 2)) '
        "STORED;",
        'CREATE VIEW "public"."gv" AS',
        'CREATE POLICY "gp" ON "public"."g"',
    ]
    positions = [lines.index(line) for line in order]
    assert positions == sorted(positions)
    assert not any('"other"' in line for line in lines)
    # Without destructive statements, the change (it needs the generated column
    # dropped) is written commented out, and so is what makes room for it.
    script = fix(a, b)
    assert statements(script)[2:-1] == []
    assert "generated columns use it (y)" in script


def test_foreign_tables() -> None:
    foreign = table("ft", table_type="foreign")
    script = fix([], [foreign], allow_destructive=True)
    assert 'DROP FOREIGN TABLE "public"."ft";' in statements(script)
    script = fix([foreign], [])
    assert "-- why: a foreign table needs its server and options" in script
    script = fix([table("ft")], [foreign])
    assert "-- not reconciled: [medium] table public.ft: table_type" in script
    assert statements(script)[2:-1] == []
