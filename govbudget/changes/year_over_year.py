"""Year N against year N−1 for every unit the archive holds both years of."""

from __future__ import annotations

from govbudget.storage.archive import ObjectArchive
from govbudget.changes.diff import ChangeSet, compare
from govbudget.changes.republication import latest_editions
from govbudget.changes.units import match_units, publisher_matches


def year_over_year(
    archive: ObjectArchive,
    *,
    publisher: str | None = None,
    from_year: int | None = None,
    to_year: int | None = None,
    catalog: list[dict] | None = None,
) -> list[ChangeSet]:
    """One ChangeSet per matched unit and document kind; each year compared with the year before it."""
    current = [e for e in latest_editions(catalog if catalog is not None else archive.catalog()) if e.get("fiscal_year")]
    years = sorted({e["fiscal_year"] for e in current})
    pairs = [(y - 1, y) for y in years if y - 1 in years]
    if from_year is not None or to_year is not None:
        start = from_year if from_year is not None else to_year - 1
        end = to_year if to_year is not None else from_year + 1
        pairs = [(start, end)]
    sets: list[ChangeSet] = []
    for old_year, new_year in pairs:
        for kind in sorted({e.get("kind") or "" for e in current}):
            old = [e for e in current if e["fiscal_year"] == old_year and (e.get("kind") or "") == kind]
            new = [e for e in current if e["fiscal_year"] == new_year and (e.get("kind") or "") == kind]
            for match in match_units(old, new):
                if not publisher_matches(publisher, match.old.get("publisher"), match.new.get("publisher")):
                    continue
                before, after = archive.get_parse(match.old["doc_id"]), archive.get_parse(match.new["doc_id"])
                if before is None or after is None:
                    continue
                changes = compare(before, after).with_urls(match.old.get("source_url"), match.new.get("source_url"))
                if match.renamed:
                    changes.renamed_from = match.old.get("publisher")
                sets.append(changes)
    return sets
