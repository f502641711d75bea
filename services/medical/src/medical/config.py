"""Settings of the medical service: environment variables prefixed MEDICAL_."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from govkit.settings import ServiceSettings


class MedicalSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="MEDICAL_", extra="ignore")
