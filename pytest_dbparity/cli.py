"""The ``dbparity`` command: ``dbparity demo`` shows what the plugin does, end to end.

The demo starts a throwaway PostgreSQL server (Docker through testcontainers, or
the local server binaries), builds the bundled example pair in it (modelled on a
real prod/non-prod drift), runs the parity suite against the pair, writes the
report, the findings file and the reconciling script, prints where they are, and
removes the server.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path

import psycopg
import pytest

from pytest_dbparity.errors import DbParityError

SIDES = ("prod", "nonprod")
ENV_VARS = {"prod": "EXAMPLE_PROD_URL", "nonprod": "EXAMPLE_NONPROD_URL"}


def example_dir() -> Path:
    """The bundled example: inside the installed package, or the repository's."""
    packaged = Path(str(resources.files("pytest_dbparity"))) / "_example"
    if (packaged / "dbparity.yaml").is_file():
        return packaged
    repo = Path(__file__).resolve().parent.parent / "examples"
    if (repo / "dbparity.yaml").is_file():
        return repo
    raise DbParityError("the bundled example is missing from this installation")


def build_pair(create_database: Callable[[str], str], folder: Path) -> dict[str, str]:
    """Create and fill one database per side; returns side -> DSN."""
    dsns = {}
    for side in SIDES:
        dsn = create_database(f"dbparity_demo_{side}")
        with psycopg.connect(dsn, autocommit=True) as conn:
            for name in ("platform.sql", "common.sql", f"{side}.sql"):
                text = (folder / "icraft" / name).read_text("utf-8")
                conn.execute(text.encode("utf-8"))
        dsns[side] = dsn
    return dsns


def demo(out: Path, extra: Sequence[str]) -> int:
    from pytest_dbparity.ephemeral import ephemeral_server

    folder = example_dir()
    out.mkdir(parents=True, exist_ok=True)
    report = out / "parity-report.md"
    html = out / "parity-report.html"
    findings = out / "findings.json"
    fix_sql = out / "fix-nonprod.sql"

    def say(message: str) -> None:
        print(f"dbparity demo: {message}", flush=True)

    say("starting a throwaway PostgreSQL server ...")
    with ephemeral_server(log=say) as server:
        say(f"server up ({server.kind}); building the example pair prod / nonprod")
        dsns = build_pair(server.create_database, folder)
        for side, dsn in dsns.items():
            os.environ[ENV_VARS[side]] = dsn
        work = Path(tempfile.mkdtemp(prefix="dbparity-demo-"))
        (work / "pytest.ini").write_text("[pytest]\n", "utf-8")
        args = [
            "-c",
            str(work / "pytest.ini"),
            "--rootdir",
            str(work),
            "-p",
            "no:cacheprovider",
            "--env-a",
            "prod",
            "--env-b",
            "nonprod",
            "--dbparity-config",
            str(folder / "dbparity.yaml"),
            "--dbparity-report",
            str(report),
            "--dbparity-report",
            str(html),
            "--dbparity-json",
            str(findings),
            "--dbparity-fix-sql",
            str(fix_sql),
            "-q",
            *extra,
        ]
        say("running: pytest " + " ".join(args))
        code = pytest.main(args)
    say(f"report:   {report}")
    say(f"html:     {html}")
    say(f"findings: {findings}")
    say(f"fix SQL:  {fix_sql} (run on nonprod to match prod; review it first)")
    if code in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        say("done: the failures above are the example's drift, found as intended")
        return 0
    return int(code)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="dbparity",
        description="pytest-dbparity: parity of two PostgreSQL environments.",
        epilog="The checks themselves run under pytest: "
        "pytest --env-a prod --env-b nonprod (see the README).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    demo_parser = sub.add_parser(
        "demo",
        help="run the parity suite on the bundled example in a throwaway server",
        description="Start a throwaway PostgreSQL server, build the bundled "
        "example pair, run the parity suite and write the report.",
    )
    demo_parser.add_argument(
        "--out",
        type=Path,
        default=Path("dbparity-demo"),
        help="folder for the report, findings and fix script (default: %(default)s)",
    )
    demo_parser.add_argument(
        "pytest_args", nargs=argparse.REMAINDER, help="extra pytest arguments"
    )
    ns = parser.parse_args(argv)
    try:
        return demo(ns.out.resolve(), ns.pytest_args)
    except DbParityError as exc:
        print(f"dbparity: {exc}", file=sys.stderr)
        return 4
    except KeyboardInterrupt:
        print(
            "dbparity: interrupted; the throwaway server was removed", file=sys.stderr
        )
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
