"""How the archive scales: per-run cost and reads as the archive grows from 1,000 to 50,000 documents.

Builds synthetic archives through the public archive API (``put_original`` +
``put_parse`` in 100-document runs) on a local directory and on S3 (moto on
127.0.0.1, counting every request it answers), and at each size prints:

* one more 100-document run: ingest time, manifest bytes, change detection for
  that run (``changes_involving``), S3 requests — should stay flat (±30 %);
* a one-kind pull (``expenditure_summary``), and the documented pyarrow and
  DuckDB reads of that kind — within 3× of the smallest size;
* after re-parsing 10 documents and re-publishing 10: duplicate figures in the
  default read (must be 0);
* peak RSS of the process so far (must stay < 2 GB).

Ratios are against the smallest size measured in the same run.

    python benchmarks/archive_scale.py [--sizes 1000,10000,50000] [--backends local,s3] [--build-run 1000] [--build-workers 2]

Synthetic documents come from tests/storage/synthetic.py (copies of the corpus
truth with their own unit, parent department and year; half of them final
accounts), so year-over-year comparisons exist at every size. The archive up to each size is
built in ``--build-run``-document runs (same public API, fewer manifests), by
``--build-workers`` processes writing at once; the measured run is always 100
documents, made by a freshly opened archive (as a daily run's new process: each
table's log is loaded once, from its last checkpoint).
"""

from __future__ import annotations

import argparse
import logging
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.dataset as ds  # noqa: E402

from govbudget import storage  # noqa: E402
from govbudget.net import free_port  # noqa: E402
from govbudget.storage.pull import Selection, publisher_names, pull, pull_stream  # noqa: E402
from govbudget.changes.year_over_year import changes_involving  # noqa: E402
from tests.counting_s3 import CountingMotoServer  # noqa: E402
from tests.storage.test_documented_reads import READS as DOCUMENTED_READS  # noqa: E402 - the doc's read blocks, parsed once
from tests.storage.synthetic import batch, document, ingest_run  # noqa: E402

RUN = 100
KIND = "expenditure_summary"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Meter:
    def __init__(self, server: CountingMotoServer | None):
        self.server = server

    def __call__(self, fn):
        if self.server:
            self.server.clear()
        started = time.perf_counter()
        value = fn()
        seconds = time.perf_counter() - started
        requests = sum(self.server.requests.values()) if self.server else 0
        self.kinds = dict(sorted(self.server.kinds().items())) if self.server else {}
        self.server_s = {k: round(v, 2) for k, v in sorted(self.server.seconds.items())} if self.server else {}
        return value, seconds, requests


def measure(archive, meter: Meter, built: int) -> dict:
    row: dict = {}
    documents = batch(range(built, built + RUN))  # made before the clock starts
    ids, row["run_s"], row["run_req"] = meter(lambda: ingest_run(archive, documents))
    row["run_req_kinds"], row["run_server_s"] = meter.kinds, meter.server_s
    manifest = archive.manifest()
    row["manifest_kb"] = len(archive.store.get(f"runs/{manifest['run_id']}/manifest.json")) / 1024
    sets, row["changes_s"], row["changes_req"] = meter(lambda: changes_involving(archive, ids))
    row["changes_req_kinds"], row["changes_server_s"] = meter.kinds, meter.server_s
    row["comparisons"] = len(sets)
    got, row["pull_s"], row["pull_req"] = meter(lambda: pull(archive, Selection(table_kinds=(KIND,))).table)
    row["pull_rows"] = got.num_rows
    row["pull_req_kinds"] = meter.kinds
    one_unit = Selection(table_kinds=(KIND,), publishers=(f"合成单位{3:06d}",), years=(2024,))
    got, row["unit_pull_s"], row["unit_pull_req"] = meter(lambda: pull(archive, one_unit).table)
    assert got.num_rows, "the selective pull found nothing"
    row["unit_pull_req_kinds"] = meter.kinds
    names = publisher_names(archive, one_unit)  # the files that pull opened, of the files in its partition
    row["unit_pull_files"] = len(archive.tables.dataset("line_items", partitions=one_unit.partitions(), values={"publisher": names}).files)
    row["partition_files"] = len(archive.tables.dataset("line_items", partitions=one_unit.partitions()).files)
    table = archive.tables.open("line_items")  # the documented reads (docs/archive.md), through deltalake
    kind = [("table_kind", "=", KIND)]
    _, row["pyarrow_s"], _ = meter(lambda: table.to_pyarrow_dataset(file_pruning_predicate=kind).to_table(
        filter=ds.field("is_current") == True))  # noqa: E712

    def duckdb_read():
        con = duckdb.connect()
        con.register("items", table.to_pyarrow_dataset(file_pruning_predicate=kind))
        return con.sql("SELECT count(*), sum(value_yuan) FROM items WHERE is_current").fetchall()

    _, row["duckdb_s"], _ = meter(duckdb_read)
    row["peak_mb"] = peak_mb()
    return row


