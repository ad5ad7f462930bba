"""Benchmark pytest-dbparity against pg_dump + diff and migra on generated catalogs.

For each size, builds (or reuses) a pair of databases with ``generate.py`` (A, and
B = A with 1% drift of every kind), then times, alternating in each round:

* ``full``: the default parity run (``python -m pytest ... --dbparity-json``:
  both environments read, compared, JSON written; items as ``--dbparity-items
  auto`` maps them: one per object up to 10,000 objects, else as ``diff``);
* ``n2``: the same with ``-n 2``;
* ``diff`` and ``diff_n2``: the same two with ``--dbparity-items differences``
  (one item per differing object, one per kind for the objects in parity);
* ``approved``: ``diff`` once every difference is approved (``--snapshot-update``
  before, untimed): the steady state of a CI gate;
* ``read``: the catalog reading alone (``read_catalog`` for both);
* ``floor``: the same per-kind SQL files executed raw (no model building);
* ``raw``: ``select *`` from the catalog tables (informational);
* ``pgdump``: ``pg_dump --schema-only`` of both, then ``diff``;
* ``migra``: ``migra --unsafe A B``, from a venv under ``benchmarks/.venv-migra``.

Each measurement runs in a fresh wrapper process (``measure.py``): wall time,
peak RSS of the largest process (``getrusage``), and the peak of the process
tree's summed RSS (sampled). Prints medians, ratios and the goals, and appends
a dated section to ``--out`` (default ``benchmarks/RESULTS.md``).

Quick: ``python benchmarks/run.py --sizes 200``; full:
``python benchmarks/run.py --sizes 200,2000,10000,50000 --repeat 3``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import psycopg

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (the generator beside this file)

MEASURES = (
    *("full", "n2", "diff", "diff_n2", "approved"),
    *("read", "floor", "raw", "pgdump", "migra"),
)
MIGRA_VENV = HERE / ".venv-migra"
#: The measured parity runs use the plugin as a user installs it: this checkout
#: built and installed (not editable, byte-compiled) into a venv of its own with
#: its runtime dependencies and pytest-xdist only, so a test extra of this
#: project (hypothesis imports itself at the end of every run, about 1 s) or
#: whatever else the development environment holds is not timed.
PLUGIN_VENV = HERE / ".venv-plugin"
PROFILE_LINES = 70

#: The goals from the issue, checked at this size (and growth up to GROWTH_TO).
GOAL_SIZE = 10_000
GROWTH_TO = 50_000


@dataclass
class Sample:
    wall: float
    rc: int
    maxrss_mb: float
    tree_peak_mb: float
    inner: float | None = None  # catalog readers: time without interpreter start
    timed_out: bool = False
    error: str | None = None


@dataclass
class SizeResult:
    size: int
    samples: dict[str, list[Sample]] = field(default_factory=dict)
    unavailable: dict[str, str] = field(default_factory=dict)
    items: str = ""
    items_diff: str = ""
    findings: int | None = None
    build_note: str = ""
    profile: str | None = None

    def ok(self, measure: str) -> list[Sample]:
        return [
            s
            for s in self.samples.get(measure, [])
            if s.error is None and not s.timed_out
        ]

    def median(self, measure: str, inner: bool = False) -> float | None:
        values = [
            (s.inner if inner and s.inner is not None else s.wall)
            for s in self.ok(measure)
        ]
        return statistics.median(values) if values else None

    def peak(self, measure: str, tree: bool = False) -> float | None:
        values = [s.tree_peak_mb if tree else s.maxrss_mb for s in self.ok(measure)]
        return max(values) if values else None

    def failure(self, measure: str) -> str | None:
        if measure in self.unavailable:
            return self.unavailable[measure]
        bad = [s for s in self.samples.get(measure, []) if s.error or s.timed_out]
        if bad and not self.ok(measure):
            s = bad[0]
            return "timed out" if s.timed_out else s.error
        return None


# ---------------------------------------------------------------- commands

#: The parity runs and their extra pytest arguments.
DIFFERENCES = ("--dbparity-items", "differences")
PYTEST_RUNS: dict[str, tuple[str, ...]] = {
    "full": (),
    "n2": ("-n", "2"),
    "diff": DIFFERENCES,
    "diff_n2": (*DIFFERENCES, "-n", "2"),
    # The steady state of a CI gate: every difference approved beforehand.
    "approved": (*DIFFERENCES, "--dbparity-snapshot-dir", "approved"),
}


@dataclass(frozen=True)
class PluginEnv:
    """The interpreter the parity runs use, and how it came about."""

    python: str
    note: str

    def environ(self) -> dict[str, str]:
        """The measured runs' environment: Python writes its byte code caches
        (pytest's rewritten plugin modules too) as on a user's machine, where
        PYTHONDONTWRITEBYTECODE is not set."""
        env = dict(os.environ)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        return env


#: The development environment's own interpreter (``--plugin-env here``).
HERE_ENV = PluginEnv(sys.executable, "this interpreter (--plugin-env here)")


def _venv_install(folder: Path, *requirements: str) -> Path:
    """Make the venv *folder* if missing and ``pip install`` *requirements* into
    it (quietly; raises CalledProcessError, OSError or TimeoutExpired); its
    interpreter."""
    python = folder / "bin" / "python"
    if not python.exists():
        subprocess.run(
            [sys.executable, "-m", "venv", str(folder)],
            check=True,
            capture_output=True,
            text=True,
            timeout=300,
        )
    pip = [str(python), "-m", "pip", "install", "--quiet"]
    subprocess.run(
        [*pip, "--disable-pip-version-check", *requirements],
        check=True,
        capture_output=True,
        text=True,
        timeout=900,
    )
    return python


def ensure_plugin(log: Callable[[str], None]) -> PluginEnv:
    """The venv's interpreter with this checkout installed in it (reinstalled on
    every call, so it runs the code as it is now), or this interpreter and why."""
    log(f"installing this checkout into {PLUGIN_VENV.relative_to(ROOT)} ...")
    try:
        python = _venv_install(PLUGIN_VENV, str(ROOT), "pytest-xdist")
        # The checkout as it is now (its version number does not change).
        _venv_install(PLUGIN_VENV, "--force-reinstall", "--no-deps", str(ROOT))
        # Once, untimed: pytest rewrites the plugin's modules and caches them.
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "pytest.ini").touch()
            shown = subprocess.run(
                [str(python), "-m", "pytest", "--co", "-p", "no:cacheprovider"],
                cwd=tmp,
                env=PluginEnv(str(python), "").environ(),
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            ).stdout
    except subprocess.CalledProcessError as exc:
        lines = (exc.stderr or exc.stdout or "").strip().splitlines()
        why = lines[-1] if lines else str(exc)
        log(f"  cannot install the plugin into a venv ({why}): this interpreter")
        return PluginEnv(sys.executable, f"this interpreter (venv failed: {why})")
    except (OSError, subprocess.TimeoutExpired) as exc:
        log(f"  cannot make the plugin venv ({exc}): this interpreter")
        return PluginEnv(sys.executable, f"this interpreter (venv failed: {exc})")
    plugins = next(
        (line for line in shown.splitlines() if line.startswith("plugins:")),
        "plugins: ?",
    )
    return PluginEnv(
        str(python),
        f"venv {PLUGIN_VENV.relative_to(ROOT)} (this checkout, not editable; "
        f"{plugins})",
    )


def pytest_command(
    dsn_a: str, dsn_b: str, work: Path, *extra: str, python: str = sys.executable
) -> list[str]:
    ini = work / "pytest.ini"
    ini.touch()
    return [
        python,
        "-m",
        "pytest",
        "-p",
        "no:cacheprovider",
        "-q",
        "--env-a",
        dsn_a,
        "--env-b",
        dsn_b,
        "--dbparity-json",
        str(work / "findings.json"),
        "-c",
        str(ini),
        "--rootdir",
        str(work),
        *extra,
    ]


def pgdump_command(dsn_a: str, dsn_b: str, work: Path) -> list[str]:
    a, b, d = work / "a.sql", work / "b.sql", work / "dump.diff"
    script = (
        'pg_dump --schema-only --no-password -d "$1" -f "$3" &&'
        ' pg_dump --schema-only --no-password -d "$2" -f "$4" &&'
        ' { diff "$3" "$4" > "$5"; test $? -le 1; }'
    )
    return ["bash", "-c", script, "pgdump", dsn_a, dsn_b, str(a), str(b), str(d)]


def ensure_migra(log: Callable[[str], None]) -> tuple[Path | None, str]:
    """The migra executable of the venv (installed when missing), or why not."""
    exe = MIGRA_VENV / "bin" / "migra"
    if not exe.exists():
        log(f"installing migra into {MIGRA_VENV.relative_to(ROOT)} ...")
        try:
            _venv_install(MIGRA_VENV, "migra", "psycopg2-binary")
        except subprocess.CalledProcessError as exc:
            lines = (exc.stderr or exc.stdout or "").strip().splitlines()
            return None, f"pip install migra failed: {lines[-1] if lines else exc}"
        except (OSError, subprocess.TimeoutExpired) as exc:
            return None, f"cannot install migra: {exc}"
    try:
        subprocess.run(
            [str(exe), "--help"], check=True, capture_output=True, timeout=120
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return None, f"migra does not start: {exc}"
    return exe, ""


def migra_url(server: str, dbname: str) -> str:
    # SQLAlchemy 2.1 maps postgresql:// to psycopg 3; migra is tested on psycopg2.
    return generate.url_for(server, dbname).replace(
        "postgresql://", "postgresql+psycopg2://", 1
    )


# ---------------------------------------------------------------- measuring


def measure(
    command: Sequence[str],
    work: Path,
    timeout: float,
    cwd: Path | None = None,
    py_spy: Path | None = None,
    env: dict[str, str] | None = None,
) -> Sample:
    result, out = work / "result.json", work / "stdout.txt"
    result.unlink(missing_ok=True)
    spy = ["--py-spy", str(py_spy)] if py_spy is not None else []
    subprocess.run(
        [
            sys.executable,
            str(HERE / "measure.py"),
            "--result",
            str(result),
            "--stdout",
            str(out),
            "--timeout",
            str(timeout),
            *spy,
            "--",
            *command,
        ],
        check=True,
        cwd=cwd or work,
        env=env,
    )
    data = json.loads(result.read_text())
    return Sample(
        wall=data["wall"],
        rc=data["rc"],
        maxrss_mb=data["maxrss_mb"],
        tree_peak_mb=data["tree_peak_mb"],
        timed_out=data["timed_out"],
    )


def _tail(path: Path, n: int = 3) -> str:
    try:
        lines = path.read_text(errors="replace").strip().splitlines()
    except OSError:
        return ""
    return " | ".join(line.strip() for line in lines[-n:])[:400]


def run_one(
    name: str,
    size: int,
    dsns: tuple[str, str],
    server: str,
    work: Path,
    migra: Path | None,
    timeout: float,
    res: SizeResult,
    py_spy: Path | None = None,
    plugin: PluginEnv = HERE_ENV,
) -> Sample:
    dsn_a, dsn_b = dsns
    out = work / "stdout.txt"
    if name in PYTEST_RUNS:
        extra = PYTEST_RUNS[name]
        if name == "approved" and not (work / "approved").exists():
            # Approve once, untimed.
            subprocess.run(
                [
                    *pytest_command(dsn_a, dsn_b, work, *extra, python=plugin.python),
                    "--snapshot-update",
                ],
                capture_output=True,
                timeout=timeout,
                check=False,
                cwd=work,  # as the measured run (not the checkout's conftest)
                env=plugin.environ(),
            )
        command = pytest_command(dsn_a, dsn_b, work, *extra, python=plugin.python)
        sample = measure(command, work, timeout, py_spy=py_spy, env=plugin.environ())
        if sample.rc not in (0, 1) and not sample.timed_out:
            sample.error = f"pytest exit {sample.rc}: {_tail(out)}"
        elif name == "approved" and sample.rc != 0 and not sample.timed_out:
            # Every difference was approved just before: a failure means the
            # approval run did not work, and this is no steady-state figure.
            sample.error = f"approvals did not hold (exit {sample.rc}): {_tail(out)}"
        elif not sample.timed_out:
            summary = _tail(out, 1)
            match = re.search(r"(\d+ failed)?,? ?(\d+ passed)?.* in ", summary)
            if match and name == "full":
                res.items = summary.split(" in ")[0]
            if match and name == "diff":
                res.items_diff = summary.split(" in ")[0]
            try:
                doc = json.loads((work / "findings.json").read_text())
                res.findings = len(doc["findings"])
            except (OSError, ValueError, KeyError) as exc:
                sample.error = f"no findings JSON ({exc})"
    elif name in ("read", "floor", "raw"):
        command = [sys.executable, str(HERE / "catalog_read.py"), name, *dsns]
        sample = measure(command, work, timeout, cwd=ROOT)
        if sample.rc != 0 and not sample.timed_out:
            sample.error = f"exit {sample.rc}: {_tail(out)}"
        elif not sample.timed_out:
            lines = out.read_text().strip().splitlines()
            sample.inner = float(json.loads(lines[-1])["seconds"])
    elif name == "pgdump":
        sample = measure(pgdump_command(dsn_a, dsn_b, work), work, timeout)
        if sample.rc != 0 and not sample.timed_out:
            sample.error = f"exit {sample.rc}: {_tail(out, 2)}"
    else:
        assert migra is not None
        db_a, db_b = generate.db_names(size)
        command = [
            str(migra),
            "--unsafe",
            migra_url(server, db_a),
            migra_url(server, db_b),
        ]
        # The generated databases set statement_timeout (30 s on A): migra's
        # largest catalog query can outlast it on a slow machine and be cancelled.
        # pg_dump and the plugin's read set their own; migra gets it lifted.
        env = {**os.environ, "PGOPTIONS": "-c statement_timeout=0"}
        sample = measure(command, work, timeout, env=env)
        # migra: 0 no differences, 2 differences, anything else an error.
        if sample.rc not in (0, 2) and not sample.timed_out:
            sample.error = f"exit {sample.rc}: {_tail(out, 2)}"
    for stale in ("a.sql", "b.sql", "dump.diff", "findings.json"):
        (work / stale).unlink(missing_ok=True)
    return sample


def bench_size(
    size: int,
    args: argparse.Namespace,
    migra: Path | None,
    migra_reason: str,
    log: Callable[[str], None],
    profile_here: bool = False,
) -> SizeResult:
    res = SizeResult(size)
    start = time.perf_counter()
    dsns = generate.ensure_pair(
        size, seed=args.seed, server=args.server, rebuild=args.rebuild, log=log
    )
    res.build_note = f"pair ready in {time.perf_counter() - start:.0f}s"
    measures = [m for m in MEASURES if m not in args.skip]
    if migra is None and "migra" in measures:
        res.unavailable["migra"] = migra_reason
        measures.remove("migra")
    work = Path(tempfile.mkdtemp(prefix=f"dbparity-bench-{size}-"))
    repeat = args.repeat_at.get(size, args.repeat)
    spy = work / "py-spy.txt" if args.profile == "py-spy" and profile_here else None
    try:
        for r in range(repeat):
            # Alternate: each round starts one measure later.
            order = measures[r % len(measures) :] + measures[: r % len(measures)]
            for name in order:
                if name in res.unavailable:
                    continue
                sample = run_one(
                    name,
                    size,
                    dsns,
                    args.server,
                    work,
                    migra,
                    args.timeout,
                    res,
                    py_spy=spy if (name == "full" and r == 0) else None,
                    plugin=args.plugin,
                )
                if spy is not None and name == "full" and r == 0:
                    if spy.exists():
                        res.profile = summarise_py_spy(spy.read_text())
                        if args.profile_out:
                            shutil.copy(spy, args.profile_out)
                    else:
                        log("  py-spy wrote no profile (is py-spy installed?)")
                res.samples.setdefault(name, []).append(sample)
                status = (
                    "timed out"
                    if sample.timed_out
                    else (f"ERROR {sample.error}" if sample.error else "ok")
                )
                inner = f" (inner {sample.inner:.2f}s)" if sample.inner else ""
                log(
                    f"  {size} round {r + 1}/{repeat} {name:6s}"
                    f" {sample.wall:8.2f}s{inner} rss {sample.maxrss_mb:6.0f} MB"
                    f" tree {sample.tree_peak_mb:6.0f} MB {status}"
                )
                if name == "migra" and sample.error and not res.ok("migra"):
                    # migra failing once fails every time: do not retry.
                    res.unavailable["migra"] = f"migra failed: {sample.error}"
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return res


# ---------------------------------------------------------------- reporting


def _fmt(v: float | None, digits: int = 2) -> str:
    return "n/a" if v is None else f"{v:.{digits}f}"


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


#: The two item modes: (label, serial measure, -n 2 measure).
MODES = (
    ("default (auto items)", "full", "n2"),
    ("differences", "diff", "diff_n2"),
    ("differences, approved", "approved", ""),  # no -n 2 run
)


def tables(results: Sequence[SizeResult]) -> str:
    head = [
        "| tables | full | -n 2 | differences | differences -n 2 |"
        " differences, approved | read | floor (SQL files) | raw select * |"
        " pg_dumpx2 + diff | migra | items (full) | items (differences) | findings |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|",
    ]
    for r in results:
        cells = [f"{r.size:,}"]
        for m in ("full", "n2", "diff", "diff_n2", "approved"):
            v = r.median(m)
            cells.append(_fmt(v) if v is not None else (r.failure(m) or "skipped"))
        for m in ("read", "floor", "raw"):
            inner, wall = r.median(m, inner=True), r.median(m)
            cells.append(
                f"{_fmt(inner)} ({_fmt(wall)})"
                if inner
                else (r.failure(m) or "skipped")
            )
        for m in ("pgdump", "migra"):
            v = r.median(m)
            cells.append(_fmt(v) if v is not None else "not available")
        cells.append(r.items or "?")
        cells.append(r.items_diff or "?")
        cells.append(str(r.findings) if r.findings is not None else "?")
        head.append("| " + " | ".join(cells) + " |")
    ratios = [
        "",
        "| tables | mode | run/migra | run/pg_dump | n2/run | peak MB run"
        " (1 process) | peak MB -n 2 (tree) |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        for label, serial, parallel in MODES:
            run = r.median(serial)
            if run is None and r.median(parallel) is None:
                continue
            cells = [
                f"{r.size:,}",
                label,
                _fmt(_ratio(run, r.median("migra"))),
                _fmt(_ratio(run, r.median("pgdump"))),
                _fmt(_ratio(r.median(parallel), run)),
                _fmt(r.peak(serial), 0),
                _fmt(r.peak(parallel, tree=True), 0),
            ]
            ratios.append("| " + " | ".join(cells) + " |")
    reading = [
        "",
        "| tables | read/floor | read/raw | peak MB read |",
        "|---:|---:|---:|---:|",
    ]
    for r in results:
        reading.append(
            "| "
            + " | ".join(
                [
                    f"{r.size:,}",
                    _fmt(_ratio(r.median("read", True), r.median("floor", True))),
                    _fmt(_ratio(r.median("read", True), r.median("raw", True))),
                    _fmt(r.peak("read"), 0),
                ]
            )
            + " |"
        )
    return "\n".join(head + ratios + reading)


def goals(results: Sequence[SizeResult]) -> list[str]:
    by = {r.size: r for r in results}
    at = by.get(GOAL_SIZE) or max(results, key=lambda r: r.size)
    where = f"at {at.size:,} tables" + (
        "" if at.size == GOAL_SIZE else f" (the goals are stated at {GOAL_SIZE:,})"
    )
    out = [f"Goals, {where}:"]

    def line(name: str, value: float | None, limit: float, unit: str = "") -> None:
        if value is None:
            out.append(f"- {name}: not measured")
            return
        met = value <= limit
        by_how = "" if met else f", missed by {value / limit:.2f}x"
        out.append(
            f"- {name}: {value:.2f}{unit} (goal <= {limit:.3g}{unit})"
            f" **{'met' if met else 'missed'}**{by_how}"
        )

    migra, pgdump = at.median("migra"), at.median("pgdump")
    for label, serial, parallel in MODES:
        run = at.median(serial)
        if run is None and (not parallel or at.median(parallel) is None):
            why = at.failure(serial)
            out.append(
                f"- {label} mode: **missed** ({why})"
                if why
                else f"- {label} mode: not measured in this run"
            )
            continue
        if migra is None:
            why = at.failure("migra") or "not measured"
            out.append(
                f"- {label}: at least 3x faster than migra: migra not available ({why})"
            )
        else:
            line(f"{label}: run/migra", _ratio(run, migra), 1 / 3)
        if pgdump is None:
            why = at.failure("pgdump") or "not measured"
            out.append(f"- {label}: faster than pg_dumpx2 + diff: not measured ({why})")
        else:
            line(f"{label}: run/pg_dump", _ratio(run, pgdump), 1.0)
        line(f"{label}: peak memory, serial run", at.peak(serial), 400, " MB")
        if parallel:
            line(f"{label}: n2/run", _ratio(at.median(parallel), run), 0.7)
            line(
                f"{label}: peak memory, -n 2 (tree)",
                at.peak(parallel, tree=True),
                400,
                " MB",
            )
    line(
        "read/floor (inner times)",
        _ratio(at.median("read", True), at.median("floor", True)),
        1.2,
    )
    big, ten = by.get(GROWTH_TO), by.get(GOAL_SIZE)
    if big is None or ten is None:
        out.append(f"- {GROWTH_TO:,} tables: not run")
        return out
    for label, serial, _ in MODES:
        if big.median(serial) is None:
            why = big.failure(serial)
            out.append(
                f"- {label}: {GROWTH_TO:,} tables complete: **missed** ({why})"
                if why
                else f"- {label}: {GROWTH_TO:,} tables: not measured in this run"
            )
            continue
        out.append(f"- {label}: {GROWTH_TO:,} tables complete: **met**")
        line(
            f"{label}: growth run({GROWTH_TO:,})/run({GOAL_SIZE:,})",
            _ratio(big.median(serial), ten.median(serial)),
            5.5,
        )
        line(
            f"{label}: peak memory at {GROWTH_TO:,} tables, serial run",
            big.peak(serial),
            1536,
            " MB",
        )
    return out


def _version(pkg: str) -> str:
    try:
        return metadata.version(pkg)
    except metadata.PackageNotFoundError:
        return "not installed"


def _commit() -> str:
    head = ROOT / ".git" / "HEAD"
    try:
        text = head.read_text().strip()
        if text.startswith("ref: "):
            ref = ROOT / ".git" / text[5:]
            return ref.read_text().strip()[:12] if ref.exists() else text[5:]
        return text[:12]
    except OSError:
        return "unknown"


def machine(server: str, migra: Path | None, plugin: PluginEnv) -> list[str]:
    mem = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    cpu = platform.processor() or "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    try:
        with psycopg.connect(server) as conn:
            row = conn.execute("select version()").fetchone()
            pg = str(row[0]).split(" on ")[0] if row else "?"
    except psycopg.Error as exc:
        pg = f"unreachable ({exc})"
    pgdump = subprocess.run(
        ["pg_dump", "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    versions = ", ".join(
        f"{p} {_version(p)}"
        for p in ("pytest-dbparity", "pytest", "pytest-xdist", "psycopg", "pglast")
    )
    migra_v = "not available"
    if migra is not None:
        pip = subprocess.run(
            [str(MIGRA_VENV / "bin" / "pip"), "list", "--format=json"],
            capture_output=True,
            text=True,
            check=False,
        )
        with contextlib.suppress(ValueError):
            pkgs = {p["name"].lower(): p["version"] for p in json.loads(pip.stdout)}
            migra_v = ", ".join(
                f"{n} {pkgs.get(n, '?')}"
                for n in ("migra", "schemainspect", "sqlalchemy", "psycopg2-binary")
            )
    return [
        f"- machine: {os.cpu_count()} CPUs (nproc), {mem} memory, {cpu},"
        f" {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}; {versions}",
        f"- {pg}; {pgdump}",
        f"- migra venv: {migra_v}",
        f"- parity runs: {plugin.note}",
        f"- commit {_commit()}",
    ]


def report(
    results: Sequence[SizeResult],
    args: argparse.Namespace,
    migra: Path | None,
    started: dt.datetime,
    profile: str | None,
) -> str:
    lines = [
        f"## {started:%Y-%m-%d %H:%M} UTC: sizes {args.sizes}, repeat {args.repeat}",
        "",
        *machine(args.server, migra, args.plugin),
        "",
        "Medians in seconds. read/floor/raw: inner time of the reading itself"
        " (in parentheses: the process's wall time, with interpreter start and"
        " imports).",
        "",
        tables(results),
        "",
        *goals(results),
        "",
    ]
    notes = []
    for r in results:
        notes.append(f"- {r.size:,} tables: {r.build_note}")
        for m in MEASURES:
            why = r.failure(m)
            if why:
                notes.append(f"  - {m}: {why}")
    lines += ["Notes:", *notes, ""]
    if profile:
        tool = args.profile
        lines += [
            f"Profile ({tool}) of the full run at"
            f" {max(r.size for r in results):,} tables, where the time goes:",
            "",
            "```",
            profile,
            "```",
            "",
        ]
    return "\n".join(lines)


def _frame(frame: str) -> str:
    """``func (path/to/file.py:12)`` -> ``func (file.py)``, package-relative."""
    m = re.match(r"(.*) \((.*?):\d+\)$", frame)
    if not m:
        return frame
    func, path = m.groups()
    for marker in ("site-packages/", "/work/main/", "lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
    return f"{func} ({path})"


_PLUMBING = re.compile(
    r"^(process |thread )|\((pluggy/|<frozen runpy>|pytest/__main__\.py)"
    r"|^(main|console_main|wrap_session|pytest_cmdline_main) \(_pytest/"
)


def _plumbing(frame: str) -> bool:
    return bool(_PLUMBING.search(frame))


def summarise_py_spy(raw: str, top: int = 25) -> str:
    """Inclusive and self shares of the functions in a py-spy raw profile."""
    inclusive: dict[str, int] = {}
    own: dict[str, int] = {}
    total = 0
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = [_frame(f) for f in stack.split(";")]
        # Leave out the process/thread header and the plumbing every stack has.
        frames = [f for f in frames if not _plumbing(f)]
        for f in set(frames):
            inclusive[f] = inclusive.get(f, 0) + n
        if frames:
            own[frames[-1]] = own.get(frames[-1], 0) + n
    if not total:
        return "(no samples)"
    out = [f"{total} samples (20 per second); inclusive share (on the stack):"]
    for f, n in sorted(inclusive.items(), key=lambda kv: -kv[1])[:top]:
        out.append(f"  {100 * n / total:5.1f}%  {f}")
    out.append("self share (the frame running):")
    for f, n in sorted(own.items(), key=lambda kv: -kv[1])[: top // 2]:
        out.append(f"  {100 * n / total:5.1f}%  {f}")
    return "\n".join(out)


def run_profile(
    size: int, args: argparse.Namespace, log: Callable[[str], None]
) -> str | None:
    try:
        import pyinstrument  # noqa: F401
    except ImportError:
        log("pyinstrument is not installed (pip install pyinstrument): no profile")
        return None
    dsns = generate.ensure_pair(size, seed=args.seed, server=args.server, log=log)
    work = Path(tempfile.mkdtemp(prefix="dbparity-bench-prof-"))
    prof = work / "prof.txt"
    # pyinstrument is this interpreter's (the plugin venv does not have it).
    command = pytest_command(*dsns, work)
    command[1:3] = ["-m", "pyinstrument", "-r", "text", "-o", str(prof), "-m", "pytest"]
    log(f"profiling the full run at {size:,} tables ...")
    with (work / "stdout.txt").open("wb") as out:
        subprocess.run(
            command,
            cwd=work,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=HERE_ENV.environ(),
        )
    text = prof.read_text() if prof.exists() else None
    if args.profile_out and text:
        Path(args.profile_out).write_text(text)
    shutil.rmtree(work, ignore_errors=True)
    if text is None:
        return None
    return "\n".join(text.splitlines()[:PROFILE_LINES])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="benchmark pytest-dbparity",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sizes", default="200", help="e.g. 200,2000,10000,50000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-migra", action="store_true")
    parser.add_argument(
        "--plugin-env",
        choices=("venv", "here"),
        default="venv",
        help="where the parity runs' pytest comes from: a venv with this checkout "
        "and its runtime dependencies only (default, as a user installs it), or "
        "this interpreter's environment",
    )
    parser.add_argument(
        "--skip", default="", help=f"comma-separated measures to skip: {MEASURES}"
    )
    parser.add_argument(
        "--out",
        default=str(HERE / "RESULTS.md"),
        help="append a dated section here ('-': print only)",
    )
    parser.add_argument("--server", default=generate.DEFAULT_SERVER)
    parser.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the pairs")
    parser.add_argument(
        "--timeout", type=float, default=1800, help="per measurement, seconds"
    )
    parser.add_argument(
        "--repeat-at",
        default="",
        help="other repeat counts for some sizes, e.g. 10000=1,50000=1",
    )
    parser.add_argument(
        "--profile",
        choices=("py-spy", "pyinstrument"),
        default=None,
        help=(
            "profile the full run at the largest size: py-spy samples the first"
            " measured run; pyinstrument profiles one more run after them"
        ),
    )
    parser.add_argument("--profile-out", default=None, help="keep the whole profile")
    args = parser.parse_args(argv)
    args.skip = {s for s in args.skip.split(",") if s}
    if args.skip_migra:
        args.skip.add("migra")
    unknown = args.skip - set(MEASURES)
    if unknown:
        parser.error(f"unknown measures: {sorted(unknown)}")
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s]
    args.repeat_at = {
        int(k): int(v)
        for k, v in (p.split("=") for p in args.repeat_at.split(",") if p)
    }

    def log(msg: str) -> None:
        print(msg, flush=True)

    started = dt.datetime.now(dt.timezone.utc)
    timed_pytest = any(m in PYTEST_RUNS and m not in args.skip for m in MEASURES)
    args.plugin = (
        ensure_plugin(log) if args.plugin_env == "venv" and timed_pytest else HERE_ENV
    )
    migra, reason = (None, "skipped (--skip-migra)")
    if "migra" not in args.skip:
        migra, reason = ensure_migra(log)
        if migra is None:
            log(f"migra not available: {reason}")
    results = [
        bench_size(n, args, migra, reason, log, profile_here=n == max(sizes))
        for n in sizes
    ]
    profile = None
    if args.profile == "pyinstrument":
        profile = run_profile(max(sizes), args, log)
    elif args.profile == "py-spy":
        profile = results[-1].profile
    text = report(results, args, migra, started, profile)
    print()
    print(text)
    if args.out != "-":
        out = Path(args.out)
        if not out.exists():
            out.write_text(
                "# Benchmark results\n\nAppended by `python benchmarks/run.py`;"
                " see benchmarks/README.md.\n\n"
            )
        with out.open("a") as f:
            f.write(text + "\n")
        print(f"appended to {out}")
    failed = any(r.failure("full") for r in results)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
