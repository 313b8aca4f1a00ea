"""Datasets written by ``--out``: long-form line items with exact yuan, beside the other records."""

import json
from decimal import Decimal

import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from govbudget.parsers.api import interpret
from govbudget.parsers.output import records, write_results
from testkit.truth_tables import raw_extraction


def result():
    return interpret(raw_extraction("000"), "doc000")


def test_line_item_keeps_printed_text_and_exact_yuan():
    items = records([result()])["line_items"].to_pylist()
    item = next(i for i in items if i["table_kind"] == "revenue_summary" and i["code"] == "201"
                and i["column_key"] == "general_budget")
    assert (item["value_text"], item["value_yuan"], item["unit"], item["level"]) == ("144.20", Decimal("1442000"), "万元", "类")


def test_parquet_line_items_round_trip(tmp_path):
    write_results([result()], tmp_path, "parquet")
    table = pq.read_table(tmp_path / "line_items.parquet").to_pylist()
    item = next(r for r in table if r["code"] == "2210201" and r["table_kind"] == "expenditure_summary"
                and r["column_key"] == "basic")
    assert (item["value_text"], item["value_yuan"], item["doc_id"]) == ("12.48", Decimal("124800"), "doc000")


def test_csv_checks_carry_doc_id_and_pages(tmp_path):
    write_results([result()], tmp_path, "csv")
    rows = pa_csv.read_csv(tmp_path / "checks.csv").to_pylist()
    row = next(r for r in rows if r["check_id"] == "revenue_total")
    assert (row["doc_id"], row["passed"], row["pages"]) == ("doc000", True, "54,55")


def test_json_documents_hold_the_metadata(tmp_path):
    write_results([result()], tmp_path, "json")
    [doc] = [json.loads(x) for x in (tmp_path / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert (doc["doc_id"], doc["region"], doc["parent_code"]) == ("doc000", ["山西省", "阳泉市"], "029")


def test_tables_dataset_lists_each_table_with_its_columns(tmp_path):
    tables = records([result()])["tables"]
    summary = next(t for t in tables if t["kind"] == "expenditure_summary")
    assert (summary["table_id"], summary["unit"], json.loads(summary["columns"])) == (
        "t02", "万元", {"total": "2025年预算数/合计", "basic": "2025年预算数/基本支出",
                       "project": "2025年预算数/项目支出"},
    )


def test_count_is_a_line_item_without_yuan():
    items = interpret(raw_extraction("004"), "doc004").line_items()
    count = next(i for i in items if i.table_kind == "other" and i.column_key == "count")
    bought = next(i for i in items if i.table_kind == "other" and i.column_key == "amount")
    assert [(i.value_text, i.unit, i.value_yuan) for i in (count, bought)] == [("1", None, None), ("514000", "元", 514000)]


def test_parse_out_gives_the_rows_and_types_a_pull_of_the_archive_gives(tmp_path):
    """One schema: a script written against `govbudget pull` reads `parse --out` files unchanged."""
    import pyarrow.parquet as pq

    from govbudget.cli import main
    from testkit.corpus import CORPUS

    pdf = CORPUS / "002-reportlab.pdf"
    assert main(["parse", str(pdf), "--out", str(tmp_path / "loose"), "--format", "parquet"]) == 0
    assert main(["add", str(pdf), "--archive", str(tmp_path / "archive"), "--workers", "1"]) == 0
    for dataset in ("line_items", "performance_targets", "facts", "checks"):
        assert main(["pull", "--archive", str(tmp_path / "archive"), "--dataset", dataset,
                     "--out", str(tmp_path / "pulled" / dataset)]) == 0
        loose = pq.read_table(tmp_path / "loose" / f"{dataset}.parquet")
        (pulled_file,) = (tmp_path / "pulled" / dataset).glob("*.parquet")
        pulled = pq.read_table(pulled_file)
        shared = [c for c in pulled.column_names if c not in ("edition", "is_current", "source_url")]
        assert loose.select(shared).schema == pulled.select(shared).schema, dataset
        key = lambda row: json.dumps(row, sort_keys=True, default=str)  # noqa: E731
        assert sorted(map(key, loose.select(shared).to_pylist())) == sorted(map(key, pulled.select(shared).to_pylist())), dataset
