"""Turned pages: a page's content drawn a quarter turn round on a page of swapped size.

Landscape tables are often stored on portrait pages with everything drawn sideways:
the text then runs bottom to top (content turned counter-clockwise) or top to bottom
(clockwise). Some producers add /Rotate so a viewer shows the page upright, some
do not; both happen, and a reader must get the same figures from either.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf

from testkit.stress.pages import keep_only


def turn_pages(
    source: Path, target: Path, pages: list[int] | None = None, *, clockwise: bool, rotate_flag: bool
) -> Path:
    """Copy ``source`` (only ``pages`` when given) with every page's content turned a quarter.

    ``clockwise``: text runs top to bottom, else bottom to top. ``rotate_flag``: /Rotate
    set so a viewer shows the page upright again.
    """
    with pikepdf.open(source) as pdf:
        keep_only(pdf, pages)
        for page in pdf.pages:
            _turn(pdf, page, clockwise, rotate_flag)
        pdf.save(target)
    return Path(target)


def _turn(pdf: pikepdf.Pdf, page: pikepdf.Page, clockwise: bool, rotate_flag: bool) -> None:
    x0, y0, x1, y1 = (float(v) for v in page.mediabox)
    width, height = x1 - x0, y1 - y0
    if clockwise:  # (x, y) → (y, width - x): the page's top edge ends on the right
        matrix = (0, -1, 1, 0, -y0, x1)
    else:  # (x, y) → (height - y, x): the page's top edge ends on the left
        matrix = (0, 1, -1, 0, y1, -x0)
    page.contents_coalesce()
    body = page.obj.Contents.read_bytes()
    head = ("q %s cm\n" % " ".join(f"{v:g}" for v in matrix)).encode()
    page.obj.Contents = pikepdf.Stream(pdf, head + body + b"\nQ\n")
    page.mediabox = pikepdf.Array([0, 0, height, width])
    if "/CropBox" in page.obj:
        del page.obj["/CropBox"]
    existing = int(page.obj.get("/Rotate", 0))
    if rotate_flag:
        page.obj.Rotate = (existing + (270 if clockwise else 90)) % 360
    elif existing:
        page.obj.Rotate = existing
