"""Prefect runs quietly and offline: its settings are fixed before Prefect is imported.

Prefect reads its settings once, when ``prefect`` is first imported, so every
entry point (CLI, tests, deployments) calls :func:`apply` before that import.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Never phone home, whatever the user's environment says: the server's telemetry
# service otherwise calls out to a Prefect host (and logs errors when offline).
FORCED = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
}

# Defaults a user may override. The ephemeral API start-up can exceed Prefect's
# 20 s default on a loaded 2-core machine.
DEFAULTS = {
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
    "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
}

# The terminal shows warnings, not Prefect's tracebacks: a failed task is one line of the run's
# summary; the full record stays with the run on the Prefect API.
QUIET = {"PREFECT_LOGGING_LEVEL": "WARNING", "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "CRITICAL"}


def govbudget_home() -> Path:
    """Per-user state that is not archive data (Prefect's database, server log)."""
    return Path(os.environ.get("GOVBUDGET_HOME") or Path.home() / ".govbudget").expanduser()


def prefect_home() -> Path:
    return Path(os.environ.get("PREFECT_HOME") or govbudget_home() / "prefect").expanduser()


def apply(*, quiet: bool = False) -> dict[str, str]:
    """Set the offline settings in ``os.environ``; returns what was set.

    ``quiet`` lowers Prefect's console logging to warnings (the CLI shows its
    own progress). Too late once ``prefect`` is imported: that is a programming
    error, raised rather than silently ignored.
    """
    if "prefect" in sys.modules and not all(os.environ.get(k) == v for k, v in FORCED.items()):
        raise RuntimeError("govbudget.flows.environment.apply() must run before prefect is imported")
    wanted = dict(FORCED)
    wanted.update({k: v for k, v in DEFAULTS.items() if k not in os.environ})
    if quiet:
        wanted.update({k: v for k, v in QUIET.items() if k not in os.environ})
    if "PREFECT_HOME" not in os.environ:
        wanted["PREFECT_HOME"] = str(prefect_home())
    os.environ.update(wanted)
    prefect_home().mkdir(parents=True, exist_ok=True)
    return wanted


def server_configured() -> bool:
    """True when runs go to a Prefect server the user runs (``PREFECT_API_URL``)."""
    return bool(os.environ.get("PREFECT_API_URL"))
