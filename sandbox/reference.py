"""Slack's machine-readable API reference, shipped in ``api_ref/`` (MIT, see its LICENSE.md)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

# Errors every Web API method can return; the per-method reference files leave them out.
COMMON_ERRORS = frozenset(
    {
        "access_denied",
        "accesslimited",
        "account_inactive",
        "deprecated_endpoint",
        "ekm_access_denied",
        "fatal_error",
        "internal_error",
        "invalid_arg_name",
        "invalid_arguments",
        "invalid_array_arg",
        "invalid_auth",
        "invalid_charset",
        "invalid_form_data",
        "invalid_json",
        "invalid_post_type",
        "json_not_object",
        "method_deprecated",
        "missing_post_type",
        "missing_scope",
        "no_permission",
        "not_allowed_token_type",
        "not_authed",
        "org_login_required",
        "ratelimited",
        "request_timeout",
        "service_unavailable",
        "team_added_to_org",
        "token_expired",
        "token_revoked",
        "two_factor_setup_required",
    }
)

# Requests per minute for the documented tiers; t5 stands for "special" (method-specific).
TIER_PER_MINUTE = {"t1": 1.0, "t2": 20.0, "t3": 50.0, "t4": 100.0}


def _root() -> Any:
    return resources.files("sandbox").joinpath("api_ref")


@cache
def method_ref(name: str) -> dict[str, Any]:
    """The reference entry for a Web API method; KeyError if it is not shipped."""
    path = _root().joinpath("methods", f"{name}.json")
    if not path.is_file():
        raise KeyError(name)
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@cache
def event_ref(name: str) -> dict[str, Any]:
    """The reference entry for an Events API event type; KeyError if it is not shipped."""
    path = _root().joinpath("events", f"{name}.json")
    if not path.is_file():
        raise KeyError(name)
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def method_names() -> list[str]:
    """Names of every method in the shipped reference."""
    folder = _root().joinpath("methods")
    return sorted(
        p.name.removesuffix(".json") for p in folder.iterdir() if p.name.endswith(".json")
    )


def tier(name: str) -> str | None:
    """The documented rate-limit tier (``"t1"``…``"t5"``) of a method, if known."""
    try:
        value = method_ref(name).get("rate_limits")
    except KeyError:
        return None
    return str(value) if value else None


def known_errors(name: str) -> frozenset[str]:
    """Error codes a method may return: its documented ones plus the common ones."""
    try:
        errors = method_ref(name).get("errors") or {}
    except KeyError:
        errors = {}
    return COMMON_ERRORS | frozenset(errors)
