"""The rituals' SlackDirectory port on Slack's Web API: people, channels, user groups."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from bot.slack.clients import ClientPool
from bot.slack.messenger import slack_errors
from rituals.ports import ChannelInfo, SlackFailure, SlackUser, UserGroup


def paged(call: Callable[..., Any], key: str, **kwargs: Any) -> Iterator[Any]:
    """Every item of a cursor-paginated Web API list."""
    cursor = None
    while True:
        response = call(cursor=cursor, limit=200, **kwargs) if cursor else call(limit=200, **kwargs)
        yield from response.get(key) or []
        cursor = (response.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return


def slack_user(user: dict[str, Any]) -> SlackUser:
    """A user object from users.info / users.list as the rituals see it."""
    profile = user.get("profile") or {}
    return SlackUser(
        id=str(user["id"]),
        name=user.get("name") or "",
        real_name=user.get("real_name") or profile.get("real_name") or "",
        title=profile.get("title") or "",
        tz=user.get("tz"),
        is_admin=bool(user.get("is_admin")),
        is_owner=bool(user.get("is_owner") or user.get("is_primary_owner")),
        is_bot=bool(user.get("is_bot")) or user.get("id") == "USLACKBOT",
        deleted=bool(user.get("deleted")),
    )


class SlackPeople:
    """Slack's directory of a workspace, read through the bot's client."""

    def __init__(self, clients: ClientPool) -> None:
        self.clients = clients

    def user(self, team_id: str, user_id: str) -> SlackUser | None:
        """users.info; None when Slack does not know the id."""
        try:
            with slack_errors():
                found = self.clients.client_for(team_id).users_info(user=user_id)["user"]
        except SlackFailure as failure:
            if failure.error == "user_not_found":
                return None
            raise
        return slack_user(found)

    def users(self, team_id: str) -> Iterator[SlackUser]:
        """users.list, every page."""
        with slack_errors():
            for user in paged(self.clients.client_for(team_id).users_list, "members"):
                yield slack_user(user)

    def find_user(self, team_id: str, name: str) -> SlackUser | None:
        """The person whose handle or display name is ``name`` (case does not matter)."""
        wanted = name.lower()
        with slack_errors():
            for user in paged(self.clients.client_for(team_id).users_list, "members"):
                display = ((user.get("profile") or {}).get("display_name") or "").lower()
                if wanted in ((user.get("name") or "").lower(), display):
                    return slack_user(user)
        return None

    def channel(self, team_id: str, channel_id: str) -> ChannelInfo | None:
        """conversations.info; None when the channel is unknown or hidden from the bot."""
        try:
            with slack_errors():
                found = self.clients.client_for(team_id).conversations_info(channel=channel_id)
        except SlackFailure as failure:
            if failure.error in ("channel_not_found", "missing_scope"):
                return None
            raise
        channel = found["channel"]
        return ChannelInfo(
            id=str(channel["id"]),
            name=channel.get("name") or "",
            is_private=bool(channel.get("is_private")),
            is_member=bool(channel.get("is_member", True)),
            is_im=bool(channel.get("is_im")),
            is_mpim=bool(channel.get("is_mpim")),
        )

    def find_channel(self, team_id: str, name: str) -> str | None:
        """The id of the channel called ``name``."""
        with slack_errors():
            for channel in paged(
                self.clients.client_for(team_id).conversations_list,
                "channels",
                types="public_channel,private_channel",
                exclude_archived=True,
            ):
                if channel.get("name") == name:
                    return str(channel["id"])
        return None

    def channel_members(self, team_id: str, channel_id: str) -> list[str]:
        """conversations.members, every page."""
        client = self.clients.client_for(team_id)
        with slack_errors():
            return [
                str(uid)
                for uid in paged(client.conversations_members, "members", channel=channel_id)
            ]

    def user_groups(self, team_id: str) -> list[UserGroup]:
        """usergroups.list with each group's members."""
        client = self.clients.client_for(team_id)
        with slack_errors():
            groups = list(client.usergroups_list(include_users=True)["usergroups"] or [])
            found = []
            for group in groups:
                if group.get("date_delete"):
                    continue
                users = group.get("users")
                if users is None:
                    users = client.usergroups_users_list(usergroup=group["id"])["users"] or []
                found.append(
                    UserGroup(
                        id=str(group["id"]),
                        handle=group.get("handle") or "",
                        name=group.get("name") or "",
                        users=tuple(str(u) for u in users),
                    )
                )
        return found
