"""Pull output on disk: data files plus a Fiscal Data Package ``datapackage.json``.

FDP conventions (OpenSpending/Frictionless): amounts are a CNY measure with its
``factor`` (values are exact yuan, so 1), ``phase`` approved for 预算 and
executed for 决算, 功能/经济分类 as classification dimensions, the publisher as
the entity, and the fiscal year as the date. One resource per document kind so
each resource's measure has a single phase.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from govbudget.errors import InputError
from govbudget.schema.datasets import with_classifications
from govbudget.schema.fields import description
from govbudget.schema.tabular import CSV_ENCODING, write_table

PHASES = {"budget": "approved", "final_account": "executed"}
REVENUE_TABLE_KINDS = ("revenue_summary", "gov_fund_revenue")

_FRICTIONLESS_TYPES = (
    (pa.types.is_integer, "integer"),
    (pa.types.is_decimal, "number"),
    (pa.types.is_floating, "number"),
    (pa.types.is_boolean, "boolean"),
)

COLUMN_TYPES = {  # FDP budget taxonomy columnType per exported column
    "value_yuan": "value",
    "fiscal_year": "date:fiscal-year",
    "publisher": "administrative-classification:generic:label",
    "publisher_code": "administrative-classification:generic:code",
    "functional_code": "functional-classification:generic:code",
    "functional_label": "functional-classification:generic:label",
    "economic_label": "economic-classification:generic:label",
}


LICENSE = {
    "name": "other-at",
    "title": "Government information published under the PRC Regulations on Open Government Information "
    "(政府信息公开条例); attribute each figure to its source_url",
    "path": "https://www.gov.cn/zhengce/content/2019-04/15/content_5382991.htm",
}


def _field(field: pa.Field, phase: str | None, dataset: str, has_nulls: bool = False, fmt: str = "csv") -> dict:
    kind = next((name for test, name in _FRICTIONLESS_TYPES if test(field.type)), "string")
    if kind == "integer" and has_nulls and fmt == "parquet":
        # frictionless reads Parquet through pandas, where an integer column with nulls turns
        # float (NaN): declared a number, it validates; the file keeps its integer type.
        kind = "number"
    descriptor: dict = {"name": field.name, "type": kind, "description": description(dataset, field.name)}
    if field.name in COLUMN_TYPES:
        descriptor["columnType"] = COLUMN_TYPES[field.name]
    if field.name == "value_yuan":
        descriptor.update({"currency": "CNY", "factor": 1, "phase": phase} if phase else {"currency": "CNY", "factor": 1})
    return descriptor


def _model(resources: list[dict], table: pa.Table) -> dict:
    measures = {}
    for resource in resources:
        phase = resource.get("x-phase")
        if "value_yuan" in table.column_names and phase:
            measure = {"source": "value_yuan", "resource": resource["name"], "currency": "CNY", "factor": 1, "phase": phase}
            kinds = set(table["table_kind"].unique().to_pylist()) if "table_kind" in table.column_names else set()
            if kinds and kinds <= set(REVENUE_TABLE_KINDS):
                measure["direction"] = "revenue"
            measures[phase] = measure
    dimensions = {
        "entity": {
            "dimensionType": "entity",
            "attributes": {"name": {"source": "publisher"}, "code": {"source": "publisher_code"}},
            "primaryKey": "name",
        },
        "date": {"dimensionType": "datetime", "attributes": {"fiscal_year": {"source": "fiscal_year"}}, "primaryKey": "fiscal_year"},
        "document": {
            "dimensionType": "other",
            "attributes": {"doc_id": {"source": "doc_id"}, "source_url": {"source": "source_url"}, "page": {"source": "page"}},
            "primaryKey": "doc_id",
        },
    }
    if "functional_code" in table.column_names:
        dimensions["functional_classification"] = {
            "dimensionType": "classification",
            "classificationType": "functional",
            "attributes": {"code": {"source": "functional_code"}, "label": {"source": "functional_label", "labelfor": "code"}},
            "primaryKey": "code",
        }
        dimensions["economic_classification"] = {
            "dimensionType": "classification",
            "classificationType": "economic",
            "attributes": {"label": {"source": "economic_label"}},
            "primaryKey": "label",
        }
    return {"measures": measures, "dimensions": dimensions}


def clear_previous_pull(out: Path) -> None:
    """Make ``out`` ready for a new package: the files of a previous pull (the ones its
    ``datapackage.json`` lists) are removed; any other file makes the pull refuse, so the
    directory always holds exactly what its descriptor lists."""
    if not out.exists():
        return
    if not out.is_dir():
        raise InputError(str(out), "--out is a file, not a directory")
    present = {p.name for p in out.iterdir()}
    descriptor_path = out / "datapackage.json"
    listed: set[str] = set()
    if descriptor_path.exists():
        try:
            listed = {r["path"] for r in json.loads(descriptor_path.read_text(encoding="utf-8")).get("resources", [])}
        except (ValueError, KeyError, TypeError):
            raise InputError(str(descriptor_path), "not a datapackage.json govbudget can read; choose an empty --out") from None
    others = sorted(present - listed - {"datapackage.json"})
    if others:
        raise InputError(str(out), f"holds files that are not a previous pull's ({', '.join(others[:3])}…); choose an empty or new --out")
    for name in listed & present:
        (out / name).unlink()
    if descriptor_path.exists():
        descriptor_path.unlink()


def _sources(table: pa.Table, archive: str) -> list[dict]:
    """The archive, then every published document the rows come from."""
    sources = [{"title": f"govbudget archive {archive}".strip(), "path": archive}] if archive else []
    if "source_url" in table.column_names:
        documents = table.select(["source_url", "publisher", "fiscal_year"]).group_by(["source_url", "publisher", "fiscal_year"]).aggregate([])
        for row in sorted(documents.to_pylist(), key=lambda r: str(r["source_url"])):
            if row["source_url"]:
                sources.append({"title": f"{row['publisher'] or ''} {row['fiscal_year'] or ''}".strip(), "path": row["source_url"]})
    return sources


def write_package(table: pa.Table, dataset: str, out_dir: str | Path, fmt: str, *, run_id: str | None, selection: dict) -> Path:
    """Write ``table`` split by document kind, and the descriptor; returns the descriptor path."""
    out = Path(out_dir)
    clear_previous_pull(out)
    out.mkdir(parents=True, exist_ok=True)
    if dataset == "line_items":
        table = with_classifications(table)
    kinds = sorted({k for k in table["doc_kind"].to_pylist()}, key=str) or [None]
    resources = []
    for kind in kinds:
        part = table.filter(pc.equal(table["doc_kind"], kind)) if kind else table
        name = re.sub(r"[^a-z0-9_.-]", "-", f"{dataset}-{kind or 'all'}")
        path = out / f"{name}.{fmt}"
        write_table(part, path, fmt)
        phase = PHASES.get(kind or "")
        resource = {
            "name": name,
            "path": path.name,
            "format": fmt,
            "profile": "tabular-data-resource",
            "schema": {"fields": [_field(f, phase, dataset, part[f.name].null_count > 0, fmt) for f in part.schema]},
        }
        if fmt == "csv":
            resource.update({"mediatype": "text/csv", "encoding": CSV_ENCODING})
        if phase:
            resource["x-phase"] = phase
        resources.append(resource)
    years = sorted(y for y in set(table["fiscal_year"].to_pylist()) if y is not None) if "fiscal_year" in table.column_names else []
    descriptor = {
        "profile": "tabular-data-package",
        "name": f"govbudget-{dataset}",
        "title": f"govbudget {dataset} (预算/决算公开)",
        "countryCode": "CN",
        "granularity": "aggregated",
        "fiscalPeriod": {"start": f"{years[0]}-01-01", "end": f"{years[-1]}-12-31"} if years else None,
        "licenses": [LICENSE],
        "sources": _sources(table, selection.get("archive", "")),
        "x-govbudget": {"run_id": run_id, "selection": selection},
        "resources": resources,
        "model": _model(resources, table),
    }
    descriptor = {k: v for k, v in descriptor.items() if v is not None}
    for resource in resources:  # phase lives in the model and on the value field
        resource.pop("x-phase", None)
    path = out / "datapackage.json"
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return path
