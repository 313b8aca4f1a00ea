"""Radicals and compatibility ideographs read as the hanzi they print as (govbudget/parsers/read/lookalikes.py)."""

import unicodedata

from govbudget.parsers.read.lookalikes import LOOKALIKES, fold_lookalikes


def test_kangxi_and_supplement_radicals_fold_to_hanzi():
    assert fold_lookalikes("⼀般公共预算⽀出") == "一般公共预算支出"
    assert fold_lookalikes("⻔诊") == "门诊"


def test_nfkc_alone_misses_the_radical_supplement():
    """Why the table is explicit: ⻔ (C-SIMPLIFIED GATE) has no decomposition."""
    assert unicodedata.normalize("NFKC", "⻔") == "⻔"
    assert fold_lookalikes("⻔") == "门"


def test_printed_full_width_text_is_left_alone():
    """NFKC would fold these too; tables print them on purpose."""
    assert fold_lookalikes("（一）２０２５：") == "（一）２０２５："


def test_every_entry_is_one_hanzi_for_one_code_point():
    assert all(len(text) == 1 and ord(text) != cp for cp, text in LOOKALIKES.items())
