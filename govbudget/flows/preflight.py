"""Bad configuration fails before any work starts, with one line saying what and why.

Checked: the portal ids and regions against the registry, and the archive: an S3
endpoint that does not answer, credentials it refuses, a bucket that does not
exist, or a local directory that cannot be written.
"""

from __future__ import annotations

import os
from pathlib import Path

from govbudget.errors import ConfigError
from govbudget.storage.location import check_writable


def select_portals(portals: list[str] | None, regions: list[str] | None, registry: str | None) -> list[str]:
    """Portal ids to crawl: the named ones, else the enabled ones in ``regions``, else every enabled one."""
    from govbudget.spiders.registry import DEFAULT_REGISTRY, load_registry

    source = str(registry or DEFAULT_REGISTRY)
    loaded = load_registry(Path(registry) if registry else None)
    chosen = loaded.select(portals or None)  # ConfigError names an unknown id
    if regions:
        chosen = [p for p in chosen if set(regions) & set(p.region)]
        if not chosen:
            raise ConfigError(source, f"no enabled portal in region(s) {', '.join(regions)}")
    if not chosen:
        raise ConfigError(source, "no enabled portal to crawl")
    return [p.id for p in chosen]


def preflight(portals: list[str] | None, regions: list[str] | None, archive: str, registry: str | None) -> list[str]:
    """Validate everything a run needs; returns the portal ids to crawl."""
    selected = select_portals(portals, regions, registry)
    check_writable(archive)
    return selected


def archive_location(archive: str | None) -> str:
    from govbudget.storage import resolve_location

    location = resolve_location(archive)
    return location if location.startswith("s3://") else os.path.abspath(location)
