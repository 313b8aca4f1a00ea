"""What the reader must be told about pages not read as their text layer says.

One line per reason, naming the pages (``… on pages 4, 5 …``): a text layer that
could not be believed (and whether OCR read the page instead), and pages whose text
was turned to be read in its printed direction or runs several ways at once.
"""

from __future__ import annotations

from collections import defaultdict

from govbudget.parsers.page_model import PageContent

# degrees the page is turned clockwise to read it → how its text ran
_TURNS = {90: "text runs bottom to top", 270: "text runs top to bottom", 180: "text is upside down"}


class PageNotes:
    def __init__(self) -> None:
        self._unreadable: dict[tuple[str, bool], list[int]] = defaultdict(list)
        self._turned: dict[int, list[int]] = defaultdict(list)
        self._mixed: list[int] = []

    def note_unreadable(self, page: int, reason: str, read: bool) -> None:
        """``reason`` is a key of :data:`govbudget.parsers.read.ocr.detect.UNREADABLE`
        (others — no text layer at all — are told as pages without a text layer)."""
        from govbudget.parsers.read.ocr.detect import UNREADABLE

        if reason in UNREADABLE:
            self._unreadable[(UNREADABLE[reason], read)].append(page)

    def note_direction(self, content: PageContent) -> None:
        if content.mixed_directions:
            self._mixed.append(content.page_number)
        elif content.turned:
            self._turned[content.turned].append(content.page_number)

    def warnings(self) -> list[str]:
        lines = [
            f"unreadable text layer ({why}) on {_pages(pages)}: "
            + ("read by OCR" if read else "not read, OCR is off")
            for (why, read), pages in self._unreadable.items()
        ]
        lines += [
            f"turned page ({_TURNS.get(turn, f'turned {turn}°')}) on {_pages(pages)}: read in the printed direction"
            for turn, pages in sorted(self._turned.items())
        ]
        if self._mixed:
            lines.append(f"turned page (text runs several ways) on {_pages(self._mixed)}: part of it may read backwards")
        return lines


def _pages(pages: list[int]) -> str:
    return ("page " if len(pages) == 1 else "pages ") + ", ".join(map(str, sorted(pages)))
