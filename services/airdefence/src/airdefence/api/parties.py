"""`GET /airdefence/v1/parties/{uscc}`: an organisation's works in one call, as builder and as
registered owner, for the gateway's merged views of a party across services."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import BaseModel, ConfigDict, Field

from airdefence.api.deps import PREFIX, READ, documented
from airdefence.api.works_schemas import WorksSummary
from airdefence.service import works as svc
from govkit.db import SessionDep
from govkit.http.auth import Principal, requires
from govkit.http.problem import VALIDATION, ProblemError
from govkit.ids import InvalidIdentifier, validate_uscc

router = APIRouter(prefix=PREFIX, tags=["parties"])

MAX_WORKS = 500
_EXAMPLE: Any = {
    "uscc": "91330300MA2N4P5Q6Q",
    "name": "温州市人防资产经营有限公司",
    "as_builder": [],
    "as_owner": [
        {
            "works_id": "5d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b",
            "name": "某某花园防空地下室",
            "project_name": "鹿城区某某花园住宅项目",
            "county": "330302",
            "builder": {
                "uscc": "91330302MA2C3D4E5Q",
                "name": "温州某某房地产开发有限公司",
                "category": "other",
            },
            "owner": {"uscc": "91330300MA2N4P5Q6Q", "name": "温州市人防资产经营有限公司"},
            "peacetime_use": "motor_vehicle_parking",
            "basement_floor_area": "10000.00",
            "status": "registered",
            "ownership": "state",
            "registration_subject": "designated_state_enterprise",
            "version": 4,
        }
    ],
    "counts": {"as_builder": 0, "as_owner": 1},
    "truncated": False,
}


class AirDefencePartyOut(BaseModel):
    """The works an organisation built or owns (registered owner), in recording order."""

    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE]})

    uscc: str
    name: str | None = Field(description="The name the register knows it by (null: no works)")
    as_builder: list[WorksSummary] = Field(description="建设单位 Works it built")
    as_owner: list[WorksSummary] = Field(description="产权人 Works registered to it now")
    counts: dict[str, int] = Field(description="How many of each (beyond the lists if truncated)")
    truncated: bool = Field(description=f"More than {MAX_WORKS} in a list: the first shown")


@router.get(
    "/parties/{uscc}",
    response_model=AirDefencePartyOut,
    summary="机构名下人防工程 An organisation's works as builder and as owner (one call)",
    description="按统一社会信用代码（GB 32100，校验位核验；无效为422）查询该机构作为建设单位、作为现产权人的"
    "人防工程。 For the gateway's merged views: every works where the organisation is the "
    "builder or the registered owner now, in recording order (at most 500 per list, "
    "`truncated` says when more exist; `counts` has the totals). An organisation with no "
    "works answers 200 with empty lists.",
    responses=documented(AirDefencePartyOut, 200, "Its works", VALIDATION),
)
async def party_works(
    uscc: Annotated[
        str,
        Path(
            min_length=18,
            max_length=18,
            description="统一社会信用代码",
            examples=["91330300MA2N4P5Q6Q"],
        ),
    ],
    session: SessionDep,
    _: Principal = requires(READ),
) -> AirDefencePartyOut:
    try:
        code = validate_uscc(uscc)
    except InvalidIdentifier as exc:
        raise ProblemError(
            VALIDATION,
            str(exc),
            errors=[{"in": "path", "name": "uscc", "pointer": "#/uscc", "detail": str(exc)}],
        ) from None
    found = await svc.works_of_party(session, code, limit=MAX_WORKS)
    return AirDefencePartyOut.model_validate(found)
