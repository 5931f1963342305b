"""Over signed HTTP: someone in three channels with pulses gets one DM a day naming them."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import PulseAnswer
from tests.bot.test_pulse import answer_buttons, click, command
from tests.conftest import RunningBot


def test_a_person_in_three_pulse_channels_gets_one_dm_naming_them(bot: RunningBot) -> None:
    ws = bot.sandbox.workspace
    boss = ws.add_user("maya", "Maya Stone", is_admin=True)
    ana = ws.add_user("ana", "Ana Lopez")
    channels = [ws.add_channel(name, [boss, ana]) for name in ("crew", "lighting", "sound")]
    for channel in channels:
        command(bot, boss, f"pulse send <#{channel}>", channel)
        bot.drain()
    dms = [m for m in ws.dm_messages(ana) if answer_buttons(m)]
    assert len(dms) == 1
    heading = dms[0]["blocks"][0]["text"]["text"]
    assert all(f"<#{channel}>" in heading for channel in channels)
    click(bot, ana, dms[0], "pulse_score_3")
    assert [a.score for a in answers_for(bot, ana)] == [3, 3, 3]


def answers_for(bot: RunningBot, user: str) -> list[PulseAnswer]:
    with bot.db.session() as session:
        return list(
            session.scalars(
                select(PulseAnswer).where(PulseAnswer.user_id == user).order_by(PulseAnswer.id)
            )
        )