def duplicates_after_republication(archive, built: int, edition: int) -> int:
    """Re-parse 10 documents and re-publish 10 others (``edition``); count figures the default read holds twice.

    Every current line item streams through ``pull_stream`` into DuckDB, which
    groups them (spilling to disk if it must): the check never holds the archive.
    """
    ingest_run(archive, batch(range(0, 10), reparse=built))
    ingest_run(archive, batch(range(10, 20), edition=edition))
    stream = pull_stream(archive, Selection())
    rows = pa.RecordBatchReader.from_batches(stream.schema, (b for t in stream for b in t.to_batches()))  # noqa: F841 - DuckDB reads it by name
    con = duckdb.connect()
    con.execute("CREATE TABLE figures AS SELECT doc_id, count(*) AS n FROM rows GROUP BY doc_id, table_id, row_seq, side, column_key")
    doubled = con.sql("SELECT count(*) FROM figures WHERE n > 1").fetchall()[0][0]
    present = {r[0] for r in con.sql("SELECT DISTINCT doc_id FROM figures").fetchall()}
    republished = {document(i, edition=edition)[2].document.doc_id for i in range(10, 20)}
    stale = {document(i)[2].document.doc_id for i in range(10, 20)} & present
    assert republished <= present, "re-published editions missing"
    return doubled + len(stale)


# The child's own high-water mark (VmHWM, of the memory it mapped after exec): ru_maxrss of a child
# also counts the parent's image it was forked from, so it would report the benchmark's memory.
_PEAK_AT_EXIT = """
import atexit, sys
report = sys.argv.pop(1)
def peak():
    status = open("/proc/self/status").read()
    open(report, "w").write(status.split("VmHWM:")[1].split()[0])
atexit.register(peak)
"""
_GOVBUDGET = 'import runpy\nsys.argv[0] = "govbudget"\nrunpy.run_module("govbudget", run_name="__main__", alter_sys=True)\n'


def fresh_process(code: str, argv: list[str], workdir: Path) -> tuple[float, float]:
    """``code`` in a new interpreter: (wall seconds, that process's peak RSS in MB)."""
    report = workdir / "peak-kb"
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _PEAK_AT_EXIT + code, str(report), *argv], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    assert done.returncode == 0, f"{argv or code[-200:]} exited {done.returncode}: {done.stderr[-2000:]}"
    return seconds, int(report.read_text()) / 1024


