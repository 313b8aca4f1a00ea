"""Errors a user sees: one line naming the file/URL and the reason."""

from __future__ import annotations

import re

from govbudget import exitcodes

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def causes_on_one_line(text: str) -> str:
    """A library's multi-line message (delta-rs: a chain of causes, coloured) as one line."""
    parts = [part.strip().lstrip("↳").strip() for part in _ANSI.sub("", text).splitlines()]
    return ": ".join(part for part in parts if part)


class GovbudgetError(Exception):
    """Base error. ``subject`` is the file, URL or setting at fault; ``reason`` is kept to one line.

    ``exit_code``: what a command ending on it exits with (:mod:`govbudget.exitcodes`).
    """

    exit_code = exitcodes.USAGE  # found before any work: bad usage, input or configuration

    def __init__(self, subject: str, reason: str):
        reason = causes_on_one_line(reason) if "\n" in reason or "\x1b" in reason else reason
        super().__init__(f"{subject}: {reason}")
        self.subject = subject
        self.reason = reason


class InputError(GovbudgetError):
    """A document cannot be read (not a PDF, encrypted, truncated, empty, too large)."""


class ConfigError(GovbudgetError):
    """Bad configuration: unknown portal, unreachable endpoint, bad credentials, no bucket."""


class OutputError(GovbudgetError):
    """A file the command writes for the user cannot be written (disk full, no permission, file too large)."""

    exit_code = exitcodes.ERROR  # found mid-work


class StorageError(GovbudgetError):
    """The archive refused or lost a write after retries."""

    exit_code = exitcodes.ERROR  # the archive failing mid-work is an error, not bad usage


class ArchiveHeld(StorageError):
    """Another run is writing the archive: this one refuses to start (one line naming that run)."""

    exit_code = exitcodes.USAGE  # found before any work
