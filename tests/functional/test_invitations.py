"""Creating, listing, reading, revoking and reissuing invitations (guide step 3), over HTTP."""

from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta

import pytest

from chalicelib import clock
from chalicelib.identifiers import format_ssin
from chalicelib.store.models import AuditEvent, Invitation, audit_pk, invitation_key
from tests.support import seed
from tests.support.people import new_person

ENTERPRISE = seed.DEMO_ENTERPRISE
OTHER_ENTERPRISE = "0207001265"
NOW = seed.utc(2026, 3, 20, 10)  # 11:00 in Brussels, Friday
TODAY = date(2026, 3, 20)


@pytest.fixture(autouse=True)
def frozen_clock(aws):
    clock.set_now(NOW)


@pytest.fixture
def boss():
    """The main access manager of ENTERPRISE."""
    person = new_person("Els", "Maes")
    seed.organisation(ENTERPRISE, person)
    return person


def path(number=ENTERPRISE, suffix=""):
    return f"/v1/organisations/{number}/invitations{suffix}"


def create(client, fas, manager, number=ENTERPRISE, **fields):
    body = {"roles": ["social_worker"], **fields}
    return client.http.post(path(number), headers=fas.headers(manager), body=json.dumps(body))


def body_of(response):
    return json.loads(response.body)


def code_of(response):
    return json.loads(response.body).get("code")


def stored(invitation_id):
    return Invitation.get(*invitation_key(invitation_id), consistent_read=True)


def audit_events(number=ENTERPRISE):
    return list(AuditEvent.query(audit_pk(number), AuditEvent.sk.startswith("AUDIT#")))


def accept(client, fas, person, token):
    return client.http.post("/v1/invitations/accept", headers=fas.headers(person),
                            body=json.dumps({"token": token, "email": person.email}))


# Creating


def test_create_returns_201_with_link_and_token(client, fas, boss):
    response = create(client, fas, boss)
    document = body_of(response)

    assert response.status_code == 201
    assert document["link"] == f"https://referencebudgets.be/invitation#{document['token']}"
    assert document["token"].startswith(document["invitation_id"] + ".")
    assert response.headers["Location"] == path(suffix=f"/{document['invitation_id']}")


def test_create_stores_only_the_secret_hash(client, fas, boss):
    document = body_of(create(client, fas, boss))
    secret = document["token"].split(".", 1)[1]

    item = stored(document["invitation_id"])

    assert item.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in json.dumps(item.serialize())


def test_create_fills_in_defaults(client, fas, boss):
    document = body_of(create(client, fas, boss))

    assert document["valid_from"] == "2026-03-20"
    assert document["valid_until"] is None
    assert document["expires_on"] == "2027-03-19"
    assert document["max_uses"] is None
    assert document["requires_approval"] is True
    assert document["saved"] is False
    assert document["status"] == "active"


def test_create_defaults_valid_from_to_brussels_date(client, fas, boss):
    clock.set_now(seed.utc(2026, 3, 20, 23, 30))  # 00:30 on 21 March in Brussels

    document = body_of(create(client, fas, boss))

    assert document["valid_from"] == "2026-03-21"


def test_create_named_ssins_defaults(client, fas, boss):
    worker, colleague = new_person("Jan", "Smet"), new_person("Lies", "Wouters")
    invitees = [
        {"surname": worker.surname, "given_name": worker.given_name, "email": worker.email, "ssin": worker.ssin},
        {"surname": colleague.surname, "given_name": colleague.given_name, "email": colleague.email,
         "ssin": format_ssin(colleague.ssin)},
    ]

    document = body_of(create(client, fas, boss, invitees=invitees))

    assert document["max_uses"] == 2
    assert document["requires_approval"] is False
    assert document["invitees"][1]["ssin"] == format_ssin(colleague.ssin)


def test_create_with_invitees_without_ssin_requires_approval(client, fas, boss):
    invitees = [{"surname": "Smet", "given_name": "Jan", "email": "jan.smet@ocmw.example"}]

    document = body_of(create(client, fas, boss, invitees=invitees))

    assert document["requires_approval"] is True
    assert document["max_uses"] is None


