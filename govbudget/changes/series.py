"""Headline figures of each unit across every archived year (current editions only),
and their totals per region: what the HTML report charts beside the comparisons."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from govbudget.changes.headline import Figure, headline
from govbudget.storage.editions import current as current_editions
from govbudget.changes.units import unit_key
from govbudget.storage.archive import ObjectArchive


@dataclass
class UnitSeries:
    publisher: str
    region: str
    kind: str  # budget | final_account
    years: dict[int, dict[str, Figure]] = field(default_factory=dict)  # year → metric → figure


def headline_series(archive: ObjectArchive, catalog: list[dict] | None = None, publishers: set[str] | None = None) -> list[UnitSeries]:
    """One series per unit and document kind; ``publishers`` limits it to the units reported on."""
    units: dict[tuple, UnitSeries] = {}
    for entry in current_editions(catalog if catalog is not None else archive.catalog()):
        year = entry.get("fiscal_year")
        if not year or publishers is not None and entry.get("publisher") not in publishers:
            continue
        result = archive.catalogued_parse(entry)
        if result is None:
            continue
        key = (*unit_key(entry), entry.get("kind") or "")
        series = units.setdefault(key, UnitSeries(entry.get("publisher") or "?", "/".join(entry.get("region") or []) or "—", entry.get("kind") or ""))
        series.years[year] = headline(result)
        series.publisher = entry.get("publisher") or series.publisher  # the latest year's name
    return sorted(units.values(), key=lambda s: (s.region, s.publisher, s.kind))


@dataclass(frozen=True)
class RegionTotal:
    region: str
    kind: str
    year: int
    units: int
    total_expenditure_yuan: Decimal


def region_totals(series: list[UnitSeries], metric: str = "total_expenditure") -> list[RegionTotal]:
    """Sum of ``metric`` over the units of each region, per year and document kind."""
    sums: dict[tuple, list] = defaultdict(lambda: [0, Decimal(0)])
    for unit in series:
        for year, figures in unit.years.items():
            if metric in figures:
                entry = sums[(unit.region, unit.kind, year)]
                entry[0] += 1
                entry[1] += figures[metric].yuan
    return [RegionTotal(r, k, y, n, total) for (r, k, y), (n, total) in sorted(sums.items())]
