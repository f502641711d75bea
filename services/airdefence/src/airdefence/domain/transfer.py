"""A transfer of the works (AD-TRANSFER): the owner's bankruptcy liquidation or a transfer of
registration moves the duties to the receiver, who keeps the works ready for war under the
air-defence authority's supervision."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from airdefence.domain.errors import AirDefenceDomainError
from airdefence.domain.evaluation import AirDefenceEvaluation
from govkit.rules import Decision, Outcome, ParameterSet


class TransferKind(StrEnum):
    BANKRUPTCY_LIQUIDATION = "bankruptcy_liquidation"  # 产权人破产清算
    TRANSFER_REGISTRATION = "transfer_registration"  # 转移登记


_KIND_ZH = {
    TransferKind.BANKRUPTCY_LIQUIDATION: "产权人破产清算",
    TransferKind.TRANSFER_REGISTRATION: "转移登记",
}


def evaluate_transfer(
    kind: TransferKind,
    *,
    on: date,
    owner_uscc: str,
    receiver_uscc: str,
    receiver_name: str,
    owner_since: date,
    params: ParameterSet,
    region: str | None = None,
) -> Decision:
    """AD-TRANSFER for a transfer on `on` from the owner (its title since `owner_since`: the
    registration or the last transfer) to the receiver."""
    if receiver_uscc == owner_uscc:
        raise AirDefenceDomainError(
            "AD-TRANSFER",
            "接受方与现产权人相同。",
            "The receiver is the current owner.",
            pointer="#/receiver/uscc",
        )
    if on < owner_since:
        raise AirDefenceDomainError(
            "AD-TRANSFER",
            f"转移日期{on}早于现产权人取得产权之日（{owner_since}）。",
            f"The transfer on {on} precedes the current owner's title ({owner_since}).",
            pointer="#/transferred_on",
        )
    ev = AirDefenceEvaluation(params, on, region)
    ev.add(
        "AD-TRANSFER",
        Outcome.PASS,
        f"{_KIND_ZH[kind]}：人防资产接受方{receiver_name}承担人防工程日常维护和平战转换等费用，"
        "保持其战备功能，并接受人防主管部门的监督检查；未完成的维护管理义务转由接受方承担。",
        f"{kind.value}: the receiver {receiver_name} bears the routine maintenance and "
        "peace-to-war conversion costs, keeps the works ready for war and is supervised by the "
        "air-defence authority; the open duties move to the receiver.",
        {"kind": kind.value, "on": on, "receiver_name": receiver_name},
    )
    return ev.decision("airdefence.transfer", {"kind": kind.value, "duties_move_to": "receiver"})
