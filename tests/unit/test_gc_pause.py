"""The collector pause around catalog reads: nested and from two threads."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from pytest_dbparity.gcpause import gc_paused as _gc_paused


@pytest.fixture
def gc_enabled() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@pytest.mark.usefixtures("gc_enabled")
def test_gc_is_paused_until_the_last_reader_is_done() -> None:
    first_in = threading.Event()
    second_in = threading.Event()
    first_out = threading.Event()
    seen: dict[str, bool] = {}

    def first() -> None:
        with _gc_paused():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second() -> None:
        first_in.wait(5)
        with _gc_paused():
            second_in.set()
            first_out.wait(5)
            # The first reader left; this one still reads.
            seen["inside after first left"] = gc.isenabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen == {"inside after first left": False}
    assert gc.isenabled()


def test_gc_stays_off_if_it_was_off() -> None:
    was = gc.isenabled()
    gc.disable()
    try:
        with _gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


@pytest.mark.usefixtures("gc_enabled")
def test_gc_is_restored_after_an_error() -> None:
    def failing_read() -> None:
        with _gc_paused():
            assert not gc.isenabled()
            raise RuntimeError("read failed")

    with pytest.raises(RuntimeError, match="read failed"):
        failing_read()
    assert gc.isenabled()


@pytest.mark.usefixtures("gc_enabled")
def test_what_a_pause_allocated_is_frozen() -> None:
    # Otherwise the first collection after the pause walks all of it.
    before = gc.get_freeze_count()
    with _gc_paused():
        kept = [[i] for i in range(1000)]
    assert gc.get_freeze_count() >= before + len(kept)
    assert gc.isenabled()


@pytest.mark.usefixtures("gc_enabled")
def test_a_failed_pause_freezes_nothing() -> None:
    def failing_read() -> None:
        with _gc_paused():
            garbage = [[i] for i in range(1000)]
            raise RuntimeError(str(len(garbage)))

    before = gc.get_freeze_count()
    with pytest.raises(RuntimeError):
        failing_read()
    assert gc.get_freeze_count() == before