def fresh_reads(archive, row: dict, workdir: Path) -> None:
    """What a researcher waits for, each in a fresh process: the pull commands (one kind; every kind of
    line item, streamed to disk) and the documented pyarrow and DuckDB scripts for the same kind."""
    out, location = workdir / "pulls", archive.location
    row["cmd_pull_s"], row["cmd_pull_mb"] = fresh_process(_GOVBUDGET, ["pull", "--archive", location, "--table", KIND,
                                                                       "--out", str(out / "one")], workdir)
    row["cmd_all_s"], row["cmd_all_mb"] = fresh_process(_GOVBUDGET, ["pull", "--archive", location, "--out", str(out / "all")], workdir)
    shutil.rmtree(out)
    setup = DOCUMENTED_READS["setup"].replace('"s3://bucket/gb"', repr(location))
    for library in ("pyarrow", "duckdb"):
        script = setup + DOCUMENTED_READS[library].replace('"three_public"', repr(KIND)) + "print(total)\n"
        row[f"script_{library}_s"], row[f"script_{library}_mb"] = fresh_process(script, [], workdir)


def build_runs(location: str, steps: list[tuple[int, int]]) -> None:
    """One build worker: its own archive handle on the same location, one run per step (public API only)."""
    archive = storage.open_archive(location)
    for start, end in steps:
        ingest_run(archive, batch(range(start, end)))


def build(archive, steps: list[tuple[int, int]], workers: int) -> None:
    """Build runs in ``workers`` processes writing the same archive at once (concurrent writers are supported)."""
    if workers <= 1 or len(steps) < 2:
        for start, end in steps:
            ingest_run(archive, batch(range(start, end)))
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        for done in [pool.submit(build_runs, archive.location, steps[i::workers]) for i in range(workers)]:
            done.result()


def bench(backend: str, sizes: list[int], build_run: int = RUN, workers: int = 1) -> list[dict]:
    server = None
    workdir = Path(tempfile.mkdtemp(prefix="govbudget-scale-"))
    os.environ["GOVBUDGET_SPOOL"] = str(workdir / "spool")
    if backend == "s3":
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto's per-request access log
        server = CountingMotoServer(port=free_port())
        server.start()
        os.environ.update(AWS_ENDPOINT_URL=f"http://127.0.0.1:{server._port}", AWS_ACCESS_KEY_ID="bench",
                          AWS_SECRET_ACCESS_KEY="bench-secret", AWS_DEFAULT_REGION="us-east-1")
        bucket = f"bench-{uuid.uuid4().hex[:8]}"
        archive = storage.open_archive(f"s3://{bucket}/archive")
        archive.store.client.create_bucket(Bucket=bucket)
    else:
        archive = storage.open_archive(str(workdir / "archive"))
    meter, built, rows = Meter(server), 0, []
    try:
        for round_no, size in enumerate(sizes, 1):
            started = time.perf_counter()
            steps = []
            while built < size - RUN:
                step = min(build_run, size - RUN - built)
                steps.append((built, built + step))
                built += step
            build(archive, steps, workers)
            build_s = time.perf_counter() - started
            archive = storage.open_archive(archive.location)  # the measured run is a new process's, like a daily run
            row = {"backend": backend, "documents": size, "build_s": build_s, **measure(archive, meter, built)}
            built += RUN
            fresh_reads(archive, row, workdir)
            row["duplicates"] = duplicates_after_republication(archive, built, round_no)
            row["peak_all_kinds_mb"] = peak_mb()  # after the duplicate check (every current line item, streamed into DuckDB)
            rows.append(row)
            print(f"  {backend} N={size:,}: " + ", ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}"
                                                          for k, v in row.items() if k not in {"backend", "documents"}), flush=True)
    finally:
        if server:
            server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    return rows


PER_RUN = ("run_s", "manifest_kb", "changes_s", "run_req", "changes_req")  # flat within ±30 % (the target)
READS = ("pull_s", "cmd_pull_s", "unit_pull_s", "pyarrow_s", "script_pyarrow_s", "duckdb_s", "script_duckdb_s")  # within 3×


def ratio(row: dict, base: dict, column: str) -> float | None:
    return row[column] / base[column] if base[column] else None


