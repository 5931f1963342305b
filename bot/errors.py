"""The one error boundary: what a person is told when something fails, and what is logged.

A domain error (``rituals.errors.GreenroomError``) carries a message fit for the person
who caused it and is not logged as a failure. Slack trouble that outlasted the client's
retries gets a "try again" message. Anything else is logged once with its traceback and
the person gets a generic apology; logs carry ids, never what people wrote.
Used by Bolt's ``@app.error``, the command runner and every background pool.
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError

from rituals.errors import GreenroomError
from rituals.ports import SlackFailure

logger = logging.getLogger(__name__)

FAILURE = "Something went wrong on my side and it has been logged. Please try again in a minute."
SLACK_TROUBLE = "Slack didn't answer me in time. Please try again in a minute."
DATABASE_TROUBLE = (
    "I couldn't save or read that just now: my database refused it. Nothing was changed. "
    "Please try again in a minute; if it keeps happening, tell whoever runs Greenroom."
)


def user_message(error: BaseException) -> str:
    """What the person is told about ``error``."""
    if isinstance(error, GreenroomError):
        return error.message
    if isinstance(error, SlackFailure) and error.transient:
        return SLACK_TROUBLE
    if isinstance(error, SQLAlchemyError):
        return DATABASE_TROUBLE
    return FAILURE


def report(error: BaseException, *, what: str) -> None:
    """Log ``error`` as its kind deserves: a domain error at INFO, the rest with a traceback."""
    if isinstance(error, GreenroomError):
        logger.info("%s: refused (%s)", what, type(error).__name__)
    elif isinstance(error, SlackFailure):
        logger.warning("%s: Slack answered %s", what, error.error)
    elif isinstance(error, SQLAlchemyError):
        # the statement's parameters are hidden (storage.db): the message holds no one's words
        logger.error("%s failed in the database", what, exc_info=error)
    else:
        logger.error("%s failed", what, exc_info=error)


def handle(error: BaseException, *, what: str) -> str:
    """Report ``error`` and return what the person is told."""
    report(error, what=what)
    return user_message(error)
