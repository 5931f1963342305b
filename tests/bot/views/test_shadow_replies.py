"""The answers to shadowing commands, as pure functions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.views import shadow_replies as replies
from rituals.shadowing.messages import (
    AvoidChange,
    Avoided,
    AvoidList,
    LeftOut,
    MyHistory,
    MyPairing,
    Partner,
    RoundReport,
    RoundStats,
    TeamHistory,
)

WHEN = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def report(sizes: tuple[int, ...], cross: int, **kw: object) -> RoundReport:
    values: dict[str, object] = {
        "channel_id": "C1",
        "cross_role_bound": len(sizes),
        "without_role": 0,
        "unplaced": 0,
        "left_out": (),
        "followup": timedelta(days=3),
    }
    values.update(kw)
    return RoundReport(group_sizes=sizes, cross_role=cross, **values)  # type: ignore[arg-type]


def test_round_summary_counts_groups_cross_role_and_left_out() -> None:
    text = replies.round_summary(
        report((2, 3), 2, unplaced=1, left_out=(LeftOut("Ana", "away until 2026-12-01"),))
    )
    assert "Paired 5 people in <#C1> into 2 groups (1 pair, 1 trio)." in text
    assert "Cross-role: 2 of 2." in text and "in 3 days" in text
    assert "• Ana — away until 2026-12-01" in text
    assert "• 1 person I couldn't fit into a group this time; I've let them know" in text
    assert "<@" not in text
    assert "avoid" not in text.lower()


def test_one_group_is_one_group() -> None:
    text = replies.round_summary(report((2,), 1, followup=timedelta(0)))
    assert "into 1 group (1 pair)." in text and "1 groups" not in text
    assert "right away" in text and "Not paired" not in text


def test_round_summary_mentions_the_ceiling_the_roles_set() -> None:
    text = replies.round_summary(report((2, 2), 1, cross_role_bound=1))
    assert "Cross-role: 1 of 2 — the most the crew's roles allow." in text
    assert "Cross-role: 1 of 2." in replies.round_summary(report((2, 2), 1, cross_role_bound=2))


def test_a_crew_without_roles_is_told_how_to_set_them() -> None:
    text = replies.round_summary(report((2, 2), 0, cross_role_bound=0, without_role=4))
    assert "Cross-role: 0 of 2 — nobody here has a role set yet" in text
    assert "`/greenroom roles sync`" in text and "`/greenroom role set @someone <role>`" in text
    assert "the most the crew's roles allow" not in text
    some = replies.round_summary(report((2, 2), 1, cross_role_bound=1, without_role=1))
    assert "1 person has no role set yet" in some and "roles allow" not in some
    assert "3 people have" in replies.round_summary(report((2, 2), 0, without_role=3))


def test_no_groups() -> None:
    text = replies.round_summary(report((), 0, unplaced=2))
    assert text.startswith("No groups could be made in <#C1> this round.")
    assert "• 2 people I couldn't fit into a group this time; I've let them know" in text


def test_team_history_reports_cross_role_share_and_completion() -> None:
    rounds = (
        RoundStats(WHEN, "C1", groups=4, cross_role=3, met=2, missed=1),
        RoundStats(WHEN, None, groups=1, cross_role=1, met=1, missed=0),
    )
    text, blocks = replies.team_history(TeamHistory(rounds, "Europe/London"))
    assert "• Mon 23 Nov <#C1>: 4 groups, cross-role 75%, met 2 of 4 (50%), 1 not answered yet" in (
        text
    )
    assert "• Mon 23 Nov: 1 group, cross-role 100%, met 1 of 1 (100%)" in text
    assert "3 of 5 groups met (60%)" in text
    assert "<@" not in text and blocks


def test_history_empty_states() -> None:
    assert "No shadowing rounds yet" in replies.team_history(TeamHistory((), "UTC"))[0]
    assert "haven't been" in replies.my_history(MyHistory((), "UTC"))[0]


def test_my_history_lists_partners_by_name() -> None:
    mine = (
        MyPairing(WHEN, (Partner("Bo Sound", "sound"),), met=True),
        MyPairing(WHEN, (Partner("Cy", None), Partner("Di", "camera")), met=None),
    )
    text, _ = replies.my_history(MyHistory(mine, "UTC"))
    assert "Bo Sound (sound) — met" in text
    assert "Cy (role not set), Di (camera) — not answered" in text


def test_avoid_replies_stay_with_their_owner() -> None:
    ben = Avoided("U2", "Ben", "ben")
    assert "not told" in replies.avoided(AvoidChange(ben, True))
    assert "`/greenroom shadow unavoid @ben`" in replies.avoided(AvoidChange(ben, True))
    assert "already" in replies.avoided(AvoidChange(ben, False))
    assert "can be paired with you again" in replies.unavoided(AvoidChange(ben, True))
    assert "wasn't on your avoid list" in replies.unavoided(AvoidChange(ben, False))
    listed = replies.avoid_list(AvoidList((ben, Avoided("U3", "Cleo", "cleo"))))
    assert "Ben, Cleo" in listed and "Only you" in listed
    assert "empty" in replies.avoid_list(AvoidList(()))
