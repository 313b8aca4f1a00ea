"""Re-publication: the same publisher, year and kind, published again with new bytes.

Portals replace a draft with the approved budget, or fix a typo, at the same
place. The archive keeps every edition (numbered by :mod:`govbudget.storage.editions`);
this module diffs each against the one it replaced.
"""

from __future__ import annotations

from govbudget.storage.archive import ObjectArchive
from govbudget.changes.diff import ChangeSet, compare
from govbudget.storage.editions import editions
from govbudget.changes.units import publisher_matches



def republications(archive: ObjectArchive, catalog: list[dict] | None = None, publisher: str | None = None) -> list[ChangeSet]:
    """A diff for every document that replaced an earlier edition."""
    sets = []
    for group in editions(catalog if catalog is not None else archive.catalog()).values():
        if not publisher_matches(publisher, group[-1].get("publisher")):
            continue
        for before, after in zip(group, group[1:]):
            old, new = archive.catalogued_parse(before), archive.catalogued_parse(after)
            if old and new:
                sets.append(compare(old, new, kind="republication").with_urls(before.get("source_url"), after.get("source_url")))
    return sets
