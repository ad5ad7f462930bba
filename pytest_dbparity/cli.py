"""The ``dbparity`` command: ``dbparity demo`` shows what the plugin does, end to end.

The demo starts a throwaway PostgreSQL server (Docker through testcontainers, or
the local server binaries), builds the bundled example pair in it (modelled on a
real prod/non-prod drift), runs the parity suite against the pair, writes the
report, the findings file and the reconciling script, prints where they are (the
file to open last), and removes the server. Its pytest runs in a process of its
own, in the output folder; nothing is left in the temporary folder.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
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
    with (
        ephemeral_server(log=say) as server,
        tempfile.TemporaryDirectory(prefix="dbparity-demo-") as work,
    ):
        say(f"server up ({server.kind}); building the example pair prod / nonprod")
        dsns = build_pair(server.create_database, folder)
        env = dict(os.environ)
        env.update({ENV_VARS[side]: dsn for side, dsn in dsns.items()})
        # An empty ini file of the demo's own: the pytest configuration of the
        # folder it is started from (addopts, plugins) is not the demo's.
        ini = Path(work) / "pytest.ini"
        ini.write_text("[pytest]\n", "utf-8")
        args = [
            *("-c", str(ini), "--rootdir", str(out), "-p", "no:cacheprovider"),
            *("--env-a", "prod", "--env-b", "nonprod"),
            *("--dbparity-config", str(folder / "dbparity.yaml")),
            *("--dbparity-report", str(report), "--dbparity-report", str(html)),
            *("--dbparity-json", str(findings), "--dbparity-fix-sql", str(fix_sql)),
            # One line per difference (the dbparity summary) instead of each
            # item's failure in full: the report shows both sides of each.
            *("-q", "--tb=no", "-rN"),
            *extra,
        ]
        say("running: pytest " + " ".join(args))
        # A pytest of its own: the plugin is imported by pytest (its asserts
        # rewritten, no warning), and the run's working folder is the output's.
        code = subprocess.run(
            [sys.executable, "-m", "pytest", *args], cwd=out, env=env, check=False
        ).returncode
    say(f"report:   {report}")
    say(f"html:     {html}")
    say(f"findings: {findings}")
    say(f"fix SQL:  {fix_sql} (run on nonprod to match prod; review it first)")
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        return int(code)
    say(
        "done: the differences above are the example's drift, found as intended; "
        "each one in full: dbparity demo -- --tb=short"
    )
    say(f"open this file in a browser: {html}")
    return 0


DESCRIPTION = """\
pytest-dbparity compares two PostgreSQL databases (prod and non-prod Supabase
projects, staging, a tenant copy) object by object: one pytest result per table,
column, policy, function, privilege, ... with a severity for every difference,
approvals kept as snapshot files, a report, a JSON findings file and the SQL
that would make one side like the other.

The comparison itself runs under pytest, where the plugin is installed:

  pytest --env-a prod --env-b nonprod --dbparity-report parity-report.html

(pytest --help lists every --dbparity-* option; the README has the rest.)
This command only shows it working: `dbparity demo`.
"""


def version_text() -> str:
    from pytest_dbparity import __version__

    return (
        f"pytest-dbparity {__version__} (pytest {pytest.__version__}, "
        f"psycopg {psycopg.__version__}, Python {platform.python_version()})"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="dbparity",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=version_text())
    sub = parser.add_subparsers(dest="command", required=True, metavar="command")
    demo_parser = sub.add_parser(
        "demo",
        help="start a throwaway PostgreSQL server, build the bundled example "
        "pair (prod / nonprod, with real drift), run the parity suite on it, "
        "write the report, findings and fix script, and remove the server",
        description="Start a throwaway PostgreSQL server (Docker, or the local "
        "server binaries), build the bundled example pair, run the parity suite, "
        "write the report, the findings and the fix script to --out, and remove "
        "the server. Arguments after -- go to pytest "
        "(dbparity demo -- --tb=short -k stories).",
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
    extra = list(ns.pytest_args)
    if extra[:1] == ["--"]:
        extra = extra[1:]
    try:
        return demo(ns.out.resolve(), extra)
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
