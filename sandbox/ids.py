"""Deterministic Slack-looking ids, message timestamps and pagination cursors."""

from __future__ import annotations

import base64
import binascii
import itertools
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime


class IdSequence:
    """Hands out ids like ``U00000001`` per prefix, in creation order."""

    def __init__(self) -> None:
        self._counters: defaultdict[str, Iterator[int]] = defaultdict(lambda: itertools.count(1))

    def next(self, prefix: str, width: int = 8) -> str:
        """Return the next id for ``prefix`` (``U``, ``C``, ``D``, ``G``, ``S``, ``V``, ``F``…)."""
        return f"{prefix}{next(self._counters[prefix]):0{width}d}"


class TsSource:
    """Message timestamps (``"1700000000.000123"``) from a clock, strictly increasing."""

    def __init__(self) -> None:
        self._last = 0

    def next(self, now: datetime) -> str:
        """Return a ts for ``now``, bumped by a microsecond if it would not be unique."""
        micros = int(round(now.timestamp() * 1_000_000))
        if micros <= self._last:
            micros = self._last + 1
        self._last = micros
        return format_ts(micros)


def format_ts(micros: int) -> str:
    """Format integer microseconds since the epoch as a Slack ts."""
    return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"


def ts_key(ts: str) -> tuple[int, int]:
    """Sort key for a Slack ts; raises ValueError when it is not one."""
    seconds, _, fraction = ts.partition(".")
    return int(seconds), int((fraction or "0").ljust(6, "0")[:6])


def encode_cursor(kind: str, key: str) -> str:
    """Opaque cursor pointing at the item with ``key`` (Slack-style base64)."""
    return base64.b64encode(f"{kind}:{key}".encode()).decode()


def decode_cursor(cursor: str, kind: str) -> str | None:
    """Return the key inside a cursor made by :func:`encode_cursor`, or None if malformed."""
    try:
        text = base64.b64decode(cursor.encode(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    prefix, sep, key = text.partition(":")
    return key if sep and prefix == kind and key else None
