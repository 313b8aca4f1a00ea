"""End to end: the pipeline flow crawls the replica portals into S3 (moto over HTTP) and reports.

One session runs the flow twice on the same archive (the second over the
unchanged replica); the tests below read what those two runs left behind.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import pytest

from govbudget.schema import PARSER_VERSION, ParseResult
from tests.flows.conftest import CORPUS

YANGQUAN_12315 = "阳泉市12315投诉举报中心"


@dataclass
class Runs:
    first: object
    second: object
    first_state: object
    bucket: str
    prefix: str
    client: object
    pdf_bodies_second_run: int
    replica_files: dict

    def keys(self, under: str) -> list[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=f"{self.prefix}/{under}")
        return [o["Key"][len(self.prefix) + 1:] for page in pages for o in page.get("Contents", [])]

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.bucket, Key=f"{self.prefix}/{key}")["Body"].read()


@pytest.fixture(scope="session")
def runs(replica, s3_server, session_aws_env):
    from govbudget.flows.pipeline import pipeline, report_of

    server, registry = replica
    session_aws_env.setenv("AWS_ENDPOINT_URL", s3_server.endpoint_url)
    bucket = s3_server.new_bucket()
    archive = f"s3://{bucket}/govbudget"
    first_state = pipeline(archive=archive, registry=registry, return_state=True)
    server.clear_log()
    second = report_of(pipeline(archive=archive, registry=registry, return_state=True))
    bodies = [r for r in server.requests if r.path in server.site.files and r.status == 200 and r.body_bytes]
    return Runs(report_of(first_state), second, first_state, bucket, "govbudget", s3_server.client(), len(bodies),
                server.site.files)


def _corpus_sha256(name: str) -> str:
    return hashlib.sha256((CORPUS / name).read_bytes()).hexdigest()


def parsed_documents(run) -> dict[str, str]:
    return {d.doc_id: d.publisher for d in run.documents if d.parse == "parsed"}


def test_originals_are_stored_under_their_sha256(runs):
    for doc in runs.first.documents:
        key = f"originals/sha256/{doc.doc_id[:2]}/{doc.doc_id}." + ("pdf" if doc.parse != "skipped" else "zip")
        assert hashlib.sha256(runs.read(key)).hexdigest() == doc.doc_id


def test_both_years_of_the_same_unit_are_archived(runs):
    archived = {k.rsplit("/", 1)[1] for k in runs.keys("originals/")}
    assert {f"{_corpus_sha256('000-2024-office.pdf')}.pdf", f"{_corpus_sha256('000-office.pdf')}.pdf"} <= archived


def test_every_pdf_is_parsed_with_the_installed_parser(runs):
    for doc_id in parsed_documents(runs.first):
        result = ParseResult.model_validate_json(runs.read(f"parsed/{doc_id}/{PARSER_VERSION}/result.json"))
        assert (result.document.doc_id, result.document.parser_version) == (doc_id, PARSER_VERSION)


def test_datasets_are_partitioned_by_table_kind_and_year(runs):
    line_items = runs.keys("tables/line_items/")
    assert any("/fiscal_year=2024/" in k for k in line_items) and any("/fiscal_year=2025/" in k for k in line_items)


def test_manifest_counts_what_the_first_run_added(runs):
    manifest = json.loads(runs.read(f"runs/{runs.first.run_id}/manifest.json"))
    assert manifest["counts"]["documents_added"] == len(parsed_documents(runs.first))


def test_run_report_is_stored_beside_the_manifest(runs):
    report = runs.read(f"runs/{runs.first.run_id}/report.md").decode("utf-8")
    assert f"# govbudget pipeline run {runs.first.run_id}" in report


def test_rejected_downloads_are_listed_with_their_reason(runs):
    report = runs.read(f"runs/{runs.first.run_id}/report.md").decode("utf-8")
    assert "truncated PDF (no %%EOF trailer) (not archived)" in report


def test_a_run_with_failures_ends_failed_saying_so(runs):
    """The replica holds blocked portals and broken files: the run goes to its end, then fails."""
    assert (runs.first_state.is_failed(), runs.first_state.message.startswith("completed with failures: ")) == (True, True)


def test_the_manifest_counts_the_failures_the_report_lists(runs):
    manifest = json.loads(runs.read(f"runs/{runs.first.run_id}/manifest.json"))
    report = runs.read(f"runs/{runs.first.run_id}/report.md").decode("utf-8")
    assert (manifest["status"], manifest["counts"]["failures"], runs.first.status) == (
        "incomplete", len(runs.first.failures), "incomplete")
    assert f"### Failed: {len(runs.first.failures)}" in report


def test_blocked_portals_are_reported(runs):
    blocked = sorted(c.portal_id for c in runs.first.crawls if c.report and c.report.blocked)
    assert blocked == ["replica-blocked-ruishu", "replica-blocked-waf", "replica-blocked-wzws"]


def test_year_over_year_changes_of_the_same_unit_are_reported(runs):
    changes = runs.read(f"runs/{runs.first.run_id}/changes.md").decode("utf-8")
    assert f"## {YANGQUAN_12315}: 2024 → 2025" in changes


def test_top_changes_lead_the_run_report(runs):
    top = runs.first.changes.top[0]
    assert (top.publisher, top.years) == (YANGQUAN_12315, "2024 → 2025")


def test_the_added_project_is_in_the_change_report(runs):
    changes = runs.read(f"runs/{runs.first.run_id}/changes.md").decode("utf-8")
    assert "**Projects added:** 12315投诉举报中心业务、奖励经费" in changes


def test_second_run_over_an_unchanged_replica_finds_nothing_new(runs):
    assert runs.second.documents == []


def test_second_run_downloads_no_pdf_body(runs):
    assert runs.pdf_bodies_second_run == 0


def test_second_run_adds_no_originals(runs):
    manifest = json.loads(runs.read(f"runs/{runs.second.run_id}/manifest.json"))
    first = json.loads(runs.read(f"runs/{runs.first.run_id}/manifest.json"))
    assert (manifest["counts"]["originals_new"], manifest["tables_written"]) == (0, {})
    assert manifest["table_versions"] == first["table_versions"]  # nothing committed: the data is as the first run left it


def test_run_report_is_a_prefect_artifact(runs):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["govbudget-run-report"])))
    assert any(f"run {runs.second.run_id}" in (a.data or "") for a in artifacts)


@pytest.fixture(scope="session")
def reparse(tmp_path_factory):
    """reparse-all over a local archive holding one good PDF and one the parser rejects."""
    from datetime import datetime, timezone

    from govbudget.schema import RawDocument
    from govbudget.flows.archives import archive_for
    from govbudget.flows.pipeline import report_of, reparse_all

    location = str(tmp_path_factory.mktemp("reparse") / "archive")
    broken = b"%PDF-1.4\n" + b"garbage" * 300 + b"\n%%EOF\n"
    for data, url in (((CORPUS / "002-reportlab.pdf").read_bytes(), "http://127.0.0.1/good.pdf"), (broken, "http://127.0.0.1/broken.pdf")):
        archive_for(location).put_original(data, RawDocument(
            sha256=hashlib.sha256(data).hexdigest(), size=len(data), portal_id="p", url=url, fetched_at=datetime.now(timezone.utc)))
    archive_for(location).close()
    state = reparse_all(archive=location, return_state=True)
    return report_of(state), hashlib.sha256(broken).hexdigest(), state


def test_reparse_all_parses_what_has_no_current_parse(reparse):
    report, _, _ = reparse
    assert [d.url for d in report.documents if d.parse == "parsed"] == ["http://127.0.0.1/good.pdf"]


def test_a_document_the_parser_rejects_is_listed_and_the_run_goes_on_then_fails(reparse):
    report, broken, state = reparse
    assert [(d.doc_id, d.url, bool(d.failure)) for d in report.failed] == [(broken, "http://127.0.0.1/broken.pdf", True)]
    assert (len(report.documents), state.is_failed()) == (2, True)
