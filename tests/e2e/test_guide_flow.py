"""The guide's whole flow over real HTTP against the local stack, refusals included.

The tests run in file order and share one stack, as one OCMW would live through the steps:
register, appoint, invite, accept, approve, check, sign, activate, link, sweep.
"""

from __future__ import annotations

import base64
import time
from pathlib import Path

import pytest

from devstack.demo import SECOND_ENTERPRISE_NUMBER
from devstack.roster import DEMO_ENTERPRISE_NUMBER, person

pytestmark = pytest.mark.e2e

ORGANISATION = f"/v1/organisations/{DEMO_ENTERPRISE_NUMBER}"
ACTIVATION_CODE_GRANT = "urn:remi:params:oauth:grant-type:activation-code"
PROBLEM = "application/problem+json"


@pytest.fixture(scope="module")
def flow() -> dict:
    """Values later steps need from earlier ones (invitation token, codes, vendor tokens)."""
    return {}


def _vendor_credentials(stack) -> tuple[str, str]:
    client_id = secret = None
    for line in stack.output:
        words = line.split()
        if line.strip().startswith("vendor client secret"):
            secret = words[3]
        elif line.strip().startswith("vendor client "):
            client_id = words[2]
    assert client_id and secret, "the stack did not print the demo vendor's credentials"
    return client_id, secret


def _basic(client_id: str, secret: str) -> dict[str, str]:
    encoded = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {encoded}"}


def test_health_answers(stack):
    response = stack.request("GET", "/v1/health")
    assert response.json() == {"status": "ok"}


def test_person_without_role_has_no_access(stack):
    response = stack.request("GET", "/v1/me/status", token=stack.id_token("outsider"))
    assert response.status == 200
    assert response.json()["access"] == "none"
    assert response.json()["diagnosis"][0]["code"] == "no_organisation"


def test_token_from_another_issuer_is_refused(stack):
    from devstack.identity_provider import DevIdentityProvider

    other = DevIdentityProvider("http://127.0.0.1:9/fas/oauth2", "remi-access-local")
    outsider = person("outsider")
    token = other.mint_id_token(outsider.ssin, outsider.given_name, outsider.surname)
    response = stack.request("GET", "/v1/me/status", token=token)
    assert response.status == 401
    assert response.headers["Content-Type"] == PROBLEM
    assert response.json()["code"] in {"token_issuer_invalid", "token_key_unknown"}


def test_expired_token_is_refused(stack):
    from devstack.identity_provider import DevIdentityProvider
    from devstack.stack import STATE_DIR

    # The stack's own signing key, so that only the expiry is wrong.
    provider = DevIdentityProvider(stack.environment["REMI_FAS_ISSUER"], "remi-access-local",
                                   Path(STATE_DIR) / "identity-provider-key.pem")
    outsider = person("outsider")
    issued = int(time.time()) - 7200
    token = provider.mint_id_token(outsider.ssin, outsider.given_name, outsider.surname, iat=issued, exp=issued + 3600)
    response = stack.request("GET", "/v1/me/status", token=token, headers={"Accept-Language": "fr"})
    assert response.status == 401
    assert response.json()["code"] == "token_expired"
    assert response.headers["Content-Language"] == "fr"


def test_legal_representative_registers_organisation(stack):
    body = {"enterprise_number": "0312.345.641", "email": "directie@voorbeeldstad.example",
            "phone": "+32 9 000 00 00", "main_access_manager": "self", "terms_confirmed": True}
    response = stack.request("POST", "/v1/organisations", token=stack.id_token("legal-representative"), body=body)
    assert response.status == 201
    assert response.json()["enterprise_number"] == SECOND_ENTERPRISE_NUMBER


def test_second_registration_conflicts(stack):
    body = {"enterprise_number": SECOND_ENTERPRISE_NUMBER, "email": "directie@voorbeeldstad.example",
            "phone": "+32 9 000 00 00", "main_access_manager": "self", "terms_confirmed": True}
    response = stack.request("POST", "/v1/organisations", token=stack.id_token("legal-representative"), body=body)
    assert response.status == 409
    assert response.json()["code"] == "organisation_already_registered"


