"""泽州县 (fictional): a county site unlike the bundled replica, with its registry and truth.

- Home page (GBK) is the only place linking the two disclosure columns.
- 财政预决算 column: the page carries ``function createPageHTML`` itself and calls the
  six-argument, 1-based form; pages are ``list.htm, list_2.htm, list_4.htm`` (list_1 does not
  exist: page 2 is ``_2``; list_3 is missing in the middle).
- 部门预决算公开 column, behind a 302-to-self cookie gate: the pager is drawn by an external
  script, so nothing states the count: ``index.html, index_1.html, index_2.html``, then 404s.
- A JSON platform paged over division (from the start page's ``window._CONFIG``) × kind
  × year × pageNo, keeping the start URL's query.
- Faults: 500 then OK, HTML served as PDF, a truncated PDF, a redirect loop, a
  robots-disallowed article, an attachment on another host (127.0.0.2) and one on the
  declared file host (localhost), the same bytes under two URLs, a budget briefing
  meeting with a PDF, a truncated notice title, and a JS-challenge portal (521 shell).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tests.spiders.sites.server import File, Reply, SiteServer, cookie_gate

GBK = "gbk"
PAGER_DEFINITION = """<script type="text/javascript">
function createPageHTML(_divId, _nPageCount, _nCurrIndex, _sPageName, _sPageExt, _nTotal){
  var el = document.getElementById(_divId); if(!el || _nPageCount <= 1){ return; }
  var html = "共" + _nTotal + "条 ";
  if(_nCurrIndex > 1){ html += "<a href='" + _sPageName + (_nCurrIndex == 2 ? "" : "_" + (_nCurrIndex - 1)) + "." + _sPageExt + "'>上一页</a>"; }
  if(_nCurrIndex < _nPageCount){ html += "<a href='" + _sPageName + "_" + (_nCurrIndex + 1) + "." + _sPageExt + "'>下一页</a>"; }
  el.innerHTML = html;
}
</script>"""


@dataclass(frozen=True)
class Truth:
    """What the archive must hold for one corpus file: its classification."""

    corpus: str
    publisher: str
    fiscal_year: int
    kind: str
    scope: str


TRUTH = {
    "000-office.pdf": Truth("000-office.pdf", "阳泉市12315投诉举报中心", 2025, "budget", "unit"),
    "000-2024-office.pdf": Truth("000-2024-office.pdf", "阳泉市12315投诉举报中心", 2024, "budget", "unit"),
    "002-office.pdf": Truth("002-office.pdf", "固原市“12345”便民服务中心", 2025, "budget", "department"),
    "003-office.pdf": Truth("003-office.pdf", "山西省政务服务投诉举报中心", 2024, "final_account", "unit"),
    "004-office.pdf": Truth("004-office.pdf", "阳城县政务服务中心", 2025, "budget", "unit"),
    "003-reportlab.pdf": Truth("003-reportlab.pdf", "山西省政务服务投诉举报中心", 2024, "final_account", "unit"),
    "002-reportlab.pdf": Truth("002-reportlab.pdf", "固原市“12345”便民服务中心", 2025, "budget", "department"),
    "004-reportlab.pdf": Truth("004-reportlab.pdf", "阳城县政务服务中心", 2025, "budget", "unit"),
}
REPUBLISHED = ("/uploadfile/2025/0310/P020250310001.pdf", "000-reportlab.pdf")  # same URL, corrected bytes
MEETING_PDF = "/uploadfile/2025/0305/P020250305009.pdf"  # attached to the briefing meeting: never requested
NOTICE_PDF = "/uploadfile/2025/0301/P020250301003.pdf"  # attached to the truncated notice title: never requested
ROBOTS_DISALLOWED = "/zwgk/nbgk/"
RETRIED = "/uploadfile/2024/0612/P020240612002.pdf"  # 500 once, then the PDF
HTML_AS_PDF = "/uploadfile/2024/bmjs/fb.pdf"
TRUNCATED = "/uploadfile/2024/bmjs/fj3.pdf"
LOOP = "/download/file.jsp?id=77"
DIVISIONS = ("140525000", "140525100")
GATE_COOKIE = "zz_waf=7f3a9c"  # the 部门预决算公开 column sits behind a 302-to-self cookie gate


def build(server: SiteServer, corpus: Path) -> None:
    """Fill ``server``'s route tables with the site."""
    pdf = {name: (corpus / name).read_bytes() for name in (*TRUTH, REPUBLISHED[1])}
    routes, other = server.routes, server.other_routes
    routes["/robots.txt"] = Reply(200, f"User-agent: *\nDisallow: {ROBOTS_DISALLOWED}\n".encode(), "text/plain")
    other["/robots.txt"] = Reply(200, b"User-agent: *\nDisallow:\n", "text/plain")
    routes["/"] = _gbk(_home())
    _fiscal_column(routes, server, pdf)
    _department_column(routes, pdf)
    _platform(routes, pdf)
    routes["/jsl/index.html"] = Reply(521, b"<script>document.cookie=('__jsl_clearance=1733368800.1|0|abc');"
                                           b"location.href=location.pathname+location.search</script>")
    other["/mirror/002-copy.pdf"] = File(pdf["002-office.pdf"])


