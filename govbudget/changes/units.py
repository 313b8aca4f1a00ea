"""Which unit is which across years: publishers get renamed and regions reprinted.

A unit is its normalised name under its normalised parent department. Units
that match only by code, or by a similar name under the same parent, are
reported as renames so a researcher sees the join rather than two half-series.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from govbudget.changes.cells import normalise_text

RENAME_SIMILARITY = 0.6
_LEVEL_SUFFIX = re.compile(r"\(?本级\)?$")


def normalise_name(name: str | None, region: list[str] | None = None) -> str:
    """``阳泉市 12315投诉举报中心（本级）`` → ``12315投诉举报中心``."""
    text = normalise_text(name or "")
    for place in sorted(region or [], key=len, reverse=True):
        if text.startswith(normalise_text(place)) and len(text) > len(normalise_text(place)):
            text = text[len(normalise_text(place)) :]
    return _LEVEL_SUFFIX.sub("", text)


def publisher_matches(wanted: str | None, *names: str | None) -> bool:
    """``--publisher 阳泉`` selects every unit whose name contains 阳泉 (no filter: all)."""
    return not wanted or any(wanted in (name or "") for name in names)


def unit_key(entry: dict) -> tuple[str, str]:
    region = entry.get("region") or []
    return normalise_name(entry.get("publisher"), region), normalise_name(entry.get("parent_department"), region)


@dataclass(frozen=True)
class UnitMatch:
    old: dict  # catalog entries
    new: dict
    how: str  # same | renamed

    @property
    def renamed(self) -> bool:
        return self.how == "renamed"


def _by_code(old: dict, new: dict) -> bool:
    return bool(old.get("publisher_code")) and old.get("publisher_code") == new.get("publisher_code") and unit_key(old)[1] == unit_key(new)[1]


def _similar(old: dict, new: dict) -> float:
    if unit_key(old)[1] != unit_key(new)[1]:
        return 0.0
    return difflib.SequenceMatcher(None, unit_key(old)[0], unit_key(new)[0]).ratio()


def match_units(old_entries: list[dict], new_entries: list[dict]) -> list[UnitMatch]:
    """Pair each earlier unit with at most one later unit: same name, else code, else a close name."""
    matches: list[UnitMatch] = []
    old_left = {unit_key(e): e for e in old_entries}
    new_left = {unit_key(e): e for e in new_entries}
    for key in sorted(old_left.keys() & new_left.keys()):
        matches.append(UnitMatch(old_left.pop(key), new_left.pop(key), "same"))
    for rule in (lambda o, n: 1.0 if _by_code(o, n) else 0.0, _similar):
        candidates = sorted(
            ((rule(o, n), ok, nk) for ok, o in old_left.items() for nk, n in new_left.items()),
            key=lambda c: -c[0],
        )
        for score, ok, nk in candidates:
            if score >= RENAME_SIMILARITY and ok in old_left and nk in new_left:
                matches.append(UnitMatch(old_left.pop(ok), new_left.pop(nk), "renamed"))
    return matches
