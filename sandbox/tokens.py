"""Bot tokens, OAuth codes and refresh tokens (callers hold the sandbox lock)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass
class TokenInfo:
    """What a token opens: a workspace, until it expires or is revoked."""

    team_id: str
    expires_at: datetime | None = None
    revoked: bool = False


class TokenRegistry:
    """Maps tokens to workspaces; issues rotating tokens and one-time OAuth codes."""

    def __init__(self) -> None:
        self._tokens: dict[str, TokenInfo] = {}
        self._codes: dict[str, tuple[str, str]] = {}
        self._refresh: dict[str, str] = {}
        self._seq = itertools.count(1)

    def add(self, token: str, team_id: str, *, expires_at: datetime | None = None) -> None:
        """Make ``token`` open ``team_id``."""
        self._tokens[token] = TokenInfo(team_id, expires_at)

    def check(self, token: str | None, now: datetime) -> tuple[str | None, str | None]:
        """``(team_id, None)`` for a usable token, else ``(team_id or None, error)``."""
        if not token:
            return None, "not_authed"
        info = self._tokens.get(token)
        if info is None:
            return None, "invalid_auth"
        if info.revoked:
            return info.team_id, "token_revoked"
        if info.expires_at is not None and now >= info.expires_at:
            return info.team_id, "token_expired"
        return info.team_id, None

    def team_of(self, token: str | None) -> str | None:
        """The workspace a token belongs to, whatever its state."""
        info = self._tokens.get(token or "")
        return info.team_id if info else None

    def revoke_team(self, team_id: str) -> None:
        """Revoke every token of a workspace (app uninstalled)."""
        for info in self._tokens.values():
            if info.team_id == team_id:
                info.revoked = True
        self._refresh = {k: v for k, v in self._refresh.items() if v != team_id}

    def issue_code(self, team_id: str, installer_user_id: str) -> str:
        """A one-time OAuth code, as Slack appends to the redirect URL."""
        code = f"sandbox-code-{team_id}-{next(self._seq)}"
        self._codes[code] = (team_id, installer_user_id)
        return code

    def redeem_code(self, code: str) -> tuple[str, str] | None:
        """``(team_id, installer_user_id)`` for an unused code (then spent), else None."""
        return self._codes.pop(code, None)

    def issue_rotating(self, team_id: str, now: datetime, expires_in: int) -> tuple[str, str]:
        """A new expiring access token and its refresh token."""
        n = next(self._seq)
        access = f"xoxe.xoxb-1-{team_id}-{n}"
        refresh = f"xoxe-1-{team_id}-{n}"
        self.add(access, team_id, expires_at=now + timedelta(seconds=expires_in))
        self._refresh[refresh] = team_id
        return access, refresh

    def redeem_refresh(self, refresh_token: str) -> str | None:
        """The workspace of an unused refresh token (then spent), else None."""
        return self._refresh.pop(refresh_token, None)
