"""Stage 2, layout: one page's characters and rules → printed lines and table pieces.

``text_lines`` groups characters into lines; ``ruled_grid`` turns ruling lines into
cells (pdfplumber's algorithms); ``text_grid`` / ``text_columns`` / ``text_header``
build grids for tables without vertical rules; ``caption_rows`` and ``overflow_text``
mend what generators print inside or over a grid; ``page_layout`` drives them and
returns :class:`~govbudget.parsers.layout.grid_model.PageTable` pieces plus free lines.
"""
