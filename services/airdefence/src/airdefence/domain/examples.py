"""The worked examples of rules/airdefence.md as request facts: OpenAPI examples, tests and the
benchmark use the same ones."""

from __future__ import annotations

from typing import Any

# 1. State-owned construction land, built under the 结建 obligation → the state, free of charge.
STATE_LAND_JIEJIAN: dict[str, Any] = {
    "as_of": "2024-06-01",
    "county": "330302",
    "land": "state_owned_construction",
    "jiejian": True,
    "land_supply_plan_states_state_ownership": True,
    "builder_category": "other",
    "in_enclosed_area": False,
    "accepted_on": "2024-05-20",
    "handed_over_on": "2024-05-28",
}
# 1. A village's self-built project on retained land → not transferred or registered; wartime use.
VILLAGE_RETAINED: dict[str, Any] = {
    "as_of": "2024-06-01",
    "county": "330324",
    "land": "village_retained",
    "jiejian": True,
    "land_supply_plan_states_state_ownership": None,
    "builder_category": "village_collective",
    "in_enclosed_area": False,
    "accepted_on": "2024-05-20",
}
# 2. A public institution's project → registered to it.
PUBLIC_INSTITUTION: dict[str, Any] = {
    **STATE_LAND_JIEJIAN,
    "builder_category": "public_institution",
    "handed_over_on": None,
}
# 2. Any project inside the city development group's enclosed area → the group.
ENCLOSED_AREA: dict[str, Any] = {
    **STATE_LAND_JIEJIAN,
    "builder_category": "other",
    "in_enclosed_area": True,
    "handed_over_on": None,
}
# 2. A private developer's project elsewhere → the designated state-owned enterprise after a
#    recorded free handover (STATE_LAND_JIEJIAN has the handover); before it:
DEVELOPER_BEFORE_HANDOVER: dict[str, Any] = {**STATE_LAND_JIEJIAN, "handed_over_on": None}
# 2. Before completion acceptance → registration refused (AD-REG-ACCEPTANCE).
BEFORE_ACCEPTANCE: dict[str, Any] = {
    **STATE_LAND_JIEJIAN,
    "accepted_on": None,
    "handed_over_on": None,
}

# 3. Basement 10,000 m² used for parking: 2,500 m² passes, 2,499.99 fails; storage: n/a; one
#    public space inside the air-defence area fails AD-PARK-PUBLIC.
PARKING_EXACTLY_25: dict[str, Any] = {
    "as_of": "2024-06-01",
    "basement_floor_area": "10000.00",
    "peacetime_use": "motor_vehicle_parking",
    "net_parking_area": "2500.00",
    "public_spaces_in_air_defence_area": 0,
}
PARKING_JUST_BELOW: dict[str, Any] = {**PARKING_EXACTLY_25, "net_parking_area": "2499.99"}
STORAGE: dict[str, Any] = {
    **PARKING_EXACTLY_25,
    "peacetime_use": "storage",
    "net_parking_area": None,
}
ONE_PUBLIC_SPACE: dict[str, Any] = {**PARKING_EXACTLY_25, "public_spaces_in_air_defence_area": 1}

# 4. 100 spaces, 80 requests from the community's owners and 40 from others.
ALLOCATION_SPACES = 100


def allocation_requests(owners: int = 80, others: int = 40) -> list[dict[str, Any]]:
    """Requests in arrival order: the others' interleaved with the owners' (every third)."""
    out: list[dict[str, Any]] = []
    o = n = 0
    while o < owners or n < others:
        if n < others and (len(out) % 3 == 2 or o >= owners):
            n += 1
            out.append({"ref": f"other-{n:03d}", "community_owner": False})
        else:
            o += 1
            out.append({"ref": f"owner-{o:03d}", "community_owner": True})
    return out
