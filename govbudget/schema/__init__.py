"""The one schema every part of govbudget speaks.

Data flows one way: spider → :class:`RawDocument` → parser → :class:`ParseResult`
(Document, TableInstance/TableRow, LineItem, PerformanceTarget, NarrativeFact,
CheckResult) → storage. Nothing else defines these shapes.
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
