"""Each corpus PDF is extracted (and parsed) once per test session."""

import functools
from pathlib import Path

import pytest

from govbudget.parsers.api import parse_pdf
from govbudget.parsers.extract import extract_document
from govbudget.parsers.read.pdf_input import open_pdf

from testkit.corpus import CORPUS  # noqa: E402


class _Extractions(dict):
    def __missing__(self, name: str):
        pdf, _ = open_pdf(CORPUS / name)
        try:
            self[name] = extract_document(pdf)
        finally:
            pdf.close()
        return self[name]


@pytest.fixture(scope="session")
def corpus_extractions() -> dict:
    return _Extractions()


@functools.lru_cache(maxsize=None)
def parsed_pdf(name: str):
    return parse_pdf(CORPUS / name)


@pytest.fixture(scope="session")
def parsed():
    """``parsed(file name)`` → the ParseResult of that corpus PDF."""
    return parsed_pdf
