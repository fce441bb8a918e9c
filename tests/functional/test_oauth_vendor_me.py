"""GET /v1/vendor/me and GET /.well-known/jwks.json, and that REMI access tokens and FAS ID
tokens are never accepted in each other's place."""

from __future__ import annotations

import json
from datetime import date, timedelta

import jwt
import pytest

from chalicelib import clock
from chalicelib.services import vendors
from chalicelib.store.models import (
    AppLink,
    Organisation,
    RoleAssignment,
    app_link_key,
    assignment_key,
    organisation_key,
)
from tests.functional.test_vendor_setup import (  # noqa: F401 (fixtures: frozen_clock, world, tokens, kms_calls)
    NOW,
    frozen_clock,
    world,
    tokens,
    ENTERPRISE,
    link_id_of,
    vendor_me,
)

pytestmark = pytest.mark.usefixtures("frozen_clock")
from tests.support import seed


def problem_code(response) -> str:
    return response.json_body["code"]


# --- who the link acts for --------------------------------------------------------------


def test_vendor_me_returns_200(client, tokens):
    assert vendor_me(client, tokens["access_token"]).status_code == 200


def test_vendor_me_names_the_person(client, tokens):
    assert vendor_me(client, tokens["access_token"]).json_body["person"] == {"given_name": "Sam", "surname": "Smets"}


def test_vendor_me_does_not_show_the_ssin(client, world, tokens):
    body = vendor_me(client, tokens["access_token"]).body.decode()
    assert world.staff.ssin not in body


def test_vendor_me_names_the_organisation(client, tokens):
    assert vendor_me(client, tokens["access_token"]).json_body["organisation"] == {
        "enterprise_number": ENTERPRISE, "name": "OCMW Geel"}


def test_vendor_me_lists_active_roles(client, tokens):
    roles = vendor_me(client, tokens["access_token"]).json_body["roles"]
    assert [role["role"] for role in roles] == ["social_worker"]


def test_vendor_me_localizes_role_names(client, tokens):
    roles = vendor_me(client, tokens["access_token"], language="fr").json_body["roles"]
    assert roles[0]["name"] == "CPAS REMI Assistant social"


def test_vendor_me_shows_a_role_added_later(client, world, tokens):
    seed.assignment(ENTERPRISE, world.staff, "dpo")
    roles = vendor_me(client, tokens["access_token"]).json_body["roles"]
    assert [role["role"] for role in roles] == ["social_worker", "dpo"]


def test_vendor_me_leaves_out_pending_roles(client, world, tokens):
    seed.assignment(ENTERPRISE, world.staff, "dpo", status="pending_approval")
    roles = vendor_me(client, tokens["access_token"]).json_body["roles"]
    assert [role["role"] for role in roles] == ["social_worker"]


def test_vendor_me_names_link_and_vendor(client, world, tokens):
    body = vendor_me(client, tokens["access_token"]).json_body
    assert body["link_id"] == link_id_of(tokens)
    assert body["client_id"] == world.client_id
    assert body["vendor_name"] == "CIPAL Schaubroeck"


def test_vendor_me_budget_is_two_dynamodb_requests(client, tokens, dynamodb_calls):
    dynamodb_calls.reset()
    vendor_me(client, tokens["access_token"])
    assert dict(dynamodb_calls.operations) == {"BatchGetItem": 2}


# --- when the link stops working ---------------------------------------------------------


def test_vendor_me_without_token_is_401(client, tokens):
    response = client.http.get("/v1/vendor/me")
    assert response.status_code == 401
    assert problem_code(response) == "token_missing"


def test_vendor_me_without_token_sends_bearer_challenge(client, tokens):
    response = client.http.get("/v1/vendor/me")
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="remi"'


def test_vendor_me_with_expired_access_token_is_401(client, tokens):
    clock.set_now(NOW + timedelta(seconds=600))
    response = vendor_me(client, tokens["access_token"])
    assert response.status_code == 401
    assert problem_code(response) == "access_token_expired"


def test_vendor_me_refusal_sends_invalid_token_challenge(client, tokens):
    clock.set_now(NOW + timedelta(seconds=600))
    response = vendor_me(client, tokens["access_token"])
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="remi", error="invalid_token"'


def test_vendor_me_with_tampered_token_is_401(client, tokens):
    header, payload, signature = tokens["access_token"].split(".")
    response = vendor_me(client, f"{header}.{payload}.{signature[:-4]}AAAA")
    assert response.status_code == 401
    assert problem_code(response) == "access_token_invalid"


def test_vendor_me_with_refresh_token_is_401(client, tokens):
    response = vendor_me(client, tokens["refresh_token"])
    assert response.status_code == 401
    assert problem_code(response) == "access_token_invalid"


def test_vendor_me_after_person_revoked_link_is_401(client, fas, world, tokens):
    client.http.delete(f"/v1/me/app-links/{link_id_of(tokens)}", headers=fas.headers(world.staff))
    response = vendor_me(client, tokens["access_token"])
    assert response.status_code == 401
    assert problem_code(response) == "app_link_inactive"


