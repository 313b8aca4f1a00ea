"""What the replica portals publish: pages of the four CMS families, built from data.

Each family's markup follows what the real portals serve (govbudget/spiders/README.md lists the shapes),
so the spiders are tested against the shapes they will meet, faults included.
Documents are the corpus PDFs, read from the directory passed in.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

GBK = "gbk"


@dataclass(frozen=True)
class FileSpec:
    """A downloadable file: corpus PDF bytes, or bytes built in place."""

    path: str
    source: str  # corpus file name, or a builder key: html-error, truncated:<file>, zip:<file>, xlsx:<seed>
    disposition: bytes | None = None  # raw Content-Disposition header value
    republished_source: str | None = None  # bytes served after ReplicaServer.republish()
    fail_first: int = 0  # answer 500 this many times before serving


@dataclass(frozen=True)
class Article:
    path: str
    title: str
    date: str
    body: str  # HTML of the article body, attachments included
    source_unit: str = ""
    column: str = ""
    encoding: str = "utf-8"
    meta_tags: bool = True  # TRS/Hanweb CMS meta tags (ArticleTitle, PubDate, …)
    slow: float = 0.0


@dataclass
class Site:
    pages: dict[str, tuple[str, bytes, str]] = field(default_factory=dict)  # path -> (type, body, encoding)
    files: dict[str, FileSpec] = field(default_factory=dict)
    slow: dict[str, float] = field(default_factory=dict)

    def page(self, path: str, html: str, encoding: str = "utf-8", content_type: str = "text/html") -> None:
        self.pages[path] = (content_type, html.encode(encoding), encoding)

    def article(self, art: Article) -> None:
        self.page(art.path, _article_html(art), art.encoding)
        if art.slow:
            self.slow[art.path] = art.slow

    def file(self, spec: FileSpec) -> None:
        self.files[spec.path] = spec


def build_site(base_url: str) -> Site:
    site = Site()
    offsite = base_url.replace("127.0.0.1", "localhost")
    _trs_zero_based(site, offsite)
    _trs_one_based(site)
    _hanweb(site)
    _hanweb_old(site)
    _json_api(site)
    _generic_gbk(site)
    return site


# --- file bytes ---------------------------------------------------------------------------


def file_bytes(source: str, corpus_dir: Path) -> bytes:
    kind, _, arg = source.partition(":")
    if kind == "html-error":
        return _ERROR_PAGE.encode("utf-8")
    if kind == "truncated":
        data = (corpus_dir / arg).read_bytes()
        return data[: len(data) * 3 // 5]
    if kind == "zip":
        return _zip_with(corpus_dir / arg)
    if kind == "xlsx":
        return _xlsx_from_truth(corpus_dir / "truth" / f"{arg}.json")
    return (corpus_dir / source).read_bytes()


def etag_of(data: bytes) -> str:
    return '"' + hashlib.sha256(data).hexdigest()[:16] + '"'


_ERROR_PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>系统繁忙</title></head><body>"
    "<h1>系统繁忙，请稍后再试</h1><p>您访问的文件暂时无法下载。错误代码：FILE_BUSY。</p>"
    + "<p>" + "请返回首页或联系网站管理员。" * 40 + "</p></body></html>"
)


def _zip_of(members: dict[str, bytes]) -> bytes:
    """A zip with fixed member timestamps, so the same content always gives the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2025, 6, 18, 9, 30, 0)), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _zip_with(pdf: Path) -> bytes:
    return _zip_of({
        "阳城县行政审批服务管理局2025年单位预算.pdf": pdf.read_bytes(),
        "说明.txt": "本压缩包含2025年单位预算公开文件。".encode("gbk"),
    })


def _xlsx_from_truth(truth: Path) -> bytes:
    """A minimal SpreadsheetML workbook holding the first table of a corpus document."""
    table = next(b for b in json.loads(truth.read_text("utf-8"))["blocks"] if b["type"] == "table")
    rows = "".join(
        "<row>" + "".join(f'<c t="inlineStr"><is><t>{escape(cell)}</t></is></c>' for cell in row) + "</row>"
        for row in table["rows"]
    )
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        f'<sheet name="{escape(table["title"][:31])}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>",
    }
    return _zip_of({name: text.encode("utf-8") for name, text in parts.items()})


def _rfc5987(name: str) -> bytes:
    from urllib.parse import quote

    return f"attachment; filename*=UTF-8''{quote(name)}".encode("ascii")


def _raw(name: str, encoding: str) -> bytes:
    return b'attachment; filename="' + name.encode(encoding) + b'"'


