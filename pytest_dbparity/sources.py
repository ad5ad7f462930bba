"""Where an environment's catalog comes from: a live database, a catalog saved
earlier (``snapshot:PATH``), or a migrations folder applied to a throwaway server
(``migrations:PATH``)."""

from __future__ import annotations

import dataclasses
from contextlib import ExitStack
from pathlib import Path

from pytest_dbparity.catalog import Catalog
from pytest_dbparity.catalog.codec import read_catalogs, write_catalogs
from pytest_dbparity.catalog.introspect import ReadOptions, read_catalog
from pytest_dbparity.core.identifiers import quote_ident
from pytest_dbparity.core.objects import attributes
from pytest_dbparity.core.secrets import KEY_VARIABLE, fingerprint_of, key_fingerprint
from pytest_dbparity.environments import Environment
from pytest_dbparity.errors import ConfigError

#: The key of the one catalog in a file written by --dbparity-save-catalog.
SAVED = "catalog"


def save_catalog(path: Path, catalog: Catalog) -> None:
    """Write *catalog* for later use as ``snapshot:PATH`` (no user name kept, nor
    when the server started)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    env = dataclasses.replace(catalog.env, user=None, server_instance="")
    write_catalogs(path, {SAVED: dataclasses.replace(catalog, env=env)})


def load_saved(env: Environment) -> Catalog:
    assert env.path is not None
    try:
        catalogs = read_catalogs(env.path)
        catalog = catalogs[SAVED]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(
            f"{env.describe()}: not a catalog saved with --dbparity-save-catalog "
            f"({type(exc).__name__}: {exc})"
        ) from None
    saved = catalog.env
    label = f"{saved.label or saved.name} (saved catalog)"
    return dataclasses.replace(
        catalog,
        env=dataclasses.replace(saved, name=env.name, label=label),
        notes=(*catalog.notes, *_key_notes(catalog)),
    )


def _key_notes(catalog: Catalog) -> list[str]:
    """A note when the saved catalog's hidden values were hashed under another
    key than this run's: they cannot be compared (each one is a finding that
    says so, never a pass and never "differs")."""
    mine = key_fingerprint()
    other = 0
    for objs in catalog.objects.values():
        for obj in objs.values():
            for value in attributes(obj).values():
                fp = fingerprint_of(value)
                if fp is not None and fp != mine:
                    other += 1
    if not other:
        return []
    return [
        f"cannot compare hidden values: different keys ({other} hidden value(s) "
        f"of this saved catalog were hashed under another key; give "
        f"{KEY_VARIABLE} as when the catalog was saved)"
    ]


def read_environment(
    env: Environment,
    options: ReadOptions,
    *,
    stack: ExitStack,
    major: int | None = None,
) -> Catalog:
    """The catalog of *env*, without the platform's own objects where a profile
    is in use. A throwaway server stays up until *stack* closes.

    A migrations folder is applied on a throwaway server of its configured
    major, else of *major* (the other environment's), when one can be had; else
    on the major the provider had, and the catalog's notes say which and why.
    Neither: the provider's default."""
    from pytest_dbparity.platform import apply, load_profile

    catalog = _read_environment(env, options, stack=stack, major=major)
    return apply(load_profile(options.profile), catalog)


def _read_environment(
    env: Environment,
    options: ReadOptions,
    *,
    stack: ExitStack,
    major: int | None = None,
) -> Catalog:
    if env.source == "snapshot":
        return load_saved(env)
    if env.source == "migrations":
        from pytest_dbparity.ephemeral import (
            build_database,
            ephemeral_server,
            server_roles,
        )

        assert env.path is not None
        wanted = env.major or major
        # Made as the prelude's platform makes its servers (Supabase: the
        # bootstrap superuser supabase_admin; postgres runs the migrations and
        # is demoted after them, as on a fresh project).
        superuser = server_roles(env.prelude).superuser
        server = stack.enter_context(
            ephemeral_server(major=wanted, superuser=superuser)
        )
        # The server is the run's own: a shipped prelude's roles part applies.
        built = build_database(
            server, "dbparity_migrations", env.path, prelude=env.prelude
        )
        live = dataclasses.replace(env, dsn=built.dsn, source="dsn")
        catalog = read_catalog(live, options)
        notes = catalog.notes
        absent: dict[str, dict[str, str]] = {}
        if built.unavailable:
            names = ", ".join(sorted(built.unavailable))
            why = (
                "the platform's extension (a fresh project has it), not available "
                "on the throwaway server"
            )
            absent["extension"] = {quote_ident(n): why for n in built.unavailable}
            notes += (
                f"the platform's extensions {names} are not available on the "
                "throwaway server: not compared",
            )
        if wanted is not None and server.major != wanted:
            why = server.note or f"the {server.kind} provider started another major"
            asked = (
                f"as configured (environments.{env.name}.major)"
                if env.major
                else "as the other environment runs"
            )
            notes += (
                f"the migrations were applied on PostgreSQL {server.major}, not "
                f"on {wanted} {asked}: {why}",
            )
        return dataclasses.replace(
            catalog,
            env=dataclasses.replace(
                catalog.env, host=f"throwaway {server.kind} server", port=None
            ),
            notes=notes,
            absent=absent,
        )
    return read_catalog(env, options)
