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
    archive.store.put(f"parsed/{'e' * 64}/0.1.0/result.json", b'{"document": {"doc_id": "ee')
    problems = verify(archive)
    assert f"{ref.key}: content does not hash to its key" in problems
    assert f"parsed/{'e' * 64}/0.1.0/result.json: not complete JSON" in problems


def test_dangling_pointers_are_found(archive):
    with archive.run("r1"):
        archive.put_parse(truth_result("004"))
    versions = archive.table_versions()
    archive.store.put("runs/r2/manifest.json", b'{"run_id": "r2", "table_versions": {"line_items": 99}}')
    (data_file,) = [k for k in archive.store.list("tables/performance_targets/") if k.endswith(".parquet")]
    archive.store.delete(data_file)  # what no code path does: a table naming a file that is gone
    assert sorted(verify(archive)) == [
        f"run r2: names version 99 of tables/line_items, which has {versions['line_items']}",
        f"tables/performance_targets: names missing file {data_file.split('/', 2)[2]}",
    ]


def test_verify_command_exits_nonzero_on_problems(archive, archive_location, capsys):
    archive.put_parse(truth_result("004"))
    assert run_cli(["verify-archive", "--archive", archive_location]) == 0
    archive.store.put("parsed/x/0.1.0/result.json", b"{")
    assert run_cli(["verify-archive", "--archive", archive_location]) == 1
    assert "parsed/x/0.1.0/result.json: not complete JSON" in capsys.readouterr().out


def test_rows_without_a_catalog_entry_and_catalogued_rows_that_are_gone_are_found(archive, archive_location, capsys):
    """What a writer killed between its dataset and catalog commits, with its intent lost, would leave; and rows lost."""
    from govbudget.schema.datasets import DATASETS, dataset_tables

    with archive.run("r1"):
        archive.put_parse(truth_result("004"))
    orphan = truth_result("002")
    for name, rows in dataset_tables(orphan, None).items():  # the dataset commits of a batch, no catalog commit
        if rows.num_rows:
            archive.tables.write(name, rows, list(DATASETS[name].partition_by))
    (kept,) = [e["doc_id"] for e in archive.catalog()]
    archive.tables.write("line_items", DATASETS["line_items"].schema.empty_table(), [], {kept})  # its rows deleted
    orphan_id = orphan.document.doc_id
    orphan_rows = {n: t.num_rows for n, t in dataset_tables(orphan, None).items() if t.num_rows}
    kept_rows = {n: t.num_rows for n, t in dataset_tables(truth_result("004"), None).items()}
    problems = verify(archive)
    assert sorted(p for p in problems if orphan_id in p) == [
        f"tables/{name}: {n} row(s) of {orphan_id} have no catalog entry" for name, n in sorted(orphan_rows.items())]
    held = {**kept_rows, "line_items": 0}
    assert [p for p in problems if kept in p] == [
        f"catalog {kept}: records {sum(kept_rows.values())} dataset row(s), the tables hold {sum(held.values())} "
        f"({', '.join(f'tables/{n} {held[n]}' for n in DATASETS)})"]
    assert len(problems) == len(orphan_rows) + 1, problems
    assert run_cli(["verify-archive", "--archive", archive_location]) == 1
    out = capsys.readouterr().out
    assert all(p in out for p in problems), out
