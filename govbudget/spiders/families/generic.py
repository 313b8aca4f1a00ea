"""Any list page with article links, paged by a 下一页 (or rel=next) link.

Params: ``row_xpath`` (rows holding one article link each), ``next_text``.
"""

from __future__ import annotations

from govbudget.spiders.families.base import PortalSpider
from govbudget.spiders.registry import Family


class GenericSpider(PortalSpider):
    family = Family.generic
