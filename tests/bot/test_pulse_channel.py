"""`/greenroom pulse send #crew in-channel` end to end: one post with the buttons, each click
confirmed privately through its response_url, the post counting answers, over signed HTTP."""

from __future__ import annotations

from typing import Any

from bot.views.pulse import BlockId
from tests.bot.test_pulse import answer_buttons, answers, command, make_crew
from tests.conftest import RunningBot


def channel_posts(crew: Any) -> list[dict[str, Any]]:
    return [m for m in crew.ws.messages(crew.channel) if answer_buttons(m)]


def test_a_channel_pulse_is_one_post_and_answers_stay_private(bot: RunningBot) -> None:
    crew = make_crew(bot, size=4)
    reply = command(
        bot, crew.manager, f"pulse send <#{crew.channel}|crew> in-channel", crew.channel
    )
    assert "One post in the channel asks everyone" in reply
    bot.drain()
    assert all(crew.ws.dm_messages(user) == [] for user in crew.asked)
    [post] = channel_posts(crew)
    assert "No answers yet" in str(post["blocks"])

    ana, ben = crew.members[:2]
    for user, score in ((ana, "pulse_score_2"), (ana, "pulse_score_4"), (ben, "pulse_score_5")):
        response = bot.sandbox.click(user, post, score, block_id=BlockId.ANSWERS)
        assert response.status == 200
        bot.settle()
        url = response.payload["response_url"]
        [receipt] = bot.sandbox.responses_for(url)
        assert receipt["response_type"] == "ephemeral" and receipt["replace_original"] is False
        assert f"You answered *{score[-1]}*" in receipt["text"]
    bot.settle()
    [post] = channel_posts(crew)
    assert "2 people have answered" in str(post["blocks"])
    assert "You answered" not in str(post) and "primary" not in str(post)  # nobody's answer
    stored = answers(bot)
    assert (stored[ana].score, stored[ben].score) == (4, 5)
    outsider = crew.not_asked["opted out"]
    refused = bot.sandbox.click(outsider, post, "pulse_score_1", block_id=BlockId.ANSWERS)
    bot.settle()
    assert "someone else" in bot.sandbox.responses_for(refused.payload["response_url"])[0]["text"]
    assert outsider not in answers(bot)
