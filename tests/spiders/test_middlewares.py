"""Transport middlewares on hand-made responses."""

from scrapy.http import Request, Response

from govbudget.spiders.middlewares import CookieGateMiddleware, _retry_after


class _Crawler:
    class spider:
        name = "t"


def test_retry_after_seconds():
    assert _retry_after(Response("http://x/", status=429, headers={"Retry-After": "7"})) == 7.0


def test_retry_after_absent():
    assert _retry_after(Response("http://x/", status=503)) is None


def test_cookie_gate_resends_the_same_url_past_the_dupefilter():
    gate = CookieGateMiddleware(_Crawler())
    request = Request("http://x/api?page=1")
    response = Response(request.url, status=302, headers={"Location": "/api?page=1", "Set-Cookie": "g=1"}, request=request)
    retry = gate.process_response(request, response)
    assert (retry.url, retry.dont_filter) == ("http://x/api?page=1", True)


def test_cookie_gate_gives_up_after_two_passes():
    gate = CookieGateMiddleware(_Crawler())
    request = Request("http://x/api", meta={"govbudget_gate_passes": 2})
    response = Response(request.url, status=302, headers={"Location": "/api", "Set-Cookie": "g=1"}, request=request)
    assert gate.process_response(request, response) is response


def test_redirect_elsewhere_is_left_to_scrapy():
    gate = CookieGateMiddleware(_Crawler())
    request = Request("http://x/a")
    response = Response(request.url, status=302, headers={"Location": "/b", "Set-Cookie": "g=1"}, request=request)
    assert gate.process_response(request, response) is response
