"""Pull output on disk: data files plus a Fiscal Data Package ``datapackage.json``.

FDP conventions (OpenSpending/Frictionless): amounts are a CNY measure with its
``factor`` (values are exact yuan, so 1), ``phase`` approved for 预算 and
executed for 决算, 功能/经济分类 as classification dimensions, the publisher as
the entity, and the fiscal year as the date. One resource per document kind so
each resource's measure has a single phase.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import re
import shutil
import tempfile
from json.encoder import encode_basestring as _json_string  # what json.dumps(ensure_ascii=False) escapes strings with
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from govbudget.errors import InputError, OutputError
from govbudget.schema.datasets import with_classifications
from govbudget.schema.fields import description
from govbudget.schema.tabular import CSV_ENCODING, TableFileWriter
from govbudget.storage.runs import gone, writer

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


# The text columns a pull's rows come grouped by (a document's rows are written together, documents in
# publisher order once compacted): their Parquet min/max statistics let a reader skip row groups. Numbers
# keep theirs too; other text (labels, codes, units) is mixed in every row group, where statistics skip nothing.
CLUSTERED_BY = ("doc_id", "publisher", "publisher_code", "parent_department", "region", "admin_level", "fiscal_year",
                "doc_kind", "scope", "table_kind", "source_url")

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


def _model(resources: list[dict], table_kinds: set[str]) -> dict:
    measures = {}
    for resource in resources:
        phase = resource.get("x-phase")
        fields = {f["name"] for f in resource["schema"]["fields"]}
        if "value_yuan" in fields and phase:
            measure = {"source": "value_yuan", "resource": resource["name"], "currency": "CNY", "factor": 1, "phase": phase}
            if table_kinds and table_kinds <= set(REVENUE_TABLE_KINDS):
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
    if any(f["name"] == "functional_code" for r in resources for f in r["schema"]["fields"]):
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


def previous_pull_files(out: Path) -> set[str]:
    """The files of a previous pull in ``out`` (the ones its ``datapackage.json`` lists, and
    itself); any other file makes the pull refuse, so the directory always holds exactly
    what its descriptor lists."""
    if not out.exists():
        return set()
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
    return present & (listed | {"datapackage.json"})


def clear_previous_pull(out: Path) -> None:
    """Make ``out`` ready for a new package (see :func:`previous_pull_files`)."""
    for name in sorted(previous_pull_files(out), key=lambda n: n == "datapackage.json"):  # the descriptor last
        (out / name).unlink()


class _Resource:
    """One data file of the package (one document kind) and what its descriptor needs to know."""

    def __init__(self, directory: Path, dataset: str, kind: str | None, schema: pa.Schema, fmt: str):
        self.kind, self.fmt = kind, fmt
        self.name = re.sub(r"[^a-z0-9_.-]", "-", f"{dataset}-{kind or 'all'}")
        self.file_name = f"{self.name}.{fmt}"
        self.writer = TableFileWriter(directory / self.file_name, schema, fmt, statistics=[
            f.name for f in schema if f.name in CLUSTERED_BY or not (pa.types.is_string(f.type) or pa.types.is_large_string(f.type))])
        self.nulls = {f.name: 0 for f in schema}

    def write(self, part: pa.Table) -> None:
        self.writer.write(part)
        for name in self.nulls:
            self.nulls[name] += part[name].null_count

    def descriptor(self, dataset: str) -> dict:
        phase = PHASES.get(self.kind or "")
        schema = self.writer.schema
        resource = {
            "name": self.name,
            "path": self.file_name,
            "format": self.fmt,
            "profile": "tabular-data-resource",
            "schema": {"fields": [_field(f, phase, dataset, self.nulls[f.name] > 0, self.fmt) for f in schema]},
        }
        if self.fmt == "csv":
            resource.update({"mediatype": "text/csv", "encoding": CSV_ENCODING})
        if phase:
            resource["x-phase"] = phase
        return resource


def _source_json(source: dict[str, str]) -> str:
    """One source as a line of JSON: its strings escaped by the encoder's own C escaper, no encoder per source."""
    return "{" + ", ".join(f"{_json_string(key)}: {_json_string(value)}" for key, value in source.items()) + "}"


def _descriptor_json(descriptor: dict) -> str:
    """Indented for people, but each source on one line: Python's JSON encoder is pure Python once it
    indents, and a whole-archive pull lists tens of thousands of sources."""
    if "sources" not in descriptor:
        return json.dumps(descriptor, ensure_ascii=False, indent=1, default=str)
    sources = descriptor["sources"]
    text = json.dumps({**descriptor, "sources": "\0SOURCES\0"}, ensure_ascii=False, indent=1, default=str)
    listed = ",\n  ".join(map(_source_json, sources))
    return text.replace('"\\u0000SOURCES\\u0000"', f"[\n  {listed}\n ]" if sources else "[]")


def _remove_abandoned_staging(out: Path) -> None:
    """Staging directories beside ``out`` whose pull process has ended (killed midway) are removed."""
    for staging in out.parent.glob(f".{glob.escape(out.name)}.pulling-*"):
        pid = staging.name.rsplit(".pulling-", 1)[1].split("-", 1)[0]
        if pid.isdigit() and gone({**writer(), "pid": int(pid)}):
            shutil.rmtree(staging, ignore_errors=True)