def test_vendor_me_after_link_expired_is_401(client, tokens):
    link = AppLink.get(*app_link_key(link_id_of(tokens)))
    link.update(actions=[AppLink.expires_at.set(NOW)])
    response = vendor_me(client, tokens["access_token"])
    assert response.status_code == 401
    assert problem_code(response) == "app_link_inactive"


def test_vendor_me_after_vendor_disabled_is_401(client, world, tokens):
    vendors.disable_vendor(world.client_id)
    response = vendor_me(client, tokens["access_token"])
    assert response.status_code == 401
    assert problem_code(response) == "vendor_client_disabled"


def test_vendor_me_after_role_stopped_is_403(client, world, tokens):
    assignment = RoleAssignment.get(*assignment_key(world.staff.ssin, ENTERPRISE, "social_worker"))
    assignment.update(actions=[RoleAssignment.status.set("stopped")])
    response = vendor_me(client, tokens["access_token"])
    assert response.status_code == 403
    assert problem_code(response) == "linked_person_no_active_role"


def test_vendor_me_after_role_validity_ended_is_403(client, world, tokens):
    assignment = RoleAssignment.get(*assignment_key(world.staff.ssin, ENTERPRISE, "social_worker"))
    assignment.update(actions=[RoleAssignment.valid_until.set(date(2026, 3, 14))])
    response = vendor_me(client, tokens["access_token"])
    assert response.status_code == 403
    assert problem_code(response) == "linked_person_no_active_role"


def test_vendor_me_role_refusal_sends_invalid_token_challenge(client, world, tokens):
    assignment = RoleAssignment.get(*assignment_key(world.staff.ssin, ENTERPRISE, "social_worker"))
    assignment.update(actions=[RoleAssignment.status.set("stopped")])
    response = vendor_me(client, tokens["access_token"])
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="remi", error="invalid_token"'


def test_vendor_me_after_contract_ended_is_403(client, tokens):
    organisation = Organisation.get(*organisation_key(ENTERPRISE))
    organisation.update(actions=[Organisation.contract_ends_on.set(date(2026, 3, 14))])
    response = vendor_me(client, tokens["access_token"])
    assert response.status_code == 403
    assert problem_code(response) == "linked_contract_not_active"


def test_vendor_me_refusal_is_problem_json(client, tokens):
    clock.set_now(NOW + timedelta(seconds=600))
    response = vendor_me(client, tokens["access_token"])
    assert response.headers["Content-Type"] == "application/problem+json"


# --- token kinds are not interchangeable --------------------------------------------------


def test_fas_id_token_is_refused_by_vendor_me(client, fas, world, tokens):
    response = vendor_me(client, fas.token(world.staff))
    assert response.status_code == 401
    assert problem_code(response) == "access_token_invalid"


def test_vendor_me_rejects_rs256_token(client, fas, world, tokens):
    # Signed by the FAS key, but dressed as a REMI access token: header typ at+jwt, REMI claims.
    claims = jwt.decode(tokens["access_token"], options={"verify_signature": False})
    provider = fas.provider
    token = jwt.encode(claims, provider._private_key, algorithm="RS256",
                       headers={"kid": provider.kid, "typ": "at+jwt"})
    response = vendor_me(client, token)
    assert response.status_code == 401
    assert problem_code(response) == "access_token_invalid"


def test_remi_access_token_is_refused_by_fas_routes(client, tokens):
    response = client.http.get("/v1/me/app-links", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert response.status_code == 401
    assert problem_code(response) == "token_algorithm_not_allowed"


def test_remi_access_token_cannot_create_activation_codes(client, tokens):
    response = client.http.post(
        "/v1/me/activation-codes",
        headers={"Authorization": f"Bearer {tokens['access_token']}", "Content-Type": "application/json"},
        body=json.dumps({"enterprise_number": ENTERPRISE}),
    )
    assert response.status_code == 401


# --- the public keys ---------------------------------------------------------------------


def test_jwks_returns_one_ec_p256_key(client):
    keys = client.http.get("/.well-known/jwks.json").json_body["keys"]
    assert [(key["kty"], key["crv"], key["alg"], key["use"]) for key in keys] == [("EC", "P-256", "ES256", "sig")]


def test_jwks_is_publicly_cacheable_for_five_minutes(client):
    response = client.http.get("/.well-known/jwks.json")
    assert response.headers["Cache-Control"] == "public, max-age=300"


def test_jwks_kid_matches_token_kid(client, tokens):
    key = client.http.get("/.well-known/jwks.json").json_body["keys"][0]
    assert jwt.get_unverified_header(tokens["access_token"])["kid"] == key["kid"]


def test_jwks_needs_no_authentication(client):
    assert client.http.get("/.well-known/jwks.json").status_code == 200
