"""Change sets on disk: four long tables (Parquet + CSV, schema below and in
docs/archive.md), a Markdown and an HTML report, largest changes first.

* ``changes``   one row per changed cell, with the figure it belongs to;
* ``figures``   one row per figure that moved (cells printing one figure grouped);
* ``headlines`` one row per compared unit and headline metric (N−1 → N);
* ``projects``  one row per project added, removed or given other funds.

Every row carries its comparison: publisher, both documents' id, year, title and URL.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pyarrow as pa

from govbudget.changes.diff import ChangeSet
from govbudget.changes.figures import group_figures
from govbudget.changes.headline import METRICS

AMOUNT = pa.decimal128(24, 4)
S, I, A = pa.string(), pa.int32(), AMOUNT

CONTEXT = [
    ("comparison", S, "year_over_year (year N−1 → N of one unit) or republication (an edition → the one replacing it)"),
    ("publisher", S, "the publishing unit (部门/单位) as the later document prints it"),
    ("region", S, "省/市/县 of the publisher, levels joined with '/'"),
    ("doc_kind", S, "budget (预算) or final_account (决算)"),
    ("renamed_from", S, "the unit's earlier name, when it was matched across a rename"),
    ("old_doc", S, "sha256 of the earlier document (its doc_id in the archive)"),
    ("new_doc", S, "sha256 of the later document"),
    ("old_year", I, "fiscal year of the earlier document"),
    ("new_year", I, "fiscal year of the later document"),
    ("old_title", S, "title of the earlier document"),
    ("new_title", S, "title of the later document"),
    ("old_url", S, "where the earlier document was first published (or file:// of a local PDF added with govbudget add)"),
    ("new_url", S, "where the later document was first published"),
]
CHANGE_COLUMNS = CONTEXT + [
    ("figure_id", I, "the figure this cell prints (figures.figure_id of the same comparison): cells repeating one figure share it"),
    ("table_kind", S, "standard table kind (docs/schema.md), e.g. expenditure_summary"),
    ("table_title", S, "the table's printed title"),
    ("project", S, "the project of a performance form; empty for other tables"),
    ("side", S, "income or expenditure half of a two-sided 收支总表; empty otherwise"),
    ("row_key", S, "subject code (功能/经济分类) of the row, else its printed label"),
    ("row_label", S, "the row's printed label"),
    ("column_key", S, "the column's year-free key (docs/schema.md vocabulary)"),
    ("column_label", S, "the column header as printed in the table the shown value comes from (the earlier one for removed cells)"),
    ("column_name", S, "the column's one name in every year and edition: the printed header without years"),
    ("change", S, "modified, added (row, table or form only in the later document) or removed (only in the earlier)"),
    ("old", S, "the earlier value as printed, in unit"),
    ("new", S, "the later value as printed, in unit"),
    ("unit", S, "unit new is printed in (old's for a removed cell): 元, 万元 or 亿元"),
    ("old_unit", S, "unit old is printed in (a table may change unit between years)"),
    ("old_yuan", A, "the earlier value in yuan (empty for numbers that are not money)"),
    ("new_yuan", A, "the later value in yuan"),
    ("delta", A, "new − old in the printed unit (empty when the two tables print different units)"),
    ("delta_yuan", A, "new − old in yuan"),
    ("pct_change", A, "delta_yuan as a percentage of old_yuan"),
    ("table_id_from", S, "table id in the earlier document's parse"),
    ("table_id_to", S, "table id in the later document's parse"),
    ("page_from", I, "page of the earlier document printing the old value"),
    ("page_to", I, "page of the later document printing the new value"),
]
_CELL = {column[0]: column for column in CHANGE_COLUMNS}
FIGURE_COLUMNS = CONTEXT + [
    ("figure_id", I, "the figure's number within its comparison, largest move first"),
    _CELL["change"],
    ("table_kind", S, "table of the figure's most specific printing (deepest subject code, first standard table, its total column)"),
    *(_CELL[name] for name in ("project", "row_key", "row_label", "column_name", "old", "new", "unit", "old_unit", "old_yuan", "new_yuan", "delta_yuan", "pct_change")),
    ("printings", I, "how many changed cells print this figure (rows in changes with this figure_id)"),
    ("also_in", S, "the other printings: table kind, row, column; separated by '; '"),
    _CELL["page_from"],
    _CELL["page_to"],
]
HEADLINE_COLUMNS = CONTEXT + [
    ("metric", S, "total_revenue (收入总计), total_expenditure (支出总计), basic_expenditure, project_expenditure, three_public (“三公”经费)"),
    ("label", S, "the metric's Chinese and English name"),
    ("old", S, "the earlier document's figure as printed"),
    ("new", S, "the later document's figure as printed"),
    ("old_unit", S, "unit the earlier figure is printed in"),
    ("new_unit", S, "unit the later figure is printed in"),
    ("old_yuan", A, "the earlier figure in yuan"),
    ("new_yuan", A, "the later figure in yuan"),
    ("delta_yuan", A, "new − old in yuan"),
    ("pct_change", A, "delta_yuan as a percentage of old_yuan"),
    ("table_kind_from", S, "table the earlier figure is read from"),
    ("table_kind_to", S, "table the later figure is read from"),
    ("page_from", I, "page of the earlier document"),
    ("page_to", I, "page of the later document"),
]
PROJECT_COLUMNS = CONTEXT + [
    ("project", S, "project name as printed (later document, else earlier)"),
    ("change", S, "added, removed, or modified (funds differ)"),
    ("old_funds", S, "the project's 项目支出表 合计 in the earlier document, as printed (empty when only a form names it)"),
    ("new_funds", S, "the same in the later document"),
    ("unit", S, "unit the funds are printed in"),
    ("old_yuan", A, "earlier funds in yuan"),
    ("new_yuan", A, "later funds in yuan"),
    ("delta_yuan", A, "new − old in yuan (a removed project's funds negative, an added one's positive)"),
    ("pct_change", A, "delta_yuan as a percentage of old_yuan (modified projects)"),
    ("page_from", I, "page of the earlier document"),
    ("page_to", I, "page of the later document"),
]
TABLES = {"changes": CHANGE_COLUMNS, "figures": FIGURE_COLUMNS, "headlines": HEADLINE_COLUMNS, "projects": PROJECT_COLUMNS}


def schema(name: str) -> pa.Schema:
    return pa.schema([pa.field(n, t, metadata={"description": d}) for n, t, d in TABLES[name]])


def _change_rows(changes: ChangeSet) -> list[dict]:
    context = changes.context()
    rows = []
    for figure in group_figures(changes):
        rows.extend({**context, **asdict(cell), "figure_id": figure.figure_id} for cell in figure.cells)
    return rows


def _figure_rows(changes: ChangeSet) -> list[dict]:
    context = changes.context()
    return [
        {**context, **asdict(f.lead), "figure_id": f.figure_id, "printings": f.printings, "also_in": "; ".join(f.also_in()) or None}
        for f in group_figures(changes)
    ]


def _headline_rows(changes: ChangeSet) -> list[dict]:
    context = changes.context()
    rows = []
    for h in changes.headlines:
        old, new = h.old, h.new
        rows.append({
            **context,
            "metric": h.metric,
            "label": METRICS[h.metric][1],
            "old": old.text if old else None,
            "new": new.text if new else None,
            "old_unit": old.unit if old else None,
            "new_unit": new.unit if new else None,
            "old_yuan": old.yuan if old else None,
            "new_yuan": new.yuan if new else None,
            "delta_yuan": h.delta_yuan,
            "pct_change": h.pct_change,
            "table_kind_from": old.table_kind if old else None,
            "table_kind_to": new.table_kind if new else None,
            "page_from": old.page if old else None,
            "page_to": new.page if new else None,
        })
    return rows


def _project_rows(changes: ChangeSet) -> list[dict]:
    context = changes.context()
    return [{**context, **asdict(p), "delta_yuan": p.delta_yuan, "pct_change": p.pct_change} for p in changes.projects]


_ROWS = {"changes": _change_rows, "figures": _figure_rows, "headlines": _headline_rows, "projects": _project_rows}


def report_table(name: str, sets: list[ChangeSet]) -> pa.Table:
    target = schema(name)
    rows = [{k: r.get(k) for k in target.names} for s in sets for r in _ROWS[name](s)]
    return pa.Table.from_pylist(rows, schema=target)


def changes_table(sets: list[ChangeSet]) -> pa.Table:
    return report_table("changes", sets)


def markdown_report(sets: list[ChangeSet]) -> str:
    from govbudget.changes.markdown import markdown_report as render

    return render(sets)


def report_files(sets: list[ChangeSet], series=None) -> dict[str, tuple[bytes, str]]:
    """file name → (bytes, content type): what ``govbudget changes`` writes and a flow run stores."""
    from govbudget.changes.html import html_report
    from govbudget.changes.markdown import markdown_report as render
    from govbudget.schema.tabular import table_bytes

    files: dict[str, tuple[bytes, str]] = {}
    for name in TABLES:
        table = report_table(name, sets)
        files[f"{name}.parquet"] = (table_bytes(table, "parquet"), "application/vnd.apache.parquet")
        files[f"{name}.csv"] = (table_bytes(table, "csv"), "text/csv; charset=utf-8")
    files["changes.md"] = (render(sets).encode("utf-8"), "text/markdown; charset=utf-8")
    files["changes.html"] = (html_report(sets, series).encode("utf-8"), "text/html; charset=utf-8")
    return files


def write_report(sets: list[ChangeSet], out_dir: str | Path, series=None) -> dict[str, Path]:
    """Write every report file into ``out_dir``; returns name → path (``parquet``, ``csv``,
    ``markdown``, ``html`` name the cell table and the two reports)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, (data, _) in report_files(sets, series).items():
        (out / name).write_bytes(data)
        paths[name] = out / name
    paths.update(parquet=out / "changes.parquet", csv=out / "changes.csv", markdown=out / "changes.md", html=out / "changes.html")
    return paths
