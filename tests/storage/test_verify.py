"""The consistency check finds what a crash could leave behind, if the archive ever allowed it."""

from __future__ import annotations

from govbudget.storage.verify import verify
from tests.storage.helpers import corpus_pdf, corpus_raw, run_cli
from tests.storage.truth_results import truth_result


def test_a_healthy_archive_has_no_problems(archive):
    with archive.run():
        archive.put_original(corpus_pdf("004-office.pdf"), corpus_raw("004-office.pdf"))
        archive.put_parse(truth_result("004"))
    assert verify(archive) == []


def test_truncated_original_and_json_are_found(archive):
    ref = archive.put_original(corpus_pdf("004-office.pdf"), corpus_raw("004-office.pdf"))
    archive.store.put(ref.key, corpus_pdf("004-office.pdf")[:1000])  # what a non-atomic write would leave
    archive.store.put(f"catalog/documents/{'e' * 64}.json", b'{"doc_id": "ee')
    problems = verify(archive)
    assert f"{ref.key}: content does not hash to its key" in problems
    assert f"catalog/documents/{'e' * 64}.json: not complete JSON" in problems


def test_dangling_pointers_are_found(archive):
    with archive.run("r1"):
        archive.put_parse(truth_result("004"))
    entry = archive.catalog()[0]
    archive.store.put("runs/r2/manifest.json", b'{"run_id": "r2", "snapshot": {"x": ["datasets/line_items/gone.parquet"]}}')
    problems = verify(archive)
    assert problems == ["run r2: names missing datasets/line_items/gone.parquet"]
    assert entry["dataset_files"]


def test_verify_command_exits_nonzero_on_problems(archive, archive_location, capsys):
    archive.put_parse(truth_result("004"))
    assert run_cli(["verify-archive", "--archive", archive_location]) == 0
    archive.store.put("parsed/x/0.1.0/result.json", b"{")
    assert run_cli(["verify-archive", "--archive", archive_location]) == 1
    assert "parsed/x/0.1.0/result.json: not complete JSON" in capsys.readouterr().out
