"""POST /v1/oauth/token with the activation-code grant: client authentication, the code's
rules, replay, races, the failure rate limit and the request budget."""

from __future__ import annotations

import base64
from datetime import date, timedelta

import jwt
import pytest

from chalicelib import clock
from chalicelib.errors import OAuthError
from chalicelib.i18n import translate
from chalicelib.identity.secrets import hash_activation_code, hash_secret
from chalicelib.services import oauth, vendors
from chalicelib.settings import reset_settings
from chalicelib.store.models import (
    ActivationCode,
    ActivationCodePointer,
    AppLink,
    AuditEvent,
    Organisation,
    RateWindow,
    RoleAssignment,
    VendorClient,
    activation_code_key,
    app_link_key,
    assignment_key,
    audit_pk,
    code_pointer_key,
    organisation_key,
    rate_window_key,
    vendor_key,
)
from tests.functional.test_vendor_setup import (  # noqa: F401 (fixtures: frozen_clock, world, tokens, kms_calls)
    NOW,
    frozen_clock,
    world,
    CODE_GRANT,
    ENTERPRISE,
    basic,
    exchange_code,
    form_post,
    kms_calls,
    link_id_of,
    load_link,
    oauth_error,
    refresh,
    request_code,
    token_request,
    vendor_me,
)

pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.fixture
def code(client, fas, world):
    return request_code(client, fas, world.staff)


def description(key: str, language: str = "nl") -> str:
    return translate(key, language)


def credentials(world, secret=None) -> oauth.ClientCredentials:
    return oauth.ClientCredentials(world.client_id, secret or world.client_secret, via_basic=True)


def stop_role(world) -> None:
    assignment = RoleAssignment.get(*assignment_key(world.staff.ssin, ENTERPRISE, "social_worker"))
    assignment.update(actions=[RoleAssignment.status.set("stopped")])


def end_contract(day: date = date(2026, 3, 14)) -> None:
    organisation = Organisation.get(*organisation_key(ENTERPRISE))
    organisation.update(actions=[Organisation.contract_ends_on.set(day)])


def limit_failures(monkeypatch, limit: int) -> None:
    monkeypatch.setenv("REMI_EXCHANGE_FAILURES_PER_WINDOW", str(limit))
    reset_settings()


# --- success ---------------------------------------------------------------------------


def test_exchange_returns_200(client, world, code):
    assert exchange_code(client, world, code).status_code == 200


def test_exchange_returns_bearer_token_type(client, world, code):
    assert exchange_code(client, world, code).json_body["token_type"] == "Bearer"


def test_exchange_returns_expires_in_from_settings(client, world, code):
    assert exchange_code(client, world, code).json_body["expires_in"] == 600


def test_exchange_refresh_token_is_link_id_dot_secret(client, world, code):
    body = exchange_code(client, world, code).json_body
    link_id, _, secret = body["refresh_token"].partition(".")
    assert len(link_id) == 32
    assert len(secret) >= 43


def test_exchange_response_is_not_cached(client, world, code):
    headers = exchange_code(client, world, code).headers
    assert headers["Cache-Control"] == "no-store"
    assert headers["Pragma"] == "no-cache"


def test_exchange_access_token_verifies_with_published_jwks(client, world, code):
    token = exchange_code(client, world, code).json_body["access_token"]
    jwk = client.http.get("/.well-known/jwks.json").json_body["keys"][0]
    claims = jwt.decode(token, jwt.PyJWK(jwk).key, algorithms=["ES256"],
                        audience="https://api.referencebudgets.be/v1/vendor",
                        issuer="https://api.referencebudgets.be", options={"verify_exp": False, "verify_iat": False})
    assert claims["client_id"] == world.client_id
    assert claims["enterprise_number"] == ENTERPRISE


def test_exchange_access_token_subject_is_link(client, world, code):
    body = exchange_code(client, world, code).json_body
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["sub"] == link_id_of(body)


def test_exchange_access_token_header_is_at_jwt(client, world, code):
    token = exchange_code(client, world, code).json_body["access_token"]
    assert jwt.get_unverified_header(token)["typ"] == "at+jwt"


