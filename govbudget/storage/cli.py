"""``govbudget pull`` and ``govbudget changes``: the archive's research-facing commands."""

from __future__ import annotations

import argparse
import sys

from govbudget import cli_options as options
from govbudget.schema.datasets import DATASETS

KINDS = ("budget", "final_account")


def register(subparsers: argparse._SubParsersAction) -> None:
    pull = subparsers.add_parser("pull", help="write selected dataset records plus a datapackage.json")
    options.add_archive(pull)
    pull.add_argument("--dataset", default="line_items", choices=sorted(DATASETS), help="which dataset (default line_items)")
    pull.add_argument("--region", action="append", default=[], help="province/city/county name (repeatable)")
    pull.add_argument("--publisher", action="append", default=[], help="publishing unit, or part of its name (repeatable)")
    options.add_years(pull, "fiscal year (repeatable)")
    pull.add_argument("--kind", action="append", choices=KINDS, default=[], help="budget or final_account (repeatable)")
    pull.add_argument("--table", action="append", default=[], metavar="KIND", help="table kind, e.g. revenue_summary (repeatable)")
    pull.add_argument("--format", choices=("parquet", "csv"), default="parquet", help="file format (default parquet)")
    pull.add_argument("--as-of", dest="as_of", metavar="RUN|DATE", help="the data as it stood after a run / on a date")
    pull.add_argument("--all-editions", action="store_true", help="every edition of re-published documents (default: the current one)")
    pull.add_argument("--out", required=True, metavar="DIR", help="directory: new, empty, or a previous pull's (its files are replaced)")
    pull.set_defaults(func=run_pull)

    add = subparsers.add_parser("add", help="archive and parse PDFs you already have, as a crawl run would")
    add.add_argument("paths", nargs="+", metavar="FILE|DIR", help="PDF files, or directories searched for *.pdf")
    options.add_archive(add, writes=True)
    add.add_argument("--source-url", dest="source_url", metavar="URL", help="where the (one) PDF was published")
    add.add_argument("--publisher", help="the publishing unit, for documents that do not print its name")
    add.add_argument("--workers", type=options.positive_int, default=None, help="parser processes (default: one per core)")
    add.set_defaults(func=run_add)

    changes = subparsers.add_parser("changes", help="year-over-year and re-publication changes, largest first")
    options.add_archive(changes)
    changes.add_argument("--publisher", help="units whose name contains this")
    changes.add_argument("--from", dest="from_year", type=options.fiscal_year, metavar="YEAR", help="earlier fiscal year of the comparison")
    changes.add_argument("--to", dest="to_year", type=options.fiscal_year, metavar="YEAR", help="later fiscal year of the comparison")
    changes.add_argument("--no-republications", dest="republications", action="store_false", help="leave out comparisons between editions of one document")
    changes.add_argument("--out", default="changes", metavar="DIR", help="where to write the change report (default ./changes)")
    changes.set_defaults(func=run_changes)

    verify = subparsers.add_parser("verify-archive", help="check the archive for partial objects and dangling pointers")
    options.add_archive(verify)
    verify.set_defaults(func=run_verify)

    migrate = subparsers.add_parser("migrate-archive", help="convert an archive of the old layout (Parquet parts + JSON catalog) to Delta tables")
    options.add_archive(migrate, writes=True)
    migrate.set_defaults(func=run_migrate)

    compact = subparsers.add_parser("compact-archive", help="merge the tables' small files; with --vacuum, delete files no reachable run reads")
    options.add_archive(compact, writes=True)
    compact.add_argument("--vacuum", action="store_true", help="also delete files unreachable from runs of the last --retain-days")
    compact.add_argument("--retain-days", type=options.positive_int, default=None, help="how far back --as-of must keep working (default 400)")
    compact.set_defaults(func=run_compact)

    runs = subparsers.add_parser("runs", help="list the archive's runs (for --as-of)")
    options.add_archive(runs)
    runs.set_defaults(func=run_runs)


def run_pull(args: argparse.Namespace) -> int:
    from rich.progress import Progress

    from govbudget.storage.datapackage import StagedPackage
    from govbudget.storage.pull import Selection, pull_stream

    archive = open_for_reading(args.archive)
    selection = Selection(
        table=args.dataset,
        regions=tuple(args.region),
        publishers=tuple(args.publisher),
        years=tuple(args.years),
        kinds=tuple(args.kind),
        table_kinds=tuple(args.table),
        as_of=args.as_of,
        all_editions=args.all_editions,
    )
    stream = pull_stream(archive, selection)
    staged = StagedPackage(args.dataset, args.out, args.format)
    try:
        with stream, Progress(transient=True, console=_stderr_console()) as progress:
            task = progress.add_task(f"{args.dataset} rows written", total=None)
            for table in stream:
                staged.write(table)
                progress.update(task, completed=staged.rows)
        for unmatched in stream.unmatched:
            print(f"govbudget: {unmatched} matches nothing{f' in run {stream.run_id}' if stream.run_id else ''}", file=sys.stderr)
        if staged.rows == 0 and stream.unmatched:
            staged.discard()
            print(f"govbudget: error: nothing written to {args.out}", file=sys.stderr)
            return 1
    except BaseException:
        staged.discard()
        raise
    described = {k: v for k, v in vars(args).items() if k not in {"func", "log_level", "command"}}
    described["archive"] = archive.location
    path = staged.publish(stream.schema, run_id=stream.run_id, selection=described)
    at = f"as run {stream.run_id} left them, table version {stream.version}" if stream.run_id else "latest"
    print(f"{staged.rows} {args.dataset} rows ({at}) → {path}")
    return 1 if stream.unmatched else 0


