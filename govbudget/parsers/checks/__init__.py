"""Stage 5, checks: the document's own arithmetic and the doubts of OCR, as CheckResults.

``identities`` defines the sums every disclosure satisfies, as cell references;
``arithmetic`` reports them (and cross-table and narrative checks) to the user;
``digit_repair`` uses them to correct OCR misreadings the document itself proves;
``ocr_header``, ``ocr_unplaced`` and ``ocr_form_funds`` fail where OCR'd figures
cannot be vouched for.
"""
