"""What only the S3 backend has: conditional puts, request counts, credentials kept out of messages."""

from __future__ import annotations

import io
import json
import logging
import threading

import pytest

from govbudget import storage
from govbudget import log as govlog
from govbudget.errors import ConfigError, StorageError
from govbudget.storage.pull import Selection, pull
from govbudget.storage.s3_store import S3Settings
from govbudget.storage.secrets import scrub
from tests.conftest import TEST_ACCESS_KEY, TEST_SECRET_KEY
from tests.storage.truth_results import truth_result


@pytest.fixture
def s3_archive(s3_server, aws_env, monkeypatch, tmp_path):
    monkeypatch.setenv("AWS_ENDPOINT_URL", s3_server.endpoint_url)
    monkeypatch.setenv("GOVBUDGET_SPOOL", str(tmp_path / "spool"))
    return storage.open_archive(f"s3://{s3_server.new_bucket()}/gb", backoff_seconds=0.01)


def test_location_names_bucket_and_prefix_and_defaults_to_path_style_for_custom_endpoints(s3_archive):
    assert s3_archive.location.startswith("s3://test-") and s3_archive.location.endswith("/gb")
    assert s3_archive.store.client.meta.config.s3["addressing_style"] == "path"


def test_settings_refuse_a_location_without_bucket():
    with pytest.raises(ConfigError, match="expected s3://bucket/prefix"):
        S3Settings.from_url("s3:///prefix")


def test_conditional_put_never_replaces_an_original(s3_archive):
    store = s3_archive.store
    assert store.put_if_absent("originals/x", b"first") is True
    assert store.put_if_absent("originals/x", b"second") is False
    assert store.get("originals/x") == b"first"


def test_one_kind_pull_reads_only_that_partitions_files(s3_archive, s3_server):
    with s3_archive.run("r1"):
        for name in ("000", "000-2024", "002", "004"):
            s3_archive.put_parse(truth_result(name))

    def data_reads(selection):
        s3_server.server.clear()
        pull(s3_archive, selection)
        return [path for op, path in s3_server.server.paths if op == "GET" and path.endswith(".parquet")]

    one_kind, everything = data_reads(Selection(table_kinds=("three_public",))), data_reads(Selection())
    assert one_kind and all("/tables/line_items/table_kind=three_public/" in path for path in one_kind)
    assert len(everything) > 5 * len(one_kind)


def test_two_writers_at_once_both_land(s3_archive, s3_server, tmp_path):
    """Two processes' archives commit to the same tables concurrently (S3 conditional writes)."""
    results = [truth_result(name) for name in ("000", "000-2024", "002", "004")]
    writers = [storage.open_archive(s3_archive.location, backoff_seconds=0.01) for _ in range(2)]
    errors = []

    def write(archive, mine):
        try:
            for result in mine:
                with archive.run():
                    archive.put_parse(result)
        except Exception as exc:  # noqa: BLE001 - the assertion below reports it
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(w, results[i::2])) for i, w in enumerate(writers)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert errors == []
    assert sorted(e["doc_id"] for e in s3_archive.catalog()) == sorted(r.document.doc_id for r in results)
    pulled = pull(s3_archive, Selection()).table
    assert set(pulled.column("doc_id").to_pylist()) == {r.document.doc_id for r in results}
    assert pulled.num_rows == sum(len(r.line_items()) for r in results)
    commits = [(op, p) for op, p in s3_server.server.paths if p.endswith(".json") and "/_delta_log/0" in p and op.startswith("PUT")]
    assert commits and all(op == "PUT-IF-NONE-MATCH" for op, _ in commits)  # create-only: a race has one winner


def test_table_storage_options_come_from_boto3s_chain(s3_archive, s3_server):
    options = s3_archive.store.storage_options()
    assert options["AWS_ACCESS_KEY_ID"] == TEST_ACCESS_KEY and options["AWS_SECRET_ACCESS_KEY"] == TEST_SECRET_KEY
    assert options["AWS_ENDPOINT_URL"] == s3_server.endpoint_url and options["AWS_CONDITIONAL_PUT"] == "etag"


