"""Synthetic archives at any size: copies of the corpus truth with their own unit, parent and year.

Document ``i`` belongs to unit ``i // YEARS`` and fiscal year ``2021 + i % YEARS``;
25 units share a parent department (a real department has tens of subordinate
units, and their number grows with the archive); half the units publish final
accounts (决算), so table files mix both kinds as in a real archive. Used by the
tests that need an archive larger than the corpus and by benchmarks/archive_scale.py.
"""

from __future__ import annotations

import hashlib
from functools import cache

from tests.storage.helpers import raw_for
from tests.storage.truth_results import truth_result

YEARS = 5
UNITS_PER_PARENT = 25
TEMPLATES = ("000", "002")


@cache
def template(name: str):
    return truth_result(name)


def document(i: int, edition: int = 0, reparse: int = 0):
    """Document ``i``: unit i // YEARS, fiscal year 2021 + i % YEARS; ``edition`` > 0 is a re-publication."""
    data = f"%PDF-1.4 synthetic {i} edition {edition}".encode()
    raw = raw_for(data, f"http://127.0.0.1/bench/{i}.pdf", fetched_at=f"2025-0{1 + edition}-01T08:00:00")
    base = template(TEMPLATES[(i // YEARS) % len(TEMPLATES)])
    unit = i // YEARS
    doc = base.document.model_copy(update={
        "doc_id": raw.sha256,
        "kind": "final_account" if (unit // 2) % 2 else "budget",
        "publisher": f"合成单位{unit:06d}",
        "parent_department": f"合成主管部门{unit // UNITS_PER_PARENT:05d}",
        "fiscal_year": 2021 + i % YEARS,
    })
    result = base.model_copy(update={"document": doc})  # tables shared: stored, never mutated
    if edition or reparse:
        tables = [t.model_copy(deep=True) if n == 0 else t for n, t in enumerate(base.tables)]
        tables[0].rows[0].values = {k: f"{edition + reparse}.00" for k in tables[0].rows[0].values}
        result = result.model_copy(update={"tables": tables})
    if edition:
        raw = raw.model_copy(update={"republication_of": hashlib.sha256(f"%PDF-1.4 synthetic {i} edition 0".encode()).hexdigest()})
    return data, raw, result


def ingest_run(archive, documents) -> list[str]:
    with archive.run():
        for data, raw, result in documents:
            archive.put_original(data, raw)
            archive.put_parse(result)
    return [result.document.doc_id for _, _, result in documents]


def batch(indices, **variant) -> list:
    return [document(i, **variant) for i in indices]
