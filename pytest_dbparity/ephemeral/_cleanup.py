"""Stop throwaway servers however the process ends.

Every live server registers its clean-up here before anything is started. The
clean-ups run:

* when the ``with`` block ends (the provider calls them itself, then unregisters);
* on SIGTERM: a handler is installed while at least one server of this process
  runs (never over a handler that ignores SIGTERM) and the previous handler is put
  back when the last one stops. After cleaning up, the handler hands the signal on
  to the previous handler; with the default one the process then dies of SIGTERM,
  as it would have without us;
* at interpreter exit (``atexit``), as a safety net for anything left over.

They run newest first.

A forked child inherits the registry but never runs its parent's clean-ups. Each
clean-up must be idempotent and may run more than once.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import os
import signal
import threading
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any

_lock = threading.RLock()
_tokens = itertools.count(1)
#: token -> (pid of the process that registered it, clean-up)
_entries: dict[int, tuple[int, Callable[[], None]]] = {}
_previous_sigterm: Any = None
_sigterm_installed = False
_atexit_registered = False


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def register(cleanup: Callable[[], None]) -> int:
    """Remember *cleanup* until :func:`unregister`; returns its token."""
    global _atexit_registered
    with _lock:
        token = next(_tokens)
        _entries[token] = (os.getpid(), cleanup)
        if not _atexit_registered:
            atexit.register(run_all)
            _atexit_registered = True
        _install_sigterm()
    return token


def unregister(token: int) -> None:
    """Forget a clean-up (it ran); the last one puts the SIGTERM handler back."""
    with _lock:
        _entries.pop(token, None)
        if not _own_entries():
            _restore_sigterm()


def _own_entries() -> list[tuple[int, Callable[[], None]]]:
    pid = os.getpid()
    return [(t, fn) for t, (owner, fn) in _entries.items() if owner == pid]


def run_all() -> None:
    """Run every clean-up this process registered, the newest first (a server
    before the copy of the binaries it runs from); idempotent, never raises."""
    with _lock:
        entries = _own_entries()
    for token, cleanup in reversed(entries):
        with contextlib.suppress(Exception):
            cleanup()
        with _lock:
            _entries.pop(token, None)


def _install_sigterm() -> None:
    global _previous_sigterm, _sigterm_installed
    if _sigterm_installed or not _in_main_thread():
        return
    previous = signal.getsignal(signal.SIGTERM)
    if previous == signal.SIG_IGN:
        return  # SIGTERM cannot end this process: nothing to clean up after
    signal.signal(signal.SIGTERM, _on_sigterm)
    _previous_sigterm = previous
    _sigterm_installed = True


def _restore_sigterm() -> None:
    global _previous_sigterm, _sigterm_installed
    if not _sigterm_installed or not _in_main_thread():
        return
    if signal.getsignal(signal.SIGTERM) is _on_sigterm:
        previous = _previous_sigterm
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)
    _previous_sigterm = None
    _sigterm_installed = False


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    previous = _previous_sigterm
    run_all()
    with _lock:
        _restore_sigterm()
    if callable(previous):
        previous(signum, frame)
        return
    if previous == signal.SIG_IGN:
        return
    # The default action: die of the signal, as the process would have.
    signal.signal(signum, signal.SIG_DFL)
    signal.raise_signal(signum)


@contextlib.contextmanager
def deferred_interrupt() -> Iterator[None]:
    """Hold Ctrl-C back while a server is being stopped; deliver it afterwards."""
    if not _in_main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGINT)
    if previous is None or previous == signal.SIG_IGN:
        yield  # ignored, or a handler outside Python: leave it alone
        return
    received: list[int] = []

    def remember(signum: int, frame: FrameType | None) -> None:
        received.append(signum)

    signal.signal(signal.SIGINT, remember)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if received:
            signal.raise_signal(signal.SIGINT)
