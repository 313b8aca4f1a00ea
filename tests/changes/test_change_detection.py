"""Change detection over an archive: unit matching, renames, re-publications, the written report."""

from __future__ import annotations

import csv

import pyarrow.parquet as pq

from govbudget.changes.figures import group_figures
from govbudget.changes.report import markdown_report, write_report
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
    assert len(year_over_year(archive, publisher="12315")) == 1  # part of the name, as pull's --publisher


def test_changes_says_when_the_publisher_matches_nothing(archive, archive_location, tmp_path, capsys):
    archive.put_parse(truth_result("000-2024"))
    archive.put_parse(truth_result("000"))
    archive.close()
    assert run_cli(["changes", "--archive", archive_location, "--publisher", "太原", "--out", str(tmp_path / "c")]) == 1
    assert "--publisher 太原 matches no unit" in capsys.readouterr().err


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
    assert paths["csv"].read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the Chinese right
    rows = list(csv.DictReader(paths["csv"].open(encoding="utf-8-sig")))
    assert rows[0]["row_key"] == table.column("row_key")[0].as_py()
    markdown = paths["markdown"].read_text(encoding="utf-8")
    assert "12315投诉举报中心业务、奖励经费" in markdown.split("Largest changes")[0]  # projects added, up front
    figure_rows = markdown.split("|---|---|---|---|---:|---:|---:|---:|---:|---|\n", 1)[1].splitlines()
    largest = max(year_over_year(archive)[0].changes, key=lambda c: c.magnitude)
    assert f"| {largest.old} {largest.unit} | {largest.new} {largest.unit} |" in figure_rows[0]
    assert table.column("delta_yuan")[0].as_py() == largest.delta_yuan
    assert "Amounts in 万元" not in markdown


def test_one_figure_printed_in_many_tables_is_one_change(archive, tmp_path):
    """事业运行 127.12 → 117.01 is printed by the 项 2013850, its 款 20138 (基本支出) and four
    tables: eight changed cells, one figure."""
    archive.put_parse(truth_result("000-2024"))
    archive.put_parse(truth_result("000"))
    (changes,) = year_over_year(archive)
    figures = group_figures(changes)
    assert sum(f.printings for f in figures) == len(changes.changes)  # every cell in exactly one figure
    lead = figures[0]
    assert (lead.lead.row_key, lead.lead.old, lead.lead.new) == ("2013850", "127.12", "117.01")
    assert {c.row_key for c in lead.cells} == {"2013850", "20138"}
    assert {c.table_kind for c in lead.cells} >= {"revenue_summary", "expenditure_summary", "general_budget_expenditure"}
    # different figures of equal amounts on unrelated subjects stay apart
    assert all(len({c.row_key[:3] for c in f.cells if c.row_key.isdigit()}) <= 1 for f in figures)
    table = pq.read_table(write_report([changes], tmp_path / "out")["figures.parquet"])
    assert table.num_rows == len(figures) < len(changes.changes) / 3
    assert table.column("printings").to_pylist()[0] == lead.printings


def test_removed_and_modified_cells_of_a_column_share_its_name(archive):
    archive.put_parse(truth_result("000-2024"))
    archive.put_parse(truth_result("000"))
    (changes,) = year_over_year(archive)
    names = {c.change: c.column_name for c in changes.changes if c.table_kind == "project_expenditure" and c.column_key.endswith("一般公共预算")}
    assert names == {"modified": "财政拨款/一般公共预算", "added": "财政拨款/一般公共预算", "removed": "财政拨款/一般公共预算"}


def test_values_are_labelled_with_the_unit_they_are_printed_in(archive):
    archive.put_parse(truth_result("000-2024"))
    archive.put_parse(truth_result("000"))
    (changes,) = year_over_year(archive)
    form = next(c for c in changes.changes if c.table_kind == "project_performance" and c.new == "100,000")
    assert (form.unit, form.new_yuan) == ("元", 100000)  # the form prints 项目资金（元）
    grid = next(c for c in changes.changes if c.table_kind == "revenue_summary")
    assert grid.unit == "万元"
    markdown = markdown_report([changes])
    assert "100,000 元" in markdown and "127.12 万元" in markdown


def test_projects_added_removed_and_changed_are_data(archive, tmp_path):
    archive.put_parse(truth_result("000-2024"))
    archive.put_parse(truth_result("000"))
    (changes,) = year_over_year(archive)
    rows = pq.read_table(write_report([changes], tmp_path / "out")["projects.parquet"]).to_pylist()
    by_project = {r["project"]: (r["change"], r["old_funds"], r["new_funds"], r["unit"]) for r in rows}
    assert by_project == {
        "12315投诉举报中心业务、奖励经费": ("added", None, "6.20", "万元"),
        "消费投诉举报数据分析平台运维经费": ("removed", "4.90", None, "万元"),
        "12315中心便民热线服务经费": ("modified", "21.16", "20.70", "万元"),
    }
    assert {r["old_year"] for r in rows} == {2024} and {r["new_title"] for r in rows} == {"阳泉市12315投诉举报中心2025年度单位预算公开"}


def test_every_change_names_its_source_document_and_page(archive):
    archive.put_original(corpus_pdf("000-office.pdf"), corpus_raw("000-office.pdf"))
    archive.put_parse(truth_result("000-2024"))
    archive.put_parse(truth_result("000"))
    (changes,) = year_over_year(archive)
    assert changes.new_source.url == "http://127.0.0.1/yq/attach/000-office.pdf"
    assert changes.new_source.title == "阳泉市12315投诉举报中心2025年度单位预算公开"
    assert all((c.page_to if c.change != "removed" else c.page_from) for c in changes.changes if c.table_kind != "project_performance" or c.change != "removed")
    markdown = markdown_report([changes])
    assert "(http://127.0.0.1/yq/attach/000-office.pdf#page=6)" in markdown


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


def test_every_change_file_column_is_documented():
    from pathlib import Path

    from govbudget.changes.report import TABLES

    docs = (Path(__file__).resolve().parents[2] / "docs" / "archive.md").read_text(encoding="utf-8")
    section = docs.split("### Change files", 1)[1].split("\n## ", 1)[0]
    for name, columns in TABLES.items():
        assert f"`{name}.parquet`" in section
        assert all(f"| `{column}` |" in section for column, _, _ in columns)
