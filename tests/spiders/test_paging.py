"""The paging reader over a generated set of pager scripts, and list-URL naming."""

import pytest

from govbudget.spiders.paging import Naming, common_extension, page_suffix, read_pager, url_naming
from tests.spiders.pager_scripts import DEFINITION, cases

CASES = list(cases())


def test_the_generated_set_covers_every_shape_at_every_size():
    assert len(CASES) == 4 * 3 * 2 * 2 * 6


@pytest.mark.parametrize(("html", "count"), [(c[1], c[2]) for c in CASES], ids=[c[0] for c in CASES])
def test_page_count_is_read_from_every_pager_shape(html, count):
    assert read_pager(html).count == count


@pytest.mark.parametrize(("html", "naming"), [(c[1], c[3]) for c in CASES if c[3]], ids=[c[0] for c in CASES if c[3]])
def test_page_naming_is_read_where_the_pager_states_it(html, naming):
    assert read_pager(html).naming == Naming(*naming)


def test_the_function_definition_alone_is_not_a_pager():
    assert read_pager(f"<html><body>{DEFINITION}</body></html>") is None


def test_a_page_without_pager_has_none():
    assert read_pager("<html><body><ul><li><a href='t1.html'>x</a></li></ul></body></html>") is None


def test_numbered_links_name_the_pages_without_counting_them():
    pager = read_pager('<div class="page"><a href="list_1.htm">2</a><a href="list_2.htm">3</a><a href="list_9.htm">尾页</a></div>')
    assert (pager.count, pager.naming, pager.source) == (None, Naming("list", "htm"), "links")


def test_a_call_with_unresolvable_arguments_falls_back_to_variables():
    html = 'var nPageCount = 4; createPageHTML(getCount(), 0, "index", "html");'
    assert read_pager(html).count == 4


@pytest.mark.parametrize(("url", "naming"), [
    ("http://x.gov.cn/col/index.shtml", Naming("index", "shtml")),
    ("http://x.gov.cn/col/list_3.htm", Naming("list", "htm")),
    ("http://x.gov.cn/col/", Naming("index", "html")),
    ("http://x.gov.cn/col/list.jsp?id=3", Naming("list", "jsp")),
])
def test_url_naming(url, naming):
    assert url_naming(url) == naming


@pytest.mark.parametrize(("url", "suffix"), [
    ("http://x.gov.cn/col/index.shtml", 0), ("http://x.gov.cn/col/", 0), ("http://x.gov.cn/col/index_12.shtml", 12),
])
def test_page_suffix(url, suffix):
    assert page_suffix(url) == suffix


def test_naming_of_the_first_page_has_no_suffix():
    assert (Naming("index", "shtml").name(0), Naming("index", "shtml").name(3)) == ("index.shtml", "index_3.shtml")


def test_the_extension_of_a_sites_links_names_a_directory_lists_pages():
    urls = ["http://x.gov.cn/col/202503/t20250310_1.shtml", "http://x.gov.cn/col/202503/t20250311_2.shtml", "http://x.gov.cn/a.pdf"]
    assert (common_extension(urls), common_extension([])) == ("shtml", "html")
