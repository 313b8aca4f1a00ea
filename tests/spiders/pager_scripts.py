"""Generated TRS-style pager scripts: every shape the paging reader must understand.

Each case is (description, html, expected count, expected naming or None). The shapes
are the ones documented in govbudget.spiders.paging, combined with and without the
pager function's own definition on the page, numbers bare or quoted, and arguments
passed as literals or as variables.
"""

from __future__ import annotations

from itertools import product

# A page that defines the pager itself before calling it (common on real sites).
DEFINITION = """<script type="text/javascript">
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
  if(_nPageCount == null || _nPageCount <= 1){ return; }
  var nCurrIndex = _nCurrIndex || 0;
  if(nCurrIndex == 0){ document.write("<span>首页</span>"); }
  else { document.write("<a href=\\"" + _sPageName + "." + _sPageExt + "\\">首页</a>"); }
  if(nCurrIndex + 1 < _nPageCount){
    document.write("<a href=\\"" + _sPageName + "_" + (nCurrIndex + 1) + "." + _sPageExt + "\\">下一页</a>");
  }
}
</script>
"""
NAMINGS = (("index", "shtml"), ("list", "html"), ("index", "htm"))
COUNTS = (1, 2, 5, 37)


def _q(value, quoted: bool) -> str:
    return f'"{value}"' if quoted else str(value)


def calls(count: int, prefix: str, ext: str, quoted: bool):
    """(description, script) for one pager state, every call and variable shape."""
    yield "4-arg, 0-based", f'createPageHTML({_q(count, quoted)}, {_q(0, quoted)}, "{prefix}", "{ext}");'
    yield "4-arg, createPageHtml spelling", f'document.write(createPageHtml({_q(count, quoted)},{_q(0, quoted)},"{prefix}","{ext}"));'
    yield "6-arg with div id, 1-based", (
        f"createPageHTML('page_div', {_q(count, quoted)}, {_q(1, quoted)}, '{prefix}', '{ext}', {count * 15});"
    )
    yield "4-arg with variables", (
        f"var countPage = {_q(count, quoted)};//共多少页\nvar currentPage = 0;//所在页从0开始\n"
        f'createPageHTML(countPage, currentPage, "{prefix}", "{ext}");'
    )
    yield "classic countPage variables, no call", (
        f"var currentPage = 0;\nvar prevPage = currentPage-1\nvar nextPage = currentPage+1\nvar countPage = {_q(count, quoted)}\n"
    )
    yield "nPageCount/sPageName variables, no call", (
        f'var nCurrIndex = 0;\nvar nPageCount = {_q(count, quoted)};\nvar sPageName = "{prefix}";\nvar sPageExt = "{ext}";\n'
    )


def cases():
    for count, (prefix, ext), quoted, defined in product(COUNTS, NAMINGS, (False, True), (False, True)):
        for shape, script in calls(count, prefix, ext, quoted):
            html = f"<html><body><ul><li><a href='./t1.shtml'>x</a></li></ul>{DEFINITION if defined else ''}<script>{script}</script></body></html>"
            naming = None if shape == "classic countPage variables, no call" else (prefix, ext)
            description = f"{shape}, {count} pages, {prefix}.{ext}{', quoted' if quoted else ''}{', with definition' if defined else ''}"
            yield description, html, count, naming
