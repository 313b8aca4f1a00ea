"""The archive contract, run unchanged against a local directory and S3 over HTTP."""

from __future__ import annotations

import hashlib
import io

import pyarrow.compute as pc
import pyarrow.dataset as ds
import pytest

from govbudget import storage
from govbudget.errors import StorageError
from govbudget.schema.datasets import DATASETS
from govbudget.storage.pull import load
from tests.storage.helpers import corpus_pdf, corpus_raw, raw_for
from tests.storage.truth_results import truth_result


def test_open_archive_gives_an_archive_for_its_location(archive, archive_location):
    assert isinstance(archive, storage.Archive)
    assert archive.location == archive_location


def test_archive_location_defaults_to_the_environment(archive_location, monkeypatch):
    monkeypatch.setenv("GOVBUDGET_ARCHIVE", archive_location)
    assert storage.open_archive().location == archive_location
    monkeypatch.delenv("GOVBUDGET_ARCHIVE")
    assert storage.resolve_location() == "./archive"


def test_original_is_stored_under_its_sha256(archive):
    data = corpus_pdf("000-office.pdf")
    ref = archive.put_original(data, corpus_raw("000-office.pdf"))
    sha = hashlib.sha256(data).hexdigest()
    assert ref.sha256 == sha
    assert ref.key == f"originals/sha256/{sha[:2]}/{sha}.pdf"
    assert ref.is_new is True
    assert archive.get_original(sha) == data
    assert archive.has_original(sha)


def test_same_bytes_twice_are_stored_once(archive):
    data = corpus_pdf("002-reportlab.pdf")
    first = archive.put_original(data, corpus_raw("002-reportlab.pdf"))
    second = archive.put_original(data, corpus_raw("002-reportlab.pdf"))
    assert (first.is_new, second.is_new) == (True, False)
    originals = [k for k in archive.store.list("originals/") if k.endswith(".pdf")]
    assert originals == [first.key]


def test_sidecar_accumulates_every_sighting(archive):
    data = corpus_pdf("000-office.pdf")
    archive.put_original(data, corpus_raw("000-office.pdf", url="http://127.0.0.1/a.pdf"))
    archive.put_original(
        data,
        corpus_raw("000-office.pdf", url="http://127.0.0.1/b.pdf", portal="shanxi", fetched_at="2025-03-05T10:00:00"),
    )
    sidecar = archive.get_provenance(hashlib.sha256(data).hexdigest())
    assert sidecar["urls"] == ["http://127.0.0.1/a.pdf", "http://127.0.0.1/b.pdf"]
    assert sidecar["first_seen"] == "2025-02-01T08:00:00+00:00"
    assert sidecar["last_seen"] == "2025-03-05T10:00:00+00:00"
    assert sidecar["portals"] == ["shanxi", "yangquan"]
    assert sidecar["titles"] == ["000 disclosure"]
    assert sidecar["sightings"][0]["headers"]["Content-Type"] == "application/pdf"
    assert sidecar["classification"] == {"publisher": "阳泉市12315投诉举报中心", "fiscal_year": 2025, "kind": "budget"}


def test_original_whose_hash_disagrees_with_its_document_is_refused(archive):
    raw = raw_for(b"%PDF-1.4 other bytes", "http://127.0.0.1/x.pdf")
    with pytest.raises(StorageError, match="http://127.0.0.1/x.pdf"):
        archive.put_original(b"%PDF-1.4 these bytes", raw)


def test_unknown_original_is_a_clear_error(archive):
    with pytest.raises(StorageError, match="no such original"):
        archive.get_original("0" * 64)
    assert archive.get_provenance("0" * 64) is None


def test_parse_result_round_trips_per_parser_version(archive):
    result = truth_result("000")
    key = archive.put_parse(result)
    assert key == f"parsed/{result.document.doc_id}/{result.document.parser_version}/result.json"
    assert archive.get_parse(result.document.doc_id) == result
    assert archive.get_parse("missing") is None


def test_latest_parser_version_is_returned_by_default(archive):
    old = truth_result("002")
    new = old.model_copy(update={"document": old.document.model_copy(update={"parser_version": "0.10.0"})})
    archive.put_parse(old)
    archive.put_parse(new)
    current = old.document.parser_version  # below 0.10.0: versions compare as numbers, not text
    assert archive.parser_versions(old.document.doc_id) == [current, "0.10.0"]
    assert archive.get_parse(old.document.doc_id).document.parser_version == "0.10.0"
    assert archive.get_parse(old.document.doc_id, current).document.parser_version == current


def test_line_items_land_in_a_delta_table_partitioned_by_kind_and_year(archive):
    archive.put_original(corpus_pdf("000-office.pdf"), corpus_raw("000-office.pdf"))
    result = truth_result("000")
    archive.put_parse(result)
    archive.close()
    table = archive.tables.open("line_items")
    assert table.metadata().partition_columns == ["table_kind", "fiscal_year"]
    keys = [k for k in archive.store.list("tables/line_items/") if k.endswith(".parquet")]
    assert any(k.startswith("tables/line_items/table_kind=revenue_summary/fiscal_year=2025/") for k in keys)
    rows = table.to_pyarrow_dataset().to_table(filter=ds.field("table_kind") == "revenue_summary").to_pylist()
    total = next(r for r in rows if r["code"] == "201" and r["column_key"] == "本年收入/合计")
    assert total["value_text"] == "144.20"
    assert str(total["value_yuan"]) == "1442000.0000"
    assert total["doc_id"] == result.document.doc_id
    assert total["source_url"] == "http://127.0.0.1/yq/attach/000-office.pdf"
    assert total["page"] == 6
    assert (total["edition"], total["is_current"]) == (1, True)