def report(rows: list[dict]) -> None:
    """Every operation at every size with its ratio to the smallest size, then the issue's targets one by one."""
    base, last = rows[0], rows[-1]
    columns = ["run_s", "manifest_kb", "changes_s", "pull_s", "pull_rows", "cmd_pull_s", "cmd_pull_mb", "cmd_all_s", "cmd_all_mb",
               "unit_pull_s", "unit_pull_files", "partition_files", "pyarrow_s", "script_pyarrow_s", "script_pyarrow_mb", "duckdb_s",
               "script_duckdb_s", "script_duckdb_mb", "run_req", "changes_req", "pull_req", "unit_pull_req", "peak_mb",
               "peak_all_kinds_mb", "duplicates", "build_s"]
    print(f"\n{base['backend']}: per-operation cost, and the ratio to N = {base['documents']:,}")
    print("| N | " + " | ".join(columns) + " |")
    print("|---:|" + "---:|" * len(columns))
    for row in rows:
        cells = []
        for c in columns:
            r = ratio(row, base, c) if not c.endswith("_mb") and c not in {"duplicates", "build_s", "partition_files"} else None
            value = f"{row[c]:.2f}" if isinstance(row[c], float) else f"{row[c]}"
            cells.append(value + (f" ({r:.2f}×)" if r is not None and row is not base else ""))
        print(f"| {row['documents']:,} | " + " | ".join(cells) + " |")
    n = f"N = {last['documents']:,} vs {base['documents']:,}"
    print(f"\ntargets, {n}:")
    for c in PER_RUN:
        r = ratio(last, base, c)
        if r is not None:
            print(f"  per-run {c}: {r:.2f}× — {'met' if 0.7 <= r <= 1.3 else 'NOT met'} (±30 %)")
    for c in READS:
        r = ratio(last, base, c)
        if r is not None:
            print(f"  read {c}: {r:.2f}× — {'met' if r <= 3 else 'NOT met'} (≤ 3×)")
    rows_ratio = last["pull_rows"] / base["pull_rows"]
    per_row = (last["pull_s"] / last["pull_rows"]) / (base["pull_s"] / base["pull_rows"])
    print(f"  one-kind pull returns {rows_ratio:.0f}× the rows: time per returned row {per_row:.2f}×, absolute "
          f"{last['pull_s'] / base['pull_s']:.2f}×")
    print(f"  the pull command (a fresh process, writing Parquet) returns the same rows: time per returned row "
          f"{(last['cmd_pull_s'] / last['pull_rows']) / (base['cmd_pull_s'] / base['pull_rows']):.2f}×; its fixed cost "
          f"(interpreter, imports, table load) is most of it at N = {base['documents']:,}")
    for c, what in (("peak_mb", "this process through the one-kind reads"), ("cmd_pull_mb", "the one-kind pull command"),
                    ("cmd_all_mb", "the all-kinds pull command"), ("script_pyarrow_mb", "the documented pyarrow read"),
                    ("script_duckdb_mb", "the documented DuckDB read")):
        peak = max(r[c] for r in rows)
        print(f"  peak RSS of {what}: {peak:.0f} MB — {'met' if peak < 2048 else 'NOT met'} (< 2 GB)")
    print(f"  duplicate figures: {sum(r['duplicates'] for r in rows)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000", help="archive sizes in documents, ascending")
    parser.add_argument("--backends", default="local,s3")
    parser.add_argument("--build-run", type=int, default=1000, help="documents per run while building up to a size")
    parser.add_argument("--build-workers", type=int, default=1,
                        help="processes building the archive at once (each through the public API, as concurrent writers)")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    if sizes[0] < 2 * RUN:
        parser.error(f"--sizes: each size must be at least {2 * RUN} documents")
    for backend in args.backends.split(","):
        print(f"building {backend} archives of {', '.join(f'{s:,}' for s in sizes)} documents "
              f"({args.build_run}-document runs, then one measured {RUN}-document run)…", flush=True)
        report(bench(backend, sizes, args.build_run, args.build_workers))


if __name__ == "__main__":
    main()
