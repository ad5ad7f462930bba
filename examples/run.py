"""Run pytest-dbparity on the bundled icraft example, in one command.

Builds the example pair (``examples/build.py``), points ``EXAMPLE_PROD_URL`` and
``EXAMPLE_NONPROD_URL`` at it and runs, from the repository root::

    python -m pytest -c examples/pytest.ini --rootdir . \\
        --env-a prod --env-b nonprod \\
        --dbparity-config examples/dbparity.yaml --dbparity-json <out> [ARGS...]

Usage::

    python examples/run.py [--server DSN] [--prefix NAME] [--out PATH] [PYTEST ARGS...]

Arguments run.py does not know (``-v``, ``-k expr``, ``--dbparity-fail-on high``
...) go to pytest; put ``--`` before them to pass one that run.py would take. The
exit code is pytest's: 1 when the environments differ, which they do by design.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

EXAMPLES = Path(__file__).resolve().parent
ROOT = EXAMPLES.parent


def _load_build() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "icraft_example_build", EXAMPLES / "build.py"
    )
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {EXAMPLES / 'build.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pytest_command(out: Path, extra: list[str]) -> list[str]:
    """The pytest command line run.py runs (from the repository root)."""
    return [
        sys.executable,
        "-m",
        "pytest",
        "-c",
        str(EXAMPLES.relative_to(ROOT) / "pytest.ini"),
        # The repository root as rootdir: test ids then name the shipped tests'
        # real files (parity_tests/...), so a failing id can be rerun as given.
        "--rootdir",
        ".",
        "--env-a",
        "prod",
        "--env-b",
        "nonprod",
        "--dbparity-config",
        str(EXAMPLES.relative_to(ROOT) / "dbparity.yaml"),
        "--dbparity-json",
        str(out),
        *extra,
    ]


def main(argv: list[str] | None = None) -> int:
    build = _load_build()
    parser = argparse.ArgumentParser(
        description=(
            "Build the icraft example databases and compare them with "
            "pytest-dbparity. Unknown arguments are passed to pytest."
        ),
        allow_abbrev=False,
    )
    parser.add_argument(
        "--server",
        default=None,
        help=(
            "DSN of a superuser connection to the server (default: "
            f"$DBPARITY_EXAMPLE_SERVER, else {build.DEFAULT_SERVER})"
        ),
    )
    parser.add_argument(
        "--prefix",
        default=build.DEFAULT_PREFIX,
        help="database name prefix (default: %(default)s)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=EXAMPLES / "findings.json",
        help="where to write the JSON findings (default: examples/findings.json)",
    )
    args, extra = parser.parse_known_args(argv)
    if extra[:1] == ["--"]:
        extra = extra[1:]

    try:
        dsns: dict[str, str] = build.build(build.server_from(args.server), args.prefix)
    except Exception as exc:  # psycopg errors and failing scripts alike
        print(f"run.py: building the example failed: {exc}", file=sys.stderr)
        return 1
    env = dict(os.environ)
    for side, var in build.ENV_VARS.items():
        env[var] = dsns[side]
    out = args.out if args.out.is_absolute() else Path.cwd() / args.out
    command = pytest_command(out, extra)
    print("+", " ".join(command[1:]), flush=True)
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
