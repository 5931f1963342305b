"""Slash commands: the router and the words it reads."""
