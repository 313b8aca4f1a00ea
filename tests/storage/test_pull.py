"""Research pulls: selections, snapshots (--as-of), partition pruning, Fiscal Data Package output."""

from __future__ import annotations

import json
from decimal import Decimal
from hashlib import sha256

import frictionless
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from govbudget.errors import InputError
from govbudget.storage.pull import Selection, load, pull
from tests.storage.helpers import corpus_pdf, corpus_raw, raw_for, run_cli
from tests.fixtures.archive_v1.make import republish_and_reparse as republish
from tests.storage.truth_results import truth_result


@pytest.fixture
def filled(archive):
    with archive.run("run-1"):
        archive.put_original(corpus_pdf("000-office.pdf"), corpus_raw("000-office.pdf"))
        for name in ("000", "000-2024", "002", "003"):
            archive.put_parse(truth_result(name))
    return archive


def test_pull_returns_line_items_with_provenance(filled):
    table = load(filled, publisher="阳泉市12315投诉举报中心", year=2025, table_kind="revenue_summary")
    row = next(r for r in table.to_pylist() if r["code"] == "201" and r["column_key"] == "本年收入/合计")
    assert row["value_text"] == "144.20" and row["value_yuan"] == Decimal("1442000")
    assert row["source_url"] == "http://127.0.0.1/yq/attach/000-office.pdf"
    assert row["page"] == 6 and row["fiscal_year"] == 2025 and row["table_kind"] == "revenue_summary"
    assert set(table.column("doc_id").to_pylist()) == {truth_result("000").document.doc_id}


def test_filters_combine(filled):
    years = set(load(filled, publisher="阳泉市12315投诉举报中心").column("fiscal_year").to_pylist())
    assert years == {2024, 2025}
    regions = set(load(filled, region="阳泉市").column("publisher").to_pylist())
    assert regions == {"阳泉市12315投诉举报中心"}
    kinds = {truth_result(n).document.kind for n in ("002", "003")}
    for kind in kinds:
        assert set(load(filled, kind=kind).column("doc_kind").to_pylist()) == {kind}


def test_other_datasets_are_pulled_by_name(filled):
    targets = load(filled, "performance_targets", year=2025, publisher="阳泉市12315投诉举报中心")
    assert "12315中心便民热线服务经费" in targets.column("project").to_pylist()
    with pytest.raises(InputError, match="unknown dataset"):
        load(filled, "budgets")


def test_one_table_kind_reads_only_its_partition(filled):
    selection = Selection(table_kinds=("three_public",))
    dataset = filled.tables.open("line_items").to_pyarrow_dataset()
    read = [f.path for f in dataset.get_fragments(filter=selection.expression())]
    assert read and all(path.startswith("table_kind=three_public/") for path in read)
    assert len(read) < len(list(dataset.get_fragments()))
    assert set(pull(filled, selection).table.column("table_kind").to_pylist()) == {"three_public"}


def test_as_of_a_run_returns_the_data_as_it_stood(filled):
    changed = truth_result("000").model_copy(deep=True)
    next(t for t in changed.tables if t.kind == "three_public").rows[2].values["预算数/合计"] = "2.50"
    with filled.run("run-2"):
        filled.put_parse(changed)

    def vehicle_total(**kw):
        table = load(filled, table_kind="three_public", year=2025, publisher="阳泉市12315投诉举报中心", **kw)
        return {r["value_text"] for r in table.to_pylist() if r["label"] == "公务用车购置及运行费" and r["column_key"] == "预算数/合计"}

    assert vehicle_total() == {"2.50"}
    assert vehicle_total(as_of="run-1") == {"1.80"}
    assert vehicle_total(as_of="run-2") == {"2.50"}


def test_as_of_a_date_picks_the_last_run_finished_by_then(filled):
    assert load(filled, as_of="2999-01-01").num_rows == load(filled).num_rows
    with pytest.raises(InputError, match="no run had finished"):
        load(filled, as_of="2001-01-01")
    with pytest.raises(InputError, match="neither a run id"):
        load(filled, as_of="last tuesday")


def test_empty_archive_pulls_an_empty_table(archive):
    assert load(archive).num_rows == 0


def test_csv_pull_is_a_valid_fiscal_data_package(filled, archive_location, tmp_path):
    out = tmp_path / "pull"
    run_cli(["pull", "--archive", archive_location, "--format", "csv", "--out", str(out)])
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    measures = descriptor["model"]["measures"]
    assert {m["resource"]: m["phase"] for m in measures.values()} == {
        "line_items-budget": "approved",  # 000, 002: 预算
        "line_items-final_account": "executed",  # 003: 决算
    }
    assert all(m["currency"] == "CNY" and m["factor"] == 1 for m in measures.values())
    dims = descriptor["model"]["dimensions"]
    assert dims["functional_classification"]["classificationType"] == "functional"
    assert dims["economic_classification"]["classificationType"] == "economic"
    assert dims["entity"]["attributes"]["name"]["source"] == "publisher"