def test_create_keeps_explicit_choices(client, fas, boss):
    worker = new_person()
    invitees = [{"surname": "Smet", "given_name": "Jan", "email": "jan@ocmw.example", "ssin": worker.ssin}]

    document = body_of(create(client, fas, boss, invitees=invitees, requires_approval=True, max_uses=None,
                              roles=["dpo", "social_worker"], valid_until="2026-12-31",
                              expires_on="2026-04-03", message="Welkom bij REMI"))

    assert document["requires_approval"] is True
    assert document["max_uses"] is None
    assert [role["role"] for role in document["roles"]] == ["social_worker", "dpo"]
    assert document["valid_until"] == "2026-12-31"
    assert document["expires_on"] == "2026-04-03"
    assert document["expires_at"] == "2026-04-03T22:00:00Z"
    assert document["message"] == "Welkom bij REMI"


def test_create_saved_invitation_keeps_name_and_description(client, fas, boss):
    document = body_of(create(client, fas, boss, save={"name": "Nieuwe assistenten", "description": "Voor de dienst"}))

    assert document["saved"] is True
    assert document["name"] == "Nieuwe assistenten"
    assert stored(document["invitation_id"]).ttl is None


def test_create_unsaved_ttl_after_expiry(client, fas, boss):
    document = body_of(create(client, fas, boss, expires_on="2026-04-03"))

    assert stored(document["invitation_id"]).ttl == clock.end_of_day(date(2026, 4, 3)) + timedelta(days=30)


def test_create_schedules_sweep_at_expiry(client, fas, boss):
    document = body_of(create(client, fas, boss, expires_on="2026-04-03"))

    item = stored(document["invitation_id"])

    assert item.sweep_partition == "due"
    assert item.sweep_at == clock.end_of_day(date(2026, 4, 3))


def test_create_writes_audit_event_without_secret(client, fas, boss):
    document = body_of(create(client, fas, boss))

    events = [event for event in audit_events() if event.action == "invitation.created"]

    assert len(events) == 1
    assert events[0].actor == boss.ssin
    assert events[0].after["invitation_id"] == document["invitation_id"]
    assert "secret_hash" not in events[0].after


def test_create_accepts_expiry_exactly_one_year_ahead(client, fas, boss):
    response = create(client, fas, boss, expires_on="2027-03-20")

    assert response.status_code == 201


@pytest.mark.parametrize("fields, code", [
    ({"roles": []}, "invitation_roles_invalid"),
    ({"roles": ["social_worker", "mayor"]}, "invitation_roles_invalid"),
    ({"roles": "social_worker"}, "invitation_roles_invalid"),
    ({"valid_from": "2026-03-19"}, "valid_from_in_past"),
    ({"valid_from": "2026-04-10", "valid_until": "2026-04-09"}, "valid_until_before_valid_from"),
    ({"valid_from": "20-03-2026"}, "date_invalid"),
    ({"valid_until": "2026-02-30"}, "date_invalid"),
    ({"expires_on": "2026-03-20"}, "expires_on_out_of_range"),
    ({"expires_on": "2027-03-21"}, "expires_on_out_of_range"),
    ({"max_uses": 0}, "max_uses_invalid"),
    ({"max_uses": "3"}, "max_uses_invalid"),
    ({"max_uses": True}, "max_uses_invalid"),
    ({"message": "x" * 2001}, "text_field_too_long"),
    ({"requires_approval": "yes"}, "field_invalid"),
    ({"save": {"name": "Assistenten"}}, "field_missing"),
    ({"save": {"name": "", "description": "Voor de dienst"}}, "field_missing"),
    ({"invitees": [{"surname": "Smet", "given_name": "Jan", "email": "not-an-address"}]}, "email_invalid"),
    ({"invitees": [{"surname": "Smet", "given_name": "Jan"}]}, "field_missing"),
    ({"invitees": [{"surname": "Smet", "given_name": "Jan", "email": "j@o.example", "ssin": "85073003329"}]},
     "ssin_invalid"),
    ({"invitees": "Jan Smet"}, "field_invalid"),
    ({"invitees": [{"surname": "S", "given_name": "J", "email": f"p{i}@o.example"} for i in range(51)]},
     "invitees_too_many"),
])
def test_create_rejects_invalid_request(client, fas, boss, fields, code):
    response = create(client, fas, boss, **fields)

    assert response.status_code == 400
    assert code_of(response) == code


