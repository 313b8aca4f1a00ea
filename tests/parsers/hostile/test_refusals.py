"""Every class of hostile file is refused by ``open_pdf`` with its reason, before pdfium decodes it.

Limits are lowered through :class:`Limits` so each bomb is only just over its limit
(and a twin just under it must open: the count is exact, not a blanket refusal).
"""

import os
import threading
from dataclasses import fields
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from govbudget.errors import InputError
from govbudget.parsers.api import parse_many
from govbudget.parsers.limits import MB, Limits, env_name
from govbudget.parsers.read.ocr.render import render_page
from govbudget.parsers.read.pdf_input import open_pdf
from tests.parsers.hostile import builders

SMALL = Limits(max_stream_bytes=4 * MB)
BOMB_CHAINS = [
    ["FlateDecode"],
    ["FlateDecode", "FlateDecode"],
    ["LZWDecode"],
    ["RunLengthDecode"],
    ["FlateDecode", "RunLengthDecode"],
    ["FlateDecode", "LZWDecode"],
    ["ASCII85Decode", "FlateDecode"],
    ["ASCIIHexDecode", "FlateDecode"],
]


def refusal(data: bytes, limits: Limits = Limits()) -> str:
    with pytest.raises(InputError) as err:
        open_pdf(data, "hostile.pdf", limits)
    return err.value.reason


@pytest.mark.parametrize("chain", BOMB_CHAINS, ids="+".join)
def test_a_content_stream_bomb_is_refused_in_every_filter_chain(chain):
    reason = refusal(builders.content_bomb(5 * MB, chain), SMALL)
    assert reason == (
        f"decompression bomb: object 4 ({' → '.join(chain)}) decodes to more than 4 MB "
        "(limit 4 MB, GOVBUDGET_MAX_STREAM_BYTES)"
    )


@pytest.mark.parametrize("chain", BOMB_CHAINS, ids="+".join)
def test_the_same_stream_under_the_limit_opens(chain):
    pdf, _ = open_pdf(builders.content_bomb(3 * MB, chain), "big-but-honest.pdf", SMALL)
    assert len(pdf) == 1


def test_a_font_program_bomb_is_refused():
    assert refusal(builders.font_bomb(5 * MB), SMALL).startswith("decompression bomb: object 7 (FlateDecode → FlateDecode)")


@pytest.mark.parametrize("chain", [["FlateDecode"], ["FlateDecode", "FlateDecode"], ["LZWDecode"]], ids="+".join)
def test_an_image_whose_data_inflates_past_the_limit_is_refused(chain):
    reason = refusal(builders.image_bomb(side_px=2100, filters=chain), SMALL)
    assert reason.startswith("decompression bomb: object 5")


@pytest.mark.parametrize("build, codec", [(builders.jpeg_bomb, "DCTDecode"), (builders.jpx_bomb, "JPXDecode")])
def test_a_coded_image_that_declares_too_many_pixels_is_refused(build, codec):
    assert refusal(build(60_000)) == (
        f"decompression bomb: object 5 ({codec}) decodes to 13732 MB of pixels (limit 256 MB, GOVBUDGET_MAX_STREAM_BYTES)"
    )


def test_a_page_tree_that_loops_is_refused():
    assert refusal(builders.page_tree_loop()) == "corrupt: page 1 of 2 is not in the page tree"


def test_a_page_count_over_the_limit_is_refused():
    assert refusal(builders.many_pages(11), Limits(max_pages=10)) == "too large: 11 pages (limit 10, GOVBUDGET_MAX_PAGES)"
    pdf, _ = open_pdf(builders.many_pages(10), "ten.pdf", Limits(max_pages=10))
    assert len(pdf) == 10


def test_a_page_area_over_the_limit_is_refused():
    assert refusal(builders.huge_page_tiny_image(20_000)) == (
        "page 1 too large: 20000 × 20000 pt (limit 14400² pt², GOVBUDGET_MAX_PAGE_AREA)"
    )


