"""The findings that explain a settlement, derived from its inputs and amounts.

Every figure in a finding is recomputed from the same terms and totals the settlement used, so
the explanation can never drift from the arithmetic; it is built only when asked for.

It reads a settlement through `Settled`, the shape it needs, so that this module does not import
the settlement module that uses it (`Settled` has that shape).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from govkit.money import to_fen
from govkit.rules import Finding, Outcome, ParameterValue
from medical.domain import parameters as p
from medical.domain.arithmetic import left
from medical.domain.catalogue import RULES
from medical.domain.claims import CareSetting, Claim
from medical.domain.layers import assistance_room, resolution_applies
from medical.domain.needy import NeedyStatus
from medical.domain.terms import SettlementTerms
from medical.domain.totals import YearTotals


class Settled(Protocol):
    """What an explanation reads of a settlement: its inputs, terms, totals and amounts."""

    @property
    def claim(self) -> Claim: ...
    @property
    def status(self) -> NeedyStatus: ...
    @property
    def needy(self) -> bool: ...
    @property
    def terms(self) -> SettlementTerms: ...
    @property
    def totals_before(self) -> YearTotals: ...
    @property
    def totals_after(self) -> YearTotals: ...
    @property
    def contribution(self) -> YearTotals: ...
    @property
    def basic(self) -> Decimal: ...
    @property
    def critical_illness(self) -> Decimal: ...
    @property
    def after_critical_illness(self) -> Decimal: ...
    @property
    def assistance(self) -> Decimal: ...
    @property
    def after_assistance(self) -> Decimal: ...
    @property
    def commercial(self) -> Decimal: ...
    @property
    def resolution(self) -> Decimal: ...
    @property
    def resolution_channel(self) -> str | None: ...
    @property
    def parameters_used(self) -> Mapping[str, ParameterValue]: ...


PASS, WARN, NA = Outcome.PASS, Outcome.WARN, Outcome.NOT_APPLICABLE

_NEEDY_PATHS = (
    p.CI_DEDUCTIBLE,
    p.CI_NEEDY_DEDUCTIBLE_REDUCTION,
    p.CI_RATIO,
    p.CI_NEEDY_RATIO_FLOOR,
    p.MA_RATIO,
    p.MA_RATIO_FLOOR,
)
_ORDINARY_PATHS = (p.CI_DEDUCTIBLE, p.CI_RATIO, p.CI_ANNUAL_CAP)


def parameters_read(r: Settled) -> dict[str, ParameterValue]:
    """The parameter values the settlement read, with their effective dates and sources."""
    paths: list[str] = []
    if r.claim.basic_payout is None:
        paths.append(p.BASIC_TERMS)
    if r.needy:
        paths += _NEEDY_PATHS
        if not r.status.tekun:
            paths.append(p.MA_ANNUAL_LIMIT)
        if r.terms.commercial is not None:
            paths.append(p.COMMERCIAL_TERMS)
        if resolution_applies(r.claim, r.status):
            paths.append(p.HIGH_COST_THRESHOLD)
        if r.resolution:
            paths.append(p.HIGH_COST_FUNDING_CHANNEL)
    else:
        paths += _ORDINARY_PATHS
    return {path: r.terms.used[path] for path in paths}


def explain(r: Settled) -> tuple[Finding, ...]:
    return tuple(_Explanation(r).findings)


def _shown(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


class _Explanation:
    def __init__(self, r: Settled) -> None:
        self.r = r
        self.used = r.parameters_used
        self.findings: list[Finding] = []
        self.status()
        self.basic()
        self.special_disease()
        if r.needy:
            self.needy_critical_illness()
            self.assistance()
            self.commercial()
        else:
            self.ordinary_critical_illness()
            self.not_needy()
        self.high_cost()
        self.add(
            "MED-ONE-STOP",
            PASS,
            "基本医保、大病保险、医疗救助等一次结算，一次返回各层金额",
            "basic insurance, critical illness and assistance settled in one step",
        )

    def add(self, rule_id: str, outcome: Outcome, zh: str, en: str, **facts: Any) -> None:
        """A finding with its facts and the values of the rule's parameters that were read."""
        values = {
            path: _shown(self.used[path].value)
            for path in RULES[rule_id].parameters
            if path in self.used
        }
        self.findings.append(RULES.finding(rule_id, outcome, zh, en, facts, values))

    def status(self) -> None:
        s = self.r.status
        facts = {"category": s.category.value if s.category else None, "on": s.on.isoformat()}
        if s.needy:
            self.add("MED-GROUPS", PASS, s.reason_zh, s.reason_en, **facts)
            return
        self.add(
            "MED-ENROL-NEW" if s.recognised else "MED-GROUPS",
            NA,
            f"{s.reason_zh}；仅适用基本医保和普通大病保险待遇",
            f"{s.reason_en}; basic insurance and ordinary critical-illness terms only",
            **facts,
        )

    def basic(self) -> None:
        r = self.r
        if r.claim.basic_payout is not None:
            self.add(
                "MED-BASIC",
                PASS,
                f"基本医保按结算结果支付{r.basic}元",
                f"basic insurance paid {r.basic} as settled by basic insurance",
                basic_payout=str(r.basic),
                source="input",
            )
            return
        level = r.claim.hospital_level
        rate = r.terms.require_basic().ratios[level]
        self.add(
            "MED-BASIC",
            PASS,
            f"基本医保按{level.value}医疗机构比例{rate}计算支付{r.basic}元",
            f"basic insurance computed at {rate} for {level.value} care: {r.basic}",
            basic_payout=str(r.basic),
            deductible_applied=str(r.contribution.basic_deductible_used),
            ratio=str(rate),
            source="computed",
        )

    def special_disease(self) -> None:
        r, claim = self.r, self.r.claim
        if claim.disease_code is None:
            return
        code = claim.disease_code
        computed = claim.basic_payout is None
        pool_out = r.contribution.basic_paid_outpatient
        if not claim.disease_listed:
            self.add(
                "MED-SPECIAL-DISEASES",
                WARN,
                f"{code}在{claim.service_date}不在特殊病种目录内，按普通{claim.setting.value}规定结算",
                f"{code} is not in the special-disease catalogue on {claim.service_date}: "
                f"settled as ordinary {claim.setting.value} care",
                code=code,
                listed=False,
            )
            return
        basic = r.terms.basic if computed else None
        cap = None if basic is None else basic.annual_cap
        shared_after = r.totals_after.basic_paid
        zh = f"{code}属特殊病种目录：门诊与住院共用年度支付限额"
        en = f"{code} is in the special-disease catalogue: outpatient and inpatient share the annual limit"
        if cap is not None:
            zh += f"{cap}元，本年共用部分已付{shared_after}元，尚余{left(cap, shared_after)}元"
            en += (
                f" {cap}; {shared_after} paid against it this year, {left(cap, shared_after)} left"
            )
        elif not computed:
            zh += "（本次基本医保支付来自基本医保结算）"
            en += " (this claim's basic payout came from the basic settlement)"
        self.add(
            "MED-SPECIAL-DISEASES",
            PASS,
            zh,
            en,
            code=code,
            listed=True,
            setting=claim.setting.value,
            shared_limit=None if cap is None else str(cap),
            shared_paid_after=str(shared_after),
            ordinary_outpatient_paid=str(pool_out),
        )

    def needy_critical_illness(self) -> None:
        r, terms = self.r, self.r.terms
        configured = terms.number(p.CI_DEDUCTIBLE)
        reduction = terms.number(p.CI_NEEDY_DEDUCTIBLE_REDUCTION)
        d = terms.needy_ci_deductible()
        d_left = left(d, r.totals_before.deductible_used)
        applied = r.contribution.deductible_used
        self.add(
            "MED-CI-DEDUCTIBLE",
            PASS,
            f"困难群众大病保险起付线{d}元（{configured}元降低{reduction:.0%}），本年尚余{d_left}元，本次抵扣{applied}元",
            f"needy CI deductible {d} ({configured} less {reduction:.0%}); {d_left} left this "
            f"year, {applied} applied",
            deductible=str(d),
            deductible_left=str(d_left),
            deductible_applied=str(applied),
        )
        configured_ratio, rate = terms.number(p.CI_RATIO), terms.needy_ci_ratio()
        raised = rate != configured_ratio
        self.add(
            "MED-CI-RATIO",
            PASS,
            f"大病保险支付比例{rate:.0%}" + (f"（由{configured_ratio:.0%}提高）" if raised else ""),
            f"CI ratio {rate:.0%}" + (f" (raised from {configured_ratio:.0%})" if raised else ""),
            ratio=str(rate),
            configured_ratio=str(configured_ratio),
        )
        self.add(
            "MED-CI-NO-CAP",
            PASS,
            f"困难群众大病保险不设封顶线，本次支付{r.critical_illness}元",
            f"no CI cap for the needy; CI pays {r.critical_illness}",
            critical_illness=str(r.critical_illness),
        )

    def ordinary_critical_illness(self) -> None:
        r, terms = self.r, self.r.terms
        deductible = terms.number(p.CI_DEDUCTIBLE)
        rate, cap = terms.number(p.CI_RATIO), terms.number(p.CI_ANNUAL_CAP)
        self.add(
            "MED-CI-DEDUCTIBLE",
            NA,
            f"非困难群众：按普通大病保险起付线{deductible}元、比例{rate:.0%}、封顶线{cap}元支付{r.critical_illness}元",
            f"not needy: ordinary CI terms (deductible {deductible}, ratio {rate:.0%}, cap {cap}) "
            f"pay {r.critical_illness}",
            deductible_left=str(left(deductible, r.totals_before.deductible_used)),
            deductible_applied=str(r.contribution.deductible_used),
            cap_left=str(left(cap, r.totals_before.ci_paid)),
            critical_illness=str(r.critical_illness),
        )

    def assistance(self) -> None:
        r = self.r
        rate = r.terms.assistance_ratio()
        r2 = r.after_critical_illness
        computed = to_fen(r2 * rate)
        self.add("MED-MA-NO-DEDUCTIBLE", PASS, "医疗救助不设起付线", "assistance has no deductible")
        self.add(
            "MED-MA-RATIO",
            PASS,
            f"医疗救助按{rate:.0%}救助剩余政策范围内费用{r2}元，计{computed}元",
            f"assistance at {rate:.0%} of the in-policy cost left ({r2}): {computed}",
            base=str(r2),
            ratio=str(rate),
        )
        if r.claim.setting is CareSetting.OUTPATIENT:
            self.add(
                "MED-MA-OUTPATIENT",
                PASS,
                "门诊目录内费用与住院同比例救助、共用年度救助限额",
                "in-catalogue outpatient cost: inpatient ratio, shared annual limit",
            )
        room = assistance_room(r.status, r.totals_before, r.terms)
        if room is None:
            self.add(
                "MED-MA-LIMIT",
                PASS,
                f"特困人员不设救助限额，本次救助{r.assistance}元",
                f"no assistance limit for 特困; assistance pays {r.assistance}",
                assistance=str(r.assistance),
            )
            return
        limit = r.terms.number(p.MA_ANNUAL_LIMIT)
        self.add(
            "MED-MA-LIMIT",
            PASS,
            f"年度救助限额{limit}元，本年尚余{room}元，本次救助{r.assistance}元",
            f"annual assistance limit {limit}: {room} left, assistance pays {r.assistance}",
            limit=str(limit),
            limit_left=str(room),
            assistance=str(r.assistance),
            limit_reached=r.assistance < computed,
        )

    def commercial(self) -> None:
        r = self.r
        cs = r.terms.commercial
        if cs is None:
            self.add(
                "MED-COMMERCIAL",
                WARN,
                "政策性商业补充保险条款未配置，商业保险支付按0元计",
                "commercial supplementary insurance terms are not configured: CS counted as 0",
                parameter=p.COMMERCIAL_TERMS,
            )
            return
        self.add(
            "MED-COMMERCIAL",
            PASS,
            f"政策性商业补充保险支付{r.commercial}元",
            f"commercial supplementary insurance pays {r.commercial}",
            base_in_policy=str(r.after_assistance),
            deductible_applied=str(r.contribution.cs_deductible_used),
            over_limit_catalogue_drugs=str(r.claim.over_limit_catalogue_drugs),
            out_of_catalogue_special_drugs=str(r.claim.out_of_catalogue_special_drugs),
            cap_left=None
            if cs.annual_cap is None
            else str(left(cs.annual_cap, r.totals_before.cs_paid)),
            commercial=str(r.commercial),
        )

    def not_needy(self) -> None:
        for rule_id, zh, en in (
            ("MED-MA-RATIO", "不享受医疗救助", "no medical assistance"),
            ("MED-COMMERCIAL", "不计政策性商业补充保险", "no commercial layer"),
        ):
            self.add(rule_id, NA, f"就诊日非困难群众，{zh}", f"not needy on the service date: {en}")

    def high_cost(self) -> None:
        r, claim = self.r, self.r.claim
        if not r.needy:
            self.add(
                "MED-HIGHCOST",
                NA,
                "就诊日非困难群众，不适用高额医疗费用化解",
                "not needy on the service date: no high-cost resolution",
            )
            return
        if not resolution_applies(claim, r.status):
            missing = [
                (zh, en)
                for zh, en, ok in (
                    (
                        "执行就医指导方案",
                        "following the treatment guidance",
                        claim.followed_guidance,
                    ),
                    ("规范转诊", "a proper referral", claim.referred),
                )
                if not ok
            ]
            self.add(
                "MED-HIGHCOST",
                NA,
                "未" + "、".join(zh for zh, _ in missing) + "，不适用高额医疗费用化解",
                "no high-cost resolution without " + " and ".join(en for _, en in missing),
                followed_guidance=claim.followed_guidance,
                referred=claim.referred,
            )
            return
        threshold = r.terms.number(p.HIGH_COST_THRESHOLD)
        # Only the needy residue counts: claims settled before benefits started do not.
        before = r.totals_before.needy_self_pay
        after = r.totals_after.needy_self_pay
        not_counted = r.totals_after.self_pay_before_resolution - after
        facts: Mapping[str, Any] = {
            "self_pay_before": str(before),
            "self_pay_after": str(after),
            "self_pay_not_counted": str(not_counted),
            "resolution": str(r.resolution),
            "funding_channel": r.resolution_channel,
        }
        if r.resolution:
            zh = f"本年困难群众身份期间自负累计{after}元，超过{threshold}元部分本次化解{r.resolution}元（{r.resolution_channel}）"
            en = f"year's self-pay while needy {after}: {r.resolution} above {threshold} resolved through {r.resolution_channel}"
        else:
            zh = f"本年困难群众身份期间自负累计{after}元，本次无超过{threshold}元的部分需化解"
            en = f"year's self-pay while needy {after}: nothing of this claim above {threshold} to resolve"
        if not_counted:
            zh += f"（认定前结算的自负{not_counted}元未经四重保障，不计入）"
            en += f" ({not_counted} of self-pay settled before benefits started did not go through the four layers and is not counted)"
        self.add("MED-HIGHCOST", PASS, zh, en, **facts)
