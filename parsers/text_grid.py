"""Tables without vertical rules: columns from text alignment, rows from text lines."""

from __future__ import annotations


def find_rule_framed_tables(content, chars, taken, settings):
    return []
