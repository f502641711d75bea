"""Fund (73号): the application check and the investment check, in process and over HTTP.

- `check_application` on the worked-example application (`fund.domain.examples`): every one of
  the 23 application rules evaluated, all pass — the figure the ≥ 10,000/s per core target is
  about;
- the endpoint's own work for it: the JSON body parsed and validated into the request model,
  checked, and the answer encoded (no HTTP, no token);
- `check_investment` on the first example of `POST /fund/v1/checks/investment` (passes);
- over HTTP: `POST /fund/v1/checks/application` with the worked-example body.
"""

from __future__ import annotations

from typing import Any

import orjson

from bench.checks import HttpCheck, Workload

APPLICATION = "fund: check_application (domain)"
ENDPOINT = "fund: body → request model → check → JSON (the endpoint's own work)"
INVESTMENT = "fund: check_investment (domain)"
TARGETS = {APPLICATION: 10_000}


def _application_body() -> bytes:
    from fund.api.check_schemas import EXAMPLE_APPLICATION
    from fund.domain.examples import EXAMPLE_AS_OF

    return orjson.dumps({**EXAMPLE_APPLICATION, "as_of": EXAMPLE_AS_OF.isoformat()})


def _expect_pass(label: str, outcome: Any, failed: Any) -> None:
    if outcome != "pass":
        raise RuntimeError(f"{label}: the example does not pass: {failed}")


def workloads() -> list[Workload]:
    from fund.api.check_schemas import ApplicationCheck, InvestmentCheck
    from fund.domain import check_application, check_investment
    from fund.domain.examples import EXAMPLE_APPLICATION as FACTS
    from fund.domain.examples import EXAMPLE_AS_OF
    from fund.domain.parameters import DEFAULT_PARAMETERS
    from fund.service import checks
    from govkit.http.responses import json_response

    body = _application_body()
    example = InvestmentCheck.model_config["json_schema_extra"]["examples"][0]  # type: ignore[index]
    investment = InvestmentCheck.model_validate(example)
    proposed = investment.to_domain()
    as_of = investment.as_of or EXAMPLE_AS_OF

    def application() -> object:
        return check_application(FACTS, DEFAULT_PARAMETERS, EXAMPLE_AS_OF)

    def endpoint_work() -> object:
        request = ApplicationCheck.model_validate_json(body)
        return json_response(checks.application(request, DEFAULT_PARAMETERS)).body

    def investment_check() -> object:
        return check_investment(
            proposed,
            subfund_size=investment.subfund_size,
            prior_investments_in_company=investment.prior_investments_in_company,
            as_of=as_of,
            params=DEFAULT_PARAMETERS,
        )

    first = check_application(FACTS, DEFAULT_PARAMETERS, EXAMPLE_AS_OF)
    _expect_pass(APPLICATION, first.outcome.value, first.failed_rules)
    answer = orjson.loads(endpoint_work())  # type: ignore[arg-type]
    _expect_pass(ENDPOINT, answer["outcome"], answer["failed_rules"])
    inv = investment_check()
    _expect_pass(INVESTMENT, inv.outcome.value, inv.failed_rules)  # type: ignore[attr-defined]
    return [(APPLICATION, application), (ENDPOINT, endpoint_work), (INVESTMENT, investment_check)]


def http_checks() -> list[HttpCheck]:
    return [
        HttpCheck(
            label="fund: POST /fund/v1/checks/application",
            service="fund",
            path="/fund/v1/checks/application",
            body=_application_body(),
            scopes=("fund:read",),
            baseline=APPLICATION,
            expect=b'"outcome":"pass"',
        )
    ]
