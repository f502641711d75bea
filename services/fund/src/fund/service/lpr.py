"""The 1-year LPR reference data: the quote in force on a day, the history, operator corrections.

Quotes are stored as published (percent, NUMERIC(6,3)); the domain works with fractions
(`fund.domain.LprQuote`). The quote in force on a day is the latest published on or before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from fund.api.calc_schemas import PreLiquidationCalc
from fund.db.tables import lpr_quotes
from fund.domain import (
    Buyer,
    FundDomainError,
    LprQuote,
    PreLiquidationFacts,
    pick_lpr,
    pre_liquidation_price,
)
from fund.domain.parameters import CONC_DAY_COUNT
from govkit import audit
from govkit.http.auth import Principal
from govkit.http.request_id import current_request_id
from govkit.platform.computations import decision_body, scenario, what_if
from govkit.rules import ParameterSet

_CENT = Decimal("0.01")


def percent_text(value: Decimal | None) -> str | None:
    """3.450 → "3.45", 3.455 → "3.455": as published, never fewer than 2 places."""
    if value is None:
        return None
    short = value.quantize(_CENT)
    return str(short if short == value else value.normalize())


def quote_view(row: Any) -> dict[str, Any]:
    return {
        "published_on": row.published_on,
        "lpr_1y_percent": percent_text(row.lpr_1y_percent),
        "lpr_5y_percent": percent_text(row.lpr_5y_percent),
        "rate_1y": str((row.lpr_1y_percent / 100).normalize()),
        "source": row.source,
        "created_at": row.created_at,
        "created_by": row.created_by,
        "updated_at": row.updated_at,
    }


def as_domain(row: Any) -> LprQuote:
    return LprQuote.from_percent(row.lpr_1y_percent, row.published_on)


async def in_force(session: AsyncSession, on: date) -> Any | None:
    """The row of the latest quote published on or before `on`, or None."""
    return (
        await session.execute(
            sa.select(lpr_quotes)
            .where(lpr_quotes.c.published_on <= on)
            .order_by(lpr_quotes.c.published_on.desc())
            .limit(1)
        )
    ).first()


async def list_quotes(
    session: AsyncSession,
    *,
    date_from: date | None,
    date_to: date | None,
    before: date | None,
    limit: int,
) -> list[Any]:
    """Newest first; `before` is the keyset cursor (exclusive). Fetches `limit` rows."""
    cond: list[sa.ColumnElement[bool]] = []
    if date_from is not None:
        cond.append(lpr_quotes.c.published_on >= date_from)
    if date_to is not None:
        cond.append(lpr_quotes.c.published_on <= date_to)
    if before is not None:
        cond.append(lpr_quotes.c.published_on < before)
    rows = await session.execute(
        sa.select(lpr_quotes).where(*cond).order_by(lpr_quotes.c.published_on.desc()).limit(limit)
    )
    return list(rows.all())


@dataclass(frozen=True, slots=True)
class QuoteValues:
    lpr_1y_percent: Decimal
    lpr_5y_percent: Decimal | None
    source: str


_AUDITED = ("published_on", "lpr_1y_percent", "lpr_5y_percent", "source")


def _audit_view(row: Any) -> dict[str, Any]:
    return {
        "published_on": row.published_on,
        "lpr_1y_percent": percent_text(row.lpr_1y_percent),
        "lpr_5y_percent": percent_text(row.lpr_5y_percent),
        "source": row.source,
    }


async def put_quote(
    session: AsyncSession, published_on: date, values: QuoteValues, *, principal: Principal
) -> tuple[dict[str, Any], bool]:
    """Create or correct the quote published on `published_on`; audited with before and after.

    Returns the quote and whether it was created. The same values again change nothing and
    add no audit record.
    """
    # Serialise writers of this day, so "created" and the audited "before" are always right.
    await session.execute(
        sa.select(
            sa.func.pg_advisory_xact_lock(sa.func.hashtextextended(f"fund.lpr:{published_on}", 0))
        )
    )
    before = (
        await session.execute(
            sa.select(lpr_quotes).where(lpr_quotes.c.published_on == published_on)
        )
    ).first()
    if (
        before is not None
        and before.lpr_1y_percent == values.lpr_1y_percent
        and before.lpr_5y_percent == values.lpr_5y_percent
        and before.source == values.source
    ):
        return quote_view(before), False
    now = datetime.now(UTC)
    changes = {
        "lpr_1y_percent": values.lpr_1y_percent,
        "lpr_5y_percent": values.lpr_5y_percent,
        "source": values.source,
        "updated_at": now,
    }
    statement: sa.Insert | sa.Update
    if before is None:
        statement = sa.insert(lpr_quotes).values(
            published_on=published_on,
            created_at=now,
            created_by=principal.client_id,
            request_id=current_request_id(),
            **changes,
        )
    else:
        statement = (
            sa.update(lpr_quotes).where(lpr_quotes.c.published_on == published_on).values(**changes)
        )
    after = (await session.execute(statement.returning(*lpr_quotes.c))).one()
    await audit.append(
        session,
        principal,
        None,
        "lpr_quote.created" if before is None else "lpr_quote.corrected",
        "lpr_quote",
        published_on.isoformat(),
        _audit_view(before) if before is not None else None,
        _audit_view(after),
    )
    return quote_view(after), before is None


# ---- the pre-liquidation price (五（二）1), which reads the quote in force on the base date ------


_NOT_CHECKED = (
    "The 80% invested condition was not checked: subfund_paid_in_capital and "
    "subfund_external_investment were not given, so the price assumes it holds."
)


async def pre_liquidation(
    session: AsyncSession, body: PreLiquidationCalc, params: ParameterSet
) -> dict[str, Any]:
    row = await in_force(session, body.base_date)
    quote = as_domain(row) if row is not None else None
    checked = body.subfund_paid_in_capital is not None
    facts = PreLiquidationFacts(
        buyer=body.buyer,
        original_investment=body.original_investment,
        first_paid_in_on=body.first_paid_in_on,
        base_date=body.base_date,
        # Not given: zero against zero meets "80% of paid-in"; the answer says so.
        subfund_paid_in_capital=body.subfund_paid_in_capital or Decimal(0),
        subfund_external_investment=body.subfund_external_investment or Decimal(0),
        investments_compliant=body.investments_compliant,
    )
    used = scenario(params, body.parameter_overrides)
    try:
        with what_if(body.parameter_overrides):
            price = pre_liquidation_price(facts, lpr=quote, params=used, region=body.region)
    except FundDomainError as exc:
        if quote is None and exc.rule_id == "FUND-CONC-PRE-LATER":
            pick_lpr((), body.base_date)  # raises: no quote published on or before the base date
        raise
    decision = decision_body(price.decision, body.parameter_overrides)
    warnings = [] if checked else [_NOT_CHECKED]
    decision["warnings"] = [*decision["warnings"], *warnings]
    basis = price.decision.parameters_used.get(CONC_DAY_COUNT, {}).get("value")
    return {
        "price": price.price,
        "interest": price.interest,
        "auction_floor": body.buyer is Buyer.THIRD_PARTY,
        "within_free_period": price.within_free_period,
        "free_period_end": price.free_period_end,
        "year5_start": price.year5_start,
        "whole_years": price.whole_years,
        "remaining_days": price.remaining_days,
        "day_count_basis": int(basis) if basis is not None else 365,
        "lpr": None
        if price.lpr is None or row is None
        else {
            "published_on": row.published_on,
            "lpr_1y_percent": percent_text(row.lpr_1y_percent),
            "rate": str(price.lpr.rate.normalize()),
            "source": row.source,
        },
        "eligible": price.eligible,
        "warnings": warnings,
        "decision": decision,
    }
