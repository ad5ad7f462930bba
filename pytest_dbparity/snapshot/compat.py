"""Which syrupy the plugin can drive, checked when the plugin is switched on.

The approvals are syrupy snapshots: a syrupy the plugin cannot drive would not
fail loudly, it would take every failed write for "no match" and keep asking for
``--snapshot-update`` (what syrupy 7 did to a signature written for 5). So an
active run checks first, and stops with one usage error naming the version.

Supported: 5.5.2 (the first release whose unused-snapshot detection works under
pytest-xdist) through 7.x (the newest tested). Within that range the extension
uses one code path; the parts of syrupy it relies on are checked by feature as
well, so a build that lacks one is named too. This module imports syrupy only
inside ``problem``: an inert plugin loads none of it.
"""

from __future__ import annotations

from importlib import import_module, metadata

from packaging.version import InvalidVersion, Version

#: The supported range, as written in the package's dependencies.
SUPPORTED = ">=5.5.2,<8"
LOWEST = (5, 5, 2)
#: The first major release not known to work.
FIRST_UNTESTED_MAJOR = 8
#: How a user gets a supported syrupy.
REMEDY = (
    f"pytest-dbparity drives syrupy 5.5.2 through 7.x (pip install 'syrupy{SUPPORTED}')"
)

#: (module, attribute, its attributes) the extension, the verdicts and the
#: plugin use: an import or a name that is gone means a syrupy we cannot drive.
FEATURES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "syrupy.extensions.single_file",
        "SingleFileSnapshotExtension",
        (
            "serialize",
            "dirname",
            "get_snapshot_name",
            "write_snapshot",
            "read_snapshot_data_from_location",
            "matches",
            "discover_snapshots",
        ),
    ),
    ("syrupy.extensions.single_file", "WriteMode", ("TEXT",)),
    ("syrupy.assertion", "SnapshotAssertion", ("use_extension", "executions")),
    ("syrupy.assertion", "AssertionResult", ()),
    # Unused-snapshot (stale approval) detection under pytest-xdist.
    ("syrupy.session", "SnapshotSession", ("add_worker_report",)),
)


def installed_version() -> str | None:
    """The installed syrupy's version, or None when it is not installed."""
    try:
        return metadata.version("syrupy")
    except metadata.PackageNotFoundError:
        return None


def version_problem(version: str) -> str | None:
    """Why *version* is outside the supported range, or None."""
    try:
        release = Version(version).release
    except InvalidVersion:
        return f"syrupy {version!r} has a version this plugin cannot read; {REMEDY}"
    # By release numbers: a pre-release of 8.0 is 8.x already.
    if release < LOWEST or release[0] >= FIRST_UNTESTED_MAJOR:
        return f"syrupy {version} is not supported; {REMEDY}"
    return None


def missing_feature() -> str | None:
    """The first part of syrupy's API the plugin uses that is not there."""
    for module_name, name, attributes in FEATURES:
        try:
            module = import_module(module_name)
        except ImportError:
            return module_name
        obj = getattr(module, name, None)
        if obj is None:
            return f"{module_name}.{name}"
        for attribute in attributes:
            if not hasattr(obj, attribute):
                return f"{module_name}.{name}.{attribute}"
    return None


def problem(*, plugin_loaded: bool) -> str | None:
    """Why this run cannot keep approvals with the syrupy it has, in one line
    (without the ``dbparity:`` prefix), or None when it can."""
    version = installed_version()
    if version is None:
        return f"syrupy is not installed; {REMEDY}"
    found = version_problem(version)
    if found is not None:
        return found
    missing = missing_feature()
    if missing is not None:
        return f"syrupy {version} has no {missing}; {REMEDY}"
    if not plugin_loaded:
        return (
            f"syrupy {version} is installed but its pytest plugin is not loaded "
            "(-p no:syrupy?); the approvals are syrupy snapshots"
        )
    return None
