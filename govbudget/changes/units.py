"""Which unit is which across years: publishers get renamed and regions reprinted.

A unit is its normalised name under its normalised parent department. Units
that match only by code, or by a similar name under the same parent, are
reported as renames so a researcher sees the join rather than two half-series.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from govbudget.schema.vocab import normalise_label

RENAME_SIMILARITY = 0.6
_LEVEL_SUFFIX = re.compile(r"\(?本级\)?$")


def normalise_name(name: str | None, region: list[str] | None = None) -> str:
    """``阳泉市 12315投诉举报中心（本级）`` → ``12315投诉举报中心``."""
    text = normalise_label(name or "")
    for place in sorted(region or [], key=len, reverse=True):
        if text.startswith(normalise_label(place)) and len(text) > len(normalise_label(place)):
            text = text[len(normalise_label(place)) :]
    return _LEVEL_SUFFIX.sub("", text)


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


def _similar(old: dict, new: dict) -> float:
    if unit_key(old)[1] != unit_key(new)[1]:
        return 0.0
    return difflib.SequenceMatcher(None, unit_key(old)[0], unit_key(new)[0]).ratio()


def match_units(old_entries: list[dict], new_entries: list[dict]) -> list[UnitMatch]:
    """Pair each earlier unit with at most one later unit: same name, else code, else a close name.

    Indexed, never all pairs: names by key, codes by (code, parent), and close
    names compared only among the leftovers under the same parent.
    """
    matches: list[UnitMatch] = []
    old_left = {unit_key(e): e for e in old_entries}
    new_left = {unit_key(e): e for e in new_entries}
    for key in sorted(old_left.keys() & new_left.keys()):
        matches.append(UnitMatch(old_left.pop(key), new_left.pop(key), "same"))
    new_by_code = {}
    for key, entry in new_left.items():
        if entry.get("publisher_code"):
            new_by_code.setdefault((entry["publisher_code"], key[1]), []).append(key)
    for key, entry in sorted(old_left.items()):
        for candidate in new_by_code.get((entry.get("publisher_code"), key[1]), []) if entry.get("publisher_code") else []:
            if candidate in new_left:
                matches.append(UnitMatch(old_left.pop(key), new_left.pop(candidate), "renamed"))
                break
    by_parent: dict[str, list[tuple]] = {}
    for key in new_left:
        by_parent.setdefault(key[1], []).append(key)
    candidates = sorted(
        ((_similar(o, new_left[nk]), ok, nk) for ok, o in old_left.items() for nk in by_parent.get(ok[1], [])),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    for score, ok, nk in candidates:
        if score >= RENAME_SIMILARITY and ok in old_left and nk in new_left:
            matches.append(UnitMatch(old_left.pop(ok), new_left.pop(nk), "renamed"))
    return matches
