"""FasTokenVerifier and JwksCache without I/O: the JWKS fetch and both clocks are injected."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any, Callable

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from jwt.algorithms import RSAAlgorithm

from chalicelib.errors import ServiceUnavailable, Unauthorized
from chalicelib.identity.fas import (
    FasIdentity,
    FasSettings,
    FasTokenVerifier,
    JwksCache,
    JwksFetchError,
    extract_bearer_token,
)

ISSUER = "https://idp.iamfas.belgium.be/fas/oauth2"
AUDIENCE = "remi-access-test"
JWKS_URL = ISSUER + "/connect/jwk_uri"
ACR_EID = "urn:be:fedict:iam:fas:Level500"
ACR_ITSME = "urn:be:fedict:iam:fas:Level450"
ACR_WEAK = "urn:be:fedict:iam:fas:Level100"
SSIN = "85073003328"
NOW = 1_800_000_000.0

KEY_A = rsa.generate_private_key(public_exponent=65537, key_size=2048)
KEY_B = rsa.generate_private_key(public_exponent=65537, key_size=2048)
EC_KEY = ec.generate_private_key(ec.SECP256R1())


class FakeClock:
    def __init__(self, start: float = NOW) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class FakeJwksEndpoint:
    """Returns `document`, or raises `error` when one is set, and records every call."""

    def __init__(self, *jwks: dict[str, Any]) -> None:
        self.document: Any = {"keys": list(jwks)}
        self.error: Exception | None = None
        self.calls: list[tuple[str, float]] = []

    def publish(self, *jwks: dict[str, Any]) -> None:
        self.document = {"keys": list(jwks)}

    def __call__(self, url: str, timeout: float) -> Any:
        self.calls.append((url, timeout))
        if self.error is not None:
            raise self.error
        return self.document


def public_jwk(private_key: Any, kid: str, **extra: Any) -> dict[str, Any]:
    numbers = RSAAlgorithm.to_jwk(private_key.public_key(), as_dict=True)
    jwk = {"kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid, "n": numbers["n"], "e": numbers["e"]}
    jwk.update(extra)
    return {name: value for name, value in jwk.items() if value is not None}


def claims(**overrides: Any) -> dict[str, Any]:
    """Return FAS-shaped ID token claims valid at NOW. An override of None removes the claim."""
    values: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "fas-subject-1",
        "iat": int(NOW) - 5,
        "exp": int(NOW) + 600,
        "acr": ACR_EID,
        "egovNRN": SSIN,
        "givenName": "Els",
        "surname": "Peeters",
        "mail": "els.peeters@ocmw.example",
        "prefLanguage": "fr",
    }
    values.update(overrides)
    return {name: value for name, value in values.items() if value is not None}


def sign(
    payload: dict[str, Any] | None = None,
    *,
    key: Any = KEY_A,
    kid: str | None = "key-a",
    algorithm: str = "RS256",
    headers: dict[str, Any] | None = None,
) -> str:
    all_headers: dict[str, Any] = {"kid": kid} if kid is not None else {}
    all_headers.update(headers or {})
    return jwt.encode(payload if payload is not None else claims(), key, algorithm=algorithm, headers=all_headers)


def base64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def compact(header: dict[str, Any], payload: dict[str, Any], signer: Callable[[bytes], bytes]) -> str:
    """Build a compact JWS by hand, for algorithms PyJWT refuses to produce with these keys."""
    signing_input = base64url(json.dumps(header).encode()) + "." + base64url(json.dumps(payload).encode())
    return signing_input + "." + base64url(signer(signing_input.encode("ascii")))


def settings(**overrides: Any) -> FasSettings:
    values: dict[str, Any] = {
        "issuer": ISSUER,
        "audience": AUDIENCE,
        "jwks_url": JWKS_URL,
        "accepted_acr": (ACR_EID, ACR_ITSME),
        "leeway_seconds": 60,
    }
    values.update(overrides)
    return FasSettings(**values)


def make_verifier(endpoint: FakeJwksEndpoint, clock: FakeClock, **setting_overrides: Any) -> FasTokenVerifier:
    fas_settings = settings(**setting_overrides)
    jwks = JwksCache.from_settings(fas_settings, fetch=endpoint, clock=clock)
    return FasTokenVerifier(fas_settings, jwks, clock=clock)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def endpoint() -> FakeJwksEndpoint:
    return FakeJwksEndpoint(public_jwk(KEY_A, "key-a"))


@pytest.fixture
def verifier(endpoint: FakeJwksEndpoint, clock: FakeClock) -> FasTokenVerifier:
    return make_verifier(endpoint, clock)


def rejection(verifier: FasTokenVerifier, token: str) -> Unauthorized:
    with pytest.raises(Unauthorized) as caught:
        verifier.verify(token)
    return caught.value


# Accepted tokens


def test_valid_token_returns_identity(verifier: FasTokenVerifier, endpoint: FakeJwksEndpoint) -> None:
    identity = verifier.verify(sign())

    assert identity == FasIdentity(
        ssin=SSIN,
        given_name="Els",
        surname="Peeters",
        email="els.peeters@ocmw.example",
        preferred_language="fr",
        acr=ACR_EID,
    )
    assert endpoint.calls == [(JWKS_URL, 3.0)]


def test_valid_token_without_optional_claims(verifier: FasTokenVerifier) -> None:
    identity = verifier.verify(sign(claims(mail=None, prefLanguage=None, acr=ACR_ITSME)))

    assert identity.email is None
    assert identity.preferred_language is None
    assert identity.acr == ACR_ITSME


def test_formatted_ssin_becomes_canonical(verifier: FasTokenVerifier) -> None:
    identity = verifier.verify(sign(claims(egovNRN="85.07.30-033.28")))

    assert identity.ssin == SSIN


def test_audience_list_with_remi_passes(verifier: FasTokenVerifier) -> None:
    identity = verifier.verify(sign(claims(aud=["other-client", AUDIENCE], azp=AUDIENCE)))

    assert identity.ssin == SSIN


def test_keys_are_reused_within_max_age(
    verifier: FasTokenVerifier, endpoint: FakeJwksEndpoint, clock: FakeClock
) -> None:
    verifier.verify(sign())
    clock.advance(3599)
    verifier.verify(sign(claims(iat=int(clock.now), exp=int(clock.now) + 600)))

    assert len(endpoint.calls) == 1


# Header checks


def test_alg_none_rejected_before_fetch(verifier: FasTokenVerifier, endpoint: FakeJwksEndpoint) -> None:
    token = compact({"alg": "none", "kid": "key-a", "typ": "JWT"}, claims(), lambda signing_input: b"")

    assert rejection(verifier, token).code == "token_algorithm_not_allowed"
    assert endpoint.calls == []


def test_hs256_with_public_key_as_secret_rejected(verifier: FasTokenVerifier) -> None:
    public_pem = KEY_A.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    token = compact(
        {"alg": "HS256", "kid": "key-a", "typ": "JWT"},
        claims(),
        lambda signing_input: hmac.new(public_pem, signing_input, hashlib.sha256).digest(),
    )

    assert rejection(verifier, token).code == "token_algorithm_not_allowed"


@pytest.mark.parametrize("algorithm", ["RS384", "RS512", "PS256"])
def test_other_rsa_algorithms_rejected(verifier: FasTokenVerifier, algorithm: str) -> None:
    assert rejection(verifier, sign(algorithm=algorithm)).code == "token_algorithm_not_allowed"


def test_es256_token_rejected(verifier: FasTokenVerifier, endpoint: FakeJwksEndpoint) -> None:
    token = sign(key=EC_KEY, algorithm="ES256", headers={"typ": "at+jwt"})

    assert rejection(verifier, token).code == "token_algorithm_not_allowed"
    assert endpoint.calls == []


@pytest.mark.parametrize("token_type", ["at+jwt", "AT+JWT", "application/at+jwt"])
def test_access_token_typ_rejected(verifier: FasTokenVerifier, token_type: str) -> None:
    # Signed by a published key, so only the typ header can cause the rejection.
    token = sign(headers={"typ": token_type})

    assert rejection(verifier, token).code == "token_type_not_allowed"


@pytest.mark.parametrize(
    "crit_headers",
    [
        {"crit": ["exp"], "exp": int(NOW) + 600},
        # PyJWT 2.15.1 accepts crit ["b64"] by itself, but this verifier still rejects it.
        {"crit": ["b64"], "b64": True},
        {"crit": []},
    ],
)
def test_crit_header_rejected(
    verifier: FasTokenVerifier, endpoint: FakeJwksEndpoint, crit_headers: dict[str, Any]
) -> None:
    assert rejection(verifier, sign(headers=crit_headers)).code == "token_crit_unsupported"
    assert endpoint.calls == []


def test_missing_kid_rejected(verifier: FasTokenVerifier) -> None:
    assert rejection(verifier, sign(kid=None)).code == "token_key_unknown"


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        "only.two",
        "four.parts.in.token",
        "a!b.c.d",
        base64url(b"[1, 2]") + ".e30.c2ln",
        base64url(b"{not json") + ".e30.c2ln",
        "x" * 20_000,
    ],
)
def test_malformed_token_rejected(verifier: FasTokenVerifier, token: str) -> None:
    assert rejection(verifier, token).code == "token_malformed"


def test_empty_token_is_missing(verifier: FasTokenVerifier) -> None:
    assert rejection(verifier, "").code == "token_missing"


def test_tampered_payload_fails_signature(verifier: FasTokenVerifier) -> None:
    header, _, signature = sign().split(".")
    forged_payload = base64url(json.dumps(claims(egovNRN="90020199713")).encode())

    assert rejection(verifier, f"{header}.{forged_payload}.{signature}").code == "token_signature_invalid"


def test_token_signed_by_another_key_fails_signature(verifier: FasTokenVerifier) -> None:
    assert rejection(verifier, sign(key=KEY_B, kid="key-a")).code == "token_signature_invalid"


# Issuer and audience


@pytest.mark.parametrize(
    "issuer",
    [
        "https://idp.iamfas.belgium.be/fas",
        "https://idp.iamfas.belgium.be/fas/oauth",
        ISSUER + "/",
        ISSUER + "2",
        ISSUER + ".evil.example",
        "https://idp.iamfas.int.belgium.be/fas/oauth2",
    ],
)
def test_inexact_issuer_rejected(verifier: FasTokenVerifier, issuer: str) -> None:
    assert rejection(verifier, sign(claims(iss=issuer))).code == "token_issuer_invalid"


def test_missing_issuer_rejected(verifier: FasTokenVerifier) -> None:
    error = rejection(verifier, sign(claims(iss=None)))

    assert error.code == "token_claim_missing"
    assert error.params == {"claim": "iss"}


@pytest.mark.parametrize("audience", ["other-client", AUDIENCE + "x", AUDIENCE[:-1], ["other-client"]])
def test_other_audience_rejected(verifier: FasTokenVerifier, audience: Any) -> None:
    assert rejection(verifier, sign(claims(aud=audience))).code == "token_audience_invalid"


@pytest.mark.parametrize("audience", [None, [], ""])
def test_missing_audience_rejected(verifier: FasTokenVerifier, audience: Any) -> None:
    # PyJWT 2.15.1 treats an empty `aud` like an absent one and reports a missing claim.
    error = rejection(verifier, sign(claims(aud=audience)))

    assert error.code == "token_claim_missing"
    assert error.params == {"claim": "aud"}


def test_azp_of_other_client_rejected(verifier: FasTokenVerifier) -> None:
    token = sign(claims(aud=[AUDIENCE, "other-client"], azp="other-client"))

    assert rejection(verifier, token).code == "token_audience_invalid"


# Validity window


def test_expired_token_rejected(verifier: FasTokenVerifier) -> None:
    token = sign(claims(iat=int(NOW) - 7200, exp=int(NOW) - 3600))

    assert rejection(verifier, token).code == "token_expired"


def test_leeway_59_seconds_past_exp_passes(verifier: FasTokenVerifier, clock: FakeClock) -> None:
    token = sign(claims(iat=int(NOW) - 600, exp=int(NOW)))
    clock.advance(59)

    assert verifier.verify(token).ssin == SSIN


def test_leeway_61_seconds_past_exp_fails(verifier: FasTokenVerifier, clock: FakeClock) -> None:
    token = sign(claims(iat=int(NOW) - 600, exp=int(NOW)))
    clock.advance(61)

    assert rejection(verifier, token).code == "token_expired"


def test_zero_leeway_rejects_one_second_late(endpoint: FakeJwksEndpoint, clock: FakeClock) -> None:
    verifier = make_verifier(endpoint, clock, leeway_seconds=0)
    token = sign(claims(iat=int(NOW) - 600, exp=int(NOW)))
    clock.advance(1)

    assert rejection(verifier, token).code == "token_expired"


def test_iat_beyond_leeway_not_yet_valid(verifier: FasTokenVerifier) -> None:
    token = sign(claims(iat=int(NOW) + 61, exp=int(NOW) + 3600))

    assert rejection(verifier, token).code == "token_not_yet_valid"


def test_iat_within_leeway_passes(verifier: FasTokenVerifier) -> None:
    token = sign(claims(iat=int(NOW) + 59, exp=int(NOW) + 3600))

    assert verifier.verify(token).ssin == SSIN


def test_nbf_beyond_leeway_not_yet_valid(verifier: FasTokenVerifier) -> None:
    token = sign(claims(nbf=int(NOW) + 120))

    assert rejection(verifier, token).code == "token_not_yet_valid"


@pytest.mark.parametrize("claim", ["iat", "exp"])
def test_missing_time_claim_rejected(verifier: FasTokenVerifier, claim: str) -> None:
    error = rejection(verifier, sign(claims(**{claim: None})))

    assert error.code == "token_claim_missing"
    assert error.params == {"claim": claim}


@pytest.mark.parametrize("value", ["1800000600", True, float("nan"), float("inf"), [1800000600]])
def test_non_numeric_exp_rejected(verifier: FasTokenVerifier, value: Any) -> None:
    assert rejection(verifier, sign(claims(exp=value))).code == "token_malformed"


# acr and identity claims


def test_acr_not_accepted_rejected(verifier: FasTokenVerifier) -> None:
    assert rejection(verifier, sign(claims(acr=ACR_WEAK))).code == "token_acr_insufficient"


def test_acr_list_rejected(verifier: FasTokenVerifier) -> None:
    assert rejection(verifier, sign(claims(acr=[ACR_EID]))).code == "token_acr_insufficient"


def test_missing_acr_rejected(verifier: FasTokenVerifier) -> None:
    error = rejection(verifier, sign(claims(acr=None)))

    assert error.code == "token_claim_missing"
    assert error.params == {"claim": "acr"}


def test_missing_egovnrn_rejected(verifier: FasTokenVerifier) -> None:
    error = rejection(verifier, sign(claims(egovNRN=None)))

    assert error.code == "token_claim_missing"
    assert error.params == {"claim": "egovNRN"}


@pytest.mark.parametrize("value", ["85073003329", "8507300332", "not-a-number", "", 85073003328])
def test_invalid_egovnrn_rejected(verifier: FasTokenVerifier, value: Any) -> None:
    assert rejection(verifier, sign(claims(egovNRN=value))).code == "token_identity_invalid"


def test_invalid_egovnrn_not_in_error(verifier: FasTokenVerifier) -> None:
    error = rejection(verifier, sign(claims(egovNRN="85073003329")))

    assert "85073003329" not in str(error)
    assert error.params == {}
    assert error.__cause__ is None
    assert error.__suppress_context__


@pytest.mark.parametrize("claim", ["givenName", "surname"])
def test_missing_name_claim_rejected(verifier: FasTokenVerifier, claim: str) -> None:
    error = rejection(verifier, sign(claims(**{claim: None})))

    assert error.code == "token_claim_missing"
    assert error.params == {"claim": claim}


# Key cache


def test_unknown_kid_refetches_once_per_cooldown(
    verifier: FasTokenVerifier, endpoint: FakeJwksEndpoint, clock: FakeClock
) -> None:
    verifier.verify(sign())
    assert len(endpoint.calls) == 1

    clock.advance(10)
    assert rejection(verifier, sign(key=KEY_B, kid="key-b")).code == "token_key_unknown"
    assert len(endpoint.calls) == 2

    clock.advance(10)
    assert rejection(verifier, sign(key=KEY_B, kid="key-c")).code == "token_key_unknown"
    assert len(endpoint.calls) == 2

    clock.advance(300)
    token = sign(claims(iat=int(clock.now), exp=int(clock.now) + 600), key=KEY_B, kid="key-c")
    assert rejection(verifier, token).code == "token_key_unknown"
    assert len(endpoint.calls) == 3


def test_rotated_key_found_by_refetch(
    verifier: FasTokenVerifier, endpoint: FakeJwksEndpoint, clock: FakeClock
) -> None:
    verifier.verify(sign())
    endpoint.publish(public_jwk(KEY_A, "key-a"), public_jwk(KEY_B, "key-b"))
    clock.advance(10)

    assert verifier.verify(sign(key=KEY_B, kid="key-b")).ssin == SSIN
    assert len(endpoint.calls) == 2


def test_removed_key_rejected_after_expiry(
    endpoint: FakeJwksEndpoint, clock: FakeClock
) -> None:
    endpoint.publish(public_jwk(KEY_A, "key-a"), public_jwk(KEY_B, "key-b"))
    verifier = make_verifier(endpoint, clock)
    assert verifier.verify(sign(key=KEY_B, kid="key-b")).ssin == SSIN

    endpoint.publish(public_jwk(KEY_A, "key-a"))
    clock.advance(3600)
    token = sign(claims(iat=int(clock.now), exp=int(clock.now) + 600), key=KEY_B, kid="key-b")

    assert rejection(verifier, token).code == "token_key_unknown"
    assert len(endpoint.calls) == 2


def test_removed_key_rejected_after_refetch(
    endpoint: FakeJwksEndpoint, clock: FakeClock
) -> None:
    endpoint.publish(public_jwk(KEY_A, "key-a"))
    verifier = make_verifier(endpoint, clock)
    verifier.verify(sign())

    # The issuer replaces key-a by key-b: a token with key-b triggers the refetch.
    endpoint.publish(public_jwk(KEY_B, "key-b"))
    clock.advance(10)
    verifier.verify(sign(key=KEY_B, kid="key-b"))

    assert rejection(verifier, sign()).code == "token_key_unknown"
    assert len(endpoint.calls) == 2


@pytest.mark.parametrize(
    "failure",
    [
        JwksFetchError("JWKS request returned HTTP 503"),
        TimeoutError("timed out"),
        ConnectionRefusedError("connection refused"),
        json.JSONDecodeError("Expecting value", "<html>", 0),
    ],
)
def test_fetch_failure_keeps_known_keys(
    verifier: FasTokenVerifier, endpoint: FakeJwksEndpoint, clock: FakeClock, failure: Exception
) -> None:
    verifier.verify(sign())
    endpoint.error = failure
    clock.advance(3601)
    token = sign(claims(iat=int(clock.now), exp=int(clock.now) + 600))

    assert verifier.verify(token).ssin == SSIN
    assert len(endpoint.calls) == 2


@pytest.mark.parametrize("document", [{"keys": "none"}, {"no_keys": []}, ["not", "a", "jwks"]])
def test_invalid_jwks_document_keeps_known_keys(
    verifier: FasTokenVerifier, endpoint: FakeJwksEndpoint, clock: FakeClock, document: Any
) -> None:
    verifier.verify(sign())
    endpoint.document = document
    clock.advance(3601)
    token = sign(claims(iat=int(clock.now), exp=int(clock.now) + 600))

    assert verifier.verify(token).ssin == SSIN


def test_failed_fetch_not_retried_at_once(
    verifier: FasTokenVerifier, endpoint: FakeJwksEndpoint, clock: FakeClock
) -> None:
    verifier.verify(sign())
    endpoint.error = JwksFetchError("JWKS request returned HTTP 500")
    clock.advance(3601)
    fresh = claims(iat=int(clock.now), exp=int(clock.now) + 600)
    verifier.verify(sign(fresh))
    verifier.verify(sign(fresh))
    assert len(endpoint.calls) == 2

    endpoint.error = None
    clock.advance(30)
    verifier.verify(sign(fresh))
    assert len(endpoint.calls) == 3


def test_no_key_ever_fetched_is_unavailable(endpoint: FakeJwksEndpoint, clock: FakeClock) -> None:
    endpoint.error = JwksFetchError("JWKS request failed: connection refused")
    verifier = make_verifier(endpoint, clock)

    with pytest.raises(ServiceUnavailable) as caught:
        verifier.verify(sign())

    assert caught.value.code == "identity_provider_unavailable"
    assert caught.value.status == 503


def test_recovers_after_first_fetch_failed(endpoint: FakeJwksEndpoint, clock: FakeClock) -> None:
    endpoint.error = JwksFetchError("JWKS request failed: connection refused")
    verifier = make_verifier(endpoint, clock)
    with pytest.raises(ServiceUnavailable):
        verifier.verify(sign())

    endpoint.error = None
    clock.advance(30)

    assert verifier.verify(sign()).ssin == SSIN


def test_empty_jwks_means_unknown_kid(endpoint: FakeJwksEndpoint, clock: FakeClock) -> None:
    endpoint.publish()
    verifier = make_verifier(endpoint, clock)

    assert rejection(verifier, sign()).code == "token_key_unknown"


@pytest.mark.parametrize(
    "jwk",
    [
        public_jwk(KEY_A, "key-a", use="enc"),
        public_jwk(KEY_A, "key-a", alg="RS512"),
        public_jwk(KEY_A, "key-a", kty="EC"),
        public_jwk(rsa.generate_private_key(public_exponent=65537, key_size=1024), "key-a"),
        {"kty": "RSA", "kid": "key-a", "n": "not base64!", "e": "AQAB"},
        {"kty": "RSA", "kid": "key-a", "n": 12345, "e": "AQAB"},
    ],
    ids=["use-enc", "alg-rs512", "kty-ec", "rsa-1024", "bad-modulus", "numeric-modulus"],
)
def test_unusable_jwk_ignored(clock: FakeClock, jwk: dict[str, Any]) -> None:
    endpoint = FakeJwksEndpoint(jwk)
    verifier = make_verifier(endpoint, clock)

    assert rejection(verifier, sign()).code == "token_key_unknown"


def test_jwk_without_use_or_alg_kept(clock: FakeClock) -> None:
    endpoint = FakeJwksEndpoint(public_jwk(KEY_A, "key-a", use=None, alg=None))
    verifier = make_verifier(endpoint, clock)

    assert verifier.verify(sign()).ssin == SSIN


def test_jwk_private_parameters_ignored(clock: FakeClock) -> None:
    private_jwk = RSAAlgorithm.to_jwk(KEY_A, as_dict=True)
    private_jwk.update({"kid": "key-a", "use": "sig"})
    verifier = make_verifier(FakeJwksEndpoint(private_jwk), clock)

    assert verifier.verify(sign()).ssin == SSIN


# Bearer header and settings


def test_bearer_token_extracted() -> None:
    assert extract_bearer_token("Bearer abc.def.ghi") == "abc.def.ghi"
    assert extract_bearer_token("bearer  abc.def.ghi ") == "abc.def.ghi"


@pytest.mark.parametrize("header", [None, "", "   "])
def test_absent_bearer_header_missing(header: str | None) -> None:
    with pytest.raises(Unauthorized) as caught:
        extract_bearer_token(header)

    assert caught.value.code == "token_missing"


@pytest.mark.parametrize("header", ["Basic dXNlcjpwdw==", "Bearer", "Bearer a b", "Bearerabc.def", "Bearer a,b"])
def test_non_bearer_header_malformed(header: str) -> None:
    with pytest.raises(Unauthorized) as caught:
        extract_bearer_token(header)

    assert caught.value.code == "token_malformed"


@pytest.mark.parametrize(
    "overrides",
    [
        {"leeway_seconds": 61},
        {"leeway_seconds": -1},
        {"jwks_url": "http://idp.iamfas.belgium.be/fas/oauth2/connect/jwk_uri"},
        {"jwks_url": "file:///etc/passwd"},
        {"accepted_acr": ()},
        {"accepted_acr": ACR_EID},
        {"issuer": ""},
        {"audience": ""},
        {"unknown_kid_cooldown_seconds": 0},
    ],
)
def test_invalid_settings_rejected(overrides: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        settings(**overrides)


def test_loopback_http_jwks_url_allowed() -> None:
    fas_settings = settings(jwks_url="http://127.0.0.1:8001/fas/oauth2/connect/jwk_uri")

    assert fas_settings.jwks_url.startswith("http://127.0.0.1")
