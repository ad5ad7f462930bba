"""Extensions: version and the schema they are installed in (database-wide)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.kinds._spec import KindSpec
from pytest_dbparity.kinds.extension.report import SECTION, action
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.severity import HIGH, MED, rule


@dataclass(frozen=True, slots=True, kw_only=True)
class Extension(CatalogObject):
    kind: ClassVar[Kind] = "extension"
    identity: ClassVar[tuple[str, ...]] = ("name",)
    #: The version the server installs by default (compared only across majors).
    informational: ClassVar[tuple[str, ...]] = ("default_version",)
    name: str
    version: str
    schema: str
    default_version: str | None = None


def _across_majors(
    a: Extension,
    b: Extension,
    attribute: str,
    value_a: object,
    value_b: object,
    major_a: int,
    major_b: int,
) -> bool:
    """Across majors, an extension at its own server's default version on each
    side (``CREATE EXTENSION x`` on both) is alike, whatever the two versions."""
    return (
        attribute == "version"
        and a.default_version is not None
        and b.default_version is not None
        and a.version == a.default_version
        and b.version == b.default_version
    )


def _describe(obj: Extension) -> str:
    return f"{obj.version} in schema {obj.schema}"


SPEC: KindSpec = KindSpec(
    model=Extension,
    package=__name__,
    singular="extension",
    plural="extensions",
    rank=7,
    query="extensions",
    across_majors=_across_majors,
    rules=(
        rule("schema", HIGH, "extension installed in another schema"),
        rule("-", HIGH, "extension missing on one side"),
        rule("version", MED, "extension version differs"),
    ),
    report_section="extensions",
    scope="database",
    addresses={"extension": lambda names: names[0] if names else None},
    describe=_describe,
    action=action,
    section=SECTION,
    fix_order=20,
    fix_drop_title="drop extensions",
)
