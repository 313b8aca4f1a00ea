"""Parses on many threads of one process (GOVBUDGET_PARSE_PROCESSES=0, a Dask worker, a notebook's
thread pool) take turns inside PDFium, which is not thread-safe: none crashes, each equals a serial parse.

Without the lock a flow parsing two documents at once died of SIGTRAP, and these 36 parses on
8 threads died of SIGSEGV in 2 of 3 runs; the threads run in a child process so such a crash
fails this test instead of the test run.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from govbudget.spiders.files import cover_text
from testkit.truth_tables import CORPUS

FILES = sorted(p.name for p in CORPUS.glob("*.pdf"))  # office and reportlab renderings

THREADS = textwrap.dedent("""
    import sys
    from concurrent.futures import ThreadPoolExecutor
    from pathlib import Path

    from govbudget.parsers.api import parse_pdf
    from govbudget.spiders.files import cover_text

    corpus, copies, names = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    files = [corpus / name for name in names] * copies

    def parse(path):
        cover_text(path.read_bytes())  # a crawl classifying downloads while the flow parses
        return path.name, parse_pdf(path.read_bytes(), name=path.name).model_dump_json()

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(parse, files))
    for name, dumped in results:
        print(name, dumped)
""")


@pytest.mark.slow
def test_parses_on_eight_threads_neither_crash_nor_differ_from_serial_parses():
    child = subprocess.run([sys.executable, "-c", THREADS, str(CORPUS), "4", *FILES], capture_output=True, text=True, timeout=600)
    assert child.returncode == 0, f"exit {child.returncode}: {child.stderr[-3000:]}"
    threaded: dict[str, set[str]] = {}
    for line in child.stdout.splitlines():
        name, dumped = line.split(" ", 1)
        threaded.setdefault(name, set()).add(dumped)
    assert set(threaded) == set(FILES)
    serial = subprocess.run([sys.executable, "-c", THREADS.replace("ThreadPoolExecutor(8)", "ThreadPoolExecutor(1)"),
                             str(CORPUS), "1", *FILES], capture_output=True, text=True, timeout=600, check=True)
    for line in serial.stdout.splitlines():
        name, dumped = line.split(" ", 1)
        assert threaded[name] == {dumped}, f"{name}: a threaded parse differs from the serial one"


def test_cover_text_reads_the_cover():
    assert "预算" in (cover_text((CORPUS / FILES[0]).read_bytes()) or "")
