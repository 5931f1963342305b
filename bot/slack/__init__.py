"""Slack plumbing: Web API clients, pacing, OAuth installs."""
