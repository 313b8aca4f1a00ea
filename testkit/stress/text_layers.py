"""Text layers that lie: a corpus PDF with its fonts' ToUnicode maps rewritten.

The glyphs (what a reader sees) never change; only the map from character codes
to Unicode does, the way fonts exported by Word/WPS and finance systems break:

- ``stripped``: no ToUnicode at all; simple fonts then read as their raw codes
  (control codes and MacRoman letters);
- ``unmapped``: every code maps into the private use area (what CID fonts without a
  usable map give: nothing a reader can use);
- ``scrambled``: each code maps to an unrelated hanzi or symbol;
- ``digits``: only the ten digits are wrong, each reads as another (201 → 312);
- ``radicals``: hanzi that have a Kangxi radical, radical-supplement or compatibility
  look-alike map to it (一 → ⼀, 支 → ⽀, 门 → ⻔).

Fonts without a ToUnicode map whose codes are plain ASCII (the standard Helvetica a
PDF prints figures in) get one, so their digits can be damaged too.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

import pikepdf

from testkit.stress.pages import keep_only

from govbudget.parsers.read.lookalikes import LOOKALIKES

Mapping = dict[int, str]  # character code → the Unicode text it reads as

_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")
_DIGITS = "0123456789"
# a derangement: no digit reads as itself
_DIGIT_SWAP = dict(zip(_DIGITS, "3857190246"))
_SYMBOLS = "※§¤◆◇○●△▲□■☆★♀♂←→↑↓∞∴∵∷≈≠≤≥⊙⌒"


def read_cmap(data: bytes) -> Mapping:
    """The bfchar and bfrange entries of a ToUnicode CMap (one-byte and two-byte codes)."""
    mapping: Mapping = {}
    for block in _BFCHAR.findall(data):
        values = _HEX.findall(block)
        for code, text in zip(values[0::2], values[1::2]):
            mapping[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be", "replace")
    for block in _BFRANGE.findall(data):
        for line in block.splitlines():
            values = _HEX.findall(line)
            if len(values) < 3:
                continue
            first, last = int(values[0], 16), int(values[1], 16)
            if b"[" in line:
                for code, text in zip(range(first, last + 1), values[2:]):
                    mapping[code] = bytes.fromhex(text.decode()).decode("utf-16-be", "replace")
                continue
            start = bytes.fromhex(values[2].decode()).decode("utf-16-be", "replace")
            for offset, code in enumerate(range(first, last + 1)):
                mapping[code] = start[:-1] + chr(ord(start[-1]) + offset)
    return mapping


def write_cmap(mapping: Mapping, code_bytes: int) -> bytes:
    """A ToUnicode CMap giving ``mapping`` (codes of ``code_bytes`` bytes)."""
    width = 2 * code_bytes
    top = "F" * width
    entries = [
        f"<{code:0{width}X}> <{text.encode('utf-16-be').hex().upper()}>"
        for code, text in sorted(mapping.items())
        if text
    ]
    chunks = [entries[i : i + 100] for i in range(0, len(entries), 100)]
    body = "\n".join(f"{len(c)} beginbfchar\n" + "\n".join(c) + "\nendbfchar" for c in chunks)
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        f"1 begincodespacerange\n<{'0' * width}> <{top}>\nendcodespacerange\n"
        f"{body}\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode()


def _font_mapping(font: pikepdf.Dictionary) -> tuple[Mapping, int] | None:
    """A font's current map and code width, or None when it has none we can rewrite."""
    two_byte = font.get("/Subtype") == "/Type0"
    if "/ToUnicode" in font:
        return read_cmap(font.ToUnicode.read_bytes()), 2 if two_byte else 1
    if not two_byte and font.get("/Encoding") in ("/WinAnsiEncoding", "/StandardEncoding"):
        return {code: chr(code) for code in range(0x20, 0x7F)}, 1
    return None


def rewrite_fonts(source: Path, target: Path, remap: Callable[[Mapping], Mapping | None], pages: list[int] | None = None) -> Path:
    """Copy ``source`` (only ``pages``, 1-based, when given) with every font's map
    replaced by ``remap(old)``; ``remap`` returning None removes the map."""
    with pikepdf.open(source) as pdf:
        keep_only(pdf, pages)
        done: set[tuple[int, int]] = set()
        for page in pdf.pages:
            for font in _fonts(page.obj.get("/Resources")):
                if font.objgen in done or font.objgen == (0, 0):
                    continue
                done.add(font.objgen)
                found = _font_mapping(font)
                if found is None:
                    continue
                mapping, code_bytes = found
                new = remap(mapping)
                if new is None:
                    if "/ToUnicode" in font:
                        del font["/ToUnicode"]
                else:
                    font.ToUnicode = pikepdf.Stream(pdf, write_cmap(new, code_bytes))
        pdf.save(target)
    return Path(target)


def _fonts(resources, seen: set | None = None):
    """Every font dictionary reachable from a resource dictionary (form XObjects too)."""
    if resources is None:
        return
    seen = set() if seen is None else seen
    for font in resources.get("/Font", {}).values():
        yield font
    for xobject in resources.get("/XObject", {}).values():
        if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
            seen.add(xobject.objgen)
            yield from _fonts(xobject.get("/Resources"), seen)


def strip(mapping: Mapping) -> None:
    return None


def unmapped(mapping: Mapping) -> Mapping:
    return {code: chr(0xE000 + code % 0x1800) for code in mapping}


def scrambled(mapping: Mapping) -> Mapping:
    rng = random.Random(len(mapping))
    pool = [chr(cp) for cp in rng.sample(range(0x4E00, 0x9FA5), 400)] + list(_SYMBOLS)
    return {code: rng.choice(pool) for code in mapping}


def digits(mapping: Mapping) -> Mapping:
    return {code: _DIGIT_SWAP.get(text, text) for code, text in mapping.items()}


_LOOKALIKE_OF = {text: chr(cp) for cp, text in sorted(LOOKALIKES.items(), reverse=True)}


def radicals(mapping: Mapping) -> Mapping:
    return {code: _LOOKALIKE_OF.get(text, text) for code, text in mapping.items()}


DAMAGES: dict[str, Callable[[Mapping], Mapping | None]] = {
    "stripped": strip,
    "unmapped": unmapped,
    "scrambled": scrambled,
    "digits": digits,
    "radicals": radicals,
}


def damage(kind: str) -> Callable[[Path, Path, list[int] | None], Path]:
    """The generator of one text-layer class, in the registry's shape."""
    remap = DAMAGES[kind]
    return lambda source, target, pages=None: rewrite_fonts(source, target, remap, pages)
