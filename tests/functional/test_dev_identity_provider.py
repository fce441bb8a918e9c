"""The development identity provider over real HTTP on 127.0.0.1, checked by FasTokenVerifier."""

from __future__ import annotations

import json
import logging
import stat
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Iterator

import pytest

from chalicelib.errors import Unauthorized
from chalicelib.identity.fas import (
    FasSettings,
    FasTokenVerifier,
    JwksCache,
    JwksFetchError,
    fetch_jwks,
)
from devstack.identity_provider import (
    ACR_EID,
    ACR_ITSME,
    DISCOVERY_PATH,
    JWKS_PATH,
    TOKEN_PATH,
    DevIdentityProvider,
    serve,
)

AUDIENCE = "remi-access-test"
PERSON = {
    "ssin": "85.07.30-033.28",
    "given_name": "Els",
    "surname": "Peeters",
    "email": "els.peeters@ocmw.example",
    "preferred_language": "fr",
    "acr": ACR_ITSME,
}


@pytest.fixture(autouse=True)
def no_proxy_for_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    # urllib honours proxy variables, and these requests must go straight to 127.0.0.1.
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
def key_path(tmp_path: Path) -> Path:
    return tmp_path / "devstack" / "fas-signing-key.pem"


@pytest.fixture
def provider(key_path: Path) -> Iterator[DevIdentityProvider]:
    provider = DevIdentityProvider("http://127.0.0.1:8001/fas/oauth2", AUDIENCE, key_path)
    server = serve(provider, host="127.0.0.1", port=0)
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()


def origin(provider: DevIdentityProvider) -> str:
    return provider.issuer_url.removesuffix("/fas/oauth2")


def get_json(url: str) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def post_json(url: str, document: Any) -> tuple[int, Any]:
    request = urllib.request.Request(
        url,
        data=json.dumps(document).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def test_issuer_uses_bound_port(provider: DevIdentityProvider) -> None:
    assert provider.issuer_url.startswith("http://127.0.0.1:")
    assert provider.issuer_url.endswith("/fas/oauth2")
    assert not provider.issuer_url.startswith("http://127.0.0.1:0/")


def test_discovery_document_over_http(provider: DevIdentityProvider) -> None:
    status, document = get_json(origin(provider) + DISCOVERY_PATH)

    assert status == 200
    assert document["issuer"] == provider.issuer_url
    assert document["jwks_uri"] == origin(provider) + JWKS_PATH
    assert document["token_endpoint"] == origin(provider) + TOKEN_PATH
    assert document["id_token_signing_alg_values_supported"] == ["RS256"]
    assert ACR_EID in document["acr_values_supported"]
    assert "egovNRN" in document["claims_supported"]


def test_jwks_over_http(provider: DevIdentityProvider) -> None:
    status, document = get_json(origin(provider) + JWKS_PATH)

    assert status == 200
    assert len(document["keys"]) == 1
    key = document["keys"][0]
    assert key["kid"] == provider.kid
    assert key["kty"] == "RSA"
    assert key["alg"] == "RS256"
    assert key["use"] == "sig"
    assert "d" not in key


def test_minted_token_verifies_over_http(provider: DevIdentityProvider) -> None:
    _, discovery = get_json(origin(provider) + DISCOVERY_PATH)
    status, response = post_json(discovery["token_endpoint"], PERSON)
    assert status == 200
    assert response["token_type"] == "Bearer"
    assert response["expires_in"] == 3600

    settings = FasSettings(
        issuer=discovery["issuer"],
        audience=AUDIENCE,
        jwks_url=discovery["jwks_uri"],
        accepted_acr=(ACR_EID, ACR_ITSME),
    )
    identity = FasTokenVerifier(settings).verify(response["id_token"])

    assert identity.ssin == "85073003328"
    assert identity.given_name == "Els"
    assert identity.surname == "Peeters"
    assert identity.email == "els.peeters@ocmw.example"
    assert identity.preferred_language == "fr"
    assert identity.acr == ACR_ITSME


def test_token_request_defaults(provider: DevIdentityProvider) -> None:
    status, response = post_json(
        origin(provider) + TOKEN_PATH,
        {"ssin": "85073003328", "given_name": "Jan", "surname": "Janssens", "lifetime_seconds": 600},
    )
    assert status == 200
    assert response["expires_in"] == 600

    settings = FasSettings(
        issuer=provider.issuer_url,
        audience=AUDIENCE,
        jwks_url=origin(provider) + JWKS_PATH,
        accepted_acr=(ACR_EID,),
    )
    identity = FasTokenVerifier(settings).verify(response["id_token"])

    assert identity.acr == ACR_EID
    assert identity.preferred_language == "nl"
    assert identity.email is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"given_name": "Els", "surname": "Peeters"}, "ssin"),
        ({"ssin": "85073003329", "given_name": "Els", "surname": "Peeters"}, "SSIN"),
        ({"ssin": 85073003328, "given_name": "Els", "surname": "Peeters"}, "SSIN"),
        ({"ssin": "85073003328", "surname": "Peeters"}, "given_name"),
        ({"ssin": "85073003328", "given_name": "Els", "surname": "Peeters", "acr": 500}, "acr"),
        ({"ssin": "85073003328", "given_name": "Els", "surname": "Peeters", "lifetime_seconds": 0}, "lifetime_seconds"),
        (["not", "an", "object"], "JSON object"),
    ],
)
def test_invalid_token_request_rejected(provider: DevIdentityProvider, body: Any, field: str) -> None:
    status, response = post_json(origin(provider) + TOKEN_PATH, body)

    assert status == 400
    assert response["error"] == "invalid_request"
    assert field in response["error_description"]
    assert "85073003329" not in response["error_description"]


