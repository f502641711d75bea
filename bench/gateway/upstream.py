"""The benchmark's upstream: one trivial FastAPI route shaped like a service's `GET /fund/v1/rules`.

It only checks that a bearer token arrived (so the row through the gateway shows the header is
forwarded) and never verifies it, so that every row pays the same, small upstream cost and the
differences between rows are the proxies'.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

app = FastAPI()
RULES = {
    "service": "fund",
    "rules_version": "bench",
    "count": 1,
    "rules": [
        {
            "id": "FUND-BENCH-1",
            "clause": "温政办〔2021〕73号 三（一）2",
            "summary": "bench",
            "kind": "eligibility",
            "parameters": [],
        }
    ],
}


@app.get("/fund/v1/rules")
async def rules(request: Request) -> JSONResponse:
    if not request.headers.get("authorization", "").startswith("Bearer "):
        return JSONResponse({"status": 401}, status_code=401)
    return JSONResponse(RULES)


@app.get("/healthz")
@app.get("/readyz")
async def health() -> dict[str, str]:
    return {"status": "ok"}
