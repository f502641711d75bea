"""The arithmetic shared by the layers: deductibles, ratios, caps and the high-cost resolution.

Each payout is rounded half up to the fen as it is computed, so every later remainder is exact
and the layers add up to the total cost to the fen.
"""

from __future__ import annotations

from decimal import Decimal

from govkit.money import to_fen

ZERO = Decimal("0.00")


def left(limit: Decimal, used: Decimal) -> Decimal:
    """What remains of a deductible, cap or limit (never negative)."""
    return max(ZERO, limit - used)


def after_deductible(
    amount: Decimal, deductible_left: Decimal, rate: Decimal
) -> tuple[Decimal, Decimal]:
    """(payout, deductible consumed): the part of `amount` above the deductible left, × rate."""
    consumed = min(amount, deductible_left)
    return to_fen((amount - consumed) * rate), consumed


def capped(amount: Decimal, room: Decimal | None) -> Decimal:
    return amount if room is None else min(amount, room)


def high_cost_resolution(
    self_pay_before: Decimal, self_pay: Decimal, threshold: Decimal
) -> Decimal:
    """H = max(0, G_after − T) − max(0, G_before − T): only the part of this claim above T."""
    return max(ZERO, self_pay_before + self_pay - threshold) - max(
        ZERO, self_pay_before - threshold
    )
