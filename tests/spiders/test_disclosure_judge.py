"""Disclosure or not: the labelled title set, and what the body, file name and cover add."""

from pathlib import Path

from govbudget.spiders.classify import classify, judge
from govbudget.spiders.files import cover_text
from govbudget.spiders.titles_eval import FIELDS, load, score
from tests.spiders.conftest import CORPUS, PAGES

TITLES = load(PAGES / "disclosure_titles.tsv")
RESULT = score(TITLES)


def test_the_labelled_set_has_at_least_300_titles_of_both_labels():
    assert (len(TITLES) >= 300, RESULT.positives >= 150, RESULT.negatives >= 150) == (True, True, True)


def test_precision_on_the_labelled_titles_is_at_least_98_percent():
    assert RESULT.precision >= 0.98, RESULT.false_pos


def test_recall_on_the_labelled_titles_is_at_least_98_percent():
    assert RESULT.recall >= 0.98, RESULT.false_neg


def test_publisher_year_kind_and_scope_are_right_on_at_least_97_percent_of_disclosures():
    assert {f: RESULT.field_accuracy(f) >= 0.97 for f in FIELDS} == dict.fromkeys(FIELDS, True), RESULT.field_misses


def test_a_budget_briefing_meeting_is_not_a_disclosure():
    assert judge("市财政局召开2025年部门预算编报工作说明会").disclosure is False


def test_unit_names_holding_negative_words_are_still_disclosures():
    titles = ["固原市审计局2025年部门预算", "晋城市干部培训中心2024年度单位决算", "阳泉市政府采购中心2025年单位预算公开",
              "中共阳城县委机构编制委员会办公室2025年部门预算", "阳泉市青少年活动中心2025年度单位预算"]
    assert [judge(t).disclosure for t in titles] == [True] * len(titles)


def test_a_title_saying_nothing_is_decided_by_the_article_body():
    body = "现将本单位2025年单位预算公开如下：\n一、部门概况\n二、收支总表"
    assert judge("信息公开", body=body).disclosure is True


def test_a_title_saying_nothing_with_a_notice_body_is_not_a_disclosure():
    assert judge("附件下载", body="各有关单位：\n请于3月10日前报送材料。\n特此通知").disclosure is False


def test_nothing_to_go_on_is_undecided():
    assert judge("附件下载").disclosure is None


def test_the_attachment_name_decides_a_title_that_says_nothing():
    assert judge("附件下载", attachment_name="阳泉市财政局2025年部门预算.pdf").disclosure is True


def test_an_attachment_named_as_a_notice_is_not_a_disclosure():
    assert judge("信息公开", attachment_name="关于做好2025年部门预算编制工作的通知.pdf").disclosure is False


def test_a_notice_cover_under_a_disclosure_title_is_rejected():
    cover = "关于报送2025年部门预算的通知\n各有关单位：\n请于3月10日前报送。\n特此通知"
    verdict = judge("阳泉市财政局2025年部门预算公开", cover=cover)
    assert (verdict.disclosure, verdict.reason) == (False, "first page reads as a notice (各有关单位)")


def test_every_corpus_cover_is_read_as_a_disclosure():
    covers = [cover_text(p.read_bytes()) for p in sorted(Path(CORPUS).glob("*.pdf"))]
    assert [judge("附件", cover=c).disclosure for c in covers] == [True] * len(covers)


def test_a_cover_with_the_unit_on_the_line_above_names_the_publisher():
    got = classify("附件", cover="阳泉市 12315 投诉举报中心\n2025 年度单位预算公开\n— 1 —")
    assert (got.publisher, got.fiscal_year, got.scope) == ("阳泉市12315投诉举报中心", 2025, "unit")


def test_cover_text_of_bytes_that_are_no_pdf_is_none():
    assert cover_text(b"<html>not a pdf</html>") is None
