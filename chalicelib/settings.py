"""Configuration, read from the environment when first needed.

`chalice local` sets the stage's environment before it imports app.py, but the test client
and `chalice package` import app.py without it, so nothing here runs at import time.
`.chalice/config.json` sets these variables per stage; the defaults fit FAS production
except where a value only makes sense per deployment (client id, table, key).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache

FAS_PRODUCTION_ISSUER = "https://idp.iamfas.belgium.be/fas/oauth2"
FAS_ACR_EID = "urn:be:fedict:iam:fas:Level500"
FAS_ACR_ITSME = "urn:be:fedict:iam:fas:Level450"


class ConfigurationError(RuntimeError):
    """A required setting is missing or invalid; the message names the variable."""


def _text(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None or value == "":
        raise ConfigurationError(f"environment variable {name} is not set")
    return value


def _optional(name: str) -> str | None:
    return os.environ.get(name) or None


def _integer(name: str, default: int, minimum: int = 0, maximum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigurationError(f"environment variable {name}={raw!r} is not an integer") from exc
    if value < minimum or (maximum is not None and value > maximum):
        raise ConfigurationError(f"environment variable {name}={value} is outside {minimum}..{maximum}")
    return value


def _words(name: str, default: str) -> tuple[str, ...]:
    return tuple(item for item in os.environ.get(name, default).replace(",", " ").split() if item)


@dataclass(frozen=True)
class Settings:
    stage: str
    region: str
    table_name: str
    dynamodb_endpoint: str | None
    kms_endpoint: str | None
    signing_key_id: str

    fas_issuer: str
    fas_jwks_url: str
    fas_client_id: str
    fas_accepted_acr: tuple[str, ...]
    fas_leeway_seconds: int

    token_issuer: str
    token_audience: str
    access_token_seconds: int
    refresh_token_days: int

    invitation_link_base: str
    activation_code_minutes: int
    pending_approval_days: int
    organisation_cache_seconds: int
    exchange_failures_per_window: int
    exchange_window_seconds: int
    max_body_bytes: int
    pseudonym_key: bytes = field(repr=False)


DEVELOPMENT_PSEUDONYM_KEY = "local-development-only"
DEVELOPMENT_STAGES = ("local", "test")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Read the settings once per process. `reset_settings()` clears them for tests and the CLI."""
    stage = _text("REMI_STAGE", "local")
    pseudonym_key = _text("REMI_PSEUDONYM_KEY", DEVELOPMENT_PSEUDONYM_KEY)
    if stage not in DEVELOPMENT_STAGES and pseudonym_key == DEVELOPMENT_PSEUDONYM_KEY:
        # With a known key anyone could recompute the pseudonyms in the logs from an SSIN.
        raise ConfigurationError(f"stage {stage} needs its own REMI_PSEUDONYM_KEY, not the development default")
    issuer = _text("REMI_FAS_ISSUER", FAS_PRODUCTION_ISSUER).rstrip("/")
    return Settings(
        stage=stage,
        region=_text("AWS_DEFAULT_REGION", os.environ.get("AWS_REGION", "eu-west-1")),
        table_name=_text("REMI_TABLE_NAME", "remi-access-local"),
        dynamodb_endpoint=_optional("REMI_DYNAMODB_ENDPOINT"),
        kms_endpoint=_optional("REMI_KMS_ENDPOINT"),
        signing_key_id=_text("REMI_SIGNING_KEY_ID", "alias/remi-access-local-signing"),
        fas_issuer=issuer,
        fas_jwks_url=_text("REMI_FAS_JWKS_URL", issuer + "/connect/jwk_uri"),
        fas_client_id=_text("REMI_FAS_CLIENT_ID", "remi-access-local"),
        fas_accepted_acr=_words("REMI_FAS_ACCEPTED_ACR", f"{FAS_ACR_EID} {FAS_ACR_ITSME}"),
        fas_leeway_seconds=_integer("REMI_FAS_LEEWAY_SECONDS", 30, 0, 60),
        token_issuer=_text("REMI_TOKEN_ISSUER", "https://api.referencebudgets.be"),
        token_audience=_text("REMI_TOKEN_AUDIENCE", "https://api.referencebudgets.be/v1/vendor"),
        access_token_seconds=_integer("REMI_ACCESS_TOKEN_SECONDS", 600, 60, 3600),
        refresh_token_days=_integer("REMI_REFRESH_TOKEN_DAYS", 90, 1, 400),
        invitation_link_base=_text("REMI_INVITATION_LINK_BASE", "https://referencebudgets.be/invitation"),
        activation_code_minutes=_integer("REMI_ACTIVATION_CODE_MINUTES", 10, 1, 60),
        pending_approval_days=_integer("REMI_PENDING_APPROVAL_DAYS", 30, 1, 366),
        organisation_cache_seconds=_integer("REMI_ORGANISATION_CACHE_SECONDS", 60, 0, 3600),
        exchange_failures_per_window=_integer("REMI_EXCHANGE_FAILURES_PER_WINDOW", 10, 1, 10_000),
        exchange_window_seconds=_integer("REMI_EXCHANGE_WINDOW_SECONDS", 300, 10, 86_400),
        max_body_bytes=_integer("REMI_MAX_BODY_BYTES", 64 * 1024, 1024, 6 * 1024 * 1024),
        pseudonym_key=pseudonym_key.encode(),
    )


def reset_settings() -> None:
    get_settings.cache_clear()