def test_exchange_marks_code_used(client, world, code):
    exchange_code(client, world, code)
    item = ActivationCode.get(*activation_code_key(hash_activation_code(code)), consistent_read=True)
    assert item.status == "used"
    assert item.used_by_client_id == world.client_id


def test_exchange_records_link_on_code(client, world, code):
    body = exchange_code(client, world, code).json_body
    item = ActivationCode.get(*activation_code_key(hash_activation_code(code)), consistent_read=True)
    assert item.link_id == link_id_of(body)


def test_exchange_removes_used_code_from_sweep(client, world, code):
    exchange_code(client, world, code)
    item = ActivationCode.get(*activation_code_key(hash_activation_code(code)), consistent_read=True)
    assert item.sweep_partition is None


def test_exchange_deletes_code_pointer(client, world, code):
    exchange_code(client, world, code)
    with pytest.raises(ActivationCodePointer.DoesNotExist):
        ActivationCodePointer.get(*code_pointer_key(world.staff.ssin, ENTERPRISE), consistent_read=True)


def test_exchange_creates_link_for_person_vendor_and_organisation(client, world, code):
    link = load_link(link_id_of(exchange_code(client, world, code).json_body))
    assert link.ssin == world.staff.ssin
    assert link.enterprise_number == ENTERPRISE
    assert link.client_id == world.client_id
    assert link.vendor_name == "CIPAL Schaubroeck"
    assert link.status == "active"


def test_exchange_link_expires_after_refresh_token_days(client, world, code):
    link = load_link(link_id_of(exchange_code(client, world, code).json_body))
    assert link.expires_at == NOW + timedelta(days=90)


def test_exchange_link_stores_refresh_hash_only(client, world, code):
    body = exchange_code(client, world, code).json_body
    link = load_link(link_id_of(body))
    assert link.refresh_token_hash == hash_secret(body["refresh_token"].split(".", 1)[1])


def test_exchange_link_is_indexed_by_person_and_organisation(client, world, code):
    link_id = link_id_of(exchange_code(client, world, code).json_body)
    link = load_link(link_id)
    assert link.person_sk == f"APP_LINK#{link_id}"
    assert link.org_pk == ENTERPRISE
    assert link.org_sk == f"APP_LINK#{link_id}"


def test_exchange_schedules_link_sweep_at_expiry(client, world, code):
    link = load_link(link_id_of(exchange_code(client, world, code).json_body))
    assert link.sweep_at == NOW + timedelta(days=90)


def test_exchange_writes_audit_event(client, world, code):
    exchange_code(client, world, code)
    actions = [item.action for item in AuditEvent.query(audit_pk(ENTERPRISE), consistent_read=True)]
    assert "app_link.created" in actions


def test_exchange_accepts_code_in_lower_case_without_dashes(client, world, code):
    response = exchange_code(client, world, code.replace("-", "").lower())
    assert response.status_code == 200


def test_exchange_accepts_credentials_in_body(client, world, code):
    response = form_post(client, "/v1/oauth/token", {
        "grant_type": CODE_GRANT, "code": code, "client_id": world.client_id, "client_secret": world.client_secret})
    assert response.status_code == 200


def test_exchange_accepts_matching_client_id_next_to_basic(client, world, code):
    response = form_post(client, "/v1/oauth/token", {"grant_type": CODE_GRANT, "code": code,
                                                     "client_id": world.client_id},
                         authorization=basic(world.client_id, world.client_secret))
    assert response.status_code == 200


def test_basic_credentials_are_form_decoded(client, fas, world, code):
    secret = "s3cr+t/with:colon & space"
    vendor = VendorClient.get(*vendor_key(world.client_id))
    vendor.update(actions=[VendorClient.secret_hash.set(hash_secret(secret))])
    response = exchange_code(client, world, code, secret=secret)
    assert response.status_code == 200


# --- request format --------------------------------------------------------------------


def test_missing_grant_type_is_invalid_request(client, world, code):
    response = token_request(client, world, {"code": code})
    assert response.status_code == 400
    assert oauth_error(response) == "invalid_request"


