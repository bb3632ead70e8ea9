"""What stops a publish: a bad setting, or a step that failed."""

from __future__ import annotations


class SettingsError(ValueError):
    """A publish setting has a value this tool cannot use."""


class PublishError(RuntimeError):
    """Publishing stopped; the message says what was, and was not, changed."""
