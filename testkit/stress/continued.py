"""Tables continued on following pages under a 续表 caption, printed the ways producers do.

Every line-item table of a corpus document is broken after its first body rows and
runs on over the next page, captioned by one of :data:`STYLES` (the styles rotate
over the document's tables, so one PDF holds them all). The records a parser
must return are those of the unbroken truth grid: a continuation is never a table
of its own and the table it continues loses no row.
"""

from __future__ import annotations

import copy
from functools import lru_cache

from collections import Counter

from govbudget.parsers.api import parse_pdf
from govbudget.schema import ParseResult
from govbudget.schema.vocab import FORM_KINDS as FORMS
from testkit.cells import cells, grid_cells
from testkit.truth_tables import truth
from testkit.variants.renderer import Layout, render

# caption: printed over the continuation; title: the title repeated above / below the
# caption or with it inline; left: a small caption at the top left; repeat_header.
STYLES: dict[str, dict] = {
    "caption": {"caption": "续表", "left": True},
    "numbered": {"caption": "续表{n}"},
    "inline": {"caption": "（续）", "title": "inline"},
    "caption_above_title": {"caption": "续表", "title": "below"},
    "caption_below_title": {"caption": "（续表）", "title": "above"},
    "header_not_repeated": {"caption": "续表", "left": True, "repeat_header": False},
}
DOCS = ("000", "002", "003", "004")


def continued_blocks(doc: str, styles: tuple[str, ...] = tuple(STYLES), offset: int = 0) -> list[dict]:
    """The document's blocks with each line-item table of ≥ 2 body rows broken after half
    its body rows and captioned in the next style of ``styles`` (starting at ``offset``)."""
    blocks, n = [], 0
    for block in truth(doc)["blocks"]:
        block = copy.deepcopy(block)
        body = len(block.get("rows", [])) - block.get("header_rows", 0)
        if block["type"] == "table" and block["kind"] not in FORMS and block["header_rows"] and body >= 2:
            style = STYLES[styles[(offset + n) % len(styles)]]
            block["ordinal"] = n + 1
            block["render"] = {
                "new_page": True,
                "break_after": [body // 2 - 1],
                "continued": style,
                "repeat_header": style.get("repeat_header", True),
            }
            n += 1
        blocks.append(block)
    return blocks


@lru_cache(maxsize=None)
def build(doc: str, style: str | None = None) -> tuple[bytes, dict]:
    """(PDF bytes, truth) of ``doc`` with its tables continued in ``style`` (all styles
    in turn when None); the truth is the corpus truth, unchanged."""
    styles = (style,) if style else tuple(STYLES)
    return render(continued_blocks(doc, styles), Layout()), truth(doc)


def line_item_cells(found: Counter) -> Counter:
    """Cells of line-item tables only (forms are :mod:`.forms`' class)."""
    return Counter({key: n for key, n in found.items() if key[0] not in FORMS})


def parse(doc: str, style: str | None = None) -> ParseResult:
    pdf, _ = build(doc, style)
    return parse_pdf(pdf, name=f"{doc}-continued-{style or 'all'}.pdf")


def score(doc: str, style: str | None = None) -> tuple[Counter, Counter, ParseResult]:
    """(expected, found) line-item cells of ``doc`` continued in ``style``, and the parse."""
    result = parse(doc, style)
    return line_item_cells(grid_cells(truth(doc))), line_item_cells(cells(result.tables)), result
