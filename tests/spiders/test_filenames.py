"""Content-Disposition file names in every encoding portals send, and names from URLs."""

from govbudget.spiders.filenames import filename_from_content_disposition, filename_from_url

NAME = "阳城县政务服务中心2025年度单位预算公开.pdf"


def test_rfc5987_utf8():
    header = b"attachment; filename*=UTF-8''%E9%98%B3%E5%9F%8E%E5%8E%BF.pdf"
    assert filename_from_content_disposition(header) == "阳城县.pdf"


def test_rfc5987_wins_over_the_plain_fallback():
    header = b"attachment; filename=\"fallback.pdf\"; filename*=UTF-8''%E9%98%B3%E5%9F%8E%E5%8E%BF.pdf"
    assert filename_from_content_disposition(header) == "阳城县.pdf"


def test_raw_gbk_bytes():
    assert filename_from_content_disposition(b'attachment; filename="' + NAME.encode("gbk") + b'"') == NAME


def test_raw_utf8_bytes():
    assert filename_from_content_disposition(b'attachment; filename="' + NAME.encode("utf-8") + b'"') == NAME


def test_percent_encoded_plain_filename():
    assert filename_from_content_disposition(b"attachment;filename=%E9%98%B3%E5%9F%8E%E5%8E%BF.pdf") == "阳城县.pdf"


def test_unquoted_filename():
    assert filename_from_content_disposition(b"attachment; filename=report.pdf") == "report.pdf"


def test_header_decoded_as_latin1_by_a_library_is_recovered():
    header = b'attachment; filename="' + NAME.encode("gbk") + b'"'
    assert filename_from_content_disposition(header.decode("latin-1")) == NAME


def test_no_header():
    assert filename_from_content_disposition(None) is None


def test_filename_query_of_a_download_endpoint():
    assert filename_from_url("http://x.gov.cn/module/download/downfile.jsp?classid=0&filename=5f3c9a1e.pdf") == "5f3c9a1e.pdf"


def test_percent_encoded_path_segment():
    assert filename_from_url("http://x.gov.cn/u/%E9%A2%84%E7%AE%97.pdf") == "预算.pdf"