def test_authorization_code_grant_is_unsupported(client, world, code):
    response = token_request(client, world, {"grant_type": "authorization_code", "code": code})
    assert response.status_code == 400
    assert oauth_error(response) == "unsupported_grant_type"


def test_missing_code_is_invalid_request(client, world):
    response = token_request(client, world, {"grant_type": CODE_GRANT})
    assert response.status_code == 400
    assert oauth_error(response) == "invalid_request"


def test_empty_code_counts_as_missing(client, world):
    response = token_request(client, world, {"grant_type": CODE_GRANT, "code": ""})
    assert response.json_body["error_description"] == description("oauth_code_missing")


def test_repeated_parameter_is_invalid_request(client, world, code):
    body = f"grant_type={CODE_GRANT}&code={code}&code={code}"
    response = form_post(client, "/v1/oauth/token", body, authorization=basic(world.client_id, world.client_secret))
    assert response.status_code == 400
    assert oauth_error(response) == "invalid_request"


def test_invalid_utf8_body_is_invalid_request(client, world):
    response = form_post(client, "/v1/oauth/token", "grant_type=%ff%fe",
                         authorization=basic(world.client_id, world.client_secret))
    assert response.status_code == 400
    assert oauth_error(response) == "invalid_request"


def test_form_content_type_with_charset_is_accepted(client, world, code):
    response = client.http.post(
        "/v1/oauth/token",
        body=f"grant_type={CODE_GRANT}&code={code}",
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8",
                 "Authorization": basic(world.client_id, world.client_secret)},
    )
    assert response.status_code == 200


def test_json_body_is_415(client, world, code):
    response = client.http.post("/v1/oauth/token", body='{"grant_type": "refresh_token"}',
                                headers={"Content-Type": "application/json",
                                         "Authorization": basic(world.client_id, world.client_secret)})
    assert response.status_code == 415


def test_error_body_has_error_and_localized_description(client, world):
    response = token_request(client, world, {"grant_type": CODE_GRANT})
    assert response.json_body == {"error": "invalid_request", "error_description": description("oauth_code_missing")}


def test_error_description_follows_accept_language(client, world):
    response = form_post(client, "/v1/oauth/token", {"grant_type": CODE_GRANT},
                         authorization=basic(world.client_id, world.client_secret),
                         headers={"Accept-Language": "fr"})
    assert response.json_body["error_description"] == description("oauth_code_missing", "fr")


def test_error_response_is_not_cached(client, world):
    response = token_request(client, world, {"grant_type": CODE_GRANT})
    assert response.headers["Cache-Control"] == "no-store"


# --- client authentication -------------------------------------------------------------


def test_no_client_authentication_is_invalid_client(client, world, code):
    response = form_post(client, "/v1/oauth/token", {"grant_type": CODE_GRANT, "code": code})
    assert response.status_code == 401
    assert oauth_error(response) == "invalid_client"


def test_wrong_secret_with_basic_is_401_invalid_client(client, world, code):
    response = exchange_code(client, world, code, secret="wrong")
    assert response.status_code == 401
    assert oauth_error(response) == "invalid_client"


def test_wrong_secret_with_basic_sends_basic_challenge(client, world, code):
    response = exchange_code(client, world, code, secret="wrong")
    assert response.headers["WWW-Authenticate"].startswith('Basic realm="remi"')


def test_wrong_secret_in_body_has_no_basic_challenge(client, world, code):
    response = form_post(client, "/v1/oauth/token", {
        "grant_type": CODE_GRANT, "code": code, "client_id": world.client_id, "client_secret": "wrong"})
    assert response.status_code == 401
    assert "WWW-Authenticate" not in response.headers


def test_unknown_client_is_invalid_client(client, world, code):
    response = exchange_code(client, world, code, client_id="remi-unknown")
    assert response.status_code == 401
    assert oauth_error(response) == "invalid_client"


