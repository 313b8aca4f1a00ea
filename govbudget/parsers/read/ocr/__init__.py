"""OCR for pages whose text layer is missing or unreadable.

One entry point for the extractor: :func:`govbudget.parsers.read.ocr.page.ocr_page` turns a
page image into the same :class:`govbudget.parsers.page_model.PageContent` the text layer
gives (characters with confidences, ruling edges, PDF points), so table regions,
grid, header keys and checks run unchanged on scans. :func:`needs_ocr` decides
which pages go there; :mod:`govbudget.parsers.checks.digit_repair` uses the document's own
sums to catch digits the recogniser got wrong.
"""

from govbudget.parsers.read.ocr.detect import needs_ocr, should_ocr
from govbudget.parsers.read.ocr.settings import OcrMode, OcrSettings


def ocr_page(pdf_page, page_number: int, settings: OcrSettings = OcrSettings()):
    """See :func:`govbudget.parsers.read.ocr.page.ocr_page`; imported on first use, so reading
    text-layer PDFs needs neither OpenCV nor the OCR models."""
    from govbudget.parsers.read.ocr.page import ocr_page as run

    return run(pdf_page, page_number, settings)


__all__ = ["OcrMode", "OcrSettings", "needs_ocr", "ocr_page", "should_ocr"]
