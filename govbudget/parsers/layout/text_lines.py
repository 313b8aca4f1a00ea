"""Characters → printed lines → text, with the spacing conventions of CJK print.

CJK text has no spaces between words, so a line break inside a cell or paragraph
joins with nothing; Latin words broken over lines join with a space. Spaces
that are printed glyphs are kept (once); gaps are spaces only between Latin
characters, because the gap between 2025 and 年 is typesetting, not a space.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from govbudget.parsers.extract_settings import ExtractSettings
from govbudget.parsers.page_model import Char


@dataclass(slots=True)
class Line:
    chars: list[Char] = field(default_factory=list)
    top: float = 0.0
    bottom: float = 0.0

    @property
    def x0(self) -> float:
        return self.chars[0].x0

    @property
    def x1(self) -> float:
        return max(c.x1 for c in self.chars)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def size(self) -> float:
        sizes = sorted(c.size for c in self.chars if c.text.strip())
        return sizes[len(sizes) // 2] if sizes else 0.0


def group_lines(chars: list[Char], settings: ExtractSettings) -> list[Line]:
    """Cluster characters that share a baseline band, top to bottom, left to right."""
    lines: list[Line] = []
    for char in sorted(chars, key=lambda c: (c.top, c.x0)):
        height = max(char.bottom - char.top, 0.1)
        target = None
        for line in reversed(lines[-4:]):
            overlap = min(line.bottom, char.bottom) - max(line.top, char.top)
            if overlap >= settings.line_overlap * min(height, line.bottom - line.top):
                target = line
                break
        if target is None:
            lines.append(Line([char], char.top, char.bottom))
        else:
            target.chars.append(char)
            target.top = min(target.top, char.top)
            target.bottom = max(target.bottom, char.bottom)
    for line in lines:
        line.chars.sort(key=lambda c: c.x0)
    lines.sort(key=lambda line: (line.top, line.x0))
    return lines


def split_at_gaps(line: Line, gap: float, number_gap: float | None = None) -> list[Line]:
    """Pieces of a line separated by whitespace wider than ``gap`` × font size.

    Printed spaces stay inside a piece (``A3 黑白打印机``) but never start or end one.
    With ``number_gap``, a smaller gap splits two figures (``-25.02 -9.24%`` in two
    tight right-aligned columns): digits of one number are never spaced apart.
    """
    pieces: list[Line] = []
    current: list[Char] = []
    right = 0.0
    for char in line.chars:
        if not char.text.strip():
            if current:
                current.append(char)
                right = max(right, char.x1)
            continue
        space = char.x0 - right
        size = max(char.size, 1.0)
        between_figures = (
            number_gap is not None
            and current
            and current[-1].text in _FIGURE_END
            and char.text in _FIGURE_START
            and space > number_gap * size
        )
        if current and (space > gap * size or between_figures):
            pieces.append(_line_of(current))
            current = []
        right = max(right, char.x1) if current else char.x1
        current.append(char)
    if current:
        pieces.append(_line_of(current))
    return pieces


_FIGURE_END = set("0123456789%")
_FIGURE_START = set("0123456789-+")


def _line_of(chars: list[Char]) -> Line:
    while not chars[-1].text.strip():
        chars = chars[:-1]
    return Line(list(chars), min(c.top for c in chars), max(c.bottom for c in chars))


def line_text(chars: list[Char], settings: ExtractSettings) -> str:
    """Text of one line: printed spaces kept once, gaps become spaces only between Latin chars."""
    out: list[str] = []
    previous: Char | None = None
    for char in chars:
        if not char.text.strip():
            if out and out[-1] != " ":
                out.append(" ")
            continue
        if previous is not None and out and out[-1] != " ":
            gap = char.x0 - previous.x1
            if gap > settings.space_gap * max(char.size, 1.0) and _is_latin(previous.text) and _is_latin(char.text):
                out.append(" ")
        out.append(char.text)
        previous = char
    return "".join(out).strip()


def join_wrapped(texts: list[str]) -> str:
    """Join the lines of one cell or paragraph: '' for CJK, ' ' between Latin words."""
    result = ""
    for text in texts:
        if not text:
            continue
        if result and _is_latin_letter(result[-1]) and _is_latin_letter(text[0]):
            result += " "
        result += text
    return result


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _is_latin_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()
