"""Ordered rule tables: the first rule that matches wins, whichever text it matches in."""

from __future__ import annotations

from govbudget.schema.rules import compile_rules, first_match

RULES = compile_rules((("specific", r"项目支出.*结转"), ("generic", r"支出")))


def test_the_first_matching_rule_wins_in_the_order_given():
    assert first_match(RULES, "项目支出上年结转表") == "specific"
    assert first_match(RULES, "支出总表") == "generic"


def test_rule_order_comes_before_text_order():
    assert first_match(RULES, "支出总表", "项目支出结转") == "specific"


def test_no_match_is_none():
    assert first_match(RULES, "收入总表") is None
    assert first_match(RULES) is None
