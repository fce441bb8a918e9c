"""REMI access tokens with a locally generated P-256 key: signature format, JWK and verification."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime, timedelta, timezone

import jwt
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from chalicelib.identity import vendor_tokens
from chalicelib.identity.vendor_tokens import InvalidAccessToken

ISSUER = "https://api.referencebudgets.be"
AUDIENCE = "https://api.referencebudgets.be/v1/vendor"
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


class LocalSigner:
    """A signer with an in-memory key; cryptography returns DER signatures, as KMS does."""

    def __init__(self) -> None:
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.calls = 0

    def public_key(self) -> ec.EllipticCurvePublicKey:
        return self.private_key.public_key()

    def sign_der(self, message: bytes) -> bytes:
        self.calls += 1
        return self.private_key.sign(message, ec.ECDSA(hashes.SHA256()))


@pytest.fixture
def signer() -> LocalSigner:
    return LocalSigner()


def issue(signer: LocalSigner, issued_at: datetime = NOW, lifetime: int = 600, **overrides) -> str:
    arguments = dict(issuer=ISSUER, audience=AUDIENCE, link_id="a" * 32, client_id="remi-client",
                     enterprise_number="0409667028", issued_at=issued_at, lifetime_seconds=lifetime)
    arguments.update(overrides)
    return vendor_tokens.issue_access_token(signer, **arguments).token


def verify(token: str, signer: LocalSigner, now: datetime = NOW, **overrides):
    arguments = dict(issuer=ISSUER, audience=AUDIENCE, now=now)
    arguments.update(overrides)
    return vendor_tokens.verify_access_token(token, signer.public_key(), **arguments)


def segment(token: str, index: int) -> dict:
    part = token.split(".")[index]
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def forge(signer: LocalSigner, header: dict, claims: dict) -> str:
    """Sign arbitrary header and claims with the test key, bypassing the issuer's checks."""
    return jwt.encode(claims, signer.private_key, algorithm="ES256", headers=header)


def valid_claims(**overrides) -> dict:
    claims = {"iss": ISSUER, "aud": AUDIENCE, "sub": "a" * 32, "client_id": "remi-client",
              "enterprise_number": "0409667028", "iat": int(NOW.timestamp()),
              "exp": int(NOW.timestamp()) + 600, "jti": "b" * 32}
    claims.update(overrides)
    return claims


def test_der_to_raw_gives_64_bytes():
    der = encode_dss_signature(1, 2)
    assert len(vendor_tokens.der_to_raw_signature(der)) == 64


def test_der_to_raw_order_is_r_then_s():
    der = encode_dss_signature(0x0102, 0x0304)
    raw = vendor_tokens.der_to_raw_signature(der)
    assert raw == (0x0102).to_bytes(32, "big") + (0x0304).to_bytes(32, "big")


def test_der_to_raw_keeps_leading_zero_bytes():
    # DER drops leading zeros of small integers; JWS needs them back to reach 32 bytes.
    der = encode_dss_signature(1 << 8, (1 << 255) + 7)
    raw = vendor_tokens.der_to_raw_signature(der)
    assert raw[:32] == (1 << 8).to_bytes(32, "big")


def test_der_to_raw_rejects_integers_over_32_bytes():
    with pytest.raises(ValueError):
        vendor_tokens.der_to_raw_signature(encode_dss_signature(1 << 256, 1))


def test_der_to_raw_verifies_as_jws_signature(signer):
    message = b"header.payload"
    raw = vendor_tokens.der_to_raw_signature(signer.sign_der(message))
    r, s = int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")
    signer.public_key().verify(encode_dss_signature(r, s), message, ec.ECDSA(hashes.SHA256()))


def test_issued_token_header(signer):
    header = segment(issue(signer), 0)
    assert header == {"alg": "ES256", "typ": "at+jwt", "kid": vendor_tokens.key_id(signer.public_key())}


def test_issued_token_claims(signer):
    claims = segment(issue(signer), 1)
    assert {key: claims[key] for key in ("iss", "aud", "sub", "client_id", "enterprise_number")} == {
        "iss": ISSUER, "aud": AUDIENCE, "sub": "a" * 32, "client_id": "remi-client",
        "enterprise_number": "0409667028",
    }


def test_issued_token_expires_after_lifetime(signer):
    claims = segment(issue(signer, lifetime=600), 1)
    assert claims["exp"] - claims["iat"] == 600


def test_issued_tokens_have_distinct_jti(signer):
    assert segment(issue(signer), 1)["jti"] != segment(issue(signer), 1)["jti"]


def test_issuing_signs_once(signer):
    issue(signer)
    assert signer.calls == 1


def test_issued_token_verifies_with_pyjwt_directly(signer):
    claims = jwt.decode(issue(signer), signer.public_key(), algorithms=["ES256"], audience=AUDIENCE,
                        issuer=ISSUER, options={"verify_exp": False, "verify_iat": False})
    assert claims["sub"] == "a" * 32


