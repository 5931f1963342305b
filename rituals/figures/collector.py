"""The cyclic garbage collector paused while a report builds its answers.

A week's figures build hundreds of thousands of small objects (answers, their ledger
references, sets) that hold no cycles; each few hundred allocations the collector runs,
and every so often it walks everything alive: a third of a first digest's time at 10,000
members. Reference counting still frees what these objects drop; the collector resumes
(if it was on) once the last report running in the process is done.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _Pause:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.holders = 0
        self.was_enabled = False


_PAUSE = _Pause()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for the block (nested and concurrent blocks share one pause)."""
    with _PAUSE.lock:
        if _PAUSE.holders == 0:
            _PAUSE.was_enabled = gc.isenabled()
            gc.disable()
        _PAUSE.holders += 1
    try:
        yield
    finally:
        with _PAUSE.lock:
            _PAUSE.holders -= 1
            if _PAUSE.holders == 0 and _PAUSE.was_enabled:
                gc.enable()
