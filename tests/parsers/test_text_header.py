"""Header structure read from where labels are printed (no rules to tell)."""

from parsers.text_columns import Piece
from parsers.text_header import header_grid, join_wrapped_labels, row_grid

BAND = (100.0, 130.0)  # two header rows of 15 pt


def _label(text: str, x0: float, x1: float, middle: float) -> Piece:
    return Piece(text, x0, x1, middle - 4, middle + 4)


def test_labels_centred_on_a_row_grid_know_their_rows_and_spans():
    group = _label("本年收入", 150, 190, 107.5)
    spanning = _label("上年结转", 260, 290, 115.0)  # half-way: covers both rows
    leaves = [_label("合计", 140, 160, 122.5), _label("拨款", 180, 200, 122.5)]
    rows = row_grid([group, spanning, *leaves], BAND)
    assert [[p.text for p in row] for row in rows] == [["本年收入", "上年结转"], ["合计", "拨款"]]
    assert (group.rows_spanned, spanning.rows_spanned) == (1, 2)


def test_group_label_spreads_over_the_columns_centred_under_it():
    columns = [(130.0, 165.0), (175.0, 205.0), (255.0, 295.0)]
    group = _label("本年收入", 150, 190, 107.5)
    spanning = _label("上年结转", 260, 290, 115.0)
    leaves = [_label("合计", 140, 160, 122.5), _label("拨款", 180, 200, 122.5)]
    rows = row_grid([group, spanning, *leaves], BAND)
    texts, merges = header_grid(rows, columns)
    assert texts == [["本年收入", "", "上年结转"], ["合计", "拨款", ""]]
    assert merges == [(0, 0, 1, 2), (0, 2, 2, 1)]


BODY_COLUMNS = [(60.0, 90.0, True), (120.0, 150.0, True), (170.0, 200.0, True)]


def _texts(rows: list[list[Piece]]) -> list[list[str]]:
    return [[p.text for p in row] for row in rows]


def test_label_wrapped_over_two_lines_is_one_label():
    rows = [[_label("2024年预算", 100, 150, 104)], [_label("数", 121, 129, 113)]]
    (only,) = join_wrapped_labels(rows, BODY_COLUMNS)
    assert ([p.text for p in only], only[0].bottom) == (["2024年预算数"], 117)


def test_group_label_over_several_columns_is_not_joined_with_a_label_under_it():
    rows = [[_label("比上年增减", 110, 190, 104)], [_label("金额", 125, 145, 113), _label("%", 175, 185, 113)]]
    assert _texts(join_wrapped_labels(rows, BODY_COLUMNS)) == [["比上年增减"], ["金额", "%"]]


def test_labels_a_header_row_apart_are_not_joined():
    rows = [[_label("基本支出预算", 100, 150, 104)], [_label("人员支出", 108, 142, 117)]]
    assert _texts(join_wrapped_labels(rows, BODY_COLUMNS)) == [["基本支出预算"], ["人员支出"]]


def test_label_over_a_row_of_column_numbers_is_not_joined():
    rows = [[_label("科目代码", 100, 150, 104)], [_label("栏次", 115, 135, 113), _label("1", 175, 180, 113)]]
    assert _texts(join_wrapped_labels(rows, BODY_COLUMNS)) == [["科目代码"], ["栏次", "1"]]
