"""The HTML change report: the Markdown report's content with pictures, in one file.

Charts are inline SVG (:mod:`govbudget.changes.charts`), styles inline, no script
and no external resource, so the report opens from an archive read offline.
Headline cells carry ``data-metric``, ``data-year`` and ``data-yuan`` so a test
(or a scraper) can read the exact figures from the DOM.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from html import escape

from govbudget.changes.charts import diverging_bars, grouped_bars
from govbudget.changes.diff import ChangeSet
from govbudget.changes.figures import group_figures
from govbudget.changes.formatting import comparison_title, page_url, pct, printed, source_name, wan
from govbudget.changes.headline import METRICS
from govbudget.changes.series import UnitSeries, region_totals

TOP_BARS = 15
TOP_ROWS = 40
STYLE = """
body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:2em;color:#222;max-width:1200px}
table{border-collapse:collapse;margin:.6em 0 1.2em}td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}th{background:#f3f3f3}
section.unit{border-top:3px solid #4e79a7;margin-top:2em}.neg{color:#c0392b}.pos{color:#2e7d32}
.muted{color:#777;font-size:12px}
"""


def _e(text) -> str:
    return escape("" if text is None else str(text))


def _a(text: str, url: str | None) -> str:
    return f'<a href="{_e(url)}">{_e(text)}</a>' if url else _e(text)


def _signed(text: str, value: Decimal | None) -> str:
    cls = "" if not value else ' class="neg"' if value < 0 else ' class="pos"'
    return f"<span{cls}>{_e(text)}</span>"


def _figure_cell(figure, year, source, kind: str) -> str:
    if figure is None:
        return '<td class="n">—</td>'
    link = _a(printed(figure.text, figure.unit), page_url(source, figure.page))
    return (
        f'<td class="n headline" data-metric="{_e(figure.metric)}" data-year="{_e(year)}" data-side="{kind}" '
        f'data-yuan="{figure.yuan:f}">{link}</td>'
    )


def _headline_table(changes: ChangeSet) -> str:
    if not changes.headlines:
        return '<p class="muted">Neither document prints the headline tables.</p>'
    rows = [f"<tr><th>headline</th><th>{_e(changes.old_year)}</th><th>{_e(changes.new_year)}</th><th>Δ</th><th>%</th></tr>"]
    for h in changes.headlines:
        rows.append(
            f"<tr><td>{_e(METRICS[h.metric][1])}</td>{_figure_cell(h.old, changes.old_year, changes.old_source, 'old')}"
            f"{_figure_cell(h.new, changes.new_year, changes.new_source, 'new')}"
            f'<td class="n">{_signed(wan(h.delta_yuan), h.delta_yuan)}</td><td class="n">{_signed(pct(h.pct_change), h.pct_change)}</td></tr>'
        )
    return '<table class="headlines">' + "".join(rows) + "</table>"


def _series_chart(unit: UnitSeries | None) -> str:
    if unit is None or not unit.years:
        return ""
    years = sorted(unit.years)
    series = {
        METRICS[m][1]: [float(unit.years[y][m].yuan / 10000) if m in unit.years[y] else None for y in years]
        for m in METRICS
        if any(m in unit.years[y] for y in years)
    }
    if not series:
        return ""
    chart = grouped_bars(f"{unit.publisher}: headline figures by year (万元)", [str(y) for y in years], series)
    return f"<h3>Headline figures, every archived year (万元)</h3>{chart}"


def _figure_label(figure) -> str:
    c = figure.lead
    row = f"{c.row_key} {c.row_label}" if c.row_label and c.row_label != c.row_key else c.row_label or c.row_key
    return f"{c.project + ' · ' if c.project else ''}{row} · {c.column_name}"


def _largest_chart(figures) -> str:
    rows = [(_figure_label(f), float(f.lead.delta_yuan / 10000)) for f in figures if f.lead.delta_yuan][:TOP_BARS]
    if not rows:
        return ""
    return "<h3>Largest changes (万元)</h3>" + diverging_bars("largest changes", rows)


def _projects_table(changes: ChangeSet) -> str:
    if not changes.projects:
        return ""
    rows = ["<tr><th>project</th><th>change</th><th>old</th><th>new</th><th>Δ</th></tr>"]
    for p in changes.projects:
        rows.append(
            f"<tr><td>{_e(p.project)}</td><td>{_e(p.change)}</td><td class=\"n\">{_e(printed(p.old_funds, p.unit) if p.old_funds else '—')}</td>"
            f"<td class=\"n\">{_e(printed(p.new_funds, p.unit) if p.new_funds else '—')}</td><td class=\"n\">{_signed(wan(p.delta_yuan), p.delta_yuan)}</td></tr>"
        )
    return "<h3>Projects added, removed or with other funds</h3><table class=\"projects\">" + "".join(rows) + "</table>"


def _figures_table(changes: ChangeSet, figures) -> str:
    if not figures:
        return ""
    rows = ["<tr><th>table</th><th>row</th><th>column</th><th>old</th><th>new</th><th>Δ</th><th>%</th><th>printed</th><th>source</th></tr>"]
    for f in figures[:TOP_ROWS]:
        c = f.lead
        source, page = changes.printed_at(c)
        rows.append(
            f"<tr><td>{_e(c.table_kind)}</td><td>{_e(_figure_label(f).rsplit(' · ', 1)[0])}</td><td>{_e(c.column_name)}</td>"
            f"<td class=\"n\">{_e(printed(c.old, c.old_unit))}</td><td class=\"n\">{_e(printed(c.new, c.unit))}</td>"
            f"<td class=\"n\">{_signed(wan(c.delta_yuan), c.delta_yuan)}</td><td class=\"n\">{_e(pct(c.pct_change) or c.change)}</td>"
            f"<td class=\"n\" title=\"{_e('; '.join(f.also_in()))}\">{f.printings}×</td>"
            f"<td>{_a(f'{source_name(source)} p. {page}' if page else source_name(source), page_url(source, page))}</td></tr>"
        )
    return f"<h3>Figures that moved (top {min(len(figures), TOP_ROWS)} of {len(figures)})</h3><table class=\"figures\">" + "".join(rows) + "</table>"


def _section(changes: ChangeSet, unit: UnitSeries | None) -> str:
    figures = group_figures(changes)
    old, new = changes.old_source, changes.new_source
    renamed = f"<p>Unit renamed: <b>{_e(changes.renamed_from)}</b> → <b>{_e(changes.publisher)}</b></p>" if changes.renamed_from else ""
    return (
        f'<section class="unit" data-publisher="{_e(changes.publisher)}"><h2>{_e(comparison_title(changes))}</h2>'
        f"<p>From {_a(source_name(old), page_url(old, None))} to {_a(source_name(new), page_url(new, None))}. "
        f"{len(changes.changes)} cells differ, {len(figures)} distinct figures.</p>{renamed}"
        + _headline_table(changes) + _series_chart(unit) + _largest_chart(figures) + _projects_table(changes)
        + _figures_table(changes, figures) + "</section>"
    )


def _region_overview(sets: list[ChangeSet], series: list[UnitSeries]) -> str:
    deltas: dict[str, Decimal] = defaultdict(Decimal)
    counted: dict[str, int] = defaultdict(int)
    for changes in (s for s in sets if s.kind == "year_over_year"):
        for h in changes.headlines:
            if h.metric == "total_expenditure" and h.delta_yuan is not None:
                deltas[changes.region or "—"] += h.delta_yuan
                counted[changes.region or "—"] += 1
    parts = ["<section><h2>Regions</h2>"]
    if deltas:
        rows = sorted(((f"{r} ({counted[r]} units)", float(d / 10000)) for r, d in deltas.items()), key=lambda r: r[1])
        parts.append("<h3>Change in total expenditure of the compared units (万元)</h3>" + diverging_bars("regions", rows))
    totals = region_totals(series)
    if totals:
        rows = ["<tr><th>region</th><th>kind</th><th>year</th><th>units</th><th>total expenditure</th></tr>"]
        rows += [
            f"<tr><td>{_e(t.region)}</td><td>{_e(t.kind)}</td><td>{t.year}</td><td class=\"n\">{t.units}</td>"
            f'<td class="n region-total" data-yuan="{t.total_expenditure_yuan:f}">{_e(wan(t.total_expenditure_yuan, sign=False))}</td></tr>'
            for t in totals
        ]
        parts.append('<table class="regions">' + "".join(rows) + "</table>")
    if len(parts) == 1:
        parts.append('<p class="muted">No region figures.</p>')
    return "".join(parts) + "</section>"


def html_report(sets: list[ChangeSet], series: list[UnitSeries] | None = None) -> str:
    series = series or []
    by_publisher = {(s.publisher, s.kind): s for s in series}
    ordered = sorted(sets, key=lambda s: -max((c.magnitude for c in s.changes), default=Decimal(0)))
    body = [f"<h1>Changes</h1><p>{len(ordered)} comparison(s), the one with the largest change first. "
            "Values as printed with their unit; differences in 万元.</p>"]
    body.append(_region_overview(ordered, series))
    for changes in ordered:
        body.append(_section(changes, by_publisher.get((changes.publisher, changes.doc_kind or ""))))
    if not ordered:
        body.append("<p>No comparable documents in the archive for this selection.</p>")
    return (
        '<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>govbudget changes</title>'
        f"<style>{STYLE}</style></head><body>" + "".join(body) + "</body></html>\n"
    )