def test_credentials_never_appear_in_errors_or_logs(s3_server, aws_env, monkeypatch):
    stream = io.StringIO()
    govlog.configure("DEBUG", stream=stream)
    try:
        monkeypatch.setenv("AWS_ENDPOINT_URL", s3_server.endpoint_url)
        missing_bucket = storage.open_archive("s3://no-such-bucket-here/x", backoff_seconds=0.01)
        with pytest.raises(StorageError) as no_bucket:
            missing_bucket.put_state("s", b"x")
        monkeypatch.setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")  # nothing listens: refused
        unreachable = storage.open_archive("s3://bucket/x", attempts=2, botocore_attempts=1, backoff_seconds=0.01)
        with pytest.raises(StorageError) as refused:
            unreachable.get_state("s")
    finally:
        for name in ("govbudget",):
            logger = logging.getLogger(name)
            logger.handlers = [h for h in logger.handlers if h.get_name() != "govbudget-json"]
            logger.propagate = True
    text = "\n".join([str(no_bucket.value), str(refused.value), stream.getvalue()])
    assert "no-such-bucket-here" in str(no_bucket.value)
    assert "s3://bucket/x/state/s" in str(refused.value)
    assert "retrying" in stream.getvalue()  # the logs were captured
    assert TEST_SECRET_KEY not in text and TEST_ACCESS_KEY not in text


def test_scrub_masks_secrets_userinfo_and_presigned_parameters(aws_env):
    text = f"http://user:{TEST_SECRET_KEY}@host/b?X-Amz-Signature=abc123&X-Amz-Credential={TEST_ACCESS_KEY}%2F"
    cleaned = scrub(text)
    assert TEST_SECRET_KEY not in cleaned and TEST_ACCESS_KEY not in cleaned and "abc123" not in cleaned


def test_run_manifest_is_plain_json_on_s3(s3_archive):
    with s3_archive.run("r1"):
        s3_archive.put_parse(truth_result("004"))
    manifest = json.loads(s3_archive.store.get("runs/r1/manifest.json"))
    assert manifest["run_id"] == "r1" and manifest["counts"]["documents_added"] == 1


def test_change_detection_reads_each_parse_by_its_catalogued_key_without_listing(s3_archive, s3_server):
    from govbudget.changes.year_over_year import changes_involving

    with s3_archive.run("r1"):
        for name in ("000-2024", "000"):
            s3_archive.put_parse(truth_result(name))
    s3_server.server.clear()
    sets = changes_involving(s3_archive, [truth_result("000").document.doc_id])
    assert [(s.old_doc, s.new_doc) for s in sets] == [(truth_result("000-2024").document.doc_id, truth_result("000").document.doc_id)]
    listed = [path for op, path in s3_server.server.paths if op == "LIST"]
    assert listed and not [path for path in listed if "/parsed/" in path]  # before: a listing of parsed/<doc>/ per document


def test_the_retry_budget_comes_from_the_environment_and_reaches_boto3_and_the_delta_writer(aws_env, monkeypatch):
    from govbudget.storage.s3_store import S3Settings, S3Store

    monkeypatch.setenv("GOVBUDGET_S3_ATTEMPTS", "2")
    monkeypatch.setenv("GOVBUDGET_S3_BACKOFF_SECONDS", "0.2")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    settings = S3Settings.from_url("s3://bucket/prefix", endpoint_url="http://127.0.0.1:9")
    assert (settings.attempts, settings.backoff_seconds, settings.botocore_attempts) == (2, 0.2, 1)
    assert S3Store(settings).client.meta.config.retries["total_max_attempts"] == 1
    options = S3Store(settings).storage_options()
    assert (options["max_retries"], options["backoff_config.init_backoff"]) == ("1", "200ms")
    assert S3Settings.from_url("s3://bucket/prefix", attempts=3).attempts == 3  # an explicit setting wins


def test_a_delta_error_is_one_line_naming_the_table(aws_env):
    """delta-rs reports a chain of causes on several coloured lines; a StorageError keeps them on one."""
    from govbudget.storage.s3_store import S3Settings, S3Store
    from govbudget.storage.tables import Tables

    store = S3Store(S3Settings.from_url("s3://bucket/archive", endpoint_url="http://127.0.0.1:9", attempts=1,
                                        botocore_attempts=1, backoff_seconds=0.01))  # nothing listens on port 9
    with pytest.raises(StorageError) as failure:
        Tables(store.url("tables"), store.storage_options()).open("line_items")
    message = str(failure.value)
    assert message.startswith("s3://bucket/archive/tables/line_items: ") and "refused" in message.lower(), message
    assert "\n" not in message and "\x1b" not in message, message
