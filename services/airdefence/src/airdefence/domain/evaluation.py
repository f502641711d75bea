"""The air-defence evaluation context: govkit's `PolicyEvaluation` under 温政办〔2021〕71号's
window (`catalogue.POLICY`), so every finding cites its clause and an evaluation dated before
the policy took effect is flagged and read with the parameters of its first day."""

from __future__ import annotations

from airdefence.domain.catalogue import POLICY
from govkit.rules.evaluation import PolicyEvaluation


class AirDefenceEvaluation(PolicyEvaluation):
    __slots__ = ()
    POLICY = POLICY
