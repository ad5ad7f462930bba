"""Values that are never shown: settings and options whose name looks like a
secret (pure; no pytest, no database).

Such a value is held as a keyed hash (HMAC-SHA256), written as one string with a
marker prefix, so equal values still compare equal and the value itself is never
kept. The key is ``DBPARITY_SECRET_KEY`` when set, else a random key made once in
the process that reads the catalogs (xdist workers receive objects, they never
read). The string also names a fingerprint of its key: hashes made under two
keys cannot be compared, and say so instead of "differs" or a silent pass.

Every output renders a hidden value through :func:`shown` / :func:`shown_pair`:
``(hidden)``, ``differs (values hidden)``, or ``cannot compare hidden values:
different keys``. Nothing here knows a kind.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import os
import secrets
import threading
from collections.abc import Callable, Mapping
from fnmatch import fnmatchcase
from typing import Any

#: The environment variable that holds the key (text).
KEY_VARIABLE = "DBPARITY_SECRET_KEY"
#: What a hidden value is held as: ``<prefix><key fingerprint>:<hmac hex>``.
PREFIX = "dbparity-hidden/1:"
#: One hidden value, as every output shows it.
HIDDEN = "(hidden)"
#: Both sides of a hidden value that differs.
DIFFERS = "differs (values hidden)"
#: Both sides of hidden values hashed under different keys.
DIFFERENT_KEYS = "cannot compare hidden values: different keys"

#: Names that look like a secret (case-insensitive globs), matched against the
#: whole name and against each of its dotted parts (``app.settings.jwt_secret``).
PATTERNS: tuple[str, ...] = ("*secret*", "*password*", "*key*", "*token*", "jwt*")

_lock = threading.Lock()
_random_key: bytes | None = None


def looks_secret(name: str, *, user_mapping: bool = False) -> bool:
    """Whether the setting or option *name* holds a secret (every option of a
    user mapping does)."""
    if user_mapping:
        return True
    lowered = name.lower()
    candidates = {lowered, *lowered.split(".")}
    return any(fnmatchcase(c, p) for c in candidates for p in PATTERNS)


def hide_secret_options(
    pairs: tuple[tuple[str, str], ...], *, user_mapping: bool = False
) -> tuple[tuple[str, str], ...]:
    """``(name, value)`` pairs with the value of every secret-looking name (every
    name of a user mapping) replaced by its keyed hash; the same tuple when none
    is."""
    if not any(looks_secret(n, user_mapping=user_mapping) for n, _ in pairs):
        return pairs
    return tuple(
        (n, hide(v) if looks_secret(n, user_mapping=user_mapping) else v)
        for n, v in pairs
    )


def hiding_refine(
    field_name: str = "options", *, user_mapping: bool = False
) -> Callable[[Any, Any, dict[str, Any]], list[str]]:
    """A kind's ``refine`` hook: in every object read, the values of the
    secret-looking names of the mapping field *field_name* become keyed hashes."""

    def refine(cur: Any, options: Any, objects: dict[str, Any]) -> list[str]:
        # Most objects have no options, and equal ones are one tuple (read with
        # shared arrays): each distinct tuple is looked at once.
        done: dict[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]] = {}
        for key, obj in list(objects.items()):
            pairs = getattr(obj, field_name)
            if not pairs:
                continue
            hidden = done.get(pairs)
            if hidden is None:
                hidden = done[pairs] = hide_secret_options(
                    pairs, user_mapping=user_mapping
                )
            if hidden is not pairs:
                objects[key] = dataclasses.replace(obj, **{field_name: hidden})
        return []

    return refine


def _key() -> bytes:
    global _random_key
    given = os.environ.get(KEY_VARIABLE)
    if given:
        return given.encode("utf-8")
    with _lock:
        if _random_key is None:
            _random_key = secrets.token_bytes(32)
        return _random_key


def key_fingerprint() -> str:
    """A short fingerprint of this process's key (says nothing of the key)."""
    digest = hmac.new(_key(), b"dbparity key fingerprint", hashlib.sha256)
    return digest.hexdigest()[:16]


def hide(value: str) -> str:
    """*value* as held in a model: its keyed hash, marked."""
    key = _key()
    digest = hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"{PREFIX}{key_fingerprint()}:{digest}"


def tag(value: str) -> str:
    """A short keyed tag of *value*: tells hidden values apart (rows named by a
    sensitive column) without showing them or an unkeyed hash of them, which a
    guess could be checked against. The same under one ``DBPARITY_SECRET_KEY``;
    without it, within one run only."""
    return hmac.new(_key(), value.encode("utf-8"), hashlib.sha256).hexdigest()[:12]


def is_hidden(value: object) -> bool:
    """Whether *value* is a hidden value (made by :func:`hide`)."""
    return isinstance(value, str) and value.startswith(PREFIX)


def fingerprint_of(value: object) -> str | None:
    """The key fingerprint a hidden value was made with (None: not hidden)."""
    if not is_hidden(value):
        return None
    assert isinstance(value, str)
    return value[len(PREFIX) :].split(":", 1)[0]


def shown(value: Any) -> Any:
    """*value* as an output may show it: every hidden value inside it (in lists,
    tuples, mappings) becomes ``(hidden)``."""
    if isinstance(value, str):
        return HIDDEN if value.startswith(PREFIX) else value
    if isinstance(value, Mapping):
        return {k: shown(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shown(v) for v in value]
    if isinstance(value, tuple):
        return tuple(shown(v) for v in value)
    return value


def shown_pair(a: Any, b: Any) -> tuple[Any, Any]:
    """The two sides of one differing attribute as outputs show them: hidden
    values that differ are ``differs (values hidden)`` on both sides, or
    ``cannot compare hidden values: different keys`` when their keys differ."""
    if is_hidden(a) and is_hidden(b) and a != b:
        if fingerprint_of(a) != fingerprint_of(b):
            return DIFFERENT_KEYS, DIFFERENT_KEYS
        return DIFFERS, DIFFERS
    return shown(a), shown(b)


def holds_hidden(value: Any) -> bool:
    """Whether *value* holds a hidden value anywhere inside it."""
    if isinstance(value, str):
        return value.startswith(PREFIX)
    if isinstance(value, Mapping):
        return any(holds_hidden(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(holds_hidden(v) for v in value)
    return False
