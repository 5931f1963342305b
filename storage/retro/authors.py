"""The keyed hash that links an anonymous card to its author while cards are written."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def new_secret() -> str:
    """A fresh per-retro secret for the keyed hash (256 bits, hex)."""
    return secrets.token_hex(32)


def author_hash(secret: str, user_id: str) -> str:
    """HMAC-SHA256 of the user id under the retro's secret (hex)."""
    return hmac.new(secret.encode(), user_id.encode(), hashlib.sha256).hexdigest()


def is_author(
    *, user_id: str, author_id: str | None, stored_hash: str | None, secret: str | None
) -> bool:
    """Whether ``user_id`` wrote a card: by author id, or by keyed hash while the secret lives."""
    if author_id is not None:
        return hmac.compare_digest(author_id, user_id)
    if stored_hash is None or secret is None:
        return False
    return hmac.compare_digest(stored_hash, author_hash(secret, user_id))
