"""``govbudget parse`` on a batch salted with hostile files, as a user runs it (subprocess).

Each bad file costs one stderr line naming it (escaped) and the reason; the run exits
non-zero without a traceback; every worker stays under 1 GB (measured: the largest
RSS of the process tree, from ``getrusage``); the good files' datasets are identical
to a run without the bad ones; and nothing is written outside ``--out`` and the
cache directory (``HOME`` and ``TMPDIR`` point at empty directories that must stay so).
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.parsers.hostile import builders
from testkit.corpus import CORPUS

ROOT = Path(__file__).resolve().parents[3]
GB = 1024 * 1024 * 1024
GBK_NAME = "测试.pdf".encode("gbk")  # b"\xb2\xe2\xca\xd4.pdf": not UTF-8
NEWLINE_NAME = "报表\n第二行.pdf"
# runs the command and reports the largest RSS any process of its tree reached: as a child
# subreaper it adopts and reaps the orphans too (the parse workers)
MEASURE = """
import ctypes, os, resource, subprocess, sys
ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
code = subprocess.run(sys.argv[1:]).returncode
while True:
    try:
        os.wait()
    except ChildProcessError:
        break
print('MAXRSS', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""

pytestmark = pytest.mark.slow


class Run:
    def __init__(self, proc: subprocess.CompletedProcess, out: Path):
        stderr = proc.stderr.decode("utf-8")
        *lines, last = stderr.splitlines()
        self.returncode = proc.returncode
        self.stdout = proc.stdout.decode("utf-8")
        self.stderr_lines = lines
        self.peak_rss = int(last.removeprefix("MAXRSS ")) * 1024
        self.out = out

    def errors(self) -> dict[str, str]:
        """stderr's ``govbudget: error: NAME: REASON`` lines by NAME (every line must be one)."""
        errors = {}
        for line in self.stderr_lines:
            if line.startswith("wrote ") and line.endswith(str(self.out)):
                continue
            match = re.fullmatch(r"govbudget: error: (.+?\.pdf|/dev/zero|\S+/folder|\S+/pipe): (.+)", line)
            assert match, f"not a one-line error: {line!r}"
            errors[Path(match[1]).name] = match[2]
        return errors

    def datasets(self) -> dict[str, list[str]]:
        return {path.name: sorted(path.read_text(encoding="utf-8").splitlines()) for path in self.out.glob("*.jsonl")}


def parse(files: list, out: Path, sandbox: Path, *options: str, **env: str) -> Run:
    home, tmp = sandbox / "home", sandbox / "tmp"
    for folder in (home, tmp):
        folder.mkdir(parents=True, exist_ok=True)
    environ = {k: v for k, v in os.environ.items() if not k.startswith("GOVBUDGET_") and k != "XDG_CACHE_HOME"}
    environ.update(HOME=str(home), TMPDIR=str(tmp), GOVBUDGET_CACHE_DIR=str(sandbox / "cache"),
                   PYTHONDONTWRITEBYTECODE="1", **env)
    command = [sys.executable, "-c", MEASURE, sys.executable, "-m", "govbudget", "parse", "--format", "json",
               "--out", str(out), *options, *files]
    proc = subprocess.run(command, cwd=ROOT, env=environ, capture_output=True, timeout=900)
    return Run(proc, out)


def assert_untouched(sandbox: Path) -> None:
    assert list((sandbox / "home").iterdir()) == []
    assert list((sandbox / "tmp").iterdir()) == []


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Good files (one needs OCR on a page the pixel budget shrinks) and every hostile kind."""
    folder = tmp_path_factory.mktemp("batch")
    good = CORPUS / "002-office.pdf"
    shutil.copy(good, folder / "good.pdf")
    shutil.copy(good, folder / NEWLINE_NAME)
    (folder / "scan-14000pt.pdf").write_bytes(builders.huge_page_tiny_image(14_000))
    with open(os.fsencode(folder) + b"/" + GBK_NAME, "wb") as fh:
        fh.write(builders.text_page("GBK named"))
    hostile = folder / "hostile"
    hostile.mkdir()
    (hostile / "folder").mkdir()
    os.mkfifo(hostile / "pipe")
    (hostile / "loop.pdf").write_bytes(builders.page_tree_loop())
    (hostile / "page-20000pt.pdf").write_bytes(builders.huge_page_tiny_image(20_000))
    (hostile / "pages-2001.pdf").write_bytes(builders.many_pages(2001))
    (hostile / "flate-bomb.pdf").write_bytes(builders.content_bomb(300 * 1024 * 1024, ["FlateDecode", "FlateDecode"]))
    (hostile / "lzw-bomb.pdf").write_bytes(builders.content_bomb(300 * 1024 * 1024, ["LZWDecode"]))
    (hostile / "jpeg-bomb.pdf").write_bytes(builders.jpeg_bomb())
    (hostile / "image-bomb.pdf").write_bytes(builders.image_bomb(20_000))
    return folder


def good_files(folder: Path) -> list:
    return [folder / "good.pdf", folder / NEWLINE_NAME, folder / "scan-14000pt.pdf", os.fsencode(folder) + b"/" + GBK_NAME]


def test_each_hostile_file_fails_alone_in_one_line_and_the_rest_is_as_without_it(folder, tmp_path):
    hostile = sorted((folder / "hostile").iterdir()) + [Path("/dev/zero")]
    clean = parse(good_files(folder), tmp_path / "clean", tmp_path / "clean-sandbox")
    salted = parse(hostile + good_files(folder), tmp_path / "salted", tmp_path / "sandbox", "--workers", "2")

    assert clean.returncode == 0, "\n".join(clean.stderr_lines)
    assert salted.returncode == 1
    assert salted.errors() == {
        "folder": "not a regular file (a directory)",
        "pipe": "not a regular file (a FIFO)",
        "zero": "not a regular file (a character device)",
        "loop.pdf": "corrupt: page 1 of 2 is not in the page tree",
        "page-20000pt.pdf": "page 1 too large: 20000 × 20000 pt (limit 14400² pt², GOVBUDGET_MAX_PAGE_AREA)",
        "pages-2001.pdf": "too large: 2001 pages (limit 2000, GOVBUDGET_MAX_PAGES)",
        "flate-bomb.pdf": "decompression bomb: object 4 (FlateDecode → FlateDecode) decodes to more than 256 MB "
        "(limit 256 MB, GOVBUDGET_MAX_STREAM_BYTES)",
        "lzw-bomb.pdf": "decompression bomb: object 4 (LZWDecode) decodes to more than 256 MB "
        "(limit 256 MB, GOVBUDGET_MAX_STREAM_BYTES)",
        "jpeg-bomb.pdf": "decompression bomb: object 5 (DCTDecode) decodes to 13732 MB of pixels "
        "(limit 256 MB, GOVBUDGET_MAX_STREAM_BYTES)",
        "image-bomb.pdf": "decompression bomb: object 5 (FlateDecode) decodes to more than 256 MB "
        "(limit 256 MB, GOVBUDGET_MAX_STREAM_BYTES)",
    }
    assert salted.datasets() == clean.datasets()
    assert salted.peak_rss < GB and clean.peak_rss < GB
    for run, sandbox in ((clean, tmp_path / "clean-sandbox"), (salted, tmp_path / "sandbox")):
        assert_untouched(sandbox)
        assert any((sandbox / "cache").rglob("*")), "OCR ran, so onnxruntime wrote into the cache directory"


def test_names_that_are_not_one_line_of_utf8_are_escaped_everywhere(folder, tmp_path):
    files = good_files(folder)
    run = parse([files[1], files[3]], tmp_path / "out", tmp_path / "sandbox")
    assert run.returncode == 0
    assert "报表\\n第二行.pdf: " in run.stdout and "\\xb2\\xe2\\xca\\xd4.pdf: " in run.stdout
    sources = {line for line in run.datasets()["documents.jsonl"]}
    assert any('"source_file": "报表\\n第二行.pdf"' in line for line in sources)
    assert any('"source_file": "\\\\xb2\\\\xe2\\\\xca\\\\xd4.pdf"' in line for line in sources)
    bad = parse([os.fsencode(folder) + b"/bad\n\xb2.pdf"], tmp_path / "out2", tmp_path / "sandbox2")
    assert bad.stderr_lines[0] == f"govbudget: error: {folder}/bad\\n\\xb2.pdf: cannot read file (No such file or directory)"


def test_a_worker_killed_by_its_memory_cap_is_that_files_failure_and_is_replaced(tmp_path):
    """With the stream check out of the way, pdfium meets a 1.5 GB bomb: the cap kills the worker."""
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(builders.content_bomb(1536 * 1024 * 1024, ["FlateDecode", "FlateDecode"]))
    good = tmp_path / "good.pdf"
    shutil.copy(CORPUS / "002-office.pdf", good)
    alone = parse([good], tmp_path / "alone", tmp_path / "s1")
    run = parse([bomb, good], tmp_path / "out", tmp_path / "s2", "--workers", "1",
                GOVBUDGET_MAX_STREAM_BYTES=str(64 * GB))
    assert run.returncode == 1
    [(name, reason)] = run.errors().items()
    assert name == "bomb.pdf"
    assert re.fullmatch(
        r"the parse worker died \(signal SIG[A-Z]+\), most likely over the memory limit of 1024 MB per file "
        r"\(GOVBUDGET_WORKER_MEMORY\)|out of memory: over the limit of 1024 MB per file \(GOVBUDGET_WORKER_MEMORY\)",
        reason,
    ), reason
    assert run.datasets() == alone.datasets()
    assert run.peak_rss < GB
    assert not list(ROOT.glob("core*")) and not list(tmp_path.glob("core*"))


def test_a_file_over_the_time_limit_is_stopped_and_the_others_parsed(tmp_path):
    slow = tmp_path / "slow.pdf"
    slow.write_bytes(builders.content_bomb(250 * 1024 * 1024, ["LZWDecode"]))  # ~20 s to count, just under the limit
    good = tmp_path / "good.pdf"
    good.write_bytes(builders.text_page())
    alone = parse([good], tmp_path / "alone", tmp_path / "s1")
    run = parse([slow, good], tmp_path / "out", tmp_path / "s2", "--workers", "1", GOVBUDGET_TIMEOUT_SECONDS="3")
    assert run.returncode == 1
    assert run.errors() == {"slow.pdf": "took longer than 3 s (limit, GOVBUDGET_TIMEOUT_SECONDS)"}
    assert run.datasets() == alone.datasets()


def test_out_naming_a_file_is_refused_before_any_work(folder, tmp_path):
    taken = tmp_path / "taken"
    taken.write_text("mine")
    run = parse([folder / "good.pdf"], taken, tmp_path / "sandbox")
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr_lines == [f"govbudget: error: --out {taken}: exists and is not a directory"]
    assert taken.read_text() == "mine"
