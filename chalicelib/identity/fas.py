"""Verification of FAS ID tokens, the OpenID Connect tokens of Belgium's federal login service.

A token passes only when it is RS256-signed by a key from the issuer's JWKS and names the
configured issuer and REMI's client id. It must also be within its validity window, carry
an accepted `acr` level and identify the person by a valid SSIN in `egovNRN`. Every
rejection raises `Unauthorized` with a stable code. `ServiceUnavailable` means that no
signing key could ever be fetched.

Errors are raised `from None`, and log lines carry only key ids, URLs and fetch errors, so
neither the token, the SSIN nor any other claim value reaches a message, traceback or log.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import json
import math
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any, Callable, Mapping

import jwt
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from jwt.algorithms import RSAAlgorithm

from chalicelib.errors import ServiceUnavailable, Unauthorized
from chalicelib.identifiers import InvalidIdentifier, parse_ssin
from chalicelib.logs import logger

ALGORITHM = "RS256"

# RFC 9068 gives JWT access tokens, REMI's own vendor tokens among them, the `typ` `at+jwt`.
# Those must never pass as ID tokens.
ACCESS_TOKEN_TYPES = frozenset({"at+jwt", "application/at+jwt"})

MAX_LEEWAY_SECONDS = 60

# An ID token with FAS's claims is about 1 to 2 KiB (an estimate from the claims it carries),
# so a token over 16 KiB is rejected before any decoding work.
MAX_TOKEN_LENGTH = 16 * 1024

# A JWKS of a few RSA keys is a few KiB. A response over 1 MiB is rejected without parsing it.
MAX_JWKS_BYTES = 1024 * 1024

MIN_RSA_KEY_BITS = 2048

_BEARER_PATTERN = re.compile(r"^Bearer +([A-Za-z0-9\-._~+/]+=*) *$", re.IGNORECASE)
_BASE64URL_PATTERN = re.compile(r"^[A-Za-z0-9_-]*$")
_LOOPBACK_NAMES = frozenset({"localhost"})


@dataclass(frozen=True)
class FasSettings:
    """Configuration of the FAS issuer, its JWKS URL and the ID tokens REMI accepts from it."""

    issuer: str
    audience: str
    jwks_url: str
    accepted_acr: tuple[str, ...]
    leeway_seconds: int = 60
    jwks_max_age_seconds: int = 3600
    unknown_kid_cooldown_seconds: int = 300
    fetch_timeout_seconds: float = 3.0

    def __post_init__(self) -> None:
        if not self.issuer:
            raise ValueError("FAS issuer is empty. Set it to the issuer URL that FAS puts in `iss`.")
        if not self.audience:
            raise ValueError("FAS audience is empty. Set it to REMI's FAS client id.")
        _check_jwks_url(self.jwks_url)
        if isinstance(self.accepted_acr, str):
            raise ValueError(
                "accepted_acr is a single string, but it must be a tuple of acr values, "
                f"such as ({self.accepted_acr!r},)"
            )
        object.__setattr__(self, "accepted_acr", tuple(self.accepted_acr))
        if not self.accepted_acr or not all(
            isinstance(level, str) and level for level in self.accepted_acr
        ):
            raise ValueError("accepted_acr must list at least one non-empty acr value")
        if not 0 <= self.leeway_seconds <= MAX_LEEWAY_SECONDS:
            raise ValueError(
                f"leeway_seconds is {self.leeway_seconds}, but it must be from 0 to "
                f"{MAX_LEEWAY_SECONDS} seconds"
            )
        for name in ("jwks_max_age_seconds", "unknown_kid_cooldown_seconds", "fetch_timeout_seconds"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} is {getattr(self, name)}, but it must be positive")


@dataclass(frozen=True)
class FasIdentity:
    """Person named by an accepted FAS ID token."""

    ssin: str
    given_name: str
    surname: str
    email: str | None
    preferred_language: str | None
    acr: str


def _check_jwks_url(url: str) -> None:
    """Raise ValueError unless `url` is https, or plain http to a loopback address for development."""
    parsed = urllib.parse.urlsplit(url)
    if parsed.scheme == "https" and parsed.hostname:
        return
    if parsed.scheme == "http" and parsed.hostname and _is_loopback(parsed.hostname):
        return
    raise ValueError(
        f"jwks_url {url!r} is not allowed. Use an https URL, or http only to a loopback address."
    )


def _is_loopback(host: str) -> bool:
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class JwksFetchError(Exception):
    """Failure to fetch the JWKS, because of a network error, a non-200 status or a body that is not JSON."""


def fetch_jwks(url: str, timeout: float) -> dict[str, Any]:
    """Fetch the JSON Web Key Set at `url` within `timeout` seconds.

    Raises JwksFetchError on a network error, timeout, non-200 status, a body over
    MAX_JWKS_BYTES, or a body that is not a JSON object.
    """
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            if response.status != 200:
                raise JwksFetchError(f"JWKS request to {url} returned HTTP {response.status}")
            body = response.read(MAX_JWKS_BYTES + 1)
    except urllib.error.HTTPError as error:
        error.close()
        raise JwksFetchError(f"JWKS request to {url} returned HTTP {error.code}") from None
    except (urllib.error.URLError, OSError) as error:
        raise JwksFetchError(f"JWKS request to {url} failed: {error}") from None

    if len(body) > MAX_JWKS_BYTES:
        raise JwksFetchError(f"JWKS response from {url} exceeds {MAX_JWKS_BYTES} bytes")
    try:
        document = json.loads(body)
    except ValueError as error:
        raise JwksFetchError(f"JWKS response from {url} is not valid JSON: {error}") from None
    if not isinstance(document, dict):
        raise JwksFetchError(f"JWKS response from {url} is not a JSON object")
    return document


# Errors a fetch function may raise. The cache logs them and keeps its keys.
_FETCH_ERRORS = (JwksFetchError, OSError, ValueError)


class JwksCache:
    """The issuer's RSA signing keys by `kid`, refetched when they expire or an unknown kid shows up.

    - Keys are refetched once `max_age_seconds` have passed since the last successful fetch.
    - A kid that is not in the cache triggers at most one refetch per
      `unknown_kid_cooldown_seconds`, so tokens with invented kids cannot flood the issuer.
    - A failed fetch keeps the keys already held (stale-if-error) and is logged. No fetch is
      attempted for `retry_after_failure_seconds` after a failure.
    - A successful fetch replaces every key, so a key the issuer removed stops verifying.

    Only RSA keys of at least 2048 bits with `use` absent or `sig` and `alg` absent or RS256
    are kept. One lock serializes lookups and fetches, so concurrent requests during a fetch
    wait for it instead of fetching again.
    """

    def __init__(
        self,
        jwks_url: str,
        *,
        max_age_seconds: float = 3600,
        unknown_kid_cooldown_seconds: float = 300,
        fetch_timeout_seconds: float = 3.0,
        retry_after_failure_seconds: float = 30,
        fetch: Callable[[str, float], Mapping[str, Any]] = fetch_jwks,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.jwks_url = jwks_url
        self.max_age_seconds = max_age_seconds
        self.unknown_kid_cooldown_seconds = unknown_kid_cooldown_seconds
        self.fetch_timeout_seconds = fetch_timeout_seconds
        self.retry_after_failure_seconds = retry_after_failure_seconds
        self._fetch = fetch
        self._clock = clock
        self._lock = threading.Lock()
        self._keys: dict[str, RSAPublicKey] = {}
        self._loaded = False
        self._expires_at = 0.0
        self._last_unknown_kid_fetch_at: float | None = None
        self._last_failure_at: float | None = None
        self._consecutive_failures = 0

    @classmethod
    def from_settings(
        cls,
        settings: FasSettings,
        *,
        fetch: Callable[[str, float], Mapping[str, Any]] = fetch_jwks,
        clock: Callable[[], float] = time.monotonic,
    ) -> JwksCache:
        return cls(
            settings.jwks_url,
            max_age_seconds=settings.jwks_max_age_seconds,
            unknown_kid_cooldown_seconds=settings.unknown_kid_cooldown_seconds,
            fetch_timeout_seconds=settings.fetch_timeout_seconds,
            fetch=fetch,
            clock=clock,
        )

    def get_key(self, kid: str) -> RSAPublicKey | None:
        """Return the public key for `kid`, or None when the issuer does not publish it.

        Raises ServiceUnavailable("identity_provider_unavailable") when no fetch has ever
        succeeded, because then a missing kid does not show that the token is invalid.
        """
        with self._lock:
            now = self._clock()
            fetched = False
            if (not self._loaded or now >= self._expires_at) and self._fetch_allowed(now):
                self._refresh(now)
                fetched = True

            key = self._keys.get(kid)
            if key is None and not fetched and self._unknown_kid_fetch_allowed(now):
                self._last_unknown_kid_fetch_at = now
                self._refresh(now)
                key = self._keys.get(kid)

            if key is None and not self._loaded:
                raise ServiceUnavailable("identity_provider_unavailable")
            return key

    def _fetch_allowed(self, now: float) -> bool:
        if self._last_failure_at is None:
            return True
        return now >= self._last_failure_at + self.retry_after_failure_seconds

    def _unknown_kid_fetch_allowed(self, now: float) -> bool:
        if not self._fetch_allowed(now):
            return False
        if self._last_unknown_kid_fetch_at is None:
            return True
        return now >= self._last_unknown_kid_fetch_at + self.unknown_kid_cooldown_seconds

    def _refresh(self, now: float) -> None:
        """Fetch the JWKS and replace the keys, or keep the old ones and log when the fetch fails."""
        try:
            document = self._fetch(self.jwks_url, self.fetch_timeout_seconds)
            keys = _signing_keys(document)
        except _FETCH_ERRORS as error:
            self._last_failure_at = now
            self._consecutive_failures += 1
            logger.warning(
                "JWKS fetch failed, keeping the cached keys",
                extra={
                    "jwks_url": self.jwks_url,
                    "error": str(error),
                    "consecutive_failures": self._consecutive_failures,
                    "cached_kids": sorted(self._keys),
                },
            )
            return

        added = sorted(keys.keys() - self._keys.keys())
        removed = sorted(self._keys.keys() - keys.keys())
        if added or removed or not self._loaded:
            logger.info(
                "JWKS fetched",
                extra={"jwks_url": self.jwks_url, "kids": sorted(keys), "added": added, "removed": removed},
            )
        self._keys = keys
        self._loaded = True
        self._expires_at = now + self.max_age_seconds
        self._last_failure_at = None
        self._consecutive_failures = 0


def _signing_keys(document: Mapping[str, Any]) -> dict[str, RSAPublicKey]:
    """Return the usable RSA signature keys of a JWKS by kid, or raise ValueError if `document` is not a JWKS."""
    if not isinstance(document, Mapping) or not isinstance(document.get("keys"), list):
        raise ValueError("JWKS document has no `keys` list")

    keys: dict[str, RSAPublicKey] = {}
    for entry in document["keys"]:
        if not isinstance(entry, Mapping):
            continue
        kid = entry.get("kid")
        if entry.get("kty") != "RSA" or entry.get("use", "sig") != "sig":
            continue
        if entry.get("alg", ALGORITHM) != ALGORITHM:
            continue
        if not isinstance(kid, str) or not kid:
            logger.warning("JWKS key skipped because it has no kid")
            continue
        key = _rsa_public_key(entry)
        if key is None:
            logger.warning("JWKS key skipped because it is not a valid RSA public key", extra={"kid": kid})
            continue
        if key.key_size < MIN_RSA_KEY_BITS:
            logger.warning(
                "JWKS key skipped because it is shorter than 2048 bits",
                extra={"kid": kid, "key_bits": key.key_size},
            )
            continue
        keys[kid] = key
    return keys


def _rsa_public_key(entry: Mapping[str, Any]) -> RSAPublicKey | None:
    # Only n and e are passed on, so a JWKS that leaks private parameters still yields a public key.
    modulus, exponent = entry.get("n"), entry.get("e")
    if not isinstance(modulus, str) or not isinstance(exponent, str):
        return None
    try:
        key = RSAAlgorithm.from_jwk({"kty": "RSA", "n": modulus, "e": exponent})
    except (jwt.InvalidKeyError, ValueError, TypeError, binascii.Error):
        return None
    return key if isinstance(key, RSAPublicKey) else None


def extract_bearer_token(authorization_header: str | None) -> str:
    """Return the token of an `Authorization: Bearer <token>` header.

    Raises Unauthorized("token_missing") when the header is absent or blank, and
    Unauthorized("token_malformed") when it is not a Bearer credential in RFC 6750 syntax.
    """
    if authorization_header is None or not authorization_header.strip():
        raise Unauthorized("token_missing")
    match = _BEARER_PATTERN.match(authorization_header.strip())
    if match is None:
        raise Unauthorized("token_malformed")
    return match.group(1)


class FasTokenVerifier:
    """Checks FAS ID tokens against `settings` and returns the person they name."""

    def __init__(
        self,
        settings: FasSettings,
        jwks: JwksCache | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self.jwks = jwks if jwks is not None else JwksCache.from_settings(settings)
        self._clock = clock

    def verify(self, token: str) -> FasIdentity:
        """Verify `token` and return its identity, or raise Unauthorized with the failed check's code."""
        if not token:
            raise Unauthorized("token_missing")
        if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH:
            raise Unauthorized("token_malformed")

        # The header is checked before any key lookup, so a token with a refused algorithm
        # or header never triggers a JWKS fetch.
        header = _unverified_header(token)
        _check_header(header)
        key = self.jwks.get_key(header["kid"])
        if key is None:
            raise Unauthorized("token_key_unknown")

        claims = self._decode(token, key)
        self._check_times(claims)
        return self._identity(claims)

    def _decode(self, token: str, key: RSAPublicKey) -> dict[str, Any]:
        """Check the signature, issuer and audience with PyJWT, and return the claims.

        PyJWT 2.15.1 reads the wall clock itself, so its time checks are off here and
        `_check_times` applies them with the injected clock.
        """
        try:
            claims = jwt.decode(
                token,
                key=key,
                algorithms=[ALGORITHM],
                audience=self.settings.audience,
                issuer=self.settings.issuer,
                options={
                    "require": ["exp", "iat", "iss", "aud"],
                    "verify_exp": False,
                    "verify_iat": False,
                    "verify_nbf": False,
                },
            )
        except jwt.MissingRequiredClaimError as error:
            raise Unauthorized("token_claim_missing", params={"claim": error.claim}) from None
        except jwt.InvalidSignatureError:
            raise Unauthorized("token_signature_invalid") from None
        except jwt.InvalidAlgorithmError:
            raise Unauthorized("token_algorithm_not_allowed") from None
        except jwt.InvalidIssuerError:
            raise Unauthorized("token_issuer_invalid") from None
        except jwt.InvalidAudienceError:
            raise Unauthorized("token_audience_invalid") from None
        except jwt.PyJWTError:
            raise Unauthorized("token_malformed") from None

        # `azp` names the client the token was issued to. A token issued to another client is
        # rejected even when its `aud` also lists REMI.
        if "azp" in claims and claims["azp"] != self.settings.audience:
            raise Unauthorized("token_audience_invalid")
        return claims

    def _check_times(self, claims: Mapping[str, Any]) -> None:
        now = self._clock()
        leeway = self.settings.leeway_seconds
        expires_at = _numeric_date(claims, "exp")
        issued_at = _numeric_date(claims, "iat")
        not_before = _numeric_date(claims, "nbf") if "nbf" in claims else None

        # Same boundaries as PyJWT: expired once exp <= now - leeway.
        if expires_at <= now - leeway:
            raise Unauthorized("token_expired")
        if issued_at > now + leeway:
            raise Unauthorized("token_not_yet_valid")
        if not_before is not None and not_before > now + leeway:
            raise Unauthorized("token_not_yet_valid")

    def _identity(self, claims: Mapping[str, Any]) -> FasIdentity:
        acr = claims.get("acr")
        if acr is None:
            raise Unauthorized("token_claim_missing", params={"claim": "acr"})
        if acr not in self.settings.accepted_acr:
            raise Unauthorized("token_acr_insufficient")

        national_number = claims.get("egovNRN")
        if national_number is None:
            raise Unauthorized("token_claim_missing", params={"claim": "egovNRN"})
        if not isinstance(national_number, str):
            raise Unauthorized("token_identity_invalid")
        try:
            ssin = parse_ssin(national_number)
        except InvalidIdentifier:
            raise Unauthorized("token_identity_invalid") from None

        # NOTE: whether FAS sends givenName for a person registered without given names is
        # unconfirmed; such a token is rejected here as token_claim_missing.
        given_name = _required_string(claims, "givenName")
        surname = _required_string(claims, "surname")
        return FasIdentity(
            ssin=ssin,
            given_name=given_name,
            surname=surname,
            email=_optional_string(claims, "mail"),
            preferred_language=_optional_string(claims, "prefLanguage"),
            acr=acr,
        )


