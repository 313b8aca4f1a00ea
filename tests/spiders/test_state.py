"""The crawl state: round trip and merging with what another machine saved."""

from govbudget.spiders.state import CrawlState, PortalRecord, UrlRecord


def test_round_trip():
    state = CrawlState({"http://a/x.pdf": UrlRecord("ab", '"e"', "Mon", "2025-01-01T00:00:00+00:00")},
                       {"p": PortalRecord({2025}, {"阳泉市财政局"}, 1)})
    assert CrawlState.from_bytes(state.to_bytes()) == state


def test_merge_keeps_the_newer_url_record():
    mine = CrawlState({"u": UrlRecord("new", seen_at="2025-02-01")})
    theirs = CrawlState({"u": UrlRecord("old", seen_at="2025-01-01"), "v": UrlRecord("v1", seen_at="2025-01-01")})
    merged = mine.merged_into(theirs)
    assert (merged.urls["u"].sha256, merged.urls["v"].sha256) == ("new", "v1")


def test_merge_unions_years_and_publishers():
    mine = CrawlState(portals={"p": PortalRecord({2025}, {"A局"}, 2)})
    theirs = CrawlState(portals={"p": PortalRecord({2024}, {"B局"}, 3)})
    record = mine.merged_into(theirs).portals["p"]
    assert (record.fiscal_years, record.publishers, record.crawls) == ({2024, 2025}, {"A局", "B局"}, 3)


def test_empty_state():
    assert CrawlState.from_bytes(None) == CrawlState()
