"""Ordered rule tables: (value, pattern) pairs where the first pattern that matches wins.

Table kinds from titles and measures from labels are both read this way; the order
is the meaning (specific rules before generic ones), so a table is a tuple, not a dict.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")
Rules = tuple[tuple[T, re.Pattern[str]], ...]


def compile_rules(rules: Iterable[tuple[T, str]]) -> Rules[T]:
    """Each rule's pattern compiled once, in the order given."""
    return tuple((value, re.compile(pattern)) for value, pattern in rules)


def first_match(rules: Rules[T], *texts: str) -> T | None:
    """The value of the first rule whose pattern is found in any of ``texts``; None when none is."""
    for value, pattern in rules:
        if any(pattern.search(text) for text in texts):
            return value
    return None
