"""The medical service's own problem types.

A `MedicalDomainError` is a `govkit.rules.DomainError`, which the app factory maps to a 422
(`rule-violation` citing the rule, or `validation-error`) for every service.
"""

from __future__ import annotations

from govkit.http.problem import problem_type

CLAIM_ALREADY_SETTLED = problem_type(
    "claim-already-settled",
    409,
    "Claim already settled",
    "The hospital's claim has a live settlement already (`settlement_id`); reverse it before "
    "settling the claim again. 该就诊结算单已结算，须先冲销。",
)
SETTLEMENT_ALREADY_REVERSED = problem_type(
    "settlement-already-reversed",
    409,
    "Settlement already reversed",
    "The settlement was reversed before (`reversal_id`); a settlement is reversed once. "
    "该结算已冲销，不可重复冲销。",
)
PERSON_EXISTS = problem_type(
    "person-exists",
    409,
    "Person already registered",
    "A person with this resident ID is registered already (`person_id`). 该身份证号已登记。",
)
RECORD_EXISTS = problem_type(
    "needy-record-exists",
    409,
    "Recognition already registered",
    "The person has a recognition of this category from this day already (`record_id`).",
)
IMPORT_REJECTED = problem_type(
    "import-rejected",
    422,
    "Import rejected: invalid rows",
    "The file has invalid rows and `valid_rows_only` was not set, so nothing was changed; "
    "`report` lists every row's errors. 存在无效行，未导入任何数据。",
)
IMPORT_UNREADABLE = problem_type(
    "import-unreadable",
    422,
    "Import file unreadable",
    "The file could not be decoded or parsed as the stated format (CSV or JSON; UTF-8 or GB18030).",
)
