"""The fund service's problem handler: a `FundDomainError` is a 422 naming its rule and clause."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from fund.domain import RULES, FundDomainError
from govkit.http.problem import RULE_VIOLATION, VALIDATION, problem_response


def domain_problem(exc: FundDomainError, request: Request | None = None) -> JSONResponse:
    facts = {k: str(v) for k, v in exc.facts.items()}
    if exc.rule_id in RULES:
        return problem_response(
            RULE_VIOLATION,
            detail=exc.message_en,
            request=request,
            rule_id=exc.rule_id,
            clause=RULES[exc.rule_id].clause,
            message_zh=exc.message_zh,
            message_en=exc.message_en,
            facts=facts,
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
    assert isinstance(exc, FundDomainError)
    return domain_problem(exc, request)


def install_fund_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(FundDomainError, _domain_handler)
