"""OCR'd tables that could not be placed fail a check instead of passing silently."""

from govbudget.schema import RecordSource, TableInstance, TableKind, TableRow
from govbudget.parsers.checks.ocr_unplaced import unplaced_tables


def _table(title: str, kind: TableKind, source: RecordSource = RecordSource.ocr, empty: bool = False) -> TableInstance:
    rows = [] if empty else [TableRow(seq=0, label="产出指标", values={"v": "1.00"}, page=19)]
    return TableInstance(table_id="t07", kind=kind, title=title, pages=[19, 20], rows=rows, source=source, empty=empty)


def test_untitled_ocr_table_fails_on_its_pages():
    (check,) = unplaced_tables([_table("", TableKind.other)])
    assert (check.check_id, check.passed, check.pages) == ("t07.ocr_table_unplaced", False, [19, 20])
    assert check.description.startswith("OCR'd table has no title")


def test_titled_ocr_table_of_no_known_kind_fails():
    (check,) = unplaced_tables([_table("某某情况表", TableKind.other)])
    assert check.description.startswith("OCR'd table is of no known kind")


def test_titled_ocr_table_of_a_known_kind_passes_unchecked():
    assert unplaced_tables([_table("收支总表", TableKind.budget_summary)]) == []


def test_text_layer_tables_are_not_checked():
    assert unplaced_tables([_table("", TableKind.other, source=RecordSource.text)]) == []


def test_empty_ocr_table_is_not_checked():
    assert unplaced_tables([_table("", TableKind.other, empty=True)]) == []
