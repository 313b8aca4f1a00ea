"""Scrapy spiders, one per CMS family, configured by the portal registry."""
