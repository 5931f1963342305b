"""A member writing to the bot directly is acknowledged, never left to Slack's retries."""

from __future__ import annotations

from tests.conftest import RunningBot


def test_a_direct_message_is_acknowledged(bot: RunningBot) -> None:
    ws = bot.sandbox.workspace
    ana = ws.add_user("ana", "Ana Ruiz")
    channel = ws.open_im(ana)
    response = bot.sandbox.send_event(
        ws.team_id,
        {
            "type": "message",
            "channel": channel,
            "channel_type": "im",
            "user": ana,
            "text": "hello?",
            "ts": "1764000000.000100",
        },
    )
    assert response.status == 200