def test_manager_of_other_organisation_is_refused(stack):
    # The legal representative became main access manager of Voorbeeldstad, not of Demodorp.
    response = stack.request("GET", ORGANISATION + "/invitations", token=stack.id_token("legal-representative"))
    assert response.status == 403
    assert response.json()["code"] == "no_right_on_organisation"


def test_other_domain_manager_is_refused(stack):
    response = stack.request("GET", ORGANISATION + "/invitations", token=stack.id_token("ehealth-manager"))
    assert response.status == 403
    assert response.json()["code"] == "social_security_domain_required"


def test_main_access_manager_adds_access_manager(stack):
    body = {"ssin": "01.05.17-012.48", "email": "noor.elamrani@example.org", "language": "en",
            "level": "domain", "domain": "social_security", "given_name": "Noor", "surname": "El Amrani"}
    response = stack.request("POST", ORGANISATION + "/access-managers", token=stack.id_token("main-access-manager"),
                             body=body)
    assert response.status == 201


def test_access_manager_creates_invitation(stack, flow):
    body = {"roles": ["social_worker"], "valid_until": None, "message": "Welkom bij REMI",
            "expires_on": time.strftime("%Y-%m-%d", time.gmtime(time.time() + 14 * 86400))}
    response = stack.request("POST", ORGANISATION + "/invitations", token=stack.id_token("access-manager"), body=body)
    assert response.status == 201
    document = response.json()
    assert document["link"].endswith("#" + document["token"])
    flow["invitation_token"] = document["token"]
    flow["invitation_id"] = document["invitation_id"]


def test_invitation_listing_never_shows_the_link(stack, flow):
    response = stack.request("GET", ORGANISATION + "/invitations", token=stack.id_token("access-manager"))
    assert flow["invitation_token"].split(".")[1] not in response.body.decode()


def test_staff_member_previews_invitation(stack, flow):
    response = stack.request("POST", "/v1/invitations/preview", token=stack.id_token("social-worker"),
                             body={"token": flow["invitation_token"]})
    assert response.status == 200
    assert response.json()["organisation"]["name"] == "OCMW Demodorp"


def test_staff_member_accepts_invitation(stack, flow):
    response = stack.request("POST", "/v1/invitations/accept", token=stack.id_token("social-worker"),
                             body={"token": flow["invitation_token"], "email": "tom.wouters@ocmw-demodorp.example"})
    assert response.status == 201
    assignment = response.json()["assignments"][0]
    assert assignment["status"] == "pending_approval"
    flow["assignment_id"] = assignment["assignment_id"]


def test_status_shows_pending_approval(stack):
    response = stack.request("GET", "/v1/me/status", token=stack.id_token("social-worker"))
    assert response.json()["access"] == "pending_approval"


def test_access_manager_approves_assignment(stack, flow):
    path = f"{ORGANISATION}/assignments/{flow['assignment_id']}/approve"
    response = stack.request("POST", path, token=stack.id_token("access-manager"), body={})
    assert response.status == 200
    assert response.json()["status"] == "active"


def test_status_shows_green_check_before_contract(stack):
    document = stack.request("GET", "/v1/me/status", token=stack.id_token("social-worker")).json()
    assert document["access"] == "granted"
    assert document["can_use_remi_now"] is False
    assert [item["code"] for item in document["organisations"][0]["diagnosis"]] == ["contract_not_signed"]


def test_activation_code_needs_signed_contract(stack):
    response = stack.request("POST", "/v1/me/activation-codes", token=stack.id_token("social-worker"),
                             body={"enterprise_number": DEMO_ENTERPRISE_NUMBER})
    assert response.status == 403
    assert response.json()["code"] == "contract_not_signed"


def test_operator_records_signed_contract(stack):
    completed = stack.remi_admin("contract", "record", DEMO_ENTERPRISE_NUMBER, "--signed-on", "2026-01-01")
    assert "2026-01-01" in completed.stdout


def test_staff_member_creates_activation_code(stack, flow):
    response = stack.request("POST", "/v1/me/activation-codes", token=stack.id_token("social-worker"),
                             body={"enterprise_number": DEMO_ENTERPRISE_NUMBER})
    assert response.status == 201
    flow["activation_code"] = response.json()["code"]


