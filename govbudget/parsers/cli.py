"""``govbudget parse FILE.pdf…``: parse disclosures, print a summary or JSON Lines, write datasets."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from govbudget import cli_options as options
from govbudget.parsers.api import OCR_MODES, Outcome, parse_many
from govbudget.parsers.file_names import one_line
from govbudget.parsers.limits import Limits
from govbudget.parsers.output import FORMATS, check_out_dir, write_results


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "parse",
        help="parse budget / final-account disclosure PDFs into tables, facts and checks",
        description="Parse disclosure PDFs. Prints a summary per document (or JSON Lines with --json) "
        "and writes the records with --out.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE.pdf", help="disclosure PDFs to parse")
    parser.add_argument("--out", metavar="DIR", help="write datasets (documents, tables, line_items, …) here")
    parser.add_argument("--format", choices=FORMATS, default="parquet", help="dataset format (default parquet)")
    options.add_json(parser, "one object per input file")
    parser.add_argument("--ocr", choices=OCR_MODES, default="auto", help="OCR image-only pages (default auto)")
    parser.add_argument("--workers", type=options.positive_int, default=None, help="processes (default: one per core)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    console = Console(stderr=True)
    limits = Limits.from_env()  # a bad GOVBUDGET_* value is refused before any work
    if args.out:
        check_out_dir(args.out)  # likewise an --out that cannot become a directory
    outcomes: list[Outcome] = []
    with Progress(
        TextColumn("parsing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=len(args.files) < 2 or not console.is_terminal,
    ) as progress:
        task = progress.add_task("parse", total=len(args.files))
        for outcome in parse_many(args.files, workers=args.workers, ocr=args.ocr, limits=limits):
            outcomes.append(outcome)
            progress.advance(task)
            report(outcome, args.json, console)
    if args.out:
        written = write_results([o.result for o in outcomes if o.result], args.out, args.format)
        if not args.json:
            print(f"wrote {len(written)} datasets to {one_line(args.out)}", file=sys.stderr)
    return 1 if any(not o.ok for o in outcomes) else 0


def report(outcome: Outcome, as_json: bool, console: Console) -> None:
    if not outcome.ok:
        print(f"govbudget: error: {one_line(outcome.file)}: {one_line(outcome.error or '')}", file=sys.stderr, flush=True)
    if as_json:
        sys.stdout.write(json.dumps(outcome.to_contract(), ensure_ascii=False, default=str) + "\n")
        sys.stdout.flush()
    elif outcome.result is not None:
        print(summary(outcome))


def summary(outcome: Outcome) -> str:
    """A few readable lines per document."""
    result = outcome.result
    assert result is not None
    doc = result.document
    kinds = Counter(t.kind for t in result.tables)
    rows = sum(len(t.rows) for t in result.tables)
    failed = [c for c in result.checks if not c.passed]
    lines = [
        f"{one_line(outcome.file)}: {doc.title or doc.publisher or '(untitled)'} "
        f"[{doc.fiscal_year or '?'} {doc.kind or '?'} {doc.scope or '?'}] {doc.page_count} pages",
        "  tables: " + ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items())) + f" ({rows} rows)",
        f"  checks: {len(result.checks) - len(failed)} passed, {len(failed)} failed",
        f"  facts: {len(result.facts)}, performance targets: {len(result.performance_targets)}",
        "  pages without text layer: " + (", ".join(map(str, doc.pages_without_text)) or "none"),
    ]
    if doc.ocr_pages:
        lines.append("  pages read by OCR: " + ", ".join(map(str, doc.ocr_pages)))
    lines.extend(f"  FAILED {c.check_id}: {_failure(c)} (pages {c.pages})" for c in failed)
    return "\n".join(lines)


def _failure(check) -> str:
    """Sums say what they expected; OCR doubts (no figure to expect) say why."""
    if check.expected is None:
        return check.description
    return f"expected {check.expected}, printed {check.actual}"
