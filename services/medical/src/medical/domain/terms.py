"""Everything a settlement reads from the parameters, resolved once for a day and a county.

Unconfigured values (None) are kept as gaps and only raise ParameterNotConfigured when a
computation actually needs them, so e.g. a needy person's claim never asks for the ordinary cap.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from govkit.money import to_fen
from govkit.rules import ParameterNotConfigured, ParameterSet, ParameterValue
from medical.domain import parameters as p
from medical.domain.claims import HospitalLevel
from medical.domain.errors import MedicalDomainError
from medical.domain.validity import PolicyWarning, policy_warnings

ONE = Decimal(1)

_AMOUNTS = (
    p.CI_DEDUCTIBLE,
    p.CI_ANNUAL_CAP,
    p.MA_ANNUAL_LIMIT,
    p.HIGH_COST_THRESHOLD,
)
_RATIOS = (
    p.CI_RATIO,
    p.CI_NEEDY_DEDUCTIBLE_REDUCTION,
    p.CI_NEEDY_RATIO_FLOOR,
    p.MA_RATIO,
    p.MA_RATIO_FLOOR,
)
_OTHER = (p.HIGH_COST_FUNDING_CHANNEL, p.BASIC_TERMS, p.COMMERCIAL_TERMS)


def money(value: object, name: str, rule_id: str | None = None) -> Decimal:
    """A configured amount: Decimal, int or decimal string (never float), finite and ≥ 0."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, str)):
        raise MedicalDomainError(
            rule_id,
            f"{name}须为十进制数（不接受浮点数）",
            f"{name} must be a Decimal, not {value!r}",
        )
    try:
        amount = Decimal(value)
    except ArithmeticError as exc:
        raise MedicalDomainError(rule_id, f"{name}不是数值", f"{name} is not a number") from exc
    if not amount.is_finite() or amount < 0:
        raise MedicalDomainError(rule_id, f"{name}须为非负有限数", f"{name} must be finite, ≥ 0")
    return amount


def fen(value: object, name: str, rule_id: str | None = None) -> Decimal:
    """A configured amount of money, rounded half up to the fen."""
    return to_fen(money(value, name, rule_id))


def ratio(value: object, name: str, rule_id: str | None = None) -> Decimal:
    r = money(value, name, rule_id)
    if r > ONE:
        raise MedicalDomainError(rule_id, f"{name}须在0到1之间", f"{name} must be within 0..1")
    return r


def _optional_money(value: object, name: str, rule_id: str) -> Decimal | None:
    return None if value is None else fen(value, name, rule_id)


@dataclass(frozen=True, slots=True)
class BasicTerms:
    """Layer 1 when no payout comes with the claim: annual deductible, ratio by level, cap.

    `annual_cap` is the annual payment limit of inpatient care, which outpatient care of a listed
    special disease shares (门诊与住院共用年度支付限额). `outpatient_annual_cap`, when configured,
    is the separate limit of other outpatient care; None = outpatient care shares `annual_cap`.
    """

    deductible: Decimal
    ratios: Mapping[HospitalLevel, Decimal]
    annual_cap: Decimal | None = None  # None = no cap
    outpatient_annual_cap: Decimal | None = None

    @classmethod
    def parse(cls, value: object) -> BasicTerms:
        if isinstance(value, BasicTerms):
            return value
        if not isinstance(value, Mapping):
            raise MedicalDomainError("MED-BASIC", "基本医保参数格式错误", "malformed basic terms")
        ratios_in = value.get("ratios")
        if not isinstance(ratios_in, Mapping):
            raise MedicalDomainError(
                "MED-BASIC", "须按医院级别配置支付比例", "basic terms need ratios by level"
            )
        ratios = {
            level: ratio(ratios_in.get(level.value), f"ratios.{level.value}", "MED-BASIC")
            for level in HospitalLevel
        }
        # 三（二）4 适当提高基层医疗机构报销比例: primary care is never paid less.
        if any(ratios[HospitalLevel.PRIMARY] < r for r in ratios.values()):
            raise MedicalDomainError(
                "MED-BASIC",
                "基层医疗机构报销比例不得低于其他级别",
                "the primary-care ratio must not be below the other levels",
            )
        return cls(
            fen(value.get("deductible"), "deductible", "MED-BASIC"),
            ratios,
            _optional_money(value.get("annual_cap"), "annual_cap", "MED-BASIC"),
            _optional_money(
                value.get("outpatient_annual_cap"), "outpatient_annual_cap", "MED-BASIC"
            ),
        )


