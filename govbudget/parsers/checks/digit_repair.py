"""OCR digit errors caught, and where the document proves it, corrected by its own sums.

A recogniser that reads 3 as 8 or drops a decimal point breaks the identities
every disclosure satisfies (类 = Σ 款, 合计 = 基本 + 项目, …). For each OCR'd
figure in a failing identity, every one-character edit (a digit replaced,
inserted or deleted, a decimal point inserted or deleted) is tried; an edit is a
*fix* when all identities that use the figure hold afterwards and at least one
failing identity is among them. A failing identity is repaired only when exactly
one fix touches it. The OCR reading is kept in ``TableRow.ocr_readings``;
everything else stays as read, and its checks keep failing.
"""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from govbudget.schema import CheckResult, RecordSource, TableInstance
from govbudget.schema.amounts import normalise_number_text, parse_decimal
from govbudget.parsers.checks.identities import CellRef, Identity, holds, identities, residual

log = logging.getLogger(__name__)

DIGITS = "0123456789"
TOLERANCE = Decimal("0.01")  # the corpus prints genuine ±0.01 rounding differences


@dataclass(frozen=True, slots=True)
class Repair:
    cell: CellRef
    reading: str  # as OCR read it
    corrected: str
    identities: tuple[str, ...]  # check ids the correction makes hold

    def describe(self, tables: list[TableInstance]) -> str:
        """One line for ParseResult.warnings."""
        table = tables[self.cell.table]
        row = table.rows[self.cell.row]
        return (
            f"OCR read {self.reading!r} at {table.table_id} [{row.code or row.label}] {self.cell.key} "
            f"(p.{row.page}); corrected to {self.corrected!r} by {', '.join(self.identities)}"
        )


def single_char_edits(text: str) -> set[str]:
    """Every number one character away from ``text``: substitute, insert or delete
    a digit, insert or delete a decimal point, read a comma for a point or back."""
    out: set[str] = set()
    for i, ch in enumerate(text):
        if ch in DIGITS:
            out.update(text[:i] + d + text[i + 1 :] for d in DIGITS if d != ch)
        if ch in ",.":
            out.add(text[:i] + ("." if ch == "," else ",") + text[i + 1 :])
        if ch in DIGITS or ch == ".":
            out.add(text[:i] + text[i + 1 :])
    for i in range(len(text) + 1):
        out.update(text[:i] + d + text[i:] for d in DIGITS)
        out.add(text[:i] + "." + text[i:])
    out.discard(text)
    return {t for t in out if _plausible(t)}


_GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


def _plausible(text: str) -> bool:
    """A number as a table prints one: commas only between thousands, no leading zeros."""
    if "," in text and not _GROUPED.match(text.strip()):
        return False
    t = normalise_number_text(text)
    if parse_decimal(text) is None or t.startswith(".") or t.endswith("."):
        return False
    integer = t.lstrip("-").split(".")[0]
    return integer == "0" or not integer.startswith("0")


def _decimals(text: str) -> int:
    t = normalise_number_text(text)
    return len(t.split(".")[1]) if "." in t else 0


def _column_decimals(tables: list[TableInstance], ref: CellRef) -> int | None:
    """How many decimals the column prints most often (a fix must print the same)."""
    counts = Counter(
        _decimals(row.values[ref.key])
        for row in tables[ref.table].rows
        if parse_decimal(row.values.get(ref.key)) is not None
    )
    return counts.most_common(1)[0][0] if counts else None


def _best_fix(
    tables: list[TableInstance], ref: CellRef, uses: list[Identity], failing: set[str]
) -> tuple[str, tuple[str, ...]] | None:
    """(corrected text, failing identities it repairs): the edit of ``ref`` that makes
    every identity using it hold, closest to exact; None if there is none, or a tie.

    Within the rounding tolerance 194.62, 194.63 and 194.64 all "hold"; the one
    that leaves no residual is the reading the document proves."""
    reading = tables[ref.table].rows[ref.row].values[ref.key]
    decimals = _column_decimals(tables, ref)
    scored = []
    for candidate in single_char_edits(reading):
        if decimals is not None and _decimals(candidate) != decimals:
            continue
        override = {ref: candidate}
        if all(holds(tables, i, TOLERANCE, override) for i in uses):
            scored.append((sum(residual(tables, i, override) for i in uses), candidate))
    if not scored:
        return None
    scored.sort()
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return None
    return scored[0][1], tuple(i.check_id for i in uses if i.check_id in failing)


