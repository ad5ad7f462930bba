"""Run one command and measure it: wall time and peak memory of its process tree.

A fresh process per measurement, so ``getrusage(RUSAGE_CHILDREN)`` covers that one
command only. ``ru_maxrss`` of the children is the peak resident set of the largest
single process in the tree (Linux keeps the maximum over waited-for descendants);
the sum over the tree (xdist's controller and workers together) is sampled from
``/proc`` every 0.1 s.

Usage::

    python benchmarks/measure.py --result R.json --stdout OUT.txt \
        [--timeout S] [--py-spy PROFILE.txt] -- COMMAND...

writes ``{"wall": s, "rc": n, "maxrss_mb": m, "tree_peak_mb": m, "user": s,
"sys": s, "timed_out": bool}`` to R.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for tid in tasks:
        try:
            text = Path(f"/proc/{pid}/task/{tid}/children").read_text()
        except OSError:
            continue
        out.extend(int(c) for c in text.split())
    return out


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def tree_rss_kb(root: int) -> int:
    """Resident set of *root* and all its descendants, in KiB."""
    total, todo, seen = 0, [root], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _rss_kb(pid)
        todo.extend(_children(pid))
    return total


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="measure one command")
    parser.add_argument("--result", required=True, type=Path)
    parser.add_argument("--stdout", required=True, type=Path)
    parser.add_argument("--timeout", type=float, default=None)
    parser.add_argument(
        "--py-spy",
        type=Path,
        default=None,
        help="also sample the command with py-spy (raw format) into this file",
    )
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    peak_tree = 0
    timed_out = False
    with args.stdout.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        spy = None
        if args.py_spy is not None:
            # Non-blocking sampling from another process: the command is never
            # paused, so the measured time is (nearly) unchanged.
            spy = subprocess.Popen(
                [
                    "py-spy",
                    "record",
                    "--pid",
                    str(proc.pid),
                    "--nonblocking",
                    "--rate",
                    "20",
                    "--format",
                    "raw",
                    "--output",
                    str(args.py_spy),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        while True:
            try:
                rc = proc.wait(timeout=0.1)
                break
            except subprocess.TimeoutExpired:
                peak_tree = max(peak_tree, tree_rss_kb(proc.pid))
                if args.timeout and time.perf_counter() - start > args.timeout:
                    timed_out = True
                    os.killpg(proc.pid, signal.SIGKILL)
        wall = time.perf_counter() - start
        if spy is not None:
            try:
                spy.wait(timeout=120)
            except subprocess.TimeoutExpired:
                spy.kill()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    maxrss_mb = usage.ru_maxrss / 1024
    result = {
        "wall": wall,
        "rc": rc,
        "maxrss_mb": maxrss_mb,
        "tree_peak_mb": max(peak_tree / 1024, maxrss_mb),
        "user": usage.ru_utime,
        "sys": usage.ru_stime,
        "timed_out": timed_out,
    }
    args.result.write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
