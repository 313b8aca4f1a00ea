"""Reading a static list's pager: how many pages there are and what the others are called.

TRS WCM (and many sites copying it) write the pager with JavaScript. The shapes met:

- ``createPageHTML(count, current, "index", "shtml")``: 0-based current, page 2 is ``index_1``;
- ``createPageHTML('page_div', count, current, 'index', 'shtml', total)``: 1-based, page 2 is
  ``index_1`` on some sites and ``index_2`` on others;
- arguments as variables (``createPageHTML(countPage, currentPage, …)``), numbers in quotes;
- no call at all, only ``var countPage = 12`` / ``nPageCount`` / ``nCurrIndex`` / ``sPageName``;
- the page also carrying the function's own definition ``function createPageHTML(_nPageCount, …)``,
  which is not a call and must be skipped;
- static numbered links (``index_7.html``, 尾页), which name the pages but may not count them.

A read pager gives the page count and the file naming. Which suffix page 2 carries is not
decided here: the TRS spider walks ``_1 … _count`` passing over one 404 (see
``govbudget.spiders.families.trs``), unless the registry fixes ``first_suffix``; without
a count it probes the same walk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

PAGE_EXTENSIONS = ("shtml", "html", "htm", "jhtml", "jsp", "php", "asp", "aspx")
_CALL = re.compile(r"(?P<define>function\s+)?(?<![\w.$])createPageHTML\s*\((?P<args>[^()]*)\)", re.I)  # …Html too
_COUNT_VARS = ("countPage", "nPageCount", "pageCount", "totalPage", "totalPages", "PAGE_COUNT", "maxPage")
_NAME_VARS = ("sPageName", "pageName")
_EXT_VARS = ("sPageExt", "pageExt")
_STEM = re.compile(r"^(?P<prefix>[A-Za-z][\w-]*?)(?:_(?P<n>\d+))?\.(?P<ext>[A-Za-z]+)$")


@dataclass(frozen=True)
class Naming:
    """How a list's pages are named: ``{prefix}.{ext}``, then ``{prefix}_{n}.{ext}``."""

    prefix: str
    ext: str

    def name(self, suffix: int) -> str:
        return f"{self.prefix}.{self.ext}" if suffix == 0 else f"{self.prefix}_{suffix}.{self.ext}"


@dataclass(frozen=True)
class Pager:
    count: int | None  # pages in the list; None when the page names them without counting
    naming: Naming | None  # None: take it from the page's URL
    source: str  # "call" | "vars" | "links"


def read_pager(html: str) -> Pager | None:
    """The page's pager, from a ``createPageHTML`` call, pager variables or numbered links."""
    return _from_call(html) or _from_vars(html) or _from_links(html)


def url_naming(url: str, default_ext: str = "html") -> Naming:
    """The naming a list URL implies: ``…/list_3.htm`` → list/htm; ``…/col/`` → index/<default_ext>."""
    last = urlsplit(url).path.rsplit("/", 1)[-1]
    match = _STEM.match(last)
    if match and match.group("ext").lower() in PAGE_EXTENSIONS:
        return Naming(match.group("prefix"), match.group("ext"))
    return Naming("index", default_ext)


def page_suffix(url: str) -> int:
    """0 for a list's first page (``index.shtml``, ``…/``), n for ``index_n.shtml``."""
    match = _STEM.match(urlsplit(url).path.rsplit("/", 1)[-1])
    return int(match.group("n")) if match and match.group("n") else 0


def _from_call(html: str) -> Pager | None:
    variables = _numeric_vars(html)
    for match in _CALL.finditer(html):
        if match.group("define"):
            continue  # the pager function's own definition
        args = [a.strip() for a in match.group("args").split(",") if a.strip()]
        numbers = [n for n in (_number(a, variables) for a in args) if n is not None]
        strings = [_unquote(a) for a in args if _is_string(a) and _number(a, variables) is None]
        naming = _naming_from_strings(strings)
        if len(numbers) >= 2:
            return Pager(numbers[0], naming, "call")  # (count, current, …): current is not needed to walk
    return None


def _from_vars(html: str) -> Pager | None:
    variables = _numeric_vars(html)
    count = next((variables[v] for v in _COUNT_VARS if v in variables), None)
    if count is None:
        return None
    prefix = next((s for v in _NAME_VARS if (s := _string_var(html, v))), None)
    ext = next((s for v in _EXT_VARS if (s := _string_var(html, v))), None)
    return Pager(count, Naming(prefix, ext.lstrip(".")) if prefix and ext else None, "vars")


def _from_links(html: str) -> Pager | None:
    """Static numbered links (``index_7.shtml``): the naming, never a count (windows of 10 are common)."""
    names = re.findall(r"""href\s*=\s*["']?(?:\./)?([A-Za-z][\w-]*?)_(\d+)\.([A-Za-z]+)["'\s>]""", html)
    names = [(p, e) for p, _, e in names if e.lower() in PAGE_EXTENSIONS]
    if not names:
        return None
    prefix, ext = max(set(names), key=names.count)
    return Pager(None, Naming(prefix, ext), "links")


def _numeric_vars(html: str) -> dict[str, int]:
    """``var x = 12`` / ``x = "12"`` assignments (the last one wins, as in the browser)."""
    found: dict[str, int] = {}
    for name, value in re.findall(r"""(?<![\w.$])([A-Za-z_$][\w$]*)\s*(?<![=!<>])=(?!=)\s*["']?(\d+)["']?\s*[;,\n/]""", html):
        found[name] = int(value)
    return found


def _string_var(html: str, name: str) -> str | None:
    match = re.search(rf"""(?<![\w.$]){name}\s*=\s*["']([\w.-]+)["']""", html)
    return match.group(1) if match else None


def _naming_from_strings(strings: list[str]) -> Naming | None:
    """The extension argument and the name before it; a leading div id is neither."""
    for i, value in enumerate(strings):
        if value.lower().lstrip(".") in PAGE_EXTENSIONS and i > 0:
            return Naming(strings[i - 1], value.lstrip("."))
    return None


def _number(arg: str, variables: dict[str, int]) -> int | None:
    value = _unquote(arg)
    if value.isdigit():
        return int(value)
    if re.fullmatch(r"[A-Za-z_$][\w$]*", arg):
        return variables.get(arg)
    return None


def _is_string(arg: str) -> bool:
    return len(arg) >= 2 and arg[0] == arg[-1] and arg[0] in "'\""


def _unquote(arg: str) -> str:
    return arg[1:-1] if _is_string(arg) else arg


def common_extension(urls: list[str], default: str = "html") -> str:
    """The page extension most of ``urls`` end with (a site's articles and lists share it)."""
    exts = [m.group(1).lower() for u in urls if (m := re.search(r"\.([A-Za-z]+)$", urlsplit(u).path))]
    exts = [e for e in exts if e in PAGE_EXTENSIONS]
    return max(set(exts), key=exts.count) if exts else default
