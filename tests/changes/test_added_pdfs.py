"""A researcher's own PDFs: ``govbudget add`` the corpus year pair, then ``govbudget changes``.

The change files must equal the corpus year-pair truth, and the HTML report, rendered
offline by headless Chromium, must show each document's own headline totals as the
truth JSON prints them.
"""

from __future__ import annotations

import json
import re
import os
import shutil
import subprocess
from collections import Counter
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pyarrow.parquet as pq
import pytest

from govbudget import storage
from govbudget.cli import main
from tests.changes.test_diff import comparable, truth_diff
from tests.storage.truth_results import CORPUS, load_truth

OLD, NEW = CORPUS / "000-2024-office.pdf", CORPUS / "000-office.pdf"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("added")
    archive = str(root / "archive")
    assert main(["add", str(OLD), "--archive", archive, "--source-url", "http://127.0.0.1/yq/2024.pdf"]) == 0
    assert main(["add", str(NEW), "--archive", archive]) == 0
    assert main(["changes", "--archive", archive, "--out", str(root / "report")]) == 0
    return {"archive": archive, "out": root / "report"}


def test_added_pdfs_give_exactly_the_truth_diff(report):
    rows = pq.read_table(report["out"] / "changes.parquet").to_pylist()
    found = Counter(comparable(SimpleNamespace(**row)) for row in rows)  # a row has a CellChange's fields
    assert found == Counter(map(comparable, truth_diff()["changes"]))
    projects = pq.read_table(report["out"] / "projects.parquet").to_pylist()
    truth = truth_diff()
    assert sorted(p["project"] for p in projects if p["change"] == "added") == truth["projects_added"]
    assert sorted(p["project"] for p in projects if p["change"] == "removed") == truth["projects_removed"]


def test_added_pdfs_keep_their_provenance(report):
    archive = storage.open_archive(report["archive"])
    entries = {e["fiscal_year"]: e for e in archive.catalog()}
    assert entries[2024]["source_url"] == "http://127.0.0.1/yq/2024.pdf"
    assert entries[2025]["source_url"] == NEW.resolve().as_uri()
    sidecar = archive.get_provenance(entries[2024]["doc_id"])
    assert OLD.resolve().as_uri() in sidecar["urls"] and sidecar["portals"] == ["local"]
    rows = pq.read_table(report["out"] / "changes.parquet").to_pylist()
    assert {r["old_url"] for r in rows} == {"http://127.0.0.1/yq/2024.pdf"}
    assert {r["new_title"] for r in rows} == {"阳泉市12315投诉举报中心2025年度单位预算公开"}


def test_adding_the_same_pdf_again_changes_nothing(report, capsys):
    archive = storage.open_archive(report["archive"])
    before = {e["doc_id"]: (e["content_digest"], e["edition"], e["run_id"]) for e in archive.catalog()}
    assert main(["add", str(NEW), "--archive", report["archive"]]) == 0
    assert {e["doc_id"]: (e["content_digest"], e["edition"], e["run_id"]) for e in archive.catalog()} == before
    latest = archive.manifest()
    assert latest["counts"]["originals_new"] == 0 and latest["counts"]["documents_changed"] == 0


def _truth_totals(name: str) -> dict[str, Decimal]:
    """Headline figures straight from the truth JSON's tables (万元 → yuan)."""
    tables = {b["kind"]: b for b in load_truth(name)["blocks"] if b["type"] == "table" and b.get("header_rows")}

    def cell(kind: str, label: str, column: int) -> Decimal:
        body = tables[kind]["rows"][tables[kind]["header_rows"]:]
        row = next(r for r in body if label in (r[0].strip(), r[2].strip() if len(r) > 2 else None))
        return Decimal(row[column].replace(",", "")) * 10000

    return {
        "total_revenue": cell("budget_summary", "收入总计", 1),
        "total_expenditure": cell("budget_summary", "支出总计", 3),
        "basic_expenditure": cell("expenditure_summary", "合计", 3),
        "project_expenditure": cell("expenditure_summary", "合计", 4),
        "three_public": cell("three_public", "合计", 1),
    }


def chromium() -> str:
    """CI must have it (.ci/run installs it); elsewhere its absence skips the browser test, saying why."""
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path and not os.environ.get("CI"):
        pytest.skip("headless Chromium renders the HTML report here: apt-get install -y chromium")
    assert path, "headless Chromium is needed to test the HTML report: apt-get install -y chromium (.ci/run does)"
    return path


def render(html: Path, out: Path) -> str:
    """The DOM Chromium builds from ``html`` (offline: file URL, no network), and a screenshot."""
    common = [chromium(), *CHROMIUM_FLAGS, "--window-size=1280,2000"]
    shot = subprocess.run([*common, f"--user-data-dir={out / 'profile-shot'}", f"--screenshot={out / 'changes.png'}", html.as_uri()],
                          capture_output=True, timeout=120)
    assert shot.returncode == 0, shot.stderr[-2000:]
    dom = subprocess.run([*common, f"--user-data-dir={out / 'profile-dom'}", "--dump-dom", html.as_uri()],
                         capture_output=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    return dom.stdout.decode("utf-8")


def test_html_report_shows_the_documents_own_totals_in_a_browser(report, tmp_path):
    html = report["out"] / "changes.html"
    source = html.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']https?://(?!127\.0\.0\.1)""", source.replace('href="http://127.0.0.1', ""))
    assert "<script src" not in source and "<link" not in source  # self-contained: nothing to fetch
    dom = render(html, tmp_path)
    print(f"screenshot: {tmp_path / 'changes.png'}")
    assert (tmp_path / "changes.png").stat().st_size > 10_000
    shown = {
        (m["metric"], int(m["year"])): Decimal(m["yuan"])
        for m in re.finditer(r'data-metric="(?P<metric>\w+)" data-year="(?P<year>\d+)" data-side="\w+" data-yuan="(?P<yuan>[\d.]+)"', dom)
    }
    expected = {(metric, year): value for name, year in (("000-2024", 2024), ("000", 2025)) for metric, value in _truth_totals(name).items()}
    assert shown == expected
    assert "194.63 万元" in dom and "199.18 万元" in dom  # printed figures, with their unit
    assert dom.count("<svg") >= 3  # headline series, largest changes, regions


def test_headline_file_carries_the_same_figures(report):
    rows = pq.read_table(report["out"] / "headlines.parquet").to_pylist()
    got = {r["metric"]: (r["old_yuan"], r["new_yuan"]) for r in rows}
    old, new = _truth_totals("000-2024"), _truth_totals("000")
    assert got == {metric: (old[metric], new[metric]) for metric in old}
    assert json.loads(json.dumps([r["label"] for r in rows], ensure_ascii=False))[0].startswith("收入总计")
