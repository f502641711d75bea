"""Every rule of rules/housing.md, cited by the document's own numbering (温政办〔2021〕75号).

All 24 are `computed` as the catalogue says: each is derived from data (a register's answer, a
contract, a list of months, unit areas, rents, opinions, yearly figures). Where the catalogue's
summary and the text disagree, the summary here follows the text (the text wins); the
differences are listed in docs/api-guide.md under "Housing".
"""

from __future__ import annotations

from govkit.rules import Rule, RuleBook, RuleKind
from housing.domain import parameters as p
from housing.domain.policy import clause

RULES_VERSION = "wzb-2021-75.r1"

C = RuleKind.COMPUTED


def _rule(rule_id: str, ref: str, summary: str, *params: str) -> Rule:
    return Rule(id=rule_id, clause=clause(ref), summary=summary, kind=C, parameters=params)


_RULES = (
    # 一（三）, 三, 四（一） districts, targets and land
    _rule(
        "HOUS-TARGET-SHARE",
        "一（三）",
        "Per district and year of the 14th Five-Year Plan (2021–2025): new affordable rental units ÷ all new housing supply units ≥ the tier's share (net-inflow 30%, other key districts 15%); 文成 and 泰顺 have no numeric target.",
        p.TARGET_SHARE_NET_INFLOW,
        p.TARGET_SHARE_KEY,
    ),
    _rule(
        "HOUS-TARGET-CITY",
        "一（三）",
        "City total built or raised in the 14th Five-Year Plan (2021–2025) ≥ 131,000 units (套/间).",
        p.TARGET_CITY_UNITS,
    ),
    _rule(
        "HOUS-LAND-SUPPLY",
        "四（一）",
        "2021: affordable rental land supply in the city proper (鹿城, 龙湾, 瓯海, 洞头) ≥ 10% of residential land supply.",
        p.LAND_SUPPLY_SHARE_MIN,
        p.LAND_SUPPLY_AREA,
    ),
    _rule(
        "HOUS-LAND-SOURCE",
        "三",
        "Key districts may use enterprises' own idle land, industrial-park supporting land, idle existing buildings, collective commercial construction land and newly supplied state land; other districts only idle existing buildings and newly supplied state land.",
        p.LAND_SOURCES_KEY,
        p.LAND_SOURCES_OTHER,
    ),
    # 二（一）, 五（三） tenants
    _rule(
        "HOUS-TENANT-NO-HOME",
        "二（一）1",
        "Neither the applicant nor the spouse owns housing in the urban district where the applicant works (the real-estate register's answer, with its source and date).",
    ),
    _rule(
        "HOUS-TENANT-CONTRACT",
        "二（一）2",
        "A labour contract with the employer of 1 year or more, in force on the evaluation day.",
        p.CONTRACT_MIN_MONTHS,
    ),
    _rule(
        "HOUS-TENANT-CONTRIB",
        "二（一）3",
        "Basic pension insurance or individual income tax paid through the employer for 3 or more consecutive months (the longest run of either decides).",
        p.CONTRIBUTION_MIN_MONTHS,
    ),
    _rule(
        "HOUS-TENANT-EXIT",
        "五（三）",
        "A tenant who obtains local public rental housing (公租房) or other local property-right housing must move out; damaging the facilities, unauthorised renovation, subletting, lending or a change of use are prohibited and end the tenancy (recorded against the tenant, HOUS-CREDIT).",
    ),
    # 二（二）, 四（一） units and projects
    _rule(
        "HOUS-UNIT-DORM",
        "二（二）",
        "New-build dormitory-type units mainly (at least half of them) 20–35 m².",
        p.DORM_MIN_AREA,
        p.DORM_MAX_AREA,
        p.MAIN_SHARE_MIN,
    ),
    _rule(
        "HOUS-UNIT-RESIDENTIAL",
        "二（二）",
        "New-build residential-type units mainly (at least half of them) 35–70 m²; some 70–90 m² allowed; none above 90 m².",
        p.RESIDENTIAL_MIN_AREA,
        p.RESIDENTIAL_MAIN_MAX_AREA,
        p.RESIDENTIAL_MAX_AREA,
        p.MAIN_SHARE_MIN,
    ),
    _rule(
        "HOUS-UNIT-SMALL-SHARE",
        "二（二）",
        "New builds: floor area of units of 70 m² or less ≥ 80% of the project's unit floor area.",
        p.SMALL_MAX_AREA,
        p.SMALL_SHARE_MIN,
    ),
    _rule(
        "HOUS-UNIT-CONVERTED",
        "二（二）",
        "Housing already started or built and converted: size standards may be relaxed; large units may be let by the room; units suited to conversion into small units should be converted. Reported as a relaxation (warn), not a pass.",
    ),
    _rule(
        "HOUS-PROJECT-MIN",
        "四（一）",
        "New builds: standalone building(s), closed management possible, floor area ≥ 3,000 m² and ≥ 50 units.",
        p.PROJECT_MIN_FLOOR_AREA,
        p.PROJECT_MIN_UNITS,
    ),
    _rule(
        "HOUS-PROJECT-DORM-ONLY",
        "四（一）",
        "On industrial-park supporting land or in converted non-residential buildings: dormitory type only; complete commercial flats are not allowed.",
    ),
    _rule(
        "HOUS-INDUSTRIAL-RATIO",
        "四（一）",
        "Existing industrial projects inside industrial parks (and new ones there), or outside parks those of A/B-class (亩均效益) leading enterprises with ≥ 50 亩: administrative and living-facility land may rise from 7% to 15% of the project's land and floor area to 30%, the increase for dormitory-type housing; other industrial projects keep 7%.",
        p.SUPPORT_LAND_BASE,
        p.SUPPORT_LAND_RAISED,
        p.SUPPORT_FLOOR_RAISED,
        p.OUTSIDE_PARK_MIN_MU,
        p.OUTSIDE_PARK_CLASSES,
    ),
    _rule(
        "HOUS-CERT",
        "四（二）",
        "A project enjoys support only with a recognition certificate (认定书) issued after a joint review in which every required department (housing and construction, development and reform, economy and IT, natural resources and planning, ecology and environment, and any the county adds) agreed. New builds: construction, allocation and operation plans are reviewed; converted housing: allocation and operation plans.",
        p.REVIEW_DEPARTMENTS,
        p.REVIEW_OPINION_WORKING_DAYS,
        p.REVIEW_DECISION_WORKING_DAYS,
    ),
    # 二（三） rents and leases
    _rule(
        "HOUS-RENT-CAP",
        "二（三）",
        "Rent ≤ 80% of the market rent for comparable rental housing (the cap rounded half up to the fen).",
        p.RENT_CAP_RATIO,
    ),
    _rule(
        "HOUS-MARKET-RENT",
        "二（三）",
        "Market rent comes from a periodic third-party appraisal commissioned by the investor or operator, or from a government reference price; its source and date are recorded.",
        p.MARKET_RENT_MAX_AGE_MONTHS,
    ),
    _rule(
        "HOUS-LEASE-TERM",
        "二（三）",
        "A lease term ≤ 5 years (its end per Civil Code arts. 201–202).",
        p.LEASE_MAX_MONTHS,
    ),
    _rule(
        "HOUS-LEASE-RENEWAL",
        "二（三）",
        "With special reasons, a renewal of ≤ 3 years (all renewals of a lease together), at a rent not lower than 80% of the market rent.",
        p.RENEWAL_MAX_MONTHS,
        p.RENEWAL_MAX_COUNT,
        p.RENEWAL_FLOOR_RATIO,
    ),
    # 五（四）, 六（三）, 五（三） title and supervision
    _rule(
        "HOUS-TITLE-WHOLE",
        "五（四）",
        "Registered as a whole; no split registration, split transfer or split mortgage.",
    ),
    _rule(
        "HOUS-TITLE-TRANSFER",
        "五（四）",
        "A whole transfer needs approval by the local government (or park committee) and keeps the housing's nature and land use; housing inside an industrial project transfers only together with the production buildings.",
    ),
    _rule("HOUS-NO-SALE", "六（三）", "Never sold on the market or in disguise."),
    _rule(
        "HOUS-CREDIT",
        "五（三）",
        "Integrity records for investors, builders, operators, employers and tenants; a violation is recorded against the party.",
    ),
)

RULES = RuleBook(_RULES)
CLAUSES: dict[str, str] = {r.id: r.clause for r in _RULES}
