"""How amounts and sources read in the Markdown and HTML reports: one set of rules.

A value is shown as printed with the unit it was printed in (``127.12 万元``,
``276,000 元``); a difference is in 万元, always labelled; a source is the
document's title, linked to its URL at the page.
"""

from __future__ import annotations

from decimal import Decimal

from govbudget.changes.diff import ChangeSet, Source


def printed(text: str | None, unit: str | None) -> str:
    if text is None:
        return "—"
    return f"{text} {unit}" if unit else text


def wan(yuan: Decimal | None, sign: bool = True) -> str:
    """Yuan as 万元 with two decimals: ``-101100`` → ``-10.11 万元``."""
    if yuan is None:
        return ""
    return f"{yuan / 10000:{'+' if sign else ''},.2f} 万元"


def pct(value: Decimal | None) -> str:
    return f"{value:+}%" if value is not None else ""


def page_url(source: Source | None, page: int | None) -> str | None:
    """The document's URL at ``page`` (PDF viewers honour ``#page=``)."""
    if source is None or not source.url:
        return None
    return f"{source.url}#page={page}" if page else source.url


def source_name(source: Source | None) -> str:
    if source is None:
        return "?"
    return source.title or source.doc_id[:12]


def comparison_title(changes: ChangeSet) -> str:
    who = changes.publisher or changes.new_doc[:12]
    if changes.kind == "republication":
        return f"{who} {changes.new_year}: re-published"
    return f"{who}: {changes.old_year} → {changes.new_year}"
