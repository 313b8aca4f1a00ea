"""Options several commands share, defined once: the same name, help, type and default everywhere.

Repeatable options all use one style (``--year 2024 --year 2025``, ``action="append"``);
``--json`` always means JSON Lines (one object per line) on stdout.
"""

from __future__ import annotations

import argparse
from pathlib import Path

FIRST_YEAR, LAST_YEAR = 1990, 2100  # disclosures start in the 2010s; the margin keeps typos out, not history
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def fiscal_year(text: str) -> int:
    """A four-digit fiscal year, so ``--year 20255`` is refused instead of matching nothing."""
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year") from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"{text!r} is not a fiscal year ({FIRST_YEAR}–{LAST_YEAR})")
    return year


def log_level(text: str) -> str:
    level = text.upper()
    if level not in LOG_LEVELS:
        raise argparse.ArgumentTypeError(f"{text!r} is not one of {', '.join(LOG_LEVELS)}")
    return level


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be at least 1")
    return value


def add_archive(parser: argparse.ArgumentParser, *, writes: bool = False) -> None:
    """``--archive LOC``; commands that read refuse a location holding no archive."""
    what = "write to" if writes else "read"
    parser.add_argument("--archive", metavar="LOC",
                        help=f"archive to {what}: a local directory or s3://bucket/prefix "
                             "(default $GOVBUDGET_ARCHIVE, else ./archive)")


def add_registry(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--registry", type=Path, metavar="FILE",
                        help="portal registry YAML (default: the one shipped with govbudget)")


def add_years(parser: argparse.ArgumentParser, help: str = "only this fiscal year (repeatable)") -> None:
    parser.add_argument("--year", action="append", dest="years", type=fiscal_year, default=[], metavar="YEAR",
                        help=help)


def add_json(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--json", action="store_true", help=f"print {what} as JSON Lines (one object per line)")
