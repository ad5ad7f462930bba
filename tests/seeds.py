"""Run a function of the test suite in fresh interpreters under several hash seeds.

Determinism tests call the function under test once per process: two calls in one
process share the string hash seed, so an order that follows a set's or dict's
hashing would look stable there and still change from run to run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def outputs_under_hash_seeds(
    target: str, seeds: Sequence[str] = ("0", "1", "4242")
) -> list[str]:
    """What ``module:function`` (no arguments, returns text) returns in a fresh
    interpreter for each ``PYTHONHASHSEED`` in *seeds*."""
    module, function = target.split(":")
    code = (
        f"import sys\nfrom {module} import {function}\nsys.stdout.write({function}())\n"
    )
    out = []
    for seed in seeds:
        done = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=ROOT,
            check=True,
        )
        out.append(done.stdout)
    return out


def set_order_probe() -> str:
    """Text that follows a set's iteration order: it changes with the seed (the
    check that ``outputs_under_hash_seeds`` really varies the seed)."""
    return ",".join({"alpha", "beta", "gamma", "delta", "epsilon", "zeta"})
