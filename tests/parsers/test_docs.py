"""Every key a parser can emit is documented in docs/schema.md."""

from pathlib import Path

from govbudget.schema import COLUMN_KEYS
from govbudget.parsers.interpret.narrative import COUNT_FACTS, FACT_PHRASES

SCHEMA_DOC = (Path(__file__).resolve().parents[2] / "docs" / "schema.md").read_text(encoding="utf-8")


def test_every_column_key_is_documented():
    assert [k for k in COLUMN_KEYS if f"| `{k}` |" not in SCHEMA_DOC] == []


def test_every_fact_key_is_documented():
    keys = {k for k, _ in FACT_PHRASES} | {k for k, _, _ in COUNT_FACTS}
    assert sorted(k for k in keys if f"| `{k}` |" not in SCHEMA_DOC) == []