def test_limits_come_from_the_environment():
    env = {"GOVBUDGET_MAX_PAGES": "7", "GOVBUDGET_WORKER_MEMORY": "536870912", "GOVBUDGET_TIMEOUT_SECONDS": "2.5"}
    limits = Limits.from_env(env)
    assert (limits.max_pages, limits.worker_memory, limits.timeout_seconds) == (7, 512 * MB, 2.5)
    assert limits.max_stream_bytes == Limits().max_stream_bytes


@pytest.mark.parametrize("raw", ["lots", "0", "-5"])
def test_a_bad_limit_in_the_environment_is_named(raw):
    with pytest.raises(Exception, match=f"GOVBUDGET_MAX_PAGES: .*{raw}"):
        Limits.from_env({"GOVBUDGET_MAX_PAGES": raw})


def test_a_directory_is_refused(tmp_path):
    with pytest.raises(InputError, match=r"not a regular file \(a directory\)"):
        open_pdf(tmp_path)


def test_dev_zero_is_refused_without_reading_it():
    with pytest.raises(InputError, match=r"^/dev/zero: not a regular file \(a character device\)$"):
        open_pdf("/dev/zero")


@pytest.mark.timeout(20)
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    outcome = []
    reader = threading.Thread(target=lambda: outcome.append(pytest.raises(InputError, open_pdf, fifo)), daemon=True)
    reader.start()
    reader.join(5)
    assert not reader.is_alive(), "open_pdf blocked on a FIFO"
    assert "not a regular file (a FIFO)" in str(outcome[0].value)


def test_ocr_renders_a_huge_page_within_the_pixel_budget():
    pdf = pdfium.PdfDocument(builders.huge_page_tiny_image(14_000))
    image = render_page(pdf[0], dpi=200, max_pixels=1_000_000)
    assert image.pixels.size <= 1_000_000
    assert image.pixels.shape[0] == image.pixels.shape[1] > 990
    assert image.width_pt == pytest.approx(14_000, rel=0.01)  # points stay true at the lower scale


def test_an_ordinary_page_renders_at_full_dpi():
    pdf = pdfium.PdfDocument(builders.text_page())
    image = render_page(pdf[0], dpi=200)
    assert image.scale == pytest.approx(200 / 72)


def test_every_limit_and_its_variable_is_documented():
    schema = (Path(__file__).resolve().parents[3] / "docs" / "schema.md").read_text(encoding="utf-8")
    assert [f.name for f in fields(Limits) if f"`{env_name(f.name)}`" not in schema] == []
    assert "`GOVBUDGET_CACHE_DIR`" in schema


def test_parse_many_applies_the_limits_it_is_given(tmp_path):
    pages, text = tmp_path / "pages.pdf", tmp_path / "text.pdf"
    pages.write_bytes(builders.many_pages(4))
    text.write_bytes(builders.text_page())
    outcomes = {Path(o.file).name: o for o in parse_many([pages, text], limits=Limits(max_pages=3))}
    assert outcomes["pages.pdf"].error == "too large: 4 pages (limit 3, GOVBUDGET_MAX_PAGES)"
    assert outcomes["text.pdf"].ok


@pytest.mark.slow
def test_parse_many_outlives_a_worker_its_memory_cap_kills(tmp_path):
    bomb, text = tmp_path / "bomb.pdf", tmp_path / "text.pdf"
    bomb.write_bytes(builders.content_bomb(600 * MB, ["FlateDecode", "FlateDecode"]))
    text.write_bytes(builders.text_page())
    limits = Limits(max_stream_bytes=64 * 1024 * MB, worker_memory=400 * MB)  # the stream check steps aside
    outcomes = {Path(o.file).name: o for o in parse_many([bomb, text], workers=1, limits=limits)}
    assert outcomes["bomb.pdf"].error.endswith("over the memory limit of 400 MB per file (GOVBUDGET_WORKER_MEMORY)") \
        or outcomes["bomb.pdf"].error == "out of memory: over the limit of 400 MB per file (GOVBUDGET_WORKER_MEMORY)"
    assert outcomes["text.pdf"].ok
