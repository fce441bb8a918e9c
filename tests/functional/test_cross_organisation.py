"""A right at organisation A grants nothing at organisation B, on every organisation-scoped route.

Each caller below has a right at A only (main access manager, social_security access
manager, DPO). Every route under /v1/organisations/{B} must refuse them with problem+json:
403 `no_right_on_organisation`, or for the legal representative's route 403
`not_legal_representative`. With ids that do not exist, a 404 whose code ends in
`not_found` is accepted as well. Ids of B's real items are used first, so a route that
looks an item up before it checks the caller's right is caught too.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from chalicelib import clock
from chalicelib.identity.secrets import hash_secret, new_id, new_secret
from chalicelib.store.models import (
    AccessManager,
    AppLink,
    AuditEvent,
    Invitation,
    Organisation,
    RemiItem,
    RoleAssignment,
    app_link_key,
    assignment_key,
    audit_pk,
    invitation_key,
    manager_key,
    organisation_key,
)
from tests.support import seed
from tests.support.people import new_person

A = seed.DEMO_ENTERPRISE
B = "0876211391"
PROBLEM = "application/problem+json"
UNKNOWN_ID = "f" * 32


def invitation_at(enterprise_number, creator):
    invitation_id = new_id()
    moment = clock.now()
    expires_on = clock.today_in_brussels() + timedelta(days=30)
    item = Invitation(
        *invitation_key(invitation_id),
        invitation_id=invitation_id, enterprise_number=enterprise_number, organisation_name="OCMW Mol",
        roles=["social_worker"], valid_from=date(2026, 1, 1), valid_until=None, invitees=None, message=None,
        expires_on=expires_on, expires_at=clock.end_of_day(expires_on), max_uses=None, use_count=0,
        requires_approval=True, saved=True, name="Nieuwe medewerkers", description=None,
        secret_hash=hash_secret(new_secret()), status="active", created_by_ssin=creator.ssin,
        created_at=moment, updated_at=moment,
        org_pk=enterprise_number, org_sk=f"INVITATION#{moment:%Y%m%dT%H%M%S}#{invitation_id}",
    )
    item.save()
    return item


def app_link_at(enterprise_number, person):
    link_id = new_id()
    moment = clock.now()
    item = AppLink(
        *app_link_key(link_id),
        link_id=link_id, enterprise_number=enterprise_number, ssin=person.ssin, client_id="cevi-test",
        vendor_name="CEVI", status="active", created_at=moment, expires_at=moment + timedelta(days=90),
        refresh_token_hash=hash_secret(new_secret()),
        org_pk=enterprise_number, org_sk=f"APP_LINK#{link_id}",
        person_pk=f"PERSON#{person.ssin}", person_sk=f"APP_LINK#{link_id}",
    )
    item.save()
    return item


class World:
    """Organisations A and B; B has a manager, a pending assignment, an invitation and an app link."""

    def __init__(self) -> None:
        self.a_main = new_person("Anna", "Aerts")
        self.a_social = new_person("Sofie", "Smets")
        self.a_dpo = new_person("Dirk", "De Smet")
        seed.organisation(A, self.a_main, name="OCMW Geel")
        seed.manager(A, self.a_social, "social_security")
        seed.assignment(A, self.a_dpo, "dpo")

        self.b_main = new_person("Bert", "Bogaerts")
        self.b_representative = new_person("Lut", "Lemmens")
        seed.register_enterprise(B, "OCMW Mol", [self.b_representative])
        seed.register_enterprise(A, "OCMW Geel", [self.a_main])
        seed.organisation(B, self.b_main, name="OCMW Mol")
        self.b_manager = seed.manager(B, new_person("Mia", "Mertens"), "social_security")
        self.b_applicant = new_person("Pieter", "Pauwels")
        self.b_assignment = seed.assignment(B, self.b_applicant, "social_worker", status="pending_approval")
        self.b_invitation = invitation_at(B, self.b_main)
        self.b_worker = new_person("Wout", "Willems")
        seed.assignment(B, self.b_worker, "social_worker")
        self.b_link = app_link_at(B, self.b_worker)

    def callers(self):
        return {"main_access_manager": self.a_main, "social_security_manager": self.a_social, "dpo": self.a_dpo}

    def ids(self, known: bool) -> dict[str, str]:
        if not known:
            return {"manager_id": UNKNOWN_ID, "invitation_id": UNKNOWN_ID, "assignment_id": UNKNOWN_ID,
                    "link_id": UNKNOWN_ID}
        return {"manager_id": self.b_manager.manager_id, "invitation_id": self.b_invitation.invitation_id,
                "assignment_id": self.b_assignment.assignment_id, "link_id": self.b_link.link_id}


NEW_PERSON_SSIN = "85073003328"

# (method, path under /v1/organisations/{n}, body, expected 403 code)
ROUTES = [
    ("GET", "", None, "no_right_on_organisation"),
    ("PUT", "/main-access-manager", {"main_access_manager": "self"}, "not_legal_representative"),
    ("GET", "/access-managers", None, "no_right_on_organisation"),
    ("POST", "/access-managers",
     {"ssin": NEW_PERSON_SSIN, "email": "x@ocmw.example", "language": "nl", "level": "co_main"},
     "no_right_on_organisation"),
    ("DELETE", "/access-managers/{manager_id}", None, "no_right_on_organisation"),
    ("GET", "/invitations", None, "no_right_on_organisation"),
    ("POST", "/invitations",
     {"roles": ["social_worker"], "valid_from": "2026-01-01", "valid_until": None, "expires_on": "2026-12-31"},
     "no_right_on_organisation"),
    ("GET", "/invitations/{invitation_id}", None, "no_right_on_organisation"),
    ("DELETE", "/invitations/{invitation_id}", None, "no_right_on_organisation"),
    ("POST", "/invitations/{invitation_id}/reissue", {}, "no_right_on_organisation"),
    ("GET", "/assignments", None, "no_right_on_organisation"),
    ("GET", "/assignments?format=csv", None, "no_right_on_organisation"),
    ("POST", "/assignments/{assignment_id}/approve", {}, "no_right_on_organisation"),
    ("POST", "/assignments/{assignment_id}/reject", {"reason": "Onbekende persoon"}, "no_right_on_organisation"),
    ("PATCH", "/assignments/{assignment_id}", {"valid_until": "2026-12-31"}, "no_right_on_organisation"),
    ("DELETE", "/assignments/{assignment_id}", None, "no_right_on_organisation"),
    ("GET", "/audit-events", None, "no_right_on_organisation"),
    ("GET", "/app-links", None, "no_right_on_organisation"),
    ("DELETE", "/app-links/{link_id}", None, "no_right_on_organisation"),
]
ROUTE_IDS = [f"{method} {path or '/'}" for method, path, _, _ in ROUTES]
CALLERS = ["main_access_manager", "social_security_manager", "dpo"]


@pytest.fixture
def world(client):
    return World()


def call(client, fas, person, method, path, body, ids, enterprise_number=B, accept=None):
    url = f"/v1/organisations/{enterprise_number}" + path.format(**ids)
    headers = fas.headers(person)
    if accept:
        headers["Accept"] = accept
    payload = json.dumps(body) if body is not None else None
    return client.http.request(method, url, headers=headers, body=payload)


def describe(response) -> str:
    return f"{response.status_code} {response.headers.get('Content-Type')} {response.body[:300]!r}"


@pytest.mark.parametrize("caller_kind", CALLERS)
@pytest.mark.parametrize("method, path, body, code", ROUTES, ids=ROUTE_IDS)
def test_right_at_a_is_refused_at_b(client, fas, world, caller_kind, method, path, body, code):
    response = call(client, fas, world.callers()[caller_kind], method, path, body, world.ids(known=True))
    assert response.headers.get("Content-Type") == PROBLEM, describe(response)
    assert (response.status_code, response.json_body.get("code")) == (403, code), describe(response)


@pytest.mark.parametrize("method, path, body, code", [route for route in ROUTES if "{" in route[1]],
                         ids=[name for name, route in zip(ROUTE_IDS, ROUTES) if "{" in route[1]])
def test_unknown_id_at_b_is_refused(client, fas, world, method, path, body, code):
    response = call(client, fas, world.a_main, method, path, body, world.ids(known=False))
    assert response.headers.get("Content-Type") == PROBLEM, describe(response)
    status, problem_code = response.status_code, response.json_body.get("code", "")
    assert (status == 403 and problem_code == code) or (status == 404 and problem_code.endswith("not_found")), \
        describe(response)


def test_csv_export_at_b_is_refused(client, fas, world):
    response = call(client, fas, world.a_main, "GET", "/assignments", None, world.ids(known=True), accept="text/csv")
    assert (response.status_code, response.headers.get("Content-Type")) == (403, PROBLEM), describe(response)


def test_ids_of_b_are_refused_on_a(client, fas, world):
    """A's own manager may not reach B's items through A's path either."""
    ids = world.ids(known=True)
    accepted = []
    for method, path, body, _ in ROUTES:
        if "{" not in path:
            continue
        response = call(client, fas, world.a_main, method, path, body, ids, enterprise_number=A)
        if response.status_code not in (403, 404) or response.headers.get("Content-Type") != PROBLEM:
            accepted.append(f"{method} {path}: {describe(response)}")
    assert accepted == []


