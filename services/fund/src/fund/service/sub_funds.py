"""Sub-funds: registration (from a signed application or directly), contributors, paid-in
tranches under FUND-RISK-LAST-IN, and the early-exit check (FUND-EARLY-EXIT, -PRICE).

Writes that change a sub-fund's figures (paid-in, investments) lock its row first, so two
concurrent tranches or investments cannot both pass a check the other would have failed.
"""

from __future__ import annotations

import uuid
from calendar import monthrange
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import partial
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from fund.api.sub_fund_schemas import EarlyExitCheck, PaidInCreate, Role, SubFundCreate
from fund.db.applications import applications
from fund.db.portfolio import (
    contributors,
    investments,
    paid_in_payments,
    paid_in_tranches,
    sub_funds,
)
from fund.domain import (
    RULES,
    AssetClass,
    EarlyExitFacts,
    PaidInTranche,
    PayInFacts,
    ProcedureStage,
    early_exit_floor,
    early_exit_triggers,
    mother_fund_pay_in,
)
from fund.service import reporting
from fund.service.provisional import provisional_open, provisional_warning, warnings_for
from govkit import audit
from govkit.audit.masking import jsonable
from govkit.calendar.provisional import allowing_provisional
from govkit.http.auth import Principal
from govkit.http.problem import CONFLICT, RULE_VIOLATION, VALIDATION, ProblemError
from govkit.platform.decisions import store_decision
from govkit.rules import Decision, ParameterSet
from govkit.store.paging import seq_page
from govkit.store.rows import created_stamp, fetch_row, name_contains, not_found

ZERO = Decimal("0.00")
RATIO = Decimal("0.000001")


def invalid(pointer: str, detail: str) -> ProblemError:
    return ProblemError(
        VALIDATION,
        detail,
        errors=[{"in": "body", "pointer": pointer, "detail": detail, "type": "value_error"}],
    )


def ratio(part: Decimal, whole: Decimal) -> Decimal:
    return (part / whole).quantize(RATIO) if whole else Decimal(0).quantize(RATIO)


def decision_out(decision: Decision) -> dict[str, Any]:
    return decision.as_dict()


def _add_months(d: date, months: int) -> date:
    years, month0 = divmod(d.month - 1 + months, 12)
    year, month = d.year + years, month0 + 1
    return date(year, month, min(d.day, monthrange(year, month)[1]))


def term_end(row: Any) -> date:
    """The last day of the term: registration + investment + exit + extension years."""
    years = Decimal(row.investment_years) + Decimal(row.exit_years) + Decimal(row.extension_years)
    return _add_months(row.registered_on, int(years * 12))


async def get_row(session: AsyncSession, sub_fund_id: uuid.UUID, *, lock: bool = False) -> Any:
    missing = not_found("sub-fund", "sub_fund_id", sub_fund_id)
    return await fetch_row(session, sub_funds.c.sub_fund_id, sub_fund_id, missing, lock=lock)


async def touch(session: AsyncSession, sub_fund_id: uuid.UUID, now: datetime) -> None:
    """A change to the sub-fund's figures: new version, so its ETag changes."""
    await session.execute(
        sa.update(sub_funds)
        .where(sub_funds.c.sub_fund_id == sub_fund_id)
        .values(version=sub_funds.c.version + 1, updated_at=now)
    )


# ---- registration ------------------------------------------------------------------------------


async def _linkable_application(session: AsyncSession, application_id: uuid.UUID) -> Any:
    app = (
        await session.execute(
            sa.select(applications.c.application_id, applications.c.stage, applications.c.signed_on)
            .where(applications.c.application_id == application_id)
            .with_for_update()
        )
    ).first()
    if app is None:
        raise invalid("#/application_id", f"No application {application_id}.")
    if app.stage != ProcedureStage.POST_INVESTMENT.value:
        rule = RULES["FUND-PROC-STAGES"]
        raise ProblemError(
            RULE_VIOLATION,
            f"The application is at stage {app.stage}: a sub-fund is registered only from a "
            "signed application (stage post_investment).",
            rule_id=rule.id,
            clause=rule.clause,
            stage=app.stage,
            application_id=str(application_id),
        )
    linked = await session.scalar(
        sa.select(sub_funds.c.sub_fund_id).where(sub_funds.c.application_id == application_id)
    )
    if linked is not None:
        raise ProblemError(
            CONFLICT,
            "The application is linked to a sub-fund already.",
            sub_fund_id=str(linked),
            application_id=str(application_id),
        )
    return app


