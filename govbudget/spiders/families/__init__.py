"""One spider class per CMS family, configured by registry entries."""

from govbudget.spiders.families.base import PortalSpider
from govbudget.spiders.families.generic import GenericSpider
from govbudget.spiders.families.hanweb import HanwebSpider
from govbudget.spiders.families.json_api import JsonApiSpider
from govbudget.spiders.families.trs import TrsSpider
from govbudget.spiders.registry import Family

SPIDERS: dict[Family, type[PortalSpider]] = {
    Family.trs: TrsSpider,
    Family.hanweb: HanwebSpider,
    Family.json_api: JsonApiSpider,
    Family.generic: GenericSpider,
}


def spider_for(family: Family | str) -> type[PortalSpider]:
    return SPIDERS[Family(family)]