def test_create_rejects_duplicate_invitee_ssin(client, fas, boss):
    worker = new_person()
    entry = {"surname": "Smet", "given_name": "Jan", "email": "jan@ocmw.example", "ssin": worker.ssin}

    response = create(client, fas, boss, invitees=[entry, dict(entry, email="jan2@ocmw.example")])

    assert response.status_code == 400
    assert code_of(response) == "invitee_ssin_duplicate"


def test_create_rejects_invitees_partly_named_by_ssin(client, fas, boss):
    worker = new_person()
    invitees = [
        {"surname": "Smet", "given_name": "Jan", "email": "jan@ocmw.example", "ssin": worker.ssin},
        {"surname": "Peeters", "given_name": "An", "email": "an@ocmw.example"},
    ]

    response = create(client, fas, boss, invitees=invitees)

    assert response.status_code == 400
    assert code_of(response) == "invitees_ssin_mixed"


def test_create_message_is_localized(client, fas, boss):
    response = client.http.post(path(), headers=fas.headers(boss, language="fr"), body=json.dumps({"roles": []}))

    assert "rôle" in body_of(response)["detail"]


def test_create_for_unregistered_organisation_returns_404(client, fas):
    manager = new_person()
    seed.manager(OTHER_ENTERPRISE, manager, "*", level="main")

    response = create(client, fas, manager, number=OTHER_ENTERPRISE)

    assert response.status_code == 404
    assert code_of(response) == "organisation_not_found"


# Who may manage invitations


def test_social_security_access_manager_may_create(client, fas, boss):
    manager = new_person("Tom", "Claes")
    seed.manager(ENTERPRISE, manager, "social_security")

    response = create(client, fas, manager)

    assert response.status_code == 201


def test_access_manager_of_other_domain_is_refused(client, fas, boss):
    manager = new_person("Tom", "Claes")
    seed.manager(ENTERPRISE, manager, "ehealth")

    response = create(client, fas, manager)

    assert response.status_code == 403
    assert code_of(response) == "social_security_domain_required"


def test_manager_of_other_organisation_is_refused(client, fas, boss):
    stranger = new_person("Piet", "Janssens")
    seed.organisation(OTHER_ENTERPRISE, stranger, name="OCMW Mol")

    response = create(client, fas, stranger)

    assert response.status_code == 403
    assert code_of(response) == "no_right_on_organisation"


def test_person_with_role_only_is_refused(client, fas, boss):
    worker = new_person()
    seed.assignment(ENTERPRISE, worker, "dpo")

    response = create(client, fas, worker)

    assert response.status_code == 403
    assert code_of(response) == "access_manager_required"


def test_create_without_token_returns_401(client, boss):
    response = client.http.post(path(), headers={"Content-Type": "application/json"},
                                body=json.dumps({"roles": ["dpo"]}))

    assert response.status_code == 401


def test_list_by_manager_of_other_organisation_is_refused(client, fas, boss):
    stranger = new_person()
    seed.organisation(OTHER_ENTERPRISE, stranger, name="OCMW Mol")

    response = client.http.get(path(), headers=fas.headers(stranger))

    assert response.status_code == 403
    assert code_of(response) == "no_right_on_organisation"


def test_list_by_manager_of_other_domain_is_refused(client, fas, boss):
    manager = new_person()
    seed.manager(ENTERPRISE, manager, "finance")

    response = client.http.get(path(), headers=fas.headers(manager))

    assert response.status_code == 403
    assert code_of(response) == "social_security_domain_required"


# Listing and reading


def test_list_returns_newest_first(client, fas, boss):
    first = body_of(create(client, fas, boss))
    clock.set_now(NOW + timedelta(minutes=5))
    second = body_of(create(client, fas, boss))

    items = body_of(client.http.get(path(), headers=fas.headers(boss)))["items"]

    assert [item["invitation_id"] for item in items] == [second["invitation_id"], first["invitation_id"]]


