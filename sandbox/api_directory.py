"""``auth.test``, ``users.*``, ``team.info`` and ``usergroups.*``."""

from __future__ import annotations

from typing import Any

from sandbox.api_base import ApiError, ApiRequest, paginate


def auth_test(req: ApiRequest) -> dict[str, Any]:
    ws = req.workspace
    return {
        "ok": True,
        "url": f"https://{ws.domain}.slack.com/",
        "team": ws.name,
        "user": ws.users[ws.bot_user_id].name,
        "team_id": ws.team_id,
        "user_id": ws.bot_user_id,
        "bot_id": ws.bot_id,
        "is_enterprise_install": False,
    }


def users_info(req: ApiRequest) -> dict[str, Any]:
    ws = req.workspace
    user = ws.users.get(req.require("user", "user_not_found"))
    if user is None:
        raise ApiError("user_not_found")
    return {"ok": True, "user": user.to_slack(req.sb.now())}


def users_list(req: ApiRequest) -> dict[str, Any]:
    ws = req.workspace
    now = req.sb.now()
    page, cursor = paginate(
        req,
        list(ws.users.values()),
        lambda u: u.id,
        kind="user",
        default_limit=1000,
        limit_error=None,
    )
    return {
        "ok": True,
        "members": [u.to_slack(now) for u in page],
        "cache_ts": int(now.timestamp()),
        "response_metadata": {"next_cursor": cursor},
    }


def team_info(req: ApiRequest) -> dict[str, Any]:
    ws = req.workspace
    team = req.text("team")
    if team is not None and team != ws.team_id:
        raise ApiError("team_not_found")
    return {
        "ok": True,
        "team": {
            "id": ws.team_id,
            "name": ws.name,
            "domain": ws.domain,
            "email_domain": f"{ws.domain}.example",
            "icon": {"image_default": True},
        },
    }


def usergroups_list(req: ApiRequest) -> dict[str, Any]:
    ws = req.workspace
    groups = [
        g.to_slack(include_users=req.flag("include_users"))
        for g in ws.usergroups.values()
        if req.flag("include_disabled") or not g.disabled
    ]
    return {"ok": True, "usergroups": groups}


def usergroups_users_list(req: ApiRequest) -> dict[str, Any]:
    ws = req.workspace
    group = ws.usergroups.get(req.require("usergroup", "no_such_subteam"))
    if group is None or (group.disabled and not req.flag("include_disabled")):
        raise ApiError("no_such_subteam")
    return {"ok": True, "users": list(group.users)}


HANDLERS = {
    "auth.test": auth_test,
    "users.info": users_info,
    "users.list": users_list,
    "team.info": team_info,
    "usergroups.list": usergroups_list,
    "usergroups.users.list": usergroups_users_list,
}
