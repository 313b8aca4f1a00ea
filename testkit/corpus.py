"""Where the corpus PDFs and their truth live (one definition for tests and benchmarks)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS = FIXTURES / "corpus"
TRUTH = CORPUS / "truth"
