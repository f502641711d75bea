"""Tenant eligibility (二（一）): no home in the work district, a labour contract of a year or
more, three consecutive months of pension insurance or income tax through the employer — and
not holding local public rental housing (五（三）, HOUS-TENANT-EXIT).

The real-estate register's answer is an input with its source and date: the service does not
query the register, it records what the register said and when.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from govkit.calendar.periods import term_last_day
from govkit.rules import Decision, ParameterSet
from govkit.rules.evaluation import FAIL, PASS
from housing.domain.errors import HousingDomainError
from housing.domain.evaluation import HousingEvaluation
from housing.domain.parameters import CONTRACT_MIN_MONTHS, CONTRIBUTION_MIN_MONTHS

SUBJECT = "housing.tenant"


@dataclass(frozen=True, slots=True)
class RegisterAnswer:
    """不动产登记查询结果: whether the applicant and the spouse own housing in the work district."""

    source: str  # who answered, e.g. 温州市不动产登记服务中心
    checked_on: date
    applicant_owns: bool
    spouse_owns: bool | None  # None: no spouse


@dataclass(frozen=True, slots=True)
class LabourContract:
    employer_uscc: str
    employer_name: str
    starts_on: date
    term_months: int | None = None  # a fixed term in months …
    ends_on: date | None = None  # … or its last day; neither: open-ended (无固定期限)

    @property
    def open_ended(self) -> bool:
        return self.term_months is None and self.ends_on is None

    def last_day(self) -> date | None:
        if self.ends_on is not None:
            return self.ends_on
        if self.term_months is not None:
            return term_last_day(self.starts_on, self.term_months)
        return None


@dataclass(frozen=True, slots=True)
class TenantFacts:
    work_district: str
    married: bool
    register: RegisterAnswer
    contract: LabourContract
    pension_months: frozenset[date]  # first days of the months paid through the employer
    income_tax_months: frozenset[date]
    public_rental_housing: bool = False  # receives local public rental housing (公租房保障)


def _index(month: date) -> int:
    return month.year * 12 + month.month - 1


def _month(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@dataclass(frozen=True, slots=True)
class Run:
    length: int
    first: str | None  # YYYY-MM
    last: str | None


def longest_run(months: Iterable[date]) -> Run:
    """The longest run of consecutive calendar months (duplicates count once)."""
    indexes = sorted({_index(m) for m in months})
    best = Run(0, None, None)
    start = prev = None
    for i in indexes:
        if prev is None or i != prev + 1:
            start = i
        prev = i
        assert start is not None
        if i - start + 1 > best.length:
            best = Run(i - start + 1, _month(start), _month(i))
    return best


def _validate(facts: TenantFacts, as_of: date) -> None:
    if facts.married and facts.register.spouse_owns is None:
        raise HousingDomainError(
            None,
            "已婚申请人须提供配偶的不动产登记查询结果",
            "a married applicant's register answer must cover the spouse (spouse_owns)",
            {"pointer": "#/housing_register/spouse_owns"},
        )
    if not facts.married and facts.register.spouse_owns is not None:
        raise HousingDomainError(
            None,
            "未婚申请人不应有配偶的查询结果",
            "spouse_owns is given but the applicant is not married",
            {"pointer": "#/housing_register/spouse_owns"},
        )
    c = facts.contract
    if c.term_months is not None and c.ends_on is not None:
        raise HousingDomainError(
            None,
            "劳动合同期限与终止日期只能填写其一",
            "give term_months or ends_on, not both",
            {"pointer": "#/labour_contract/ends_on"},
        )
    if c.ends_on is not None and c.ends_on < c.starts_on:
        raise HousingDomainError(
            None,
            "劳动合同终止日期早于起始日期",
            "the labour contract ends before it starts",
            {"pointer": "#/labour_contract/ends_on"},
        )
    latest = _index(as_of)
    for name, months in (
        ("pension_months", facts.pension_months),
        ("income_tax_months", facts.income_tax_months),
    ):
        late = sorted(_month(_index(m)) for m in months if _index(m) > latest)
        if late:
            raise HousingDomainError(
                None,
                f"{name}含评估日之后的月份：{'、'.join(late)}",
                f"{name} lists months after the evaluation day: {', '.join(late)}",
                {"pointer": f"#/{name}"},
            )


def check_tenant(facts: TenantFacts, params: ParameterSet, as_of: date) -> Decision:
    """Every HOUS-TENANT-* finding for an applicant on `as_of` (the law's day)."""
    _validate(facts, as_of)
    ev = HousingEvaluation(params, as_of, facts.work_district)
    _no_home(ev, facts)
    contract_ok = _contract(ev, facts.contract)
    run_ok = _contributions(ev, facts)
    _exit(ev, facts)
    eligible = all(f.outcome is not FAIL for f in ev.findings)
    return ev.decision(
        SUBJECT,
        {
            "eligible": eligible,
            "work_district": facts.work_district,
            "contract_ok": contract_ok,
            "contributions_ok": run_ok,
        },
    )


def _no_home(ev: HousingEvaluation, facts: TenantFacts) -> None:
    r = facts.register
    owners_zh = [w for w, owns in (("本人", r.applicant_owns), ("配偶", r.spouse_owns)) if owns]
    owners_en = [
        w
        for w, owns in (("the applicant", r.applicant_owns), ("the spouse", r.spouse_owns))
        if owns
    ]
    facts_used = {
        "work_district": facts.work_district,
        "married": facts.married,
        "applicant_owns": r.applicant_owns,
        "spouse_owns": r.spouse_owns,
        "register_source": r.source,
        "register_checked_on": r.checked_on,
    }
    where = f"（{r.source}，{r.checked_on.isoformat()}查询）"
    if owners_zh:
        ev.add(
            "HOUS-TENANT-NO-HOME",
            FAIL,
            f"{'及'.join(owners_zh)}在工作所在城区（{facts.work_district}）有住房{where}。",
            f"{' and '.join(owners_en).capitalize()} own housing in the work district "
            f"{facts.work_district} (register: {r.source}, {r.checked_on.isoformat()}).",
            facts_used,
        )
        return
    who_zh = "本人及配偶" if facts.married else "本人"
    who_en = (
        "Neither the applicant nor the spouse owns" if facts.married else "The applicant owns no"
    )
    ev.add(
        "HOUS-TENANT-NO-HOME",
        PASS,
        f"{who_zh}在工作所在城区（{facts.work_district}）无住房{where}。",
        f"{who_en} housing in the work district {facts.work_district} "
        f"(register: {r.source}, {r.checked_on.isoformat()}).",
        facts_used,
    )


def _contract(ev: HousingEvaluation, c: LabourContract) -> bool:
    minimum = ev.count(CONTRACT_MIN_MONTHS)
    last = c.last_day()
    needed = term_last_day(c.starts_on, minimum)
    facts = {
        "employer_uscc": c.employer_uscc,
        "employer_name": c.employer_name,
        "starts_on": c.starts_on,
        "term_months": c.term_months,
        "ends_on": c.ends_on,
        "last_day": last,
        "open_ended": c.open_ended,
        "as_of": ev.as_of,
    }
    params = ev.values(CONTRACT_MIN_MONTHS)
    zh: list[str] = []
    en: list[str] = []
    if last is not None and last < needed:
        length_zh = f"{c.term_months}个月" if c.term_months is not None else f"至{last}"
        length_en = f"{c.term_months} months" if c.term_months is not None else f"to {last}"
        zh.append(f"劳动合同期限（{length_zh}）不足{minimum}个月（须至少至{needed}）")
        en.append(
            f"the labour contract ({length_en}) is shorter than {minimum} months "
            f"(it must run to {needed})"
        )
    if c.starts_on > ev.as_of:
        zh.append(f"劳动合同自{c.starts_on.isoformat()}起履行，评估日尚未开始")
        en.append(f"the contract starts on {c.starts_on.isoformat()}, after the evaluation day")
    elif last is not None and last < ev.as_of:
        zh.append(f"劳动合同已于{last.isoformat()}届满")
        en.append(f"the contract ended on {last.isoformat()}")
    term_zh = "无固定期限" if last is None else f"至{last}"
    term_en = "without a fixed term" if last is None else f"to {last}"
    ev.verdict(
        "HOUS-TENANT-CONTRACT",
        zh,
        en,
        f"与用人单位（{c.employer_name}）签订劳动合同{term_zh}，{minimum}个月以上且在履行中。",
        f"A labour contract with {c.employer_name} {term_en}: at least {minimum} months and "
        "in force.",
        facts,
        params,
    )
    return not zh


def _contributions(ev: HousingEvaluation, facts: TenantFacts) -> bool:
    minimum = ev.count(CONTRIBUTION_MIN_MONTHS)
    pension = longest_run(facts.pension_months)
    tax = longest_run(facts.income_tax_months)
    best, kind_zh, kind_en = (
        (pension, "社会养老保险", "pension insurance")
        if pension.length >= tax.length
        else (tax, "个人所得税", "income tax")
    )
    used = {
        "pension_longest_run": pension.length,
        "pension_run": [pension.first, pension.last],
        "income_tax_longest_run": tax.length,
        "income_tax_run": [tax.first, tax.last],
        "deciding": "pension" if best is pension else "income_tax",
    }
    params = ev.values(CONTRIBUTION_MIN_MONTHS)
    if best.length >= minimum:
        ev.add(
            "HOUS-TENANT-CONTRIB",
            PASS,
            f"以用人单位名义连续缴纳{kind_zh}{best.length}个月（{best.first}至{best.last}），"
            f"达到{minimum}个月以上。",
            f"{kind_en.capitalize()} paid through the employer for {best.length} consecutive "
            f"months ({best.first} to {best.last}), at least {minimum}.",
            used,
            params,
        )
        return True
    ev.add(
        "HOUS-TENANT-CONTRIB",
        FAIL,
        f"社会养老保险最长连续{pension.length}个月、个人所得税最长连续{tax.length}个月，"
        f"均不足连续{minimum}个月。",
        f"The longest run of pension insurance is {pension.length} months and of income tax "
        f"{tax.length}: neither reaches {minimum} consecutive months.",
        used,
        params,
    )
    return False


def _exit(ev: HousingEvaluation, facts: TenantFacts) -> None:
    if facts.public_rental_housing:
        ev.add(
            "HOUS-TENANT-EXIT",
            FAIL,
            "申请人正在享受当地公租房保障，应退出保障性租赁住房，不能配租。",
            "The applicant receives local public rental housing, which requires moving out of "
            "affordable rental housing: not eligible.",
            {"public_rental_housing": True},
        )
        return
    ev.add(
        "HOUS-TENANT-EXIT",
        PASS,
        "申请人未享受当地公租房保障。",
        "The applicant does not receive local public rental housing.",
        {"public_rental_housing": False},
    )
