"""``govbudget add``: refusals before anything is archived, and documents the parser cannot
read archived with the reason in the run (the year-pair end to end is in
tests/changes/test_added_pdfs.py)."""

from __future__ import annotations

import pytest

from govbudget import storage
from govbudget.cli import main

BROKEN_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n"  # a PDF header, no document behind it


@pytest.fixture
def location(tmp_path) -> str:
    return str(tmp_path / "archive")


def _nothing_archived(location: str) -> bool:
    return storage.open_archive(location).run_ids() == []


def missing(folder):
    return folder / "missing.pdf"


def not_a_pdf(folder):
    (folder / "notes.pdf").write_bytes(b"not a pdf, whatever its name says")
    return folder / "notes.pdf"


def without_pdfs(folder):
    (folder / "empty").mkdir()
    (folder / "empty" / "notes.txt").write_text("no PDF here", encoding="utf-8")
    return folder / "empty"


@pytest.mark.parametrize(
    "setup, reason",
    [(missing, "no such file or directory"), (not_a_pdf, "not a PDF"), (without_pdfs, "no PDF files found")],
    ids=["missing", "not-a-pdf", "no-pdfs"],
)
def test_bad_input_is_refused_in_one_line_before_anything_is_archived(tmp_path, location, capsys, setup, reason):
    assert main(["add", str(setup(tmp_path)), "--archive", location]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and reason in err[0] and "Traceback" not in err[0]
    assert _nothing_archived(location)


def test_one_source_url_cannot_name_several_documents(tmp_path, location, capsys):
    for name in ("a.pdf", "b.pdf"):
        (tmp_path / name).write_bytes(BROKEN_PDF + name.encode())
    assert main(["add", str(tmp_path / "a.pdf"), str(tmp_path / "b.pdf"), "--source-url", "http://127.0.0.1/x.pdf", "--archive", location]) == 2
    assert "--source-url" in capsys.readouterr().err
    assert _nothing_archived(location)


def test_a_pdf_the_parser_cannot_read_is_archived_and_listed_as_failed(tmp_path, location, capsys):
    folder = tmp_path / "downloads" / "2025"
    folder.mkdir(parents=True)
    (folder / "单位预算.PDF").write_bytes(BROKEN_PDF)
    (folder / "readme.txt").write_text("not searched", encoding="utf-8")
    assert main(["add", str(tmp_path / "downloads"), "--archive", location, "--workers", "1"]) == 1
    err = capsys.readouterr().err
    assert "单位预算.PDF" in err
    archive = storage.open_archive(location)
    manifest = archive.manifest()
    (failure,) = manifest["failures"]
    assert failure["subject"] == (folder / "单位预算.PDF").resolve().as_uri() and failure["reason"].startswith("not parsed")
    assert manifest["counts"]["originals_new"] == 1 and archive.catalog() == []  # the bytes are kept, no data claimed


def test_publisher_is_recorded_and_names_documents_that_print_none(tmp_path, location):
    from govbudget.storage.add import _with_publisher
    from tests.storage.truth_results import truth_result

    (tmp_path / "a.pdf").write_bytes(BROKEN_PDF)
    main(["add", str(tmp_path / "a.pdf"), "--archive", location, "--publisher", "阳泉市某中心", "--workers", "1"])
    archive = storage.open_archive(location)
    (sha,) = [o["sha256"] for o in archive.manifest()["originals_added"]]
    assert archive.get_provenance(sha)["classification"]["publisher"] == "阳泉市某中心"
    printed = truth_result("000")
    unnamed = printed.model_copy(update={"document": printed.document.model_copy(update={"publisher": None})})
    assert _with_publisher(unnamed, "阳泉市某中心").document.publisher == "阳泉市某中心"
    assert _with_publisher(printed, "阳泉市某中心").document.publisher == "阳泉市12315投诉举报中心"  # the document's own name wins
