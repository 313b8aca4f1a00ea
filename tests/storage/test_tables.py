"""Delta table handles: a run's log reads do not grow with the number of versions a table has."""

from __future__ import annotations

import pytest

from govbudget import storage
from tests.storage.truth_results import truth_result


@pytest.fixture
def s3_archive(s3_server, aws_env, monkeypatch, tmp_path):
    monkeypatch.setenv("AWS_ENDPOINT_URL", s3_server.endpoint_url)
    monkeypatch.setenv("GOVBUDGET_SPOOL", str(tmp_path / "spool"))
    return storage.open_archive(f"s3://{s3_server.new_bucket()}/gb", backoff_seconds=0.01)


def reparsed(name: str, value: str):
    result = truth_result(name).model_copy(deep=True)
    result.tables[0].rows[0].values = {k: value for k in result.tables[0].rows[0].values}
    return result


def log_requests(server) -> dict[str, int]:
    return {kind: count for kind, count in server.kinds().items() if kind.endswith(" log")}


def test_a_runs_log_requests_stay_the_same_however_many_versions_the_tables_have(s3_archive, s3_server):
    per_run = []
    for n in range(6):  # every run replaces the document in every table: one more version each
        s3_server.server.clear()
        with s3_archive.run(f"run-{n}"):
            s3_archive.put_parse(reparsed("002", f"{n}.00"))
        per_run.append(log_requests(s3_server.server))
    assert s3_archive.tables.version("line_items") == 5
    # From the third run on (the first creates the tables, the second finds them) a run's log
    # requests are the same at version 2 and version 5: the log is not replayed per open.
    assert per_run[2] == per_run[-1]
    written = s3_archive.manifest("run-5")["table_versions"]
    entries_read = {path.split("/tables/")[1] for op, path in s3_server.server.paths
                    if op == "GET" and "/_delta_log/" in path and path.endswith(".json")}
    assert entries_read == {f"{name}/_delta_log/{version:020d}.json" for name, version in written.items()}  # only its own commits


def test_another_writers_commits_are_seen_by_an_open_handle(s3_archive, s3_server):
    with s3_archive.run("mine"):
        s3_archive.put_parse(truth_result("002"))
    other = storage.open_archive(s3_archive.location, backoff_seconds=0.01)
    with other.run("theirs"):
        other.put_parse(truth_result("004"))
    ids = {e["doc_id"] for e in s3_archive.catalog()}
    assert ids == {truth_result("002").document.doc_id, truth_result("004").document.doc_id}
    assert s3_archive.tables.version("documents") == other.tables.version("documents")