# --- pages ----------------------------------------------------------------------------------


def _article_html(art: Article) -> str:
    charset = "gb2312" if art.encoding == GBK else "utf-8"
    meta = (
        f'<meta name="ArticleTitle" content="{escape(art.title)}">'
        f'<meta name="PubDate" content="{art.date} 09:30">'
        f'<meta name="ContentSource" content="{escape(art.source_unit)}">'
        f'<meta name="ColumnName" content="{escape(art.column)}">'
        if art.meta_tags
        else ""
    )
    info = f"<span>发布时间：{art.date}</span>"
    if art.source_unit:
        info += f" <span>来源：{escape(art.source_unit)}</span>"
    crumb = f'<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="#">{escape(art.column)}</a></div>' if art.column else ""
    return (
        f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        f"{meta}<title>{escape(art.title)}_政府门户网站</title></head><body>{crumb}"
        f'<div class="article"><h1>{escape(art.title)}</h1><div class="info">{info}</div>'
        f'<div class="TRS_Editor">{art.body}</div></div></body></html>'
    )


def _stub_page() -> str:
    """What TRS serves for list pages past the real content: ~350 bytes, no rows."""
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>列表</title></head><body>'
        '<div class="list"><ul></ul></div><script>var currentPage = 0;</script></body></html>'
    )


def _trs_zero_based(site: Site, offsite: str) -> None:
    """阳泉 xxgk style: index.shtml, index_1.shtml …, createPageHTML(count, current0, …)."""
    root = "/yq/xxgk/czyjs/"
    rows_by_page = [
        [
            ("阳泉市12315投诉举报中心2025年度单位预算公开", "./202506/t20250610_1001.shtml", "2025-06-10"),
            ("阳泉市市场监督管理局关于开展2025年食品安全抽检工作的通知", "./202506/t20250605_1002.shtml", "2025-06-05"),
            ("阳泉市2025年部门预算公开汇总（转载）", f"{offsite}/yq/mirror/t20250601_9.shtml", "2025-06-01"),
            ("阳泉市12315投诉举报中心2025年度单位预算公开（内部稿）", "/yq/xxgk/private/t20250530_7.shtml", "2025-05-30"),
        ],
        [("2024年度阳泉市12315投诉举报中心单位预算公开", "./202406/t20240612_0901.shtml", "2024-06-12")],
        [],  # a stub page deep in the list
    ]
    for number, rows in enumerate(rows_by_page):
        items = "".join(
            f'<li><a href="{href}" title="{escape(title)}" target="_blank">{escape(title[:16])}…</a><em>{date}</em></li>'
            for title, href, date in rows
        )
        name = "index.shtml" if number == 0 else f"index_{number}.shtml"
        if not rows:
            site.page(root + name, _stub_page())
            continue
        site.page(
            root + name,
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>财政预决算</title></head><body>'
            f'<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="./">财政预决算</a></div>'
            f'<div class="list"><ul>{items}</ul></div>'
            f'<script>createPageHTML({len(rows_by_page)}, {number}, "index", "shtml");</script></body></html>',
        )
    column = "财政预决算"
    site.article(
        Article(
            root + "202506/t20250610_1001.shtml", "阳泉市12315投诉举报中心2025年度单位预算公开", "2025-06-10",
            '<p>根据预算公开要求，现将阳泉市12315投诉举报中心2025年度单位预算公开如下。</p>'
            '<p>附件：<a href="./P020250610512345678901.pdf">阳泉市12315投诉举报中心2025年度单位预算公开.pdf</a></p>',
            source_unit="阳泉市市场监督管理局", column=column,
        )
    )
    site.file(FileSpec(root + "202506/P020250610512345678901.pdf", "000-office.pdf", republished_source="000-reportlab.pdf"))
    site.article(
        Article(
            root + "202506/t20250605_1002.shtml", "阳泉市市场监督管理局关于开展2025年食品安全抽检工作的通知", "2025-06-05",
            '<p>各县区市场监督管理局：</p><p><a href="./P020250605600000000001.pdf">抽检工作方案.pdf</a></p>',
            source_unit="阳泉市市场监督管理局", column=column,
        )
    )
    site.file(FileSpec(root + "202506/P020250605600000000001.pdf", "000-reportlab.pdf"))
    site.article(
        Article(
            root + "202406/t20240612_0901.shtml", "2024年度阳泉市12315投诉举报中心单位预算公开", "2024-06-12",
            '<p>请在线阅读：<a href="/pdfjs/web/viewer.html?file=/yq/xxgk/czyjs/202406/P020240612555000000001.pdf">'
            "2024年度单位预算公开（在线阅读）</a></p>",
            source_unit="阳泉市市场监督管理局", column=column,
        )
    )
    site.file(FileSpec(root + "202406/P020240612555000000001.pdf", "000-2024-office.pdf", fail_first=1))
    site.article(
        Article(
            "/yq/xxgk/private/t20250530_7.shtml", "阳泉市12315投诉举报中心2025年度单位预算公开（内部稿）", "2025-05-30",
            '<p><a href="/yq/xxgk/private/draft.pdf">内部稿.pdf</a></p>', column=column,
        )
    )
    site.file(FileSpec("/yq/xxgk/private/draft.pdf", "000-reportlab.pdf"))


