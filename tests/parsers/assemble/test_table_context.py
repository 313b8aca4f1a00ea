"""The printed lines above a table (govbudget/parsers/assemble/table_context.py)."""

from __future__ import annotations

from govbudget.parsers.layout.grid_model import PageText
from govbudget.parsers.assemble.table_context import read_heading


def _line(text: str, top: float, size: float = 16.0, centre: float = 300.0) -> PageText:
    width = len(text) * size
    return PageText(text, 1, top, top + size, centre - width / 2, centre + width / 2, size)


def test_title_printed_over_two_centred_lines_is_joined():
    ctx = read_heading([_line("一般公共预算财政拨款", 60), _line("支出决算表", 78), _line("单位：元", 100, 9, 500)])
    assert (ctx.title, ctx.unit) == ("一般公共预算财政拨款支出决算表", "元")


def test_sentence_above_a_title_is_not_part_of_it():
    ctx = read_heading([_line("以下为本部门支出情况，", 60), _line("支出决算表", 78)])
    assert ctx.title == "支出决算表"


def test_line_in_body_size_above_a_title_is_not_part_of_it():
    ctx = read_heading([_line("附件", 60, 10), _line("支出决算表", 74)])
    assert ctx.title == "支出决算表"


def test_qualifier_printed_on_its_own_line_under_the_title_completes_it():
    ctx = read_heading([_line("一般公共预算支出表", 60), _line("（按功能分类）", 78), _line("单位：万元", 100, 9, 500)])
    assert ctx.title == "一般公共预算支出表（按功能分类）"


def test_bracketed_line_without_a_title_above_is_no_title():
    ctx = read_heading([_line("说明文字较长的一段正文内容。", 40, 10), _line("（按功能分类）", 78)])
    assert ctx.title is None