def test_vendor_exchanges_activation_code(stack, flow):
    client_id, secret = _vendor_credentials(stack)
    # Typed in lower case without dashes, as a person copying it might.
    typed = flow["activation_code"].replace("-", "").lower()
    response = stack.request("POST", "/v1/oauth/token", headers=_basic(client_id, secret),
                             form={"grant_type": ACTIVATION_CODE_GRANT, "code": typed})
    assert response.status == 200
    flow["access_token"] = response.json()["access_token"]
    flow["refresh_token"] = response.json()["refresh_token"]


def test_replayed_activation_code_is_refused(stack, flow):
    client_id, secret = _vendor_credentials(stack)
    response = stack.request("POST", "/v1/oauth/token", headers=_basic(client_id, secret),
                             form={"grant_type": ACTIVATION_CODE_GRANT, "code": flow["activation_code"]})
    assert response.status == 400
    assert response.json()["error"] == "invalid_grant"


def test_replay_revoked_the_link_it_produced(stack, flow):
    response = stack.request("GET", "/v1/vendor/me", token=flow["access_token"])
    assert response.status == 401


def test_vendor_me_after_new_link(stack, flow):
    client_id, secret = _vendor_credentials(stack)
    code = stack.request("POST", "/v1/me/activation-codes", token=stack.id_token("social-worker"),
                         body={"enterprise_number": DEMO_ENTERPRISE_NUMBER}).json()["code"]
    tokens = stack.request("POST", "/v1/oauth/token", headers=_basic(client_id, secret),
                           form={"grant_type": ACTIVATION_CODE_GRANT, "code": code}).json()
    flow.update(access_token=tokens["access_token"], refresh_token=tokens["refresh_token"])
    response = stack.request("GET", "/v1/vendor/me", token=tokens["access_token"])
    assert response.status == 200
    assert [role["role"] for role in response.json()["roles"]] == ["social_worker"]


def test_vendor_token_is_not_a_fas_token(stack, flow):
    response = stack.request("GET", "/v1/me/status", token=flow["access_token"])
    assert response.status == 401


def test_fas_token_is_not_a_vendor_token(stack):
    response = stack.request("GET", "/v1/vendor/me", token=stack.id_token("social-worker"))
    assert response.status == 401


def test_vendor_refreshes_tokens(stack, flow):
    client_id, secret = _vendor_credentials(stack)
    response = stack.request("POST", "/v1/oauth/token", headers=_basic(client_id, secret),
                             form={"grant_type": "refresh_token", "refresh_token": flow["refresh_token"]})
    assert response.status == 200
    assert response.json()["refresh_token"] != flow["refresh_token"]


def test_access_manager_stops_role_and_vendor_link_stops(stack, flow):
    path = f"{ORGANISATION}/assignments/{flow['assignment_id']}"
    stopped = stack.request("DELETE", path, token=stack.id_token("access-manager"), body={"reason": "left the OCMW"})
    assert stopped.status in (200, 204)
    response = stack.request("GET", "/v1/vendor/me", token=flow["access_token"])
    assert response.status in (401, 403)


def test_operator_runs_sweep(stack):
    completed = stack.remi_admin("sweep")
    assert completed.returncode == 0


def test_wrong_method_is_problem_json(stack):
    response = stack.request("POST", "/v1/health")
    assert response.status == 405
    assert response.headers["Content-Type"] == PROBLEM


def test_unknown_route_is_localized_problem_json(stack):
    response = stack.request("GET", "/v1/nowhere", token="some-token", headers={"Accept-Language": "de"})
    assert response.status == 404
    assert response.headers["Content-Type"] == PROBLEM
    assert response.json()["code"] == "not_found"
    assert response.headers["Content-Language"] == "de"
    assert b"some-token" not in response.body


def test_preflight_allows_frontend_origin(stack):
    from chalicelib.api import FRONTEND_ORIGIN

    response = stack.request("OPTIONS", "/v1/me/status",
                             headers={"Origin": FRONTEND_ORIGIN, "Access-Control-Request-Method": "GET"})
    assert response.headers["Access-Control-Allow-Origin"] == FRONTEND_ORIGIN
    assert "Authorization" in response.headers["Access-Control-Allow-Headers"]
