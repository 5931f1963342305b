"""The Web API front door: credentials, faults, rate limits, the method handlers, recording."""

from __future__ import annotations

import base64
import binascii
import contextlib
import copy
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sandbox import (
    api_chat,
    api_conversations,
    api_directory,
    api_files,
    api_oauth,
    api_views,
    reference,
)
from sandbox.api_base import ApiError, ApiRequest
from sandbox.faults import Fault

if TYPE_CHECKING:
    from sandbox.sandbox import Sandbox

logger = logging.getLogger(__name__)

Handler = Callable[[ApiRequest], dict[str, Any]]
HANDLERS: dict[str, Handler] = {
    **api_chat.HANDLERS,
    **api_conversations.HANDLERS,
    **api_directory.HANDLERS,
    **api_files.HANDLERS,
    **api_oauth.HANDLERS,
    **api_views.HANDLERS,
}
# Arguments that carry JSON; form bodies send them as strings, recorded calls hold them decoded.
JSON_ARGS = ("blocks", "attachments", "metadata", "view", "files")
STATUS_ERRORS = {500: "internal_error", 502: "service_unavailable", 503: "service_unavailable"}


@dataclass(frozen=True)
class Call:
    """One recorded Web API call.

    ``args`` has no token and its JSON arguments decoded; ``at`` is the sandbox clock's time.
    """

    method: str
    args: dict[str, Any]
    team_id: str | None
    response: dict[str, Any]
    status: int
    at: datetime


@dataclass
class ApiResult:
    """What the HTTP layer sends back."""

    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


def credentials(
    headers: Mapping[str, str], args: dict[str, Any]
) -> tuple[str | None, tuple[str, str] | None]:
    """The token (``Authorization: Bearer`` or ``token`` argument) and any Basic credentials."""
    auth = headers.get("authorization", "")
    scheme, _, value = auth.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip(), None
    if scheme.lower() == "basic":
        try:
            user, sep, password = base64.b64decode(value.strip()).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None, None
        if sep:
            return None, (user, password)
    token = args.get("token")
    return (str(token) if token else None), None


def recorded_args(args: dict[str, Any]) -> dict[str, Any]:
    """Arguments as recorded: token dropped, JSON strings decoded when they parse."""
    result = {k: v for k, v in args.items() if k != "token"}
    for name in JSON_ARGS:
        value = result.get(name)
        if isinstance(value, str) and value[:1] in ("[", "{"):
            with contextlib.suppress(ValueError):
                result[name] = json.loads(value)
    return result


def _fault_result(fault: Fault) -> ApiResult:
    if fault.kind == "rate_limit":
        body = {"ok": False, "error": "ratelimited"}
        return ApiResult(429, body, {"Retry-After": str(fault.retry_after)})
    if fault.kind == "status":
        return ApiResult(
            fault.status, {"ok": False, "error": STATUS_ERRORS.get(fault.status, "fatal_error")}
        )
    return ApiResult(200, {"ok": False, "error": fault.error or "fatal_error"})


def _handle(
    sb: Sandbox, method: str, args: dict[str, Any], token: str | None, basic: tuple[str, str] | None
) -> ApiResult:
    handler = HANDLERS.get(method)
    if handler is None:
        return ApiResult(200, {"ok": False, "error": "unknown_method"})
    with sb.lock:
        ws = None
        headers: dict[str, str] = {}
        if method not in api_oauth.SELF_AUTHENTICATED:
            team_id, error = sb.tokens.check(token, sb.now())
            if error or team_id is None:
                return ApiResult(200, {"ok": False, "error": error or "invalid_auth"})
            ws = sb.workspaces[team_id]
            headers["X-OAuth-Scopes"] = ",".join(sb.scopes)
            retry_after = sb.rate_limiter.check(team_id, method, args) if sb.rate_limiter else None
            if retry_after is not None:
                headers["Retry-After"] = str(retry_after)
                return ApiResult(429, {"ok": False, "error": "ratelimited"}, headers)
        request = ApiRequest(sb, method, args, token, ws, basic)
        try:
            body = handler(request)
        except ApiError as exc:
            if exc.error not in reference.known_errors(method):
                logger.warning("sandbox answers %s with undocumented error %s", method, exc.error)
            body = {"ok": False, "error": exc.error, **exc.extra}
        except Exception:
            logger.exception("sandbox handler for %s failed", method)
            return ApiResult(500, {"ok": False, "error": "internal_error"})
        return ApiResult(200, body, headers)


def dispatch(
    sb: Sandbox, method: str, args: dict[str, Any], headers: Mapping[str, str]
) -> ApiResult:
    """Answer one Web API call as Slack would, and record it."""
    token, basic = credentials(headers, args)
    recorded = recorded_args(args)
    delay = sb.faults.delay_for(method, recorded)
    if delay:
        sb.pause(delay)
    fault = sb.faults.take(method, recorded)
    if fault is not None:
        result = _fault_result(fault)
    else:
        result = _handle(sb, method, copy.deepcopy(recorded), token, basic)
    with sb.lock:
        team_id = sb.tokens.team_of(token)
        if team_id is None and method == "oauth.v2.access" and result.body.get("team"):
            team_id = result.body["team"].get("id")
        sb.record(Call(method, recorded, team_id, result.body, result.status, sb.now()))
    return result
