"""三（二）: who may apply and manage — capital, licences, commitment, team, track record."""

from __future__ import annotations

from fund.domain import parameters as p
from fund.domain.application_facts import (
    ZERO,
    Applicant,
    ApplicationFacts,
    ContributorRole,
    ForeignCredentials,
    Manager,
    TrackRecordBasis,
)
from fund.domain.evaluation import FAIL, NOT_APPLICABLE, PASS, Evaluation, fraction


def applicant(ev: Evaluation, app: ApplicationFacts) -> None:
    a = app.applicant
    if a.foreign is None:
        _domestic(ev, a)
        ev.add(
            "FUND-APPLICANT-FOREIGN",
            NOT_APPLICABLE,
            "境内申请机构，不适用境外条件。",
            "A domestic applicant: the foreign conditions do not apply.",
            {"foreign": False},
        )
    else:
        ev.add(
            "FUND-APPLICANT-DOMESTIC",
            NOT_APPLICABLE,
            "境外申请机构，适用境外条件。",
            "A foreign applicant: the foreign conditions apply instead.",
            {"foreign": True},
        )
        _foreign(ev, a.foreign)


def _domestic(ev: Evaluation, a: Applicant) -> None:
    minimum = ev.dec(p.APPLICANT_PAID_IN_MIN)
    facts = {
        "lawfully_established": a.lawfully_established,
        "paid_in_capital": a.paid_in_capital,
        "major_violation_last_3_years": a.major_violation_last_3_years,
    }
    zh: list[str] = []
    en: list[str] = []
    if not a.lawfully_established:
        zh.append("未依法设立")
        en.append("not lawfully established")
    if a.paid_in_capital < minimum:
        zh.append(f"实缴资本{a.paid_in_capital}元低于{minimum}元")
        en.append(f"paid-in capital {a.paid_in_capital} below {minimum}")
    if a.major_violation_last_3_years:
        zh.append("最近三年存在重大违法违规行为")
        en.append("a major violation in the last 3 years")
    ev.verdict(
        "FUND-APPLICANT-DOMESTIC",
        zh,
        en,
        f"申请机构实缴资本{a.paid_in_capital}元，最近三年无重大违法违规。",
        f"Applicant paid-in capital {a.paid_in_capital}; no major violation in 3 years.",
        facts,
        {p.APPLICANT_PAID_IN_MIN: minimum},
    )


def _foreign(ev: Evaluation, f: ForeignCredentials) -> None:
    used = ev.values(
        p.FOREIGN_CAPITAL_MIN_USD,
        p.FOREIGN_OPERATING_YEARS_MIN,
        p.FOREIGN_AUM_MIN_USD,
        p.FOREIGN_SENIOR_YEARS,
        p.FOREIGN_SENIOR_COUNT,
        p.FOREIGN_EXPERIENCED_YEARS,
        p.FOREIGN_EXPERIENCED_COUNT,
    )
    capital_min, years_min, aum_min = (
        ev.dec(p.FOREIGN_CAPITAL_MIN_USD),
        ev.dec(p.FOREIGN_OPERATING_YEARS_MIN),
        ev.dec(p.FOREIGN_AUM_MIN_USD),
    )
    senior_years, senior_count = ev.dec(p.FOREIGN_SENIOR_YEARS), ev.count(p.FOREIGN_SENIOR_COUNT)
    exp_years, exp_count = (
        ev.dec(p.FOREIGN_EXPERIENCED_YEARS),
        ev.count(p.FOREIGN_EXPERIENCED_COUNT),
    )
    facts = {
        "licensed_by_home_regulator": f.licensed_by_home_regulator,
        "registered_capital_usd": f.registered_capital_usd,
        "capital_in_cash_only": f.capital_in_cash_only,
        "overseas_operating_years": f.overseas_operating_years,
        "overseas_aum_usd": f.overseas_aum_usd,
        "major_penalty_last_3_years": f.major_penalty_last_3_years,
        "under_investigation": f.under_investigation,
        "key_people_overseas_years": f.key_people_overseas_years,
        "record_and_governance_attested": f.record_and_governance.complete,
    }
    zh: list[str] = []
    en: list[str] = []
    if not f.licensed_by_home_regulator:
        zh.append("未获所在地监管机构股权投资管理业务许可")
        en.append("no home-regulator licence for equity investment management")
    if f.registered_capital_usd < capital_min or not f.capital_in_cash_only:
        zh.append(f"注册资本须不低于{capital_min}美元且仅以现金出资")
        en.append(f"registered capital must be at least USD {capital_min}, in cash only")
    if f.overseas_operating_years < years_min:
        zh.append(f"境外基金持续运营{f.overseas_operating_years}年，不足{years_min}年")
        en.append(f"overseas funds run {f.overseas_operating_years} years, fewer than {years_min}")
    if f.overseas_aum_usd < aum_min:
        zh.append(f"累计管理境外基金{f.overseas_aum_usd}美元，低于{aum_min}美元")
        en.append(f"cumulative overseas AUM USD {f.overseas_aum_usd} below {aum_min}")
    if not f.record_and_governance.complete:
        zh.append("未声明良好投资业绩、健全治理结构和内控制度")
        en.append("good results, governance and internal controls not attested")
    if f.major_penalty_last_3_years or f.under_investigation:
        zh.append("最近三年受到重大处罚或正被立案调查")
        en.append("a major penalty in 3 years or an open investigation")
    # 至少1名5年以上、2名3年以上: read as three distinct people (the 5-year one is not double-counted).
    ranked = sorted(f.key_people_overseas_years, reverse=True)
    seniors = [y for y in ranked[:senior_count] if y >= senior_years]
    others = [y for y in ranked[senior_count : senior_count + exp_count] if y >= exp_years]
    if len(seniors) < senior_count or len(others) < exp_count:
        zh.append(
            f"主要投资人员须至少{senior_count}名{senior_years}年以上、另{exp_count}名{exp_years}年以上境外经验"
        )
        en.append(
            f"key people need at least {senior_count} with {senior_years}+ and {exp_count} more with {exp_years}+ years overseas"
        )
    ev.verdict(
        "FUND-APPLICANT-FOREIGN",
        zh,
        en,
        "境外申请机构符合许可、资本、业绩、合规和人员条件。",
        "The foreign applicant meets the licence, capital, record, compliance and staff conditions.",
        facts,
        used,
    )


