"""``govbudget migrate-archive``: an archive written by the code before Delta tables, converted and checked."""

from __future__ import annotations

from pathlib import Path

from govbudget.schema.datasets import DATASETS
from govbudget.storage.migrate import RECOMPUTED, old_columns, old_rows
from govbudget.storage.pull import load
from tests.storage.helpers import run_cli

OLD = Path(__file__).resolve().parents[1] / "fixtures" / "archive_v1" / "archive"  # see its make.py


def copy_old_archive(archive) -> None:
    for path in sorted(p for p in OLD.rglob("*") if p.is_file()):
        archive.store.put(path.relative_to(OLD).as_posix(), path.read_bytes())


def test_migration_keeps_every_row_the_old_pull_returned(archive, archive_location, capsys):
    copy_old_archive(archive)
    before = {name: old_rows(archive, name) for name in DATASETS}
    assert before["line_items"].num_rows > 0
    assert run_cli(["migrate-archive", "--archive", archive_location]) == 0
    out = capsys.readouterr().out
    assert "4 document(s) migrated" in out and "pulls before and after agree" in out
    for name, rows in before.items():
        # every row kept; value_yuan/unit/measure follow today's money rule (migrate.RECOMPUTED)
        compared = [c for c in rows.column_names if c in old_columns(archive, name) and c not in RECOMPUTED]
        after = load(archive, name, all_editions=True).select(compared)
        assert sorted(map(str, after.to_pylist())) == sorted(map(str, rows.select(compared).to_pylist()))


def test_after_migration_the_default_read_holds_the_current_edition_only(archive, archive_location):
    copy_old_archive(archive)
    assert run_cli(["migrate-archive", "--archive", archive_location]) == 0
    catalog = {e["doc_id"]: e for e in archive.catalog()}
    republished = next(e for e in catalog.values() if e.get("republication_of"))
    first = catalog[republished["republication_of"]]
    assert (first["edition"], first["is_current"], republished["edition"], republished["is_current"]) == (1, False, 2, True)
    current = set(load(archive).column("doc_id").to_pylist())
    assert republished["doc_id"] in current and first["doc_id"] not in current


def test_migrating_twice_changes_nothing(archive, archive_location):
    copy_old_archive(archive)
    assert run_cli(["migrate-archive", "--archive", archive_location]) == 0
    versions = archive.table_versions()
    assert run_cli(["migrate-archive", "--archive", archive_location]) == 0
    assert archive.table_versions() == versions


def test_old_runs_say_they_predate_the_tables(archive, archive_location, capsys):
    copy_old_archive(archive)
    run_cli(["migrate-archive", "--archive", archive_location])
    from govbudget.cli import main

    assert main(["pull", "--archive", archive_location, "--as-of", "20250201T080000000000Z-v1a", "--out", "/nonexistent"]) == 2
    assert "predates the table format" in capsys.readouterr().err
