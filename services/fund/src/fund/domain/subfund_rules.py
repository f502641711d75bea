"""三（一）: the sub-fund's structure — legal form, size, the mother fund's share, term, domicile."""

from __future__ import annotations

from fund.domain import parameters as p
from fund.domain.application_facts import ZERO, ApplicationFacts, LegalForm
from fund.domain.errors import FundDomainError
from fund.domain.evaluation import FAIL, PASS, WARN, Evaluation, fraction

_FORMS_ZH = {
    LegalForm.COMPANY: "公司制",
    LegalForm.LIMITED_PARTNERSHIP: "有限合伙制",
    LegalForm.OTHER: "其他形式",
}


def legal_form(ev: Evaluation, app: ApplicationFacts) -> None:
    facts = {
        "legal_form": app.legal_form,
        "mother_fund_is_general_partner": app.mother_fund_is_general_partner,
    }
    if app.legal_form is LegalForm.OTHER:
        ev.add(
            "FUND-SUB-LEGAL-FORM",
            FAIL,
            "子基金须为公司制或有限合伙制。",
            "The sub-fund must be a company or a limited partnership.",
            facts,
        )
    elif app.mother_fund_is_general_partner:
        ev.add(
            "FUND-SUB-LEGAL-FORM",
            FAIL,
            "科技创投基金不得作为普通合伙人。",
            "The mother fund must not be the general partner.",
            facts,
        )
    else:
        ev.add(
            "FUND-SUB-LEGAL-FORM",
            PASS,
            f"{_FORMS_ZH[app.legal_form]}，科技创投基金非普通合伙人。",
            f"{app.legal_form.value}; the mother fund is not the general partner.",
            facts,
        )


def size_and_share(ev: Evaluation, app: ApplicationFacts) -> None:
    """SIZE-MIN, RATIO-MAX and NOT-LARGEST: the three read the same commitments."""
    size, mother = app.total_size, app.mother_fund_commitment
    if size <= 0 or mother < 0 or any(c.commitment < 0 for c in app.contributors):
        raise FundDomainError(
            "FUND-SUB-SIZE-MIN",
            "子基金规模须为正数，各方认缴额不能为负。",
            "The sub-fund's size must be positive and no commitment negative.",
            {"total_size": size},
        )
    subscribed = mother + sum((c.commitment for c in app.contributors), ZERO)
    if subscribed > size:
        raise FundDomainError(
            "FUND-SUB-SIZE-MIN",
            f"各方认缴合计{subscribed}超过子基金总规模{size}。",
            f"Commitments total {subscribed}, more than the sub-fund's size {size}.",
            {"total_size": size, "subscribed": subscribed},
        )

    minimum = ev.dec(p.SIZE_MIN)
    facts: dict[str, object] = {"total_size": size}
    if size >= minimum:  # 不少于: inclusive
        ev.add(
            "FUND-SUB-SIZE-MIN",
            PASS,
            f"子基金规模{size}元不少于{minimum}元。",
            f"Size {size} is at least {minimum}.",
            facts,
            {p.SIZE_MIN: minimum},
        )
    else:
        ev.add(
            "FUND-SUB-SIZE-MIN",
            FAIL,
            f"子基金规模{size}元少于{minimum}元。",
            f"Size {size} is below {minimum}.",
            facts,
            {p.SIZE_MIN: minimum},
        )

    ratio_max = ev.dec(p.MOTHER_RATIO_MAX)
    ratio = fraction(mother, size)
    facts = {"mother_fund_commitment": mother, "total_size": size, "ratio": ratio}
    if mother <= size * ratio_max:  # 不超过: inclusive; compared exactly, never on a rounded ratio
        ev.add(
            "FUND-SUB-RATIO-MAX",
            PASS,
            f"科技创投基金出资比例{ratio}不超过{ratio_max}。",
            f"Mother fund share {ratio} does not exceed {ratio_max}.",
            facts,
            {p.MOTHER_RATIO_MAX: ratio_max},
        )
    else:
        ev.add(
            "FUND-SUB-RATIO-MAX",
            FAIL,
            f"科技创投基金出资比例{ratio}超过{ratio_max}。",
            f"Mother fund share {ratio} exceeds {ratio_max}.",
            facts,
            {p.MOTHER_RATIO_MAX: ratio_max},
        )

    largest = max(app.contributors, key=lambda c: c.commitment, default=None)
    largest_amount = largest.commitment if largest is not None else ZERO
    facts = {
        "mother_fund_commitment": mother,
        "largest_other_contributor": largest.name if largest else None,
        "largest_other_commitment": largest_amount,
    }
    if mother < largest_amount:  # a tie makes the mother fund (joint) largest: not allowed
        ev.add(
            "FUND-SUB-NOT-LARGEST",
            PASS,
            f"科技创投基金认缴{mother}元低于最大出资人{largest_amount}元。",
            f"The mother fund's {mother} is below the largest other contributor's {largest_amount}.",
            facts,
        )
    else:
        ev.add(
            "FUND-SUB-NOT-LARGEST",
            FAIL,
            f"科技创投基金认缴{mother}元不低于其他最大出资人{largest_amount}元，将成为第一大出资人。",
            f"The mother fund's {mother} is not below the largest other contributor's {largest_amount}: it would be the largest contributor.",
            facts,
        )