def registry(server: SiteServer) -> list[dict]:
    """Registry entries a person would write for this site after `portals discover`."""
    base = server.base_url
    return [
        {"id": "zz-home", "name": "泽州县人民政府 预决算公开", "region": ["山西省", "晋城市", "泽州县"], "admin_level": "county",
         "family": "trs", "start_urls": [f"{base}/"], "allowed_domains": ["127.0.0.1"], "file_hosts": ["localhost"]},
        {"id": "zz-platform", "name": "泽州县预决算公开平台", "region": ["山西省", "晋城市", "泽州县"], "admin_level": "county",
         "family": "json_api", "start_urls": [f"{base}/yjsgk/index.html?from=home"],
         "params": {"list_api": "/yjsgk/api/list", "page_param": "pageNo",
                    "query": {"sid": {"from_config": "window._CONFIG.SID"}, "division": {"from_config": "DIVISIONS"},
                              "kind": ["ys", "js"], "year": {"range": [2024, 2025]}},
                    "records_path": "data.rows", "title_key": "doc.title", "date_key": "doc.pubDate",
                    "attachments_key": "doc.files", "file_url_key": "src", "file_name_key": "label",
                    "pages_key": "data.pageInfo.pages"}},
        {"id": "zz-jsl", "name": "泽州县某局（加速乐）", "region": ["山西省", "晋城市", "泽州县"], "admin_level": "county",
         "family": "trs", "start_urls": [f"{base}/jsl/index.html"]},
    ]


# --- pages ---------------------------------------------------------------------------------


def _gbk(html: str) -> Reply:
    return Reply(200, html.encode(GBK), "text/html")  # charset only in the page's meta, as old sites do


def _page(title: str, body: str) -> str:
    return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
            f"<title>{escape(title)}_泽州县人民政府</title></head><body>"
            f'<div class="top-nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/hdjl/">互动交流</a></div>'
            f"{body}</body></html>")


def _home() -> str:
    news = "".join(f'<li><a href="/xwzx/202503/t2025030{i}_{i}.html" title="{t}">{t[:14]}…</a><span>2025-03-0{i}</span></li>'
                   for i, t in enumerate(["泽州县召开2025年春季植树造林动员部署会议", "泽州县开展“学雷锋”志愿服务月活动",
                                          "县长主持召开县政府第十二次常务会议"], start=1))
    return _page("泽州县人民政府", (
        '<div class="zwgk-box"><h3>政务公开</h3><ul>'
        '<li><a href="/zwgk/czyjs/list.htm">财政预决算</a></li>'
        '<li><a href="/zwgk/bmjs/index.html">部门预决算公开</a></li>'
        '<li><a href="/zwgk/zcwj/index.html">政策文件</a></li></ul></div>'
        f'<div class="news"><h3>泽州要闻</h3><ul>{news}</ul></div>'))


def _article(title: str, date: str, source: str, column: str, body: str) -> Reply:
    return _gbk(_page(title, (
        f'<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="../">{column}</a></div>'
        f'<div class="article"><h2 class="art-title">{escape(title)}</h2>'
        f'<div class="art-info">发布日期：{date}　信息来源：{source}</div>'
        f'<div class="art-body">{body}</div></div>')))


