"""Composite fonts: a corpus PDF with its simple TrueType fonts turned into Type0 fonts.

Real disclosures (WPS, Word, Foxit, finance systems) print Chinese with Type0 fonts:
Encoding /Identity-H, a CIDFontType2 descendant with an embedded subset TrueType,
two-byte codes that are glyph ids or CIDs, not characters. Often the ToUnicode map is
missing, and the subset's own cmap table was stripped too, so the text layer has no
map anywhere and reads as raw CIDs (control codes, Latin, Greek …), U+FFFD or nothing.

The corpus uses simple TrueType fonts (one-byte codes), so the class converts them:
each becomes a Type0 font whose CID is the old one-byte code, with a CIDToGIDMap to
the glyph the simple font drew for that code (the embedded font's cmap subtable
(3,0), (1,0) or (3,1)), /W from /Widths, and every string shown in it (Tj, TJ, ', ")
in page and form content rewritten to two-byte codes. The glyphs and their places
never change. Variants:

- ``type0``: the ToUnicode map kept, rewritten for two-byte codes (a well-formed font);
- ``type0_no_tounicode``: no ToUnicode, the embedded font's cmap kept;
- ``type0_no_map``: no ToUnicode and the embedded font's cmap table removed;
- ``type0_cid_text``: no ToUnicode, and the CIDs numbered after the code points the
  old map gave (as producers that number glyphs by Unicode do) with 3↔8 and 6↔9
  swapped: read as code points, the raw CIDs spell plausible budget text whose
  years and subject codes still look right while figures are wrong. Only the
  reader's knowledge that the font has no map can catch it.

Other fonts (Type1 programs, the standard Helvetica) are left simple: a CIDFontType2
needs a TrueType program.
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
from fontTools.ttLib import TTFont

from testkit.stress.pages import keep_only
from testkit.stress.text_layers import read_cmap, write_cmap

VARIANTS = ("type0", "type0_no_tounicode", "type0_no_map", "type0_cid_text")
_CID_SWAP = dict(zip("3869", "8396"))
_SHOW = {"Tj", "'", '"', "TJ"}


def convert(source: Path, target: Path, pages: list[int] | None = None, *, variant: str) -> Path:
    """Copy ``source`` (only ``pages``, 1-based, when given) with every simple TrueType
    font made a Type0 font, as ``variant`` (one of :data:`VARIANTS`) says."""
    if variant not in VARIANTS:
        raise ValueError(f"variant must be one of {VARIANTS}, not {variant!r}")
    with pikepdf.open(source) as pdf:
        keep_only(pdf, pages)
        converted: dict = {}  # font key → its code → CID map when made Type0, else None
        walked: set[tuple[int, int]] = set()
        for page in pdf.pages:
            resources = page.obj.get("/Resources")
            _convert_fonts(pdf, resources, variant, converted)
            page.contents_coalesce()
            _rewrite_stream(pdf, page.obj.Contents, resources, None, variant, converted, walked)
        pdf.save(target)
    return Path(target)


def generator(variant: str):
    """The generator of one variant, in the registry's shape."""
    return lambda source, target, pages=None: convert(source, target, pages, variant=variant)


# ---- fonts ---------------------------------------------------------------------------


def _convert_fonts(pdf: pikepdf.Pdf, resources, variant: str, converted: dict) -> None:
    if resources is None:
        return
    for font in resources.get("/Font", {}).values():
        key = font.objgen if font.objgen != (0, 0) else ("direct", id(font))
        if key in converted:
            continue
        converted[key] = _to_type0(pdf, font, variant) if _is_simple_truetype(font) else None


def _is_simple_truetype(font: pikepdf.Dictionary) -> bool:
    descriptor = font.get("/FontDescriptor")
    return (
        font.get("/Subtype") == "/TrueType"
        and descriptor is not None
        and "/FontFile2" in descriptor
    )


def _glyph_ids(tt: TTFont, first: int, last: int) -> dict[int, int]:
    """Code → glyph id as a simple TrueType font draws it (PDF 32000 §9.6.6.4):
    the (3,0) subtable (at the code or 0xF000 + code), else (1,0), else (3,1)."""
    order = {name: gid for gid, name in enumerate(tt.getGlyphOrder())}
    tables = {(t.platformID, t.platEncID): t.cmap for t in tt["cmap"].tables} if "cmap" in tt else {}
    found: dict[int, int] = {}
    for code in range(first, last + 1):
        for (platform, encoding), candidates in (
            ((3, 0), (code, 0xF000 | code, 0xF100 | code, 0xF200 | code)),
            ((1, 0), (code,)),
            ((3, 1), (code,)),
        ):
            table = tables.get((platform, encoding), {})
            name = next((table[c] for c in candidates if c in table), None)
            if name is not None:
                found[code] = order.get(name, 0)
                break
    return found


def _cids(to_unicode: dict[int, str] | None, variant: str) -> list[int]:
    """The CID of each one-byte code: the code itself, or for ``type0_cid_text`` the
    code point its text had (digits swapped); a code whose text is not one character,
    or whose code point another code took, gets a CID of its own in the private use area."""
    if variant != "type0_cid_text" or not to_unicode:
        return list(range(256))
    cids: list[int] = []
    for code in range(256):
        text = to_unicode.get(code, "")
        cid = ord(_CID_SWAP.get(text, text)) if len(text) == 1 else None
        cids.append(cid if cid is not None and cid not in cids else 0xE000 + code)
    return cids


