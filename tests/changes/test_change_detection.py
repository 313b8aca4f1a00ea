"""Change detection over an archive: unit matching, renames, re-publications, the written report."""

from __future__ import annotations

import csv

import pyarrow.parquet as pq

from govbudget.changes.report import write_report
from govbudget.changes.republication import republications
from govbudget.changes.units import match_units, normalise_name
from govbudget.changes.year_over_year import year_over_year
from tests.storage.helpers import corpus_pdf, corpus_raw, run_cli
from tests.changes.test_diff import comparable, truth_diff
from tests.storage.truth_results import truth_result


def renamed(result, publisher: str, doc_id: str):
    return result.model_copy(update={"document": result.document.model_copy(update={"publisher": publisher, "doc_id": doc_id})})


def test_archive_year_over_year_finds_the_truth_pair(archive):
    archive.put_parse(truth_result("000-2024"))
    archive.put_parse(truth_result("000"))
    archive.put_parse(truth_result("002"))  # another unit, one year only: nothing to compare
    (changes,) = year_over_year(archive)
    assert (changes.old_year, changes.new_year) == (2024, 2025)
    assert sorted(map(comparable, changes.changes), key=str) == sorted(map(comparable, truth_diff()["changes"]), key=str)


def test_year_filters_select_the_pair(archive):
    archive.put_parse(truth_result("000-2024"))
    archive.put_parse(truth_result("000"))
    assert year_over_year(archive, from_year=2023, to_year=2024) == []
    assert len(year_over_year(archive, from_year=2024, to_year=2025, publisher="阳泉市12315投诉举报中心")) == 1
    assert year_over_year(archive, publisher="someone else") == []


def test_units_match_by_normalised_name_under_the_same_parent():
    old = {"publisher": "阳泉市 12315投诉举报中心（本级）", "parent_department": "阳泉市市场监督管理局", "region": ["山西省", "阳泉市"]}
    new = {"publisher": "12315投诉举报中心", "parent_department": "阳泉市市场监督管理局", "region": ["山西省", "阳泉市"]}
    (match,) = match_units([old], [new])
    assert match.how == "same"
    assert normalise_name(old["publisher"], old["region"]) == "12315投诉举报中心"


def test_a_renamed_unit_is_matched_and_reported(archive):
    archive.put_parse(truth_result("000-2024"))
    archive.put_parse(renamed(truth_result("000"), "阳泉市12315投诉举报服务中心", "b" * 64))
    (changes,) = year_over_year(archive)
    assert changes.renamed_from == "阳泉市12315投诉举报中心"
    assert changes.publisher == "阳泉市12315投诉举报服务中心"


def test_units_under_different_parents_are_not_matched():
    old = {"publisher": "机关服务中心", "parent_department": "市财政局"}
    new = {"publisher": "机关服务中心", "parent_department": "市教育局"}
    assert match_units([old], [new]) == []


def test_republication_is_diffed_against_the_edition_it_replaced(archive):
    first = truth_result("000")
    archive.put_original(corpus_pdf("000-office.pdf"), corpus_raw("000-office.pdf"))
    archive.put_parse(first)
    # the portal later serves other bytes at the same URL (here: the reportlab rendering)
    later = corpus_raw("000-reportlab.pdf", url="http://127.0.0.1/yq/attach/000-office.pdf", fetched_at="2025-04-01T09:00:00")
    later = later.model_copy(update={"republication_of": first.document.doc_id, "status": "changed"})
    archive.put_original(corpus_pdf("000-reportlab.pdf"), later)
    corrected = first.model_copy(deep=True, update={"document": first.document.model_copy(update={"doc_id": later.sha256})})
    three_public = next(t for t in corrected.tables if t.kind == "three_public")
    three_public.rows[2].values["预算数/合计"] = "1.90"
    archive.put_parse(corrected)
    (changes,) = republications(archive)
    assert changes.kind == "republication"
    assert (changes.old_doc, changes.new_doc) == (first.document.doc_id, later.sha256)
    assert [(c.row_key, c.old, c.new) for c in changes.changes] == [("公务用车购置及运行费", "1.80", "1.90")]
    assert archive.get_parse(first.document.doc_id) is not None  # both editions kept


def test_report_files_lead_with_the_largest_change(archive, tmp_path):
    archive.put_parse(truth_result("000-2024"))
    archive.put_parse(truth_result("000"))
    paths = write_report(year_over_year(archive), tmp_path / "out")
    table = pq.read_table(paths["parquet"])
    assert table.num_rows == len(truth_diff()["changes"])
    rows = list(csv.DictReader(paths["csv"].open(encoding="utf-8")))
    assert rows[0]["row_key"] == table.column("row_key")[0].as_py()
    markdown = paths["markdown"].read_text(encoding="utf-8")
    assert "12315投诉举报中心业务、奖励经费" in markdown.split("Largest changes")[0]  # projects added, up front
    first_row = markdown.split("|---|---|---|---|---:|---:|---:|---:|\n", 1)[1].splitlines()[0]
    largest = max(year_over_year(archive)[0].changes, key=lambda c: c.magnitude)
    assert f"| {largest.old} | {largest.new} |" in first_row
    assert table.column("delta_yuan")[0].as_py() == largest.delta_yuan


def test_changes_command_writes_the_report(archive, archive_location, tmp_path, capsys):
    archive.put_parse(truth_result("000-2024"))
    archive.put_parse(truth_result("000"))
    archive.close()
    assert run_cli(["changes", "--archive", archive_location, "--from", "2024", "--to", "2025", "--out", str(tmp_path / "c")]) == 0
    assert f"1 comparison(s), {len(truth_diff()['changes'])} changed cell(s)" in capsys.readouterr().out
    assert (tmp_path / "c" / "changes.md").read_text(encoding="utf-8").startswith("# Changes")


def test_unit_matching_compares_names_only_within_a_parent(monkeypatch):
    """Indexed matching: 1,600 renamed units under 40 parents never meet across parents."""
    from govbudget.changes import units

    compared = []
    similar = units._similar
    monkeypatch.setattr(units, "_similar", lambda o, n: compared.append((o["parent_department"], n["parent_department"])) or similar(o, n))
    old = [{"publisher": f"单位{i:04d}", "parent_department": f"部门{i % 40}"} for i in range(1600)]
    new = [{"publisher": f"单位{i:04d}服务中心", "parent_department": f"部门{i % 40}"} for i in range(1600)]
    matches = match_units(old, new)
    assert all(a == b for a, b in compared)
    assert len(compared) == 40 * 40 * 40  # 40 leftovers a parent, compared with the 40 of that parent only
    assert len(matches) == 1600 and {m.how for m in matches} == {"renamed"}


def test_change_detection_for_a_run_reads_only_its_units_parents(archive, monkeypatch):
    from govbudget.changes.year_over_year import changes_involving

    archive.put_parse(truth_result("000-2024"))
    archive.put_parse(truth_result("000"))
    archive.put_parse(truth_result("004"))  # another parent department
    reads = []
    catalog = archive.catalog
    monkeypatch.setattr(archive, "catalog", lambda **kw: reads.append(kw) or catalog(**kw))
    (changes,) = changes_involving(archive, [truth_result("000").document.doc_id])
    assert (changes.old_year, changes.new_year) == (2024, 2025)
    assert [set(kw) for kw in reads] == [{"doc_ids"}, {"parents"}]  # never the whole catalog
    assert reads[1]["parents"] == {archive.catalog_entry(truth_result("000").document.doc_id)["unit_parent"]}
