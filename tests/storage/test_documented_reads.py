"""Every read docs/archive.md shows (pyarrow, pandas, Polars, DuckDB through deltalake) runs, on local and
S3 archives, and after re-publication and re-parse returns each figure once: the sum govbudget's own pull gives."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pyarrow.compute as pc
import pytest

from govbudget.storage.pull import load
from tests.storage.test_pull import republish_and_reparse
from tests.storage.truth_results import truth_result

DOC = Path(__file__).resolve().parents[2] / "docs" / "archive.md"
BLOCK = re.compile(r"```python\n# read: (\w+)\n(.*?)```", re.S)
READS = {name: code for name, code in BLOCK.findall(DOC.read_text(encoding="utf-8"))}


def test_the_doc_shows_each_library():
    assert set(READS) == {"setup", "pyarrow", "pandas", "polars", "duckdb"}


@pytest.fixture
def republished(archive):
    with archive.run("run-1"):
        for name in ("000", "000-2024", "002", "003"):
            archive.put_parse(truth_result(name))
    republish_and_reparse(archive)
    return archive


@pytest.mark.parametrize("library", ["pyarrow", "pandas", "polars", "duckdb"])
def test_documented_read_counts_each_figure_once(republished, archive_location, library):
    namespace: dict = {}
    exec(READS["setup"].replace('"s3://bucket/gb"', repr(archive_location)), namespace)  # noqa: S102 - the doc's code
    exec(READS[library], namespace)  # noqa: S102
    every = load(republished, table_kind="three_public", all_editions=True)
    current = load(republished, table_kind="three_public")
    assert every.num_rows > current.num_rows  # there is history to double-count
    assert Decimal(str(namespace["total"])) == pc.sum(current["value_yuan"]).as_py() != pc.sum(every["value_yuan"]).as_py()