async def register(
    session: AsyncSession,
    body: SubFundCreate,
    *,
    principal: Principal,
    params: ParameterSet,
    today: date,
    request_id: str | None,
) -> uuid.UUID:
    signed_on = body.agreement_signed_on
    if body.application_id is not None:
        app = await _linkable_application(session, body.application_id)
        signed_on = signed_on or app.signed_on
    if body.registered_on > today:
        raise invalid("#/registered_on", "registered_on is in the future.")
    now = datetime.now(UTC)
    sub_fund_id = uuid.uuid4()
    created = created_stamp(principal, request_id, now)
    values = {
        "sub_fund_id": sub_fund_id,
        "name": body.name,
        "application_id": body.application_id,
        "region": body.region,
        "size": body.size,
        "mother_fund_commitment": body.mother_fund_commitment,
        "agreement_signed_on": signed_on,
        "registered_on": body.registered_on,
        "investment_years": body.term.investment_years,
        "exit_years": body.term.exit_years,
        "extension_years": body.term.extension_years,
        "reporting_from": body.reporting_from or body.registered_on,
        "version": 1,
        "updated_at": now,
        **created,
    }
    await session.execute(sa.insert(sub_funds).values(**values))
    await session.execute(
        sa.insert(contributors),
        [
            {
                "contributor_id": uuid.uuid4(),
                "sub_fund_id": sub_fund_id,
                "position": i,
                "name": c.name,
                "role": c.role.value,
                "commitment": c.commitment,
                **created,
            }
            for i, c in enumerate(body.contributors)
        ],
    )
    row = await get_row(session, sub_fund_id)
    await audit.append(
        session,
        principal,
        request_id,
        "sub_fund.register",
        "sub_fund",
        sub_fund_id,
        None,
        {
            **{k: v for k, v in values.items() if k not in created},
            "contributors": body.contributors,
        },
    )
    await reporting.generate_schedule(
        session,
        row,
        through=date(row.reporting_from.year + 2, 12, 31),
        principal=principal,
        params=params,
        request_id=request_id,
        now=now,
    )
    return sub_fund_id


async def _contributor_rows(session: AsyncSession, sub_fund_id: uuid.UUID) -> list[Any]:
    return list(
        (
            await session.execute(
                sa.select(contributors)
                .where(contributors.c.sub_fund_id == sub_fund_id)
                .order_by(contributors.c.position)
            )
        ).all()
    )


async def _paid_by_contributor(
    session: AsyncSession, sub_fund_id: uuid.UUID, on: date | None = None
) -> dict[uuid.UUID, Decimal]:
    cond = [paid_in_payments.c.sub_fund_id == sub_fund_id]
    if on is not None:
        cond.append(paid_in_payments.c.paid_on <= on)
    rows = await session.execute(
        sa.select(paid_in_payments.c.contributor_id, sa.func.sum(paid_in_payments.c.amount))
        .where(*cond)
        .group_by(paid_in_payments.c.contributor_id)
    )
    return {r[0]: Decimal(r[1]) for r in rows}


def _contributor_out(c: Any, paid: Decimal) -> dict[str, Any]:
    return {
        "contributor_id": c.contributor_id,
        "name": c.name,
        "role": c.role,
        "commitment": c.commitment,
        "paid_in": paid,
        "outstanding": c.commitment - paid,
        "paid_in_ratio": ratio(paid, c.commitment),
    }


async def sub_fund_out(session: AsyncSession, sub_fund_id: uuid.UUID) -> dict[str, Any]:
    row = await get_row(session, sub_fund_id)
    cs = await _contributor_rows(session, sub_fund_id)
    paid = await _paid_by_contributor(session, sub_fund_id)
    return {
        **{
            k: getattr(row, k)
            for k in (
                "sub_fund_id",
                "name",
                "application_id",
                "region",
                "size",
                "mother_fund_commitment",
                "registered_on",
                "agreement_signed_on",
                "reporting_from",
                "version",
                "created_at",
                "created_by",
                "updated_at",
            )
        },
        "mother_fund_share": ratio(row.mother_fund_commitment, row.size),
        "term": {
            "investment_years": row.investment_years,
            "exit_years": row.exit_years,
            "extension_years": row.extension_years,
            "ends_on": term_end(row),
        },
        "contributors": [_contributor_out(c, paid.get(c.contributor_id, ZERO)) for c in cs],
        "paid_in_total": sum(paid.values(), ZERO),
        "warnings": warnings_for(await provisional_open(session, sub_fund_id)),
    }


@dataclass(frozen=True, slots=True)
class SubFundFilter:
    name: str | None = None
    region: str | None = None
    application_id: uuid.UUID | None = None
    linked: bool | None = None
    registered_from: date | None = None
    registered_to: date | None = None


