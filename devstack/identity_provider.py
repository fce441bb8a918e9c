"""A development identity provider shaped like FAS, for the local stack and tests only.

It publishes a discovery document and a JWKS at FAS's paths and mints RS256 ID tokens with
FAS's claims (`egovNRN`, `givenName`, `surname`, `mail`, `prefLanguage`, `acr`) for any test
person. There is no login page: POST a person to the token endpoint and it returns a signed
ID token at once. Anyone who can reach it can mint a token for any SSIN, so `serve()` binds
loopback addresses only, and this folder is never packaged into the Lambda function.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import logging
import os
import socket
import socketserver
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from chalicelib.identifiers import InvalidIdentifier, parse_ssin

logger = logging.getLogger(__name__)

ISSUER_PATH = "/fas/oauth2"
DISCOVERY_PATH = ISSUER_PATH + "/.well-known/openid-configuration"
JWKS_PATH = ISSUER_PATH + "/connect/jwk_uri"
TOKEN_PATH = ISSUER_PATH + "/dev/token"

ACR_EID = "urn:be:fedict:iam:fas:Level500"
ACR_ITSME = "urn:be:fedict:iam:fas:Level450"

RSA_KEY_BITS = 2048
MAX_REQUEST_BYTES = 64 * 1024
MAX_LIFETIME_SECONDS = 24 * 3600

CLAIMS_SUPPORTED = [
    "iss",
    "aud",
    "azp",
    "sub",
    "iat",
    "exp",
    "auth_time",
    "acr",
    "egovNRN",
    "givenName",
    "surname",
    "mail",
    "prefLanguage",
]


class DevIdentityProvider:
    """An RSA signing key and the FAS-shaped documents and ID tokens made with it.

    With `key_path`, the key is read from that PEM file, or generated and written there
    when the file does not exist, so a restarted provider keeps its kid and earlier tokens
    still verify. Without it, every instance has a fresh key.
    """

    def __init__(self, issuer_url: str, audience: str, key_path: Path | None = None) -> None:
        parsed = urllib.parse.urlsplit(issuer_url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError(f"issuer_url {issuer_url!r} is not an http or https URL")
        if not audience:
            raise ValueError("audience is empty: pass REMI's FAS client id")
        self.issuer_url = issuer_url.rstrip("/")
        self.audience = audience
        self._private_key = _load_or_create_key(key_path)
        self._public_jwk = _public_jwk(self._private_key.public_key())
        self.kid: str = self._public_jwk["kid"]

    def discovery_document(self) -> dict[str, Any]:
        """Return the OpenID provider metadata. The token endpoint replaces the authorization endpoint."""
        return {
            "issuer": self.issuer_url,
            "jwks_uri": self.issuer_url + JWKS_PATH.removeprefix(ISSUER_PATH),
            "token_endpoint": self.issuer_url + TOKEN_PATH.removeprefix(ISSUER_PATH),
            "response_types_supported": ["id_token"],
            "subject_types_supported": ["public"],
            "scopes_supported": ["openid", "profile", "egovnrn"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "claims_supported": list(CLAIMS_SUPPORTED),
            "acr_values_supported": [ACR_EID, ACR_ITSME],
        }

    def jwks(self) -> dict[str, Any]:
        return {"keys": [dict(self._public_jwk)]}

    def mint_id_token(
        self,
        ssin: str,
        given_name: str,
        surname: str,
        email: str | None = None,
        preferred_language: str | None = "nl",
        acr: str = ACR_EID,
        lifetime_seconds: int = 3600,
        **overrides: Any,
    ) -> str:
        """Sign an ID token for this person, valid from now for `lifetime_seconds`.

        `overrides` replace claims by name, and an override of None removes the claim, so
        tests can build tokens that lack `iat` or carry another `iss`. `ssin` is put in
        `egovNRN` as given, without validation, so tests can also mint invalid ones.
        """
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer_url,
            "aud": self.audience,
            "azp": self.audience,
            "sub": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self.issuer_url}#{ssin}")),
            "iat": now,
            "auth_time": now,
            "exp": now + lifetime_seconds,
            "acr": acr,
            "egovNRN": ssin,
            "givenName": given_name,
            "surname": surname,
        }
        if email is not None:
            claims["mail"] = email
        if preferred_language is not None:
            claims["prefLanguage"] = preferred_language
        for name, value in overrides.items():
            if value is None:
                claims.pop(name, None)
            else:
                claims[name] = value
        return jwt.encode(
            claims,
            self._private_key,
            algorithm="RS256",
            headers={"kid": self.kid, "typ": "JWT"},
        )


def _load_or_create_key(key_path: Path | None) -> rsa.RSAPrivateKey:
    if key_path is None:
        return rsa.generate_private_key(public_exponent=65537, key_size=RSA_KEY_BITS)

    key_path = Path(key_path)
    if key_path.exists():
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        if not isinstance(key, rsa.RSAPrivateKey) or key.key_size < RSA_KEY_BITS:
            raise ValueError(f"{key_path} does not contain an RSA private key of at least 2048 bits")
        return key

    key = rsa.generate_private_key(public_exponent=65537, key_size=RSA_KEY_BITS)
    pem = key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    )
    key_path.parent.mkdir(parents=True, exist_ok=True)
    # With O_EXCL, a second stack that starts at the same moment fails instead of overwriting the key.
    descriptor = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as key_file:
        key_file.write(pem)
    logger.info("Generated a development FAS signing key at %s", key_path)
    return key


def _public_jwk(public_key: rsa.RSAPublicKey) -> dict[str, str]:
    """Build the public JWK, with the RFC 7638 SHA-256 thumbprint as kid so the kid follows the key."""
    numbers = RSAAlgorithm.to_jwk(public_key, as_dict=True)
    thumbprint_input = json.dumps(
        {"e": numbers["e"], "kty": "RSA", "n": numbers["n"]},
        separators=(",", ":"),
        sort_keys=True,
    )
    digest = hashlib.sha256(thumbprint_input.encode("ascii")).digest()
    kid = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    return {"kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid, "n": numbers["n"], "e": numbers["e"]}


class _RequestError(Exception):
    """A token request that is rejected with an OAuth-style JSON error."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


