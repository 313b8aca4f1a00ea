"""A table continued under a 续表 caption is stitched onto the table it continues.

Corpus disclosures are re-printed with every line-item table broken over two pages,
the continuation captioned as producers do (续表, 续表3, title（续）, 续表 above or
below the repeated title, header repeated or not; testkit/stress/continued.py).
Whatever the caption, the parse has the records of the unbroken table.
"""

import pytest

from testkit.cells import scores
from testkit.stress.continued import STYLES, score

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("doc", ["000", "004"])
def test_every_caption_style_gives_the_records_of_the_unbroken_tables(doc):
    expected, found, _ = score(doc)  # the styles rotate over the document's tables
    assert scores(expected, found) == (1.0, 1.0), sorted((expected - found).elements())[:5]


def test_no_continuation_becomes_a_table_of_its_own():
    _, _, result = score("000")
    titles = [t.title for t in result.tables]
    assert not [t for t in titles if t.strip().startswith("续表") or t.strip() in ("（续）", "(续)")]
    assert all(t.title for t in result.tables if t.kind != "other")  # no untitled piece
    continued = [t for t in result.tables if len(t.pages) > 1 and t.kind not in ("project_performance",)]
    assert len(continued) >= len(STYLES)  # each style stitched at least once


@pytest.mark.parametrize("style", ["inline", "header_not_repeated"])
def test_one_style_throughout(style):
    expected, found, _ = score("002", style)
    assert scores(expected, found) == (1.0, 1.0)