def manager(ev: Evaluation, app: ApplicationFacts) -> None:
    m = app.manager
    _capital(ev, m)
    _commitment(ev, app)
    _team(ev, m)
    _track(ev, m)
    ev.declared(
        "FUND-MANAGER-CONTROLS",
        m.controls,
        "管理机构具有健全的投资决策程序、风险控制机制和财务管理制度",
        "the manager has sound investment-decision, risk-control and financial-management procedures",
    )


def _capital(ev: Evaluation, m: Manager) -> None:
    minimum = ev.dec(p.MANAGER_PAID_IN_MIN)
    facts = {
        "is_applicant_or_affiliate": m.is_applicant_or_affiliate,
        "paid_in_capital": m.paid_in_capital,
        "amac_registered": m.amac_registered,
    }
    zh: list[str] = []
    en: list[str] = []
    if not m.is_applicant_or_affiliate:
        zh.append("管理机构须由申请机构或其关联方担任")
        en.append("the manager must be the applicant or its affiliate")
    if m.paid_in_capital < minimum:
        zh.append(f"实缴资本{m.paid_in_capital}元低于{minimum}元")
        en.append(f"paid-in capital {m.paid_in_capital} below {minimum}")
    if not m.amac_registered:
        zh.append("未在中国证券投资基金业协会登记")
        en.append("not registered with AMAC")
    ev.verdict(
        "FUND-MANAGER-CAPITAL",
        zh,
        en,
        f"管理机构实缴资本{m.paid_in_capital}元，已在基金业协会登记。",
        f"Manager paid-in capital {m.paid_in_capital}, registered with AMAC.",
        facts,
        {p.MANAGER_PAID_IN_MIN: minimum},
    )