def _to_type0(pdf: pikepdf.Pdf, font: pikepdf.Dictionary, variant: str) -> list[int]:
    """Make ``font`` (a simple TrueType font) a Type0 font in place (every reference to
    it sees the composite font); returns each one-byte code's CID."""
    descriptor = font.FontDescriptor
    program = descriptor.FontFile2
    tt = TTFont(io.BytesIO(program.read_bytes()), recalcBBoxes=False, recalcTimestamp=False)
    first = int(font.get("/FirstChar", 0))
    widths = [float(w) for w in font.get("/Widths", [])]
    last = int(font.get("/LastChar", first + len(widths) - 1))
    gids = _glyph_ids(tt, first, last)
    to_unicode = read_cmap(font.ToUnicode.read_bytes()) if "/ToUnicode" in font else None
    cids = _cids(to_unicode, variant)
    cid_to_gid = bytearray(2 * (max((cids[code] for code in gids), default=0) + 1))
    for code, gid in gids.items():
        cid_to_gid[2 * cids[code] : 2 * cids[code] + 2] = gid.to_bytes(2, "big")
    cid_widths = pikepdf.Array()
    for offset, width in enumerate(widths):
        cid_widths.extend([cids[first + offset], pikepdf.Array([width])])
    if variant == "type0_no_map" and "cmap" in tt:
        del tt["cmap"]
        out = io.BytesIO()
        tt.save(out)
        data = out.getvalue()
        descriptor.FontFile2 = pikepdf.Stream(pdf, data)
        descriptor.FontFile2.Length1 = len(data)
    base = font.BaseFont
    descendant = pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name.CIDFontType2,
        BaseFont=base,
        CIDSystemInfo=pikepdf.Dictionary(Registry=pikepdf.String("Adobe"), Ordering=pikepdf.String("Identity"), Supplement=0),
        FontDescriptor=descriptor,
        DW=float(descriptor.get("/MissingWidth", 0)),
        W=cid_widths,
        CIDToGIDMap=pikepdf.Stream(pdf, bytes(cid_to_gid)),
    )
    for key in list(font.keys()):
        del font[key]
    font.Type = pikepdf.Name.Font
    font.Subtype = pikepdf.Name.Type0
    font.BaseFont = pikepdf.Name(f"{base}-Identity-H")
    font.Encoding = pikepdf.Name("/Identity-H")
    font.DescendantFonts = pikepdf.Array([pdf.make_indirect(descendant)])
    if variant == "type0" and to_unicode is not None:
        font.ToUnicode = pikepdf.Stream(pdf, write_cmap(to_unicode, 2))
    return cids


# ---- content ---------------------------------------------------------------------------


def _two_byte(text: pikepdf.String, cids: list[int]) -> pikepdf.String:
    return pikepdf.String(b"".join(cids[code].to_bytes(2, "big") for code in bytes(text)))


def _cids_of(font, converted: dict) -> list[int] | None:
    if font is None:
        return None
    return converted.get(font.objgen if font.objgen != (0, 0) else ("direct", id(font)))


def _rewrite_stream(pdf, stream, resources, font_state, variant, converted, walked) -> None:
    """Rewrite the strings of ``stream`` shown in a converted font; ``font_state`` is
    the CIDs of the font current when the stream starts, None when it was not
    converted (a form XObject inherits its caller's graphics state). Forms it draws
    are rewritten once."""
    fonts = resources.get("/Font", {}) if resources is not None else {}
    states = resources.get("/ExtGState", {}) if resources is not None else {}
    xobjects = resources.get("/XObject", {}) if resources is not None else {}
    current, stack = font_state, []
    out = []
    for instruction in pikepdf.parse_content_stream(stream):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            out.append(instruction)
            continue
        operands, operator = list(instruction.operands), str(instruction.operator)
        if operator == "q":
            stack.append(current)
        elif operator == "Q":
            current = stack.pop() if stack else current
        elif operator == "Tf" and operands:
            current = _cids_of(fonts.get(str(operands[0])), converted)
        elif operator == "gs" and operands:
            state = states.get(str(operands[0]))
            if state is not None and "/Font" in state:
                font = state.Font[0]
                _convert_fonts(pdf, pikepdf.Dictionary(Font=pikepdf.Dictionary(F=font)), variant, converted)
                current = _cids_of(font, converted)
        elif operator in _SHOW and current is not None:
            if operator == "TJ":
                operands[-1] = pikepdf.Array(
                    [_two_byte(item, current) if isinstance(item, pikepdf.String) else item for item in operands[-1]]
                )
            else:
                operands[-1] = _two_byte(operands[-1], current)
        elif operator == "Do" and operands:
            form = xobjects.get(str(operands[0]))
            if form is not None and form.get("/Subtype") == "/Form" and form.objgen not in walked:
                walked.add(form.objgen)
                form_resources = form.get("/Resources", resources)
                _convert_fonts(pdf, form_resources, variant, converted)
                _rewrite_stream(pdf, form, form_resources, current, variant, converted, walked)
        out.append(pikepdf.ContentStreamInstruction(operands, pikepdf.Operator(operator)))
    stream.write(pikepdf.unparse_content_stream(out))
