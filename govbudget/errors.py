"""Errors a user sees: one line naming the file/URL and the reason."""

from __future__ import annotations

import re

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def one_line(text: str) -> str:
    """A library's multi-line message (delta-rs: a chain of causes, coloured) as one line."""
    parts = [part.strip().lstrip("↳").strip() for part in _ANSI.sub("", text).splitlines()]
    return ": ".join(part for part in parts if part)


class GovbudgetError(Exception):
    """Base error. ``subject`` is the file, URL or setting at fault; ``reason`` is kept to one line."""

    def __init__(self, subject: str, reason: str):
        reason = one_line(reason) if "\n" in reason or "\x1b" in reason else reason
        super().__init__(f"{subject}: {reason}")
        self.subject = subject
        self.reason = reason


class InputError(GovbudgetError):
    """A document cannot be read (not a PDF, encrypted, truncated, empty, too large)."""


class ConfigError(GovbudgetError):
    """Bad configuration: unknown portal, unreachable endpoint, bad credentials, no bucket."""


class StorageError(GovbudgetError):
    """The archive refused or lost a write after retries."""


class ArchiveHeld(StorageError):
    """Another run is writing the archive: this one refuses to start (one line naming that run)."""