def _fiscal_column(routes: dict, server: SiteServer, pdf: dict[str, bytes]) -> None:
    root = "/zwgk/czyjs/"
    pages = {
        1: [("阳泉市12315投诉举报中心2025年度单位预算公开", "./202503/t20250310_101.html", "2025-03-10"),
            ("泽州县财政局召开2025年部门预算编报工作说明会", "./202503/t20250305_102.html", "2025-03-05")],
        2: [("2024年度阳泉市12315投诉举报中心单位预算公开", "./202406/t20240612_103.html", "2024-06-12"),
            ("关于做好2025年部门预算编制工作的通知", "./202503/t20250301_104.html", "2025-03-01")],
        4: [("固原市“12345”便民服务中心2025年部门预算", "./202503/t20250314_105.html", "2025-03-14")],
    }
    for number, rows in pages.items():
        cells = "".join(f'<tr><td class="t"><a href="{href}" target="_blank">{escape(title[:18])}{"…" if len(title) > 18 else ""}'
                        f'</a></td><td class="d">{date}</td></tr>' for title, href, date in rows)
        name = "list.htm" if number == 1 else f"list_{number}.htm"
        routes[root + name] = _gbk(_page("财政预决算", (
            f'<div class="crumb">当前位置：<a href="/">首页</a> &gt; <span>财政预决算</span></div>'
            f'<table class="xxgk-list">{cells}</table><div id="page_div"></div>{PAGER_DEFINITION}'
            f"<script>createPageHTML('page_div', 4, {number}, 'list', 'htm', 5);</script>")))
    routes[root + "202503/t20250310_101.html"] = _article(
        "阳泉市12315投诉举报中心2025年度单位预算公开", "2025-03-10", "阳泉市12315投诉举报中心", "财政预决算",
        f'<p>现将本单位2025年度单位预算公开如下。</p><p>附件：<a href="{REPUBLISHED[0]}">阳泉市12315投诉举报中心2025年度单位预算.pdf</a></p>')
    routes[REPUBLISHED[0]] = File(pdf["000-office.pdf"], republished=pdf[REPUBLISHED[1]])
    routes[root + "202503/t20250305_102.html"] = _article(
        "泽州县财政局召开2025年部门预算编报工作说明会", "2025-03-05", "泽州县财政局", "财政预决算",
        f'<p>3月5日，县财政局召开说明会。</p><p><a href="{MEETING_PDF}">会议材料.pdf</a></p>')
    routes[MEETING_PDF] = File(pdf["004-reportlab.pdf"])
    routes[root + "202406/t20240612_103.html"] = _article(
        "2024年度阳泉市12315投诉举报中心单位预算公开", "2024-06-12", "阳泉市12315投诉举报中心", "财政预决算",
        f'<p>附件：<span class="fj" onclick="window.open(\'{RETRIED}\')">2024年度单位预算.pdf</span></p>')
    routes[RETRIED] = File(pdf["000-2024-office.pdf"], fail_first=1)
    routes[root + "202503/t20250301_104.html"] = _article(
        "关于做好2025年部门预算编制工作的通知", "2025-03-01", "泽州县财政局", "财政预决算",
        f'<p>各有关单位：请于3月10日前报送。特此通知。</p><p><a href="{NOTICE_PDF}">通知.pdf</a></p>')
    routes[NOTICE_PDF] = File(pdf["004-reportlab.pdf"])
    routes[root + "202503/t20250314_105.html"] = _article(
        "固原市“12345”便民服务中心2025年部门预算", "2025-03-14", "固原市“12345”便民服务中心", "财政预决算",
        f'<p>附件1：<a href="{server.alias_url}/cdn/yjs/002.pdf">部门预算.pdf</a></p>'
        f'<p>附件2：<a href="{server.other_url}/mirror/002-copy.pdf">部门预算（外部镜像）.pdf</a></p>')
    routes["/cdn/yjs/002.pdf"] = File(pdf["002-office.pdf"])


