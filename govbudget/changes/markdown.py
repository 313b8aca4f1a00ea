"""The Markdown change report: per comparison its sources, headline figures, projects
and the figures that moved most, each linked to the page that prints it."""

from __future__ import annotations

from decimal import Decimal

from govbudget.changes.diff import ChangeSet
from govbudget.changes.figures import FigureChange, group_figures
from govbudget.changes.formatting import comparison_title, page_url, pct, printed, source_name, wan
from govbudget.changes.headline import METRICS

TOP_FIGURES = 40


def _cell(text: str | None) -> str:
    return "—" if text is None else str(text).replace("|", "\\|")


def _row(change) -> str:
    """``2013850 事业运行``: the subject code a researcher joins on, with the name a reader knows."""
    if change.row_label and change.row_key != change.row_label:
        return f"{change.row_key} {change.row_label}"
    return change.row_label or change.row_key


def _link(text: str, url: str | None) -> str:
    return f"[{_cell(text)}]({url})" if url else _cell(text)


def _page_link(changes: ChangeSet, figure: FigureChange) -> str:
    source, page = changes.printed_at(figure.lead)
    return _link(f"p. {page}" if page else "document", page_url(source, page))


def _sources(changes: ChangeSet) -> list[str]:
    old, new = changes.old_source, changes.new_source
    return [
        f"From {_link(source_name(old), page_url(old, None))} (`{changes.old_doc[:12]}`) "
        f"to {_link(source_name(new), page_url(new, None))} (`{changes.new_doc[:12]}`).",
        "",
    ]


def _headlines(changes: ChangeSet) -> list[str]:
    if not changes.headlines:
        return []
    lines = [f"| headline | {changes.old_year} | {changes.new_year} | Δ | % |", "|---|---:|---:|---:|---:|"]
    for h in changes.headlines:
        old = _link(printed(h.old.text, h.old.unit), page_url(changes.old_source, h.old.page)) if h.old else "—"
        new = _link(printed(h.new.text, h.new.unit), page_url(changes.new_source, h.new.page)) if h.new else "—"
        lines.append(f"| {METRICS[h.metric][1]} | {old} | {new} | {wan(h.delta_yuan)} | {pct(h.pct_change)} |")
    return lines + [""]


def _projects(changes: ChangeSet) -> list[str]:
    if not changes.projects:
        return []
    lines = ["Projects added, removed or with other funds:", "", "| project | change | old | new | Δ |", "|---|---|---:|---:|---:|"]
    for p in changes.projects:
        lines.append(
            f"| {_cell(p.project)} | {p.change} | {_cell(printed(p.old_funds, p.unit) if p.old_funds else None)} "
            f"| {_cell(printed(p.new_funds, p.unit) if p.new_funds else None)} | {wan(p.delta_yuan)} |"
        )
    return lines + [""]


def _figures(changes: ChangeSet) -> list[str]:
    figures = group_figures(changes)[:TOP_FIGURES]
    if not figures:
        return []
    lines = [
        f"Largest changes (top {len(figures)} figures; a figure printed in several tables is one row, "
        "every cell is in changes.csv):",
        "",
        "| table | project | row | column | old | new | Δ | % | printed | source |",
        "|---|---|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for f in figures:
        c = f.lead
        lines.append(
            f"| {c.table_kind} | {_cell(c.project) if c.project else ''} | {_cell(_row(c))} | {_cell(c.column_name)} "
            f"| {_cell(printed(c.old, c.old_unit) if c.old else None)} | {_cell(printed(c.new, c.unit) if c.new else None)} "
            f"| {wan(c.delta_yuan)} | {pct(c.pct_change) or c.change} | {f.printings}× | {_page_link(changes, f)} |"
        )
    return lines + [""]


def _section(changes: ChangeSet) -> list[str]:
    lines = [f"## {comparison_title(changes)}", ""] + _sources(changes)
    if changes.renamed_from:
        lines += [f"Unit renamed: **{changes.renamed_from}** → **{changes.publisher}**", ""]
    counts: dict[str, int] = {}
    for change in changes.changes:
        counts[change.change] = counts.get(change.change, 0) + 1
    summary = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())) or "no changes"
    figures = len(group_figures(changes))
    lines += [f"{len(changes.changes)} cells differ ({summary}), {figures} distinct figure(s).", ""]
    lines += _headlines(changes)
    for label, names in (("Projects added", changes.projects_added), ("Projects removed", changes.projects_removed)):
        if names:
            lines += [f"**{label}:** " + "; ".join(names), ""]
    return lines + _projects(changes) + _figures(changes)


def markdown_report(sets: list[ChangeSet]) -> str:
    if not sets:
        return "# Changes\n\nNo comparable documents in the archive for this selection.\n"
    ordered = sorted(sets, key=lambda s: -max((c.magnitude for c in s.changes), default=Decimal(0)))
    lines = ["# Changes", "", f"{len(ordered)} comparison(s), the one with the largest change first. "
             "Values are shown as printed, with the unit they were printed in; differences in 万元.", ""]
    for changes in ordered:
        lines += _section(changes)
    return "\n".join(lines)