def test_both_client_authentication_methods_is_invalid_request(client, world, code):
    response = form_post(client, "/v1/oauth/token", {
        "grant_type": CODE_GRANT, "code": code, "client_id": world.client_id, "client_secret": world.client_secret},
        authorization=basic(world.client_id, world.client_secret))
    assert response.status_code == 400
    assert oauth_error(response) == "invalid_request"


def test_basic_with_other_body_client_id(client, world, code):
    response = form_post(client, "/v1/oauth/token", {"grant_type": CODE_GRANT, "code": code,
                                                     "client_id": "remi-someone-else"},
                         authorization=basic(world.client_id, world.client_secret))
    assert response.status_code == 400
    assert oauth_error(response) == "invalid_request"


def test_malformed_basic_header_is_invalid_client(client, world, code):
    response = form_post(client, "/v1/oauth/token", {"grant_type": CODE_GRANT, "code": code},
                         authorization="Basic not-base64!")
    assert response.status_code == 401
    assert oauth_error(response) == "invalid_client"


def test_basic_without_colon_is_invalid_client(client, world, code):
    value = base64.b64encode(world.client_id.encode()).decode()
    response = form_post(client, "/v1/oauth/token", {"grant_type": CODE_GRANT, "code": code},
                         authorization=f"Basic {value}")
    assert response.status_code == 401
    assert oauth_error(response) == "invalid_client"


def test_bearer_on_token_endpoint_is_invalid_client(client, world, code):
    response = form_post(client, "/v1/oauth/token", {"grant_type": CODE_GRANT, "code": code},
                         authorization="Bearer abc")
    assert response.status_code == 401
    assert oauth_error(response) == "invalid_client"


def test_disabled_vendor_is_unauthorized_client(client, world, code):
    vendors.disable_vendor(world.client_id)
    response = exchange_code(client, world, code)
    assert response.status_code == 400
    assert oauth_error(response) == "unauthorized_client"


def test_disabled_vendor_leaves_code_unused(client, world, code):
    vendors.disable_vendor(world.client_id)
    exchange_code(client, world, code)
    item = ActivationCode.get(*activation_code_key(hash_activation_code(code)), consistent_read=True)
    assert item.status == "unused"


def test_disabled_vendor_with_wrong_secret_is_invalid_client(client, world, code):
    vendors.disable_vendor(world.client_id)
    response = exchange_code(client, world, code, secret="wrong")
    assert oauth_error(response) == "invalid_client"


def test_reenabled_vendor_exchanges_again(client, world, code):
    vendors.disable_vendor(world.client_id)
    vendors.enable_vendor(world.client_id)
    assert exchange_code(client, world, code).status_code == 200


def test_rotated_secret_refuses_old_secret(client, world, code):
    vendors.rotate_secret(world.client_id)
    response = exchange_code(client, world, code)
    assert response.status_code == 401
    assert oauth_error(response) == "invalid_client"


def test_rotated_secret_accepts_new_secret(client, world, code):
    _, new_secret = vendors.rotate_secret(world.client_id)
    assert exchange_code(client, world, code, secret=new_secret).status_code == 200


# --- the code's rules --------------------------------------------------------------------


def test_unknown_code_is_invalid_grant(client, world):
    response = exchange_code(client, world, "0000-0000-0000-0000")
    assert response.status_code == 400
    assert oauth_error(response) == "invalid_grant"


def test_malformed_code_is_invalid_grant(client, world):
    response = exchange_code(client, world, "not-a-code")
    assert response.status_code == 400
    assert oauth_error(response) == "invalid_grant"


def test_expired_code_is_invalid_grant(client, world, code):
    clock.set_now(NOW + timedelta(minutes=10))
    response = exchange_code(client, world, code)
    assert response.status_code == 400
    assert response.json_body["error_description"] == description("oauth_code_expired")


def test_code_one_second_before_expiry_is_accepted(client, world, code):
    clock.set_now(NOW + timedelta(minutes=10) - timedelta(seconds=1))
    assert exchange_code(client, world, code).status_code == 200


def test_replaced_code_is_invalid_grant(client, fas, world, code):
    request_code(client, fas, world.staff)
    response = exchange_code(client, world, code)
    assert response.status_code == 400
    assert response.json_body["error_description"] == description("oauth_code_replaced")