def test_token_path_rejects_get(provider: DevIdentityProvider) -> None:
    status, response = get_json(origin(provider) + TOKEN_PATH)

    assert status == 405
    assert response["error"] == "method_not_allowed"


def test_unknown_path_not_found(provider: DevIdentityProvider) -> None:
    status, response = get_json(origin(provider) + "/fas/oauth2/authorize")

    assert status == 404
    assert response["error"] == "not_found"


def test_token_not_logged(provider: DevIdentityProvider, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="devstack.identity_provider")

    _, response = post_json(origin(provider) + TOKEN_PATH, PERSON)

    assert "POST" in caplog.text
    assert response["id_token"] not in caplog.text
    assert "85073003328" not in caplog.text


def test_fetch_jwks_reads_real_endpoint(provider: DevIdentityProvider) -> None:
    document = fetch_jwks(origin(provider) + JWKS_PATH, 5.0)

    assert document["keys"][0]["kid"] == provider.kid


def test_fetch_jwks_non_200_fails(provider: DevIdentityProvider) -> None:
    with pytest.raises(JwksFetchError, match="HTTP 404"):
        fetch_jwks(origin(provider) + "/fas/oauth2/no-such-path", 5.0)


def test_fetch_jwks_closed_port_fails() -> None:
    stopped = DevIdentityProvider("http://127.0.0.1:8001/fas/oauth2", AUDIENCE, None)
    server = serve(stopped, host="127.0.0.1", port=0)
    jwks_url = stopped.issuer_url.removesuffix("/fas/oauth2") + JWKS_PATH
    server.shutdown()
    server.server_close()

    with pytest.raises(JwksFetchError, match="failed"):
        fetch_jwks(jwks_url, 5.0)


def test_key_persists_across_restarts(key_path: Path) -> None:
    first = DevIdentityProvider("http://127.0.0.1:8001/fas/oauth2", AUDIENCE, key_path)
    second = DevIdentityProvider("http://127.0.0.1:8001/fas/oauth2", AUDIENCE, key_path)

    assert second.kid == first.kid
    assert second.jwks() == first.jwks()
    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600


def test_providers_without_key_path_differ() -> None:
    first = DevIdentityProvider("http://127.0.0.1:8001/fas/oauth2", AUDIENCE, None)
    second = DevIdentityProvider("http://127.0.0.1:8001/fas/oauth2", AUDIENCE, None)

    assert second.kid != first.kid


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "localhost", "example.org"])
def test_serve_rejects_non_loopback_host(host: str) -> None:
    provider = DevIdentityProvider("http://127.0.0.1:8001/fas/oauth2", AUDIENCE, None)

    with pytest.raises(ValueError, match="loopback"):
        serve(provider, host=host, port=0)


def test_overrides_remove_and_replace_claims() -> None:
    provider = DevIdentityProvider("http://127.0.0.1:8001/fas/oauth2", AUDIENCE, None)
    settings = FasSettings(
        issuer=provider.issuer_url,
        audience=AUDIENCE,
        jwks_url="http://127.0.0.1:8001/fas/oauth2/connect/jwk_uri",
        accepted_acr=(ACR_EID,),
    )
    jwks = JwksCache(settings.jwks_url, fetch=lambda url, timeout: provider.jwks())
    verifier = FasTokenVerifier(settings, jwks)

    with pytest.raises(Unauthorized) as missing:
        verifier.verify(provider.mint_id_token("85073003328", "Els", "Peeters", iat=None))
    with pytest.raises(Unauthorized) as other_issuer:
        verifier.verify(provider.mint_id_token("85073003328", "Els", "Peeters", iss="https://other.example"))

    assert missing.value.code == "token_claim_missing"
    assert missing.value.params == {"claim": "iat"}
    assert other_issuer.value.code == "token_issuer_invalid"
