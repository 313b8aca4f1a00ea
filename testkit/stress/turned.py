"""Turned pages: a page's content drawn one, two or three quarter turns round.

Landscape tables are often stored on portrait pages with everything drawn sideways:
the text then runs bottom to top (content turned counter-clockwise) or top to bottom
(clockwise). Scanned-then-exported and imposed pages also come upside down. Some
producers add /Rotate so a viewer shows the page upright, some do not; every case
happens, and a reader must get the same figures from each.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf

from testkit.stress.pages import keep_only


CLOCKWISE, HALF, COUNTER_CLOCKWISE = 1, 2, 3  # quarter turns of the content, clockwise


def turn_pages(
    source: Path, target: Path, pages: list[int] | None = None, *, quarters: int, rotate_flag: bool
) -> Path:
    """Copy ``source`` (only ``pages`` when given) with every page's content turned.

    ``quarters`` clockwise quarter turns: 1 (text runs top to bottom), 2 (upside
    down), 3 (bottom to top). ``rotate_flag``: /Rotate set so a viewer shows the
    page upright again.
    """
    if quarters not in (CLOCKWISE, HALF, COUNTER_CLOCKWISE):
        raise ValueError(f"quarters must be 1, 2 or 3, not {quarters!r}")
    with pikepdf.open(source) as pdf:
        keep_only(pdf, pages)
        for page in pdf.pages:
            _turn(pdf, page, quarters, rotate_flag)
        pdf.save(target)
    return Path(target)


def _turn(pdf: pikepdf.Pdf, page: pikepdf.Page, quarters: int, rotate_flag: bool) -> None:
    x0, y0, x1, y1 = (float(v) for v in page.mediabox)
    width, height = x1 - x0, y1 - y0
    if quarters == CLOCKWISE:  # (x, y) → (y, width - x): the page's top edge ends on the right
        matrix, box = (0, -1, 1, 0, -y0, x1), (height, width)
    elif quarters == HALF:  # (x, y) → (width - x, height - y): the top edge ends at the bottom
        matrix, box = (-1, 0, 0, -1, x1, y1), (width, height)
    else:  # (x, y) → (height - y, x): the page's top edge ends on the left
        matrix, box = (0, 1, -1, 0, y1, -x0), (height, width)
    page.contents_coalesce()
    body = page.obj.Contents.read_bytes()
    head = ("q %s cm\n" % " ".join(f"{v:g}" for v in matrix)).encode()
    page.obj.Contents = pikepdf.Stream(pdf, head + body + b"\nQ\n")
    page.mediabox = pikepdf.Array([0, 0, *box])
    if "/CropBox" in page.obj:
        del page.obj["/CropBox"]
    existing = int(page.obj.get("/Rotate", 0))
    if rotate_flag:  # the viewer turns the page back: the opposite of the content's turn
        page.obj.Rotate = (existing + 360 - 90 * quarters) % 360
    elif existing:
        page.obj.Rotate = existing
