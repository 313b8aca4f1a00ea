"""Stage 3, assemble: the pages' pieces → the document's tables.

``furniture`` removes running headers and footers; ``table_context`` attaches the
title, number, unit and notes printed around a piece; ``stitch`` joins a table's
pieces over pages into one :class:`~govbudget.parsers.page_model.RawTable`.
"""
