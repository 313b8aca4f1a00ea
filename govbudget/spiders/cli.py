"""``govbudget portals list|check``, and the dry run of ``govbudget crawl`` (govbudget.flows.cli owns the command)."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from govbudget import cli_options as options



def register(subparsers: argparse._SubParsersAction) -> None:
    portals = subparsers.add_parser("portals", help="list the portal registry or check portals are reachable")
    actions = portals.add_subparsers(dest="portals_command", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="the portals of the registry")
    options.add_registry(listing)
    options.add_json(listing, "one portal per line instead of a table")
    listing.set_defaults(func=cmd_portals_list)

    check = actions.add_parser("check", help="fetch each portal's start page: reachable, blocked or unreachable")
    options.add_registry(check)
    check.add_argument("ids", nargs="*", metavar="ID", help="portal ids (default: every enabled portal)")
    check.add_argument("--timeout", type=float, default=20.0, help="seconds per request (default 20)")
    check.add_argument("--mark", action="store_true", help="set verified: true in the registry for reachable portals")
    check.set_defaults(func=cmd_portals_check)

    discover = actions.add_parser("discover", help="draft a registry entry (YAML) from a home page or column URL")
    discover.add_argument("url", metavar="URL", help="a portal's home page, section page or disclosure column")
    discover.add_argument("--timeout", type=float, default=20.0, help="seconds per request (default 20)")
    discover.set_defaults(func=cmd_portals_discover)



def cmd_portals_list(args: argparse.Namespace) -> int:
    from govbudget.spiders.registry import load_registry

    portals = load_registry(args.registry).portals
    if args.json:
        for portal in portals:
            print(portal.model_dump_json())
        return 0
    table = Table("id", "name", "family", "region", "verified", "enabled", "start URL")
    for p in portals:
        table.add_row(p.id, p.name, p.family.value, "/".join(p.region), "yes" if p.verified else "no",
                      "yes" if p.enabled else "no", p.start_urls[0])
    Console().print(table)
    return 0


def cmd_portals_check(args: argparse.Namespace) -> int:
    from govbudget.spiders.check import check_portal, mark_verified
    from govbudget.spiders.registry import DEFAULT_REGISTRY, load_registry

    registry = load_registry(args.registry)
    portals = registry.select(args.ids or None)
    results = []
    with Progress(transient=True) as progress:
        task = progress.add_task("checking portals", total=len(portals))
        for portal in portals:
            results.append(check_portal(portal, args.timeout))
            progress.advance(task)
    table = Table("id", "status", "detail", "robots.txt", "verified before", "URL")
    for portal, result in zip(portals, results):
        robots = {True: "allows", False: "DISALLOWS", None: "unknown"}[result.robots_allowed]
        table.add_row(result.portal_id, result.status, result.detail, robots, "yes" if portal.verified else "no", result.url)
    Console().print(table)
    reachable = [r.portal_id for r in results if r.status == "reachable"]
    if args.mark and reachable:
        marked = mark_verified(Path(args.registry or DEFAULT_REGISTRY), reachable)
        print(f"marked verified: {', '.join(marked) or 'none (already verified)'}")
    return 0 if len(reachable) == len(results) else 1


def cmd_portals_discover(args: argparse.Namespace) -> int:
    from govbudget.spiders.discover import discover, entry_yaml

    entry, notes = discover(args.url, args.timeout)
    print(entry_yaml(entry, notes), end="")
    return 0


def dry_run(portals: list[str] | None, registry: Path | None, year: int | None, *, as_json: bool = False) -> int:
    """``govbudget crawl --dry-run``: what the spiders find, downloading and storing nothing."""
    from govbudget.spiders.crawl import run_crawl

    console = Console(stderr=True)
    with console.status("crawling…"):
        result = run_crawl(portals, None, registry=registry, year=year, dry_run=True)
    if as_json:
        print(result.report.model_dump_json())
        return 0
    out = Console()
    table = Table("portal", "title", "year", "kind", "attachment")
    for found in result.found:
        c = found.classification
        table.add_row(found.context.portal_id, found.context.title or "", str(c.fiscal_year or ""), c.kind or "", found.url)
    out.print(table)
    _print_report(out, result.report)
    return 0


# (header, per-portal count) of the printed report; the JSON report has every count in full
COLUMNS = (("pages", "pages"), ("art", "articles"), ("found", "found"), ("new", "new"), ("chg", "changed"),
           ("304", "unchanged"), ("dup", "duplicate"), ("dl", "downloaded"), ("rej", "rejected"), ("fail", "failed"),
           ("off", "offsite"), ("bytes", "bytes"))
LEGEND = ("art: articles opened, chg: re-published, 304: not modified, dup: known bytes at a new URL, "
          "dl: bodies downloaded, rej: rejected bytes, fail: rejected + fetch errors, off: off-site links not requested")


def _print_report(out: Console, report) -> None:
    """One row per portal (blocked ones in red), a total row, paging per portal, then what
    needs a person: each blocked portal with its URL and challenge, flags, off-site links, failures."""
    from rich import box

    table = Table(title="crawl report", box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 1, 0, 0))
    table.add_column("portal", no_wrap=True)
    for header, _ in COLUMNS:
        table.add_column(header, justify="right", no_wrap=True, min_width=len(header))
    totals: dict[str, int] = {}
    for portal_id, counts in report.per_portal.items():
        label = f"[red]{portal_id}[/]" if portal_id in report.blocked else portal_id
        table.add_row(label, *_count_cells(counts))
        for key, value in counts.items():
            totals[key] = totals.get(key, 0) + value
    table.add_row("[bold]total[/]", *_count_cells(totals))
    out.print(table)
    out.print(LEGEND, style="dim", soft_wrap=True)
    for portal_id, method in report.paging.items():
        missing = report.per_portal.get(portal_id, {}).get("missing", 0)
        out.print(f"paging {portal_id}: {method}" + (f" ({missing} list page(s) missing)" if missing else ""), soft_wrap=True)
    for portal_id, where in report.blocked.items():
        out.print(f"[bold red]blocked[/] {portal_id}: {where}", soft_wrap=True)
    for flag in report.flags:
        out.print(f"[bold yellow]flag[/] {flag}", soft_wrap=True)
    for portal_id, urls in report.offsite.items():
        for url in urls:
            out.print(f"[yellow]off-site, not requested[/] {portal_id}: {url}", soft_wrap=True)
    for failure in report.failures:
        out.print(f"[red]failed[/] {failure['portal']}: {failure['url']}: {failure['reason']}", soft_wrap=True)


def _count_cells(counts: dict[str, int]) -> list[str]:
    """Counts as printed, bytes as 3.0M / 717k so the table fits 80 columns (the JSON report keeps them exact)."""
    return [_compact_bytes(counts.get(k, 0)) if k == "bytes" else str(counts.get(k, 0)) for _, k in COLUMNS]


def _compact_bytes(n: int) -> str:
    return f"{n / 1e6:.1f}M" if n >= 1e6 else f"{n / 1e3:.0f}k" if n >= 1e3 else str(n)
