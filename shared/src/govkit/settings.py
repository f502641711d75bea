"""Settings shared by every service and the gateway, on pydantic-settings.

Each service subclasses `ServiceSettings` with its own env prefix (FUND_, MEDICAL_, ...).
Outside development, unsafe values are refused at start-up rather than discovered later.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_PII_KEY = "development-only-pii-key-change-me"
DEV_ISSUER = "wenzhou-policy-dev"


class UnsafeSettings(ValueError):
    pass


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GOVKIT_", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    host: str = "127.0.0.1"
    port: int = 8000
    log_level: str = "INFO"

    # The service's own login role; only its schema is visible to it.
    database_url: str | None = None
    db_pool_size: int = 10
    db_max_overflow: int = 10

    # Token verification (OAuth2 client credentials, asymmetric keys).
    jwks_path: Path | None = None
    jwks_url: str | None = None
    jwt_issuer: str = DEV_ISSUER
    jwt_audience: str = "wenzhou-policy"

    # Where the service's alembic scripts are (readiness compares the database with their head);
    # defaults to the source tree's migrations/ folder.
    migrations_dir: Path | None = None

    # Ed25519 key that signs audit checkpoints (PEM, PKCS#8).
    signing_key_path: Path | None = None

    pii_hash_key: SecretStr = SecretStr(DEV_PII_KEY)
    max_body_bytes: int = 1_048_576
    cors_origins: list[str] = []
    docs_enabled: bool = True

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> ServiceSettings:
        if self.environment != "production":
            return self
        problems = []
        if (
            self.pii_hash_key.get_secret_value() == DEV_PII_KEY
            or len(self.pii_hash_key.get_secret_value()) < 32
        ):
            problems.append("pii_hash_key must be a secret of at least 32 characters")
        if self.jwt_issuer == DEV_ISSUER:
            problems.append("jwt_issuer must not be the development issuer")
        if not (self.jwks_url or self.jwks_path):
            problems.append("jwks_url or jwks_path is required")
        if self.jwks_url and not self.jwks_url.startswith("https://"):
            problems.append("jwks_url must use https")
        if "*" in self.cors_origins:
            problems.append("cors_origins must not be '*'")
        if self.database_url and "@" in self.database_url:
            creds = self.database_url.split("@", 1)[0].rsplit("//", 1)[-1]
            if ":" not in creds:
                problems.append("database_url must carry a password (no trust authentication)")
        if problems:
            raise UnsafeSettings("unsafe production settings: " + "; ".join(problems))
        return self
