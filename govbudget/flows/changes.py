"""What this run's documents changed: year over year and against the edition they replaced.

Only comparisons that involve a document this run added or re-published are
made, and only the catalog rows of the units it touched (and their siblings
under the same parent, for renames) are read: O(the run's units), not O(archive).
The full report (Markdown, CSV, Parquet) is stored beside the run's manifest.
"""

from __future__ import annotations

import io

import pyarrow.csv as pacsv

from govbudget.storage.change_report import changes_table, markdown_report
from govbudget.storage.changes import ChangeSet, CellChange
from govbudget.storage.datasets import parquet_bytes
from govbudget.storage.republication import republications
from govbudget.storage.year_over_year import year_over_year

from govbudget.flows.archives import archive_for, put_run_file
from govbudget.flows.outcomes import ChangeSummary, TopChange

TOP = 10


def change_sets(archive: str, doc_ids: list[str]) -> list[ChangeSet]:
    """Every year-over-year and re-publication comparison touching ``doc_ids``."""
    if not doc_ids:
        return []
    store = archive_for(archive)
    touched = set(doc_ids)
    catalog = store.catalog(parents={e["unit_parent"] for e in store.catalog(doc_ids=touched)})
    years = {e["fiscal_year"] for e in catalog if e["doc_id"] in touched and e.get("fiscal_year")}
    sets: dict[tuple[str, str], ChangeSet] = {}
    for year in sorted(years | {y + 1 for y in years}):
        for changes in year_over_year(store, from_year=year - 1, to_year=year, catalog=catalog, involving=touched):
            sets.setdefault((changes.old_doc, changes.new_doc), changes)
    found = list(sets.values())
    return found + [s for s in republications(store, catalog=catalog) if s.new_doc in touched]


def _top_change(changes: ChangeSet, cell: CellChange) -> TopChange:
    years = "re-published" if changes.kind == "republication" else f"{changes.old_year} → {changes.new_year}"
    return TopChange(
        publisher=changes.publisher, years=years, table_kind=cell.table_kind,
        row=cell.row_label or cell.row_key, column=cell.column_key, old=cell.old, new=cell.new,
        delta_yuan=f"{cell.delta_yuan:+,.2f}" if cell.delta_yuan is not None else None,
        pct_change=f"{cell.pct_change:+}%" if cell.pct_change is not None else None,
    )


def top_changes(sets: list[ChangeSet], limit: int = TOP) -> list[TopChange]:
    cells = [(changes, cell) for changes in sets for cell in changes.changes]
    cells.sort(key=lambda pair: -pair[1].magnitude)
    return [_top_change(changes, cell) for changes, cell in cells[:limit]]


def _csv_bytes(sets: list[ChangeSet]) -> bytes:
    buffer = io.BytesIO()
    pacsv.write_csv(changes_table(sets), buffer)
    return buffer.getvalue()


def detect_changes(archive: str, doc_ids: list[str], run_id: str) -> ChangeSummary:
    """Compare, then store changes.md / .csv / .parquet with the run; a summary for the run report."""
    sets = change_sets(archive, doc_ids)
    table = changes_table(sets)
    put_run_file(archive, run_id, "changes.parquet", parquet_bytes(table), "application/vnd.apache.parquet")
    table_url = put_run_file(archive, run_id, "changes.csv", _csv_bytes(sets), "text/csv; charset=utf-8")
    report_url = put_run_file(archive, run_id, "changes.md", markdown_report(sets).encode("utf-8"), "text/markdown; charset=utf-8")
    return ChangeSummary(
        comparisons=len(sets),
        cells_changed=sum(len(s.changes) for s in sets),
        top=top_changes(sets),
        report_url=report_url,
        table_url=table_url,
    )
