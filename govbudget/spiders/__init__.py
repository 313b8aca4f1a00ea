"""Scrapy spiders, one per CMS family, configured by the portal registry.

Scrapy's cookie middleware builds a ``tldextract.TLDExtract`` when it is imported; on a
machine without tldextract's cache that fetches the public suffix list from the internet.
An empty ``TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS`` makes it use the snapshot inside the
installed package instead, so a crawl contacts only the portals it crawls.
"""

import os

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
