"""Logs without secrets or what people wrote, even at DEBUG.

slack_sdk logs every Web API request and response at DEBUG with their bodies:
message text, modal contents (a member's own note, their retro cards) and, for
``oauth.v2.access``, the client secret and the tokens Slack hands out. Bolt
logs the body of each acknowledgement and of events it skips. ``Redact`` sits
on the log handlers: those lines keep their method, URL and status and lose
the bodies, and anything shaped like a Slack token is masked in every record,
so GREENROOM_LOG_LEVEL=DEBUG can be switched on in production.
"""

from __future__ import annotations

import logging
import re

# xoxb-…, xoxp-…, xoxe.xoxb-…, xoxe-… (refresh), xapp-… (app-level)
TOKEN = re.compile(r"\b(?:xox[a-z]|xapp)(?:\.xox[a-z])?-[A-Za-z0-9-]+")
MASK = "[token]"
SLACK_LIBRARIES = ("slack_sdk", "slack_bolt")
# Where a slack_sdk/slack_bolt line stops describing the call and starts quoting it.
BODY_STARTS = re.compile(
    r", query_params:|, headers:| body:|, body_params:|\(message:|: \{|\{|\[|payload", re.I
)


def _cut(message: str) -> str:
    found = BODY_STARTS.search(message)
    return message if found is None else message[: found.start()].rstrip(" ,:-(") + " […]"


def redact(name: str, message: str) -> str:
    """A log message fit to keep: no tokens; Slack library lines without their bodies."""
    if name.startswith(SLACK_LIBRARIES):
        message = _cut(message)
    return TOKEN.sub(MASK, message)


class Redact(logging.Filter):
    """A handler filter applying :func:`redact` to each record (and its exception text)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: logging reports it, unchanged
            return True
        cleaned = redact(record.name, message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = TOKEN.sub(MASK, record.exc_text)
        return True


def install(handlers: list[logging.Handler] | None = None) -> None:
    """Put :class:`Redact` on these handlers (default: the root logger's), once each."""
    for handler in handlers if handlers is not None else logging.getLogger().handlers:
        if not any(isinstance(f, Redact) for f in handler.filters):
            handler.addFilter(Redact())