def _trs_one_based(site: Site) -> None:
    """阳泉财政局 style: list.shtml, list_2.shtml …, the six-argument one-based createPageHTML."""
    root = "/yq/czj/yjsgk/"
    pages = {
        1: [("【2025】阳泉市12315投诉举报中心预算公开", "/yq/czj/yjsgk/art/2025/0612/c1.shtml", "2025-06-12")],
        2: [("阳泉市财政局2024年度部门决算（本级）", "/yq/czj/yjsgk/art/2025/0801/c2.shtml", "2025-08-01")],
    }
    total_pages = 4  # pages 3 and 4 are stubs
    for number in range(1, total_pages + 1):
        name = "list.shtml" if number == 1 else f"list_{number}.shtml"
        rows = pages.get(number, [])
        if not rows:
            site.page(root + name, _stub_page())
            continue
        trs = "".join(
            f'<tr><td class="bt"><a href="{href}">{escape(title)}</a></td><td class="rq">[{date}]</td></tr>'
            for title, href, date in rows
        )
        site.page(
            root + name,
            '<!DOCTYPE html><html><head><meta charset="utf-8"><title>预决算公开</title></head><body>'
            f'<table class="newslist">{trs}</table><div id="page_div"></div>'
            f"<script>createPageHTML('page_div', {total_pages}, {number}, 'list', 'shtml', 7);</script></body></html>",
        )
    column = "预决算公开"
    site.article(
        Article(
            root + "art/2025/0612/c1.shtml", "【2025】阳泉市12315投诉举报中心预算公开", "2025-06-12",
            '<p>全文如下：</p><iframe src="/yq/czj/uploads/2025/yq12315-ys.pdf" width="100%" height="800"></iframe>',
            source_unit="阳泉市12315投诉举报中心", column=column, meta_tags=False,
        )
    )
    site.file(FileSpec("/yq/czj/uploads/2025/yq12315-ys.pdf", "000-office.pdf"))
    site.article(
        Article(
            root + "art/2025/0801/c2.shtml", "阳泉市财政局2024年度部门决算（本级）", "2025-08-01",
            '<p>决算报表：<span class="down" onclick="window.open(\'/yq/czj/uploads/2025/czj-2024-js.xlsx\')">点击下载</span></p>',
            source_unit="阳泉市财政局", column=column, meta_tags=False,
        )
    )
    site.file(FileSpec("/yq/czj/uploads/2025/czj-2024-js.xlsx", "xlsx:003"))


HANWEB_COLUMN, HANWEB_UNIT, HANWEB_WEB = 2701, 8251, 74


def hanweb_records() -> list[tuple[str, str, str]]:
    """(title, article path, date) of column 2701, newest first; 12 records, perpage 3."""
    noise = [
        "阳城县政务服务中心开展“学雷锋”志愿服务活动",
        "阳城县召开2025年政务服务工作推进会",
        "阳城县政务服务中心窗口工作人员业务培训",
        "阳城县“一枚印章管审批”改革工作动态",
        "阳城县政务服务中心开展安全生产检查",
        "关于阳城县政务服务中心2025年预算编制工作的通知",
        "阳城县政务服务中心党支部开展主题党日活动",
        "阳城县12345热线2025年第一季度工作通报",
        "阳城县政务服务中心优化营商环境工作简报",
        "阳城县政务服务中心开展政务公开日活动",
    ]
    records = [(title, f"/art/2025/5/{20 - i}/art_{HANWEB_COLUMN}_{60000 + i}.html", f"2025-05-{20 - i:02d}") for i, title in enumerate(noise)]
    records.insert(1, ("阳城县政务服务中心2025年度单位预算公开", f"/art/2025/6/16/art_{HANWEB_COLUMN}_50001.html", "2025-06-16"))
    records.insert(10, ("2025年单位预算公开", f"/art/2025/6/18/art_{HANWEB_COLUMN}_50002.html", "2025-06-18"))
    return records


