"""The rules of 温政办〔2021〕78号 this service encodes, one per ID in rules/medical.md.

Clauses cite the document's own numbering as checked against the text; where rules/medical.md
files a rule under another clause, the text wins (e.g. risk watch is 三（一）3, not 三（二）).
"""

from __future__ import annotations

from govkit.rules import Rule, RuleBook, RuleKind
from medical.domain import parameters as p
from medical.domain.policy import clause

RULES_VERSION = "medical-wzb-2021-78/1.0.0"

_C = RuleKind.COMPUTED

RULES = RuleBook(
    (
        # Enrolment (三（三）8); who counts as needy is 二.
        Rule(
            "MED-GROUPS",
            clause("二；三（三）8"),
            "困难群众: 特困 tekun, 低保 dibao, 低边 dibian, 因病致贫 illness_poverty (within 低保/"
            "低边), other_special; status has effective dates and a gradual-exit period (渐退期).",
            _C,
        ),
        Rule(
            "MED-ENROL-SUBSIDY",
            clause("三（三）8"),
            "The individual premium of residents' basic medical insurance is subsidised 100%.",
            _C,
            (p.ENROL_SUBSIDY_RATIO, p.ENROL_INDIVIDUAL_PREMIUM),
        ),
        Rule(
            "MED-ENROL-NEW",
            clause("三（三）8"),
            "A newly recognised person is enrolled in the month of recognition; benefits start "
            "on the 1st of the next month (当月参保，次月生效).",
            _C,
        ),
        Rule(
            "MED-ENROL-EXIT",
            clause("三（三）8"),
            "A person who exits keeps this year's enrolment; no subsidy from next year.",
            _C,
        ),
        Rule(
            "MED-ENROL-TAPER",
            clause("三（三）8"),
            "低保 and 低边 persons in the gradual-exit period keep the subsidy.",
            _C,
        ),
        # The four layers and high-cost resolution (三（三）9–11).
        Rule(
            "MED-BASIC",
            clause("三（三）9；三（二）4"),
            "Layer 1, basic medical insurance: payout input with the claim, or computed from "
            "configured terms (deductible, ratio by hospital level, higher at primary care, cap).",
            _C,
            (p.BASIC_TERMS,),
        ),
        Rule(
            "MED-CI-DEDUCTIBLE",
            clause("三（三）9"),
            "Layer 2, critical illness: the needy's annual deductible is the configured "
            "deductible × 50% (起付标准线降低50%).",
            _C,
            (p.CI_DEDUCTIBLE, p.CI_NEEDY_DEDUCTIBLE_REDUCTION),
        ),
        Rule(
            "MED-CI-RATIO",
            clause("三（三）9"),
            "The needy's critical-illness ratio is the configured ratio raised to at least 80%.",
            _C,
            (p.CI_RATIO, p.CI_NEEDY_RATIO_FLOOR),
        ),
        Rule(
            "MED-CI-NO-CAP",
            clause("三（三）9"),
            "Critical-illness insurance has no annual cap for the needy (取消大病保险封顶线).",
            _C,
            (p.CI_ANNUAL_CAP,),
        ),
        Rule(
            "MED-MA-NO-DEDUCTIBLE",
            clause("三（三）9"),
            "Layer 3, medical assistance has no deductible (不设起付线).",
            _C,
        ),
        Rule(
            "MED-MA-RATIO",
            clause("三（三）9"),
            "Assistance pays at least 80% of the in-policy cost left after layers 1–2.",
            _C,
            (p.MA_RATIO, p.MA_RATIO_FLOOR),
        ),
        Rule(
            "MED-MA-OUTPATIENT",
            clause("三（三）9"),
            "In-catalogue outpatient costs get the inpatient ratio and share the annual limit.",
            _C,
            (p.MA_RATIO, p.MA_ANNUAL_LIMIT),
        ),
        Rule(
            "MED-MA-LIMIT",
            clause("三（三）9"),
            "Annual assistance limit 100,000 per person; no limit for 特困.",
            _C,
            (p.MA_ANNUAL_LIMIT,),
        ),
        Rule(
            "MED-COMMERCIAL",
            clause("三（三）10"),
            "Layer 4, policy commercial supplementary insurance: pays per its configured terms on "
            "in-policy cost left, over-limit catalogue drugs and out-of-catalogue special drugs.",
            _C,
            (p.COMMERCIAL_TERMS,),
        ),
        Rule(
            "MED-HIGHCOST",
            clause("三（三）11"),
            "For a needy person who followed the treatment guidance and was referred, self-pay "
            "above 50,000 after the four layers is resolved through other channels, recorded "
            "with its funding channel. Only the residue of claims settled while needy counts; "
            "self-pay from before benefits started did not go through the four layers.",
            _C,
            (p.HIGH_COST_THRESHOLD, p.HIGH_COST_FUNDING_CHANNEL),
        ),
        Rule(
            "MED-SPECIAL-DISEASES",
            clause("三（三）9"),
            "Special-disease catalogue: 10 special and 14 chronic diseases plus a first batch of 6; "
            "for a listed disease outpatient and inpatient share the annual basic-insurance "
            "limit (enforced where layer 1 is computed); dated data, extendable by an admin.",
            _C,
        ),
        # Service (三（一）3, 三（二）6–7).
        Rule(
            "MED-PAY-LATER",
            clause("三（二）6"),
            "A needy person referred after a first visit at primary care and admitted to a "
            "designated hospital in Wenzhou pays no deposit and at discharge only the self-pay.",
            _C,
        ),
        Rule(
            "MED-ONE-STOP",
            clause("三（二）6"),
            "Basic insurance, critical illness and assistance settle in one step (一站式结算).",
            _C,
        ),
        Rule(
            "MED-RISK-WATCH",
            clause("三（一）3"),
            "Early warning of poverty caused by illness: the dated feeds of medical insurance, "
            "civil affairs, health and the disabled persons' federation are joined; a person "
            "whose year's self-pay (or its ratio to household income) reaches a configured "
            "threshold is flagged with the sources found in and the feeds missing or stale.",
            _C,
            (p.RISK_SELF_PAY_THRESHOLD, p.RISK_INCOME_RATIO_THRESHOLD, p.RISK_FEED_MAX_AGE_DAYS),
        ),
        Rule(
            "MED-SELFPAY-SHARE",
            clause("三（二）7"),
            "Per designated hospital, the out-of-catalogue share of the needy's bills is "
            "monitored against a configured maximum.",
            _C,
            (p.SELFPAY_SHARE_MAX,),
        ),
    )
)
