"""The one process pool: files that come one at a time share it, under the caller's current settings."""

from __future__ import annotations

import os
import time

import pytest

from govbudget.parsers.limits import Limits
from govbudget.parsers.workers import WorkerLost, run_one, stop_shared_pool


def _setting(name: str) -> tuple[int, str | None]:
    return os.getpid(), os.environ.get(name)


@pytest.fixture
def shared(monkeypatch):
    monkeypatch.delenv("GOVBUDGET_TEST_SETTING", raising=False)
    yield
    stop_shared_pool()


def test_a_setting_made_after_the_pool_started_reaches_the_next_file(monkeypatch, shared):
    limits = Limits.from_env()
    first, seen = run_one(_setting, ("GOVBUDGET_TEST_SETTING",), workers=1, limits=limits)
    assert seen is None
    assert run_one(_setting, ("GOVBUDGET_TEST_SETTING",), workers=1, limits=limits)[0] == first  # same settings, same worker

    monkeypatch.setenv("GOVBUDGET_TEST_SETTING", "now")
    worker, seen = run_one(_setting, ("GOVBUDGET_TEST_SETTING",), workers=1, limits=limits)
    assert seen == "now" and worker != first


def test_a_file_over_its_time_loses_its_worker_and_the_next_file_gets_a_new_one(shared):
    limits = Limits(timeout_seconds=2)
    with pytest.raises(WorkerLost, match=r"took longer than 2 s \(limit, GOVBUDGET_TIMEOUT_SECONDS\)"):
        run_one(time.sleep, (60,), workers=1, limits=limits)
    assert run_one(os.getpid, (), workers=1, limits=limits) != os.getpid()
