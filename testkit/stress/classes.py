"""The registry of stress classes: name → how to damage a corpus PDF, and on which pages.

A class generates ``target`` from ``source`` keeping only ``pages`` (1-based), so the
same pages of the clean file are the reference. Register a class with :func:`register`;
``benchmarks/stress.py`` and ``tests/parsers/test_stress.py`` walk :data:`CLASSES`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from testkit.stress.composite import VARIANTS as COMPOSITE_VARIANTS, generator as composite
from testkit.stress.text_layers import DAMAGES, damage
from testkit.stress.turned import CLOCKWISE, COUNTER_CLOCKWISE, HALF, turn_pages

Generate = Callable[[Path, Path, list[int] | None], Path]


@dataclass(frozen=True, slots=True)
class StressClass:
    name: str
    family: str  # the issue class it belongs to: "unreadable text layer", "turned page", …
    generate: Generate
    # corpus file → pages to keep; small on purpose: OCR costs seconds a page
    samples: dict[str, list[int]]


CLASSES: dict[str, StressClass] = {}


def register(stress: StressClass) -> StressClass:
    if stress.name in CLASSES:
        raise ValueError(f"stress class {stress.name!r} registered twice")
    CLASSES[stress.name] = stress
    return stress


# the cover (its year) and a few standard tables of one office and one reportlab rendering
_TEXT_SAMPLES = {"000-office.pdf": [1, 4, 7], "002-reportlab.pdf": [1, 4, 5]}
# composite fonts replace simple TrueType ones: the reportlab renderings print with those
# (the office ones with Type1 programs, which stay simple)
_COMPOSITE_SAMPLES = {"002-reportlab.pdf": [1, 4, 5], "003-reportlab.pdf": [1, 4, 5]}
# landscape tables
_TURN_SAMPLES = {"002-office.pdf": [4, 5], "003-reportlab.pdf": [4, 5]}

for _kind in DAMAGES:
    register(StressClass(f"text_{_kind}", "unreadable text layer", damage(_kind), _TEXT_SAMPLES))

for _variant in COMPOSITE_VARIANTS:
    register(StressClass(_variant, "composite font", composite(_variant), _COMPOSITE_SAMPLES))

TURNS = {"cw": CLOCKWISE, "180": HALF, "ccw": COUNTER_CLOCKWISE}
for _turn, _quarters in TURNS.items():
    for _flag in (False, True):
        _name = f"turned_{_turn}{'_rotate' if _flag else ''}"
        register(StressClass(_name, "turned page", partial(turn_pages, quarters=_quarters, rotate_flag=_flag), _TURN_SAMPLES))