def test_list_never_shows_secret_or_hash(client, fas, boss):
    created = body_of(create(client, fas, boss))
    secret = created["token"].split(".", 1)[1]

    response = client.http.get(path(), headers=fas.headers(boss))
    text = response.body.decode()

    assert secret not in text
    assert stored(created["invitation_id"]).secret_hash not in text
    assert "token" not in body_of(response)["items"][0]
    assert "link" not in body_of(response)["items"][0]


def test_list_filters_by_status(client, fas, boss):
    kept = body_of(create(client, fas, boss))
    revoked = body_of(create(client, fas, boss))
    client.http.delete(path(suffix=f"/{revoked['invitation_id']}"), headers=fas.headers(boss))

    items = body_of(client.http.get(path() + "?status=revoked", headers=fas.headers(boss)))["items"]

    assert [item["invitation_id"] for item in items] == [revoked["invitation_id"]]
    assert kept["invitation_id"] not in [item["invitation_id"] for item in items]


def test_list_filters_saved_invitations(client, fas, boss):
    create(client, fas, boss)
    saved = body_of(create(client, fas, boss, save={"name": "Assistenten", "description": "Voor de dienst"}))

    items = body_of(client.http.get(path() + "?saved=true", headers=fas.headers(boss)))["items"]

    assert [item["invitation_id"] for item in items] == [saved["invitation_id"]]


def test_list_shows_expired_while_item_still_says_active(client, fas, boss):
    created = body_of(create(client, fas, boss, expires_on="2026-03-21"))
    clock.set_now(clock.end_of_day(date(2026, 3, 21)))

    items = body_of(client.http.get(path() + "?status=expired", headers=fas.headers(boss)))["items"]

    assert [item["invitation_id"] for item in items] == [created["invitation_id"]]
    assert stored(created["invitation_id"]).status == "active"


def test_list_pages_with_next_cursor(client, fas, boss):
    created = []
    for minute in range(5):
        clock.set_now(NOW + timedelta(minutes=minute))
        created.append(body_of(create(client, fas, boss))["invitation_id"])

    first = body_of(client.http.get(path() + "?limit=2", headers=fas.headers(boss)))
    second = body_of(client.http.get(path() + f"?limit=2&cursor={first['next']}", headers=fas.headers(boss)))
    third = body_of(client.http.get(path() + f"?limit=2&cursor={second['next']}", headers=fas.headers(boss)))

    seen = [item["invitation_id"] for page in (first, second, third) for item in page["items"]]
    assert seen == list(reversed(created))
    assert third["next"] is None


def test_list_rejects_malformed_cursor(client, fas, boss):
    response = client.http.get(path() + "?cursor=not-a-cursor", headers=fas.headers(boss))

    assert response.status_code == 400
    assert code_of(response) == "list_cursor_invalid"


def test_list_rejects_cursor_of_other_organisation(client, fas, boss):
    stranger = new_person()
    seed.organisation(OTHER_ENTERPRISE, stranger, name="OCMW Mol")
    for _ in range(2):
        create(client, fas, stranger, number=OTHER_ENTERPRISE)
    foreign = body_of(client.http.get(path(OTHER_ENTERPRISE) + "?limit=1", headers=fas.headers(stranger)))["next"]

    response = client.http.get(path() + f"?cursor={foreign}", headers=fas.headers(boss))

    assert response.status_code == 400
    assert code_of(response) == "list_cursor_invalid"


@pytest.mark.parametrize("query, code", [
    ("limit=0", "list_limit_invalid"),
    ("limit=201", "list_limit_invalid"),
    ("limit=ten", "list_limit_invalid"),
    ("status=pending", "list_filter_invalid"),
    ("saved=yes", "list_filter_invalid"),
])
def test_list_rejects_invalid_parameters(client, fas, boss, query, code):
    response = client.http.get(path() + f"?{query}", headers=fas.headers(boss))

    assert response.status_code == 400
    assert code_of(response) == code


