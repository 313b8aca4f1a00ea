"""One spider class per CMS family, configured by registry entries."""

from spiders.families.base import PortalSpider
from spiders.families.generic import GenericSpider
from spiders.families.hanweb import HanwebSpider
from spiders.families.json_api import JsonApiSpider
from spiders.families.trs import TrsSpider
from spiders.registry import Family

SPIDERS: dict[Family, type[PortalSpider]] = {
    Family.trs: TrsSpider,
    Family.hanweb: HanwebSpider,
    Family.json_api: JsonApiSpider,
    Family.generic: GenericSpider,
}


def spider_for(family: Family | str) -> type[PortalSpider]:
    return SPIDERS[Family(family)]
