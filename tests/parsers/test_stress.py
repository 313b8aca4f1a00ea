"""No silent failure on damaged PDFs (testkit/stress): right figures, or the page named with a reason.

Every registered stress class rewrites a sample of a corpus PDF; the damaged file is
parsed with the default ``--ocr auto`` and compared with the same pages of the clean
file. Classes read from the text layer (look-alike radicals, turned pages, a well-formed
composite font) must give
every figure exactly; classes that need OCR must lose nothing untold: each missing
or invented cell lies on a page a failing check or a doubting warning names.
OCR costs seconds a page, so tests take one small sample per class (benchmarks/stress.py
takes them all).
"""

from __future__ import annotations

import pytest

from govbudget.parsers.api import parse_pdf
from testkit.corpus import CORPUS
from testkit.stress.classes import CLASSES
from testkit.stress.pages import copy_pages
from testkit.stress.score import score

# classes whose damage the text layer itself survives: read exactly, no OCR
EXACT = {"text_radicals", "type0"} | {name for name, stress in CLASSES.items() if stress.family == "turned page"}
OCR_PAGES = 2  # pages of a sample kept for classes that go to OCR


def _sample(name: str) -> tuple[str, list[int]]:
    file, pages = next(iter(CLASSES[name].samples.items()))
    return file, pages if name in EXACT else pages[:OCR_PAGES]


@pytest.fixture(scope="session")
def stressed(tmp_path_factory):
    """``stressed(class name)`` → (clean ParseResult, damaged ParseResult), made once a session."""
    made: dict[str, tuple] = {}

    def make(name: str):
        if name not in made:
            folder = tmp_path_factory.mktemp(name)
            file, pages = _sample(name)
            clean = parse_pdf(copy_pages(CORPUS / file, folder / "clean.pdf", pages))
            damaged = parse_pdf(CLASSES[name].generate(CORPUS / file, folder / "damaged.pdf", pages))
            made[name] = (clean, damaged)
        return made[name]

    return make


@pytest.mark.parametrize("name", sorted(EXACT))
def test_text_layer_classes_read_every_figure_exactly(stressed, name):
    clean, damaged = stressed(name)
    result = score(clean, damaged)
    assert result.reference > 0
    assert (result.recall, result.precision) == (1.0, 1.0)
    assert damaged.document.ocr_pages == []


@pytest.mark.parametrize("name", ["turned_ccw", "turned_cw", "turned_180"])
def test_a_turned_page_without_rotate_is_named(stressed, name):
    _, damaged = stressed(name)
    assert any(w.startswith("turned page") and "read in the printed direction" in w for w in damaged.warnings)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(set(CLASSES) - EXACT))
def test_unreadable_text_layers_lose_no_figure_untold(stressed, name):
    clean, damaged = stressed(name)
    result = score(clean, damaged)
    assert result.reference > 0
    assert result.untold == []
    assert damaged.document.ocr_pages, "an unreadable text layer must go to OCR under --ocr auto"
    assert any(w.startswith("unreadable text layer") and "read by OCR" in w for w in damaged.warnings)


def test_an_unreadable_text_layer_with_ocr_off_is_dropped_and_named(tmp_path):
    """Its figures would be invented: none are kept, and the warning says the page was not read."""
    file, pages = _sample("text_digits")
    damaged = CLASSES["text_digits"].generate(CORPUS / file, tmp_path / "digits.pdf", pages)
    result = parse_pdf(damaged, ocr="never")
    assert all(table.empty for table in result.tables)
    assert any("unreadable text layer (digits do not read as years or subject codes)" in w and "not read" in w
               for w in result.warnings)


@pytest.mark.parametrize("name", sorted(n for n, s in CLASSES.items() if s.family == "composite font" and n not in EXACT))
def test_a_composite_font_without_a_map_is_named_not_guessed(tmp_path, name):
    """Raw CIDs can spell plausible text (type0_cid_text: right years and codes, wrong
    figures); pdfium knows the map is missing, so with OCR off every page is dropped and named."""
    file, pages = _sample(name)
    damaged = CLASSES[name].generate(CORPUS / file, tmp_path / "damaged.pdf", pages)
    result = parse_pdf(damaged, ocr="never")
    assert all(table.empty for table in result.tables)
    assert any(w.startswith("unreadable text layer (unmapped glyphs)") and "not read" in w for w in result.warnings)
