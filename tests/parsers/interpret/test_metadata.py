"""Document metadata read from the cover, titles and forms; unknown stays None."""

import pytest

from govbudget.parsers.api import interpret
from govbudget.parsers.interpret.metadata import read_cover, read_region, split_coded_name
from govbudget.parsers.page_model import TextLine
from testkit.truth_tables import raw_extraction, truth


@pytest.mark.parametrize("doc", ["000", "000-2024", "002", "003", "004"])
def test_document_metadata_matches_truth(doc):
    d = interpret(raw_extraction(doc), "doc").document
    expected = truth(doc)["doc"]
    assert (d.title, d.publisher, d.publisher_code, d.parent_department, d.parent_code, d.region, d.admin_level,
            d.fiscal_year, d.kind, d.scope) == (
        expected["title"], expected["publisher"], expected["publisher_code"], expected["parent_department"],
        expected["parent_code"], expected["region"], expected["admin_level"], expected["fiscal_year"],
        expected["doc_kind"], expected["scope"],
    )


def lines(*texts):
    return [TextLine(t, 1, 0.0, 0.0, 0.0, 20.0) for t in texts]


def test_cover_title_on_one_line():
    meta = read_cover(lines("附件2", "某某县财政局2024年部门决算"))
    assert (meta.publisher, meta.fiscal_year, meta.kind, meta.scope, meta.title) == (
        "某某县财政局", 2024, "final_account", "department", "某某县财政局2024年部门决算",
    )


def test_cover_without_year_and_kind_stays_unknown():
    meta = read_cover(lines("某某中心", "工作总结"))
    assert (meta.publisher, meta.fiscal_year, meta.kind, meta.scope) == (None, None, None, None)


def test_region_from_province_short_name_and_city():
    assert read_region(["宁夏固原市财政局"], "") == (["宁夏回族自治区", "固原市"], "city")


def test_county_without_city_in_its_name_is_placed_by_the_text():
    assert read_region(["阳城县政务服务中心"], "按照晋城市要求") == (["山西省", "晋城市", "阳城县"], "county")


def test_name_without_place_gives_no_region():
    assert read_region(["政务服务中心"], "") == ([], None)


def test_coded_name_split():
    assert split_coded_name("229103-山西省政务服务投诉举报中心") == ("229103", "山西省政务服务投诉举报中心")
    assert split_coded_name("固原市信访局") == (None, "固原市信访局")
