"""Web API clients: ``SLACK_API_URL`` as base URL and slack_sdk's retry handlers.

Rate limits (HTTP 429) are waited out for as long as Retry-After says;
connection errors and Slack's 5xx answers are retried with backoff. What is
still failing after that is the caller's to record.
"""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

# Slack error codes that will not change by trying again.
TRANSIENT_ERRORS = frozenset(
    {
        "ratelimited",
        "fatal_error",
        "internal_error",
        "request_timeout",
        "service_unavailable",
        "team_added_to_org",
    }
)


class AnyServerErrorRetryHandler(ServerErrorRetryHandler):
    """Retries every 5xx: slack_sdk's handler retries only 500 and 503, but a load
    balancer's 502 or 504 is just as passing."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and response.status_code >= 500


def retry_handlers() -> list[RetryHandler]:
    """The retry policy every Greenroom client uses."""
    return [
        RateLimitErrorRetryHandler(max_retry_count=8),
        ConnectionErrorRetryHandler(max_retry_count=3),
        AnyServerErrorRetryHandler(max_retry_count=3),
    ]


def make_client(token: str | None, *, base_url: str, timeout: int = 30) -> WebClient:
    """A WebClient for ``token`` talking to ``base_url`` with Greenroom's retry policy."""
    return WebClient(
        token=token,
        base_url=base_url,
        timeout=timeout,
        retry_handlers=retry_handlers(),
    )


def is_transient(error: str | None, status: int | None = None) -> bool:
    """True when a failed call is worth trying again later."""
    if status is not None and (status == 429 or status >= 500):
        return True
    return error in TRANSIENT_ERRORS
