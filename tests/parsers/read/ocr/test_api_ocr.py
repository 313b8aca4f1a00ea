"""OCR through the parser's API and CLI: scanned pages give records marked ``ocr`` with
confidences, repaired digits keep their reading, and doubtful tables fail a check."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from govbudget.schema import RecordSource
from govbudget.parsers.api import Outcome, interpret, parse_pdf
from govbudget.parsers.cli import summary
from govbudget.parsers.checks.ocr_header import unresolved_headers
from govbudget.parsers.page_model import RawExtraction
from govbudget.parsers.interpret.table_records import build_table
from tests.parsers.read.ocr.conftest import SCANNED
from testkit.truth_tables import raw_table, truth_table

ROOT = Path(__file__).resolve().parents[4]
SUMMARY_PAGE = SCANNED[0]  # 000-office p.4: the 收支总表, a ruled two-sided grid


@pytest.fixture(scope="module")
def scanned_summary(scans) -> Path:
    return scans[SUMMARY_PAGE]


@pytest.fixture(scope="module")
def ocr_result(scanned_summary):
    return parse_pdf(scanned_summary, ocr="auto")


def _row(table, label):
    return next(row for row in table.rows if row.label == label)


def test_auto_reads_the_scanned_table_by_ocr(ocr_result):
    [table] = ocr_result.tables
    assert (table.source, table.kind, table.title) == ("ocr", "budget_summary", "2025年预算收支总表")
    assert _row(table, "一、一般公共服务支出").values == {"total": "144.20", "current_year": "144.20"}


def test_ocr_rows_carry_each_figures_confidence(ocr_result):
    [table] = ocr_result.tables
    row = _row(table, "一、一般公共服务支出")
    assert set(row.confidence) == {"total", "current_year"}
    assert all(0.5 <= c <= 1.0 for c in row.confidence.values())


def test_line_items_from_ocr_say_so(ocr_result):
    items = [i for i in ocr_result.line_items() if i.label == "一、一般公共预算"]
    assert [(i.source, i.value_text) for i in items] == [("ocr", "194.63")]
    assert items[0].confidence is not None


def test_document_lists_the_ocr_page_and_its_missing_text_layer(ocr_result):
    assert ocr_result.document.ocr_pages == [1]
    assert ocr_result.document.pages_without_text == [1]
    assert "pages read by OCR: 1" in ocr_result.warnings


def test_never_reports_the_page_and_reads_no_table(scanned_summary):
    result = parse_pdf(scanned_summary, ocr="never")
    assert result.document.pages_without_text == [1]
    assert result.document.ocr_pages == []
    assert result.tables == []


def test_cli_passes_the_ocr_mode(scanned_summary):
    done = subprocess.run(
        [sys.executable, "-m", "govbudget", "parse", "--json", "--ocr", "never", str(scanned_summary)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)["document"]
    assert (document["pages_without_text"], document["ocr_pages"]) == ([1], [])


def test_summary_names_the_ocr_pages(ocr_result):
    assert "  pages read by OCR: 1" in summary(Outcome("scan.pdf", result=ocr_result)).splitlines()


# The 支出总表 of 000 as OCR would hand it over: wiring of repairs and checks in ``interpret``.


def _ocr_extraction(edits: dict[tuple[int, int], str] | None = None) -> RawExtraction:
    raw = raw_table(truth_table("000", "t02"))
    raw.source = "ocr"
    for row in raw.rows:
        for cell in row:
            cell.confidence = 0.99
    for (r, c), text in (edits or {}).items():
        raw.rows[r][c].text = text
    return RawExtraction(page_count=1, lines=[], tables=[raw], pages_without_text=[1], page_sources={1: "ocr"})


def test_interpret_repairs_a_misread_digit_and_keeps_the_reading():
    result = interpret(_ocr_extraction({(11, 2): "8.44"}), "doc")  # 事业单位离退休 6.44 read as 8.44
    row = next(r for r in result.tables[0].rows if r.code == "2080502")
    assert (row.values["total"], row.ocr_readings) == ("6.44", {"total": "8.44"})
    assert any(w.startswith("OCR read '8.44'") and "corrected to '6.44'" in w for w in result.warnings)
    assert all(c.passed for c in result.checks)


def test_interpret_fails_a_low_confidence_figure_no_sum_covers():
    extraction = _ocr_extraction()
    raw = extraction.tables[0]
    raw.rows, raw.row_pages = [row[:3] for row in raw.rows[:3]], raw.row_pages[:3]
    raw.merges = []  # header and 合计 row, 合计 column only: no sum vouches for its 194.63
    raw.rows[2][2].confidence = 0.6
    result = interpret(extraction, "doc")
    assert [c.check_id for c in result.checks if not c.passed] == ["t00.合计.total.ocr_confidence"]
    assert (
        "  FAILED t00.合计.total.ocr_confidence: OCR reading '194.63' has confidence 0.60 and no identity confirms it"
        in summary(Outcome("scan.pdf", result=result))
    )


def test_misread_header_fails_a_check():
    raw = _ocr_extraction({(1, 3): "基本支山"}).tables[0]  # 基本支出 misread
    [check] = unresolved_headers([raw], [build_table(raw, "t00")])
    assert (check.check_id, check.passed) == ("t00.ocr_header_unresolved", False)
    assert "column(s) 4" in check.description


def test_resolved_ocr_header_adds_no_check():
    raw = _ocr_extraction().tables[0]
    assert unresolved_headers([raw], [build_table(raw, "t00")]) == []


def test_text_layer_header_is_not_second_guessed():
    raw = _ocr_extraction({(1, 3): "基本支山"}).tables[0]
    raw.source = "text"
    table = build_table(raw, "t00")
    assert table.source == RecordSource.text
    assert unresolved_headers([raw], [table]) == []
