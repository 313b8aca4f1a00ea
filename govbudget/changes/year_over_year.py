"""Year N against year N−1 for every unit the archive holds both years of."""

from __future__ import annotations

from govbudget.storage.archive import ObjectArchive
from govbudget.changes.diff import ChangeSet, compare
from govbudget.storage.editions import current as current_editions
from govbudget.changes.units import match_units, publisher_matches


def year_over_year(
    archive: ObjectArchive,
    *,
    publisher: str | None = None,
    from_year: int | None = None,
    to_year: int | None = None,
    catalog: list[dict] | None = None,
    involving: set[str] | None = None,
) -> list[ChangeSet]:
    """One ChangeSet per matched unit and document kind; each year compared with the year before it.

    ``involving``: only comparisons with one of these documents on either side.
    """
    current = [e for e in current_editions(catalog if catalog is not None else archive.catalog()) if e.get("fiscal_year")]
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
                if involving is not None and not {match.old["doc_id"], match.new["doc_id"]} & involving:
                    continue
                before, after = archive.catalogued_parse(match.old), archive.catalogued_parse(match.new)
                if before is None or after is None:
                    continue
                changes = compare(before, after).with_urls(match.old.get("source_url"), match.new.get("source_url"))
                if match.renamed:
                    changes.renamed_from = match.old.get("publisher")
                sets.append(changes)
    return sets


def changes_involving(archive: ObjectArchive, doc_ids) -> list[ChangeSet]:
    """Every year-over-year and re-publication comparison with one of ``doc_ids`` on either side.

    Reads only the catalog rows under the parents of the units those documents
    belong to (renames stay under their parent): O(the run's units), not O(archive).
    """
    from govbudget.changes.republication import republications

    touched = set(doc_ids)
    if not touched:
        return []
    catalog = archive.catalog(parents={e["unit_parent"] for e in archive.catalog(doc_ids=touched)})
    years = {e["fiscal_year"] for e in catalog if e["doc_id"] in touched and e.get("fiscal_year")}
    sets: dict[tuple[str, str], ChangeSet] = {}
    for year in sorted(years | {y + 1 for y in years}):
        for changes in year_over_year(archive, from_year=year - 1, to_year=year, catalog=catalog, involving=touched):
            sets.setdefault((changes.old_doc, changes.new_doc), changes)
    return list(sets.values()) + [s for s in republications(archive, catalog=catalog) if s.new_doc in touched]
