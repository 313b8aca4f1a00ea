"""Each corpus PDF is extracted once per test session."""

from pathlib import Path

import pytest

from parsers.extract import extract_document
from parsers.pdf_input import open_pdf

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


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
