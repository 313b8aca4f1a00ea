"""Prefect orchestration: crawl → ingest (parse, archive) → change report, on schedules and on demand.

Flows only compose tasks; every task is a plain function in its own module,
testable without Prefect, and wrapped as a Prefect task next to it.
"""
