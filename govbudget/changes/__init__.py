"""Change detection: what differs between two parses of disclosures, read from the archive.

``cells`` turns a parse result into comparable cells; ``diff`` compares two of them;
``units`` matches publishers across years; ``republication`` and ``year_over_year``
choose the pairs to compare; ``report`` writes change sets as data and Markdown.
Nothing here stores anything: it reads through :mod:`govbudget.storage`.
"""
