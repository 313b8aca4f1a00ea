"""A department's budget as numbers, rolled up the way disclosures print it.

Amounts are drawn once per 项 subject (basic / project, general budget or
government funds) from a seeded generator and printed in the document's unit;
every 款, 类 and total is the sum of the printed figures below it, so the
document's own identities hold exactly (as the checks expect).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

NAMES = {
    "205": "教育支出", "20501": "教育管理事务", "2050101": "行政运行", "2050102": "一般行政管理事务",
    "2050199": "其他教育管理事务支出", "20502": "普通教育", "2050201": "学前教育", "2050202": "小学教育",
    "2050203": "初中教育", "2050204": "高中教育", "2050205": "高等教育", "2050299": "其他普通教育支出",
    "20503": "职业教育", "2050302": "中等职业教育", "2050305": "高等职业教育", "20508": "进修及培训",
    "2050801": "教师进修", "2050802": "干部教育", "20599": "其他教育支出", "2059999": "其他教育支出",
    "208": "社会保障和就业支出", "20805": "行政事业单位养老支出", "2080501": "行政单位离退休",
    "2080502": "事业单位离退休", "2080505": "机关事业单位基本养老保险缴费支出",
    "2080506": "机关事业单位职业年金缴费支出", "210": "卫生健康支出", "21001": "卫生健康管理事务",
    "2100101": "行政运行", "2100102": "一般行政管理事务", "2100199": "其他卫生健康管理事务支出",
    "21003": "基层医疗卫生机构", "2100301": "城市社区卫生机构", "2100302": "乡镇卫生院",
    "21004": "公共卫生", "2100401": "疾病预防控制机构", "2100403": "妇幼保健机构",
    "2100408": "基本公共卫生服务", "2100409": "重大公共卫生服务", "21007": "计划生育事务",
    "2100717": "计划生育服务", "21011": "行政事业单位医疗", "2101101": "行政单位医疗",
    "2101102": "事业单位医疗", "2101103": "公务员医疗补助", "221": "住房保障支出",
    "22102": "住房改革支出", "2210201": "住房公积金", "2210203": "购房补贴", "229": "其他支出",
    "22960": "彩票公益金安排的支出", "2296004": "用于教育事业的彩票公益金支出",
    "2296006": "用于残疾人事业的彩票公益金支出",
}

ECONOMIC = {
    "301": "工资福利支出", "30101": "基本工资", "30102": "津贴补贴", "30103": "奖金", "30107": "绩效工资",
    "30108": "机关事业单位基本养老保险缴费", "30109": "职业年金缴费", "30113": "住房公积金",
    "302": "商品和服务支出", "30201": "办公费", "30205": "水费", "30206": "电费", "30211": "差旅费",
    "30217": "公务接待费", "30228": "工会经费", "30231": "公务用车运行维护费",
    "303": "对个人和家庭的补助", "30302": "退休费", "30305": "生活补助",
}
PERSONNEL_CLASSES = ("301", "303")


@dataclass
class Subject:
    code: str
    basic: Decimal = Decimal(0)
    project: Decimal = Decimal(0)
    fund: str = "general"  # general | gov_fund

    @property
    def name(self) -> str:
        return NAMES[self.code]

    @property
    def total(self) -> Decimal:
        return self.basic + self.project


@dataclass
class Budget:
    """Printed figures of one department: subjects, economic items, 三公, income."""

    subjects: list[Subject]
    economic: dict[str, Decimal]  # 款-level economic code → basic expenditure
    three_public: dict[str, Decimal]  # outbound_travel, vehicle.purchase, vehicle.operation, reception
    carryover: Decimal
    units: list[tuple[str, str, Decimal]] = field(default_factory=list)  # unit code, name, share

    def rollup(self, fund: str | None = None) -> list[Subject]:
        """类, 款 and 项 rows in print order, each 类/款 the sum of its children."""
        leaves = [s for s in self.subjects if fund in (None, s.fund)]
        rows: dict[str, Subject] = {}
        for leaf in sorted(leaves, key=lambda s: s.code):
            for code in (leaf.code[:3], leaf.code[:5], leaf.code):
                row = rows.setdefault(code, Subject(code, fund=leaf.fund))
                row.basic += leaf.basic
                row.project += leaf.project
        return list(rows.values())

    def total(self, fund: str | None = None, part: str = "total") -> Decimal:
        return sum((getattr(s, part) for s in self.subjects if fund in (None, s.fund)), Decimal(0))

    @property
    def personnel(self) -> Decimal:
        return sum((v for k, v in self.economic.items() if k[:3] in PERSONNEL_CLASSES), Decimal(0))

    @property
    def public(self) -> Decimal:
        return sum((v for k, v in self.economic.items() if k[:3] not in PERSONNEL_CLASSES), Decimal(0))


def draw_budget(seed: int, codes: list[str], gov_fund_codes: list[str], scale: Decimal) -> Budget:
    """Amounts in the printed unit: ``scale`` is the order of magnitude of a 项 figure."""
    rng = random.Random(seed)

    def amount(low: float, high: float) -> Decimal:
        return (Decimal(rng.uniform(low, high)) * scale).quantize(Decimal("0.01"))

    subjects = []
    for code in codes:
        basic = amount(0.5, 3) if code.endswith(("01", "05", "06")) or code.startswith(("208", "210", "221")) else Decimal(0)
        project = amount(0.2, 5) if not code.startswith(("208", "221")) else Decimal(0)
        subjects.append(Subject(code, basic, project))
    subjects += [Subject(code, Decimal(0), amount(0.1, 1), "gov_fund") for code in gov_fund_codes]
    basic = sum((s.basic for s in subjects), Decimal(0))
    economic = _split_basic(basic, rng)
    reception = (economic["30217"] * Decimal("0.8")).quantize(Decimal("0.01"))
    operation = (economic["30231"] * Decimal("0.9")).quantize(Decimal("0.01"))
    three = {"outbound_travel": Decimal(0), "vehicle.purchase": amount(0.05, 0.2),
             "vehicle.operation": operation, "reception": reception}
    return Budget(subjects, economic, three, carryover=amount(0.3, 1.2))


def _split_basic(basic: Decimal, rng: random.Random) -> dict[str, Decimal]:
    """The basic total over economic items; the remainder on 基本工资 keeps it exact."""
    codes = [c for c in ECONOMIC if len(c) == 5]
    weights = {c: Decimal(rng.uniform(0.2, 1.0)) * (4 if c.startswith("301") else 1) for c in codes}
    total_weight = sum(weights.values())
    parts = {c: (basic * w / total_weight).quantize(Decimal("0.01")) for c, w in weights.items()}
    parts["30101"] += basic - sum(parts.values())
    return parts
