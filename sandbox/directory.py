"""Who is in a workspace and which conversations the bot has with them (a Workspace mixin)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sandbox.model import Channel, User, Usergroup

if TYPE_CHECKING:
    from sandbox.sandbox import Sandbox


class Directory:
    """Members, channels, user groups, IMs and group DMs of a :class:`Workspace`."""

    _hub: Sandbox
    team_id: str
    domain: str
    bot_user_id: str
    users: dict[str, User]
    channels: dict[str, Channel]
    usergroups: dict[str, Usergroup]
    _ims: dict[str, str]
    _mpims: dict[frozenset[str], str]

    def _created(self) -> int:
        return int(self._hub.now().timestamp())

    # -- directory -------------------------------------------------------------------------

    def add_user(
        self,
        name: str,
        real_name: str | None = None,
        tz: str = "UTC",
        is_admin: bool = False,
        is_owner: bool = False,
        is_bot: bool = False,
        deleted: bool = False,
        title: str = "",
        *,
        display_name: str | None = None,
        email: str | None = None,
    ) -> str:
        """Add a member and return its ``U…`` id (ids follow creation order)."""
        with self._hub.lock:
            uid = self._hub.ids.next("U")
            self.users[uid] = User(
                id=uid,
                team_id=self.team_id,
                name=name,
                real_name=real_name or name.title(),
                tz=tz,
                is_admin=is_admin,
                is_owner=is_owner,
                is_bot=is_bot,
                deleted=deleted,
                title=title,
                display_name=name if display_name is None else display_name,
                email=f"{name}@{self.domain}.example" if email is None else email,
                bot_id=self._hub.ids.next("B") if is_bot else None,
                created=self._created(),
            )
            return uid

    def add_channel(
        self,
        name: str,
        members: Iterable[str] = (),
        is_private: bool = False,
        *,
        bot_member: bool = True,
        topic: str = "",
        purpose: str = "",
    ) -> str:
        """Add a channel (the bot joins unless ``bot_member=False``); return its ``C…`` id."""
        name = name.lstrip("#")
        with self._hub.lock:
            if any(
                c.name == name for c in self.channels.values() if c.kind in ("public", "private")
            ):
                raise ValueError(f"channel #{name} already exists in {self.team_id}")
            people = [u for u in members if u != self.bot_user_id]
            self._check_users(people)
            if bot_member:
                people.append(self.bot_user_id)
            cid = self._hub.ids.next("C")
            self.channels[cid] = Channel(
                id=cid,
                name=name,
                kind="private" if is_private else "public",
                team_id=self.team_id,
                members=people,
                created=self._created(),
                creator=people[0] if people else self.bot_user_id,
                topic=topic,
                purpose=purpose,
            )
            return cid

    def add_usergroup(
        self,
        handle: str,
        name: str | None = None,
        users: Iterable[str] = (),
        *,
        description: str = "",
    ) -> str:
        """Add a user group (``@handle``); return its ``S…`` id."""
        with self._hub.lock:
            members = list(users)
            self._check_users(members)
            gid = self._hub.ids.next("S")
            self.usergroups[gid] = Usergroup(
                id=gid,
                team_id=self.team_id,
                handle=handle,
                name=name or handle.title(),
                users=members,
                description=description,
                created=self._created(),
            )
            return gid

    def _check_users(self, user_ids: Iterable[str]) -> None:
        unknown = [u for u in user_ids if u not in self.users]
        if unknown:
            raise KeyError(f"unknown user(s) in {self.team_id}: {', '.join(unknown)}")

    def user(self, user_id: str) -> User:
        """The member with this id (KeyError if unknown)."""
        return self.users[user_id]

    def user_id(self, name: str) -> str:
        """The id of the member with this ``name`` (KeyError if none)."""
        for user in self.users.values():
            if user.name == name:
                return user.id
        raise KeyError(name)

    def channel(self, channel_id: str) -> Channel:
        """The conversation with this id (KeyError if unknown)."""
        return self.channels[channel_id]

    def channel_id(self, name: str) -> str:
        """The id of the channel named ``name`` (with or without ``#``)."""
        for channel in self.channels.values():
            if channel.name == name.lstrip("#") and channel.kind in ("public", "private"):
                return channel.id
        raise KeyError(name)

    # -- conversations with the bot --------------------------------------------------------

    def im_with(self, user_id: str) -> str | None:
        """The ``D…`` id of the bot's IM with a member, or None if never opened."""
        with self._hub.lock:
            return self._ims.get(user_id)

    def mpim_with(self, user_ids: Iterable[str]) -> str | None:
        """The ``G…`` id of the group DM of these members and the bot, or None."""
        with self._hub.lock:
            return self._mpims.get(frozenset(user_ids) - {self.bot_user_id})

    def open_im(self, user_id: str) -> str:
        """Open (or find) the bot's IM with a member; return its ``D…`` id."""
        with self._hub.lock:
            self._check_users([user_id])
            if user_id not in self._ims:
                did = self._hub.ids.next("D")
                members = [user_id] if user_id == self.bot_user_id else [user_id, self.bot_user_id]
                self.channels[did] = Channel(
                    id=did,
                    name=did,
                    kind="im",
                    team_id=self.team_id,
                    members=members,
                    created=self._created(),
                    im_user=user_id,
                )
                self._ims[user_id] = did
            return self._ims[user_id]

    def open_mpim(self, user_ids: Iterable[str]) -> str:
        """Open (or find) the group DM of these members and the bot; return its ``G…`` id."""
        with self._hub.lock:
            people = frozenset(user_ids) - {self.bot_user_id}
            self._check_users(people)
            if people not in self._mpims:
                gid = self._hub.ids.next("G")
                ordered = sorted(people, key=lambda u: self.users[u].name)
                name = "mpdm-" + "--".join(self.users[u].name for u in ordered) + "-1"
                self.channels[gid] = Channel(
                    id=gid,
                    name=name,
                    kind="mpim",
                    team_id=self.team_id,
                    members=[*ordered, self.bot_user_id],
                    created=self._created(),
                    creator=self.bot_user_id,
                )
                self._mpims[people] = gid
            return self._mpims[people]
