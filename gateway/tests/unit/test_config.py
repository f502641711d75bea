"""Gateway settings: env prefix, per-upstream timeouts, production refusals."""

import pytest
from pydantic import ValidationError

from gateway.config import GatewaySettings


def test_env_prefix_and_upstream_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_FUND_URL", "http://fund:8001/")
    monkeypatch.setenv("GATEWAY_UPSTREAM_TIMEOUTS", '{"medical": {"read": 60}}')
    monkeypatch.setenv("GATEWAY_READ_TIMEOUT", "10")
    settings = GatewaySettings()
    assert settings.upstream_url("fund") == "http://fund:8001"
    assert settings.timeouts("medical").read == 60
    assert settings.timeouts("medical").connect == 2.0
    assert settings.timeouts("fund").read == 10


def test_unknown_upstream_in_timeouts_is_refused() -> None:
    with pytest.raises(ValidationError, match="unknown services"):
        GatewaySettings(upstream_timeouts={"funds": {"read": 1}})


def test_production_needs_real_issuer_and_keys_but_no_pii_key() -> None:
    with pytest.raises(ValidationError, match="development issuer"):
        GatewaySettings(environment="production", jwks_url="https://idp/jwks")
    with pytest.raises(ValidationError, match="cors_origins"):
        GatewaySettings(
            environment="production",
            jwt_issuer="https://idp",
            jwks_url="https://idp/jwks",
            cors_origins=["*"],
        )
    ok = GatewaySettings(
        environment="production", jwt_issuer="https://idp", jwks_url="https://idp/jwks"
    )
    assert ok.environment == "production"