async def list_sub_funds(
    session: AsyncSession, f: SubFundFilter, *, after: int | None, limit: int
) -> tuple[list[dict[str, Any]], str | None]:
    cond: list[sa.ColumnElement[bool]] = []
    if f.name:
        cond.append(name_contains(sub_funds.c.name, f.name))
    if f.region:
        cond.append(sub_funds.c.region == f.region)
    if f.application_id:
        cond.append(sub_funds.c.application_id == f.application_id)
    if f.linked is not None:
        col = sub_funds.c.application_id
        cond.append(col.is_not(None) if f.linked else col.is_(None))
    if f.registered_from:
        cond.append(sub_funds.c.registered_on >= f.registered_from)
    if f.registered_to:
        cond.append(sub_funds.c.registered_on <= f.registered_to)
    page, cursor = await seq_page(
        session, sa.select(sub_funds).where(*cond), sub_funds.c.seq, after, limit=limit
    )
    return [r._asdict() for r in page], cursor


# ---- paid-in ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Payment:
    contributor: Any
    amount: Decimal
    paid_on: date


def _resolve_payments(body: PaidInCreate, cs: Sequence[Any], today: date) -> list[_Payment]:
    by_id = {c.contributor_id: c for c in cs}
    by_name = {c.name: c for c in cs}
    out: list[_Payment] = []
    seen: set[uuid.UUID] = set()
    for i, p in enumerate(body.payments):
        c = by_id.get(p.contributor_id) if p.contributor_id else by_name.get(p.contributor or "")
        if c is None:
            raise invalid(
                f"#/payments/{i}", f"{p.contributor_id or p.contributor} is not a contributor."
            )
        if c.contributor_id in seen:
            raise invalid(f"#/payments/{i}", f"{c.name} is listed twice in the tranche.")
        if p.paid_on > today:
            raise invalid(f"#/payments/{i}/paid_on", "paid_on is in the future.")
        seen.add(c.contributor_id)
        out.append(_Payment(c, p.amount, p.paid_on))
    return out


async def _others_paid_through(
    session: AsyncSession, sub_fund_id: uuid.UUID, mother_id: uuid.UUID, on: date
) -> Decimal:
    total = await session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(paid_in_payments.c.amount), 0)).where(
            paid_in_payments.c.sub_fund_id == sub_fund_id,
            paid_in_payments.c.contributor_id != mother_id,
            paid_in_payments.c.paid_on <= on,
        )
    )
    return Decimal(total or 0)


async def record_tranche(
    session: AsyncSession,
    sub_fund_id: uuid.UUID,
    body: PaidInCreate,
    *,
    principal: Principal,
    params: ParameterSet,
    today: date,
    request_id: str | None,
) -> dict[str, Any]:
    row = await get_row(session, sub_fund_id, lock=True)
    cs = await _contributor_rows(session, sub_fund_id)
    payments = _resolve_payments(body, cs, today)
    paid = await _paid_by_contributor(session, sub_fund_id)
    for i, p in enumerate(payments):
        after = paid.get(p.contributor.contributor_id, ZERO) + p.amount
        if after > p.contributor.commitment:
            raise invalid(
                f"#/payments/{i}/amount",
                f"{p.contributor.name} would have paid {after}, more than its commitment "
                f"{p.contributor.commitment}.",
            )
    mother = next(c for c in cs if c.role == Role.MOTHER_FUND.value)
    others_commitment = sum((c.commitment for c in cs if c is not mother), ZERO)
    mother_pay = next((p for p in payments if p.contributor is mother), None)
    others_now = [p for p in payments if p.contributor is not mother]
    # The mother fund's payment counts the others' money in by its own day: it pays last.
    cutoff = mother_pay.paid_on if mother_pay else max(p.paid_on for p in payments)
    others_paid = await _others_paid_through(
        session, sub_fund_id, mother.contributor_id, cutoff
    ) + sum((p.amount for p in others_now if p.paid_on <= cutoff), ZERO)
    allowance = mother_fund_pay_in(
        PayInFacts(
            subfund_registered=cutoff >= row.registered_on,
            mother_fund_commitment=mother.commitment,
            mother_fund_paid_in=paid.get(mother.contributor_id, ZERO),
            others_commitment=others_commitment,
            others_paid_in=others_paid,
            others_overdue=body.others_overdue,
        ),
        as_of=cutoff,
        proposed=mother_pay.amount if mother_pay else None,
        params=params,
        region=row.region,
    )
    decision = allowance.decision
    if decision.failed_rules:
        _refuse_last_in(decision, [p.contributor.name for p in others_now if p.paid_on > cutoff])

    now = datetime.now(UTC)
    decision_id = await store_decision(session, decision, principal)
    tranche_id = uuid.uuid4()
    created = created_stamp(principal, request_id, now)
    await session.execute(
        sa.insert(paid_in_tranches).values(
            tranche_id=tranche_id,
            sub_fund_id=sub_fund_id,
            called_on=body.called_on,
            note=body.note,
            decision_id=decision_id,
            **created,
        )
    )
    rows = [
        {
            "payment_id": uuid.uuid4(),
            "tranche_id": tranche_id,
            "sub_fund_id": sub_fund_id,
            "contributor_id": p.contributor.contributor_id,
            "amount": p.amount,
            "paid_on": p.paid_on,
        }
        for p in payments
    ]
    await session.execute(sa.insert(paid_in_payments), rows)
    await touch(session, sub_fund_id, now)
    out = _tranche_out(
        {
            "tranche_id": tranche_id,
            "sub_fund_id": sub_fund_id,
            "called_on": body.called_on,
            "note": body.note,
            "decision_id": decision_id,
            **created,
        },
        [
            {**r, "contributor": p.contributor.name, "role": p.contributor.role}
            for r, p in zip(rows, payments, strict=True)
        ],
    )
    await audit.append(
        session,
        principal,
        request_id,
        "sub_fund.paid_in",
        "paid_in_tranche",
        tranche_id,
        None,
        {k: v for k, v in out.items() if k not in ("created_at", "created_by")},
    )
    out["decision"] = decision_out(decision)
    return out


