from decimal import Decimal

import pytest
from pydantic import BaseModel, ValidationError

from govkit.money import Money, to_fen, wan


class Amount(BaseModel):
    amount: Money


def test_round_half_up_to_the_fen() -> None:
    assert to_fen(Decimal("1826136.985")) == Decimal("1826136.99")
    assert to_fen(Decimal("0.004")) == Decimal("0.00")
    assert to_fen(Decimal("-2.345")) == Decimal("-2.35")
    assert wan(5000) == Decimal("50000000")


def test_money_is_a_decimal_string_in_json() -> None:
    a = Amount(amount="30000000")
    assert a.amount == Decimal("30000000.00")
    assert a.model_dump_json() == '{"amount":"30000000.00"}'
    assert Amount.model_json_schema()["properties"]["amount"]["type"] == "string"


@pytest.mark.parametrize("bad", ["1.001", "abc", "NaN", "Infinity", True, [1], "1e20"])
def test_money_refuses_what_is_not_fen(bad: object) -> None:
    with pytest.raises(ValidationError):
        Amount(amount=bad)
