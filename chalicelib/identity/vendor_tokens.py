"""REMI's vendor access tokens: ES256 JWTs signed by a KMS key, and their verification.

The token endpoint issues these to vendor applications; `GET /v1/vendor/me` accepts them.
They have their own issuer, audience, key and header `typ` (`at+jwt`, RFC 9068), while FAS
ID tokens are RS256 with FAS's issuer, so neither kind passes where the other is expected.

KMS signs the JWS signing input with ECDSA_SHA_256 and returns the signature DER-encoded;
JWS (RFC 7518 section 3.4) wants the two 32-byte integers r and s concatenated, so the
signature is converted before it is appended. The public key is read once per process with
GetPublicKey, and its RFC 7638 thumbprint is the `kid`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

import jwt
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.hazmat.primitives.serialization import load_der_public_key

from chalicelib.identity.secrets import new_id
from chalicelib.logs import logger

ALGORITHM = "ES256"
TOKEN_TYPE = "at+jwt"
KMS_SIGNING_ALGORITHM = "ECDSA_SHA_256"

# P-256 coordinates and signature integers are 32 bytes each.
COORDINATE_BYTES = 32

# REMI access tokens are well under 1 KB, so anything far larger is rejected before decoding.
MAX_TOKEN_LENGTH = 4096

# Tolerance for an `iat` slightly ahead of this instance's clock (another Lambda instance
# signed it); `exp` gets none, because REMI issues these tokens itself.
ISSUED_AT_LEEWAY_SECONDS = 30

REQUIRED_CLAIMS = ("iss", "aud", "sub", "iat", "exp", "jti", "client_id", "enterprise_number")


class SigningUnavailable(Exception):
    """The signing key could not be used: KMS failed, timed out or returned an unusable key."""


class InvalidAccessToken(Exception):
    """An access token that REMI does not accept; `code` is the message key of the reason."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


@dataclass(frozen=True)
class AccessTokenClaims:
    """The claims of a verified access token: the app link, client and organisation it is for."""

    link_id: str
    client_id: str
    enterprise_number: str
    issued_at: datetime
    expires_at: datetime
    token_id: str


@dataclass(frozen=True)
class IssuedAccessToken:
    token: str
    expires_in: int


class Signer(Protocol):
    """A P-256 signing key: KMS in the app, a local key in unit tests."""

    def public_key(self) -> ec.EllipticCurvePublicKey: ...

    def sign_der(self, message: bytes) -> bytes:
        """Sign `message` with ECDSA over SHA-256 and return the DER-encoded signature."""
        ...


def _base64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def der_to_raw_signature(der_signature: bytes) -> bytes:
    """Convert a DER ECDSA signature into the JWS form: r and s as 32-byte big-endian integers."""
    r, s = decode_dss_signature(der_signature)
    limit = 1 << (8 * COORDINATE_BYTES)
    if not (0 < r < limit and 0 < s < limit):
        raise ValueError("ECDSA signature integers do not fit in 32 bytes: not a P-256 signature")
    return r.to_bytes(COORDINATE_BYTES, "big") + s.to_bytes(COORDINATE_BYTES, "big")


def _check_p256(key: Any) -> ec.EllipticCurvePublicKey:
    if not isinstance(key, ec.EllipticCurvePublicKey) or not isinstance(key.curve, ec.SECP256R1):
        raise SigningUnavailable("the signing key is not a P-256 elliptic-curve key")
    return key


def public_jwk(public_key: ec.EllipticCurvePublicKey) -> dict[str, str]:
    """Describe the public key as an EC JWK for the JWKS document, with its thumbprint as `kid`."""
    numbers = public_key.public_numbers()
    jwk = {
        "kty": "EC",
        "crv": "P-256",
        "x": _base64url(numbers.x.to_bytes(COORDINATE_BYTES, "big")),
        "y": _base64url(numbers.y.to_bytes(COORDINATE_BYTES, "big")),
    }
    return {**jwk, "kid": jwk_thumbprint(jwk), "use": "sig", "alg": ALGORITHM}


def jwk_thumbprint(jwk: dict[str, str]) -> str:
    """Compute the RFC 7638 thumbprint: SHA-256 of the required members, sorted, without spaces."""
    required = {name: jwk[name] for name in ("crv", "kty", "x", "y")}
    canonical = json.dumps(required, sort_keys=True, separators=(",", ":"))
    return _base64url(hashlib.sha256(canonical.encode("ascii")).digest())


def key_id(public_key: ec.EllipticCurvePublicKey) -> str:
    return public_jwk(public_key)["kid"]


def issue_access_token(
    signer: Signer,
    *,
    issuer: str,
    audience: str,
    link_id: str,
    client_id: str,
    enterprise_number: str,
    issued_at: datetime,
    lifetime_seconds: int,
) -> IssuedAccessToken:
    """Build an access token for one app link and sign it with one call to `signer`."""
    header = {"alg": ALGORITHM, "typ": TOKEN_TYPE, "kid": key_id(signer.public_key())}
    issued = int(issued_at.timestamp())
    claims = {
        "iss": issuer,
        "aud": audience,
        "sub": link_id,
        "client_id": client_id,
        "enterprise_number": enterprise_number,
        "iat": issued,
        "exp": issued + lifetime_seconds,
        "jti": new_id(),
    }
    signing_input = ".".join(
        _base64url(json.dumps(part, separators=(",", ":")).encode("utf-8")) for part in (header, claims)
    )
    signature = der_to_raw_signature(signer.sign_der(signing_input.encode("ascii")))
    return IssuedAccessToken(token=f"{signing_input}.{_base64url(signature)}", expires_in=lifetime_seconds)