@dataclass(frozen=True, slots=True)
class CommercialTerms:
    """Layer 4: an annual deductible on the in-policy cost left, a ratio per kind of cost, a cap."""

    deductible: Decimal
    in_policy_ratio: Decimal
    over_limit_drug_ratio: Decimal
    special_drug_ratio: Decimal
    annual_cap: Decimal | None = None  # None = no cap

    @classmethod
    def parse(cls, value: object) -> CommercialTerms:
        if isinstance(value, CommercialTerms):
            return value
        if not isinstance(value, Mapping):
            raise MedicalDomainError(
                "MED-COMMERCIAL", "商业补充保险参数格式错误", "malformed commercial terms"
            )
        rid = "MED-COMMERCIAL"
        return cls(
            fen(value.get("deductible", 0), "deductible", rid),
            ratio(value.get("in_policy_ratio"), "in_policy_ratio", rid),
            ratio(value.get("over_limit_drug_ratio"), "over_limit_drug_ratio", rid),
            ratio(value.get("special_drug_ratio"), "special_drug_ratio", rid),
            _optional_money(value.get("annual_cap"), "annual_cap", rid),
        )


@dataclass(frozen=True, slots=True)
class SettlementTerms:
    on: date
    county: str | None
    used: Mapping[str, ParameterValue]  # configured values, with effective dates and sources
    numbers: Mapping[str, Decimal]
    funding_channel: str | None
    basic: BasicTerms | None
    commercial: CommercialTerms | None
    warnings: tuple[PolicyWarning, ...]

    def number(self, path: str) -> Decimal:
        try:
            return self.numbers[path]
        except KeyError:
            raise ParameterNotConfigured(path, self.on, self.county) from None

    def needy_ci_deductible(self) -> Decimal:
        """D = the configured deductible less 50% (起付标准线降低50%)."""
        reduction = self.number(p.CI_NEEDY_DEDUCTIBLE_REDUCTION)
        return to_fen(self.number(p.CI_DEDUCTIBLE) * (ONE - reduction))

    def needy_ci_ratio(self) -> Decimal:
        """The configured ratio, raised to the floor (支付比例达到80%以上)."""
        return max(self.number(p.CI_RATIO), self.number(p.CI_NEEDY_RATIO_FLOOR))

    def assistance_ratio(self) -> Decimal:
        """The configured ratio, never below the floor (救助比例不低于80%)."""
        return max(self.number(p.MA_RATIO), self.number(p.MA_RATIO_FLOOR))

    def require_basic(self) -> BasicTerms:
        if self.basic is None:
            raise ParameterNotConfigured(p.BASIC_TERMS, self.on, self.county)
        return self.basic


def resolve_terms(params: ParameterSet, on: date, county: str | None = None) -> SettlementTerms:
    warnings = policy_warnings(params, on, county)
    used: dict[str, ParameterValue] = {}
    for path in (*_AMOUNTS, *_RATIOS, *_OTHER):
        try:
            used[path] = params.resolve(path, on, county)
        except ParameterNotConfigured:
            continue
    numbers = {path: fen(used[path].value, path) for path in _AMOUNTS if path in used}
    numbers |= {path: ratio(used[path].value, path) for path in _RATIOS if path in used}
    channel = used.get(p.HIGH_COST_FUNDING_CHANNEL)
    basic = used.get(p.BASIC_TERMS)
    commercial = used.get(p.COMMERCIAL_TERMS)
    return SettlementTerms(
        on=on,
        county=county,
        used=used,
        numbers=numbers,
        funding_channel=str(channel.value) if channel else None,
        basic=BasicTerms.parse(basic.value) if basic else None,
        commercial=CommercialTerms.parse(commercial.value) if commercial else None,
        warnings=warnings,
    )
