"""``govbudget crawl`` (a one-off pipeline run), ``govbudget serve`` (the schedules) and ``govbudget demo``.

Prefect is imported only after govbudget.flows.environment has made it quiet and offline,
and only after the configuration has been checked, so a typo fails in a second.
"""

from __future__ import annotations

import argparse
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from govbudget import cli_options as options, exitcodes
from govbudget.demo import DEMO_CORPUS
from govbudget.flows import environment

DEMO_PORT = 47291  # fixed, so a second demo run meets the same URLs and re-downloads nothing


def register(subparsers: argparse._SubParsersAction) -> None:
    crawl = subparsers.add_parser("crawl", help="crawl portals now: archive, parse and report what is new (one-off pipeline run)")
    crawl.add_argument("--portal", action="append", dest="portals", metavar="ID", help="portal id (repeatable; default every enabled portal)")
    crawl.add_argument("--region", action="append", dest="regions", metavar="NAME", help="only portals in this province/city/county (repeatable)")
    options.add_years(crawl)
    options.add_archive(crawl, writes=True)
    options.add_registry(crawl)
    crawl.add_argument("--dry-run", action="store_true", help="list the attachments the spiders find; download and store nothing")
    options.add_json(crawl, "the run report (or the dry run's crawl report)")
    crawl.set_defaults(func=cmd_crawl)

    serve = subparsers.add_parser("serve", help="run the scheduled deployments of prefect.yaml on this machine")
    serve.add_argument("--deployment", action="append", dest="deployments", metavar="NAME", help="only this deployment (repeatable)")
    serve.add_argument("--prefect-file", type=Path, metavar="FILE",
                       help="deployments to serve (default: the prefect.yaml shipped with govbudget; copy it to customise)")
    serve.add_argument("--show-prefect-file", action="store_true",
                       help="print the path of the shipped prefect.yaml (for `prefect deploy --prefect-file`) and exit")
    serve.add_argument("--port", type=options.positive_int, help="port of the local Prefect server started when PREFECT_API_URL is unset")
    serve.set_defaults(func=cmd_serve)

    demo = subparsers.add_parser("demo", help="crawl replica portals on 127.0.0.1 through the whole pipeline into a local archive")
    demo.add_argument("--archive", default="archive", help="local archive directory (default ./archive)")
    demo.add_argument("--corpus", type=Path, default=DEMO_CORPUS, help="PDFs the replica portals serve (default: the corpus shipped with govbudget)")
    demo.add_argument("--port", type=options.positive_int, default=DEMO_PORT, help=f"replica port on 127.0.0.1 (default {DEMO_PORT})")
    demo.set_defaults(func=cmd_demo)


def _check_configured_server() -> None:
    if environment.server_configured():
        from govbudget.flows.server import check_api

        check_api(os.environ["PREFECT_API_URL"])


