"""Scanned renderings of corpus pages, made and OCR'd once per test session.

OCR costs about a second or two per page, so the whole area shares three pages:
the 收支总表 and 支出总表 of 000-office (ruled grids) and a three-line table page
of 003-reportlab, each a 150 dpi grayscale scan with skew and noise; and for
stitching, the first two pages of a performance self-assessment of 003-office
that runs over a page break.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from govbudget.parsers.read.ocr.page import ocr_page
from testkit.scans import ScanStyle, scan_pdf
from govbudget.parsers.page_model import PageContent

from testkit.corpus import CORPUS  # noqa: E402


@dataclass(frozen=True)
class ScannedPage:
    source: str  # corpus file
    page: int  # 1-based page in the source
    skew: float
    table_ids: tuple[str, ...]  # truth tables printed on that page


SCANNED = (
    ScannedPage("000-office.pdf", 4, 0.6, ("t00",)),
    ScannedPage("000-office.pdf", 7, -0.4, ("t02",)),
    ScannedPage("003-reportlab.pdf", 7, 0.8, ("t04",)),
)

# 003-office pp.18–19: a 自评表 whose grid runs on, untitled, onto the next page
CONTINUED = (
    ScannedPage("003-office.pdf", 18, 0.5, ()),
    ScannedPage("003-office.pdf", 19, -0.45, ()),
)


def scan(s: ScannedPage, folder: Path) -> Path:
    return scan_pdf(CORPUS / s.source, [s.page], folder / f"{s.source}-{s.page}.pdf", ScanStyle(skew_degrees=s.skew, seed=s.page))


def read_scan(s: ScannedPage, path: Path) -> PageContent:
    pdf = pdfium.PdfDocument(str(path))
    try:
        return ocr_page(pdf[0], s.page)
    finally:
        pdf.close()


@pytest.fixture(scope="session")
def scans(tmp_path_factory) -> dict[ScannedPage, Path]:
    folder = tmp_path_factory.mktemp("scans")
    return {s: scan(s, folder) for s in SCANNED}


@pytest.fixture(scope="session")
def ocr_results(scans) -> dict[ScannedPage, PageContent]:
    return {s: read_scan(s, path) for s, path in scans.items()}


@pytest.fixture(scope="session")
def continued_pages(tmp_path_factory) -> list[PageContent]:
    """OCR'd contents of :data:`CONTINUED`, in page order."""
    folder = tmp_path_factory.mktemp("continued")
    return [read_scan(s, scan(s, folder)) for s in CONTINUED]


def truth_table(source: str, table_id: str) -> dict:
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    entry = next(d for d in manifest["documents"] if d["file"] == source)
    truth = json.loads((CORPUS / entry["truth"]).read_text(encoding="utf-8"))
    return next(b for b in truth["blocks"] if b.get("id") == table_id)
