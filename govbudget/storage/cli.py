"""``govbudget pull`` and ``govbudget changes``: the archive's research-facing commands."""

from __future__ import annotations

import argparse
import sys

from govbudget.storage.datasets import DATASETS

KINDS = ("budget", "final_account")


def register(subparsers: argparse._SubParsersAction) -> None:
    pull = subparsers.add_parser("pull", help="write selected dataset records plus a datapackage.json")
    pull.add_argument("--archive", help="archive location (default $GOVBUDGET_ARCHIVE or ./archive)")
    pull.add_argument("--dataset", default="line_items", choices=sorted(DATASETS))
    pull.add_argument("--region", action="append", default=[], help="province/city/county name (repeatable)")
    pull.add_argument("--publisher", action="append", default=[], help="publishing unit, or part of its name (repeatable)")
    pull.add_argument("--year", action="append", type=int, default=[], help="fiscal year (repeatable)")
    pull.add_argument("--kind", action="append", choices=KINDS, default=[])
    pull.add_argument("--table", nargs="+", default=[], metavar="KIND", help="table kinds, e.g. revenue_summary")
    pull.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    pull.add_argument("--as-of", dest="as_of", metavar="RUN|DATE", help="the data as it stood after a run / on a date")
    pull.add_argument("--out", required=True, help="directory: new, empty, or a previous pull's (its files are replaced)")
    pull.set_defaults(func=run_pull)

    add = subparsers.add_parser("add", help="archive and parse PDFs you already have, as a crawl run would")
    add.add_argument("paths", nargs="+", metavar="FILE|DIR", help="PDF files, or directories searched for *.pdf")
    add.add_argument("--archive", help="archive location (default $GOVBUDGET_ARCHIVE or ./archive)")
    add.add_argument("--source-url", dest="source_url", metavar="URL", help="where the (one) PDF was published")
    add.add_argument("--publisher", help="the publishing unit, for documents that do not print its name")
    add.add_argument("--workers", type=int, default=None, help="parser processes (default: one per core)")
    add.set_defaults(func=run_add)

    runs = subparsers.add_parser("runs", help="list the archive's runs (the ids --as-of takes)")
    runs.add_argument("--archive", help="archive location (default $GOVBUDGET_ARCHIVE or ./archive)")
    runs.set_defaults(func=run_runs)

    changes = subparsers.add_parser("changes", help="year-over-year and re-publication changes, largest first")
    changes.add_argument("--archive", help="archive location (default $GOVBUDGET_ARCHIVE or ./archive)")
    changes.add_argument("--publisher", help="units whose name contains this")
    changes.add_argument("--from", dest="from_year", type=int)
    changes.add_argument("--to", dest="to_year", type=int)
    changes.add_argument("--no-republications", dest="republications", action="store_false")
    changes.add_argument("--out", default="changes")
    changes.set_defaults(func=run_changes)

    verify = subparsers.add_parser("verify-archive", help="check the archive for partial objects and dangling pointers")
    verify.add_argument("--archive", help="archive location (default $GOVBUDGET_ARCHIVE or ./archive)")
    verify.set_defaults(func=run_verify)


def run_pull(args: argparse.Namespace) -> int:
    from rich.progress import Progress

    from govbudget.storage import open_archive
    from govbudget.storage.datapackage import write_package
    from govbudget.storage.pull import Selection, pull

    archive = open_archive(args.archive)
    selection = Selection(
        table=args.dataset,
        regions=tuple(args.region),
        publishers=tuple(args.publisher),
        years=tuple(args.year),
        kinds=tuple(args.kind),
        table_kinds=tuple(args.table),
        as_of=args.as_of,
    )
    with Progress(transient=True, console=_stderr_console()) as progress:
        task = progress.add_task("reading parts", total=None)
        result = pull(archive, selection, on_file=lambda done, total: progress.update(task, completed=done, total=total))
    for unmatched in result.unmatched:
        print(f"govbudget: {unmatched} matches nothing in run {result.run_id}", file=sys.stderr)
    if result.table.num_rows == 0 and result.unmatched:
        print(f"govbudget: error: nothing written to {args.out}", file=sys.stderr)
        return 1
    described = {k: v for k, v in vars(args).items() if k not in {"func", "log_level", "command"}}
    described["archive"] = archive.location
    path = write_package(result.table, args.dataset, args.out, args.format, run_id=result.run_id, selection=described)
    print(f"{result.table.num_rows} {args.dataset} rows from {len(result.files)} part file(s), run {result.run_id} → {path}")
    return 1 if result.unmatched else 0


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


def run_runs(args: argparse.Namespace) -> int:
    from govbudget.storage import open_archive
    from govbudget.storage.runs import run_summaries

    archive = open_archive(args.archive)
    summaries = run_summaries(archive.store)
    if not summaries:
        print(f"{archive.location}: no runs yet", file=sys.stderr)
        return 1
    print("run id\tfinished (UTC)\tstatus\tdocuments parsed\tadded\tchanged\tfailures\tin snapshot")
    for s in summaries:
        print("\t".join(str(v) for v in s))
    return 0


def run_changes(args: argparse.Namespace) -> int:
    from govbudget.storage import open_archive
    from govbudget.changes.report import write_report
    from govbudget.changes.republication import republications
    from govbudget.changes.series import headline_series
    from govbudget.changes.year_over_year import year_over_year

    archive = open_archive(args.archive)
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
    from govbudget.storage import open_archive
    from govbudget.storage.verify import verify

    archive = open_archive(args.archive)
    problems = verify(archive)
    for problem in problems:
        print(problem)
    print(f"{archive.location}: {'consistent' if not problems else f'{len(problems)} problem(s)'}")
    return 1 if problems else 0


def _stderr_console():
    from rich.console import Console

    return Console(file=sys.stderr)
