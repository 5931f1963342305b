"""Slack's v0 request signing, as Slack applies it to requests it sends to an app."""

from __future__ import annotations

import hashlib
import hmac
import time


def signature(secret: str, timestamp: int | str, body: bytes) -> str:
    """``"v0=" + hex(hmac_sha256(secret, "v0:{timestamp}:{body}"))``."""
    base = b"v0:" + str(timestamp).encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def signed_headers(
    secret: str, body: bytes, *, timestamp: int | None = None, sign: bool = True
) -> dict[str, str]:
    """Headers Slack adds to a request: real wall-clock timestamp and its signature."""
    ts = int(time.time()) if timestamp is None else timestamp
    headers = {"X-Slack-Request-Timestamp": str(ts)}
    if sign:
        headers["X-Slack-Signature"] = signature(secret, ts, body)
    return headers
