"""The Python API: same behaviour as the CLI, batches that survive bad files."""

import hashlib

import pytest

from govbudget.errors import InputError
from govbudget.parsers.api import parse_many, parse_pdf
from testkit.truth_tables import CORPUS

GOOD = CORPUS / "002-office.pdf"


def test_parse_pdf_accepts_bytes_and_names_them():
    data = GOOD.read_bytes()
    result = parse_pdf(data, name="upload.pdf")
    assert (result.document.doc_id, result.document.source_file) == (hashlib.sha256(data).hexdigest(), "upload.pdf")


def test_parse_pdf_refuses_non_pdf_with_the_reason():
    with pytest.raises(InputError) as error:
        parse_pdf(b"PK\x03\x04 not a pdf", name="budget.xlsx")
    assert (error.value.subject, error.value.reason) == ("budget.xlsx", "not a PDF (starts with b'PK\\x03\\x04 ')")


def test_parse_pdf_rejects_unknown_ocr_mode():
    with pytest.raises(ValueError, match="ocr must be one of"):
        parse_pdf(GOOD, ocr="sometimes")


def test_parse_many_reports_every_file_and_keeps_going(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n")
    outcomes = {o.file: o for o in parse_many([broken, GOOD], workers=2)}
    assert (outcomes[str(broken)].ok, outcomes[str(GOOD)].ok) == (False, True)
    assert outcomes[str(broken)].error == "truncated: no %%EOF trailer at the end of the file"
    assert outcomes[str(GOOD)].result.document.publisher == "固原市“12345”便民服务中心"


def test_failed_outcome_contract_names_the_file_and_reason(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    [outcome] = parse_many([empty])
    assert outcome.to_contract() == {
        "file": str(empty), "ok": False, "error": "empty: 0 bytes", "document": None, "tables": [],
        "performance_targets": [], "facts": [], "checks": [], "warnings": [],
    }
