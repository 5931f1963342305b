"""``oauth.v2.access`` (install and token rotation) and ``apps.connections.open``."""

from __future__ import annotations

from typing import Any

from sandbox.api_base import ApiError, ApiRequest


def oauth_v2_access(req: ApiRequest) -> dict[str, Any]:
    sb = req.sb
    client_id, client_secret = req.basic_auth or (req.text("client_id"), req.text("client_secret"))
    if client_id != sb.client_id:
        raise ApiError("invalid_client_id")
    if client_secret != sb.client_secret:
        raise ApiError("bad_client_secret")
    grant_type = req.text("grant_type") or "authorization_code"
    installer: str | None = None
    if grant_type == "refresh_token":
        team_id = sb.tokens.redeem_refresh(req.require("refresh_token", "invalid_refresh_token"))
        if team_id is None:
            raise ApiError("invalid_refresh_token")
    elif grant_type == "authorization_code":
        redirect_uri = req.text("redirect_uri")
        if sb.redirect_uri and redirect_uri is not None and redirect_uri != sb.redirect_uri:
            raise ApiError("bad_redirect_uri")
        grant = sb.tokens.redeem_code(req.require("code", "invalid_code"))
        if grant is None:
            raise ApiError("invalid_code")
        team_id, installer = grant
    else:
        raise ApiError("invalid_grant_type")
    ws = sb.workspaces[team_id]
    ws.installed = True
    body: dict[str, Any] = {"ok": True}
    if sb.token_rotation:
        access, refresh = sb.tokens.issue_rotating(team_id, sb.now(), sb.token_expires_in)
        body.update(access_token=access, refresh_token=refresh, expires_in=sb.token_expires_in)
    else:
        sb.tokens.add(ws.bot_token, team_id)  # a reinstall brings a revoked token back
        body["access_token"] = ws.bot_token
    body.update(
        token_type="bot",
        scope=",".join(sb.scopes),
        bot_user_id=ws.bot_user_id,
        app_id=sb.app_id,
        team={"name": ws.name, "id": ws.team_id},
        enterprise=None,
        is_enterprise_install=False,
    )
    if installer is not None:
        body["authed_user"] = {"id": installer}
    return body


def connections_open(req: ApiRequest) -> dict[str, Any]:
    sb = req.sb
    if not req.token:
        raise ApiError("not_authed")
    if sb.app_token and req.token == sb.app_token:
        # Socket Mode itself is not emulated: the URL only completes the handshake's first step.
        return {
            "ok": True,
            "url": f"ws://127.0.0.1:{sb.port}/link/?ticket=sandbox&app_id={sb.app_id}",
        }
    if sb.tokens.team_of(req.token) is not None:
        raise ApiError("not_allowed_token_type")
    raise ApiError("invalid_auth")


HANDLERS = {"oauth.v2.access": oauth_v2_access, "apps.connections.open": connections_open}
# Methods that authenticate themselves instead of needing a bot token.
SELF_AUTHENTICATED = frozenset(HANDLERS)
