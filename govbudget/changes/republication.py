"""Re-publication: the same publisher, year and kind, published again with new bytes.

Portals replace a draft with the approved budget, or fix a typo, at the same
place. The archive keeps every edition (numbered by :mod:`govbudget.storage.editions`);
this module diffs each against the one it replaced.
"""

from __future__ import annotations

from govbudget.storage.archive import ObjectArchive
from govbudget.changes.diff import ChangeSet, compare
from govbudget.storage.editions import editions



def republications(archive: ObjectArchive, catalog: list[dict] | None = None, publisher: str | None = None) -> list[ChangeSet]:
    """A diff for every document that replaced an earlier edition."""
    sets = []
    for group in editions(catalog if catalog is not None else archive.catalog()).values():
        if publisher and group[-1].get("publisher") != publisher:
            continue
        for before, after in zip(group, group[1:]):
            old, new = archive.get_parse(before["doc_id"]), archive.get_parse(after["doc_id"])
            if old and new:
                sets.append(compare(old, new, kind="republication"))
    return sets
