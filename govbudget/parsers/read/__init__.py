"""Stage 1, read: a PDF file → pages of characters, ruling lines and images.

``pdf_input`` opens or refuses the file; ``pdfium_page`` reads a page's text layer
(with ``content_tokens`` / ``dropped_glyphs`` recovering what pdfium leaves out);
``clean_chars`` drops overlay and fake-bold copies; ``ocr/`` turns page images into the
same :class:`~govbudget.parsers.page_model.PageContent` when the text layer is unusable.
"""
