"""The one schema every part of govbudget speaks.

Data flows one way: spider → :class:`RawDocument` → parser → :class:`ParseResult`
(Document, TableInstance/TableRow, LineItem, PerformanceTarget, NarrativeFact,
CheckResult) → storage. The research tables a result becomes are defined here too
(:mod:`govbudget.schema.datasets`, written by :mod:`govbudget.schema.tabular`), so the
parser's ``--out`` files and the archive's pulls share their columns. Nothing else
defines these shapes, and this package imports no other part of govbudget.
"""

from govbudget.schema.vocab import (
    AdminLevel,
    COLUMN_KEYS,
    DocKind,
    RecordSource,
    Scope,
    Side,
    SubjectLevel,
    TableKind,
)
from govbudget.schema.document import (
    CheckResult,
    Document,
    LineItem,
    NarrativeFact,
    PARSER_VERSION,
    ParseResult,
    PerformanceTarget,
    TableInstance,
    TableRow,
)
from govbudget.schema.provenance import Classification, CrawlReport, RawDocument

__all__ = [
    "AdminLevel",
    "COLUMN_KEYS",
    "CheckResult",
    "Classification",
    "CrawlReport",
    "DocKind",
    "Document",
    "LineItem",
    "NarrativeFact",
    "PARSER_VERSION",
    "ParseResult",
    "PerformanceTarget",
    "RawDocument",
    "RecordSource",
    "Scope",
    "Side",
    "SubjectLevel",
    "TableInstance",
    "TableKind",
]
