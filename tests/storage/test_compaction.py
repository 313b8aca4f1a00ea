"""Compaction: small files merged without losing --as-of; vacuum only frees what no retained run reads."""

from __future__ import annotations

import json

import pytest

from govbudget.errors import StorageError
from govbudget.storage import compaction
from govbudget.storage.pull import load
from tests.storage.helpers import run_cli
from tests.storage.truth_results import truth_result

NAMES = ("000", "000-2024", "002", "003")


def data_files(archive, table: str) -> int:
    return len(archive.tables.open(table).file_uris())


def changed(name: str, value: str):
    result = truth_result(name).model_copy(deep=True)
    result.tables[0].rows[0].values = {k: value for k in result.tables[0].rows[0].values}
    return result


def test_runs_crossing_the_threshold_compact_and_old_runs_still_read_the_same(archive, monkeypatch):
    monkeypatch.setattr(compaction, "AUTO_COMPACT_EVERY", 3)
    as_they_were = {}
    for n, name in enumerate(NAMES):
        with archive.run(f"run-{n}"):
            archive.put_parse(truth_result(name))
        as_they_were[f"run-{n}"] = load(archive, all_editions=True)
    compacted = [archive.manifest(f"run-{n}")["tables_compacted"] for n in range(len(NAMES))]
    assert compacted[:3] == [[], [], []]  # versions 0, 1, 2
    assert "line_items" in compacted[3]  # version 3 crossed a multiple of 3
    partitions = {uri.rsplit("/", 2)[0] for uri in archive.tables.open("line_items").file_uris()}
    assert data_files(archive, "line_items") < 4 * len(partitions)  # merged, not one file per run per partition
    for run_id, rows in as_they_were.items():
        assert load(archive, all_editions=True, as_of=run_id).sort_by("doc_id").equals(rows.sort_by("doc_id"))


def test_compact_command_merges_files_and_keeps_every_version_readable(archive, archive_location, capsys):
    for n, name in enumerate(NAMES):
        with archive.run(f"run-{n}"):
            archive.put_parse(truth_result(name))
    before = data_files(archive, "line_items")
    assert run_cli(["compact-archive", "--archive", archive_location]) == 0
    assert "line_items:" in capsys.readouterr().out
    assert data_files(archive, "line_items") < before
    assert load(archive, as_of="run-0").num_rows == load(archive, all_editions=True, as_of="run-0").num_rows > 0


def test_vacuum_keeps_runs_within_retention_and_names_the_ones_it_could_not(archive):
    with archive.run("old"):
        archive.put_parse(truth_result("002"))
    with archive.run("recent"):
        archive.put_parse(changed("002", "1.00"))
    with archive.run("latest"):
        archive.put_parse(changed("002", "2.00"))
    recent = load(archive, as_of="recent")
    manifest = archive.manifest("old")
    manifest["finished_at"] = "2001-01-01T00:00:00.000+00:00"  # as if it ran long ago
    archive.store.put("runs/old/manifest.json", json.dumps(manifest).encode())
    removed = compaction.vacuum(archive, ["line_items"], retain_days=0.01)  # a quarter of an hour: "recent" is in
    assert removed["line_items"] and all(not archive.store.exists(f"tables/line_items/{path}") for path in removed["line_items"])
    assert load(archive, as_of="recent").equals(recent)
    with pytest.raises(StorageError, match="no longer readable"):
        load(archive, as_of="2001-01-01")


def test_vacuum_command_keeps_every_recent_run(archive, archive_location):
    with archive.run("one"):
        archive.put_parse(truth_result("002"))
    with archive.run("two"):
        archive.put_parse(changed("002", "1.00"))
    one = load(archive, as_of="one")
    assert run_cli(["compact-archive", "--archive", archive_location, "--vacuum"]) == 0
    assert load(archive, as_of="one").equals(one)


def test_retain_days_needs_vacuum(archive_location):
    from govbudget.cli import main

    assert main(["compact-archive", "--archive", archive_location, "--retain-days", "3"]) == 2


def test_compaction_clusters_by_publisher_only_the_partitions_that_gained_files(archive):
    for n, name in enumerate(("004", "002", "000")):  # three files in each 2025 partition, publishers out of order
        with archive.run(f"run-{n}"):
            archive.put_parse(truth_result(name))
    with archive.run("run-2024"):
        archive.put_parse(truth_result("003"))  # one file in each 2024 partition
    before = set(archive.tables.open("line_items").file_uris())
    metrics = compaction.optimize(archive, ["line_items"])["line_items"]
    after = set(archive.tables.open("line_items").file_uris())
    assert metrics["partitionsClustered"] > 0 and metrics["numFilesRemoved"] >= 2 * metrics["partitionsClustered"]
    assert {u for u in before if "fiscal_year=2024" in u} <= after  # untouched: nothing new to cluster
    dataset = archive.tables.dataset("line_items", partitions={"table_kind": ["expenditure_summary"], "fiscal_year": [2025]})
    assert len(dataset.files) == 1
    publishers = dataset.to_table(columns=["publisher"]).column("publisher").to_pylist()
    assert publishers == sorted(publishers) and len(set(publishers)) == 3
    assert load(archive, as_of="run-0").num_rows == len(truth_result("004").line_items())  # history untouched
