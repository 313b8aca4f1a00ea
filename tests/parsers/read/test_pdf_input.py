"""open_pdf accepts PDFs and refuses everything else with a one-line reason."""

from pathlib import Path

import pytest

from govbudget.errors import InputError
from govbudget.parsers.limits import Limits
from govbudget.parsers.read.pdf_input import open_pdf
from tests.parsers.pdf_builders import encrypted_pdf, text_pdf

from testkit.corpus import CORPUS  # noqa: E402


def test_opens_a_corpus_pdf_from_its_path():
    pdf, data = open_pdf(CORPUS / "002-office.pdf")
    assert len(pdf) == 15
    assert data[:5] == b"%PDF-"


def test_refuses_html_saved_as_pdf():
    with pytest.raises(InputError) as err:
        open_pdf(b"<html><body>404</body></html>", "report.pdf")
    assert str(err.value) == "report.pdf: not a PDF (starts with b'<html')"


def test_refuses_an_empty_file(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty: 0 bytes"):
        open_pdf(empty)


def test_refuses_a_truncated_download():
    data = (CORPUS / "002-office.pdf").read_bytes()
    with pytest.raises(InputError, match=r"^cut\.pdf: truncated"):
        open_pdf(data[: len(data) // 2], "cut.pdf")


def test_refuses_an_encrypted_pdf():
    with pytest.raises(InputError, match="encrypted: password required"):
        open_pdf(encrypted_pdf(), "locked.pdf")


def test_opens_a_pdf_restricted_only_by_an_owner_password():
    pdf, _ = open_pdf(encrypted_pdf(user_password=""), "restricted.pdf")
    assert pdf[0].get_textpage().get_text_range() == "加密"


def test_refuses_a_file_over_the_byte_limit():
    with pytest.raises(InputError, match=r"too large: \d+ bytes \(limit 100, GOVBUDGET_MAX_BYTES\)"):
        open_pdf(text_pdf(["一行"]), "big.pdf", Limits(max_bytes=100))


def test_refuses_a_document_over_the_page_limit():
    with pytest.raises(InputError, match=r"too large: 15 pages \(limit 10, GOVBUDGET_MAX_PAGES\)"):
        open_pdf(CORPUS / "002-office.pdf", limits=Limits(max_pages=10))


def test_names_a_missing_file():
    with pytest.raises(InputError, match="nothere.pdf: cannot read file"):
        open_pdf("nothere.pdf")
