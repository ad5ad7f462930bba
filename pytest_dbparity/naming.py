"""File names for snapshot files and folders, derived from object keys and names."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

#: Characters syrupy would strip from a file name, plus those that make names clash
#: on case-insensitive or Windows file systems; escaped as %XX so distinct ids never
#: share a file.
_UNSAFE = set('\\/?*:|"<>%^~') | {chr(c) for c in range(32)} | {"\x7f"}
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Lt"})
_MAX_NAME = 200  # bytes, leaving room for ".yaml" and editors' temporary suffixes
#: Names of printable ASCII without upper-case letters or unsafe characters:
#: their own encoding (most test ids).
_PLAIN = re.compile(r'[^A-Z\x00-\x1f\x7f\\/?*:|"<>%^~]*')


def _escape(c: str) -> str:
    return "".join(f"%{b:02X}" for b in c.encode("utf-8"))


@functools.lru_cache(maxsize=4096)
def encode_name(name: str) -> str:
    """An injective, file-system-safe form of a test id.

    An upper-case ASCII letter becomes ``^`` plus the letter, so ``"Foo"`` and
    ``"FOO"`` stay apart on case-insensitive file systems; any other character
    that has a case (``é``, ``ß``, the Kelvin sign), control and separator
    characters, and the characters file systems or syrupy reject become ``%XX``
    escapes of their UTF-8 bytes. A name longer than the limit keeps a readable
    prefix and gains a hash of the whole.
    """
    if name.isascii() and _PLAIN.fullmatch(name) and len(name) <= _MAX_NAME:
        return name  # what _encoded() gives it, without a look at each character
    return _encoded(name)


def _encoded(name: str) -> str:
    """:func:`encode_name`, character by character."""
    out = []
    for c in name:
        if c in _UNSAFE or unicodedata.category(c) in _UNSAFE_CATEGORIES:
            out.append(_escape(c))
        elif c.isascii():
            out.append("^" + c.lower() if c.isupper() else c)
        elif c.lower() != c or c.upper() != c or c.casefold() != c:
            out.append(_escape(c))
        else:
            out.append(c)
    encoded = "".join(out)
    if len(encoded.encode("utf-8")) <= _MAX_NAME:
        return encoded
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]
    prefix = encoded.encode("utf-8")[: _MAX_NAME - 18].decode("utf-8", "ignore")
    cut = prefix.rfind("%", len(prefix) - 2)
    if cut != -1:  # never keep half an escape
        prefix = prefix[:cut]
    return f"{prefix}~{digest}"
