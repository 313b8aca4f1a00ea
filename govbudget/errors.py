"""Errors a user sees: one line naming the file/URL and the reason."""

from __future__ import annotations


class GovbudgetError(Exception):
    """Base error. ``subject`` is the file, URL or setting at fault."""

    def __init__(self, subject: str, reason: str):
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
