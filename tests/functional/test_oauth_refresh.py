"""POST /v1/oauth/token with grant_type refresh_token: rotation, reuse detection, and the
link stopping when the role or the contract ends."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from chalicelib import clock
from chalicelib.errors import OAuthError
from chalicelib.i18n import translate
from chalicelib.identity.secrets import hash_secret
from chalicelib.services import oauth, vendors
from chalicelib.store.models import (
    AuditEvent,
    Organisation,
    RoleAssignment,
    assignment_key,
    audit_pk,
    organisation_key,
)
from tests.functional.test_vendor_setup import (  # noqa: F401 (fixtures: frozen_clock, world, tokens, kms_calls)
    NOW,
    frozen_clock,
    world,
    tokens,
    ENTERPRISE,
    kms_calls,
    link_id_of,
    load_link,
    oauth_error,
    refresh,
    token_request,
)

pytestmark = pytest.mark.usefixtures("frozen_clock")


def description(key: str) -> str:
    return translate(key, "nl")


def credentials(world) -> oauth.ClientCredentials:
    return oauth.ClientCredentials(world.client_id, world.client_secret, via_basic=True)


def stop_role(world) -> None:
    assignment = RoleAssignment.get(*assignment_key(world.staff.ssin, ENTERPRISE, "social_worker"))
    assignment.update(actions=[RoleAssignment.status.set("stopped")])


def end_contract() -> None:
    organisation = Organisation.get(*organisation_key(ENTERPRISE))
    organisation.update(actions=[Organisation.contract_ends_on.set(date(2026, 3, 14))])


def test_refresh_returns_200(client, world, tokens):
    assert refresh(client, world, tokens["refresh_token"]).status_code == 200


def test_refresh_rotates_refresh_token(client, world, tokens):
    body = refresh(client, world, tokens["refresh_token"]).json_body
    assert body["refresh_token"] != tokens["refresh_token"]


def test_refresh_keeps_the_link(client, world, tokens):
    body = refresh(client, world, tokens["refresh_token"]).json_body
    assert link_id_of(body) == link_id_of(tokens)


def test_refresh_returns_new_access_token(client, world, tokens):
    clock.set_now(NOW + timedelta(seconds=1))
    body = refresh(client, world, tokens["refresh_token"]).json_body
    assert body["access_token"] != tokens["access_token"]


def test_refresh_response_is_not_cached(client, world, tokens):
    headers = refresh(client, world, tokens["refresh_token"]).headers
    assert headers["Cache-Control"] == "no-store"
    assert headers["Pragma"] == "no-cache"


def test_rotated_refresh_token_works(client, world, tokens):
    second = refresh(client, world, tokens["refresh_token"]).json_body
    assert refresh(client, world, second["refresh_token"]).status_code == 200


def test_refresh_stores_new_hash(client, world, tokens):
    body = refresh(client, world, tokens["refresh_token"]).json_body
    link = load_link(link_id_of(tokens))
    assert link.refresh_token_hash == hash_secret(body["refresh_token"].split(".", 1)[1])


def test_refresh_remembers_used_hash(client, world, tokens):
    refresh(client, world, tokens["refresh_token"])
    link = load_link(link_id_of(tokens))
    assert link.used_refresh_hashes == [hash_secret(tokens["refresh_token"].split(".", 1)[1])]


def test_refresh_keeps_last_50_used_hashes(client, world, tokens):
    token = tokens["refresh_token"]
    for _ in range(52):
        token = refresh(client, world, token).json_body["refresh_token"]
    assert len(load_link(link_id_of(tokens)).used_refresh_hashes) == 50


def test_refresh_slides_link_expiry(client, world, tokens):
    clock.set_now(NOW + timedelta(days=30))
    refresh(client, world, tokens["refresh_token"])
    assert load_link(link_id_of(tokens)).expires_at == NOW + timedelta(days=120)


def test_refresh_records_last_use(client, world, tokens):
    clock.set_now(NOW + timedelta(hours=2))
    refresh(client, world, tokens["refresh_token"])
    assert load_link(link_id_of(tokens)).last_used_at == NOW + timedelta(hours=2)


# --- reuse detection --------------------------------------------------------------------


def test_reused_refresh_token_is_invalid_grant(client, world, tokens):
    refresh(client, world, tokens["refresh_token"])
    response = refresh(client, world, tokens["refresh_token"])
    assert response.status_code == 400
    assert response.json_body["error_description"] == description("oauth_refresh_token_reused")


def test_reused_refresh_token_revokes_the_link(client, world, tokens):
    refresh(client, world, tokens["refresh_token"])
    refresh(client, world, tokens["refresh_token"])
    link = load_link(link_id_of(tokens))
    assert link.status == "revoked"
    assert link.revoked_reason == "refresh_token_reused"


def test_reuse_stops_the_newest_refresh_token(client, world, tokens):
    newest = refresh(client, world, tokens["refresh_token"]).json_body["refresh_token"]
    refresh(client, world, tokens["refresh_token"])
    assert oauth_error(refresh(client, world, newest)) == "invalid_grant"


def test_reuse_writes_audit_event(client, world, tokens):
    refresh(client, world, tokens["refresh_token"])
    refresh(client, world, tokens["refresh_token"])
    events = [item for item in AuditEvent.query(audit_pk(ENTERPRISE), consistent_read=True)
              if item.action == "app_link.revoked"]
    assert events[0].after["revoked_reason"] == "refresh_token_reused"


def test_concurrent_refreshes_yield_one_success(client, world, tokens):
    first = oauth.prepare_refresh(credentials(world), tokens["refresh_token"])
    second = oauth.prepare_refresh(credentials(world), tokens["refresh_token"])
    oauth.commit_refresh(first)
    with pytest.raises(OAuthError) as raised:
        oauth.commit_refresh(second)
    assert raised.value.error == "invalid_grant"


def test_concurrent_refresh_loser_does_not_replace_winner_hash(client, world, tokens):
    first = oauth.prepare_refresh(credentials(world), tokens["refresh_token"])
    second = oauth.prepare_refresh(credentials(world), tokens["refresh_token"])
    oauth.commit_refresh(first)
    with pytest.raises(OAuthError):
        oauth.commit_refresh(second)
    assert load_link(link_id_of(tokens)).refresh_token_hash == hash_secret(first.refresh_secret)


# --- refusals ---------------------------------------------------------------------------


def test_missing_refresh_token_is_invalid_request(client, world, tokens):
    response = token_request(client, world, {"grant_type": "refresh_token"})
    assert response.status_code == 400
    assert oauth_error(response) == "invalid_request"


def test_malformed_refresh_token_is_invalid_grant(client, world, tokens):
    response = refresh(client, world, "not-a-refresh-token")
    assert response.status_code == 400
    assert oauth_error(response) == "invalid_grant"


def test_refresh_token_with_wrong_secret_is_invalid_grant(client, world, tokens):
    response = refresh(client, world, link_id_of(tokens) + ".wrong-secret")
    assert response.status_code == 400
    assert response.json_body["error_description"] == description("oauth_refresh_token_invalid")


def test_refresh_token_with_wrong_secret_leaves_link_active(client, world, tokens):
    refresh(client, world, link_id_of(tokens) + ".wrong-secret")
    assert load_link(link_id_of(tokens)).status == "active"


def test_refresh_token_of_unknown_link_is_invalid_grant(client, world, tokens):
    response = refresh(client, world, "0" * 32 + ".secret")
    assert oauth_error(response) == "invalid_grant"


def test_refresh_by_other_client_is_invalid_grant(client, world, tokens):
    other, secret = vendors.register_vendor("CEVI", "api@cevi.example")
    response = refresh(client, world, tokens["refresh_token"], client_id=other.client_id, secret=secret)
    assert oauth_error(response) == "invalid_grant"
    assert response.json_body["error_description"] == description("oauth_grant_other_client")


def test_refresh_by_other_client_leaves_link_active(client, world, tokens):
    other, secret = vendors.register_vendor("CEVI", "api@cevi.example")
    refresh(client, world, tokens["refresh_token"], client_id=other.client_id, secret=secret)
    assert load_link(link_id_of(tokens)).status == "active"


def test_refresh_by_disabled_vendor_is_unauthorized_client(client, world, tokens):
    vendors.disable_vendor(world.client_id)
    response = refresh(client, world, tokens["refresh_token"])
    assert response.status_code == 400
    assert oauth_error(response) == "unauthorized_client"


def test_refresh_with_rotated_out_secret_is_invalid_client(client, world, tokens):
    vendors.rotate_secret(world.client_id)
    response = refresh(client, world, tokens["refresh_token"])
    assert response.status_code == 401
    assert oauth_error(response) == "invalid_client"


def test_refresh_after_link_expired_is_invalid_grant(client, world, tokens):
    clock.set_now(NOW + timedelta(days=90))
    response = refresh(client, world, tokens["refresh_token"])
    assert oauth_error(response) == "invalid_grant"
    assert response.json_body["error_description"] == description("oauth_link_not_active")


def test_refresh_after_person_revoked_link_is_invalid_grant(client, fas, world, tokens):
    client.http.delete(f"/v1/me/app-links/{link_id_of(tokens)}", headers=fas.headers(world.staff))
    response = refresh(client, world, tokens["refresh_token"])
    assert oauth_error(response) == "invalid_grant"


def test_refresh_after_role_ended_is_invalid_grant(client, world, tokens):
    stop_role(world)
    response = refresh(client, world, tokens["refresh_token"])
    assert oauth_error(response) == "invalid_grant"
    assert response.json_body["error_description"] == description("oauth_role_not_active")


def test_refresh_after_role_validity_ended_is_invalid_grant(client, world, tokens):
    assignment = RoleAssignment.get(*assignment_key(world.staff.ssin, ENTERPRISE, "social_worker"))
    assignment.update(actions=[RoleAssignment.valid_until.set(date(2026, 3, 31))])
    clock.set_now(datetime(2026, 3, 31, 22, 0, tzinfo=timezone.utc))  # 1 April 00:00 in Brussels
    response = refresh(client, world, tokens["refresh_token"])
    assert oauth_error(response) == "invalid_grant"


def test_refresh_on_last_valid_day_succeeds(client, world, tokens):
    assignment = RoleAssignment.get(*assignment_key(world.staff.ssin, ENTERPRISE, "social_worker"))
    assignment.update(actions=[RoleAssignment.valid_until.set(date(2026, 3, 31))])
    clock.set_now(datetime(2026, 3, 31, 21, 59, tzinfo=timezone.utc))  # 31 March 23:59 in Brussels
    assert refresh(client, world, tokens["refresh_token"]).status_code == 200


def test_refresh_after_contract_ended_is_invalid_grant(client, world, tokens):
    end_contract()
    response = refresh(client, world, tokens["refresh_token"])
    assert oauth_error(response) == "invalid_grant"
    assert response.json_body["error_description"] == description("oauth_contract_not_active")


def test_refresh_refused_for_role_keeps_refresh_token_unused(client, world, tokens):
    stop_role(world)
    refresh(client, world, tokens["refresh_token"])
    assert load_link(link_id_of(tokens)).used_refresh_hashes == []


def test_contract_ended_after_read_fails_the_refresh_commit(client, world, tokens):
    prepared = oauth.prepare_refresh(credentials(world), tokens["refresh_token"])
    end_contract()
    with pytest.raises(OAuthError) as raised:
        oauth.commit_refresh(prepared)
    assert raised.value.description_code == "oauth_contract_not_active"


# --- budget ------------------------------------------------------------------------------


def test_refresh_budget_is_three_dynamodb_requests(client, world, tokens, dynamodb_calls):
    dynamodb_calls.reset()
    response = refresh(client, world, tokens["refresh_token"])
    assert response.status_code == 200
    assert dynamodb_calls.total <= 3, dynamodb_calls.operations


def test_refresh_budget_is_one_kms_sign(client, world, tokens, kms_calls):
    kms_calls.reset()
    refresh(client, world, tokens["refresh_token"])
    assert dict(kms_calls.operations) == {"Sign": 1}
