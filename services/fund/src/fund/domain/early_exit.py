"""六（八）: when the mother fund exits early, and the least it exits at."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from fund.domain import parameters as p
from fund.domain.errors import FundDomainError
from fund.domain.evaluation import FAIL, NOT_APPLICABLE, PASS, Evaluation, require_non_negative
from fund.domain.parameters import DEFAULT_PARAMETERS
from govkit.calendar import period_end
from govkit.money import to_fen
from govkit.rules import Decision, ParameterSet

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class EarlyExitFacts:
    agreement_signed_on: date
    registered_on: date | None = None
    registration_delayed_by_force_majeure: bool = False
    amac_filed_on: date | None = None
    investment_dates: tuple[date, ...] = ()  # every investment the sub-fund made
    mother_fund_disbursed_on: date | None = None
    not_investing_as_agreed_unrectified: bool = False  # 1
    non_compliant_investments: bool = False  # 4
    penalised_for_illegal_operation: bool = False  # 5 违法违规并被依法查处
    manager_control_changed: bool = False  # 6（1）主要股东或普通合伙人实质性变化
    core_team_members: int = 0
    core_team_members_changed: int = 0  # 6（2）半数以上
    manager_change_approved: bool = False  # by the sub-fund's governing body


def early_exit_triggers(
    facts: EarlyExitFacts,
    *,
    as_of: date,
    params: ParameterSet = DEFAULT_PARAMETERS,
    region: str | None = None,
) -> Decision:
    """FUND-EARLY-EXIT: one failing finding per trigger that holds on `as_of`, else one pass.

    A trigger lets the fund company report to the committee; the exit itself needs its approval.
    """
    f = facts
    ev = Evaluation(params, as_of, region)
    reg_months, file_years, idle_years = (
        ev.count(p.EXIT_REGISTRATION_MONTHS),
        ev.count(p.EXIT_FILING_YEARS),
        ev.count(p.EXIT_IDLE_YEARS),
    )
    used = {
        p.EXIT_REGISTRATION_MONTHS: reg_months,
        p.EXIT_FILING_YEARS: file_years,
        p.EXIT_IDLE_YEARS: idle_years,
    }
    held: list[tuple[str, str, str, dict[str, object]]] = []

    def late(done: date | None, due: date) -> bool:
        # Not done by the last day: late once that day is over, or done after it.
        return done > due if done is not None else as_of > due

    if f.not_investing_as_agreed_unrectified:
        held.append(
            (
                "1",
                "子基金未按约定投资且未能有效整改",
                "not investing as agreed and not rectified",
                {},
            )
        )
    reg_due = period_end(f.agreement_signed_on, months=reg_months)
    if late(f.registered_on, reg_due) and not f.registration_delayed_by_force_majeure:
        held.append(
            (
                "2",
                f"协议签署超过{reg_months}个月（{reg_due}）未完成注册设立",
                f"not registered within {reg_months} months of signing ({reg_due})",
                {"registration_due": reg_due, "registered_on": f.registered_on},
            )
        )
    if f.registered_on is not None:
        file_due = period_end(f.registered_on, years=file_years)
        first = min(f.investment_dates, default=None)
        if late(f.amac_filed_on, file_due) or late(first, file_due):
            held.append(
                (
                    "2",
                    f"注册后{file_years}年内（{file_due}）未完成基金业协会备案并开展投资",
                    f"AMAC filing and first investment not done within {file_years} year(s) of registration ({file_due})",
                    {
                        "filing_due": file_due,
                        "amac_filed_on": f.amac_filed_on,
                        "first_investment_on": first,
                    },
                )
            )
    if f.mother_fund_disbursed_on is not None:
        idle_due = period_end(f.mother_fund_disbursed_on, years=idle_years)
        after = min(
            (d for d in f.investment_dates if d >= f.mother_fund_disbursed_on), default=None
        )
        if late(after, idle_due):
            held.append(
                (
                    "3",
                    f"出资拨付后超过{idle_years}年（{idle_due}）未开展投资",
                    f"no investment for more than {idle_years} year(s) after disbursement ({idle_due})",
                    {"idle_due": idle_due, "first_investment_after_disbursement": after},
                )
            )
    if f.non_compliant_investments:
        held.append(
            (
                "4",
                "投资项目不符合本办法规定及合伙协议约定",
                "investments breach these rules or the agreement",
                {},
            )
        )
    if f.penalised_for_illegal_operation:
        held.append(
            ("5", "运营有违法违规行为并被依法查处", "illegal operation penalised by law", {})
        )
    half_team = f.core_team_members > 0 and f.core_team_members_changed * 2 >= f.core_team_members
    if (f.manager_control_changed or half_team) and not f.manager_change_approved:
        held.append(
            (
                "6",
                "管理机构发生实质性变化且未经子基金相关权力机构审议通过",
                "material change of the manager not approved by the sub-fund's governing body",
                {
                    "manager_control_changed": f.manager_control_changed,
                    "core_team_members": f.core_team_members,
                    "core_team_members_changed": f.core_team_members_changed,
                },
            )
        )

    for item, zh, en, extra in held:
        ev.add(
            "FUND-EARLY-EXIT",
            FAIL,
            f"提前退出情形{item}：{zh}；经报管委会批准后可要求退出。",
            f"Early-exit trigger {item}: {en}; the mother fund may exit with committee approval.",
            {"trigger": item, **extra},
            used,
        )
    if not held:
        ev.add(
            "FUND-EARLY-EXIT",
            PASS,
            "未出现提前退出情形。",
            "No early-exit trigger holds.",
            {"agreement_signed_on": f.agreement_signed_on},
            used,
        )
    return ev.decision("fund.early_exit", {"triggers": [h[0] for h in held]})


@dataclass(frozen=True, slots=True)
class PaidInTranche:
    amount: Decimal
    paid_on: date


@dataclass(frozen=True, slots=True)
class EarlyExitFloor:
    principal: Decimal
    interest: Decimal
    floor: Decimal
    decision: Decision


def early_exit_floor(
    tranches: Sequence[PaidInTranche],
    *,
    exit_on: date,
    demand_deposit_rate: Decimal,
    agreed_price: Decimal | None = None,
    params: ParameterSet = DEFAULT_PARAMETERS,
    region: str | None = None,
) -> EarlyExitFloor:
    """FUND-EARLY-EXIT-PRICE: paid-in principal + demand-deposit interest on each tranche.

    The rate (a fraction) is the bank's demand-deposit rate, which the text does not fix.
    """
    if not ZERO <= demand_deposit_rate < 1:
        raise FundDomainError(
            "FUND-EARLY-EXIT-PRICE",
            "活期存款利率须以小数表示。",
            "The demand-deposit rate is a fraction (0.0035 for 0.35%).",
        )
    for t in tranches:
        require_non_negative("FUND-EARLY-EXIT-PRICE", amount=t.amount)
        if t.paid_on > exit_on:
            raise FundDomainError(
                "FUND-EARLY-EXIT-PRICE",
                f"实缴日{t.paid_on}晚于退出日{exit_on}。",
                f"A tranche paid on {t.paid_on} is after the exit on {exit_on}.",
            )
    ev = Evaluation(params, exit_on, region)
    basis = ev.count(p.EXIT_DEPOSIT_DAY_COUNT)
    principal = sum((t.amount for t in tranches), ZERO)
    interest = sum(
        (t.amount * demand_deposit_rate * (exit_on - t.paid_on).days / basis for t in tranches),
        ZERO,
    )
    floor, interest, principal = to_fen(principal + interest), to_fen(interest), to_fen(principal)
    facts = {
        "principal": principal,
        "interest": interest,
        "demand_deposit_rate": demand_deposit_rate,
        "exit_on": exit_on,
        "tranches": tuple((t.amount, t.paid_on) for t in tranches),
        "agreed_price": agreed_price,
    }
    used = {p.EXIT_DEPOSIT_DAY_COUNT: basis}
    if agreed_price is None:
        ev.add(
            "FUND-EARLY-EXIT-PRICE",
            NOT_APPLICABLE,
            f"退出价格原则上不低于{floor}元（实缴本金{principal}元＋活期利息{interest}元）。",
            f"The exit price should be at least {floor} (principal {principal} + demand-deposit interest {interest}).",
            facts,
            used,
        )
    elif agreed_price >= floor:
        ev.add(
            "FUND-EARLY-EXIT-PRICE",
            PASS,
            f"退出价格{agreed_price}元不低于{floor}元。",
            f"The exit price {agreed_price} is at least the floor {floor}.",
            facts,
            used,
        )
    else:
        ev.add(
            "FUND-EARLY-EXIT-PRICE",
            FAIL,
            f"退出价格{agreed_price}元低于{floor}元（实缴本金＋活期利息）。",
            f"The exit price {agreed_price} is below the floor {floor} (principal + demand-deposit interest).",
            facts,
            used,
        )
    return EarlyExitFloor(
        principal,
        interest,
        floor,
        ev.decision(
            "fund.early_exit.price", {"floor": floor, "principal": principal, "interest": interest}
        ),
    )
