"""Header structure read from where labels are printed (no rules to tell)."""

from govbudget.parsers.layout.text_columns import Piece
from govbudget.parsers.layout.text_header import header_grid, join_wrapped_labels, row_grid

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


BAND_OF_THREE = (100.0, 136.0)  # three header rows of 12 pt


def test_label_in_the_middle_of_three_rows_with_nothing_above_or_below_spans_all_three():
    prior_year = _label("上年执行数", 100, 140, 118)
    group = _label("本年预算", 200, 240, 106)
    basic = _label("基本支出", 200, 240, 118)  # same middle, but labels under it
    leaves = [_label("人员", 190, 210, 130), _label("公用", 225, 245, 130)]
    rows = row_grid([prior_year, group, basic, *leaves], BAND_OF_THREE)
    assert _texts(rows) == [["上年执行数", "本年预算"], ["基本支出"], ["人员", "公用"]]
    assert (prior_year.rows_spanned, basic.rows_spanned) == (3, 1)


def _gov_fund_header() -> list[list[Piece]]:
    """The three-row header of 002-reportlab's 政府性基金预算财政拨款支出表 as printed:
    本年预算 stands over 合计 and 小计 only, off the centre of the five columns it heads."""
    return row_grid(
        [
            _label("功能分类科目", 79.5, 124.5, 101.4),
            _label("本年预算", 341.7, 389.6, 101.4),
            _label("增减", 609.7, 742.4, 101.4),
            _label("上年执行数", 191.0, 268.2, 114.2),
            _label("基本支出", 452.7, 482.7, 114.2),
            *(_label(t, x0, x1, 120.5) for t, x0, x1 in [("科目编码", 61.5, 91.5), ("科目名称", 121.1, 151.1),
                                                         ("合计", 332.7, 347.7), ("项目支出", 614.3, 644.3),
                                                         ("增减额", 720.1, 742.6), ("增减%", 768.0, 788.2)]),
            *(_label(t, x0, x1, 126.9) for t, x0, x1 in [("小计", 400.7, 415.7), ("人员经费", 444.2, 474.2),
                                                         ("日常公用经费", 496.2, 541.2)]),
        ],
        (94.7, 132.95),
    )


GOV_FUND_COLUMNS = [(61.5, 108.5), (121.1, 159.6), (191.0, 295.6), (332.7, 380.7), (400.7, 431.7),
                    (444.2, 482.7), (496.2, 550.7), (614.3, 703.8), (720.1, 754.8), (768.0, 788.2)]


def test_group_label_printed_off_centre_does_not_cut_a_lower_group_in_two():
    texts, merges = header_grid(_gov_fund_header(), GOV_FUND_COLUMNS)
    assert texts[0] == ["功能分类科目", "", "上年执行数", "本年预算", "", "", "", "增减", "", ""]
    assert (0, 3, 1, 4) in merges and (1, 4, 1, 3) in merges


def test_label_spanning_down_to_the_bottom_row_keeps_its_own_column():
    texts, _ = header_grid(_gov_fund_header(), GOV_FUND_COLUMNS)
    assert texts[1:] == [
        ["科目编码", "科目名称", "", "合计", "基本支出", "", "", "项目支出", "增减额", "增减%"],
        ["", "", "", "", "小计", "人员经费", "日常公用经费", "", "", ""],
    ]
