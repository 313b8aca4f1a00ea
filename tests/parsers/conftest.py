import functools

import pytest

from parsers.api import parse_pdf
from tests.parsers.truth_tables import CORPUS


@functools.lru_cache(maxsize=None)
def parsed_pdf(name: str):
    """Each corpus PDF is parsed once per test session."""
    return parse_pdf(CORPUS / name)


@pytest.fixture(scope="session")
def parsed():
    return parsed_pdf
