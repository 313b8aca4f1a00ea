"""The exit codes of every ``govbudget`` command: one table, documented in README.md."""

from __future__ import annotations

OK = 0
ERROR = 1  # an error: some files could not be parsed, the archive is inconsistent, an unexpected failure
USAGE = 2  # bad usage or configuration, found before any work: one line names the option, file or URL
COMPLETED_WITH_FAILURES = 3  # crawl/demo ran to the end, but a portal or document failed (see the run report)
INTERRUPTED = 130  # Ctrl-C
