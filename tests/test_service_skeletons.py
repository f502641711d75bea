"""Each service: app factory, its own config prefix, bilingual OpenAPI, protected rules list."""

import importlib
from collections.abc import Callable

import pytest

SERVICES = ["fund", "housing", "medical", "airdefence"]


@pytest.mark.parametrize("name", SERVICES)
async def test_service_app(
    name: str,
    service_app_factory: Callable[..., object],
    auth_headers: Callable[..., dict[str, str]],
) -> None:
    main = importlib.import_module(f"{name}.main")
    config = importlib.import_module(f"{name}.config")
    settings_cls = getattr(config, f"{name.capitalize()}Settings")
    assert settings_cls.model_config["env_prefix"] == f"{name.upper()}_"
    async with service_app_factory(main.create_app, settings_cls, name) as (_app, client):
        r = await client.get(f"/{name}/v1/rules")
        assert r.status_code == 401
        assert r.headers["content-type"] == "application/problem+json"
        r = await client.get(f"/{name}/v1/rules", headers=auth_headers(f"{name}:read"))
        assert r.status_code == 200
        assert r.json()["service"] == name
        ready = await client.get("/readyz")
        assert ready.status_code == 200, ready.text
        doc = (await client.get("/openapi.json")).json()
        title = doc["info"]["title"]
        assert any("\u4e00" <= ch <= "\u9fff" for ch in title)  # Chinese
        assert any("a" <= ch.lower() <= "z" for ch in title)  # and English
        ops = [op["operationId"] for item in doc["paths"].values() for op in item.values()]
        assert all(o.startswith(f"{name}_") for o in ops)
        assert len(ops) == len(set(ops))
        # The request guard's answers are documented wherever a body is taken, as problems.
        for item in doc["paths"].values():
            for op in item.values():
                if "requestBody" in op:
                    for status in ("413", "415"):
                        assert "application/problem+json" in op["responses"][status]["content"]
