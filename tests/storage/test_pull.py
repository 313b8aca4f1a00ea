"""Research pulls: selections, snapshots (--as-of), partition pruning, Fiscal Data Package output."""

from __future__ import annotations

import json
import os
import subprocess
from decimal import Decimal
from hashlib import sha256

import frictionless
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from govbudget.errors import InputError, StorageError
from govbudget.schema.datasets import DATASETS
from govbudget.storage.layout import TABLES
from govbudget.storage.pull import Selection, load, pull, pull_stream
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


# -- data that explains itself ------------------------------------------------


def _descriptor(out) -> dict:
    return json.loads((out / "datapackage.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("dataset", sorted(DATASETS))
def test_every_field_is_described_and_the_package_validates_as_parquet_and_csv(filled, archive_location, tmp_path, dataset):
    for fmt in ("parquet", "csv"):  # Parquet goes through pandas inside frictionless
        out = tmp_path / fmt
        assert run_cli(["pull", "--archive", archive_location, "--dataset", dataset, "--format", fmt, "--out", str(out)]) == 0
        report = frictionless.validate(str(out / "datapackage.json"))
        assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
        descriptor = _descriptor(out)
        fields = [f for r in descriptor["resources"] for f in r["schema"]["fields"]]
        assert fields and all(f.get("description") for f in fields), [f["name"] for f in fields if not f.get("description")]
        assert descriptor["licenses"][0]["name"] and descriptor["sources"]
    if dataset == "line_items":
        assert "http://127.0.0.1/yq/attach/000-office.pdf" in {s["path"] for s in descriptor["sources"]}


def test_csv_pulls_start_with_a_utf8_byte_order_mark(filled, archive_location, tmp_path):
    run_cli(["pull", "--archive", archive_location, "--format", "csv", "--out", str(tmp_path / "p")])
    (resource,) = [r for r in _descriptor(tmp_path / "p")["resources"] if r["name"] == "line_items-budget"]
    assert resource["encoding"] == "utf-8-sig"
    assert (tmp_path / "p" / resource["path"]).read_bytes().startswith(b"\xef\xbb\xbf")  # Excel then reads UTF-8


def test_performance_funds_are_numbers_in_yuan(archive):
    result = truth_result("000").model_copy(deep=True)
    target = result.performance_targets[0]
    target.funds_total, target.funds_year = "276,000", "211,600"  # the form prints 项目资金（元）
    with archive.run():
        archive.put_parse(result)
    row = next(r for r in load(archive, "performance_targets").to_pylist() if r["table_id"] == target.table_id)
    assert (row["funds_total"], row["funds_year"]) == (Decimal("276000"), Decimal("211600"))


def test_form_rows_carry_the_unit_the_form_prints(filled):
    forms = load(filled, table_kind="project_performance", year=2025).to_pylist()
    funds = [r for r in forms if r["label"].startswith("项目资金")]
    assert funds and {r["unit"] for r in funds} == {"元"}
    assert {r["value_yuan"] for r in funds if r["value_text"] == "100,000"} == {Decimal("100000")}


def test_checks_carry_the_unit_of_their_figures(archive):
    from govbudget.schema import CheckResult

    result = truth_result("000").model_copy(deep=True)
    result.checks = [
        CheckResult(check_id="children_sum", scope="t01 revenue_summary [201] 本年收入/合计", expected=Decimal("144.20"), actual=Decimal("144.20"), passed=True),
        CheckResult(check_id="narrative.basic", scope="text p.3 “基本支出167.73万元” vs t02 expenditure_summary [合计] 预算数/基本支出", expected=Decimal("1"), actual=Decimal("1"), passed=True),
        CheckResult(check_id="ocr_unverified", scope="a page image", passed=False),
    ]
    with archive.run():
        archive.put_parse(result)
    units = {r["check_id"]: r["unit"] for r in load(archive, "checks").to_pylist()}
    assert units == {"children_sum": "万元", "narrative.basic": "万元", "ocr_unverified": None}


def test_a_pull_into_a_used_directory_replaces_the_previous_pull(filled, archive_location, tmp_path):
    out = tmp_path / "pull"
    run_cli(["pull", "--archive", archive_location, "--format", "csv", "--out", str(out)])
    run_cli(["pull", "--archive", archive_location, "--kind", "final_account", "--format", "parquet", "--out", str(out)])
    listed = {r["path"] for r in _descriptor(out)["resources"]}
    assert {p.name for p in out.iterdir()} == listed | {"datapackage.json"}
    assert all(name.endswith(".parquet") for name in listed)


def test_a_pull_refuses_a_directory_holding_other_files(filled, archive_location, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(InputError, match="not a previous pull"):
        run_cli(["pull", "--archive", archive_location, "--out", str(out)])
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_publisher_matches_part_of_the_name(filled):
    assert set(load(filled, publisher="阳泉").column("publisher").to_pylist()) == {"阳泉市12315投诉举报中心"}
    assert set(load(filled, publisher="投诉举报中心").column("publisher").to_pylist()) == {"阳泉市12315投诉举报中心", "山西省政务服务投诉举报中心"}


def test_a_filter_matching_nothing_says_so_and_fails(filled, archive_location, tmp_path, capsys):
    out = tmp_path / "none"
    assert run_cli(["pull", "--archive", archive_location, "--publisher", "太原", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "--publisher 太原 matches nothing" in err and "nothing written" in err
    assert not out.exists()
    assert run_cli(["pull", "--archive", archive_location, "--publisher", "阳泉", "--publisher", "太原", "--out", str(out)]) == 1
    assert "--publisher 太原 matches nothing" in capsys.readouterr().err
    assert (out / "datapackage.json").exists()  # the part that matched is written


def test_runs_command_lists_the_ids_as_of_takes(filled, archive_location, capsys):
    with filled.run("run-2"):
        filled.put_parse(truth_result("004"))
    assert run_cli(["runs", "--archive", archive_location]) == 0
    listed = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()}
    assert {"run-1", "run-2"} <= set(listed) and "complete" in listed["run-2"]




def test_a_one_publisher_pull_opens_only_the_files_that_can_hold_it(archive, monkeypatch):
    for n, name in enumerate(("000", "002", "004", "003")):  # one run each: a file per run and partition
        with archive.run(f"run-{n}"):
            archive.put_parse(truth_result(name))
    everything = load(archive, table_kind="expenditure_summary")
    opened = []
    live_files = archive.tables.live_files

    def counted(*args, **kwargs):
        found = live_files(*args, **kwargs)
        opened.append(len(found[1]))
        return found

    monkeypatch.setattr(archive.tables, "live_files", counted)
    one = load(archive, publisher="阳泉", table_kind="expenditure_summary")
    assert opened[-1] == 1 < len(everything.column("doc_id").unique())  # of the 4 files of that kind
    assert one.sort_by("doc_id").equals(everything.filter(pc.match_substring(everything["publisher"], "阳泉")).sort_by("doc_id"))
    two = load(archive, publisher="中心", table_kind="expenditure_summary", as_of="run-1")  # resolved in that run's catalog
    assert set(two.column("publisher").to_pylist()) == {truth_result(n).document.publisher for n in ("000", "002")}
    assert opened[-1] == 2


def _files(directory):
    return {p.name: p.read_bytes() for p in directory.iterdir()}


def test_a_pull_streams_batches_and_writes_every_row_once(filled, archive_location, tmp_path):
    stream = pull_stream(filled, Selection())
    pieces = list(stream)
    assert stream.unmatched == []  # known once the stream is read (its memory: benchmarks/archive_scale.py)
    streamed = pa.concat_tables(pieces)
    assert streamed.num_rows == stream.rows == load(filled).num_rows
    out = tmp_path / "pull"
    run_cli(["pull", "--archive", archive_location, "--out", str(out)])
    written = pa.concat_tables(pq.read_table(out / r["path"]) for r in _descriptor(out)["resources"])
    keys = [("doc_id", "ascending"), ("table_id", "ascending"), ("row_seq", "ascending"), ("side", "ascending"), ("column_key", "ascending")]
    assert written.num_rows == streamed.num_rows
    assert written.select(streamed.column_names).sort_by(keys).equals(streamed.sort_by(keys))


def test_a_refused_pull_leaves_the_previous_pull_as_it_was(filled, archive_location, tmp_path):
    out = tmp_path / "pulls" / "pull"
    run_cli(["pull", "--archive", archive_location, "--out", str(out)])
    before = _files(out)
    assert run_cli(["pull", "--archive", archive_location, "--publisher", "太原", "--out", str(out)]) == 1
    assert _files(out) == before and [p.name for p in out.parent.iterdir()] == ["pull"]  # no staging left behind


def test_a_pull_that_fails_while_reading_leaves_the_previous_pull_as_it_was(filled, archive_location, tmp_path):
    out = tmp_path / "pulls" / "pull"
    run_cli(["pull", "--archive", archive_location, "--out", str(out)])
    before = _files(out)
    data = sorted(filled.tables.dataset("line_items").files)
    filled.store.delete(f"{TABLES}/line_items/{data[-1]}")  # a file the log lists is gone (a disk fault, a bad copy)
    with pytest.raises(StorageError, match="line_items"):
        run_cli(["pull", "--archive", archive_location, "--out", str(out)])
    assert _files(out) == before and [p.name for p in out.parent.iterdir()] == ["pull"]


def test_a_killed_pulls_staging_is_removed_by_the_next_pull(filled, archive_location, tmp_path):
    out = tmp_path / "pulls" / "pull"
    dead = subprocess.Popen(["true"])  # a pid that has ended
    dead.wait()
    abandoned = out.parent / f".pull.pulling-{dead.pid}-x1"
    abandoned.mkdir(parents=True)
    (abandoned / "line_items-budget.parquet").write_bytes(b"half")
    running = out.parent / f".pull.pulling-{os.getpid()}-x2"  # a pull still going: left alone
    running.mkdir()
    run_cli(["pull", "--archive", archive_location, "--out", str(out)])
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(["pull", running.name])


def _pull_in_a_child(archive_location: str, out, *, file_size_limit: int, fmt: str) -> subprocess.CompletedProcess:
    """``govbudget pull`` as a program whose files may not grow past ``file_size_limit`` bytes (RLIMIT_FSIZE:
    the kernel's own "File too large", a full disk's failure arriving at a chosen byte)."""
    import resource
    import sys

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

    return subprocess.run([sys.executable, "-m", "govbudget", "pull", "--archive", archive_location, "--format", fmt,
                           "--out", str(out)], preexec_fn=limit, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])  # CSV fails while reading; Parquet (row groups gathered) while closing
def test_a_pull_that_cannot_write_midway_exits_with_one_line_and_leaves_the_previous_pull(archive, archive_location, tmp_path, fmt):
    with archive.run("many-files"):  # one commit per document: the read has files ahead of it when the write fails
        archive.put_original(corpus_pdf("000-office.pdf"), corpus_raw("000-office.pdf"))
    for name in ("000", "000-2024", "002", "003"):
        with archive.run(f"run-{name}"):
            archive.put_parse(truth_result(name))
    out = tmp_path / "pulls" / "pull"
    run_cli(["pull", "--archive", archive_location, "--table", "three_public", "--out", str(out)])
    before = _files(out)
    done = _pull_in_a_child(archive_location, out, file_size_limit=16 * 1024, fmt=fmt)  # every line item's file is larger
    assert done.returncode == 1, done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith(f"govbudget: error: {out}: cannot write the pull: ") and "too large" in line
    assert _files(out) == before and [p.name for p in out.parent.iterdir()] == ["pull"]


@pytest.mark.slow
def test_a_stream_left_half_read_does_not_crash_or_hang_the_interpreters_exit(tmp_path):
    """A notebook or script that stops reading a stream early and ends. pyarrow's serial scan, torn down
    with the interpreter while it still had files ahead, crashed it (SIGSEGV) or hung it for good:
    600 documents are 76,500 line items, more than one streamed batch."""
    import sys

    from govbudget import storage
    from tests.storage.synthetic import batch, ingest_run

    location = str(tmp_path / "archive")
    ingest_run(storage.open_archive(location), batch(range(600)))
    script = ("import sys\nfrom govbudget.storage import open_archive\nfrom govbudget.storage.pull import Selection, pull_stream\n"
              "rows = iter(pull_stream(open_archive(sys.argv[1]), Selection()))\n"
              "print(next(rows).num_rows)\n")
    done = subprocess.run([sys.executable, "-c", script, location], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert 0 < int(done.stdout) < 600 * 1275


def test_pulled_parquet_keeps_statistics_where_rows_are_grouped(filled, archive_location, tmp_path):
    """Min/max per row group for numbers and the columns rows come grouped by (a reader skips row groups
    by them); none for labels and codes, which every row group mixes (their statistics cost, skip nothing)."""
    out = tmp_path / "pull"
    run_cli(["pull", "--archive", archive_location, "--out", str(out)])
    row_group = pq.ParquetFile(out / "line_items-budget.parquet").metadata.row_group(0)
    stats = {row_group.column(i).path_in_schema: row_group.column(i).is_stats_set for i in range(row_group.num_columns)}
    assert stats["publisher"] and stats["doc_id"] and stats["fiscal_year"] and stats["value_yuan"]
    assert not stats["label"] and not stats["column_label"] and not stats["code"]
