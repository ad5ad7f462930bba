"""Approvals of a saved catalog are filed under its environment's name, so
approvals made live hold offline; an approvals folder named the earlier way
(after the file) is still read, and the run says how to rename it."""

from __future__ import annotations

import json
from pathlib import Path

from pytest_dbparity.config import FileConfig
from pytest_dbparity.environments import Environment, resolve_environment
from pytest_dbparity.settings import Settings


def _saved(path: Path, name: str) -> Path:
    doc = {"catalog": {"format": "x", "env": {"name": name, "label": ""}}}
    path.write_text(json.dumps(doc), "utf-8")
    return path


def _settings(tmp_path: Path, saved: Path) -> Settings:
    env_a = resolve_environment(
        f"snapshot:{saved}", FileConfig(), option="--env-a", environ={}, cwd=tmp_path
    )
    env_b = Environment(name="nonprod", label="nonprod", dsn="host=x")
    return Settings(env_a=env_a, env_b=env_b, snapshot_dir=tmp_path / "snapshots")


def test_a_saved_catalog_files_approvals_under_its_environment(
    tmp_path: Path,
) -> None:
    settings = _settings(tmp_path, _saved(tmp_path / "prod-catalog.json", "prod"))
    assert settings.env_a.name == "snapshot-prod-catalog"  # shown as before
    assert settings.pair_name == "prod--nonprod"
    assert settings.approvals_folder() == (tmp_path / "snapshots/prod--nonprod", None)


def test_a_dsn_name_in_a_saved_catalog_is_not_used(tmp_path: Path) -> None:
    saved = _saved(tmp_path / "c.json", "db.example:5432/postgres")
    assert _settings(tmp_path, saved).pair_name == "snapshot-c--nonprod"


def test_the_folder_named_after_the_file_still_holds_and_is_named(
    tmp_path: Path,
) -> None:
    settings = _settings(tmp_path, _saved(tmp_path / "prod-catalog.json", "prod"))
    old = tmp_path / "snapshots" / "snapshot-prod-catalog--nonprod"
    old.mkdir(parents=True)
    folder, note = settings.approvals_folder()
    assert folder == old
    assert note is not None
    assert "rename it to prod--nonprod/" in note
    (tmp_path / "snapshots" / "prod--nonprod").mkdir()
    assert settings.approvals_folder()[1] is None
