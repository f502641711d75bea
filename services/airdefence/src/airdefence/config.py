"""Settings of the airdefence service: environment variables prefixed AIRDEFENCE_."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from govkit.settings import ServiceSettings


class AirdefenceSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="AIRDEFENCE_", extra="ignore")