def hanweb_record_xml(title: str, path: str, date: str) -> str:
    return (
        f'<record><![CDATA[<li class="clearfix"><a href="{path}" title="{escape(title)}" target="_blank">'
        f"{escape(title)}</a><span>{date}</span></li>]]></record>"
    )


def nextgroup_link(proxy: str, webid: int, columnid: int, unitid: int, webname: str) -> str:
    """The link a jpage column carries in ``<nextgroup>``: its proxy and its ids (webname as sites encode it)."""
    return (
        f'<a href="{proxy}?page=1&appid=1&webid={webid}&path=/&columnid={columnid}&unitid={unitid}'
        f'&webname={webname}&permissiontype=0"></a>'
    )


def _hanweb(site: Site) -> None:
    """大汉 jpage: first record group embedded in the column page, the rest via dataproxy.jsp."""
    records = hanweb_records()
    perpage, group = 3, 9
    embedded = "".join(hanweb_record_xml(*r) for r in records[:group])
    nextgroup = nextgroup_link("/module/web/jpage/dataproxy.jsp", HANWEB_WEB, HANWEB_COLUMN, HANWEB_UNIT, "%E9%98%B3%E5%9F%8E%E5%8E%BF")
    site.page(
        f"/col/col{HANWEB_COLUMN}/index.html",
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>预决算公开 阳城县人民政府</title></head><body>'
        f'<div class="bt-position">当前位置：<a href="/">首页</a> &gt; <a href="/col/col{HANWEB_COLUMN}/index.html">预决算公开</a></div>'
        f'<div id="{HANWEB_UNIT}"><script type="text/xml"><datastore><nextgroup><![CDATA[{nextgroup}]]></nextgroup>'
        f"<recordset>{embedded}</recordset></datastore></script>"
        f'<script language="javascript" src="/module/web/jpage/jpage.js"></script>'
        f"<script>$(document).ready(function(){{ $('#{HANWEB_UNIT}').jpage({{dataStore: dataStore, "
        f"perPage: {perpage}, totalRecord: {len(records)}, groupSize: 3, proxyUrl: '/module/web/jpage/dataproxy.jsp', "
        f"dataBefore: '<ul>', dataAfter: '</ul>'}}); }});</script></div></body></html>",
    )
    column = "预决算公开"
    for title, path, date in records:
        body = "<p>" + escape(title) + "。</p>"
        source = "阳城县政务服务中心"
        if path.endswith("50001.html"):
            body += (
                '<p>附件：<a href="/module/download/downfile.jsp?classid=0&filename=5f3c9a1e0b7d4c2a8e6f1d3b5a7c9e0f.pdf">'
                "阳城县政务服务中心2025年度单位预算公开.pdf</a></p>"
            )
        elif path.endswith("50002.html"):
            source = "阳城县行政审批服务管理局"
            body += '<p>附件：<a href="/module/download/downfile.jsp?classid=0&filename=9a8b7c6d5e4f30211203948576abcdef.zip">预算公开文件（打包下载）</a></p>'
        else:
            body += '<p><a href="/module/download/downfile.jsp?classid=0&filename=00000000000000000000000000000000.pdf">活动附件.pdf</a></p>'
        site.article(Article(path, title, date, body, source_unit=source, column=column))
    site.file(
        FileSpec(
            "/attach/0/5f3c9a1e0b7d4c2a8e6f1d3b5a7c9e0f.pdf", "004-office.pdf",
            disposition=_raw("阳城县政务服务中心2025年度单位预算公开.pdf", GBK),
        )
    )
    site.file(
        FileSpec(
            "/attach/0/9a8b7c6d5e4f30211203948576abcdef.zip", "zip:004-reportlab.pdf",
            disposition=_rfc5987("阳城县行政审批服务管理局2025年单位预算.zip"),
        )
    )
    site.file(FileSpec("/attach/0/00000000000000000000000000000000.pdf", "002-reportlab.pdf"))


HANWEB_OLD_COLUMN, HANWEB_OLD_UNIT, HANWEB_OLD_WEB, HANWEB_OLD_PERPAGE = 1811, 4101, 3, 2
HANWEB_OLD_PROXY = "/module/jpage/dataproxy.jsp"