def test_code_after_role_ended_is_invalid_grant(client, world, code):
    stop_role(world)
    response = exchange_code(client, world, code)
    assert oauth_error(response) == "invalid_grant"
    assert response.json_body["error_description"] == description("oauth_role_not_active")


def test_code_after_contract_ended_is_invalid_grant(client, world, code):
    end_contract()
    response = exchange_code(client, world, code)
    assert oauth_error(response) == "invalid_grant"
    assert response.json_body["error_description"] == description("oauth_contract_not_active")


# --- replay ------------------------------------------------------------------------------


def test_replayed_code_is_invalid_grant(client, world, code):
    exchange_code(client, world, code)
    response = exchange_code(client, world, code)
    assert response.status_code == 400
    assert response.json_body["error_description"] == description("oauth_code_used")


def test_replayed_code_revokes_its_link(client, world, code):
    link_id = link_id_of(exchange_code(client, world, code).json_body)
    exchange_code(client, world, code)
    link = load_link(link_id)
    assert link.status == "revoked"
    assert link.revoked_reason == "activation_code_replayed"


def test_replayed_code_stops_its_access_token(client, world, code):
    tokens = exchange_code(client, world, code).json_body
    exchange_code(client, world, code)
    assert vendor_me(client, tokens["access_token"]).status_code == 401


def test_replayed_code_stops_its_refresh_token(client, world, code):
    tokens = exchange_code(client, world, code).json_body
    exchange_code(client, world, code)
    assert oauth_error(refresh(client, world, tokens["refresh_token"])) == "invalid_grant"


def test_replay_by_another_vendor_revokes_the_link(client, world, code):
    link_id = link_id_of(exchange_code(client, world, code).json_body)
    other, secret = vendors.register_vendor("CEVI", "api@cevi.example")
    exchange_code(client, world, code, client_id=other.client_id, secret=secret)
    assert load_link(link_id).status == "revoked"


def test_replay_writes_revocation_audit_event(client, world, code):
    exchange_code(client, world, code)
    exchange_code(client, world, code)
    actions = [item.action for item in AuditEvent.query(audit_pk(ENTERPRISE), consistent_read=True)]
    assert "app_link.revoked" in actions


# --- races ------------------------------------------------------------------------------


def test_concurrent_exchanges_yield_one_success(client, world, code):
    first = oauth.prepare_code_exchange(credentials(world), code)
    second = oauth.prepare_code_exchange(credentials(world), code)
    oauth.commit_code_exchange(first)
    with pytest.raises(OAuthError) as raised:
        oauth.commit_code_exchange(second)
    assert raised.value.error == "invalid_grant"


def test_concurrent_exchange_loser_writes_no_link(client, world, code):
    first = oauth.prepare_code_exchange(credentials(world), code)
    second = oauth.prepare_code_exchange(credentials(world), code)
    oauth.commit_code_exchange(first)
    with pytest.raises(OAuthError):
        oauth.commit_code_exchange(second)
    with pytest.raises(AppLink.DoesNotExist):
        AppLink.get(*app_link_key(second.link_id), consistent_read=True)


def test_concurrent_exchange_keeps_winner_link_active(client, world, code):
    first = oauth.prepare_code_exchange(credentials(world), code)
    second = oauth.prepare_code_exchange(credentials(world), code)
    oauth.commit_code_exchange(first)
    with pytest.raises(OAuthError):
        oauth.commit_code_exchange(second)
    assert load_link(first.link_id).status == "active"


def test_contract_ended_after_read_fails_the_commit(client, world, code):
    exchange = oauth.prepare_code_exchange(credentials(world), code)
    end_contract()
    with pytest.raises(OAuthError) as raised:
        oauth.commit_code_exchange(exchange)
    assert raised.value.description_code == "oauth_contract_not_active"


# --- rate limit --------------------------------------------------------------------------


def failures(world) -> int:
    try:
        window = RateWindow.get(*rate_window_key(world.client_id, int(NOW.timestamp())), consistent_read=True)
    except RateWindow.DoesNotExist:
        return 0
    return window.failures