def run_add(args: argparse.Namespace) -> int:
    from govbudget.storage import open_archive
    from govbudget.storage.add import add_files

    def said(file, result, failure) -> None:
        if result is None:
            print(f"govbudget: error: {file.path}: {failure}", file=sys.stderr)
            return
        doc = result.document
        print(f"{file.path}: {doc.title or doc.publisher or '(untitled)'} [{doc.fiscal_year or '?'} {doc.kind or '?'}] {doc.doc_id[:12]}")

    archive = open_archive(args.archive)
    report = add_files(archive, args.paths, source_url=args.source_url, publisher=args.publisher, workers=args.workers, on_file=said)
    print(f"{len(report.parsed)} document(s) parsed into {archive.location}, run {report.ingest.run_id}"
          + (f"; {len(report.failed)} failed (listed in the run manifest)" if report.failed else ""))
    return 1 if report.failed else 0


def run_changes(args: argparse.Namespace) -> int:
    from govbudget.changes.report import write_report
    from govbudget.changes.republication import republications
    from govbudget.changes.series import headline_series
    from govbudget.changes.year_over_year import year_over_year

    archive = open_for_reading(args.archive)
    catalog = archive.catalog()
    sets = year_over_year(archive, publisher=args.publisher, from_year=args.from_year, to_year=args.to_year, catalog=catalog)
    if args.republications:
        sets += republications(archive, catalog=catalog, publisher=args.publisher)
    series = headline_series(archive, catalog, publishers={s.publisher for s in sets if s.publisher} | {s.renamed_from for s in sets if s.renamed_from})
    paths = write_report(sets, args.out, series)
    cells = sum(len(s.changes) for s in sets)
    print(f"{len(sets)} comparison(s), {cells} changed cell(s) → {paths['markdown']}, {paths['html']}")
    if not sets and args.publisher:
        print(f"govbudget: --publisher {args.publisher} matches no unit the archive can compare", file=sys.stderr)
        return 1
    return 0


def run_verify(args: argparse.Namespace) -> int:
    from govbudget.storage.verify import verify

    archive = open_for_reading(args.archive)
    problems = verify(archive)
    for problem in problems:
        print(problem)
    print(f"{archive.location}: {'consistent' if not problems else f'{len(problems)} problem(s)'}")
    return 1 if problems else 0


def open_for_reading(location: str | None):
    """The archive a reading command names; one line and exit 2 when it holds none."""
    from govbudget.storage import check_readable, open_archive, resolve_location

    location = resolve_location(location)
    check_readable(location)
    return open_archive(location)


def _stderr_console():
    from rich.console import Console

    return Console(file=sys.stderr)


def run_migrate(args: argparse.Namespace) -> int:
    from govbudget.storage.migrate import migrate

    archive = open_for_reading(args.archive)
    done = migrate(archive)
    rows = ", ".join(f"{name} {count}" for name, count in done.rows.items())
    for problem in done.mismatches:
        print(f"govbudget: error: {archive.location}: {problem}", file=sys.stderr)
    print(f"{done.documents} document(s) migrated in run {done.run_id} ({rows} rows); "
          f"pulls before and after {'differ' if done.mismatches else 'agree'}")
    return 1 if done.mismatches else 0


def run_compact(args: argparse.Namespace) -> int:
    from govbudget.errors import InputError
    from govbudget.storage import compaction
    from govbudget.storage.archive import TABLE_NAMES

    if args.retain_days is not None and not args.vacuum:
        raise InputError("--retain-days", "only applies with --vacuum")
    days = compaction.RETAIN_DAYS if args.retain_days is None else args.retain_days
    if days < 1:
        raise InputError("--retain-days", "must be at least 1")
    archive = open_for_reading(args.archive)
    optimized = compaction.optimize(archive, TABLE_NAMES)
    for name, metrics in optimized.items():
        print(f"{name}: {metrics['numFilesRemoved']} file(s) merged into {metrics['numFilesAdded']}")
    if args.vacuum:
        for name, files in compaction.vacuum(archive, TABLE_NAMES, days).items():
            print(f"{name}: {len(files)} unreachable file(s) deleted (runs of the last {days} days stay readable)")
    return 0


def run_runs(args: argparse.Namespace) -> int:
    archive = open_for_reading(args.archive)
    lines = {}
    for run_id in archive.run_ids():
        manifest = archive.manifest(run_id) or {}
        counts = manifest.get("counts", {})
        lines[run_id] = (f"{run_id}  {manifest.get('finished_at')}  {manifest.get('status')}  "
                         f"added {counts.get('documents_added', 0)}, changed {counts.get('documents_changed', 0)}")
    for marker in archive.interrupted_runs():  # killed before its manifest: never shown as complete
        lines[marker["run_id"]] = (f"{marker['run_id']}  -  interrupted  "
                                   f"(started {marker['started_at']} by pid {marker['pid']} on {marker['host']})")
    for run_id in sorted(lines):
        print(lines[run_id])
    return 0
