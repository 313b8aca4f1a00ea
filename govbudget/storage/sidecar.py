"""The provenance sidecar next to each original: every sighting of the same bytes.

The same PDF is often linked from several articles or portals, and re-fetched
on every crawl; the sidecar accumulates all of it so "where and when was this
published" stays answerable after the portal changes.
"""

from __future__ import annotations

from datetime import datetime, timezone

from govbudget.schema import RawDocument

SIGHTING_FIELDS = (
    "url",
    "portal_id",
    "list_url",
    "article_url",
    "link_text",
    "title",
    "publish_date",
    "source_unit",
    "column",
    "filename",
    "content_type",
    "http_status",
    "headers",
    "status",
    "republication_of",
)


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def sighting(raw: RawDocument) -> dict:
    fields = raw.model_dump(mode="json", include=set(SIGHTING_FIELDS))
    return {"fetched_at": _iso(raw.fetched_at), **fields}


def merge_sidecar(existing: dict | None, sha256: str, size: int, raw: RawDocument | None, now: datetime) -> dict:
    """``existing`` with ``raw`` folded in; unchanged when ``raw`` adds nothing new."""
    sidecar = dict(existing or {"sha256": sha256, "size": size, "urls": [], "portals": [], "titles": [], "sightings": []})
    seen_at = _iso(raw.fetched_at if raw else now)
    sidecar["first_seen"] = min(filter(None, [sidecar.get("first_seen"), seen_at]))
    sidecar["last_seen"] = max(filter(None, [sidecar.get("last_seen"), seen_at]))
    if raw is None:
        return sidecar
    sidecar["urls"] = sorted(set(sidecar["urls"]) | {raw.url, *raw.urls})
    sidecar["portals"] = sorted(set(sidecar["portals"]) | {raw.portal_id})
    if raw.title and raw.title not in sidecar["titles"]:
        sidecar["titles"] = [*sidecar["titles"], raw.title]
    new = sighting(raw)
    if not any(s["url"] == new["url"] and s["fetched_at"] == new["fetched_at"] for s in sidecar["sightings"]):
        sidecar["sightings"] = [*sidecar["sightings"], new]
    known = dict(sidecar.get("classification") or {})
    for field, value in raw.classification.model_dump(mode="json").items():
        if value is not None:
            known[field] = value  # the latest reading wins: spiders only fill what they read
    sidecar["classification"] = known
    if raw.republication_of:
        sidecar["republication_of"] = raw.republication_of
    return sidecar
