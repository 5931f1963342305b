"""app.yaml against Slack's manifest schema, and against what the code actually uses.

The schema (tests/data/manifest.schema.1.0.0.json, MIT, with its licence) and
the per-method reference (sandbox/api_ref, MIT) are copies kept in the
project so the suite runs anywhere.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest
import yaml
from slack_sdk import WebClient

from bot.app import create_app
from bot.settings import Settings
from bot.slack.oauth import BOT_SCOPES
from rituals.clock import FakeClock
from storage.db import Database

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "sandbox" / "api_ref"
CODE_DIRS = ("bot", "rituals", "storage")
# WebClient helpers that call more than one Web API method.
COMPOSITE = {"files_upload_v2": ("files.getUploadURLExternal", "files.completeUploadExternal")}
# Methods that need no scope.
SCOPELESS = {"auth.test", "oauth.v2.access", "views.open", "views.update", "views.push"}


@pytest.fixture(scope="module")
def manifest() -> dict:
    return yaml.safe_load((ROOT / "app.yaml").read_text())


def source_files() -> list[Path]:
    return [
        path
        for folder in CODE_DIRS
        for path in (ROOT / folder).rglob("*.py")
        if "sandbox" not in path.parts
    ]


def used_methods() -> set[str]:
    """Web API methods the bot's code calls through WebClient helpers."""
    names = set()
    pattern = re.compile(r"\.([a-z]+(?:_[A-Za-z0-9]+)+)\(")
    for path in source_files():
        for name in pattern.findall(path.read_text()):
            if callable(getattr(WebClient, name, None)) and not name.startswith("_"):
                names.add(name)
    methods: set[str] = set()
    for name in names:
        methods.update(COMPOSITE.get(name, (name.replace("_", "."),)))
    return {m for m in methods if (REFERENCE / "methods" / f"{m}.json").exists()} | {
        m for m in methods if m in SCOPELESS
    }


def used_events() -> set[str]:
    pattern = re.compile(r"app\.event\(\s*[\"']([a-z_.]+)[\"']")
    found: set[str] = set()
    for path in source_files():
        found.update(pattern.findall(path.read_text()))
    return found


def method_scopes(method: str) -> list[str]:
    reference = json.loads((REFERENCE / "methods" / f"{method}.json").read_text())
    return list((reference.get("scope") or {}).get("bot") or [])


def event_scopes(event: str) -> list[str]:
    path = REFERENCE / "events" / f"{event}.json"
    return list(json.loads(path.read_text()).get("scopes") or []) if path.exists() else []


def test_manifest_is_valid_against_slacks_schema(manifest: dict) -> None:
    schema = json.loads((ROOT / "tests" / "data" / "manifest.schema.1.0.0.json").read_text())
    jsonschema.validate(manifest, schema)


def test_oauth_scopes_are_the_manifests(manifest: dict) -> None:
    assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == sorted(BOT_SCOPES)


def test_slash_commands_match_the_registered_ones(manifest: dict, tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'm.db'}")
    settings = Settings(database_url=db.url, slack_bot_token="xoxb-1", slack_signing_secret="s")
    app = create_app(settings, db=db, clock=FakeClock(datetime(2026, 11, 23, tzinfo=UTC)))
    try:
        declared = {c["command"] for c in manifest["features"]["slash_commands"]}
        assert declared == set(app.deps.commands)
        assert all(c["should_escape"] for c in manifest["features"]["slash_commands"])
    finally:
        app.close()
        db.dispose()


def test_every_event_listened_to_is_subscribed_and_back(manifest: dict) -> None:
    subscribed = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    listened = used_events()
    for event in listened:
        if event == "message":
            assert {"message.channels", "message.groups", "message.im"} <= subscribed
        else:
            assert event in subscribed, f"{event} is handled but not subscribed in app.yaml"
    for event in subscribed:
        base = event.split(".")[0]
        assert base in listened, f"app.yaml subscribes to {event} but nothing listens"


def test_every_web_api_call_has_a_scope_and_no_scope_is_spare(manifest: dict) -> None:
    granted = set(manifest["oauth_config"]["scopes"]["bot"])
    methods = used_methods()
    assert "chat.postMessage" in methods  # the scan finds real calls
    needed: set[str] = {"commands"}
    for method in methods:
        scopes = method_scopes(method) if method not in SCOPELESS else []
        if scopes:
            assert granted & set(scopes), f"{method} needs one of {scopes}"
            needed |= set(scopes)
    for event in manifest["settings"]["event_subscriptions"]["bot_events"]:
        needed |= set(event_scopes(event))
    spare = granted - needed
    assert not spare, f"scopes granted but never used: {sorted(spare)}"
