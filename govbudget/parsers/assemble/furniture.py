"""Running headers and footers: page furniture, not content.

A line printed at the same height on several pages (digits ignored, so "第 3 页"
and "第 4 页" are one line) in the top or bottom margin is furniture, unless it describes a table (a unit line
repeated over every table page is context, not furniture). Left in, it
would stand between a table and its continuation on the next page.
"""

from __future__ import annotations

import re
from collections import Counter

from govbudget.parsers.extract_settings import ExtractSettings
from govbudget.parsers.layout.page_layout import PageLayout
from govbudget.parsers.assemble.table_context import is_context_text

_DIGITS = re.compile(r"\d+")


def drop_running_lines(layouts: list[PageLayout], settings: ExtractSettings) -> None:
    """Remove running headers/footers from every layout's lines, in place."""
    margin = settings.furniture_margin
    counts: Counter = Counter()
    for layout in layouts:
        counts.update({_key(line) for line in layout.lines if _in_margin(line, layout, margin)})
    repeated = {key for key, pages in counts.items() if pages >= settings.furniture_pages}
    if not repeated:
        return
    for layout in layouts:
        layout.lines = [
            line
            for line in layout.lines
            if not (_in_margin(line, layout, margin) and _key(line) in repeated and not is_context_text(line.text))
        ]


def _key(line) -> tuple[str, int]:
    return _DIGITS.sub("#", "".join(line.text.split())), round(line.top / 3)


def _in_margin(line, layout: PageLayout, margin: float) -> bool:
    return line.top < margin * layout.height or line.bottom > (1 - margin) * layout.height
