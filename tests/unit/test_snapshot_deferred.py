"""Snapshot YAML is written only when something can use it (``Deferred``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pytest_dbparity.snapshot import serializer
from pytest_dbparity.snapshot.extension import (
    NOT_SERIALIZED,
    DbParitySnapshotExtension,
    Deferred,
    set_location,
)

DATA: dict[str, Any] = {
    "format": serializer.FORMAT,
    "kind": "rls",
    "object": "public.stories",
    "change": "different",
    "differences": {"enabled": {"a": True, "b": False, "severity": "critical"}},
}


@pytest.fixture
def ext(tmp_path: Path) -> Iterator[DbParitySnapshotExtension]:
    set_location(tmp_path)
    yield DbParitySnapshotExtension()
    set_location(tmp_path)


def _look_up(ext: DbParitySnapshotExtension, path: Path) -> Any:
    return ext.read_snapshot_data_from_location(
        snapshot_location=str(path), snapshot_name=path.stem, session_id="1"
    )


def test_no_file_and_no_write_serializes_nothing(
    ext: DbParitySnapshotExtension, tmp_path: Path
) -> None:
    deferred = Deferred(DATA)
    assert _look_up(ext, tmp_path / "missing.yaml") is None
    assert ext.serialize(deferred) == NOT_SERIALIZED
    # The lookup counts once: a second serialization dumps.
    assert ext.serialize(deferred) == serializer.dump(DATA)


def test_a_lookup_before_the_data_was_made_does_not_count(
    ext: DbParitySnapshotExtension, tmp_path: Path
) -> None:
    # A syrupy that serializes before it looks up: the previous item's lookup
    # must not decide for this one.
    assert _look_up(ext, tmp_path / "missing.yaml") is None
    assert ext.serialize(Deferred(DATA)) == serializer.dump(DATA)


def test_a_stored_file_gets_the_yaml_to_compare_with(
    ext: DbParitySnapshotExtension, tmp_path: Path
) -> None:
    stored = tmp_path / "stored.yaml"
    stored.write_text(serializer.dump(DATA), "utf-8")
    deferred = Deferred(DATA)
    assert _look_up(ext, stored) == serializer.dump(DATA)
    assert ext.serialize(deferred) == serializer.dump(DATA)


@pytest.mark.parametrize(
    "flags", [{"updating": True}, {"writing_new": True}], ids=["update", "new-only"]
)
def test_a_run_that_writes_gets_the_yaml(
    ext: DbParitySnapshotExtension, tmp_path: Path, flags: dict[str, bool]
) -> None:
    set_location(tmp_path, **flags)
    deferred = Deferred(DATA)
    assert _look_up(ext, tmp_path / "missing.yaml") is None
    assert ext.serialize(deferred) == serializer.dump(DATA)