def test_b_is_unchanged_after_every_route(client, fas, world):
    for person in world.callers().values():
        for method, path, body, _ in ROUTES:
            call(client, fas, person, method, path, body, world.ids(known=True))

    organisation = Organisation.get(*organisation_key(B), consistent_read=True)
    manager = AccessManager.get(*manager_key(world.b_manager.ssin, B, "social_security"), consistent_read=True)
    assignment = RoleAssignment.get(*assignment_key(world.b_applicant.ssin, B, "social_worker"), consistent_read=True)
    invitation = Invitation.get(*invitation_key(world.b_invitation.invitation_id), consistent_read=True)
    link = AppLink.get(*app_link_key(world.b_link.link_id), consistent_read=True)
    events = [item for item in RemiItem.query(audit_pk(B), RemiItem.sk.startswith("AUDIT#"), consistent_read=True)
              if isinstance(item, AuditEvent)]
    state = {
        "main_access_manager": organisation.main_access_manager_ssin == world.b_main.ssin,
        "manager_id": manager.manager_id == world.b_manager.manager_id,
        "assignment": assignment.status,
        "invitation": (invitation.status, invitation.secret_hash == world.b_invitation.secret_hash),
        "app_link": link.status,
        "audit_events": len(events),
    }
    assert state == {
        "main_access_manager": True,
        "manager_id": True,
        "assignment": "pending_approval",
        "invitation": ("active", True),
        "app_link": "active",
        "audit_events": 0,
    }


def test_manager_of_b_is_allowed_as_control(client, fas, world):
    """The same calls succeed for B's own main access manager, so the refusals above are about the organisation."""
    response = call(client, fas, world.b_main, "GET", "/access-managers", None, world.ids(known=True))
    assert response.status_code == 200