def hanweb_old_records() -> list[tuple[str, str, str]]:
    """(title, article path, date) of an older jpage column: pages of 2 served by ``GET ?page=``."""
    titles = [
        ("固原市财政局开展预算绩效管理培训", "2025-07-09"),
        ("固原市财政局2025年第二季度工作简报", "2025-07-02"),
        ("固原市“12345”便民服务中心2025年部门预算（报表）", "2025-06-25"),
        ("固原市财政局关于做好2026年预算编制工作的通知", "2025-06-20"),
        ("山西省政务服务投诉举报中心2024年度单位决算（镜像）", "2025-06-12"),
    ]
    return [(t, f"/art/2025/6/1/art_{HANWEB_OLD_COLUMN}_{70000 + i}.html", d) for i, (t, d) in enumerate(titles)]


def _hanweb_old(site: Site) -> None:
    """An older 大汉 column: proxy under /module/jpage/, later pages by GET ?page=N (no POST form)."""
    records = hanweb_old_records()
    embedded = "".join(hanweb_record_xml(*r) for r in records[:HANWEB_OLD_PERPAGE])
    nextgroup = nextgroup_link(HANWEB_OLD_PROXY, HANWEB_OLD_WEB, HANWEB_OLD_COLUMN, HANWEB_OLD_UNIT, "%25E5%259B%25BA%25E5%258E%259F")
    site.page(
        f"/col/col{HANWEB_OLD_COLUMN}/index.html",
        '<html><head><meta charset="utf-8"><title>财政预决算 固原市财政局</title></head><body>'
        f'<table><tr><td><div id="{HANWEB_OLD_UNIT}"><script type="text/xml"><datastore><nextgroup><![CDATA[{nextgroup}]]>'
        f"</nextgroup><recordset>{embedded}</recordset></datastore></script>"
        '<script language="javascript" src="/module/jpage/jpage.js"></script>'
        f"<script>var pageObj = new JPage('{HANWEB_OLD_UNIT}', dataStore); pageObj.showPage();</script></div></td></tr></table>"
        "</body></html>",
    )
    files = {2: ("/picture/0/12345-ys-bb.pdf", "002-reportlab.pdf"), 4: ("/picture/0/sx-js-mirror.pdf", "003-reportlab.pdf")}
    for index, (title, path, date) in enumerate(records):
        body = f"<p>{escape(title)}。</p>"
        if index in files:
            body += f'<p>附件：<a href="{files[index][0]}">{escape(title)}.pdf</a></p>'
            site.file(FileSpec(*files[index]))
        site.article(Article(path, title, date, body, source_unit="固原市财政局", column="财政预决算"))


def hanweb_old_page(page: int) -> bytes:
    """What the older proxy answers to ``GET ?page=N``: one page of records and the page count."""
    records = hanweb_old_records()
    size = HANWEB_OLD_PERPAGE
    chunk = "".join(hanweb_record_xml(*r) for r in records[(page - 1) * size : page * size])
    body = (
        f"<datastore><nextgroup><![CDATA[]]></nextgroup><totalrecord>{len(records)}</totalrecord>"
        f"<totalpage>{-(-len(records) // size)}</totalpage><recordset>{chunk}</recordset></datastore>"
    )
    return body.encode("utf-8")


