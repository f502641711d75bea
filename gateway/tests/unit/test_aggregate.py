"""Aggregation: the pure merge rules and the fan-out's per-call failure handling."""

import asyncio

import httpx
import pytest

from gateway import aggregate
from gateway.aggregate import Outcome, Source
from gateway.breaker import CircuitBreaker
from govkit.http.problem import ProblemError


def ok(name: str, body: object, required: bool = False) -> Outcome:
    return Outcome(name, required, 3.2, status=200, body=body)


def failed(name: str, kind: str, required: bool = False, status: int | None = None) -> Outcome:
    return Outcome(
        name,
        required,
        5.0,
        status=status,
        body={"title": "x"} if status else None,
        error_kind=kind,
        error_detail=f"{name} {kind}",
    )


def test_optional_failure_leaves_null_with_error_beside() -> None:
    merged = aggregate.merge([ok("fund", {"count": 3}), failed("housing", aggregate.TIMEOUT)])
    assert merged["data"] == {"fund": {"count": 3}, "housing": None}
    assert merged["errors"]["housing"]["kind"] == "timeout"
    assert [s["name"] for s in merged["sources"]] == ["fund", "housing"]
    assert merged["sources"][0] == {
        "name": "fund",
        "required": False,
        "ok": True,
        "status": 200,
        "latency_ms": 3.2,
        "error": None,
    }
    assert merged["sources"][1]["ok"] is False


def test_part_transform_applies_to_successes_only() -> None:
    merged = aggregate.merge(
        [ok("fund", {"count": 3}), failed("medical", aggregate.UNREACHABLE)],
        part=lambda o: o.body["count"],
    )
    assert merged["data"] == {"fund": 3, "medical": None}


@pytest.mark.parametrize(
    ("failures", "status"),
    [
        ([failed("fund", aggregate.TIMEOUT, True)], 504),
        ([failed("fund", aggregate.UNREACHABLE, True)], 502),
        (
            [
                failed("fund", aggregate.TIMEOUT, True),
                failed("housing", aggregate.UNREACHABLE, True),
            ],
            502,
        ),
        (
            [
                failed("fund", aggregate.HTTP_STATUS, True, 404),
                failed("housing", aggregate.HTTP_STATUS, True, 404),
            ],
            404,
        ),
        (
            [
                failed("fund", aggregate.HTTP_STATUS, True, 404),
                failed("housing", aggregate.HTTP_STATUS, True, 403),
            ],
            502,
        ),
        ([failed("fund", aggregate.HTTP_STATUS, True, 500)], 502),
    ],
)
def test_required_failure_is_a_problem(failures: list[Outcome], status: int) -> None:
    with pytest.raises(ProblemError) as info:
        aggregate.merge([ok("medical", {}, required=True), *failures])
    assert info.value.status == status
    sources = info.value.extensions["sources"]
    assert {s["name"] for s in sources} == {"medical"} | {f.name for f in failures}
    assert set(info.value.extensions["source_errors"]) == {f.name for f in failures}
    # `errors` is the Problem schema's array, never an object keyed by source.
    assert isinstance(info.value.extensions.get("errors", []), list)


def test_the_same_refusal_everywhere_lists_the_services_errors_once() -> None:
    pointer = {"in": "body", "pointer": "#/holidays", "detail": "not a list", "type": "list_type"}
    other = {"in": "body", "pointer": "#/workdays", "detail": "missing", "type": "missing"}

    def refused(name: str, errors: list[dict[str, str]]) -> Outcome:
        body = {"status": 422, "code": "validation-error", "errors": errors}
        return Outcome(name, True, 1.0, 422, body, aggregate.HTTP_STATUS, f"{name} answered 422.")

    with pytest.raises(ProblemError) as info:
        aggregate.merge(
            [refused("fund", [pointer]), refused("housing", [pointer, other]), refused("x", [])]
        )
    problem = info.value
    assert problem.status == 422
    assert problem.ptype.slug == "upstream-rejected"
    assert problem.extensions["errors"] == [pointer, other]
    assert problem.extensions["source_errors"]["housing"]["body"]["errors"] == [pointer, other]


def test_optional_failures_never_fail_the_whole() -> None:
    merged = aggregate.merge(
        [failed("fund", aggregate.TIMEOUT), failed("x", aggregate.CIRCUIT_OPEN)]
    )
    assert merged["data"] == {"fund": None, "x": None}


async def test_fan_out_runs_concurrently_and_catches_each_failure() -> None:
    async def handler(request: httpx.Request) -> httpx.Response:
        name = request.url.path.split("/")[1]
        if name == "slow":
            await asyncio.sleep(0.3)
            return httpx.Response(200, json={})
        if name == "down":
            raise httpx.ConnectError("refused", request=request)
        if name == "timeout":
            raise httpx.ReadTimeout("slow", request=request)
        if name == "refused":
            return httpx.Response(
                403,
                json={"title": "Missing scope"},
                headers={"content-type": "application/problem+json"},
            )
        if name == "html":
            return httpx.Response(200, text="<html>", headers={"content-type": "text/html"})
        return httpx.Response(
            200, json={"name": name, "auth": request.headers.get("authorization")}
        )

    names = ["fund", "slow", "down", "timeout", "refused", "html"]
    sources = [
        Source(n, "GET", f"http://up/{n}/v1/rules", headers={"authorization": "Bearer t"})
        for n in names
    ]
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        loop = asyncio.get_running_loop()
        started = loop.time()
        outcomes = await aggregate.fan_out(client, sources)
        assert loop.time() - started < 0.6  # concurrent: the slow one did not serialise the rest
    by = {o.name: o for o in outcomes}
    assert [o.name for o in outcomes] == names
    assert by["fund"].ok
    assert by["fund"].body == {"name": "fund", "auth": "Bearer t"}
    assert by["slow"].ok
    assert by["slow"].latency_ms >= 250
    assert by["down"].error_kind == aggregate.UNREACHABLE
    assert by["timeout"].error_kind == aggregate.TIMEOUT
    assert by["refused"].error_kind == aggregate.HTTP_STATUS
    assert by["refused"].status == 403
    assert by["refused"].error()["body"] == {"title": "Missing scope"}  # type: ignore[index]
    assert by["html"].error_kind == aggregate.INVALID_BODY


async def test_fan_out_respects_and_feeds_the_breaker() -> None:
    breaker = CircuitBreaker(failures=1, open_seconds=60)

    async def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    source = Source("fund", "GET", "http://up/fund/v1/rules", breaker=breaker)
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        first = (await aggregate.fan_out(client, [source]))[0]
        second = (await aggregate.fan_out(client, [source]))[0]
    assert first.error_kind == aggregate.UNREACHABLE
    assert second.error_kind == aggregate.CIRCUIT_OPEN
