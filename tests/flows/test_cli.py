"""``govbudget crawl`` runs the pipeline now, on the ephemeral API, and prints the run report."""

from __future__ import annotations

import json

from govbudget.cli import main


def test_crawl_runs_the_pipeline_and_prints_the_report(replica, tmp_path, capsys):
    _, registry = replica
    code = main(["crawl", "--registry", registry, "--portal", "replica-sx-bmp", "--archive", str(tmp_path / "a"), "--json"])
    report = json.loads(capsys.readouterr().out)
    assert (code, [c["portal_id"] for c in report["crawls"]], sorted(d["parse"] for d in report["documents"])) == (
        0, ["replica-sx-bmp"], ["parsed", "parsed"])


def test_crawl_dry_run_stores_nothing(replica, tmp_path, capsys):
    _, registry = replica
    assert main(["crawl", "--registry", registry, "--portal", "replica-sx-bmp", "--dry-run", "--json",
                 "--archive", str(tmp_path / "a")]) == 0
    assert (json.loads(capsys.readouterr().out)["documents_found"], (tmp_path / "a").exists()) == (2, False)
