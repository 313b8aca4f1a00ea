"""Checks on downloaded bytes, and PDFs unpacked from zips."""

import io
import zipfile

from govbudget.spiders.files import ZipLimits, member_name, pdfs_in_zip, rejection_reason
from tests.spiders.conftest import CORPUS

PDF = (CORPUS / "002-office.pdf").read_bytes()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_complete_pdf_is_accepted():
    assert rejection_reason(PDF, "a.pdf", "application/pdf") is None


def test_html_served_as_pdf_is_rejected():
    assert rejection_reason(b"<!DOCTYPE html><html><body>" + b"x" * 2000, "a.pdf", "application/pdf") == "HTML page served as .pdf"


def test_truncated_pdf_is_rejected():
    assert rejection_reason(PDF[: len(PDF) // 2], "a.pdf", "application/pdf") == "truncated PDF (no %%EOF trailer)"


def test_pdf_name_without_pdf_bytes_is_rejected():
    assert rejection_reason(b"\x00" * 5000, "a.pdf", None) == "not a PDF (no %PDF- header)"


def test_tiny_non_pdf_is_dropped():
    assert rejection_reason(b"x" * 999, "a.xls", None) == "only 999 bytes and not a PDF"


def test_small_pdf_is_not_dropped_for_its_size():
    assert rejection_reason(b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n", "a.pdf", None) is None


def test_spreadsheet_is_accepted():
    assert rejection_reason(_zip({"xl/workbook.xml": b"<workbook/>" * 200}), "a.xlsx", None) is None


def test_pdfs_are_extracted_from_a_zip():
    found, _ = pdfs_in_zip(_zip({"预算.pdf": PDF, "说明.txt": b"readme"}))
    assert [(name, data == PDF) for name, data in found] == [("预算.pdf", True)]


def test_members_over_the_size_limit_are_skipped_with_a_reason():
    _, skipped = pdfs_in_zip(_zip({"big.pdf": PDF}), ZipLimits(max_member_bytes=1000))
    assert skipped == [f"big.pdf: {len(PDF)} bytes exceeds the zip size limit"]


def test_gbk_member_names_without_the_utf8_flag_are_decoded():
    info = zipfile.ZipInfo("预算.pdf".encode("gbk").decode("cp437"))
    assert member_name(info) == "预算.pdf"