def test_every_record_type_is_its_own_table(archive):
    archive.put_parse(truth_result("000"))
    archive.close()
    assert set(archive.table_versions()) == {"line_items", "performance_targets", "documents"}  # no facts/checks in truth
    assert archive.tables.open("performance_targets").metadata().partition_columns == ["fiscal_year"]


def test_storing_the_same_parse_again_commits_nothing(archive):
    result = truth_result("003")
    archive.put_parse(result)
    before = archive.table_versions()
    archive.put_parse(result)
    assert archive.table_versions() == before


def test_catalog_is_one_table_with_a_row_per_document(archive):
    archive.put_parse(truth_result("000"))
    archive.put_parse(truth_result("002"))
    entries = {e["doc_id"]: e for e in archive.catalog()}
    first = entries[truth_result("000").document.doc_id]
    assert first["publisher"] == "阳泉市12315投诉举报中心"
    assert first["fiscal_year"] == 2025
    assert first["region"] == ["山西省", "阳泉市"]
    assert (first["edition"], first["is_current"]) == (1, True)
    assert first["dataset_rows"] == sum(pc.sum(pc.equal(load(archive, name)["doc_id"], first["doc_id"])).as_py() or 0 for name in DATASETS)
    assert len(entries) == 2
    assert archive.catalog(doc_ids=[first["doc_id"]]) == [first]
    assert not [k for k in archive.store.list("") if k.startswith("catalog/")]


def test_run_manifest_records_what_the_run_did_and_the_versions_it_wrote(archive):
    with archive.run("run-a"):
        archive.put_original(corpus_pdf("000-office.pdf"), corpus_raw("000-office.pdf"))
        archive.put_parse(truth_result("000"))
    manifest = archive.manifest("run-a")
    sha = truth_result("000").document.doc_id
    assert manifest["status"] == "complete"
    assert [o["sha256"] for o in manifest["originals_added"]] == [sha]
    assert manifest["documents_added"] == [sha]
    assert manifest["counts"]["originals_new"] == 1
    assert manifest["counts"]["bytes_new"] == len(corpus_pdf("000-office.pdf"))
    assert manifest["durations"]["total_seconds"] >= 0
    assert manifest["tables_written"] == manifest["table_versions"] == archive.table_versions()
    assert "snapshot" not in manifest


def test_manifest_size_does_not_grow_with_the_archive(archive):
    sizes = []
    for n, name in enumerate(("000", "000-2024", "002", "003")):
        with archive.run(f"run-{n}"):
            archive.put_parse(truth_result(name))
        sizes.append(len(archive.store.get(f"runs/run-{n}/manifest.json")))
    assert max(sizes) - min(sizes) < 200  # one document per run: the same size whatever came before


def test_second_run_replaces_the_documents_rows_and_keeps_the_first_version(archive):
    first = truth_result("000")
    with archive.run("run-1"):
        archive.put_parse(first)
    changed = first.model_copy(deep=True)
    changed.tables[1].rows[1].values["本年收入/合计"] = "999.99"
    with archive.run("run-2"):
        archive.put_parse(changed)
    one, two = archive.manifest("run-1"), archive.manifest("run-2")
    doc_id = first.document.doc_id
    assert two["documents_changed"] == [doc_id]
    assert two["previous_run"] == "run-1"
    assert two["table_versions"]["line_items"] > one["table_versions"]["line_items"]
    now, then = load(archive), load(archive, as_of="run-1")
    assert now.num_rows == then.num_rows  # replaced, not appended
    assert "999.99" in now.column("value_text").to_pylist() and "999.99" not in then.column("value_text").to_pylist()


def test_a_run_never_deletes(archive):
    with archive.run("run-1"):
        archive.put_original(corpus_pdf("002-office.pdf"), corpus_raw("002-office.pdf"))
        archive.put_parse(truth_result("002"))
    before = set(archive.store.list(""))
    changed = truth_result("002")
    changed.tables[0].rows[0].values = {k: "1.00" for k in changed.tables[0].rows[0].values}
    with archive.run("run-2"):
        archive.put_parse(changed)
    assert before <= set(archive.store.list(""))


def test_writes_outside_a_run_are_recorded_when_the_archive_closes(archive):
    archive.put_parse(truth_result("004"))
    manifest = archive.close()
    assert manifest["documents_added"] == [truth_result("004").document.doc_id]
    assert archive.manifest()["run_id"] == manifest["run_id"]


def test_named_state_round_trips(archive):
    assert archive.get_state("crawler-yangquan") is None
    archive.put_state("crawler-yangquan", b'{"seen": 3}')
    archive.put_state("crawler-yangquan", b'{"seen": 4}')
    assert archive.get_state("crawler-yangquan") == b'{"seen": 4}'


def test_state_names_cannot_escape_the_archive(archive):
    with pytest.raises(StorageError, match="invalid state name"):
        archive.put_state("../../etc/passwd", b"x")
