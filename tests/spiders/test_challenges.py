"""Anti-bot challenge recognition: each family by name, and ordinary pages left alone."""

from govbudget.spiders.challenges import detect_challenge


def test_ruishu_412():
    assert detect_challenge("http://x/", 412, {}, b"<script>$_ts=window['$_ts'];</script>") == "ruishu-412"


def test_wzws_redirect():
    assert detect_challenge("http://x/", 302, {"location": b"/WZWSRELabc?wzwschallenge=1"}, b"") == "wzws"


def test_waf_405_page():
    assert detect_challenge("http://x/", 405, {}, "<h2>网防G01提示您</h2>".encode()) == "waf-405"


def test_tiny_cookie_setting_shell():
    body = b"<html><script>document.cookie='a=b';location.reload();</script></html>"
    assert detect_challenge("http://x/", 200, {}, body) == "js-shell"


def test_stub_list_page_is_not_a_challenge():
    body = b"<html><body><ul></ul><script>var currentPage = 0;</script></body></html>"
    assert detect_challenge("http://x/index_37.shtml", 200, {}, body) is None


def test_ordinary_404_is_not_a_challenge():
    assert detect_challenge("http://x/", 404, {}, b"<html><body>404 Not Found</body></html>") is None
