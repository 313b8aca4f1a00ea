"""Radicals and compatibility ideographs that print like ordinary hanzi, mapped back.

Fonts whose ToUnicode map was built from glyph names often send 一 to the Kangxi
radical ⼀ (U+2F00), 门 to the radical supplement's ⻔ (U+2ED4) or 金 to a
compatibility ideograph: the page looks right, but no label matches the budget
vocabulary. NFKC folds the Kangxi radicals and most compatibility ideographs, but
not the CJK Radicals Supplement, and NFKC of a whole page would also fold
full-width brackets and digits that the tables print on purpose. So the text
layer is translated with this table only: one code point to the hanzi it looks like.
"""

from __future__ import annotations

import unicodedata

# CJK Radicals Supplement (U+2E80–U+2EF3): no decomposition, mapped by hand to
# the character each one prints as (radical-only forms such as 亻 map to themselves).
_SUPPLEMENT = {
    0x2E81: "厂", 0x2E86: "冂", 0x2E87: "几", 0x2E8A: "卜", 0x2E8E: "兀", 0x2E90: "尢",
    0x2E92: "巳", 0x2E93: "幺", 0x2E94: "彑", 0x2E95: "彐", 0x2E96: "忄", 0x2E98: "扌",
    0x2E99: "攵", 0x2E9B: "旡", 0x2E9C: "日", 0x2E9D: "月", 0x2E9E: "歺", 0x2E9F: "母",
    0x2EA0: "民", 0x2EA1: "氵", 0x2EA2: "氺", 0x2EA3: "灬", 0x2EA4: "爫", 0x2EA7: "牛",
    0x2EA8: "犭", 0x2EA9: "王", 0x2EAA: "疋", 0x2EAB: "罒", 0x2EAC: "示", 0x2EAD: "礻",
    0x2EAE: "竹", 0x2EAF: "糸", 0x2EB0: "纟", 0x2EB2: "罒", 0x2EB3: "㓁", 0x2EB6: "羊",
    0x2EB7: "羊", 0x2EB9: "耂", 0x2EBA: "肀", 0x2EBC: "月", 0x2EBE: "艹", 0x2EBF: "艹",
    0x2EC0: "艹", 0x2EC1: "虎", 0x2EC2: "衤", 0x2EC3: "覀", 0x2EC4: "西", 0x2EC5: "见",
    0x2EC6: "角", 0x2EC7: "角", 0x2EC8: "讠", 0x2EC9: "贝", 0x2ECB: "车", 0x2ECC: "辶",
    0x2ECD: "辶", 0x2ECE: "辶", 0x2ECF: "阝", 0x2ED0: "钅", 0x2ED1: "長", 0x2ED2: "镸",
    0x2ED3: "长", 0x2ED4: "门", 0x2ED6: "阝", 0x2ED7: "雨", 0x2ED8: "青", 0x2ED9: "韦",
    0x2EDA: "页", 0x2EDB: "风", 0x2EDC: "飞", 0x2EDD: "食", 0x2EDF: "飠", 0x2EE0: "饣",
    0x2EE2: "马", 0x2EE3: "骨", 0x2EE4: "鬼", 0x2EE5: "鱼", 0x2EE6: "鸟", 0x2EE7: "卤",
    0x2EE8: "麦", 0x2EE9: "黄", 0x2EEA: "黾", 0x2EEB: "斉", 0x2EEC: "齐", 0x2EED: "歯",
    0x2EEE: "齿", 0x2EEF: "竜", 0x2EF0: "龙", 0x2EF1: "龜", 0x2EF2: "亀", 0x2EF3: "龟",
}

# Blocks whose characters NFKC folds to one unified ideograph each.
_FOLDED_BLOCKS = (
    (0x2F00, 0x2FD5),  # Kangxi Radicals
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0x2F800, 0x2FA1F),  # CJK Compatibility Ideographs Supplement
)


def _table() -> dict[int, str]:
    table = dict(_SUPPLEMENT)
    for first, last in _FOLDED_BLOCKS:
        for cp in range(first, last + 1):
            folded = unicodedata.normalize("NFKC", chr(cp))
            if folded != chr(cp) and len(folded) == 1:
                table[cp] = folded
    return table


LOOKALIKES: dict[int, str] = _table()


def fold_lookalikes(text: str) -> str:
    """``text`` with every look-alike replaced by the hanzi it prints as."""
    return text.translate(LOOKALIKES)
