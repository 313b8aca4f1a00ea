"""A run's phases in its log: what an operator (or a crash test) reads to know where a run stopped."""

from __future__ import annotations

import io
import json
import logging

import pytest

from govbudget import log


def test_a_phase_logs_started_then_finished_or_failed_as_json_lines():
    stream = io.StringIO()
    family = logging.getLogger("govbudget")
    before = (list(family.handlers), family.level, family.propagate)
    log.configure("INFO", stream=stream)
    logger = logging.getLogger("govbudget.test.phases")
    try:
        with log.phase(logger, "parse", documents=2):
            pass
        with pytest.raises(OSError):
            with log.phase(logger, "commit"):
                raise OSError(28, "No space left on device")
    finally:
        family.handlers, family.propagate = before[0], before[2]
        family.setLevel(before[1])
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [(r["msg"], r["phase"]) for r in lines] == [
        ("phase started", "parse"), ("phase finished", "parse"), ("phase started", "commit"), ("phase failed", "commit")]
    assert lines[0]["documents"] == 2 and lines[3]["error"] == "OSError"
