"""Inline SVG charts, drawn here so a report is one file that opens offline.

Two shapes cover the change report: grouped bars (a unit's headline figures per
year) and diverging bars (changes left of zero for decreases, right for increases).
Values are plain floats of 万元; labels are escaped text.
"""

from __future__ import annotations

from html import escape

PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#e15759")
DOWN, UP = "#c0392b", "#2e7d32"
FONT = "font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;font-size:12px"


def _svg(width: int, height: int, body: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" style="{FONT}"><title>{escape(title)}</title>' + "".join(body) + "</svg>"
    )


def _number(value: float) -> str:
    return f"{value:,.2f}"


def grouped_bars(title: str, groups: list[str], series: dict[str, list[float | None]], unit: str = "万元") -> str:
    """One cluster per group (year), one bar per series (metric) in it."""
    names = list(series)
    top = max([v for values in series.values() for v in values if v is not None] + [0.0]) or 1.0
    bar, gap, plot_h, left, bottom = 18, 26, 180, 10, 40
    width = left + len(groups) * (len(names) * bar + gap) + 10
    legend_h = 18 * len(names)
    height = plot_h + bottom + legend_h + 10
    body = [f'<line x1="{left}" y1="{plot_h + 10}" x2="{width - 5}" y2="{plot_h + 10}" stroke="#888"/>']
    for g, group in enumerate(groups):
        x0 = left + g * (len(names) * bar + gap) + gap / 2
        for s, name in enumerate(names):
            value = series[name][g]
            if value is None:
                continue
            h = max(value / top * plot_h, 0.5)
            x = x0 + s * bar
            body.append(
                f'<rect x="{x:.1f}" y="{plot_h + 10 - h:.1f}" width="{bar - 2}" height="{h:.1f}" fill="{PALETTE[s % len(PALETTE)]}">'
                f"<title>{escape(name)} {escape(group)}: {_number(value)} {unit}</title></rect>"
            )
        body.append(f'<text x="{x0 + len(names) * bar / 2:.1f}" y="{plot_h + 28}" text-anchor="middle">{escape(group)}</text>')
    for s, name in enumerate(names):
        y = plot_h + bottom + 14 * s + 8
        body.append(f'<rect x="{left}" y="{y}" width="10" height="10" fill="{PALETTE[s % len(PALETTE)]}"/>')
        body.append(f'<text x="{left + 16}" y="{y + 9}">{escape(name)}</text>')
    return _svg(max(width, 320), height, body, title)


def diverging_bars(title: str, rows: list[tuple[str, float]], unit: str = "万元") -> str:
    """One row per (label, change): decreases drawn left of the axis, increases right."""
    if not rows:
        return ""
    label_w, half, row_h, value_w = 330, 220, 22, 100
    extent = max(abs(v) for _, v in rows) or 1.0
    axis = label_w + value_w + half
    width = axis + half + value_w + 10
    height = row_h * len(rows) + 20
    body = [f'<line x1="{axis}" y1="5" x2="{axis}" y2="{height - 5}" stroke="#555"/>']
    for i, (label, value) in enumerate(rows):
        y = 10 + i * row_h
        w = max(abs(value) / extent * half, 1.0)
        x = axis - w if value < 0 else axis
        text = f"{value:+,.2f} {unit}"
        body.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{escape(label if len(label) <= 24 else label[:23] + "…")}</text>')
        body.append(
            f'<rect x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="{row_h - 6}" fill="{DOWN if value < 0 else UP}">'
            f"<title>{escape(label)}: {escape(text)}</title></rect>"
        )
        anchor, tx = ("end", x - 4) if value < 0 else ("start", x + w + 4)
        body.append(f'<text x="{tx:.1f}" y="{y + 14}" text-anchor="{anchor}">{escape(text)}</text>')
    return _svg(width, height, body, title)
