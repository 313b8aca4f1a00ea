"""Text boxes are cut where a vertical rule runs through them."""

from govbudget.parsers.read.ocr.boxes import split_at_rules
from govbudget.parsers.read.ocr.lines import Rule


def test_a_box_across_a_vertical_rule_is_cut_there():
    rule = Rule("v", 99, 0, 101, 500)
    assert split_at_rules((40, 100, 200, 130), [rule]) == [(40, 100, 98.0, 130), (102.0, 100, 200, 130)]


def test_a_rule_that_ends_above_the_box_does_not_cut_it():
    rule = Rule("v", 99, 0, 101, 90)
    assert split_at_rules((40, 100, 200, 130), [rule]) == [(40, 100, 200, 130)]


def test_a_sliver_left_by_a_cut_is_dropped():
    rule = Rule("v", 44, 0, 46, 500)
    assert split_at_rules((40, 100, 200, 130), [rule]) == [(47.0, 100, 200, 130)]