class _IdentityProviderHandler(BaseHTTPRequestHandler):
    server: _IdentityProviderServer
    server_version = "remi-dev-identity-provider"
    sys_version = ""

    def do_GET(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        if path == DISCOVERY_PATH:
            self._send_json(200, self.server.provider.discovery_document())
        elif path == JWKS_PATH:
            self._send_json(200, self.server.provider.jwks())
        elif path == TOKEN_PATH:
            self._send_method_not_allowed("POST")
        else:
            self._send_not_found()

    def do_POST(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        if path == TOKEN_PATH:
            self._issue_token()
        elif path in (DISCOVERY_PATH, JWKS_PATH):
            self._send_method_not_allowed("GET")
        else:
            self._send_not_found()

    def _issue_token(self) -> None:
        try:
            person = _parse_token_request(self._read_json_body())
        except _RequestError as error:
            self._send_json(error.status, {"error": "invalid_request", "error_description": error.description})
            return

        token = self.server.provider.mint_id_token(**person)
        self._send_json(
            200,
            {"id_token": token, "token_type": "Bearer", "expires_in": person["lifetime_seconds"]},
            headers={"Cache-Control": "no-store", "Pragma": "no-cache"},
        )

    def _read_json_body(self) -> Any:
        raw_length = self.headers.get("Content-Length")
        if raw_length is None:
            raise _RequestError(411, "Content-Length is missing. Send a JSON body with a Content-Length header.")
        try:
            length = int(raw_length)
        except ValueError:
            raise _RequestError(400, "Content-Length is not a number") from None
        if length < 0:
            raise _RequestError(400, "Content-Length is negative")
        if length > MAX_REQUEST_BYTES:
            raise _RequestError(413, f"the request body exceeds {MAX_REQUEST_BYTES} bytes")
        try:
            return json.loads(self.rfile.read(length))
        except ValueError:
            raise _RequestError(400, "the request body is not valid JSON") from None

    def _send_method_not_allowed(self, allowed: str) -> None:
        self._send_json(
            405,
            {"error": "method_not_allowed", "error_description": f"use {allowed} on this path"},
            headers={"Allow": allowed},
        )

    def _send_not_found(self) -> None:
        self._send_json(
            404,
            {
                "error": "not_found",
                "error_description": f"no such path, this provider serves {DISCOVERY_PATH}, "
                f"{JWKS_PATH} and {TOKEN_PATH}",
            },
        )

    def _send_json(self, status: int, document: Any, headers: dict[str, str] | None = None) -> None:
        body = json.dumps(document).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        # The request line holds only the method and path. Tokens travel in response bodies,
        # which are never logged.
        logger.debug(format, *args)


def _parse_token_request(document: Any) -> dict[str, Any]:
    """Check a token request body and return the keyword arguments for mint_id_token."""
    if not isinstance(document, dict):
        raise _RequestError(400, "the request body must be a JSON object")

    raw_ssin = document.get("ssin")
    if raw_ssin is None:
        raise _RequestError(400, "ssin is missing. Send the person's 11-digit SSIN, as in 85.07.30-033.28.")
    try:
        ssin = parse_ssin(raw_ssin)
    except InvalidIdentifier as error:
        raise _RequestError(400, f"{error} Send the person's SSIN, as in 85.07.30-033.28.") from None

    person: dict[str, Any] = {"ssin": ssin}
    for field in ("given_name", "surname"):
        value = document.get(field)
        if not isinstance(value, str) or not value:
            raise _RequestError(400, f"{field} is missing or not a non-empty string")
        person[field] = value

    for field, default in (("email", None), ("preferred_language", "nl"), ("acr", ACR_EID)):
        value = document.get(field, default)
        if value is not None and not isinstance(value, str):
            raise _RequestError(400, f"{field} must be a string or null")
        person[field] = value
    if not person["acr"]:
        raise _RequestError(400, "acr must not be empty or null")

    lifetime = document.get("lifetime_seconds", 3600)
    if isinstance(lifetime, bool) or not isinstance(lifetime, int) or not 1 <= lifetime <= MAX_LIFETIME_SECONDS:
        raise _RequestError(400, f"lifetime_seconds must be an integer from 1 to {MAX_LIFETIME_SECONDS}")
    person["lifetime_seconds"] = lifetime
    return person


class _IdentityProviderServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], provider: DevIdentityProvider, family: int) -> None:
        self.address_family = family
        self.provider = provider
        super().__init__(address, _IdentityProviderHandler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks the host name up with socket.getfqdn, which can send a
        # reverse DNS query. A loopback server needs no name, so that lookup is skipped.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = port


def serve(provider: DevIdentityProvider, host: str = "127.0.0.1", port: int = 8001) -> ThreadingHTTPServer:
    """Start serving `provider` on host:port in a daemon thread and return the server.

    The provider's issuer becomes `http://<host>:<bound port>/fas/oauth2`, because with
    port 0 the port is known only after binding. Stop it with `shutdown()` and then
    `server_close()`. Raises ValueError when `host` is not a loopback IP address.
    """
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise ValueError(
            f"host {host!r} is not an IP address. The development identity provider binds "
            "only loopback addresses such as 127.0.0.1 or ::1."
        ) from None
    if not address.is_loopback:
        raise ValueError(
            f"host {host!r} is not a loopback address. The development identity provider "
            "mints tokens for anyone who reaches it, so it binds only 127.0.0.0/8 or ::1."
        )

    family = socket.AF_INET6 if address.version == 6 else socket.AF_INET
    server = _IdentityProviderServer((host, port), provider, family)
    bound_port = server.server_address[1]
    url_host = f"[{host}]" if address.version == 6 else host
    provider.issuer_url = f"http://{url_host}:{bound_port}{ISSUER_PATH}"

    # A short poll interval makes shutdown() return within about 0.1 s instead of 0.5 s.
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.1},
        name=f"dev-identity-provider-{bound_port}",
        daemon=True,
    )
    thread.start()
    logger.info("Development identity provider serving %s", provider.issuer_url)
    return server