def _unverified_header(token: str) -> dict[str, Any]:
    """Decode the JOSE header of a compact JWS without trusting it, or raise token_malformed."""
    segments = token.split(".")
    if len(segments) != 3 or not all(_BASE64URL_PATTERN.match(segment) for segment in segments):
        raise Unauthorized("token_malformed")
    encoded_header = segments[0]
    try:
        raw_header = base64.urlsafe_b64decode(encoded_header + "=" * (-len(encoded_header) % 4))
        header = json.loads(raw_header)
    except (binascii.Error, ValueError, RecursionError):
        raise Unauthorized("token_malformed") from None
    if not isinstance(header, dict):
        raise Unauthorized("token_malformed")
    return header


def _check_header(header: Mapping[str, Any]) -> None:
    if header.get("alg") != ALGORITHM:
        raise Unauthorized("token_algorithm_not_allowed")
    # RFC 7515 section 4.1.11: a recipient must reject a token whose `crit` extensions it does
    # not process, and this verifier processes none. PyJWT 2.15.1 itself accepts crit ["b64"].
    if "crit" in header:
        raise Unauthorized("token_crit_unsupported")
    token_type = header.get("typ")
    if token_type is not None and not isinstance(token_type, str):
        raise Unauthorized("token_malformed")
    if isinstance(token_type, str) and token_type.lower() in ACCESS_TOKEN_TYPES:
        raise Unauthorized("token_type_not_allowed")
    kid = header.get("kid")
    # Without a kid no key can be chosen, because the JWKS may hold several keys during a rotation.
    if not isinstance(kid, str) or not kid:
        raise Unauthorized("token_key_unknown")


def _numeric_date(claims: Mapping[str, Any], name: str) -> float:
    value = claims[name]
    # bool is an int subclass, PyJWT's own check would accept "123" through int(), and
    # Python's json module parses NaN and Infinity, which would defeat every comparison.
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise Unauthorized("token_malformed")
    return float(value)


def _required_string(claims: Mapping[str, Any], name: str) -> str:
    value = claims.get(name)
    if value is None:
        raise Unauthorized("token_claim_missing", params={"claim": name})
    if not isinstance(value, str):
        raise Unauthorized("token_malformed")
    return value


def _optional_string(claims: Mapping[str, Any], name: str) -> str | None:
    value = claims.get(name)
    return value if isinstance(value, str) and value else None
