"""Reading one page with pdfium (govbudget/parsers/read/pdfium_page.py, govbudget/parsers/read/dropped_glyphs.py)."""

from __future__ import annotations

import io

import pdfplumber
import pypdfium2 as pdfium
import pytest
from pdfminer.pdftypes import list_value, stream_value

from govbudget.parsers.read.content_tokens import content_objects
from govbudget.parsers.read.dropped_glyphs import DroppedGlyphReader
from govbudget.parsers.extract_settings import DEFAULT_SETTINGS
from govbudget.parsers.read.pdfium_page import read_page
from tests.parsers.pdf_builders import LEFT, rotated_pdf, text_pdf, text_with_inline_image_pdf
from testkit.variants import build


def _lines_of_first_page(data: bytes, recover: bool) -> dict[float, str]:
    pdf = pdfium.PdfDocument(data)
    reader = DroppedGlyphReader(pdf) if recover else None
    try:
        content = read_page(pdf[0], 1, DEFAULT_SETTINGS, reader)
    finally:
        if reader:
            reader.close()
        pdf.close()
    lines: dict[float, list] = {}
    for char in content.chars:
        lines.setdefault(round(char.bottom), []).append(char)
    return {top: "".join(c.text for c in sorted(chars, key=lambda c: c.x0)) for top, chars in sorted(lines.items())}


def _system_font_draws(text: str) -> bool:
    """Whether a system font draws ``text`` of the non-embedded CID font (pdfium's renderer, not its text page).

    With one (e.g. fonts-wqy-zenhei), pdfium's text page gives one-glyph objects a width and
    reads them itself; without, only the recovery reads them. Either way the text is read.
    """
    pdf = pdfium.PdfDocument(text_pdf([text]))
    try:
        return bool((pdf[0].render(scale=1).to_numpy() < 128).any())
    finally:
        pdf.close()


def test_one_glyph_text_of_a_non_embedded_cid_font_is_read():
    assert list(_lines_of_first_page(text_pdf(["本年收入合", "计", "类"]), recover=True).values()) == [
        "本年收入合", "计", "类"]


def test_pdfiums_text_page_alone_skips_one_glyph_text_of_such_fonts():
    """Why the recovery exists: without a system font for it, the zero-width box of a one-glyph object hides it."""
    alone = list(_lines_of_first_page(text_pdf(["本年收入合", "计", "类"]), recover=False).values())
    assert alone == (["本年收入合", "计", "类"] if _system_font_draws("计") else ["本年收入合"])


def test_recovered_glyph_sits_where_it_is_printed():
    pdf = pdfium.PdfDocument(text_pdf(["类"]))
    reader = DroppedGlyphReader(pdf)
    try:
        (char,) = read_page(pdf[0], 1, DEFAULT_SETTINGS, reader).chars
    finally:
        reader.close()
        pdf.close()
    assert (char.text, round(char.x0)) == ("类", round(LEFT))


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_one_glyph_text_is_read_on_a_page_shown_upright_by_rotate(rotation):
    lines = _lines_of_first_page(rotated_pdf(text_pdf(["本年收入合", "计"]), rotation), recover=True)
    assert list(lines.values()) == ["本年收入合", "计"]


def test_one_glyph_text_is_read_where_pdfminers_own_parser_must_tokenize_the_page():
    data = text_with_inline_image_pdf(["本年收入合", "计"])
    with pdfplumber.open(io.BytesIO(data)) as plumber:
        page = plumber.pages[0].page_obj
        assert content_objects([stream_value(s).get_data() for s in list_value(page.contents)]) is None
    assert list(_lines_of_first_page(data, recover=True).values()) == ["本年收入合", "计"]


def test_recovered_glyphs_are_exactly_pdfplumbers_characters_where_the_runs_print():
    """The fast reading (chars-only device, own tokenizer) loses nothing pdfplumber sees."""
    data = build("province_education_budget")[0]
    pdf = pdfium.PdfDocument(data)
    reader = DroppedGlyphReader(pdf)
    asked: dict[int, list] = {}

    def recover(page_number, runs):
        asked[page_number] = runs
        return reader(page_number, runs)

    try:
        recovered = {i + 1: read_page(pdf[i], i + 1, DEFAULT_SETTINGS, recover).chars for i in range(len(pdf))}
    finally:
        reader.close()
        pdf.close()
    seen = 0
    with pdfplumber.open(io.BytesIO(data)) as plumber:
        for page_number, runs in asked.items():
            expected = [(c["text"], c["x0"], c["top"], c["x1"], c["bottom"], round(c["size"], 2), c["fontname"])
                        for c in plumber.pages[page_number - 1].chars
                        if c["text"].strip() and any(r.holds(c["x0"], c["top"], c["bottom"]) for r in runs)]
            got = [(c.text, c.x0, c.top, c.x1, c.bottom, c.size, c.fontname)
                   for c in recovered[page_number] if c.run == 0]
            assert got == expected
            seen += len(got)
    assert seen == (0 if _system_font_draws("计") else 21)  # with a system font pdfium's text page drops nothing


@pytest.mark.parametrize("variant", ["type0", "type0_no_tounicode", "type0_no_map", "type0_cid_text"])
def test_a_composite_font_without_a_map_reads_as_unmapped_glyphs_never_as_raw_codes(tmp_path, variant):
    """Type0 fonts without ToUnicode give pdfium raw CIDs (control codes, Latin, even digits
    and hanzi that spell plausible text); pdfium flags them and they read as U+FFFD."""
    from testkit.corpus import CORPUS
    from testkit.stress.composite import convert
    from testkit.stress.pages import copy_pages

    def chars(path):
        pdf = pdfium.PdfDocument(str(path))
        try:
            return [c.text for c in read_page(pdf[0], 1, DEFAULT_SETTINGS).chars]
        finally:
            pdf.close()

    clean = chars(copy_pages(CORPUS / "002-reportlab.pdf", tmp_path / "clean.pdf", [4]))
    read = chars(convert(CORPUS / "002-reportlab.pdf", tmp_path / "damaged.pdf", [4], variant=variant))
    assert len(read) == len(clean) > 100
    if variant == "type0":  # a well-formed composite font reads as the simple one did
        assert read == clean
    else:
        assert set(read) == {"\ufffd"}
