"""A portal that yielded documents before and none now is flagged ``stopped-yielding`` (a failure of the run)."""

from __future__ import annotations

import pytest

from govbudget.spiders.report import STOPPED_YIELDING, CrawlRecorder
from govbudget.spiders.state import CrawlState, PortalRecord


def stopped(year: int | None, before: PortalRecord | None) -> bool:
    state = CrawlState(portals={"p": before} if before else {})
    flags = CrawlRecorder(["p"], year=year).flags(state)  # this crawl found nothing
    assert "zero-documents: p yielded no documents" in flags
    return any(flag.startswith(f"{STOPPED_YIELDING}:") for flag in flags)


@pytest.mark.parametrize("year, before, expected", [
    (None, PortalRecord(fiscal_years={2024, 2025}, crawls=3), True),  # it used to list disclosures
    (2025, PortalRecord(fiscal_years={2024, 2025}, crawls=3), True),  # it used to list that year
    (2019, PortalRecord(fiscal_years={2024, 2025}, crawls=3), False),  # a year it never listed
    (None, PortalRecord(crawls=2), False),  # it never yielded anything
    (None, None, False),  # first crawl
])
def test_stopped_yielding_only_where_the_portal_yielded_before(year, before, expected):
    assert stopped(year, before) is expected


def test_a_blocked_portal_is_not_flagged_silent_it_is_blocked():
    recorder = CrawlRecorder(["p"])
    recorder.blocked("p", "http://x/", "waf-405")
    assert recorder.flags(CrawlState(portals={"p": PortalRecord(fiscal_years={2025}, crawls=1)})) == []
