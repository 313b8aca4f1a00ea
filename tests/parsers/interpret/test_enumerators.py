"""OCR'd labels whose enumerator was partly read are mended as the text layer prints them."""

from govbudget.parsers.interpret.enumerators import mend_enumerators
from govbudget.parsers.interpret.table_records import build_table
from govbudget.parsers.page_model import Cell, RawTable

PRINTED = ["一、一般公共预算", "二、政府性基金预算", "三、国有资本经营预算", "四、财政专户管理资金", "五、单位资金"]


def test_a_lost_numeral_is_the_one_the_sequence_expects():
    read = ["、一般公共预算", "二、政府性基金预算", "三、国有资本经营预算", "、财政专户管理资金", "五、单位资金"]
    assert mend_enumerators(read) == PRINTED


def test_a_numeral_doubled_or_run_into_the_name_is_mended():
    read = ["一一般公共预算", "二二、政府性基金预算", "三、国有资本经营预算", "四、财政专户管理资金", "五、单位资金"]
    assert mend_enumerators(read) == PRINTED


def test_labels_the_sequence_cannot_explain_are_left_as_read():
    read = ["、一般公共预算", "其中：工资", "合计"]
    assert mend_enumerators(read) == read  # no enumerated neighbour to say which numeral was lost
    assert mend_enumerators(["一、收入", "一一般性支出"]) == ["一、收入", "一一般性支出"]  # 二 expected


def test_ocr_tables_get_their_labels_mended_and_text_layer_tables_keep_theirs():
    grid = [["项目", "金额"], ["、一般公共预算", "194.63"], ["二、政府性基金预算", ""], ["合计", "194.63"]]
    for source, first in (("ocr", "一、一般公共预算"), ("text", "、一般公共预算")):
        raw = RawTable(title="收入总表", pages=[3], rows=[[Cell(t) for t in r] for r in grid], row_pages=[3] * 4,
                       header_rows=1, source=source)
        assert build_table(raw, "t01").rows[0].label == first