def _refuse_last_in(decision: Decision, later: list[str]) -> None:
    finding = next(f for f in decision.findings if f.rule_id == "FUND-RISK-LAST-IN")
    rule = RULES["FUND-RISK-LAST-IN"]
    detail = finding.message_en
    if later:
        detail += f" The mother fund pays last: {', '.join(later)} paid after it."
    raise ProblemError(
        RULE_VIOLATION,
        detail,
        rule_id=rule.id,
        clause=rule.clause,
        message_zh=finding.message_zh,
        message_en=finding.message_en,
        failed_rules=decision.failed_rules,
        paid_after_mother_fund=later,
        findings=jsonable([f.as_dict() for f in decision.findings]),
    )


def _tranche_out(t: Mapping[str, Any], payments: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    return {
        **{
            k: t[k]
            for k in (
                "tranche_id",
                "sub_fund_id",
                "called_on",
                "note",
                "decision_id",
                "created_at",
                "created_by",
            )
        },
        "payments": [
            {
                k: p[k]
                for k in (
                    "payment_id",
                    "contributor_id",
                    "contributor",
                    "role",
                    "amount",
                    "paid_on",
                )
            }
            for p in payments
        ],
        "total": sum((Decimal(p["amount"]) for p in payments), ZERO),
    }


async def list_tranches(
    session: AsyncSession,
    sub_fund_id: uuid.UUID,
    *,
    after: int | None,
    limit: int,
    today: date,
    params: ParameterSet,
) -> dict[str, Any]:
    row = await get_row(session, sub_fund_id)
    page, cursor = await seq_page(
        session,
        sa.select(paid_in_tranches).where(paid_in_tranches.c.sub_fund_id == sub_fund_id),
        paid_in_tranches.c.seq,
        after,
        limit=limit,
    )
    pays = (
        await session.execute(
            sa.select(paid_in_payments, contributors.c.name, contributors.c.role)
            .join(contributors)
            .where(paid_in_payments.c.tranche_id.in_([t.tranche_id for t in page]))
            .order_by(contributors.c.position)
        )
    ).all()
    by_tranche: dict[uuid.UUID, list[dict[str, Any]]] = {}
    for p in pays:
        by_tranche.setdefault(p.tranche_id, []).append({**p._asdict(), "contributor": p.name})
    cs = await _contributor_rows(session, sub_fund_id)
    paid = await _paid_by_contributor(session, sub_fund_id)
    mother = next(c for c in cs if c.role == Role.MOTHER_FUND.value)
    others_commitment = sum((c.commitment for c in cs if c is not mother), ZERO)
    others_paid = sum((v for k, v in paid.items() if k != mother.contributor_id), ZERO)
    mother_paid = paid.get(mother.contributor_id, ZERO)
    allowance = mother_fund_pay_in(
        PayInFacts(
            today >= row.registered_on,
            mother.commitment,
            mother_paid,
            others_commitment,
            others_paid,
            False,
        ),
        as_of=today,
        params=params,
        region=row.region,
    )
    return {
        "items": [_tranche_out(t._asdict(), by_tranche.get(t.tranche_id, [])) for t in page],
        "next_cursor": cursor,
        "limit": limit,
        "totals": [_contributor_out(c, paid.get(c.contributor_id, ZERO)) for c in cs],
        "paid_in_total": sum(paid.values(), ZERO),
        "mother_fund": {
            "as_of": today,
            "others_paid_in_ratio": ratio(others_paid, others_commitment),
            "allowed_total": allowance.allowed_total,
            "paid_in": mother_paid,
            "due_now": allowance.due_now,
            "may_refuse": allowance.may_refuse,
        },
    }


async def mother_fund_payments(
    session: AsyncSession, sub_fund_id: uuid.UUID, *, through: date
) -> list[tuple[Decimal, date]]:
    """The mother fund's paid-in records up to `through`, oldest first."""
    rows = await session.execute(
        sa.select(paid_in_payments.c.amount, paid_in_payments.c.paid_on)
        .join(contributors)
        .where(
            paid_in_payments.c.sub_fund_id == sub_fund_id,
            contributors.c.role == Role.MOTHER_FUND.value,
            paid_in_payments.c.paid_on <= through,
        )
        .order_by(paid_in_payments.c.paid_on)
    )
    return [(Decimal(r.amount), r.paid_on) for r in rows]


# ---- early exit -------------------------------------------------------------------------------


async def early_exit_check(
    session: AsyncSession,
    sub_fund_id: uuid.UUID,
    body: EarlyExitCheck,
    *,
    params: ParameterSet,
    today: date,
) -> dict[str, Any]:
    row = await get_row(session, sub_fund_id)
    as_of = body.as_of or today
    signed_on = body.agreement_signed_on or row.agreement_signed_on
    if signed_on is None:
        raise invalid(
            "#/agreement_signed_on",
            "The sub-fund has no agreement signing day on record: give agreement_signed_on.",
        )
    invested = (
        await session.execute(
            sa.select(investments.c.invested_on)
            .where(
                investments.c.sub_fund_id == sub_fund_id,
                investments.c.status == "accepted",
                investments.c.source == "sub_fund",
                investments.c.asset_class != AssetClass.BANK_DEPOSIT.value,
                investments.c.invested_on <= as_of,
            )
            .order_by(investments.c.invested_on)
        )
    ).scalars()
    payments = await mother_fund_payments(session, sub_fund_id, through=as_of)
    registered_on = row.registered_on if row.registered_on <= as_of else None
    facts = EarlyExitFacts(
        agreement_signed_on=signed_on,
        registered_on=registered_on,
        registration_delayed_by_force_majeure=body.registration_delayed_by_force_majeure,
        amac_filed_on=body.amac_filed_on,
        investment_dates=tuple(invested),
        mother_fund_disbursed_on=payments[0][1] if payments else None,
        not_investing_as_agreed_unrectified=body.not_investing_as_agreed_unrectified,
        non_compliant_investments=body.non_compliant_investments,
        penalised_for_illegal_operation=body.penalised_for_illegal_operation,
        manager_control_changed=body.manager_control_changed,
        core_team_members=body.core_team_members,
        core_team_members_changed=body.core_team_members_changed,
        manager_change_approved=body.manager_change_approved,
    )
    triggers, unpublished = allowing_provisional(
        partial(early_exit_triggers, facts, as_of=as_of, params=params, region=row.region)
    )
    provisional = () if unpublished is None else (provisional_warning(unpublished),)
    floor = early_exit_floor(
        [PaidInTranche(a, d) for a, d in payments],
        exit_on=as_of,
        demand_deposit_rate=body.demand_deposit_rate,
        agreed_price=body.agreed_price,
        params=params,
        region=row.region,
    )
    combined = replace(
        triggers,
        subject="fund.early_exit",
        findings=triggers.findings + floor.decision.findings,
        parameters_used={**triggers.parameters_used, **floor.decision.parameters_used},
        warnings=tuple(dict.fromkeys(triggers.warnings + floor.decision.warnings + provisional)),
        result={**triggers.result, **floor.decision.result},
    )
    held: list[str] = list(triggers.result.get("triggers", []))
    return {
        "sub_fund_id": sub_fund_id,
        "as_of": as_of,
        "triggers": held,
        "exit_may_be_requested": bool(held),
        "principal": floor.principal,
        "interest": floor.interest,
        "floor_price": floor.floor,
        "demand_deposit_rate": body.demand_deposit_rate,
        "tranches": [{"amount": a, "paid_on": d, "days": (as_of - d).days} for a, d in payments],
        "agreed_price_ok": None if body.agreed_price is None else body.agreed_price >= floor.floor,
        "decision": decision_out(combined),
    }
