"""The cyclic garbage collector paused while a report builds its answers.

A week's figures build hundreds of thousands of small objects (answers, their ledger
references, sets) that hold no cycles; each few hundred allocations the collector runs,
and every so often it walks everything alive: a third of a first digest's time at 10,000
members. Reference counting still frees what these objects drop; the collector resumes
(if it was on) once the last report running in the process is done, when the answers it
built are gone (a pause that ended before would leave the collector walking them).
"""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


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


def paused(func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func`` with the collector paused (``collector_paused``)."""

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with collector_paused():
            return func(*args, **kwargs)

    return run
