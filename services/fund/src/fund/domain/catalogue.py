"""Every rule of rules/fund.md, cited by the document's own numbering (温政办〔2021〕73号).

Kinds refine the catalogue's: rules that yield an amount are `calculation`, the staged workflow
is `procedure`; `declared` and `deadline` are the catalogue's own. Where the text and the
catalogue's summary disagree, the summary here follows the text (the text wins).
"""

from __future__ import annotations

from fund.domain import parameters as p
from fund.domain.policy import clause
from govkit.rules import Rule, RuleBook, RuleKind

RULES_VERSION = "wzb-2021-73.r1"

C, DECL, DL, PROC, CALC = (
    RuleKind.COMPUTED,
    RuleKind.DECLARED,
    RuleKind.DEADLINE,
    RuleKind.PROCEDURE,
    RuleKind.CALCULATION,
)


def _rule(rule_id: str, ref: str, kind: RuleKind, summary: str, *params: str) -> Rule:
    return Rule(id=rule_id, clause=clause(ref), summary=summary, kind=kind, parameters=params)


_RULES = (
    # 一（二） company stages
    _rule(
        "FUND-STAGE-SEED",
        "一（二）",
        C,
        "Seed stage: an independent legal person whose product is still being conceived or invented, with only a prototype or concept and no or little sales revenue.",
    ),
    _rule(
        "FUND-STAGE-STARTUP",
        "一（二）",
        C,
        "Start-up stage: unlisted, mainly in high-tech R&D/production/services or business-model innovation; employees ≤ 300 (in principle); prior-year revenue ≤ 50,000,000 (≤ 100,000,000 if a recognised national high-tech enterprise).",
        p.STARTUP_MAX_EMPLOYEES,
        p.STARTUP_MAX_REVENUE,
        p.STARTUP_MAX_REVENUE_HNTE,
    ),
    _rule(
        "FUND-STAGE-GROWTH",
        "一（二）",
        C,
        "Growth stage: a tech SME recognised by a science department at city level or above; prior-year revenue ≤ 200,000,000 (in principle).",
        p.GROWTH_MAX_REVENUE,
    ),
    # 三（一） sub-fund set-up
    _rule(
        "FUND-SUB-LEGAL-FORM",
        "三（一）",
        C,
        "Company or limited partnership; the mother fund must not be the general partner.",
    ),
    _rule("FUND-SUB-SIZE-MIN", "三（一）1", C, "Total subscribed size ≥ 50,000,000.", p.SIZE_MIN),
    _rule(
        "FUND-SUB-RATIO-MAX",
        "三（一）2",
        C,
        "Mother fund commitment ≤ 40% of total subscribed size.",
        p.MOTHER_RATIO_MAX,
    ),
    _rule(
        "FUND-SUB-NOT-LARGEST",
        "三（一）2",
        C,
        "The mother fund must not be the largest contributor: its commitment is strictly below the largest other contributor's.",
    ),
    _rule(
        "FUND-SUB-TERM",
        "三（一）3",
        C,
        "Term (investment + exit) ≤ 8 years; investment period ≤ 4; exit period ≤ 4; extension ≤ 2 and only with committee approval.",
        p.TERM_MAX_YEARS,
        p.INVESTMENT_PERIOD_MAX_YEARS,
        p.EXIT_PERIOD_MAX_YEARS,
        p.EXTENSION_MAX_YEARS,
    ),
    _rule(
        "FUND-SUB-FIELD",
        "三（一）4",
        DECL,
        "Invests mainly in strategic emerging industries, high-tech industries and high-end services.",
    ),
    _rule(
        "FUND-SUB-REINVEST",
        "三（一）5",
        C,
        "Credited investment in Wenzhou-registered companies ≥ 1.5 × the mother fund's commitment.",
        p.REINVEST_MULTIPLE,
    ),
    _rule(
        "FUND-SUB-REINVEST-CREDIT",
        "三（一）5（1）至（6）",
        CALC,
        "Crediting during the term: (1) outside company relocates to Wenzhou → 2×; (2) Wenzhou leading-talent project or high-level innovation team → 2×; (3) outside company acquired (> 50%) by a Wenzhou company → 1×; (4) the manager's other funds investing in Wenzhou companies, relocations or such acquisitions → 1×; (5) outside company sets up a Wenzhou subsidiary → the subsidiary's audited investment in Wenzhou, capped at the sub-fund's investment; (6) other cases the committee approves. One investment counts under its single most favourable case.",
        p.CREDIT_RELOCATION_FACTOR,
        p.CREDIT_TALENT_FACTOR,
        p.CREDIT_ACQUISITION_FACTOR,
        p.CREDIT_ACQUISITION_STAKE_ABOVE,
        p.CREDIT_OTHER_FUND_FACTOR,
    ),
    _rule(
        "FUND-SUB-REINVEST-EXCLUDE",
        "三（一）5",
        C,
        "A company that moved out of Wenzhou within 2 years before recognition is not an outside company; relocation or a subsidiary counts only with a commitment not to move out for 5 years.",
        p.EXCLUDE_MOVED_OUT_YEARS,
        p.STAY_COMMITMENT_YEARS,
    ),
    _rule(
        "FUND-SUB-STAGE-EARLY",
        "三（一）6",
        C,
        "Investment in Wenzhou seed + start-up companies ≥ 0.5 × the mother fund's paid-in contribution.",
        p.STAGE_EARLY_MULTIPLE,
    ),
    _rule(
        "FUND-SUB-STAGE-ALL",
        "三（一）6",
        C,
        "Investment in Wenzhou seed + start-up + growth companies ≥ 1 × the mother fund's paid-in contribution.",
        p.STAGE_ALL_MULTIPLE,
    ),
    _rule(
        "FUND-SUB-FEE-INVEST",
        "三（一）7",
        C,
        "Annual management fee in the investment period ≤ 2.5% of total paid-in capital.",
        p.FEE_INVESTMENT_MAX,
    ),
    _rule(
        "FUND-SUB-FEE-EXIT",
        "三（一）7",
        C,
        "Annual fee in the exit period ≤ 1% of the principal of unexited projects.",
        p.FEE_EXIT_MAX,
    ),
    _rule(
        "FUND-SUB-FEE-EXTENSION",
        "三（一）7",
        C,
        "No fee in the extension period.",
        p.FEE_EXTENSION_MAX,
    ),
    _rule(
        "FUND-SUB-FEE-PARITY",
        "三（一）7",
        C,
        "The fee rate charged to the mother fund is not higher than to other contributors; the fee includes all expenses (audit, due diligence, custody).",
    ),
    _rule(
        "FUND-SUB-DOMICILE",
        "三（一）8",
        C,
        "Registered in Wenzhou (in principle; an exception is flagged, not silently passed).",
    ),
    # 三（二） applicant and manager
    _rule(
        "FUND-APPLICANT-DOMESTIC",
        "三（二）1",
        C,
        "Lawfully established; paid-in capital ≥ 10,000,000; no major violation in the last 3 years.",
        p.APPLICANT_PAID_IN_MIN,
    ),
    _rule(
        "FUND-APPLICANT-FOREIGN",
        "三（二）1（1）至（5）",
        C,
        "Licensed by its home regulator for equity investment management; registered capital ≥ USD 2,000,000 (or equivalent), cash only; has run overseas funds ≥ 3 years with good results, sound governance and controls, cumulative overseas AUM ≥ USD 30,000,000; no major penalty in 3 years and no open investigation; key investment people with overseas experience and qualifications: ≥ 1 with ≥ 5 years and 2 (more) with ≥ 3 years.",
        p.FOREIGN_CAPITAL_MIN_USD,
        p.FOREIGN_OPERATING_YEARS_MIN,
        p.FOREIGN_AUM_MIN_USD,
        p.FOREIGN_SENIOR_YEARS,
        p.FOREIGN_SENIOR_COUNT,
        p.FOREIGN_EXPERIENCED_YEARS,
        p.FOREIGN_EXPERIENCED_COUNT,
    ),
    _rule(
        "FUND-MANAGER-CAPITAL",
        "三（二）2（1）",
        C,
        "Manager (the applicant or its affiliate) paid-in capital ≥ 10,000,000 and registered with AMAC.",
        p.MANAGER_PAID_IN_MIN,
    ),
    _rule(
        "FUND-MANAGER-COMMIT",
        "三（二）2（2）",
        C,
        "Manager subscribes ≥ 1% of total size; if its affiliates also contribute, the manager alone ≥ 0.5% and manager + affiliates ≥ 1%.",
        p.MANAGER_COMMIT_MIN,
        p.MANAGER_COMMIT_MIN_WITH_AFFILIATES,
    ),
    _rule(
        "FUND-MANAGER-TEAM",
        "三（二）3",
        C,
        "≥ 3 senior managers each with ≥ 3 years of investment or industry experience; no key member penalised by an administrative or judicial authority.",
        p.TEAM_MIN_SENIORS,
        p.TEAM_MIN_YEARS,
    ),
    _rule(
        "FUND-MANAGER-TRACK",
        "三（二）4",
        C,
        "AMAC-filed VC funds managed by the manager (or its main shareholder/GP, or ≥ 3 core team members jointly) ≥ 200,000,000, and ≥ 3 successful investment cases.",
        p.TRACK_MIN_AUM,
        p.TRACK_MIN_CASES,
        p.TRACK_MIN_CORE_MEMBERS,
    ),
    _rule(
        "FUND-MANAGER-CONTROLS",
        "三（二）5",
        DECL,
        "Sound investment decision, risk control and financial management procedures.",
    ),
    # 三（三）（四） procedure and deadlines
    _rule(
        "FUND-PROC-STAGES",
        "三（三）",
        PROC,
        "Application and pre-review → third-party due diligence → expert review → investment decision → public notice → signing and disbursement → post-investment management and exit; no stage may be skipped; every transition records its actor.",
    ),
    _rule(
        "FUND-PROC-EXPERTS",
        "三（三）3",
        C,
        "Expert panel of ≥ 5 members drawn from government departments, VC self-regulatory bodies and outside experts; each gives an independent opinion.",
        p.EXPERTS_MIN,
    ),
    _rule(
        "FUND-PROC-NOTICE",
        "三（三）5",
        DL,
        "Public notice of 5 working days (CAL-WD-PERIOD); on objection, an investigation concludes within 30 working days (CAL-WD-AFTER).",
        p.NOTICE_WORKING_DAYS,
        p.OBJECTION_WORKING_DAYS,
    ),
    _rule(
        "FUND-PROC-FILING",
        "三（三）6",
        DL,
        "Signed documents filed with the committee office within 10 working days of signing.",
        p.FILING_WORKING_DAYS,
    ),
    _rule(
        "FUND-PROC-SIGN-6M",
        "三（四）",
        DL,
        "Not signed 6 months after approval → the termination is reported within 1 month; one extension of ≤ 3 months may be granted by the committee office.",
        p.SIGN_MONTHS,
        p.TERMINATION_REPORT_MONTHS,
        p.SIGN_EXTENSION_MAX_MONTHS,
    ),
    _rule(
        "FUND-CONC-PROC",
        "五（三）",
        DL,
        "Concession: review within 30 working days of application; the office submits to the committee within 30 working days of the review; notice published within 5 working days of the decision, lasting 5 working days; objection investigation within 30 working days; execution within 5 working days of a clean notice or a favourable investigation.",
        p.CONC_REVIEW_WORKING_DAYS,
        p.CONC_SUBMISSION_WORKING_DAYS,
        p.CONC_NOTICE_START_WORKING_DAYS,
        p.CONC_NOTICE_WORKING_DAYS,
        p.CONC_OBJECTION_WORKING_DAYS,
        p.CONC_EXECUTION_WORKING_DAYS,
    ),
    # 三（五）, 六（五）（六） portfolio investments
    _rule(
        "FUND-INV-UNLISTED",
        "三（五）1",
        C,
        "Targets are unlisted companies (shares kept after a later listing are fine).",
    ),
    _rule(
        "FUND-INV-SINGLE-MAX",
        "三（五）2",
        C,
        "Cumulative investment in one company ≤ 20% of the sub-fund's total size.",
        p.INV_SINGLE_MAX_RATIO,
    ),
    _rule("FUND-INV-NOT-PARTNERSHIP", "三（五）3", C, "The target is not a partnership."),
    _rule("FUND-INV-NOT-VC", "三（五）4", C, "The target is not another venture capital firm."),
    _rule(
        "FUND-INV-NO-CONTROL",
        "三（五）5",
        C,
        "In principle no controlling stake (> 50% or actual control is flagged).",
        p.INV_CONTROL_ABOVE,
    ),
    _rule(
        "FUND-INV-PROHIBITED",
        "六（六）",
        C,
        "None of the prohibited uses: lending, guarantees, disguised debt; secondary-market shares, futures, real estate, securities funds, enterprise bonds rated AAA以下, wealth-management and asset-management products, derivatives, real-estate and restricted industries; factoring, leasing or pawn assets; unlimited-liability investments; donations (except approved public-welfare ones); taking deposits or lending to third parties; issuing trust or pooled products; anything else prohibited by law.",
        p.INV_BOND_RATING_FLOOR,
    ),
    _rule(
        "FUND-INV-NO-RECYCLE",
        "六（五）",
        C,
        "Proceeds recovered during the term are not reinvested; idle cash only in bank deposits.",
    ),
    # 五 fees and concessions
    _rule(
        "FUND-MGMT-FEE",
        "五（一）",
        CALC,
        "Mother-fund manager's annual fee = mother fund's actual invested total at the start of the year × rate by annual rating (excellent 1%, good 0.8%, qualified 0.6%, below standard 0.4%); 50% of the qualified-rating fee is drawn at the start of the year, the rest after the rating.",
        p.MGMT_FEE_RATE_EXCELLENT,
        p.MGMT_FEE_RATE_GOOD,
        p.MGMT_FEE_RATE_QUALIFIED,
        p.MGMT_FEE_RATE_BELOW_STANDARD,
        p.MGMT_FEE_UPFRONT_SHARE,
    ),
    _rule(
        "FUND-CONC-SHARE",
        "五（二）",
        C,
        "The sub-fund manager receives ≥ 20% of the total concession (in principle).",
        p.CONC_MANAGER_SHARE_MIN,
    ),
    _rule(
        "FUND-CONC-PRE-4Y",
        "五（二）1",
        CALC,
        "Buy-out of the mother fund's share by the manager or a contributor it names within 4 years (inclusive) of the mother fund's first paid-in date, with external investment ≥ 80% of paid-in capital and compliant investments: price = the mother fund's original investment. The band prices the buy-back and is not a time limit: it ends on the 4th anniversary (Civil Code arts. 201–202) with no holiday shift.",
        p.CONC_FREE_YEARS,
        p.CONC_MIN_INVESTED_RATIO,
    ),
    _rule(
        "FUND-CONC-PRE-LATER",
        "五（二）1",
        CALC,
        "After 4 years, same conditions: price = original investment + simple interest from the first day of year 5 to the base date (the concession application date) at the 1-year LPR in force then, every day from the day after the 4th anniversary through the base date; whole years count 1, a part-year actual days / 365. Capital reduction is priced the same way.",
        p.CONC_FREE_YEARS,
        p.CONC_MIN_INVESTED_RATIO,
        p.CONC_DAY_COUNT,
    ),
    _rule(
        "FUND-CONC-THIRD-PARTY",
        "五（二）1",
        CALC,
        "A buyer outside the contributors: the price above is the floor of a public auction.",
    ),
    _rule(
        "FUND-CONC-POST-LIQ",
        "五（二）2",
        CALC,
        "At liquidation, if the mother fund recovered all paid-in principal and its agreed returns and the sub-fund complied: concession = total returns × 40% at 150%–175% (both inclusive) Wenzhou reinvestment of the mother fund's paid-in, × 60% above 175% up to 200% (inclusive), × 80% at 200%以上 (the text's ③; its overlap with ② at exactly 200% is flagged); 0 below 150%; never more than the total returns.",
        p.CONC_TIER1_MIN,
        p.CONC_TIER1_RATE,
        p.CONC_TIER2_ABOVE,
        p.CONC_TIER2_RATE,
        p.CONC_TIER3_ABOVE,
        p.CONC_TIER3_RATE,
    ),
    # 六 risk control
    _rule(
        "FUND-RISK-COMMIT-30",
        "六（一）",
        C,
        "A new sub-fund's application has confirmed commitments (letters and proof of capacity) ≥ 30% of its total size.",
        p.RISK_CONFIRMED_RATIO,
    ),
    _rule(
        "FUND-RISK-INCREASE",
        "六（一）",
        C,
        "A capital-increase application: sub-fund registered ≤ 12 months before acceptance; all existing contributors resolve to admit the mother fund at par, waive its late-payment interest, and share existing project returns with it.",
        p.RISK_INCREASE_MAX_MONTHS,
    ),
    _rule(
        "FUND-RISK-PRIORITY",
        "六（二）",
        C,
        "Priority to managers ranked in their sector's top 50 (AMAC or third-party rankings) and to Wenzhou-local managers.",
        p.RISK_PRIORITY_RANK_MAX,
    ),
    _rule(
        "FUND-RISK-LAST-IN",
        "六（三）",
        C,
        "After the sub-fund is registered, the mother fund pays in last, pro rata to the others' paid-in ratio; it may refuse to pay if others are late.",
    ),
    _rule(
        "FUND-RISK-OBSERVER",
        "六（四）",
        DECL,
        "The mother fund's manager sends an observer to the sub-fund's investment committee.",
    ),
    _rule(
        "FUND-REPORT-MAJOR",
        "六（七）",
        DL,
        "Major events disclosed within 10 days (CAL-CAL-DAYS, CAL-HOLIDAY-SHIFT).",
        p.REPORT_MAJOR_DAYS,
    ),
    _rule(
        "FUND-REPORT-QUARTERLY",
        "六（七）",
        DL,
        "Quarterly operations report within 1 month after each quarter end.",
        p.REPORT_QUARTERLY_MONTHS,
    ),
    _rule(
        "FUND-REPORT-ANNUAL",
        "六（七）",
        DL,
        "Annual report, audited financial statements and custodian report within 4 months after the year end.",
        p.REPORT_ANNUAL_MONTHS,
    ),
    _rule(
        "FUND-EARLY-EXIT",
        "六（八）",
        C,
        "Early exit (on report and committee approval) when any holds: not investing as agreed and not rectified; not registered more than 3 months after signing (force majeure aside); AMAC filing and investment not done within 1 year of registration; no investment for more than 1 year after the mother fund's disbursement; non-compliant investments; illegal operation penalised by law; a material change of the manager (main shareholder / GP, or half or more of the core team) not approved by the sub-fund's governing body.",
        p.EXIT_REGISTRATION_MONTHS,
        p.EXIT_FILING_YEARS,
        p.EXIT_IDLE_YEARS,
    ),
    _rule(
        "FUND-EARLY-EXIT-PRICE",
        "六（八）",
        CALC,
        "Early-exit price ≥ the mother fund's paid-in principal + interest at the bank demand-deposit rate.",
        p.EXIT_DEPOSIT_DAY_COUNT,
    ),
    # 八 transition
    _rule(
        "FUND-TRANSITION",
        "八",
        C,
        "In force from 2021-12-20. Sub-funds signed on or before 2020-12-31 stay under 温政办〔2016〕61号 (not evaluated here); signed after 2020-12-31 and before 2021-12-20: the manager may opt in by a supplementary agreement dated from publication (2021-11-17) and the signing up to 3 months after publication (the printed text breaks off at the deadline; the catalogue gives the 3 months).",
        p.TRANSITION_LEGACY_SIGNED_THROUGH,
        p.TRANSITION_OPT_IN_MONTHS,
    ),
)

RULES = RuleBook(_RULES)
CLAUSES: dict[str, str] = {rule.id: rule.clause for rule in _RULES}