def find_repairs(tables: list[TableInstance], found: list[Identity] | None = None) -> list[Repair]:
    """The unambiguous one-character corrections of OCR'd figures: a failing identity
    is repaired only when exactly one of its figures has a fix."""
    found = identities(tables) if found is None else found
    failing = {i.check_id for i in found if not holds(tables, i, TOLERANCE)}
    if not failing:
        return []
    uses: dict[CellRef, list[Identity]] = defaultdict(list)
    for identity in found:
        for ref in identity.cells:
            uses[ref].append(identity)
    suspects = {
        ref
        for identity in found
        if identity.check_id in failing
        for ref in identity.cells
        if tables[ref.table].source == RecordSource.ocr and parse_decimal(tables[ref.table].rows[ref.row].values.get(ref.key)) is not None
    }
    fixes_by_identity: dict[str, list[tuple[CellRef, str, tuple[str, ...]]]] = defaultdict(list)
    for ref in sorted(suspects, key=lambda r: (r.table, r.row, r.key)):
        fix = _best_fix(tables, ref, uses[ref], failing)
        if fix is not None:
            for check_id in fix[1]:
                fixes_by_identity[check_id].append((ref, *fix))
    repairs: dict[CellRef, Repair] = {}
    for check_id in failing:
        candidates = fixes_by_identity.get(check_id, [])
        if len(candidates) != 1:
            continue  # no single-character fix, or several: leave it failing
        ref, corrected, repaired = candidates[0]
        reading = tables[ref.table].rows[ref.row].values[ref.key]
        repairs[ref] = Repair(ref, reading, corrected, repaired)
    return list(repairs.values())


def apply_repairs(tables: list[TableInstance], repairs: list[Repair]) -> None:
    """Write each correction into its row, keeping what OCR read beside it."""
    for repair in repairs:
        row = tables[repair.cell.table].rows[repair.cell.row]
        row.ocr_readings[repair.cell.key] = repair.reading
        row.values[repair.cell.key] = repair.corrected
        log.info(
            "ocr digit repaired",
            extra={
                "table": tables[repair.cell.table].table_id,
                "page": row.page,
                "reading": repair.reading,
                "corrected": repair.corrected,
                "identities": list(repair.identities),
            },
        )


def repair_digits(tables: list[TableInstance]) -> list[Repair]:
    """Find and apply the repairs; the caller runs the checks afterwards."""
    repairs = find_repairs(tables)
    apply_repairs(tables, repairs)
    return repairs


LOW_CONFIDENCE = 0.9  # below this a recognised figure no identity covers is reported


def unverified_readings(
    tables: list[TableInstance], found: list[Identity] | None = None, threshold: float = LOW_CONFIDENCE
) -> list[CheckResult]:
    """A failing check for each OCR'd figure read with low confidence that no sum can vouch for.

    Figures inside an identity are checked by it; the rest (a lone figure, a
    performance form) have only the recogniser's word, so a doubtful one is
    reported rather than trusted.
    """
    found = identities(tables) if found is None else found
    covered = {ref for identity in found for ref in identity.cells}
    results = []
    for t, table in enumerate(tables):
        if table.source != RecordSource.ocr:
            continue
        for r, row in enumerate(table.rows):
            for key, text in row.values.items():
                confidence = row.confidence.get(key)
                if confidence is None or confidence >= threshold or CellRef(t, r, key) in covered:
                    continue
                if parse_decimal(text) is None:
                    continue
                results.append(
                    CheckResult(
                        check_id=f"{table.table_id}.{row.code or row.label or row.seq}.{key}.ocr_confidence",
                        scope=f"{table.table_id} {table.kind} [{row.code or row.label}] {key}",
                        description=f"OCR reading {text!r} has confidence {confidence:.2f} and no identity confirms it",
                        actual=parse_decimal(text),
                        passed=False,
                        pages=[row.page] if row.page is not None else [],
                    )
                )
    return results