def test_parquet_pull_writes_readable_files_and_a_valid_descriptor(filled, archive_location, tmp_path):
    out = tmp_path / "pull"
    run_cli(["pull", "--archive", archive_location, "--table", "revenue_summary", "--format", "parquet", "--out", str(out)])
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert frictionless.Package.validate_descriptor(descriptor)
    (resource,) = [r for r in descriptor["resources"] if r["name"] == "line_items-budget"]
    table = pq.read_table(out / resource["path"])
    assert set(table.column("table_kind").to_pylist()) == {"revenue_summary"}
    assert [f["name"] for f in resource["schema"]["fields"]] == table.column_names
    economic = table.column("functional_code").to_pylist()
    assert "201" in economic


def test_region_matches_whole_levels_only(filled):
    assert load(filled, region="阳泉").num_rows == 0
    assert set(load(filled, region="山西省").column("publisher").to_pylist()) == {
        "阳泉市12315投诉举报中心",
        "山西省政务服务投诉举报中心",
    }


def test_checks_are_a_dataset(archive):
    from govbudget.schema import CheckResult

    result = truth_result("004").model_copy(deep=True)
    result.checks = [CheckResult(check_id="total", scope="t01", expected=Decimal("1.00"), actual=Decimal("1.01"), tolerance=Decimal("0.01"), passed=True, pages=[5, 6])]
    with archive.run():
        archive.put_parse(result)
    (row,) = load(archive, "checks").to_pylist()
    assert (row["check_id"], row["passed"], row["pages"], row["fiscal_year"]) == ("total", True, "5,6", 2025)


def republish_and_reparse(archive) -> tuple[str, str]:
    """A second edition of 000 (other bytes, one figure changed), then 003 parsed again, changed."""
    return republish(archive, "run-2")


def summed(table) -> Decimal:
    return sum((v for v in table.column("value_yuan").to_pylist() if v is not None), Decimal(0))


def test_each_figure_is_counted_once_after_republication_and_reparse(filled):
    before = load(filled)
    old_edition, new_edition = republish_and_reparse(filled)
    after = load(filled)
    doc_ids = set(after.column("doc_id").to_pylist())
    assert new_edition in doc_ids and old_edition not in doc_ids  # the current edition only
    assert after.num_rows == before.num_rows  # replaced, not added
    keys = ["doc_id", "table_id", "row_seq", "side", "column_key"]
    assert after.group_by(keys).aggregate([]).num_rows == after.num_rows  # no figure twice
    vehicle = [r for r in after.to_pylist() if r["label"] == "公务用车购置及运行费" and r["column_key"] == "预算数/合计" and r["fiscal_year"] == 2025]
    assert [r["value_text"] for r in vehicle] == ["2.50"]
    reparsed = truth_result("003").document.doc_id
    expected = summed(before) - summed(before.filter(pc.equal(before["doc_id"], reparsed)))
    expected += summed(after.filter(pc.equal(after["doc_id"], reparsed)))
    expected += Decimal("0.70") * 10000  # the re-published edition: 1.80 → 2.50 万元
    assert summed(after) == expected


def test_all_editions_returns_the_history_of_republished_documents(filled):
    old_edition, new_edition = republish_and_reparse(filled)
    every = load(filled, all_editions=True, table_kind="three_public", year=2025, publisher="阳泉市12315投诉举报中心")
    editions = {(r["doc_id"], r["edition"], r["is_current"]) for r in every.to_pylist()}
    assert editions == {(old_edition, 1, False), (new_edition, 2, True)}
    catalog = {e["doc_id"]: e for e in filled.catalog()}
    assert (catalog[old_edition]["is_current"], catalog[new_edition]["is_current"]) == (False, True)


def test_as_of_returns_exactly_the_rows_of_that_run_after_later_reparses(filled):
    then = load(filled, all_editions=True).sort_by([("doc_id", "ascending"), ("table_id", "ascending"), ("row_seq", "ascending"), ("column_key", "ascending")])
    republish_and_reparse(filled)
    for name in ("002", "003"):  # later still: parsed again, changed
        changed = truth_result(name).model_copy(deep=True)
        changed.tables[0].rows[0].values = {k: "9.99" for k in changed.tables[0].rows[0].values}
        with filled.run(f"run-3-{name}"):
            filled.put_parse(changed)
    as_of = load(filled, all_editions=True, as_of="run-1").sort_by([("doc_id", "ascending"), ("table_id", "ascending"), ("row_seq", "ascending"), ("column_key", "ascending")])
    assert as_of.equals(then)
    assert not load(filled, as_of="run-2").equals(load(filled))


def test_pull_command_offers_all_editions(filled, archive_location, tmp_path, capsys):
    republish_and_reparse(filled)
    current, every = tmp_path / "current", tmp_path / "every"
    run_cli(["pull", "--archive", archive_location, "--format", "csv", "--out", str(current)])
    run_cli(["pull", "--archive", archive_location, "--format", "csv", "--all-editions", "--out", str(every)])
    rows = [int(line.split()[0]) for line in capsys.readouterr().out.splitlines()]
    assert rows[1] > rows[0] == load(filled).num_rows