def _commitment(ev: Evaluation, app: ApplicationFacts) -> None:
    size = app.total_size
    own = sum((c.commitment for c in app.contributors if c.role is ContributorRole.MANAGER), ZERO)
    affiliates = sum(
        (c.commitment for c in app.contributors if c.role is ContributorRole.MANAGER_AFFILIATE),
        ZERO,
    )
    full, reduced = ev.dec(p.MANAGER_COMMIT_MIN), ev.dec(p.MANAGER_COMMIT_MIN_WITH_AFFILIATES)
    used = {p.MANAGER_COMMIT_MIN: full, p.MANAGER_COMMIT_MIN_WITH_AFFILIATES: reduced}
    facts = {
        "manager_commitment": own,
        "affiliates_commitment": affiliates,
        "total_size": size,
        "manager_ratio": fraction(own, size),
        "combined_ratio": fraction(own + affiliates, size),
    }
    if own >= size * full:
        ev.add(
            "FUND-MANAGER-COMMIT",
            PASS,
            f"管理机构认缴{own}元，不低于总规模的{full}。",
            f"The manager subscribes {own}, at least {full} of the size.",
            facts,
            used,
        )
    elif affiliates > 0 and own >= size * reduced and own + affiliates >= size * full:
        ev.add(
            "FUND-MANAGER-COMMIT",
            PASS,
            f"管理机构认缴{own}元（不低于{reduced}），与关联方合计{own + affiliates}元（不低于{full}）。",
            f"The manager subscribes {own} (at least {reduced}) and with affiliates {own + affiliates} (at least {full}).",
            facts,
            used,
        )
    else:
        ev.add(
            "FUND-MANAGER-COMMIT",
            FAIL,
            f"管理机构认缴{own}元、关联方{affiliates}元，未达总规模的{full}（有关联方出资时管理机构不低于{reduced}且合计不低于{full}）。",
            f"The manager subscribes {own} and affiliates {affiliates}: short of {full} of the size (with affiliates: the manager at least {reduced}, together at least {full}).",
            facts,
            used,
        )


def _team(ev: Evaluation, m: Manager) -> None:
    need, years = ev.count(p.TEAM_MIN_SENIORS), ev.dec(p.TEAM_MIN_YEARS)
    qualified = sum(1 for y in m.senior_managers_years if y >= years)
    facts = {
        "senior_managers_years": m.senior_managers_years,
        "qualified_senior_managers": qualified,
        "key_member_penalised": m.key_member_penalised,
    }
    zh: list[str] = []
    en: list[str] = []
    if qualified < need:
        zh.append(f"具备{years}年以上经验的高级管理人员{qualified}名，少于{need}名")
        en.append(f"{qualified} senior managers with {years}+ years, fewer than {need}")
    if m.key_member_penalised:
        zh.append("管理团队主要成员受过行政主管机关或司法机关处罚")
        en.append("a key team member was penalised by an administrative or judicial authority")
    ev.verdict(
        "FUND-MANAGER-TEAM",
        zh,
        en,
        f"{qualified}名高级管理人员具备{years}年以上经验，主要成员无处罚记录。",
        f"{qualified} senior managers with {years}+ years; no key member penalised.",
        facts,
        {p.TEAM_MIN_SENIORS: need, p.TEAM_MIN_YEARS: years},
    )


def _track(ev: Evaluation, m: Manager) -> None:
    t = m.track_record
    aum_min, cases_min, members_min = (
        ev.dec(p.TRACK_MIN_AUM),
        ev.count(p.TRACK_MIN_CASES),
        ev.count(p.TRACK_MIN_CORE_MEMBERS),
    )
    used = {
        p.TRACK_MIN_AUM: aum_min,
        p.TRACK_MIN_CASES: cases_min,
        p.TRACK_MIN_CORE_MEMBERS: members_min,
    }
    facts = {
        "basis": t.basis,
        "filed_vc_fund_size": t.filed_vc_fund_size,
        "successful_cases": t.successful_cases,
        "core_members": t.core_members,
    }
    zh: list[str] = []
    en: list[str] = []
    if t.basis is TrackRecordBasis.CORE_TEAM and t.core_members < members_min:
        zh.append(f"以团队业绩计算须{members_min}名以上主要成员共同管理，现为{t.core_members}名")
        en.append(
            f"a team record needs {members_min}+ core members managing jointly, not {t.core_members}"
        )
    if t.filed_vc_fund_size < aum_min:
        zh.append(f"备案创业投资基金规模{t.filed_vc_fund_size}元低于{aum_min}元")
        en.append(f"AMAC-filed VC funds {t.filed_vc_fund_size} below {aum_min}")
    if t.successful_cases < cases_min:
        zh.append(f"成功投资案例{t.successful_cases}个，少于{cases_min}个")
        en.append(f"{t.successful_cases} successful cases, fewer than {cases_min}")
    ev.verdict(
        "FUND-MANAGER-TRACK",
        zh,
        en,
        f"备案创业投资基金规模{t.filed_vc_fund_size}元，成功案例{t.successful_cases}个。",
        f"AMAC-filed VC funds {t.filed_vc_fund_size}; {t.successful_cases} successful cases.",
        facts,
        used,
    )
