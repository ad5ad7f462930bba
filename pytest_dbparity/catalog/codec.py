"""Catalog <-> plain JSON-able data.

Used to hand the catalogs read once by the xdist controller to its workers, so no
worker connects to an environment and every worker collects the same items.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from pytest_dbparity.catalog import Catalog, EnvInfo
from pytest_dbparity.core.objects import CatalogObject, Dependency, to_dict
from pytest_dbparity.core.secrets import holds_hidden, key_fingerprint
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.kinds.registry import MODEL_BY_KIND

FORMAT = "dbparity-catalog/1"


def _object_from_dict(kind: str, data: Mapping[str, Any]) -> CatalogObject:
    model = MODEL_BY_KIND[kind]
    values: dict[str, Any] = {}
    for f in dataclasses.fields(model):
        if f.name not in data:
            continue
        value = data[f.name]
        if f.metadata.get("mapping"):
            value = tuple(
                (str(k), v) for k, v in cast(Mapping[str, Any], value).items()
            )
        elif isinstance(value, list):
            value = tuple(value)
        values[f.name] = value
    return model(**values)


def dump_catalog(catalog: Catalog) -> dict[str, Any]:
    """The catalog as JSON-able data. Hidden values (secrets) are kept as their
    keyed hashes, never the values; ``hidden_key`` records the fingerprint of
    the key they were hashed with (when there are any)."""
    objects = {
        kind: [to_dict(o) for o in objs.values()]
        for kind, objs in catalog.objects.items()
    }
    extra = {"hidden_key": key_fingerprint()} if holds_hidden(objects) else {}
    return {
        **extra,
        "format": FORMAT,
        "env": dataclasses.asdict(catalog.env),
        "kinds": list(catalog.kinds),
        "unreadable": dict(catalog.unreadable),
        "unchecked": dict(catalog.unchecked),
        "notes": list(catalog.notes),
        "absent": {kind: dict(keys) for kind, keys in catalog.absent.items()},
        "dependencies": [[*d.dependent, *d.referenced] for d in catalog.dependencies],
        "objects": objects,
    }


def load_catalog(data: Mapping[str, Any]) -> Catalog:
    if data.get("format") != FORMAT:
        raise ValueError(f"not a {FORMAT} document (format {data.get('format')!r})")
    objects: dict[Kind, dict[str, CatalogObject]] = {}
    for kind, rows in data["objects"].items():
        objs = (_object_from_dict(kind, row) for row in rows)
        objects[cast(Kind, kind)] = {o.key: o for o in objs}
    return Catalog(
        env=EnvInfo(**data["env"]),
        objects=objects,
        kinds=tuple(data["kinds"]),
        unreadable=dict(data.get("unreadable", {})),
        unchecked=dict(data.get("unchecked", {})),
        notes=tuple(data.get("notes", ())),
        absent={k: dict(v) for k, v in data.get("absent", {}).items()},
        dependencies=tuple(
            Dependency((a, b), (c, d)) for a, b, c, d in data.get("dependencies", ())
        ),
    )


def write_catalogs(path: Path, catalogs: Mapping[str, Catalog]) -> None:
    """Write named catalogs to *path* (JSON), atomically."""
    doc = {name: dump_catalog(c) for name, c in catalogs.items()}
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    tmp.replace(path)


def read_catalogs(path: Path) -> dict[str, Catalog]:
    doc = json.loads(path.read_text("utf-8"))
    return {name: load_catalog(data) for name, data in doc.items()}