def term(ev: Evaluation, app: ApplicationFacts) -> None:
    t = app.term
    total_max, inv_max = ev.count(p.TERM_MAX_YEARS), ev.count(p.INVESTMENT_PERIOD_MAX_YEARS)
    exit_max, ext_max = ev.count(p.EXIT_PERIOD_MAX_YEARS), ev.count(p.EXTENSION_MAX_YEARS)
    used = {
        p.TERM_MAX_YEARS: total_max,
        p.INVESTMENT_PERIOD_MAX_YEARS: inv_max,
        p.EXIT_PERIOD_MAX_YEARS: exit_max,
        p.EXTENSION_MAX_YEARS: ext_max,
    }
    facts = {
        "investment_years": t.investment_years,
        "exit_years": t.exit_years,
        "extension_years": t.extension_years,
        "extension_approved": t.extension_approved,
    }
    if min(t.investment_years, t.exit_years, t.extension_years) < 0:
        raise FundDomainError(
            "FUND-SUB-TERM", "期限不能为负数。", "Periods must not be negative.", facts
        )
    breaches_zh: list[str] = []
    breaches_en: list[str] = []
    if t.investment_years > inv_max:
        breaches_zh.append(f"投资期{t.investment_years}年超过{inv_max}年")
        breaches_en.append(f"investment period {t.investment_years} > {inv_max} years")
    if t.exit_years > exit_max:
        breaches_zh.append(f"退出期{t.exit_years}年超过{exit_max}年")
        breaches_en.append(f"exit period {t.exit_years} > {exit_max} years")
    if t.investment_years + t.exit_years > total_max:
        breaches_zh.append(f"存续期{t.investment_years + t.exit_years}年超过{total_max}年")
        breaches_en.append(f"term {t.investment_years + t.exit_years} > {total_max} years")
    if t.extension_years > ext_max:
        breaches_zh.append(f"延长期{t.extension_years}年超过{ext_max}年")
        breaches_en.append(f"extension {t.extension_years} > {ext_max} years")
    if t.extension_years > 0 and not t.extension_approved:
        breaches_zh.append("延长期未经管委会批准")
        breaches_en.append("extension not approved by the committee")
    ev.verdict(
        "FUND-SUB-TERM",
        breaches_zh,
        breaches_en,
        f"投资期{t.investment_years}年、退出期{t.exit_years}年、延长期{t.extension_years}年，符合期限要求。",
        f"Investment {t.investment_years}, exit {t.exit_years}, extension {t.extension_years} years: within the limits.",
        facts,
        used,
    )


def domicile(ev: Evaluation, app: ApplicationFacts) -> None:
    facts = {"registered_in_wenzhou": app.registered_in_wenzhou}
    if app.registered_in_wenzhou:
        ev.add(
            "FUND-SUB-DOMICILE",
            PASS,
            "子基金注册在温州市。",
            "The sub-fund is registered in Wenzhou.",
            facts,
        )
    else:
        # 原则上: an exception is possible but must be decided, so it is flagged, not passed.
        ev.add(
            "FUND-SUB-DOMICILE",
            WARN,
            "子基金未注册在温州市（原则上应注册在温州市），须说明理由并经批准。",
            "The sub-fund is not registered in Wenzhou (required in principle): the exception needs a reason and approval.",
            facts,
        )


def field(ev: Evaluation, app: ApplicationFacts) -> None:
    ev.declared(
        "FUND-SUB-FIELD",
        app.investment_field,
        "子基金主要投资于战略性新兴产业、高新技术产业及高端服务业等领域",
        "the sub-fund invests mainly in strategic emerging industries, high-tech industries and high-end services",
    )
