"""Text people type, made storable: the one cleaning every input gets before it is kept.

A NUL character cannot be stored by PostgreSQL, and a lone UTF-16 surrogate
(``\\ud800`` sent as JSON) by neither database nor encoded as UTF-8: both would turn a
harmless note or card into a failed request. NUL is dropped and a lone surrogate
becomes U+FFFD (the replacement character); everything else is kept exactly.
"""

from __future__ import annotations

import re
from typing import Any

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _swap(match: re.Match[str]) -> str:
    return "" if match.group() == "\x00" else "\ufffd"


def clean_text(text: str) -> str:
    """``text`` without NUL characters and with each lone surrogate replaced."""
    return _UNSTORABLE.sub(_swap, text) if _UNSTORABLE.search(text) else text


def clean_in_place(value: Any) -> Any:
    """Clean every string in a JSON-like structure (dicts and lists changed in place)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        for key in list(value):
            value[key] = clean_in_place(value[key])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            value[index] = clean_in_place(item)
    return value
