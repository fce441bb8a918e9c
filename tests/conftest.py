"""Fixtures shared by every tier.

Functional tests run the real app and services against moto inside this process. A
development identity provider mints the FAS ID tokens, and the app's verifier reads that
provider's JWKS through an injected fetch instead of HTTP.
"""

from __future__ import annotations

import itertools
import os
from collections import Counter
from typing import Iterator

import pytest

# Set before any boto3 client exists, so that nothing can reach a real AWS account.
TEST_ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SECURITY_TOKEN": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "eu-west-1",
    "AWS_REGION": "eu-west-1",
    "REMI_STAGE": "test",
    "REMI_TABLE_NAME": "remi-access-test",
    "REMI_SIGNING_KEY_ID": "alias/remi-access-test-signing",
    "REMI_FAS_ISSUER": "http://127.0.0.1:8001/fas/oauth2",
    "REMI_FAS_CLIENT_ID": "remi-access-local",
    "REMI_PSEUDONYM_KEY": "test-pseudonym-key",
}
for _name, _value in TEST_ENVIRONMENT.items():
    os.environ[_name] = _value
os.environ.pop("REMI_DYNAMODB_ENDPOINT", None)
os.environ.pop("REMI_KMS_ENDPOINT", None)



def _share_botocore_loader() -> None:
    """Parse botocore's service models once per test process instead of once per test.

    Each test binds the store anew, and pynamodb and boto3 then open new botocore sessions,
    each of which would parse the DynamoDB and KMS model files again (about 0.4 s a test).
    """
    import botocore.loaders
    import botocore.session
    import pynamodb.connection.base

    shared_loader = botocore.loaders.create_loader()
    original_get_session = botocore.session.get_session

    def get_session(env_vars=None):
        session = original_get_session(env_vars)
        session.register_component("data_loader", shared_loader)
        return session

    botocore.session.get_session = get_session
    pynamodb.connection.base.get_session = get_session


_share_botocore_loader()

FAS_ISSUER = TEST_ENVIRONMENT["REMI_FAS_ISSUER"]
_table_numbers = itertools.count(1)
FAS_AUDIENCE = TEST_ENVIRONMENT["REMI_FAS_CLIENT_ID"]


@pytest.fixture(scope="session")
def identity_provider():
    from devstack.identity_provider import DevIdentityProvider

    return DevIdentityProvider(FAS_ISSUER, FAS_AUDIENCE, None)


def _reset_process_caches() -> None:
    from chalicelib.api import context
    from chalicelib.settings import reset_settings
    from chalicelib.store import connection

    reset_settings()
    connection.unbind()
    # The `fas` fixture replaces fas_verifier with a plain function until its monkeypatch is undone.
    clear_verifier = getattr(context.fas_verifier, "cache_clear", None)
    if clear_verifier is not None:
        clear_verifier()
    try:
        from chalicelib.store import organisation_cache
    except ImportError:
        return
    organisation_cache.clear()


@pytest.fixture(scope="session")
def moto_session() -> Iterator[None]:
    """One moto mock for the whole run: starting it costs far more than a test does."""
    from moto import mock_aws

    with mock_aws():
        yield


def _ensure_signing_key() -> None:
    """The vendor-token key, created once; a module that starts its own moto mock resets it."""
    import boto3

    kms = boto3.client("kms", region_name=TEST_ENVIRONMENT["AWS_DEFAULT_REGION"])
    aliases = {alias["AliasName"] for alias in kms.list_aliases()["Aliases"]}
    if TEST_ENVIRONMENT["REMI_SIGNING_KEY_ID"] in aliases:
        return
    key = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY", Description="REMI vendor tokens (test)")
    kms.create_alias(AliasName=TEST_ENVIRONMENT["REMI_SIGNING_KEY_ID"], TargetKeyId=key["KeyMetadata"]["KeyId"])


@pytest.fixture
def aws(moto_session, monkeypatch) -> Iterator[None]:
    """moto in this process, with a table of this test's own and the vendor-token signing key."""
    from chalicelib import clock
    from chalicelib.store import connection
    from chalicelib.store.models import RemiItem

    monkeypatch.setenv("REMI_TABLE_NAME", f"remi-access-test-{next(_table_numbers)}")
    _reset_process_caches()
    _ensure_signing_key()
    connection.create_table()
    yield
    clock.set_now(None)
    RemiItem.delete_table()
    _reset_process_caches()


@pytest.fixture
def fas(aws, identity_provider, monkeypatch):
    """Mints FAS ID tokens and makes the app trust the development identity provider."""
    from chalicelib.api import context
    from chalicelib.identity.fas import FasSettings, FasTokenVerifier, JwksCache
    from chalicelib.settings import get_settings

    settings = get_settings()
    fas_settings = FasSettings(
        issuer=settings.fas_issuer,
        audience=settings.fas_client_id,
        jwks_url=settings.fas_jwks_url,
        accepted_acr=settings.fas_accepted_acr,
        leeway_seconds=settings.fas_leeway_seconds,
    )
    jwks = JwksCache(settings.fas_jwks_url, fetch=lambda url, timeout: identity_provider.jwks())
    verifier = FasTokenVerifier(fas_settings, jwks)
    monkeypatch.setattr(context, "fas_verifier", lambda: verifier)
    return TokenMinter(identity_provider)


class TokenMinter:
    def __init__(self, provider) -> None:
        self.provider = provider

    def token(self, person, **overrides) -> str:
        return self.provider.mint_id_token(
            person.ssin, person.given_name, person.surname,
            email=person.email, preferred_language=person.language, **overrides,
        )

    def headers(self, person, language: str | None = None, **overrides) -> dict[str, str]:
        """Authorization and JSON content headers for `person`; `language` sets Accept-Language."""
        headers = {"Authorization": f"Bearer {self.token(person, **overrides)}", "Content-Type": "application/json"}
        if language:
            headers["Accept-Language"] = language
        return headers


@pytest.fixture
def client(fas):
    """Chalice's test client on the real app, with moto and the test identity provider."""
    from chalice.test import Client

    import app as remi_app

    with Client(remi_app.app) as test_client:
        yield test_client


class DynamoDBCalls:
    """Counts the DynamoDB requests botocore sends, by operation name."""

    def __init__(self) -> None:
        self.operations: Counter[str] = Counter()

    @property
    def total(self) -> int:
        return sum(self.operations.values())

    def reset(self) -> None:
        self.operations.clear()


@pytest.fixture
def dynamodb_calls(monkeypatch) -> DynamoDBCalls:
    """Every DynamoDB request from here on, counted; call .reset() right before the step measured."""
    from botocore.client import BaseClient

    calls = DynamoDBCalls()
    original = BaseClient._make_api_call

    def counting(self, operation_name, api_params):
        if self.meta.service_model.service_name == "dynamodb":
            calls.operations[operation_name] += 1
        return original(self, operation_name, api_params)

    monkeypatch.setattr(BaseClient, "_make_api_call", counting)
    return calls
