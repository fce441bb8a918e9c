"""Routes for vendor applications: the OAuth token and revocation endpoints, the vendor API
and the public keys of REMI's access tokens.

The token and revocation endpoints take RFC 6749 form bodies and return refusals in RFC 6749
section 5.2 format (`OAuthError`). The other routes return problem+json like the rest of
the API.
"""

from __future__ import annotations

import base64
import binascii
import json
import urllib.parse
from typing import Any

from chalice import Response

from chalicelib.api.context import current_language
from chalicelib.api.routing import ApiBlueprint, json_response
from chalicelib.errors import Forbidden, OAuthError, ServiceUnavailable, Unauthorized
from chalicelib.i18n import role_name
from chalicelib.identity import vendor_tokens
from chalicelib.identity.fas import extract_bearer_token
from chalicelib.services import oauth
from chalicelib.services.oauth import BASIC_CHALLENGE, ClientCredentials

blueprint = ApiBlueprint(__name__)

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
TOKEN_RESPONSE_HEADERS = {"Cache-Control": "no-store", "Pragma": "no-cache"}
JWKS_CACHE_CONTROL = "public, max-age=300"

# A token request has at most six parameters, so a body with many more is not one.
MAX_FORM_FIELDS = 20
MAX_CLIENT_ID_LENGTH = 100


def _form() -> dict[str, str]:
    """Parse the form parameters, rejecting repeats (RFC 6749 section 3.2). Empty values count as absent."""
    raw = blueprint.current_request.raw_body or b""
    try:
        text = raw.decode("utf-8")
        parsed = urllib.parse.parse_qs(text, keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS, errors="strict")
    except ValueError:
        # UnicodeDecodeError is a ValueError, and so is parse_qs's "too many fields".
        raise OAuthError("invalid_request", "oauth_body_invalid") from None
    if any(len(values) > 1 for values in parsed.values()):
        raise OAuthError("invalid_request", "oauth_parameter_repeated")
    return {name: values[0] for name, values in parsed.items() if values[0] != ""}


def _basic_credentials(header: str) -> tuple[str, str]:
    """Decode `Basic base64(urlencoded id ":" urlencoded secret)` as RFC 6749 section 2.3.1 defines it."""
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "basic" or not value.strip():
        raise OAuthError("invalid_client", "oauth_client_authentication_failed", status=401, headers=BASIC_CHALLENGE)
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        raise OAuthError("invalid_client", "oauth_client_authentication_failed",
                         status=401, headers=BASIC_CHALLENGE) from None
    client_id, separator, client_secret = decoded.partition(":")
    if not separator:
        raise OAuthError("invalid_client", "oauth_client_authentication_failed", status=401, headers=BASIC_CHALLENGE)
    return urllib.parse.unquote_plus(client_id), urllib.parse.unquote_plus(client_secret)


def _client_credentials(form: dict[str, str]) -> ClientCredentials:
    """Read HTTP Basic, or client_id and client_secret in the body, but never both (RFC 6749 section 2.3)."""
    header = blueprint.current_request.headers.get("authorization")
    body_id = form.get("client_id")
    body_secret = form.get("client_secret")

    if header is not None:
        if body_secret is not None:
            raise OAuthError("invalid_request", "oauth_client_authentication_multiple")
        client_id, client_secret = _basic_credentials(header)
        # Some OAuth libraries repeat the client id in the body next to Basic, which is still one method.
        if body_id is not None and body_id != client_id:
            raise OAuthError("invalid_request", "oauth_client_authentication_multiple")
        via_basic = True
    elif body_id is not None and body_secret is not None:
        client_id, client_secret = body_id, body_secret
        via_basic = False
    else:
        raise OAuthError("invalid_client", "oauth_client_authentication_failed", status=401, headers=BASIC_CHALLENGE)

    if not client_id or not client_secret or len(client_id) > MAX_CLIENT_ID_LENGTH:
        raise OAuthError("invalid_client", "oauth_client_authentication_failed", status=401,
                         headers=BASIC_CHALLENGE if via_basic else {})
    return ClientCredentials(client_id=client_id, client_secret=client_secret, via_basic=via_basic)


