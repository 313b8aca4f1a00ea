"""What this run's documents changed: year over year and against the edition they replaced.

Only comparisons that involve a document this run added or re-published are
made, reading only the catalog rows of the units it touched
(:func:`govbudget.changes.year_over_year.changes_involving`).
The full report (Markdown, CSV, Parquet) is stored beside the run's manifest.
"""

from __future__ import annotations

import io

import pyarrow.csv as pacsv

from govbudget.changes.report import changes_table, markdown_report
from govbudget.changes.diff import ChangeSet, CellChange
from govbudget.storage.datasets import parquet_bytes
from govbudget.changes.year_over_year import changes_involving

from govbudget.flows.archives import archive_for, put_run_file
from govbudget.flows.outcomes import ChangeSummary, TopChange

TOP = 10


def change_sets(archive: str, doc_ids: list[str]) -> list[ChangeSet]:
    """Every year-over-year and re-publication comparison touching ``doc_ids``."""
    return changes_involving(archive_for(archive), doc_ids)


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
