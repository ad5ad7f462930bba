"""The README's CI workflow is one GitHub accepts and follows the README's advice."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

README = Path(__file__).resolve().parents[2] / "README.md"


def _workflow() -> dict[Any, Any]:
    text = README.read_text("utf-8")
    section = text.split("## In CI", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```yaml\n(.*?)```", section, flags=re.DOTALL)
    data = yaml.safe_load(block)
    assert isinstance(data, dict)
    return data


def test_ci_workflow_has_triggers_including_a_schedule() -> None:
    workflow = _workflow()
    # YAML 1.1 (PyYAML) reads the key `on` as true; GitHub reads it as "on".
    triggers = workflow.get("on", workflow.get(True))
    assert isinstance(triggers, dict), "a workflow without `on:` is rejected"
    assert {"pull_request", "schedule"} <= set(triggers)
    assert triggers["schedule"][0]["cron"]


def test_ci_workflow_runs_serially_and_keeps_every_output() -> None:
    steps = _workflow()["jobs"]["parity"]["steps"]
    (command,) = [s["run"] for s in steps if str(s.get("run", "")).startswith("pytest")]
    assert " -n " not in f" {command} "
    outputs = re.findall(r"--dbparity-(?:json|report|fix-sql) (\S+)", command)
    (upload,) = [s for s in steps if "upload-artifact" in str(s.get("uses", ""))]
    assert set(outputs) <= set(upload["with"]["path"].split())
    assert len(outputs) == 4