def _json_api(site: Site) -> None:
    """山西 bmp_pub style: a JS app shell plus a paged JSON list API behind a cookie gate."""
    site.page(
        "/bmp_pub/index_gfa.html",
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>山西省预决算公开统一平台</title></head>'
        '<body><div id="app"></div><script>window._CONFIG = {api: "/bmp_pub/api/disclosures"};</script>'
        '<script src="/bmp_pub/static/app.js"></script></body></html>',
    )
    records = [
        {
            "title": "山西省政务服务投诉举报中心2024年度单位决算公开",
            "unitName": "山西省政务服务投诉举报中心",
            "publishDate": "2025-08-20 10:00:00",
            "url": "/bmp_pub/detail/229103-2024-js.html",
            "attachments": [{"fileName": "单位决算公开.pdf", "filePath": "/bmp_pub/files/2025/08/P020250820229103.pdf"}],
        },
        {
            "title": "关于做好2025年度预决算公开工作的通知",
            "unitName": "山西省财政厅",
            "publishDate": "2025-03-01 09:00:00",
            "url": "/bmp_pub/detail/notice-2025.html",
            "attachments": [{"fileName": "通知.pdf", "filePath": "/bmp_pub/files/2025/03/notice.pdf"}],
        },
        {
            "title": "阳城县政务服务中心2025年度单位预算公开",
            "unitName": "阳城县政务服务中心",
            "publishDate": "2025-06-20 10:00:00",
            "url": "/bmp_pub/detail/yc-2025-ys.html",
            "attachments": [{"fileName": "阳城县政务服务中心2025年度单位预算公开.pdf", "filePath": "/bmp_pub/files/2025/06/P020250620140522.pdf"}],
        },
    ]
    size = 2
    for page in range(1, 3):
        chunk = records[(page - 1) * size : page * size]
        body = {"code": 0, "total": len(records), "page": page, "pageSize": size, "pages": 2, "data": {"rows": chunk}}
        site.page(f"/bmp_pub/api/disclosures?page={page}", json.dumps(body, ensure_ascii=False), content_type="application/json")
    site.file(
        FileSpec(
            "/bmp_pub/files/2025/08/P020250820229103.pdf", "003-office.pdf",
            disposition=_rfc5987("山西省政务服务投诉举报中心2024年度单位决算公开.pdf"),
        )
    )
    site.file(FileSpec("/bmp_pub/files/2025/03/notice.pdf", "003-reportlab.pdf"))
    # the same bytes the Hanweb portal serves under /attach/0/…: stored once, two URLs
    site.file(FileSpec("/bmp_pub/files/2025/06/P020250620140522.pdf", "004-office.pdf"))


def _generic_gbk(site: Site) -> None:
    """固原 style: a GB2312 list page with plain links and a 下一页 link; faulty attachments."""
    root = "/gy/zwgk/czgk/"
    entries = [
        ("固原市“12345”便民服务中心2025年部门预算", "t20250218_2001.html", "2025-02-18"),
        ("固原市信访局2025年部门预算", "t20250219_2002.html", "2025-02-19"),
        ("固原市信访局2024年部门决算", "t20250820_2003.html", "2025-08-20"),
        ("固原市人民政府办公室2025年部门预算", "t20250221_2004.html", "2025-02-21"),
        ("固原市开展财政资金监管专项检查", "t20250301_2005.html", "2025-03-01"),
    ]
    links = "".join(f'<p><a href="{href}">{escape(title)}</a> {date}</p>' for title, href, date in entries)
    site.page(
        root + "list.html",
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>财政公开</title></head>'
        f'<body><div class="main">{links}</div><div class="page"><a href="list_1.html">下一页</a></div></body></html>',
        GBK,
    )
    site.page(
        root + "list_1.html",
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>财政公开</title></head>'
        '<body><div class="main"><p><a href="t20241108_1999.html">固原市财政局召开2024年度工作总结会</a> 2024-11-08</p></div>'
        '<div class="page"><a href="list.html">上一页</a></div></body></html>',
        GBK,
    )
    column = "财政信息公开"
    attachments = {
        "t20250218_2001.html": '<a href="/gy/upload/2025/gy12345-ys.pdf">固原市“12345”便民服务中心2025年部门预算.pdf</a>',
        "t20250219_2002.html": '<a href="/gy/upload/2025/xfj-ys.pdf">固原市信访局2025年部门预算.pdf</a>',
        "t20250820_2003.html": '<a href="/gy/upload/2025/xfj-js.pdf">固原市信访局2024年部门决算.pdf</a>',
        "t20250221_2004.html": '<a href="/gy/upload/loop/a.pdf">固原市人民政府办公室2025年部门预算.pdf</a>',
        "t20250301_2005.html": "<p>检查工作正在进行。</p>",
    }
    for title, href, date in entries:
        site.article(
            Article(
                root + href, title, date, f"<p>{escape(title)}</p><p>附件：{attachments[href]}</p>",
                source_unit="固原市财政局", column=column, encoding=GBK, meta_tags=False,
                slow=1.0 if href == "t20250218_2001.html" else 0.0,
            )
        )
    site.article(
        Article(root + "t20241108_1999.html", "固原市财政局召开2024年度工作总结会", "2024-11-08", "<p>会议内容。</p>",
                column=column, encoding=GBK, meta_tags=False)
    )
    site.file(
        FileSpec("/gy/upload/2025/gy12345-ys.pdf", "002-office.pdf",
                 disposition=_raw("固原市“12345”便民服务中心2025年部门预算.pdf", "utf-8"))
    )
    site.file(FileSpec("/gy/upload/2025/xfj-ys.pdf", "html-error"))
    site.file(FileSpec("/gy/upload/2025/xfj-js.pdf", "truncated:002-reportlab.pdf"))
