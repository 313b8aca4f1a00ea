"""The demo tells the faults its replica stages on purpose from real failures."""

from __future__ import annotations

import pytest

from govbudget.demo import DEMO_CORPUS, serve_replica


@pytest.fixture(scope="module")
def replica():
    with serve_replica(DEMO_CORPUS) as server:
        yield server


@pytest.mark.parametrize("path", [
    "/rs/index.html (ruishu-412)", "/wz/index.html", "/nx/index.html (waf-405)", "/yq/xxgk/private/t20250530_7.shtml",
    "/gy/upload/loop/b.pdf", "/gy/upload/2025/xfj-ys.pdf", "/gy/upload/2025/xfj-js.pdf",
])
def test_staged_faults_are_recognised(replica, path):
    assert replica.staged_failure(replica.base_url + path)


@pytest.mark.parametrize("path", ["/yq/czj/uploads/2025/yq12315-ys.pdf", "/col/col2701/index.html", "/nowhere.pdf"])
def test_other_failures_are_not(replica, path):
    assert not replica.staged_failure(replica.base_url + path)
