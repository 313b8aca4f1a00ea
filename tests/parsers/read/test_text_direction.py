"""Turned pages are read in their printed direction (govbudget/parsers/read/text_direction.py).

Landscape tables drawn sideways on portrait pages, text running bottom to top or top
to bottom, with or without /Rotate: the characters read are the clean page's, in the
same places relative to the text.
"""

import pypdfium2 as pdfium
import pytest

from govbudget.parsers.extract_settings import DEFAULT_SETTINGS
from govbudget.parsers.read.pdfium_page import read_page
from testkit.corpus import CORPUS
from testkit.stress.turned import CLOCKWISE, COUNTER_CLOCKWISE, HALF, turn_pages

SOURCE = CORPUS / "002-office.pdf"
PAGE = 4  # a landscape table


def _lines(path, number=1):
    pdf = pdfium.PdfDocument(str(path))
    try:
        content = read_page(pdf[number - 1], number, DEFAULT_SETTINGS)
    finally:
        pdf.close()
    lines: dict[int, list] = {}
    for char in content.chars:
        lines.setdefault(round(char.top), []).append(char)
    return content, ["".join(c.text for c in sorted(chars, key=lambda c: c.x0)) for _, chars in sorted(lines.items())]


@pytest.mark.parametrize("quarters", [COUNTER_CLOCKWISE, CLOCKWISE, HALF], ids=["bottom_to_top", "top_to_bottom", "upside_down"])
@pytest.mark.parametrize("rotate_flag", [False, True], ids=["no_rotate", "rotate"])
def test_turned_page_reads_like_the_clean_page(tmp_path, quarters, rotate_flag):
    turned = turn_pages(SOURCE, tmp_path / "turned.pdf", [PAGE], quarters=quarters, rotate_flag=rotate_flag)
    clean_content, clean = _lines(SOURCE, PAGE)
    content, lines = _lines(turned)
    assert lines == clean
    assert (round(content.width), round(content.height)) == (round(clean_content.width), round(clean_content.height))
    # degrees the reader turns the page clockwise to read it: the opposite of the content's turn
    assert content.turned == (0 if rotate_flag else (360 - 90 * quarters) % 360)


def test_an_upright_page_is_not_turned():
    content, _ = _lines(SOURCE, PAGE)
    assert (content.turned, content.mixed_directions) == (0, False)
