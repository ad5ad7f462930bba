"""The CI workflow (``examples/github/dbparity.yml``, shown in the README) is one
GitHub accepts and follows the README's advice."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
WORKFLOW = ROOT / "examples" / "github" / "dbparity.yml"


def _readme_block() -> str:
    text = README.read_text("utf-8")
    section = text.split("## In CI", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```yaml\n(.*?)```", section, flags=re.DOTALL)
    return str(block)


def _workflow() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def _steps() -> list[dict[str, Any]]:
    steps = _workflow()["jobs"]["parity"]["steps"]
    assert isinstance(steps, list)
    return steps


def test_readme_shows_the_example_workflow_as_it_is() -> None:
    assert _readme_block() == WORKFLOW.read_text("utf-8")
    assert "(examples/github/dbparity.yml)" in README.read_text("utf-8")


def test_workflow_is_valid_for_github() -> None:
    if importlib.util.find_spec("check_jsonschema") is None:
        pytest.skip("check-jsonschema not installed (pip install -e '.[test]')")
    done = subprocess.run(
        [
            *(sys.executable, "-m", "check_jsonschema"),
            *("--builtin-schema", "vendor.github-workflows", str(WORKFLOW)),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_workflow_uses_two_supabase_projects_through_the_pooler() -> None:
    (compare,) = [s for s in _steps() if str(s.get("run", "")).startswith("pytest")]
    assert set(compare["env"]) == {"PROD_DATABASE_URL", "NONPROD_DATABASE_URL"}
    assert all("secrets." in v for v in compare["env"].values())
    text = WORKFLOW.read_text("utf-8")
    assert "pooler.supabase.com:5432/postgres?sslmode=require" in text
    assert "IPv6" in text


def test_workflow_writes_the_report_headline_to_the_job_summary(
    tmp_path: Path,
) -> None:
    (step,) = [s for s in _steps() if "GITHUB_STEP_SUMMARY" in str(s.get("run"))]
    assert step["if"] == "always()"
    (tmp_path / "parity-report.md").write_text(
        "# Database parity report: prod (A) vs nonprod (B)\n\n- A: prod\n\n"
        "## Executive summary\n\n3 object(s) differ.\n\n### Key findings\n\n"
        "- RLS differs\n\n## 1. Environment overview\n\nlong details\n",
        "utf-8",
    )
    summary = tmp_path / "summary.md"
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary)}
    subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env, check=True)
    text = summary.read_text("utf-8")
    assert text.startswith("# Database parity report")
    assert "- RLS differs" in text
    assert "Environment overview" not in text
    (tmp_path / "parity-report.md").unlink()
    subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env, check=True)
    assert summary.read_text("utf-8").endswith("No parity report: see the job log.\n")


def test_ci_workflow_has_triggers_including_a_schedule() -> None:
    workflow = _workflow()
    # YAML 1.1 (PyYAML) reads the key `on` as true; GitHub reads it as "on".
    triggers = workflow.get("on", workflow.get(True))
    assert isinstance(triggers, dict), "a workflow without `on:` is rejected"
    assert {"pull_request", "schedule", "workflow_dispatch"} <= set(triggers)
    assert triggers["schedule"][0]["cron"]


def test_ci_workflow_runs_serially_and_keeps_every_output() -> None:
    steps = _steps()
    (command,) = [s["run"] for s in steps if str(s.get("run", "")).startswith("pytest")]
    assert " -n " not in f" {command} "
    outputs = re.findall(r"--dbparity-(?:json|report|fix-sql) (\S+)", command)
    (upload,) = [s for s in steps if "upload-artifact" in str(s.get("uses", ""))]
    uploaded = set(upload["with"]["path"].split())
    assert set(outputs) <= uploaded
    assert len(outputs) == 4
    assert upload["if"] == "always()"
    (junit,) = re.findall(r"--junitxml (\S+)", command)
    assert junit in uploaded