def _department_column(routes: dict, pdf: dict[str, bytes]) -> None:
    root = "/zwgk/bmjs/"
    pages = [
        [("山西省政务服务投诉举报中心2024年度单位决算公开", "./202408/t20240820_201.html", "2024-08-20")],
        [("阳城县政务服务中心2025年度单位预算公开", "./202503/t20250320_202.html", "2025-03-20"),
         ("阳城县政务服务中心2025年度单位预算公开（网页版）", "./202503/t20250321_203.html", "2025-03-21")],
        [("阳泉市财政局2025年部门预算（送审稿）", ROBOTS_DISALLOWED + "t20250101_1.html", "2025-01-01"),
         ("泽州县财政局开展党纪学习教育专题读书班", "./202502/t20250210_204.html", "2025-02-10")],
    ]
    for number, rows in enumerate(pages):
        items = "".join(f'<li><span class="date">{date}</span><a href="{href}" title="{escape(title)}">{escape(title)}</a></li>'
                        for title, href, date in rows)
        name = "index.html" if number == 0 else f"index_{number}.html"
        routes[root + name] = cookie_gate(_gbk(_page("部门预决算公开", (
            f'<ul class="list">{items}</ul><div id="pager" class="pager"></div>'
            '<script src="/js/pager.min.js"></script>'))), GATE_COOKIE)
    routes[root + "202408/t20240820_201.html"] = _article(
        "山西省政务服务投诉举报中心2024年度单位决算公开", "2024-08-20", "山西省政务服务投诉举报中心", "部门预决算公开",
        '<p><a href="/uploadfile/2024/bmjs/003.pdf">单位决算.pdf</a></p>'
        f'<p><a href="{HTML_AS_PDF}">附表.pdf</a></p><p><a href="{TRUNCATED}">附件3.pdf</a></p>')
    routes["/uploadfile/2024/bmjs/003.pdf"] = File(pdf["003-office.pdf"])
    routes[HTML_AS_PDF] = File("<html><body>文件不存在或已被删除</body></html>".encode(GBK) + b" " * 2000)
    routes[TRUNCATED] = File(pdf["003-reportlab.pdf"][: len(pdf["003-reportlab.pdf"]) * 6 // 10])
    routes[root + "202503/t20250320_202.html"] = _article(
        "阳城县政务服务中心2025年度单位预算公开", "2025-03-20", "阳城县政务服务中心", "部门预决算公开",
        f'<p><a href="/uploadfile/2025/bmjs/004.pdf">单位预算.pdf</a></p><p><a href="{LOOP}">附表下载</a></p>')
    routes["/uploadfile/2025/bmjs/004.pdf"] = File(pdf["004-office.pdf"])
    routes[LOOP] = Reply(302, b"", "text/html", {"Location": LOOP})
    routes[root + "202503/t20250321_203.html"] = _article(
        "阳城县政务服务中心2025年度单位预算公开（网页版）", "2025-03-21", "阳城县政务服务中心", "部门预决算公开",
        '<p><a href="/uploadfile/2025/bmjs/004-copy.pdf">单位预算.pdf</a></p>')
    routes["/uploadfile/2025/bmjs/004-copy.pdf"] = File(pdf["004-office.pdf"])
    routes[ROBOTS_DISALLOWED + "t20250101_1.html"] = _article(
        "阳泉市财政局2025年部门预算（送审稿）", "2025-01-01", "阳泉市财政局", "内部", '<p><a href="/zwgk/nbgk/a.pdf">a.pdf</a></p>')


def _platform(routes: dict, pdf: dict[str, bytes]) -> None:
    routes["/yjsgk/index.html"] = Reply(200, (
        "<html><head><meta charset='utf-8'><title>预决算公开平台</title></head><body><div id='app'></div>"
        "<script>window._CONFIG = { SID: 'zz2025', DIVISIONS: ['140525000', '140525100'], API: '/yjsgk/api/list' };</script>"
        "<script src='/yjsgk/static/app.js'></script></body></html>").encode(), "text/html; charset=utf-8")
    records = {
        ("140525000", "js", "2024"): [[("山西省政务服务投诉举报中心2024年度单位决算", "2025-08-20", 3001, "单位决算.pdf")]],
        ("140525100", "ys", "2025"): [[("固原市“12345”便民服务中心2025年部门预算", "2025-03-18", 5001, "部门预算.pdf")],
                                      [("阳城县政务服务中心2025年度单位预算", "2025-03-19", 5002, "单位预算.pdf")]],
    }

    def api(path: str, form: bytes, headers) -> Reply:
        query = {k: v[0] for k, v in parse_qs(urlsplit(path).query).items()}
        if query.get("sid") != "zz2025" or query.get("from") != "home":
            return Reply(400, b'{"code": 400, "msg": "bad sid"}', "application/json")
        pages = records.get((query.get("division"), query.get("kind"), query.get("year")), [])
        number = int(query.get("pageNo", "1"))
        rows = pages[number - 1] if number <= len(pages) else []
        body = {"code": 0, "data": {"pageInfo": {"pages": len(pages), "pageNo": number}, "rows": [
            {"id": fid, "doc": {"title": title, "pubDate": date, "files": [{"src": f"/yjsgk/file/download?id={fid}", "label": label}]}}
            for title, date, fid, label in rows]}}
        return Reply(200, json.dumps(body, ensure_ascii=False).encode(), "application/json;charset=UTF-8")

    routes["/yjsgk/api/list"] = api
    routes["/yjsgk/file/download?id=3001"] = File(pdf["003-reportlab.pdf"])
    routes["/yjsgk/file/download?id=5001"] = File(pdf["002-reportlab.pdf"])
    routes["/yjsgk/file/download?id=5002"] = File(pdf["004-reportlab.pdf"])
