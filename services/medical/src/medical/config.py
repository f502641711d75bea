"""Settings of the medical service: environment variables prefixed MEDICAL_."""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from govkit.settings import ServiceSettings


class MedicalSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="MEDICAL_", extra="ignore")

    # The civil-affairs list (POST /imports) and simulation batches (POST /simulate, thousands of
    # claims) are larger than the shared 1 MiB default; MEDICAL_MAX_BODY_BYTES overrides.
    max_body_bytes: int = 32 * 1_048_576
