"""Performance forms as different tools print them: one disclosure, several renderings.

The corpus's project performance forms (绩效目标表, 绩效自评表) and a 部门整体绩效目标表
are printed by each of :data:`TOOLS`: full- or half-width brackets and colons, spaces
inside labels (``项 目 名 称``, ``市县(区) 财政资金``), labels wrapped inside narrow cells,
other wording of the funds block (``其中：年度资金总额``, ``预算期资金总额``). The content
is the same in every rendering, so their parses must give identical records:
``govbudget changes`` between any two finds nothing.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from functools import lru_cache

from govbudget.parsers.api import parse_pdf
from govbudget.schema import ParseResult
from govbudget.schema.amounts import is_numeric_text
from testkit.truth_tables import truth
from testkit.variants.renderer import Layout, render

# (doc, table ids) of the corpus forms
FORMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("000", ("t13", "t14", "t15", "t16", "t17")),
    ("002", ("t07", "t08")),
    ("003", ("t10",)),
    ("004", ("t13", "t14", "t15", "t16", "t17", "t18", "t19", "t20")),
)
_HALF = str.maketrans("（）：；，【】", "():;,[]")
_FULL = str.maketrans("():;", "（）：；")


def _labels(transform: Callable[[str], str]) -> Callable[[str], str]:
    """``transform`` applied to label cells only: figures stay as printed."""
    return lambda text: text if not text or is_numeric_text(text) else transform(text)


def _spaced(text: str) -> str:
    if len(text) <= 4 and re.fullmatch(r"[\u4e00-\u9fff]+", text):
        return " ".join(text)  # 项 目 名 称
    return re.sub(r"([:：)）])(?=\S)", r"\1 ", text)  # 其中: 中央财政资金, 市县(区) 财政资金


_WORDING = (
    (re.compile(r"^实施期资金总额[:：]?$"), "预算期资金总额"),
    (re.compile(r"^年度资金总额[:：]?$"), "其中：年度资金总额"),
    (re.compile(r"^其中[:：]\s*中央财政资金$"), "中央财政资金"),
    (re.compile(r"^市县[(（]区[)）]财政资金$"), "市县（区）财政资金"),
)


def _reworded(text: str) -> str:
    for pattern, wording in _WORDING:
        if pattern.match(text.strip()):
            return wording
    return text


# tool → (cell transform, render options)
TOOLS: dict[str, tuple[Callable[[str], str], dict]] = {
    "office": (lambda text: text, {"wrap_body": 16}),
    "halfwidth": (_labels(lambda t: t.translate(_HALF)), {"wrap_body": 16}),
    "fullwidth": (_labels(lambda t: t.translate(_FULL)), {"wrap_body": 16}),
    "spaced": (_labels(_spaced), {"wrap_body": 16}),
    "wrapped": (lambda text: text, {"wrap_body": 5}),
    "reworded": (_labels(_reworded), {"wrap_body": 16}),
}


def overall_form() -> dict:
    """A 部门整体绩效目标表 with a responsibilities paragraph, a funds block by source and by
    nature, and indicators (the Shanxi template's shape)."""
    rows = [
        ["部门（单位）名称", "阳泉市12315投诉举报中心", "", "", ""],
        ["部门职责", "受理全市消费者咨询、投诉、举报；承担消费警示发布的具体工作；对相关信息进行汇总分析和分流处理，"
         "提供相关咨询服务；指导全市各级12315机构业务工作；接待来人来访、调解工作。", "", "", ""],
        ["年度部门整体支出预算（元）", "资金总额：", "1,946,300", "", ""],
        ["", "其中：一般公共预算", "1,946,300", "基本支出", "1,677,300"],
        ["", "政府性基金预算", "0", "项目支出", "269,000"],
        ["", "其他资金", "0", "", ""],
        ["年度总体目标", "保障中心正常运转，畅通消费维权渠道，提高消费者满意度。", "", "", ""],
        ["一级指标", "二级指标", "三级指标", "指标值", ""],
        ["产出指标", "数量指标", "受理投诉举报件数", "≥20000件", ""],
        ["", "质量指标", "按时办结率", "≥95%", ""],
        ["效益指标", "社会效益", "消费环境", "持续改善", ""],
        ["满意度指标", "服务对象满意度", "消费者满意度", "≥90%", ""],
        ["填报人：", "张三", "联系电话：", "03532021234", ""],
        ["填报日期：", "20250114181134", "", "", ""],
    ]
    merges = [[0, 1, 1, 4], [1, 1, 1, 4], [2, 0, 4, 1], [2, 3, 1, 2], [5, 3, 1, 2], [6, 1, 1, 4]]
    return {"type": "table", "kind": "overall_performance", "title": "2025年部门整体绩效目标表", "number": None,
            "unit": None, "subtitle": "(2025年度)", "header_rows": 0, "rows": rows, "merges": merges,
            "note": None, "empty": False}


def form_blocks() -> list[dict]:
    """The forms of the corpus and one overall form, each on its own page."""
    blocks = [{"type": "heading", "level": 1, "text": truth("000")["doc"]["title"]}]
    for doc, ids in FORMS:
        tables = {b.get("id"): b for b in truth(doc)["blocks"] if b["type"] == "table"}
        blocks += [copy.deepcopy(tables[i]) for i in ids]
    return blocks + [overall_form()]


def tool_blocks(tool: str) -> list[dict]:
    transform, options = TOOLS[tool]
    blocks = []
    for block in form_blocks():
        if block["type"] == "table":
            block = {**block, "rows": [[transform(text) for text in row] for row in block["rows"]],
                     "render": {"new_page": True, "keep_with_title": 200, **options}}
        blocks.append(block)
    return blocks


@lru_cache(maxsize=None)
def build(tool: str) -> bytes:
    """The forms as ``tool`` prints them."""
    return render(tool_blocks(tool), Layout())


@lru_cache(maxsize=None)
def parse(tool: str) -> ParseResult:
    return parse_pdf(build(tool), name=f"forms-{tool}.pdf")
