"""Change sets on disk: one long table (Parquet + CSV) and a Markdown report, largest changes first."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from govbudget.changes.diff import ChangeSet

TOP_CHANGES = 40
AMOUNT = pa.decimal128(24, 4)

CHANGE_SCHEMA = pa.schema(
    [
        ("comparison", pa.string()),
        ("publisher", pa.string()),
        ("old_doc", pa.string()),
        ("new_doc", pa.string()),
        ("old_year", pa.int32()),
        ("new_year", pa.int32()),
        ("table_kind", pa.string()),
        ("table_title", pa.string()),
        ("project", pa.string()),
        ("side", pa.string()),
        ("row_key", pa.string()),
        ("row_label", pa.string()),
        ("column_key", pa.string()),
        ("column_label", pa.string()),
        ("change", pa.string()),
        ("old", pa.string()),
        ("new", pa.string()),
        ("unit", pa.string()),
        ("delta", AMOUNT),
        ("delta_yuan", AMOUNT),
        ("pct_change", AMOUNT),
        ("table_id_from", pa.string()),
        ("table_id_to", pa.string()),
        ("page_from", pa.int32()),
        ("page_to", pa.int32()),
    ]
)


def changes_table(sets: list[ChangeSet]) -> pa.Table:
    return pa.Table.from_pylist([r for s in sets for r in s.records()], schema=CHANGE_SCHEMA)


def _yuan(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value / 10000:+,.2f} 万元"


def _cell(text: str | None) -> str:
    return "—" if text is None else text.replace("|", "\\|")


def _row(change) -> str:
    """``2013850 事业运行``: the subject code a researcher joins on, with the name a reader knows."""
    if change.row_label and change.row_key != change.row_label:
        return f"{change.row_key} {change.row_label}"
    return change.row_label or change.row_key


def _section(changes: ChangeSet) -> list[str]:
    title = f"{changes.publisher or changes.new_doc[:12]}: {changes.old_year} → {changes.new_year}"
    if changes.kind == "republication":
        title = f"{changes.publisher or changes.new_doc[:12]} {changes.new_year}: re-published ({changes.old_doc[:12]}… → {changes.new_doc[:12]}…)"
    lines = [f"## {title}", ""]
    if changes.renamed_from:
        lines += [f"Unit renamed: **{changes.renamed_from}** → **{changes.publisher}**", ""]
    counts: dict[str, int] = {}
    for change in changes.changes:
        counts[change.change] = counts.get(change.change, 0) + 1
    summary = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) or "no changes"
    lines += [f"{len(changes.changes)} cells differ ({summary}).", ""]
    for label, names in (("Projects added", changes.projects_added), ("Projects removed", changes.projects_removed)):
        if names:
            lines += [f"**{label}:** " + "; ".join(names), ""]
    largest = changes.largest_first()[:TOP_CHANGES]
    if largest:
        lines += [
            f"Largest changes (top {len(largest)}; every cell is in changes.csv):",
            "",
            "| table | project | row | column | old | new | Δ | % |",
            "|---|---|---|---|---:|---:|---:|---:|",
        ]
        for c in largest:
            pct = f"{c.pct_change:+}%" if c.pct_change is not None else c.change
            lines.append(
                f"| {c.table_kind} | {_cell(c.project) if c.project else ''} | {_cell(_row(c))} | {_cell(c.column_label or c.column_key)} "
                f"| {_cell(c.old)} | {_cell(c.new)} | {_yuan(c.delta_yuan)} | {pct} |"
            )
        lines.append("")
    return lines


def markdown_report(sets: list[ChangeSet]) -> str:
    ordered = sorted(sets, key=lambda s: -max((c.magnitude for c in s.changes), default=Decimal(0)))
    lines = ["# Changes", ""]
    if not ordered:
        return "# Changes\n\nNo comparable documents in the archive for this selection.\n"
    lines += [f"{len(ordered)} comparison(s), the one with the largest change first. Amounts in 万元.", ""]
    for changes in ordered:
        lines += _section(changes)
    return "\n".join(lines)


def write_report(sets: list[ChangeSet], out_dir: str | Path) -> dict[str, Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    table = changes_table(sets)
    paths = {"parquet": out / "changes.parquet", "csv": out / "changes.csv", "markdown": out / "changes.md"}
    pq.write_table(table, paths["parquet"])
    pacsv.write_csv(table, paths["csv"])
    paths["markdown"].write_text(markdown_report(sets), encoding="utf-8")
    return paths
