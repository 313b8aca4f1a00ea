"""Paged JSON list APIs: records found whatever the platform names its fields."""

import json

from govbudget.spiders.families.json_api import find_records, record_entry
from tests.spiders.conftest import PAGES

DATA = json.loads((PAGES / "json_api_list.json").read_text("utf-8"))
BASE = "https://czt.shanxi.gov.cn/bmp_pub/api/list?page=1"


def _entries():
    return [record_entry(r, BASE, {}) for r in find_records(DATA)]


def test_records_are_found_nested_in_the_body():
    assert len(find_records(DATA)) == 2


def test_records_at_an_explicit_path():
    assert find_records(DATA, "result.list")[1]["docTitle"] == "晋城市财政局2024年度部门决算"


def test_title_from_a_platform_specific_key():
    assert _entries()[0].title == "晋城市财政局2025年部门预算"


def test_attachments_are_absolute_with_their_names():
    assert _entries()[0].attachments == (
        ("https://czt.shanxi.gov.cn/bmp_pub/file/download?id=55501", "晋城市财政局2025年部门预算.pdf"),
        ("https://czt.shanxi.gov.cn/bmp_pub/file/download?id=55502", "附表.xlsx"),
    )


def test_record_without_attachments_keeps_its_article_url():
    assert (_entries()[1].attachments, _entries()[1].url) == ((), "https://czt.shanxi.gov.cn/bmp_pub/detail?id=90001")


def test_release_time_becomes_an_iso_date():
    assert _entries()[0].date == "2025-03-18"


def test_unit_name():
    assert _entries()[0].source_unit == "晋城市财政局"


def test_registry_can_name_the_title_key():
    record = {"bt": "主标题", "docTitle": "晋城市财政局2025年部门预算"}
    assert record_entry(record, BASE, {"title_key": "docTitle"}).title == "晋城市财政局2025年部门预算"
