"""``govbudget parse``: the JSON Lines contract, summaries, datasets and one-line errors."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from govbudget.parsers.api import interpret
from govbudget.parsers.interpret.table_records import build_table
from testkit.truth_tables import CORPUS, raw_extraction, raw_table, truth_tables

ROOT = Path(__file__).resolve().parents[2]
GOOD = str(CORPUS / "002-office.pdf")


def govbudget(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "govbudget", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bad")
    files = {
        "not_pdf": folder / "page.pdf",
        "empty": folder / "empty.pdf",
        "truncated": folder / "truncated.pdf",
        "encrypted": folder / "encrypted.pdf",
    }
    files["not_pdf"].write_text("<html>404 Not Found</html>", encoding="utf-8")
    files["empty"].write_bytes(b"")
    files["truncated"].write_bytes(Path(GOOD).read_bytes()[:20000])
    doc = canvas.Canvas(str(files["encrypted"]), encrypt="secret")
    doc.drawString(72, 720, "budget")
    doc.save()
    return files


@pytest.fixture(scope="module")
def contract() -> dict:
    result = govbudget("parse", "--json", GOOD)
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    return json.loads(line)


def test_json_line_has_the_contract_fields(contract):
    assert {k: contract[k] for k in ("file", "ok", "error")} == {"file": GOOD, "ok": True, "error": None}
    assert set(contract) >= {"document", "tables", "performance_targets", "facts", "checks"}


def test_json_table_rows_hold_code_label_side_and_printed_values(contract):
    table = next(t for t in contract["tables"] if t["kind"] == "general_budget_expenditure")
    row = next(r for r in table["rows"] if r["code"] == "2014099")
    assert (table["title"], table["unit"], table["empty"], table["pages"]) == ("一般公共预算财政拨款支出表", "万元", False, [4])
    assert row == {
        "code": "2014099", "label": "其他信访事务支出", "side": None,
        "values": {"total": "228.64", "basic": "52.65", "project": "176.00", "change": "228.64", "change_pct": "100%"},
    }


def test_json_two_sided_rows_carry_their_side(contract):
    table = next(t for t in contract["tables"] if t["kind"] == "department_summary")
    assert table["rows"][0] == {"code": None, "label": "一、财政拨款预算收入", "side": "income", "values": {"amount": "227.65"}}


def test_json_document_targets_facts_and_checks(contract):
    assert (contract["document"]["publisher"], contract["document"]["region"]) == (
        "固原市“12345”便民服务中心", ["宁夏回族自治区", "固原市"],
    )
    assert contract["performance_targets"][0]["project"] == "“12345”业务费"
    assert next(f for f in contract["facts"] if f["key"] == "personnel")["value_text"] == "66.18"
    assert [c["check_id"] for c in contract["checks"] if not c["passed"]] == []


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("not_pdf", "not a PDF"),
        ("empty", "empty: 0 bytes"),
        ("truncated", "truncated"),
        ("encrypted", "encrypted"),
    ],
)
def test_bad_file_gets_one_line_error_and_others_still_parse(bad_files, kind, reason):
    bad = str(bad_files[kind])
    result = govbudget("parse", "--json", "--workers", "1", bad, GOOD)
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    errors = result.stderr.strip().splitlines()
    assert result.returncode == 1
    assert [(x["file"], x["ok"]) for x in lines] == [(bad, False), (GOOD, True)]
    assert reason in lines[0]["error"]
    assert len(errors) == 1 and errors[0].startswith(f"govbudget: error: {bad}: ") and reason in errors[0]


def test_summary_names_tables_checks_and_pages_without_text():
    rows = sum(len(build_table(raw_table(b), b["id"], 2025).rows) for b in truth_tables("002"))
    truth_result = interpret(raw_extraction("002"), "truth")
    result = govbudget("parse", GOOD)
    assert result.returncode == 0
    assert result.stdout.splitlines()[1:5] == [
        "  tables: basic_expenditure_economic 1, department_summary 1, expenditure_summary 1, "
        "fiscal_grant_summary 1, general_budget_expenditure 1, gov_fund_expenditure 1, project_performance 2, "
        f"three_public 1 ({rows} rows)",
        "  checks: 63 passed, 0 failed",
        f"  facts: {len(truth_result.facts)}, performance targets: {len(truth_result.performance_targets)}",
        "  pages without text layer: none",
    ]


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_out_writes_every_dataset(tmp_path, fmt):
    result = govbudget("parse", GOOD, "--out", str(tmp_path), "--format", fmt)
    assert result.returncode == 0, result.stderr
    suffix = "jsonl" if fmt == "json" else fmt
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{n}.{suffix}" for n in ("checks", "documents", "facts", "line_items", "performance_targets", "tables")
    )
