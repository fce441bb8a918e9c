"""Previewing and accepting invitation links (guide step 4), over HTTP and at the service."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from chalicelib import clock
from chalicelib.errors import Gone
from chalicelib.services import invitations
from chalicelib.services.permissions import Caller
from chalicelib.store.models import (
    AuditEvent,
    Invitation,
    InvitationAcceptance,
    RemiItem,
    RoleAssignment,
    acceptance_key,
    assignment_key,
    audit_pk,
    invitation_key,
    person_pk,
)
from tests.support import seed
from tests.support.people import new_person

ENTERPRISE = seed.DEMO_ENTERPRISE
NOW = seed.utc(2026, 3, 20, 10)


@pytest.fixture(autouse=True)
def frozen_clock(aws):
    clock.set_now(NOW)


@pytest.fixture
def boss():
    person = new_person("Els", "Maes")
    seed.organisation(ENTERPRISE, person)
    return person


def create(client, fas, manager, **fields):
    body = {"roles": ["social_worker"], **fields}
    response = client.http.post(f"/v1/organisations/{ENTERPRISE}/invitations", headers=fas.headers(manager),
                                body=json.dumps(body))
    assert response.status_code == 201, response.body
    return json.loads(response.body)


def named(*people):
    return [{"surname": p.surname, "given_name": p.given_name, "email": p.email, "ssin": p.ssin} for p in people]


def accept(client, fas, person, token, email=None, language=None):
    body = {"token": token, "email": email or person.email}
    return client.http.post("/v1/invitations/accept", headers=fas.headers(person, language=language),
                            body=json.dumps(body))


def preview(client, fas, person, token, language=None):
    return client.http.post("/v1/invitations/preview", headers=fas.headers(person, language=language),
                            body=json.dumps({"token": token}))


def body_of(response):
    return json.loads(response.body)


def code_of(response):
    return json.loads(response.body).get("code")


def assignment_of(person, role="social_worker"):
    return RoleAssignment.get(*assignment_key(person.ssin, ENTERPRISE, role), consistent_read=True)


def holds_role(person, role="social_worker"):
    pk, sk = assignment_key(person.ssin, ENTERPRISE, role)
    return RemiItem.count(pk, RemiItem.sk == sk, consistent_read=True) > 0


def invitation_item(invitation_id):
    return Invitation.get(*invitation_key(invitation_id), consistent_read=True)


def caller_for(person):
    return Caller(ssin=person.ssin, given_name=person.given_name, surname=person.surname,
                  email=person.email, language="nl")


# Preview


def test_preview_shows_what_the_invitation_offers(client, fas, boss):
    created = create(client, fas, boss, roles=["social_worker", "dpo"], valid_until="2026-12-31",
                     message="Welkom", expires_on="2026-04-03")

    document = body_of(preview(client, fas, new_person(), created["token"], language="fr"))

    assert document["organisation"] == {"enterprise_number": ENTERPRISE, "enterprise_number_display": "0409.667.028",
                                        "name": "OCMW Geel"}
    assert document["roles"] == [{"role": "social_worker", "name": "CPAS REMI Assistant social"},
                                 {"role": "dpo", "name": "CPAS REMI DPO"}]
    assert document["valid_from"] == "2026-03-20"
    assert document["valid_until"] == "2026-12-31"
    assert document["message"] == "Welkom"
    assert document["expires_on"] == "2026-04-03"
    assert document["requires_approval"] is True


def test_preview_never_shows_invitee_list(client, fas, boss):
    worker, colleague = new_person("Jan", "Smet"), new_person("Lies", "Wouters")
    created = create(client, fas, boss, invitees=named(worker, colleague))

    response = preview(client, fas, worker, created["token"])

    assert "invitees" not in body_of(response)
    assert colleague.email not in response.body.decode()
    assert colleague.ssin not in response.body.decode()


def test_preview_tells_named_person_it_is_for_them(client, fas, boss):
    worker = new_person("Jan", "Smet")
    created = create(client, fas, boss, invitees=[dict(named(worker)[0], email="jan@werk.example")])

    document = body_of(preview(client, fas, worker, created["token"]))

    assert document["addressed_to_you"] is True
    assert document["suggested_email"] == "jan@werk.example"


def test_preview_takes_a_pasted_link(client, fas, boss):
    created = create(client, fas, boss)

    response = preview(client, fas, new_person(), created["link"])

    assert response.status_code == 200


def test_preview_uses_one_request(client, fas, boss, dynamodb_calls):
    created = create(client, fas, boss)

    dynamodb_calls.reset()
    response = preview(client, fas, new_person(), created["token"])

    assert response.status_code == 200
    assert dynamodb_calls.total == 1


def test_preview_does_not_use_the_link(client, fas, boss):
    created = create(client, fas, boss, max_uses=1)

    preview(client, fas, new_person(), created["token"])

    assert invitation_item(created["invitation_id"]).use_count == 0


@pytest.mark.parametrize("token", ["", None])
def test_preview_without_token_returns_400(client, fas, boss, token):
    response = client.http.post("/v1/invitations/preview", headers=fas.headers(new_person()),
                                body=json.dumps({"token": token}))

    assert response.status_code == 400
    assert code_of(response) == "field_missing"


def test_preview_with_wrong_secret_returns_404(client, fas, boss):
    created = create(client, fas, boss)

    response = preview(client, fas, new_person(), created["invitation_id"] + ".wrong-secret")

    assert response.status_code == 404
    assert code_of(response) == "invitation_not_found"


@pytest.mark.parametrize("token", ["no-dot-here", "0123.", "XYZ.secret", "a" * 32 + ".secret"])
def test_preview_with_unknown_or_malformed_token_returns_404(client, fas, boss, token):
    response = preview(client, fas, new_person(), token)

    assert response.status_code == 404
    assert code_of(response) == "invitation_not_found"


def test_preview_for_other_person_returns_403(client, fas, boss):
    created = create(client, fas, boss, invitees=named(new_person()))

    response = preview(client, fas, new_person(), created["token"])

    assert response.status_code == 403
    assert code_of(response) == "invitation_for_other_person"


def test_preview_of_expired_link_returns_410(client, fas, boss):
    created = create(client, fas, boss, expires_on="2026-03-21")
    clock.set_now(seed.utc(2026, 3, 21, 23))

    response = preview(client, fas, new_person(), created["token"])

    assert response.status_code == 410
    assert code_of(response) == "invitation_expired"


# Accepting


def test_accept_creates_pending_assignment_per_role(client, fas, boss):
    worker = new_person("Jan", "Smet")
    created = create(client, fas, boss, roles=["social_worker", "department_head"], valid_until="2026-12-31")

    response = accept(client, fas, worker, created["token"], email="jan@werk.example")
    assignments = body_of(response)["assignments"]

    assert response.status_code == 201
    assert sorted(item["role"] for item in assignments) == ["department_head", "social_worker"]
    assert {item["status"] for item in assignments} == {"pending_approval"}


def test_accept_stores_assignment_fields(client, fas, boss):
    worker = new_person("Jan", "Smet")
    created = create(client, fas, boss, valid_from="2026-04-01", valid_until="2026-12-31")

    accept(client, fas, worker, created["token"], email="jan@werk.example")
    item = assignment_of(worker)

    assert item.status == "pending_approval"
    assert item.valid_from == date(2026, 4, 1)
    assert item.valid_until == date(2026, 12, 31)
    assert item.email == "jan@werk.example"
    assert (item.given_name, item.surname) == ("Jan", "Smet")
    assert item.invitation_id == created["invitation_id"]
    assert item.org_pk == ENTERPRISE
    assert item.org_sk == f"ASSIGNMENT#{item.assignment_id}"
    assert item.pending_since == NOW


def test_accept_pending_sweep_at_deadline(client, fas, boss):
    worker = new_person()
    created = create(client, fas, boss)

    accept(client, fas, worker, created["token"])

    assert assignment_of(worker).sweep_at == NOW + timedelta(days=30)


def test_accept_without_approval_is_active(client, fas, boss):
    worker = new_person()
    created = create(client, fas, boss, invitees=named(worker))

    response = accept(client, fas, worker, created["token"])

    assert body_of(response)["assignments"][0]["status"] == "active"
    assert assignment_of(worker).status == "active"


def test_accept_active_unlimited_is_not_swept(client, fas, boss):
    worker = new_person()
    created = create(client, fas, boss, invitees=named(worker))

    accept(client, fas, worker, created["token"])

    assert assignment_of(worker).sweep_partition is None


def test_accept_active_sweep_at_end_date(client, fas, boss):
    worker = new_person()
    created = create(client, fas, boss, invitees=named(worker), valid_until="2026-06-30")

    accept(client, fas, worker, created["token"])

    assert assignment_of(worker).sweep_at == seed.utc(2026, 6, 30, 22)


def test_accept_writes_acceptance_and_counts_one_use(client, fas, boss):
    worker = new_person()
    created = create(client, fas, boss)

    accept(client, fas, worker, created["token"])
    acceptance = InvitationAcceptance.get(*acceptance_key(created["invitation_id"], worker.ssin), consistent_read=True)

    assert acceptance.assignment_ids == [assignment_of(worker).assignment_id]
    assert invitation_item(created["invitation_id"]).use_count == 1


def test_accept_writes_one_audit_event_per_assignment(client, fas, boss):
    worker = new_person()
    created = create(client, fas, boss, roles=["social_worker", "dpo"])

    accept(client, fas, worker, created["token"])
    events = [event for event in AuditEvent.query(audit_pk(ENTERPRISE), AuditEvent.sk.startswith("AUDIT#"))
              if event.action == "assignment.created"]

    assert len(events) == 2
    assert {event.actor for event in events} == {worker.ssin}
    assert all(event.before is None for event in events)


def test_accept_uses_at_most_three_requests(client, fas, boss, dynamodb_calls):
    worker = new_person()
    created = create(client, fas, boss, roles=["social_worker", "department_head", "dpo"])
    seed.assignment(ENTERPRISE, worker, "dpo")

    dynamodb_calls.reset()
    response = accept(client, fas, worker, created["token"])

    assert response.status_code == 201
    assert dynamodb_calls.total <= 3
    assert dynamodb_calls.operations["TransactWriteItems"] == 1


def test_accept_twice_returns_200_and_changes_nothing(client, fas, boss):
    worker = new_person()
    created = create(client, fas, boss, max_uses=1)
    first = body_of(accept(client, fas, worker, created["token"]))
    before = assignment_of(worker)

    response = accept(client, fas, worker, created["token"], email="other@werk.example")

    assert response.status_code == 200
    assert body_of(response)["already_accepted"] is True
    assert body_of(response)["assignments"][0]["assignment_id"] == first["assignments"][0]["assignment_id"]
    assert assignment_of(worker).updated_at == before.updated_at
    assert invitation_item(created["invitation_id"]).use_count == 1


def test_preview_after_acceptance_says_already_accepted(client, fas, boss):
    worker = new_person()
    created = create(client, fas, boss, max_uses=1)
    accept(client, fas, worker, created["token"])

    document = body_of(preview(client, fas, worker, created["token"]))

    assert document["already_accepted"] is True


@pytest.mark.parametrize("email, code", [(None, "field_missing"), ("", "field_missing"),
                                         ("jan at werk", "email_invalid"), (42, "field_invalid")])
def test_accept_rejects_missing_or_invalid_email(client, fas, boss, email, code):
    created = create(client, fas, boss)

    response = client.http.post("/v1/invitations/accept", headers=fas.headers(new_person()),
                                body=json.dumps({"token": created["token"], "email": email}))

    assert response.status_code == 400
    assert code_of(response) == code


def test_accept_with_wrong_secret_returns_404(client, fas, boss):
    created = create(client, fas, boss)

    response = accept(client, fas, new_person(), created["invitation_id"] + ".guessed")

    assert response.status_code == 404
    assert code_of(response) == "invitation_not_found"
    assert invitation_item(created["invitation_id"]).use_count == 0


def test_accept_of_used_up_link_returns_410(client, fas, boss):
    created = create(client, fas, boss, max_uses=1)
    accept(client, fas, new_person(), created["token"])

    response = accept(client, fas, new_person(), created["token"])

    assert response.status_code == 410
    assert code_of(response) == "invitation_used_up"


def test_accept_of_revoked_link_returns_410(client, fas, boss):
    created = create(client, fas, boss)
    client.http.delete(f"/v1/organisations/{ENTERPRISE}/invitations/{created['invitation_id']}",
                       headers=fas.headers(boss))

    response = accept(client, fas, new_person(), created["token"])

    assert response.status_code == 410
    assert code_of(response) == "invitation_revoked"


def test_accept_on_last_second_of_expiry_day_succeeds(client, fas, boss):
    created = create(client, fas, boss, expires_on="2026-03-25")
    clock.set_now(seed.utc(2026, 3, 25, 22, 59, 59))  # 23:59:59 in Brussels

    response = accept(client, fas, new_person(), created["token"])

    assert response.status_code == 201


def test_accept_after_expiry_returns_410(client, fas, boss):
    created = create(client, fas, boss, expires_on="2026-03-25")
    clock.set_now(seed.utc(2026, 3, 25, 23))  # midnight in Brussels

    response = accept(client, fas, new_person(), created["token"])

    assert response.status_code == 410
    assert code_of(response) == "invitation_expired"
    assert invitation_item(created["invitation_id"]).status == "active"


def test_accept_after_roles_validity_ended_returns_410(client, fas, boss):
    created = create(client, fas, boss, valid_until="2026-03-22", expires_on="2026-04-30")
    clock.set_now(seed.utc(2026, 3, 23, 9))

    response = accept(client, fas, new_person(), created["token"])

    assert response.status_code == 410
    assert code_of(response) == "invitation_validity_over"


# Invitations that name SSINs


def test_named_invitation_refuses_other_person(client, fas, boss):
    created = create(client, fas, boss, invitees=named(new_person()))

    response = accept(client, fas, new_person(), created["token"])

    assert response.status_code == 403
    assert code_of(response) == "invitation_for_other_person"


def test_refusal_leaves_named_invitation_usable(client, fas, boss):
    worker = new_person()
    created = create(client, fas, boss, invitees=named(worker))
    accept(client, fas, new_person(), created["token"])

    response = accept(client, fas, worker, created["token"])

    assert response.status_code == 201
    assert invitation_item(created["invitation_id"]).use_count == 1


def test_named_invitation_accepted_by_each_named_person(client, fas, boss):
    first, second = new_person(), new_person()
    created = create(client, fas, boss, invitees=named(first, second))

    responses = [accept(client, fas, person, created["token"]).status_code for person in (first, second)]

    assert responses == [201, 201]
    assert invitation_item(created["invitation_id"]).use_count == 2


def test_named_used_up_refuses_other_person(client, fas, boss):
    worker = new_person()
    created = create(client, fas, boss, invitees=named(worker))
    accept(client, fas, worker, created["token"])

    response = accept(client, fas, new_person(), created["token"])

    assert response.status_code == 403
    assert code_of(response) == "invitation_for_other_person"


# A role the person already has


def test_accept_replaces_existing_role_instead_of_duplicating(client, fas, boss):
    worker = new_person()
    existing = seed.assignment(ENTERPRISE, worker, "social_worker", valid_until=date(2026, 3, 31))
    created = create(client, fas, boss, invitees=named(worker), valid_until="2027-03-31")

    accept(client, fas, worker, created["token"])
    roles = [item for item in RemiItem.query(person_pk(worker.ssin), consistent_read=True)
             if isinstance(item, RoleAssignment)]

    assert len(roles) == 1
    assert roles[0].assignment_id == existing.assignment_id
    assert roles[0].valid_until == date(2027, 3, 31)
    assert roles[0].created_at == existing.created_at


def test_accept_replacement_audit_event(client, fas, boss):
    worker = new_person()
    existing = seed.assignment(ENTERPRISE, worker, "social_worker", valid_until=date(2026, 3, 31))
    created = create(client, fas, boss, invitees=named(worker), valid_until="2027-03-31")

    accept(client, fas, worker, created["token"])
    events = [event for event in AuditEvent.query(audit_pk(ENTERPRISE), AuditEvent.sk.startswith("AUDIT#"))
              if event.action == "assignment.replaced"]

    assert len(events) == 1
    assert events[0].target_id == existing.assignment_id
    assert events[0].before["valid_until"] == "2026-03-31"
    assert events[0].after["valid_until"] == "2027-03-31"


def test_accept_of_reissued_link_counts_as_new_acceptance(client, fas, boss):
    worker = new_person()
    created = create(client, fas, boss, save={"name": "Assistenten", "description": "Voor de dienst"})
    accept(client, fas, worker, created["token"])
    clock.set_now(NOW + timedelta(days=1))
    reissued = json.loads(client.http.post(
        f"/v1/organisations/{ENTERPRISE}/invitations/{created['invitation_id']}/reissue",
        headers=fas.headers(boss), body="{}").body)

    response = accept(client, fas, worker, reissued["token"])

    assert response.status_code == 201
    assert body_of(response)["already_accepted"] is False


# Concurrent accepts: both callers read before either writes


def interleave(monkeypatch, first_action):
    """Run `first_action` right after the next accept has read the invitation, before it writes."""
    done = []
    original = invitations.load_standing

    def read_then_let_other_accept_win(ssin, enterprise_number):
        if not done:
            done.append(True)
            first_action()
        return original(ssin, enterprise_number)

    monkeypatch.setattr(invitations, "load_standing", read_then_let_other_accept_win)


def test_concurrent_single_use_accepts_once(client, fas, boss, monkeypatch):
    created = create(client, fas, boss, max_uses=1)
    winner, loser = new_person(), new_person()
    outcomes = []
    interleave(monkeypatch, lambda: outcomes.append(
        invitations.accept_invitation(caller_for(winner), created["token"], winner.email)))

    with pytest.raises(Gone) as refusal:
        invitations.accept_invitation(caller_for(loser), created["token"], loser.email)

    assert refusal.value.code == "invitation_used_up"
    assert len(outcomes) == 1
    assert invitation_item(created["invitation_id"]).use_count == 1
    assert not holds_role(loser)


def test_concurrent_accept_after_revoke_returns_revoked(client, fas, boss, monkeypatch):
    created = create(client, fas, boss)
    worker = new_person()
    interleave(monkeypatch, lambda: client.http.delete(
        f"/v1/organisations/{ENTERPRISE}/invitations/{created['invitation_id']}", headers=fas.headers(boss)))

    with pytest.raises(Gone) as refusal:
        invitations.accept_invitation(caller_for(worker), created["token"], worker.email)

    assert refusal.value.code == "invitation_revoked"
    assert not holds_role(worker)


def test_concurrent_double_accept_by_same_person_is_harmless(client, fas, boss, monkeypatch):
    created = create(client, fas, boss, max_uses=1)
    worker = new_person()
    interleave(monkeypatch, lambda: invitations.accept_invitation(caller_for(worker), created["token"], worker.email))

    result = invitations.accept_invitation(caller_for(worker), created["token"], worker.email)

    assert result.already_accepted is True
    assert len(result.assignments) == 1
    assert invitation_item(created["invitation_id"]).use_count == 1


# Brussels calendar dates across daylight-saving changes


def test_valid_until_spring_dst_day(client, fas, boss):
    worker = new_person()
    created = create(client, fas, boss, invitees=named(worker), valid_until="2026-03-29")

    accept(client, fas, worker, created["token"])

    assert assignment_of(worker).sweep_at == seed.utc(2026, 3, 29, 22)  # UTC+2 after the change


def test_valid_until_autumn_dst_day(client, fas, boss):
    worker = new_person()
    created = create(client, fas, boss, invitees=named(worker), valid_until="2026-10-25")

    accept(client, fas, worker, created["token"])

    assert assignment_of(worker).sweep_at == seed.utc(2026, 10, 25, 23)  # UTC+1 after the change


def test_listing_across_autumn_dst_midnight(client, fas, boss):
    worker = new_person()
    created = create(client, fas, boss, invitees=named(worker), valid_until="2026-10-25")
    accept(client, fas, worker, created["token"])
    listing = f"/v1/organisations/{ENTERPRISE}/assignments"

    clock.set_now(seed.utc(2026, 10, 25, 22, 59, 59))
    last_second = json.loads(client.http.get(listing, headers=fas.headers(boss)).body)["items"][0]["status"]
    clock.set_now(seed.utc(2026, 10, 25, 23))
    midnight = json.loads(client.http.get(listing, headers=fas.headers(boss)).body)["items"][0]["status"]

    assert last_second == "active"
    assert midnight == "expired"


def test_link_expiry_spring_dst_day(client, fas, boss):
    created = create(client, fas, boss, expires_on="2026-03-29")

    clock.set_now(seed.utc(2026, 3, 29, 21, 59, 59))
    before_midnight = preview(client, fas, new_person(), created["token"]).status_code
    clock.set_now(seed.utc(2026, 3, 29, 22))
    at_midnight = preview(client, fas, new_person(), created["token"]).status_code

    assert before_midnight == 200
    assert at_midnight == 410
    assert invitation_item(created["invitation_id"]).expires_at == seed.utc(2026, 3, 29, 22)
