"""Disclosures the parser has never seen, generated with exact ground truth.

``build(name)`` renders one variant of :data:`VARIANTS` and returns its PDF bytes
and its truth, in the corpus truth's JSON form (``doc``, ``blocks``) plus
``records``: every printed figure with its table kind, row key, side and column
key, i.e. what the parsed records must say; ``facts``: the headline figures the
text states, ``[key, value in yuan]``; ``targets``: the performance targets
``[project, year's funds, level 1, level 2, level 3, target]``. See :mod:`.documents`.
"""

from __future__ import annotations

from functools import lru_cache

from .documents import VARIANTS
from .renderer import render

__all__ = ["VARIANTS", "build"]


@lru_cache(maxsize=None)
def build(name: str) -> tuple[bytes, dict]:
    doc, blocks, layout, facts = VARIANTS[name]()
    pdf = render(blocks, layout)
    truth_blocks, records, targets, n = [], [], [], 0
    for block in blocks:
        if block["type"] == "table":
            records += block["expect"]
            targets += block.get("expect_targets", [])
            hidden = ("render", "expect", "expect_targets")
            block = {"id": f"t{n:02d}", **{k: v for k, v in block.items() if k not in hidden}}
            n += 1
        truth_blocks.append(block)
    return pdf, {"seed": name, "doc": doc, "blocks": truth_blocks, "records": records, "facts": facts,
                 "targets": targets}
