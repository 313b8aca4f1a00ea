"""A paragraph printed upward over other rows goes back to its own cell."""

from govbudget.parsers.layout.overflow_text import overflow_rows
from govbudget.parsers.page_model import Char

XS = [0.0, 100.0, 300.0]
YS = [0.0, 12.0, 24.0, 36.0, 48.0, 60.0]  # five rows of 12 pt


def _line(text: str, x: float, top: float, size: float = 7.0) -> list[Char]:
    return [Char(ch, x + i * size, top, x + (i + 1) * size, top + size, size=size) for i, ch in enumerate(text)]


def test_paragraph_overprinting_rows_above_moves_to_the_row_it_ends_in():
    own = [c for r in range(4) for c in _line(f"第{r}行", 102, YS[r] + 2)]
    paragraph = [c for k in range(6) for c in _line("溢出的段落文字", 102, 3.0 + k * 9.0)]
    moved = overflow_rows(own + paragraph, XS, YS)
    assert {moved.get(id(c)) for c in paragraph} == {4}
    assert not any(id(c) in moved for c in own)


def test_one_line_per_row_is_an_ordinary_column():
    column = [c for r in range(5) for c in _line(f"项目{r}", 102, YS[r] + 2)]
    assert overflow_rows(column, XS, YS) == {}
