"""POST /v1/oauth/revoke (RFC 7009): refresh and access tokens, unknown tokens, other clients."""

from __future__ import annotations

import pytest

from chalicelib.services import vendors
from chalicelib.store.models import AuditEvent, audit_pk
from tests.functional.test_vendor_setup import (  # noqa: F401 (fixtures: frozen_clock, world, tokens, kms_calls)
    frozen_clock,
    world,
    tokens,
    ENTERPRISE,
    basic,
    form_post,
    link_id_of,
    load_link,
    oauth_error,
    refresh,
    vendor_me,
)

pytestmark = pytest.mark.usefixtures("frozen_clock")


def revoke(client, world, form, client_id=None, secret=None):
    return form_post(client, "/v1/oauth/revoke", form,
                     authorization=basic(client_id or world.client_id, secret or world.client_secret))


def test_revoke_refresh_token_returns_200(client, world, tokens):
    assert revoke(client, world, {"token": tokens["refresh_token"]}).status_code == 200


def test_revoke_refresh_token_revokes_link(client, world, tokens):
    revoke(client, world, {"token": tokens["refresh_token"], "token_type_hint": "refresh_token"})
    link = load_link(link_id_of(tokens))
    assert link.status == "revoked"
    assert link.revoked_reason == "revoked_by_vendor"


def test_revoked_refresh_token_no_longer_refreshes(client, world, tokens):
    revoke(client, world, {"token": tokens["refresh_token"]})
    assert oauth_error(refresh(client, world, tokens["refresh_token"])) == "invalid_grant"


def test_revoked_link_stops_access_token(client, world, tokens):
    revoke(client, world, {"token": tokens["refresh_token"]})
    response = vendor_me(client, tokens["access_token"])
    assert response.status_code == 401
    assert response.json_body["code"] == "app_link_inactive"


def test_revoke_access_token_revokes_link(client, world, tokens):
    revoke(client, world, {"token": tokens["access_token"], "token_type_hint": "access_token"})
    assert load_link(link_id_of(tokens)).status == "revoked"


def test_revoke_with_wrong_hint_still_finds_token(client, world, tokens):
    revoke(client, world, {"token": tokens["refresh_token"], "token_type_hint": "access_token"})
    assert load_link(link_id_of(tokens)).status == "revoked"


def test_revoke_writes_audit_event(client, world, tokens):
    revoke(client, world, {"token": tokens["refresh_token"]})
    actions = [item.action for item in AuditEvent.query(audit_pk(ENTERPRISE), consistent_read=True)]
    assert "app_link.revoked" in actions


def test_revoke_twice_returns_200(client, world, tokens):
    revoke(client, world, {"token": tokens["refresh_token"]})
    assert revoke(client, world, {"token": tokens["refresh_token"]}).status_code == 200


def test_revoke_unknown_token_returns_200(client, world, tokens):
    assert revoke(client, world, {"token": "0" * 32 + ".unknown"}).status_code == 200


def test_revoke_garbage_token_returns_200(client, world, tokens):
    assert revoke(client, world, {"token": "garbage"}).status_code == 200


def test_revoke_wrong_link_secret_ignored(client, world, tokens):
    revoke(client, world, {"token": link_id_of(tokens) + ".wrong-secret"})
    assert load_link(link_id_of(tokens)).status == "active"


def test_revoke_token_of_other_client_returns_200(client, world, tokens):
    other, secret = vendors.register_vendor("CEVI", "api@cevi.example")
    response = revoke(client, world, {"token": tokens["refresh_token"]}, client_id=other.client_id, secret=secret)
    assert response.status_code == 200


def test_revoke_token_of_other_client_leaves_link_active(client, world, tokens):
    other, secret = vendors.register_vendor("CEVI", "api@cevi.example")
    revoke(client, world, {"token": tokens["refresh_token"]}, client_id=other.client_id, secret=secret)
    assert load_link(link_id_of(tokens)).status == "active"


def test_revoke_other_client_access_token_ignored(client, world, tokens):
    other, secret = vendors.register_vendor("CEVI", "api@cevi.example")
    revoke(client, world, {"token": tokens["access_token"]}, client_id=other.client_id, secret=secret)
    assert load_link(link_id_of(tokens)).status == "active"


def test_revoke_without_token_is_invalid_request(client, world, tokens):
    response = revoke(client, world, {"token_type_hint": "refresh_token"})
    assert response.status_code == 400
    assert oauth_error(response) == "invalid_request"


def test_revoke_with_wrong_secret_is_invalid_client(client, world, tokens):
    response = revoke(client, world, {"token": tokens["refresh_token"]}, secret="wrong")
    assert response.status_code == 401
    assert oauth_error(response) == "invalid_client"


def test_revoke_with_wrong_secret_leaves_link_active(client, world, tokens):
    revoke(client, world, {"token": tokens["refresh_token"]}, secret="wrong")
    assert load_link(link_id_of(tokens)).status == "active"


def test_revoke_without_client_authentication_is_invalid_client(client, world, tokens):
    response = form_post(client, "/v1/oauth/revoke", {"token": tokens["refresh_token"]})
    assert response.status_code == 401
    assert oauth_error(response) == "invalid_client"


def test_revoke_response_is_not_cached(client, world, tokens):
    response = revoke(client, world, {"token": tokens["refresh_token"]})
    assert response.headers["Cache-Control"] == "no-store"