def verify_access_token(
    token: str,
    public_key: ec.EllipticCurvePublicKey,
    *,
    issuer: str,
    audience: str,
    now: datetime,
) -> AccessTokenClaims:
    """Check an access token's header, signature, issuer, audience and times.

    Raises InvalidAccessToken("access_token_invalid") for anything but a REMI access token
    signed by `public_key`, and InvalidAccessToken("access_token_expired") once `exp` has passed.
    """
    if not isinstance(token, str) or not token or len(token) > MAX_TOKEN_LENGTH:
        raise InvalidAccessToken("access_token_invalid")
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        raise InvalidAccessToken("access_token_invalid") from None
    # A FAS ID token (RS256, typ JWT) stops here, before any signature work.
    if header.get("alg") != ALGORITHM or header.get("typ") != TOKEN_TYPE or "crit" in header:
        raise InvalidAccessToken("access_token_invalid")
    if header.get("kid") != key_id(public_key):
        raise InvalidAccessToken("access_token_invalid")

    try:
        # PyJWT 2.15.1 reads the wall clock for exp and iat, so those checks are made
        # below against `now`, which tests can move.
        claims = jwt.decode(
            token,
            key=public_key,
            algorithms=[ALGORITHM],
            issuer=issuer,
            audience=audience,
            options={
                "require": list(REQUIRED_CLAIMS),
                "verify_exp": False,
                "verify_iat": False,
                "verify_nbf": False,
            },
        )
    except jwt.PyJWTError:
        raise InvalidAccessToken("access_token_invalid") from None

    return _checked_claims(claims, now)


def _checked_claims(claims: dict[str, Any], now: datetime) -> AccessTokenClaims:
    issued_at = _numeric_date(claims["iat"])
    expires_at = _numeric_date(claims["exp"])
    if expires_at <= now.timestamp():
        raise InvalidAccessToken("access_token_expired")
    if issued_at > now.timestamp() + ISSUED_AT_LEEWAY_SECONDS:
        raise InvalidAccessToken("access_token_invalid")
    for name in ("sub", "client_id", "enterprise_number", "jti"):
        if not isinstance(claims[name], str) or not claims[name]:
            raise InvalidAccessToken("access_token_invalid")
    epoch = datetime.fromtimestamp(0, tz=now.tzinfo)
    return AccessTokenClaims(
        link_id=claims["sub"],
        client_id=claims["client_id"],
        enterprise_number=claims["enterprise_number"],
        issued_at=epoch + timedelta(seconds=issued_at),
        expires_at=epoch + timedelta(seconds=expires_at),
        token_id=claims["jti"],
    )


def _numeric_date(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InvalidAccessToken("access_token_invalid")
    return float(value)


class KmsSigner:
    """The KMS asymmetric key (ECC_NIST_P256, SIGN_VERIFY) that signs REMI access tokens.

    The public key is fetched once and kept for the life of the process: a KMS key's key
    material never changes, and a new signing key comes with a new key id and a new deployment.
    """

    def __init__(self, key_id: str, kms_client: Any) -> None:
        self._key_id = key_id
        self._client = kms_client
        self._lock = threading.Lock()
        self._public_key: ec.EllipticCurvePublicKey | None = None

    def public_key(self) -> ec.EllipticCurvePublicKey:
        with self._lock:
            if self._public_key is None:
                response = self._call("GetPublicKey", self._client.get_public_key, KeyId=self._key_id)
                try:
                    key = load_der_public_key(response["PublicKey"])
                except (KeyError, ValueError) as error:
                    raise SigningUnavailable(f"KMS returned an unreadable public key: {error}") from None
                self._public_key = _check_p256(key)
            return self._public_key

    def sign_der(self, message: bytes) -> bytes:
        response = self._call(
            "Sign",
            self._client.sign,
            KeyId=self._key_id,
            Message=message,
            MessageType="RAW",
            SigningAlgorithm=KMS_SIGNING_ALGORITHM,
        )
        return response["Signature"]

    def _call(self, operation: str, method: Any, **parameters: Any) -> dict[str, Any]:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return method(**parameters)
        except (BotoCoreError, ClientError) as error:
            logger.error("KMS request failed", extra={"operation": operation, "key_id": self._key_id, "error": str(error)})
            raise SigningUnavailable(f"KMS {operation} failed") from None


_signer_lock = threading.Lock()
# The signer and the settings object it was made from: `reset_settings()` (tests, CLI) makes
# get_settings() return a new object, and the next use then builds a new signer from it.
_signer: tuple[Any, KmsSigner] | None = None


def signer() -> KmsSigner:
    """Return the process's KMS signer, creating it from the settings on first use."""
    global _signer
    from chalicelib.settings import get_settings

    settings = get_settings()
    with _signer_lock:
        if _signer is None or _signer[0] is not settings:
            import boto3
            from botocore.config import Config

            client = boto3.client(
                "kms",
                region_name=settings.region,
                endpoint_url=settings.kms_endpoint,
                config=Config(connect_timeout=2, read_timeout=3, retries={"max_attempts": 2}),
            )
            _signer = (settings, KmsSigner(settings.signing_key_id, client))
        return _signer[1]


def reset_signer() -> None:
    """Forget the signer and its cached public key."""
    global _signer
    with _signer_lock:
        _signer = None
