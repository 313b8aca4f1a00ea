"""Replica sites of our own, unlike the bundled replica the spiders were shaped on.

``county`` is a fictional county government site: GBK TRS-style pages whose
disclosure columns are linked only from the home page, other pager scripts, a
JSON disclosure platform paged over division × kind × year × page, a JS-challenge
portal, and every transport and content fault a crawl must survive.
"""
