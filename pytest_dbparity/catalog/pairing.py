"""Kinds that compare both live sides together after each was read (``KindSpec.
pair``): the connections they need, opened only when one asks."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import psycopg

from pytest_dbparity.catalog import Catalog
from pytest_dbparity.catalog.connection import _pin_session, connect
from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.core.reading import ReadOptions
from pytest_dbparity.environments import Environment
from pytest_dbparity.errors import CatalogQueryError
from pytest_dbparity.kinds.names import Kind
from pytest_dbparity.kinds.registry import SPECS


def pair_catalogs(
    env_a: Environment,
    env_b: Environment,
    catalog_a: Catalog,
    catalog_b: Catalog,
    options: ReadOptions,
) -> tuple[Catalog, Catalog]:
    """Both catalogs after the kinds with a ``pair`` hook compared their live
    sides together (raises ``CatalogQueryError``)."""
    objects_a = dict(catalog_a.objects)
    objects_b = dict(catalog_b.objects)
    notes: list[str] = []
    for kind in options.kinds:
        spec = SPECS[kind]
        if spec.pair is None or kind not in catalog_a.kinds:
            continue
        if kind not in catalog_b.kinds:
            continue
        objs_a: dict[str, CatalogObject] = dict(catalog_a.of(kind))
        objs_b: dict[str, CatalogObject] = dict(catalog_b.of(kind))
        what = f"{kind} objects (compared on both sides)"

        @contextmanager
        def open_cursors() -> Iterator[tuple[Any, Any]]:
            with ExitStack() as stack:
                cursors = []
                for env in (env_a, env_b):
                    conn = stack.enter_context(
                        connect(env, connect_timeout=options.connect_timeout)
                    )
                    cur = stack.enter_context(conn.cursor())
                    _pin_session(cur, options.statement_timeout)
                    cursors.append(cur)
                yield cursors[0], cursors[1]

        try:
            notes.extend(spec.pair(open_cursors, objs_a, objs_b, options))
        except psycopg.Error as exc:
            from pytest_dbparity.catalog.introspect import _query_error

            raise _query_error(env_a, what, exc, options) from None
        objects_a[kind] = objs_a
        objects_b[kind] = objs_b
    if objects_a == dict(catalog_a.objects) and not notes:
        return catalog_a, catalog_b
    return (
        dataclasses.replace(catalog_a, objects=_typed(objects_a)),
        dataclasses.replace(
            catalog_b, objects=_typed(objects_b), notes=catalog_b.notes + tuple(notes)
        ),
    )


def _typed(objects: dict[Kind, Any]) -> dict[Kind, dict[str, CatalogObject]]:
    return objects


__all__ = ["CatalogQueryError", "pair_catalogs"]
