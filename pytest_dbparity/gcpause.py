"""A pause of Python's cyclic garbage collector around bulk allocations."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_gc_lock = threading.Lock()
_gc_readers = 0
_gc_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block (thread-safe and nestable:
    two environments are read at once).

    Reading and comparing catalogs allocate hundreds of thousands of objects
    that all stay alive; each allocation burst triggers collections that walk the
    growing heap: a third of model building and half of a comparison at 10,000
    tables. Those objects hold no reference cycles, so nothing is left for the
    collector to free.

    When the last pause ends normally, what is tracked then is moved to the
    collector's permanent generation (``gc.freeze``) before it is enabled
    again: otherwise the first collection afterwards walks every object the
    pause allocated (all still "young": about a second at 10,000 tables,
    before the plugin freezes the catalogs anyway once the comparison is done).
    """
    global _gc_readers, _gc_was_enabled
    with _gc_lock:
        if _gc_readers == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_readers += 1
    ok = False
    try:
        yield
        ok = True
    finally:
        with _gc_lock:
            _gc_readers -= 1
            if _gc_readers == 0 and _gc_was_enabled:
                if ok:
                    gc.freeze()
                gc.enable()
