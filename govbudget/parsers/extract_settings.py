"""One settings object for the extraction steps, like pdfplumber's TableSettings.

Every tolerance the extraction uses lives here, in PDF points unless said otherwise,
so a caller tuning for an unusual producer changes one object, not the code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ExtractSettings:
    # Watermark and duplicate removal.
    max_skew: float = 0.02  # |sin| of text rotation tolerated before text counts as oblique
    light_fill: float = 0.55  # grey fill lighter than this (0 black .. 1 white) is an overlay
    min_alpha: float = 0.5  # fill more transparent than this is an overlay
    dedupe_tolerance: float = 1.0  # same char within this distance is a fake-bold copy

    # Grouping chars into lines and cells.
    line_overlap: float = 0.5  # share of the smaller height two chars must overlap on one line
    space_gap: float = 0.3  # gap (× font size) between Latin chars that reads as a space

    # Ruling lines (fed to pdfplumber.table's edge merging).
    max_rule_width: float = 3.0  # a filled rect thinner than this is a rule
    snap_tolerance: float = 3.0
    join_tolerance: float = 3.0
    intersection_tolerance: float = 3.0
    min_rule_length: float = 3.0

    # Three-line and rule-less tables (gaps × font size).
    rule_span: float = 0.4  # a horizontal rule wider than this share of the page width frames a table
    cell_gap: float = 0.35  # whitespace that separates two cells on a line between rules
    figure_gap: float = 0.1  # whitespace that separates two figures (digits are never spaced)
    unruled_gap: float = 1.0  # without rules, only wide whitespace marks a column
    note_gap: float = 30.0  # a note line must start within this distance below its table

    # Page furniture (running headers/footers) and rows cut by a page break.
    furniture_margin: float = 0.12  # share of page height at top and bottom where furniture lives
    furniture_pages: int = 3  # a margin line repeated on this many pages is furniture
    prose_length: int = 20  # characters: longer cell texts are running prose, not labels

    # Garbage text layer: share of chars that are (cid:N)/private-use/replacement.
    max_garbage_share: float = 0.3


DEFAULT_SETTINGS = ExtractSettings()