def _required(form: dict[str, str], name: str, description_code: str) -> str:
    value = form.get(name)
    if value is None:
        raise OAuthError("invalid_request", description_code)
    return value


@blueprint.route("/v1/oauth/token", methods=["POST"], content_types=[FORM_CONTENT_TYPE])
def token() -> Response:
    form = _form()
    grant_type = _required(form, "grant_type", "oauth_grant_type_missing")
    if grant_type not in (oauth.ACTIVATION_CODE_GRANT, oauth.REFRESH_TOKEN_GRANT):
        raise OAuthError("unsupported_grant_type", "oauth_grant_type_unsupported")
    credentials = _client_credentials(form)

    if grant_type == oauth.ACTIVATION_CODE_GRANT:
        result = oauth.exchange_activation_code(credentials, _required(form, "code", "oauth_code_missing"))
    else:
        result = oauth.refresh_tokens(credentials, _required(form, "refresh_token", "oauth_refresh_token_missing"))

    body = {
        "access_token": result.access_token,
        "token_type": result.token_type,
        "expires_in": result.expires_in,
        "refresh_token": result.refresh_token,
    }
    return json_response(body, headers=TOKEN_RESPONSE_HEADERS)


@blueprint.route("/v1/oauth/revoke", methods=["POST"], content_types=[FORM_CONTENT_TYPE])
def revoke() -> Response:
    form = _form()
    credentials = _client_credentials(form)
    # token_type_hint is optional and only a hint (RFC 7009 section 2.1), so the token's shape decides.
    oauth.revoke_token(credentials, _required(form, "token", "oauth_token_missing"))
    return Response(body="", status_code=200, headers=dict(TOKEN_RESPONSE_HEADERS))


def _bearer_challenge(error_code: str | None) -> dict[str, str]:
    """RFC 6750 section 3: a request without a token gets no error attribute."""
    if error_code is None:
        return {"WWW-Authenticate": 'Bearer realm="remi"'}
    return {"WWW-Authenticate": f'Bearer realm="remi", error="{error_code}"'}


@blueprint.route("/v1/vendor/me", methods=["GET"])
def vendor_me() -> Response:
    header = blueprint.current_request.headers.get("authorization")
    try:
        access_token = extract_bearer_token(header)
    except Unauthorized as error:
        missing = error.code == "token_missing"
        raise Unauthorized(error.code, headers=_bearer_challenge(None if missing else "invalid_request")) from None
    try:
        linked = oauth.linked_person(access_token)
    except Unauthorized as error:
        raise Unauthorized(error.code, headers=_bearer_challenge("invalid_token")) from None
    except Forbidden as error:
        # The token itself is sound, but what it stood for (the role, the contract) has ended.
        raise Forbidden(error.code, headers=_bearer_challenge("invalid_token")) from None

    language = current_language()
    body: dict[str, Any] = {
        "link_id": linked.link.link_id,
        "client_id": linked.vendor.client_id,
        "vendor_name": linked.vendor.name,
        "link_expires_at": linked.link.expires_at,
        "person": {"given_name": linked.given_name, "surname": linked.surname},
        "organisation": {
            "enterprise_number": linked.organisation.enterprise_number,
            "name": linked.organisation.name,
        },
        "roles": [
            {
                "role": assignment.role,
                "name": role_name(assignment.role, language),
                "valid_from": assignment.valid_from,
                "valid_until": assignment.valid_until,
            }
            for assignment in linked.roles
        ],
    }
    return json_response(body, headers={"Cache-Control": "no-store"})


@blueprint.route("/.well-known/jwks.json", methods=["GET"])
def jwks() -> Response:
    try:
        public_key = vendor_tokens.signer().public_key()
    except vendor_tokens.SigningUnavailable:
        raise ServiceUnavailable("signing_unavailable") from None
    return Response(
        body=json.dumps({"keys": [vendor_tokens.public_jwk(public_key)]}),
        status_code=200,
        headers={"Content-Type": "application/json", "Cache-Control": JWKS_CACHE_CONTROL},
    )
