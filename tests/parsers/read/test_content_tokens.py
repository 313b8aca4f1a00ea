"""Content-stream objects (govbudget/parsers/read/content_tokens.py): pdfminer's reading, or None."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from pdfminer.pdfinterp import PDFContentParser
from pdfminer.pdftypes import PDFStream, list_value, stream_value
from pdfminer.psparser import KWD, LIT, PSEOF

from govbudget.parsers.read.content_tokens import content_objects
from testkit.variants import build

from testkit.corpus import CORPUS  # noqa: E402


def pdfminer_objects(*streams: bytes) -> list:
    """What pdfminer's own content parser yields for the same streams."""
    try:
        parser = PDFContentParser([PDFStream({}, data) for data in streams])
    except PSEOF:
        return []
    objects = []
    while True:
        try:
            objects.append(parser.nextobject()[1])
        except PSEOF:
            return objects


def same_reading(a: list, b: list) -> bool:
    """Equal values of equal types, nested lists and dicts included."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(same_reading(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_reading(a[k], b[k]) for k in a)
    return a == b


@pytest.mark.parametrize("data", [
    rb"BT /F1 9.5 Tf 1 0 0 1 72 786.85 Tm (u\030\200\203w) Tj T* ET",
    rb"(a\(b\)c\\d\101\0612\n\r\t\b\f\q) Tj",
    rb"(outer (inner) more) Tj (x) Tj",
    rb"(line \
continued) Tj (crlf \
tail) Tj",
    b"(raw\r\nbreak) Tj",
    rb"<4E2D 6587> Tj <414> Tj <> Tj",
    rb"[(A) -120 <0042> 3.5 (C)] TJ",
    rb"[1 [2 3] [] ] 0 d",
    rb"/P <</MCID 0 /Alt (x) /Sub <</K [1 2]>> >> BDC EMC",
    rb"1.2.3 +.5 -.25 5. -7 +8 12Tf 1-2",
    rb"% a comment line" + b"\n" + rb"q 1 0 0 1 0 0 cm Q % trailing",
    rb"0.5 g 10 20 m 30 40 l S 1 0 0 RG 0 0 100 50 re f*",
    b"(a) ' 1 2 (b) \" true false null",
    rb"/Name /Other/Third /  /Space",
    b"BT\x00/F1 12 Tf ET",
    b"",
    b"   \n  ",
])
def test_reads_what_pdfminer_reads(data):
    objects = content_objects([data])
    assert objects is not None
    assert same_reading(objects, pdfminer_objects(data))


def test_keywords_and_names_are_pdfminers_interned_objects():
    assert content_objects([b"/F1 12 Tf T*"]) == [LIT("F1"), 12, KWD(b"Tf"), KWD(b"T*")]


def test_several_streams_read_as_one():
    streams = [b"q 1 0 0 1 5 5 cm\n", b"BT (x) Tj ET Q"]
    assert same_reading(content_objects(streams), pdfminer_objects(*streams))


@pytest.mark.parametrize("data", [
    b"q BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI Q",  # inline image: binary data
    rb"/Na#20me gs",  # escaped name
    rb"{ 1 2 add }",  # procedure
    rb"1 2 ] re",  # closes what was never opened
    rb"[1 2 re",  # never closed
    rb"<< /A >> BDC",  # dictionary without a value
    rb"(unterminated",
    rb"- 5 Tc",  # a sign alone
    rb"(\777) Tj",  # octal escape beyond a byte
    rb"<41>> Tj",
])
def test_declines_what_it_does_not_mirror(data):
    assert content_objects([data]) is None


def test_declines_a_stream_that_may_end_inside_a_token():
    assert content_objects([b"BT /F1 12 Tf (abc", b") Tj ET"]) is None


def test_declines_a_string_cut_after_cr_where_pdfminer_refills_its_buffer():
    """pdfminer reads 4096 bytes at a time and misreads backslash-CR-LF split there."""
    data = b"(" + b"x" * 4093 + b"\\\r\nmore) Tj"
    assert content_objects([data]) is None


def _pages_streams(pdf: pdfplumber.PDF) -> list[list[bytes]]:
    return [[stream_value(s).get_data() for s in list_value(page.page_obj.contents)] for page in pdf.pages]


@pytest.mark.parametrize("name", ["000-office.pdf", "003-reportlab.pdf"])
def test_reads_every_corpus_page_as_pdfminer_does(name):
    with pdfplumber.open(CORPUS / name) as pdf:
        for streams in _pages_streams(pdf):
            assert same_reading(content_objects(streams), pdfminer_objects(*streams))


def test_reads_every_page_of_a_generated_variant_as_pdfminer_does():
    with pdfplumber.open(io.BytesIO(build("province_education_budget")[0])) as pdf:
        for streams in _pages_streams(pdf):
            assert same_reading(content_objects(streams), pdfminer_objects(*streams))