def test_invalid_grant_is_counted(client, world):
    exchange_code(client, world, "0000-0000-0000-0000")
    assert failures(world) == 1


def test_wrong_secret_of_known_client_is_counted(client, world, code):
    exchange_code(client, world, code, secret="wrong")
    assert failures(world) == 1


def test_invalid_request_is_not_counted(client, world):
    token_request(client, world, {"grant_type": CODE_GRANT})
    assert failures(world) == 0


def test_rate_window_has_ttl(client, world):
    exchange_code(client, world, "0000-0000-0000-0000")
    window = RateWindow.get(*rate_window_key(world.client_id, int(NOW.timestamp())), consistent_read=True)
    assert window.ttl is not None


def test_limit_reached_answers_429(client, world, code, monkeypatch):
    limit_failures(monkeypatch, 3)
    for _ in range(3):
        exchange_code(client, world, "0000-0000-0000-0000")
    response = exchange_code(client, world, code)
    assert response.status_code == 429
    assert oauth_error(response) == "temporarily_unavailable"


def test_limit_reached_sends_retry_after_to_window_end(client, world, monkeypatch):
    limit_failures(monkeypatch, 3)
    for _ in range(3):
        exchange_code(client, world, "0000-0000-0000-0000")
    clock.set_now(NOW + timedelta(seconds=100))
    response = exchange_code(client, world, "0000-0000-0000-0000")
    assert response.headers["Retry-After"] == "200"


def test_limit_reached_leaves_valid_code_unused(client, world, code, monkeypatch):
    limit_failures(monkeypatch, 3)
    for _ in range(3):
        exchange_code(client, world, "0000-0000-0000-0000")
    exchange_code(client, world, code)
    item = ActivationCode.get(*activation_code_key(hash_activation_code(code)), consistent_read=True)
    assert item.status == "unused"


def test_success_does_not_reset_failures(client, fas, world, monkeypatch):
    limit_failures(monkeypatch, 3)
    exchange_code(client, world, "0000-0000-0000-0000")
    exchange_code(client, world, "0000-0000-0000-0000")
    assert exchange_code(client, world, request_code(client, fas, world.staff)).status_code == 200
    exchange_code(client, world, "0000-0000-0000-0000")
    response = exchange_code(client, world, request_code(client, fas, world.staff))
    assert response.status_code == 429


def test_limit_lifts_in_next_window(client, world, code, monkeypatch):
    limit_failures(monkeypatch, 3)
    for _ in range(3):
        exchange_code(client, world, "0000-0000-0000-0000")
    clock.set_now(NOW + timedelta(seconds=300))
    assert exchange_code(client, world, code).status_code != 429


def test_limit_is_per_client(client, world, code, monkeypatch):
    limit_failures(monkeypatch, 3)
    for _ in range(3):
        exchange_code(client, world, "0000-0000-0000-0000")
    other, secret = vendors.register_vendor("CEVI", "api@cevi.example")
    assert exchange_code(client, world, code, client_id=other.client_id, secret=secret).status_code == 200


def test_limit_applies_to_refresh_grant(client, fas, world, monkeypatch):
    limit_failures(monkeypatch, 3)
    tokens = exchange_code(client, world, request_code(client, fas, world.staff)).json_body
    for _ in range(3):
        exchange_code(client, world, "0000-0000-0000-0000")
    assert refresh(client, world, tokens["refresh_token"]).status_code == 429


# --- budget ------------------------------------------------------------------------------


def test_exchange_budget_is_three_dynamodb_requests(client, world, code, dynamodb_calls):
    dynamodb_calls.reset()
    response = exchange_code(client, world, code)
    assert response.status_code == 200
    assert dynamodb_calls.total <= 3, dynamodb_calls.operations


def test_exchange_budget_is_one_kms_sign(client, world, code, kms_calls):
    client.http.get("/.well-known/jwks.json")  # the public key is read once per process
    kms_calls.reset()
    exchange_code(client, world, code)
    assert dict(kms_calls.operations) == {"Sign": 1}