def test_read_returns_invitation(client, fas, boss):
    created = body_of(create(client, fas, boss))

    response = client.http.get(path(suffix=f"/{created['invitation_id']}"), headers=fas.headers(boss))

    assert response.status_code == 200
    assert body_of(response)["invitation_id"] == created["invitation_id"]
    assert "token" not in body_of(response)


def test_read_through_other_organisation_returns_404(client, fas, boss):
    created = body_of(create(client, fas, boss))
    stranger = new_person()
    seed.organisation(OTHER_ENTERPRISE, stranger, name="OCMW Mol")

    response = client.http.get(path(OTHER_ENTERPRISE, f"/{created['invitation_id']}"), headers=fas.headers(stranger))

    assert response.status_code == 404
    assert code_of(response) == "invitation_not_found"


def test_read_malformed_id_returns_404(client, fas, boss):
    response = client.http.get(path(suffix="/not-an-id"), headers=fas.headers(boss))

    assert response.status_code == 404
    assert code_of(response) == "invitation_not_found"


def test_status_is_used_up_when_max_uses_reached(client, fas, boss):
    created = body_of(create(client, fas, boss, max_uses=1))
    accept(client, fas, new_person(), created["token"])

    document = body_of(client.http.get(path(suffix=f"/{created['invitation_id']}"), headers=fas.headers(boss)))

    assert document["status"] == "used_up"
    assert document["use_count"] == 1


# Revoking


def test_revoke_marks_invitation_revoked(client, fas, boss):
    created = body_of(create(client, fas, boss))

    response = client.http.delete(path(suffix=f"/{created['invitation_id']}"), headers=fas.headers(boss))

    assert response.status_code == 200
    assert body_of(response)["status"] == "revoked"
    assert stored(created["invitation_id"]).status == "revoked"


def test_revoke_removes_sweep_keys(client, fas, boss):
    created = body_of(create(client, fas, boss))

    client.http.delete(path(suffix=f"/{created['invitation_id']}"), headers=fas.headers(boss))
    item = stored(created["invitation_id"])

    assert item.sweep_partition is None
    assert item.sweep_at is None


def test_revoke_writes_audit_event_once(client, fas, boss):
    created = body_of(create(client, fas, boss))
    target = path(suffix=f"/{created['invitation_id']}")

    client.http.delete(target, headers=fas.headers(boss))
    second = client.http.delete(target, headers=fas.headers(boss))
    events = [event for event in audit_events() if event.action == "invitation.revoked"]

    assert second.status_code == 200
    assert len(events) == 1
    assert events[0].before["status"] == "active"
    assert events[0].after["status"] == "revoked"


def test_revoked_link_is_refused(client, fas, boss):
    created = body_of(create(client, fas, boss))
    client.http.delete(path(suffix=f"/{created['invitation_id']}"), headers=fas.headers(boss))

    response = accept(client, fas, new_person(), created["token"])

    assert response.status_code == 410
    assert code_of(response) == "invitation_revoked"


def test_revoke_by_other_domain_manager_is_refused(client, fas, boss):
    created = body_of(create(client, fas, boss))
    manager = new_person()
    seed.manager(ENTERPRISE, manager, "mobility")

    response = client.http.delete(path(suffix=f"/{created['invitation_id']}"), headers=fas.headers(manager))

    assert response.status_code == 403
    assert code_of(response) == "social_security_domain_required"
    assert stored(created["invitation_id"]).status == "active"


def test_revoke_unknown_invitation_returns_404(client, fas, boss):
    response = client.http.delete(path(suffix="/" + "a" * 32), headers=fas.headers(boss))

    assert response.status_code == 404
    assert code_of(response) == "invitation_not_found"


# Reissuing


SAVE = {"name": "Nieuwe assistenten", "description": "Voor de sociale dienst"}


def reissue(client, fas, manager, invitation_id, **fields):
    return client.http.post(path(suffix=f"/{invitation_id}/reissue"), headers=fas.headers(manager),
                            body=json.dumps(fields))


def test_reissue_of_unsaved_invitation_returns_409(client, fas, boss):
    created = body_of(create(client, fas, boss))

    response = reissue(client, fas, boss, created["invitation_id"])

    assert response.status_code == 409
    assert code_of(response) == "invitation_not_saved"


