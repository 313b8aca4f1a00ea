"""Header structure read from where labels are printed (no rules to tell)."""

from parsers.text_columns import Piece
from parsers.text_header import header_grid, row_grid

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
