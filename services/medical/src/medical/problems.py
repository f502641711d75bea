"""The medical service's problem types, and the handler that turns domain errors into problems.

A `MedicalDomainError` naming a rule is a 422 `rule-violation` with `rule_id` and `clause`; one
naming no rule is a 422 `validation-error`. Parameters without a value are the platform's
`parameter-not-configured` (422, naming the parameter).
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from govkit.http.problem import RULE_VIOLATION, VALIDATION, problem_response, problem_type
from medical.domain import RULES, MedicalDomainError

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


def domain_problem(exc: MedicalDomainError, request: Request | None = None) -> JSONResponse:
    if exc.rule_id and exc.rule_id in RULES:
        return problem_response(
            RULE_VIOLATION,
            detail=exc.message_en,
            request=request,
            rule_id=exc.rule_id,
            clause=RULES[exc.rule_id].clause,
            message_zh=exc.message_zh,
            message_en=exc.message_en,
        )
    return problem_response(
        VALIDATION,
        detail=exc.message_en,
        request=request,
        message_zh=exc.message_zh,
        message_en=exc.message_en,
        errors=[],
    )


async def _domain_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, MedicalDomainError)
    return domain_problem(exc, request)


def install_medical_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(MedicalDomainError, _domain_handler)