@contextmanager
def _progress_bars() -> Iterator[None]:
    """Rich bars for the flow's long steps (it runs in this process on the ephemeral API)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from govbudget.flows import progress

    labels = {"crawl": "crawling portals", "parse": "parsing documents"}
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=Console(stderr=True), transient=False) as bars:
        start = bars.add_task("starting Prefect (first run creates its database)", total=None)
        steps: dict[str, int] = {}

        def on_progress(step: str, advance: int, total: int | None) -> None:
            if start in bars.task_ids and not bars.tasks[start].finished:
                bars.update(start, total=1, completed=1, description="Prefect ready")
            if step not in steps:
                steps[step] = bars.add_task(labels.get(step, step), total=total)
            if total is not None:
                bars.update(steps[step], total=total)
            bars.advance(steps[step], advance)

        with progress.listening(on_progress):
            yield


def _quiet_logs(args: argparse.Namespace) -> None:
    """Blocked portals and rejected files are in the summary and the run report; don't print them twice.

    Warnings are still made (they go to the Prefect API with the run); only the terminal
    shows errors alone. ``--log-level`` brings them back to the terminal.
    """
    import logging

    from govbudget import log

    if args.log_level is None and not os.environ.get("GOVBUDGET_LOG_LEVEL"):
        log.configure("WARNING")
        for name in ("govbudget", "spiders"):
            for handler in logging.getLogger(name).handlers:
                if handler.get_name() == log.HANDLER_NAME:
                    handler.setLevel(logging.ERROR)
        logging.getLogger("scrapy").setLevel(logging.WARNING)
        logging.getLogger("distributed").setLevel(logging.WARNING)  # a local Dask cluster's start/stop chatter


def run_pipeline(args: argparse.Namespace, **parameters):
    """Run the pipeline flow now, in this process, with progress bars; its run report (failures included)."""
    from govbudget.flows.archives import archive_for
    from govbudget.flows.pipeline import pipeline, report_of

    archive_for(parameters["archive"]).check_not_held()  # one line, before Prefect starts
    _quiet_logs(args)
    with _progress_bars():
        return report_of(pipeline(**parameters, return_state=True))


def exit_code(report) -> int:
    """0 when the run did everything; COMPLETED_WITH_FAILURES when something is listed as failed;
    ERROR when the archive itself failed (the run may not be recorded: see docs/operations.md)."""
    if report.archive_failure:
        return exitcodes.ERROR
    return exitcodes.COMPLETED_WITH_FAILURES if report.failures else exitcodes.OK


def cmd_crawl(args: argparse.Namespace) -> int:
    environment.apply(quiet=True)
    if args.dry_run:
        return _dry_run(args)
    from govbudget.flows.preflight import archive_location, preflight

    location = archive_location(args.archive)
    registry = str(args.registry) if args.registry else None
    preflight(args.portals, args.regions, location, registry)
    _check_configured_server()
    report = run_pipeline(args, portals=args.portals, regions=args.regions, years=args.years, archive=location, registry=registry)
    if args.json:
        print(report.model_dump_json())
    else:
        from govbudget.flows.summary import print_summary

        print_summary(report)
    return exit_code(report)


def _dry_run(args: argparse.Namespace) -> int:
    from govbudget.errors import ConfigError
    from govbudget.spiders.cli import dry_run

    if args.years and len(args.years) > 1:
        raise ConfigError("--year", "a dry run takes at most one year")
    return dry_run(args.portals, args.registry, (args.years or [None])[0], as_json=args.json)


def cmd_serve(args: argparse.Namespace) -> int:
    environment.apply()
    from govbudget.flows.deployments import PREFECT_YAML, load_specs, select
    from govbudget.flows.server import start_local_server

    if args.show_prefect_file:
        print(PREFECT_YAML)
        return exitcodes.OK
    specs = select(load_specs(args.prefect_file or PREFECT_YAML), args.deployments)
    local = None
    if environment.server_configured():
        _check_configured_server()
    else:
        local = start_local_server(port=args.port)
        os.environ["PREFECT_API_URL"] = local.api_url
        print(f"Prefect server on {local.api_url.removesuffix('/api')} (UI and API); log: {local.log_path}", flush=True)
    try:
        from prefect import serve

        from govbudget.flows.deployments import runner_deployment

        serve(*[runner_deployment(spec) for spec in specs])
    finally:
        if local:
            local.stop()
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    environment.apply(quiet=True)
    from govbudget.errors import ConfigError
    from govbudget.demo.server import serve_replica

    from govbudget.flows.preflight import archive_location
    from govbudget.storage.location import check_writable
    from govbudget.flows.summary import print_summary
    from urllib.parse import urlsplit

    if args.archive.startswith("s3://"):
        raise ConfigError(args.archive, "the demo writes a local archive directory")
    location = archive_location(args.archive)
    check_writable(location)
    try:
        replica = serve_replica(args.corpus, port=args.port)
    except OSError as exc:
        raise ConfigError(f"127.0.0.1:{args.port}", f"cannot serve the replica portals ({exc.strerror}); try --port") from None
    with replica:
        environment.govbudget_home().mkdir(parents=True, exist_ok=True)
        port = urlsplit(replica.base_url).port  # per port: two demos with one home never crawl each other's portals
        registry = replica.write_registry(environment.govbudget_home() / f"demo-portals-{port}.yaml")
        print(f"replica portals on {replica.base_url}; archive {location}", flush=True)
        report = run_pipeline(args, archive=location, registry=str(registry))
        downloads = sum(1 for r in replica.requests if r.path in replica.site.files and r.status == 200 and r.body_bytes)
        unexpected = [f for f in report.failures if not replica.staged_failure(f.where)]
    print_summary(report)
    print(f"PDF bodies downloaded this run: {downloads}")
    if report.failures and not unexpected:
        print(f"All {len(report.failures)} failures are faults the replica portals stage on purpose: "
              "each was caught and reported, as a real crawl reports them (exit code 3 there).")
        return exitcodes.OK
    return exit_code(report)