def test_verify_returns_link_client_and_organisation(signer):
    claims = verify(issue(signer), signer)
    assert claims.link_id == "a" * 32
    assert claims.client_id == "remi-client"
    assert claims.enterprise_number == "0409667028"


def test_verify_rejects_expired_token(signer):
    with pytest.raises(InvalidAccessToken) as raised:
        verify(issue(signer, lifetime=600), signer, now=NOW + timedelta(seconds=600))
    assert raised.value.code == "access_token_expired"


def test_verify_accepts_token_one_second_before_expiry(signer):
    claims = verify(issue(signer, lifetime=600), signer, now=NOW + timedelta(seconds=599))
    assert claims.link_id == "a" * 32


def test_verify_rejects_token_issued_in_the_future(signer):
    with pytest.raises(InvalidAccessToken) as raised:
        verify(issue(signer, issued_at=NOW + timedelta(minutes=5)), signer)
    assert raised.value.code == "access_token_invalid"


def test_verify_rejects_other_issuer(signer):
    with pytest.raises(InvalidAccessToken):
        verify(issue(signer, issuer="https://elsewhere.example"), signer)


def test_verify_rejects_other_audience(signer):
    with pytest.raises(InvalidAccessToken):
        verify(issue(signer, audience="remi-access-local"), signer)


def test_verify_rejects_token_signed_by_another_key(signer):
    with pytest.raises(InvalidAccessToken):
        verify(issue(LocalSigner()), signer)


def test_verify_rejects_tampered_claims(signer):
    header, payload, signature = issue(signer).split(".")
    claims = segment(issue(signer), 1)
    claims["enterprise_number"] = "0201234517"
    forged_payload = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(InvalidAccessToken):
        verify(f"{header}.{forged_payload}.{signature}", signer)


def test_verify_rejects_typ_jwt(signer):
    kid = vendor_tokens.key_id(signer.public_key())
    token = forge(signer, {"typ": "JWT", "kid": kid}, valid_claims())
    with pytest.raises(InvalidAccessToken):
        verify(token, signer)


def test_verify_rejects_missing_typ(signer):
    kid = vendor_tokens.key_id(signer.public_key())
    token = forge(signer, {"typ": None, "kid": kid}, valid_claims())
    with pytest.raises(InvalidAccessToken):
        verify(token, signer)


def test_verify_rejects_unknown_kid(signer):
    token = forge(signer, {"typ": "at+jwt", "kid": "another-key"}, valid_claims())
    with pytest.raises(InvalidAccessToken):
        verify(token, signer)


@pytest.mark.parametrize("claim", ["exp", "iat", "sub", "client_id", "enterprise_number", "jti"])
def test_verify_requires_claim(signer, claim):
    kid = vendor_tokens.key_id(signer.public_key())
    claims = valid_claims()
    del claims[claim]
    with pytest.raises(InvalidAccessToken):
        verify(forge(signer, {"typ": "at+jwt", "kid": kid}, claims), signer)


def test_verify_rejects_string_exp(signer):
    kid = vendor_tokens.key_id(signer.public_key())
    token = forge(signer, {"typ": "at+jwt", "kid": kid}, valid_claims(exp=str(int(NOW.timestamp()) + 600)))
    with pytest.raises(InvalidAccessToken):
        verify(token, signer)


def test_verify_rejects_rs256_id_token(signer):
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = jwt.encode(valid_claims(), rsa_key, algorithm="RS256", headers={"kid": "fas-key"})
    with pytest.raises(InvalidAccessToken):
        verify(token, signer)


def test_verify_rejects_unsigned_token(signer):
    token = jwt.encode(valid_claims(), None, algorithm="none", headers={"typ": "at+jwt"})
    with pytest.raises(InvalidAccessToken):
        verify(token, signer)


def test_verify_rejects_garbage(signer):
    with pytest.raises(InvalidAccessToken):
        verify("not-a-token", signer)


def test_verify_rejects_oversized_token(signer):
    with pytest.raises(InvalidAccessToken):
        verify("a" * 5000, signer)


def test_public_jwk_has_ec_p256_members(signer):
    jwk = vendor_tokens.public_jwk(signer.public_key())
    assert jwk["kty"] == "EC"
    assert jwk["crv"] == "P-256"
    assert jwk["use"] == "sig"
    assert jwk["alg"] == "ES256"


def test_public_jwk_loads_back_to_the_same_key(signer):
    jwk = vendor_tokens.public_jwk(signer.public_key())
    loaded = jwt.algorithms.ECAlgorithm.from_jwk(json.dumps(jwk))
    assert loaded.public_numbers() == signer.public_key().public_numbers()


def test_kid_is_rfc7638_thumbprint(signer):
    jwk = vendor_tokens.public_jwk(signer.public_key())
    canonical = json.dumps({"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"], "y": jwk["y"]},
                           separators=(",", ":"))
    expected = base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).rstrip(b"=").decode()
    assert jwk["kid"] == expected


def test_kid_differs_between_keys(signer):
    assert vendor_tokens.key_id(signer.public_key()) != vendor_tokens.key_id(LocalSigner().public_key())
