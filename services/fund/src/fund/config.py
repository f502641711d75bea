"""Settings of the fund service: environment variables prefixed FUND_."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from govkit.settings import ServiceSettings


class FundSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="FUND_", extra="ignore")