def test_reissue_gives_new_working_link(client, fas, boss):
    created = body_of(create(client, fas, boss, save=SAVE))

    response = reissue(client, fas, boss, created["invitation_id"])
    reissued = body_of(response)

    assert response.status_code == 200
    assert reissued["token"] != created["token"]
    assert reissued["link"].endswith("#" + reissued["token"])
    assert accept(client, fas, new_person(), reissued["token"]).status_code == 201


def test_reissue_kills_old_link(client, fas, boss):
    created = body_of(create(client, fas, boss, save=SAVE))
    reissue(client, fas, boss, created["invitation_id"])

    response = accept(client, fas, new_person(), created["token"])

    assert response.status_code == 404
    assert code_of(response) == "invitation_not_found"


def test_reissue_keeps_previous_duration(client, fas, boss):
    created = body_of(create(client, fas, boss, save=SAVE, expires_on="2026-03-27"))
    clock.set_now(NOW + timedelta(days=10))

    reissued = body_of(reissue(client, fas, boss, created["invitation_id"]))

    assert reissued["expires_on"] == "2026-04-06"


def test_reissue_takes_expiry_from_body(client, fas, boss):
    created = body_of(create(client, fas, boss, save=SAVE))

    reissued = body_of(reissue(client, fas, boss, created["invitation_id"], expires_on="2026-04-01"))

    assert reissued["expires_on"] == "2026-04-01"


def test_reissue_resets_use_count_and_reactivates(client, fas, boss):
    created = body_of(create(client, fas, boss, save=SAVE, max_uses=1))
    accept(client, fas, new_person(), created["token"])
    client.http.delete(path(suffix=f"/{created['invitation_id']}"), headers=fas.headers(boss))

    reissued = body_of(reissue(client, fas, boss, created["invitation_id"]))

    assert reissued["use_count"] == 0
    assert reissued["status"] == "active"
    assert stored(created["invitation_id"]).sweep_partition == "due"


def test_reissue_writes_audit_event(client, fas, boss):
    created = body_of(create(client, fas, boss, save=SAVE))
    clock.set_now(NOW + timedelta(hours=1))

    reissue(client, fas, boss, created["invitation_id"])
    events = [event for event in audit_events() if event.action == "invitation.reissued"]

    assert len(events) == 1
    assert events[0].before["issued_at"] != events[0].after["issued_at"]


def test_reissue_after_validity_ended_returns_409(client, fas, boss):
    created = body_of(create(client, fas, boss, save=SAVE, valid_until="2026-03-31"))
    clock.set_now(seed.utc(2026, 4, 2, 9))

    response = reissue(client, fas, boss, created["invitation_id"])

    assert response.status_code == 409
    assert code_of(response) == "reissue_validity_over"


def test_reissue_with_new_validity_after_old_one_ended(client, fas, boss):
    created = body_of(create(client, fas, boss, save=SAVE, valid_until="2026-03-31"))
    clock.set_now(seed.utc(2026, 4, 2, 9))

    reissued = body_of(reissue(client, fas, boss, created["invitation_id"],
                               valid_from="2026-04-02", valid_until="2026-12-31"))

    assert reissued["valid_from"] == "2026-04-02"
    assert reissued["valid_until"] == "2026-12-31"


def test_reissue_rejects_expiry_beyond_one_year(client, fas, boss):
    created = body_of(create(client, fas, boss, save=SAVE))

    response = reissue(client, fas, boss, created["invitation_id"], expires_on="2027-04-01")

    assert response.status_code == 400
    assert code_of(response) == "expires_on_out_of_range"


def test_reissue_by_other_organisation_returns_404(client, fas, boss):
    created = body_of(create(client, fas, boss, save=SAVE))
    stranger = new_person()
    seed.organisation(OTHER_ENTERPRISE, stranger, name="OCMW Mol")

    response = client.http.post(path(OTHER_ENTERPRISE, f"/{created['invitation_id']}/reissue"),
                                headers=fas.headers(stranger), body="{}")

    assert response.status_code == 404
    assert code_of(response) == "invitation_not_found"
