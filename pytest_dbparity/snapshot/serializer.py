"""Snapshot content as readable, stable YAML (no syrupy, no pytest here).

One file holds one object: its kind, key and, per differing attribute, both values
and the severity; or, in drift mode, the object's attributes as approved. Keys are
sorted, lines are never folded and multi-line text is written as a block, so a
snapshot reads well in review and is byte-for-byte stable across runs and Python
versions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from pytest_dbparity.findings import Finding

FORMAT = "dbparity-snapshot/1"
#: Pseudo-attribute of a whole object that is missing on one side.
OBJECT = "(object)"


class SnapshotFormatError(ValueError):
    """A snapshot file that is not valid YAML or not in the expected format."""


class _Dumper(yaml.SafeDumper):
    pass


#: Characters YAML reads as line breaks: a block scalar would turn them into "\n".
_BREAKS = ("\x85", "\u2028", "\u2029", "\r")


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style: str | None = None
    if any(b in value for b in _BREAKS):
        style = '"'  # escaped, so every character survives
    elif "\n" in value:
        style = "|"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(data: Mapping[str, Any]) -> str:
    """Deterministic YAML text of *data*."""
    return yaml.dump(
        dict(data),
        Dumper=_Dumper,
        sort_keys=True,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,
        indent=2,
    )


def load(text: str) -> dict[str, Any]:
    """Parse snapshot text; raises ``SnapshotFormatError`` with the reason."""
    try:
        data = yaml.safe_load(text)
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise SnapshotFormatError(
            f"not valid YAML at line {line}: unacceptable character"
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise SnapshotFormatError(f"not valid YAML{where}") from None
    except RecursionError:
        raise SnapshotFormatError("not valid YAML: nested too deeply") from None
    if not isinstance(data, dict):
        raise SnapshotFormatError("not a mapping")
    if data.get("format") != FORMAT:
        raise SnapshotFormatError(
            f"format is {data.get('format')!r}, expected {FORMAT!r}"
        )
    return data


def parity_snapshot(kind: str, key: str, findings: Sequence[Finding]) -> dict[str, Any]:
    """What an approved A-vs-B difference of one object looks like on disk."""
    differences: dict[str, Any] = {}
    change = findings[0].change if findings else "different"
    for f in findings:
        differences[f.attribute or OBJECT] = {
            "a": f.a,
            "b": f.b,
            "severity": f.severity.label,
        }
    return {
        "format": FORMAT,
        "kind": kind,
        "object": key,
        "change": change,
        "differences": differences,
    }


def drift_snapshot(kind: str, key: str, attrs: Mapping[str, Any]) -> dict[str, Any]:
    """What an approved object of one environment looks like on disk (drift mode)."""
    return {"format": FORMAT, "kind": kind, "object": key, "attributes": dict(attrs)}
