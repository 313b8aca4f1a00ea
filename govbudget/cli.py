"""The ``govbudget`` command. Each subcommand lives with the package that owns it."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from govbudget import __version__, exitcodes
from govbudget import cli_options as options
from govbudget.errors import GovbudgetError

# module path -> registers one or more subcommands via ``register(subparsers)``
COMMAND_MODULES = (
    "govbudget.parsers.cli",
    "govbudget.storage.cli",
    "govbudget.spiders.cli",
    "govbudget.flows.cli",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govbudget",
        description="Find, archive and turn into data Chinese budget and final-account disclosures.",
    )
    parser.add_argument("--version", action="version", version=f"govbudget {__version__}")
    parser.add_argument("--log-level", default=None, type=options.log_level, metavar="LEVEL",
                        help=f"{', '.join(options.LOG_LEVELS)} (default WARNING, or $GOVBUDGET_LOG_LEVEL)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMAND_MODULES:
        importlib.import_module(module).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    from govbudget import log

    args = build_parser().parse_args(argv)
    if argv is None:  # run as a program (not called from Python): no child may outlive it, even after kill -9
        from govbudget import reaper

        reaper.start()
    try:
        log.configure(args.log_level)
        return int(args.func(args) or exitcodes.OK)
    except GovbudgetError as exc:
        print(f"govbudget: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:  # the machine refused (disk full, no permission): one line naming the file, not a traceback
        logging.getLogger("govbudget").debug("command failed", exc_info=True)
        print(f"govbudget: error: {exc.filename or args.command}: {exc.strerror or exc}", file=sys.stderr)
        return exitcodes.ERROR
    except KeyboardInterrupt:
        print("govbudget: interrupted", file=sys.stderr)
        return exitcodes.INTERRUPTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
