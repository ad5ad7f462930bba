"""The syrupy extension: one readable YAML file per object, outside the test tree.

Files live at ``<rootdir>/<snapshot dir>/<pair>/<test module>/<test>[<key>].yaml``.
The pair is ``<env-a>--<env-b>`` (drift mode: ``<env-a>``). syrupy reconstructs this
class by its dotted path, with no arguments, on the xdist controller, so it is a
module-level class and its location comes from module state set in
``pytest_configure`` (which runs in the controller and in every worker).
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from syrupy.data import Snapshot, SnapshotCollection
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from pytest_dbparity.naming import encode_name
from pytest_dbparity.snapshot import serializer
from pytest_dbparity.writing import SNAPSHOT_FILE, Failure, display_path, failure

if TYPE_CHECKING:
    from syrupy.location import PyTestLocation
    from syrupy.types import (
        PropertyFilter,
        PropertyMatcher,
        SerializableData,
        SerializedData,
        SnapshotIndex,
    )

_state: dict[str, Path] = {}


def set_location(
    directory: Path, *, updating: bool = False, writing_new: bool = False
) -> None:
    """Where this run's snapshots live (``<root>/<pair>``), whether this run
    writes approvals (``--snapshot-update``), and whether it writes those that
    do not exist yet (``--snapshot-update-new-only``, syrupy 7)."""
    _state["directory"] = directory
    _updating[:] = [updating]
    _writes_missing[:] = [updating or writing_new]
    _last_missing[0] = None
    _write_failures.clear()


#: Snapshot files this process could not write (``take_write_failures``).
_write_failures: list[Failure] = []


def take_write_failures() -> list[Failure]:
    """The snapshot files this process could not write (and forget them)."""
    found = list(_write_failures)
    _write_failures.clear()
    return found


class CorruptSnapshot(str):
    """What a snapshot file that cannot be decoded reads as: it never matches (so
    --snapshot-update rewrites it), and the verdict names ``reason``."""

    reason = "not UTF-8"


#: The content of every snapshot file that is not UTF-8.
NOT_UTF8 = CorruptSnapshot()


#: Whether this run writes approvals: an approval that only holds (it predates
#: an attribute the kind compares now) is then written out in full.
_updating: list[bool] = [False]
#: What the last match that held without equal data held despite (attributes the
#: approval predates); None after an exact match. Read right after the match,
#: in the same process (``take_tolerated``).
_tolerated: list[tuple[str, ...] | None] = [None]


#: Whether syrupy writes a snapshot that has no file yet in this run.
_writes_missing: list[bool] = [False]
#: Whether the last snapshot looked up in this process had no file (None: not
#: known, or already used by ``serialize``).
_last_missing: list[bool | None] = [None]

#: What a ``Deferred`` snapshot serializes to when nothing can use its YAML.
NOT_SERIALIZED = "# not serialized: no approved snapshot to compare with\n"


class Deferred:
    """Snapshot data whose YAML is written only when something can use it.

    syrupy looks the stored snapshot up, then serializes the data to compare
    it with the file, or to write it (``--snapshot-update``,
    ``--snapshot-update-new-only``). Where there is no file and nothing is
    written, the YAML is never read (the verdict says "no snapshot"): a first
    run at 10,000 tables has 2,000 such objects, and PyYAML's emitter took
    about a tenth of that run. Only a lookup made after the ``Deferred`` was
    created counts: where none was (a syrupy that serializes first, a write
    queued in this run), it dumps as usual.
    """

    __slots__ = ("data",)

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        _last_missing[0] = None  # an earlier lookup is not this one's


def take_tolerated() -> tuple[str, ...]:
    """Attributes the last approval that held predates (and forget them)."""
    found = _tolerated[0] or ()
    _tolerated[0] = None
    return found


def location() -> Path:
    try:
        return _state["directory"]
    except KeyError:
        raise RuntimeError("pytest-dbparity snapshot location not configured") from None


class DbParitySnapshotExtension(SingleFileSnapshotExtension):
    """Approved differences as YAML files, one per object."""

    file_extension = "yaml"
    _write_mode = WriteMode.TEXT

    def serialize(
        self,
        data: SerializableData,
        *,
        exclude: PropertyFilter | None = None,
        include: PropertyFilter | None = None,
        matcher: PropertyMatcher | None = None,
    ) -> SerializedData:
        if isinstance(data, Deferred):
            missing, _last_missing[0] = _last_missing[0], None
            if missing and not _writes_missing[0]:
                return NOT_SERIALIZED
            data = data.data
        if isinstance(data, str):
            return data
        return serializer.dump(data)

    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        # The last part must be the test module's name: syrupy matches snapshot
        # folders to test files by it.
        return str(location() / test_location.basename)

    @classmethod
    def get_snapshot_name(
        cls, *, test_location: PyTestLocation, index: SnapshotIndex = 0
    ) -> str:
        name = test_location.snapshot_name
        if index:
            name += f".{index}"
        return encode_name(name)

    @classmethod
    def write_snapshot(
        cls,
        *,
        snapshot_location: str,
        snapshots: list[tuple[SerializedData, PyTestLocation, SnapshotIndex]],
        **options: Any,
    ) -> None:
        # ``options``: what newer syrupy passes on (6.0 added ``name_order``);
        # forwarded as given, so one signature fits 5.5.2 through 7.x. A
        # signature without it fails every write on syrupy 6+, and syrupy takes
        # that error for "no match": --snapshot-update would write nothing.
        #
        # syrupy relates a file to its test by the raw test id; ours is encoded
        # (quotes, case, long ids), so its "Can not relate snapshot location"
        # warning would be noise, and an error under -W error. Nothing else changes.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r"\s*Can not relate snapshot")
            try:
                super().write_snapshot(
                    snapshot_location=snapshot_location,
                    snapshots=snapshots,
                    **options,
                )
            except OSError as exc:
                # Named in one line at the end of the run (exit code 4), not
                # a traceback in the middle of syrupy's session end.
                _write_failures.append(
                    failure(SNAPSHOT_FILE, display_path(snapshot_location), exc)
                )

    @classmethod
    def write_snapshot_collection(
        cls, *, snapshot_collection: SnapshotCollection, **options: Any
    ) -> None:
        # Dated, and the reason a reviewer wrote in the file it replaces kept.
        # ``options``: forwarded as given (syrupy 6+ passes ``name_order``).
        path = Path(snapshot_collection.location)
        try:
            previous: str | None = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            previous = None
        stamped = SnapshotCollection(location=snapshot_collection.location)
        today = serializer.approval_date()
        for snapshot in snapshot_collection:
            data = snapshot.data
            if isinstance(data, str):
                data = serializer.stamp(data, previous, today)
            stamped.add(Snapshot(name=snapshot.name, data=data))
        super().write_snapshot_collection(snapshot_collection=stamped, **options)

    def read_snapshot_data_from_location(
        self, *, snapshot_location: str, snapshot_name: str, session_id: str
    ) -> SerializableData | None:
        _last_missing[0] = None
        try:
            found = super().read_snapshot_data_from_location(
                snapshot_location=snapshot_location,
                snapshot_name=snapshot_name,
                session_id=session_id,
            )
        except UnicodeDecodeError:
            # syrupy would take the error for "no snapshot".
            return NOT_UTF8
        except NotADirectoryError:
            # A regular file where the folder should be: there is no snapshot
            # (syrupy would fail the item with the error, even when updating;
            # the update then names the file it cannot write).
            found = None
        _last_missing[0] = found is None
        return found

    def matches(self, *, serialized_data: Any, snapshot_data: Any) -> bool:
        _tolerated[0] = None
        if isinstance(snapshot_data, CorruptSnapshot):
            return False
        # Equal data is a match even if someone reformatted the file by hand.
        if serialized_data == snapshot_data:
            return True
        try:
            now = serializer.load(str(serialized_data))
            approved = serializer.load(str(snapshot_data))
        except serializer.SnapshotFormatError:
            return False
        approved = serializer.content(approved)  # when and why: not compared
        if now == approved:
            return True
        # An approval made before an upgrade added an attribute to the kind
        # still holds for what it recorded (unless this run writes approvals).
        if _updating[0]:
            return False
        check = serializer.check_approval(approved, now)
        if check.holds:
            _tolerated[0] = check.new
        return check.holds