class StagedPackage:
    """A pull written batch by batch into a hidden sibling of ``--out``, published only when complete.

    Streaming keeps a whole-archive export's memory to a few batches; staging
    means a failed or refused pull leaves ``--out`` (a previous pull's files
    included) exactly as it was.
    """

    def __init__(self, dataset: str, out_dir: str | Path, fmt: str):
        self.dataset, self.fmt = dataset, fmt
        self.out = Path(out_dir).absolute()
        previous_pull_files(self.out)  # refuse a wrong --out before any reading
        self.out.parent.mkdir(parents=True, exist_ok=True)
        _remove_abandoned_staging(self.out)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.pulling-{os.getpid()}-", dir=self.out.parent))
        self.resources: dict[str | None, _Resource] = {}
        self.rows = 0
        self.years: set[int] = set()
        self.table_kinds: set[str] = set()
        self.documents: dict[str, tuple] = {}  # source_url → (publisher, fiscal_year)

    def write(self, table: pa.Table) -> None:
        """Append selected rows (any number of calls); they are split by document kind."""
        with self._writing():
            self._write(table)

    @contextlib.contextmanager
    def _writing(self):
        """A file that cannot be written (disk full, file too large, no permission) is one error naming ``--out``."""
        try:
            yield
        except OSError as exc:
            raise OutputError(str(self.out), f"cannot write the pull: {exc.strerror or exc}") from exc

    def _write(self, table: pa.Table) -> None:
        if self.dataset == "line_items":
            table = with_classifications(table)
        self.rows += table.num_rows
        if "fiscal_year" in table.column_names:
            self.years.update(y for y in pc.unique(table["fiscal_year"]).to_pylist() if y is not None)
        if "table_kind" in table.column_names:
            self.table_kinds.update(pc.unique(table["table_kind"]).to_pylist())
        if "source_url" in table.column_names:  # each published document once, from its first row
            new = [url for url in pc.unique(table["source_url"]).to_pylist() if url and url not in self.documents]
            if new:
                first = table.select(["publisher", "fiscal_year"]).take(pc.index_in(pa.array(new, pa.string()), value_set=table["source_url"]))
                self.documents.update(zip(new, zip(first["publisher"].to_pylist(), first["fiscal_year"].to_pylist())))
        kinds = pc.unique(table["doc_kind"]).to_pylist()
        for kind in kinds:  # a batch of one kind (a file of one kind, a --kind pull) is written without a copy
            part = table if len(kinds) == 1 else table.filter(
                pc.equal(table["doc_kind"], kind) if kind is not None else pc.is_null(table["doc_kind"]))
            self._resource(kind, table.schema).write(part)

    def _resource(self, kind: str | None, schema: pa.Schema) -> _Resource:
        if kind not in self.resources:
            self.resources[kind] = _Resource(self.staging, self.dataset, kind, schema, self.fmt)
        return self.resources[kind]

    def discard(self) -> None:
        """Drop the staged files (the pull failed or was refused): the error being handled is the one that counts."""
        for resource in self.resources.values():
            with contextlib.suppress(Exception):
                resource.writer.close()
        shutil.rmtree(self.staging, ignore_errors=True)

    def publish(self, empty_schema: pa.Schema, *, run_id: str | None, selection: dict) -> Path:
        """Close the files and write the descriptor beside them, then replace a previous pull in ``--out``.

        Everything that can fail for want of space is written before the previous
        pull is touched: after that, only renames within one file system remain.
        """
        try:
            with self._writing():
                if not self.resources:  # nothing selected: one empty file still says what the columns are
                    empty = empty_schema.empty_table()
                    self._resource(None, (with_classifications(empty) if self.dataset == "line_items" else empty).schema)
                for resource in self.resources.values():
                    resource.writer.close()
                ordered = [self.resources[k] for k in sorted(self.resources, key=lambda k: (k is None, str(k)))]
                resources = [resource.descriptor(self.dataset) for resource in ordered]
                staged = self.staging / "datapackage.json"
                staged.write_text(_descriptor_json(self._descriptor(resources, run_id, selection)), encoding="utf-8")
                clear_previous_pull(self.out)
                self.out.mkdir(parents=True, exist_ok=True)
                for resource in ordered:
                    os.replace(self.staging / resource.file_name, self.out / resource.file_name)
                os.replace(staged, self.out / "datapackage.json")
            return self.out / "datapackage.json"
        finally:
            shutil.rmtree(self.staging, ignore_errors=True)

    def _sources(self, archive: str) -> list[dict]:
        """The archive, then every published document the rows come from."""
        sources = [{"title": f"govbudget archive {archive}".strip(), "path": archive}] if archive else []
        for url, (publisher, year) in sorted(self.documents.items()):
            sources.append({"title": f"{publisher or ''} {year or ''}".strip(), "path": url})
        return sources

    def _descriptor(self, resources: list[dict], run_id: str | None, selection: dict) -> dict:
        years = sorted(self.years)
        descriptor = {
            "profile": "tabular-data-package",
            "name": f"govbudget-{self.dataset}",
            "title": f"govbudget {self.dataset} (预算/决算公开)",
            "countryCode": "CN",
            "granularity": "aggregated",
            "fiscalPeriod": {"start": f"{years[0]}-01-01", "end": f"{years[-1]}-12-31"} if years else None,
            "licenses": [LICENSE],
            "sources": self._sources(selection.get("archive", "")),
            "x-govbudget": {"run_id": run_id, "selection": selection},
            "resources": resources,
            "model": _model(resources, self.table_kinds),
        }
        descriptor = {k: v for k, v in descriptor.items() if v is not None}
        for resource in resources:  # phase lives in the model and on the value field
            resource.pop("x-phase", None)
        return descriptor
