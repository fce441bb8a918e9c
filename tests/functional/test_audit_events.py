"""Reading an organisation's audit trail: who may, in which order, and which SSINs are masked for the DPO."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from chalicelib import clock
from chalicelib.identifiers import mask_ssin
from chalicelib.services import audit
from chalicelib.store.connection import transaction
from tests.support import seed
from tests.support.people import new_person

ENTERPRISE = seed.DEMO_ENTERPRISE
OTHER_ENTERPRISE = "0207001265"
NOW = seed.utc(2026, 3, 20, 10)
TRAIL = f"/v1/organisations/{ENTERPRISE}/audit-events"


@pytest.fixture(autouse=True)
def frozen_clock(aws):
    clock.set_now(NOW)


@pytest.fixture
def boss():
    person = new_person("Els", "Maes")
    seed.organisation(ENTERPRISE, person)
    return person


def body_of(response):
    return json.loads(response.body)


def code_of(response):
    return json.loads(response.body).get("code")


def write_events(count, actor, number=ENTERPRISE):
    """Write `count` audit events one minute apart, as a change would; returns their ids, oldest first."""
    ids = []
    for minute in range(count):
        clock.set_now(NOW + timedelta(minutes=minute))
        event = audit.new_event(number, actor, "assignment.stopped", "role_assignment", f"{minute:032x}",
                                before={"status": "active"}, after={"status": "stopped"})
        with transaction() as write:
            audit.record(write, event)
        ids.append(event.event_id)
    clock.set_now(NOW + timedelta(minutes=count))
    return ids


def test_main_access_manager_reads_newest_first(client, fas, boss):
    ids = write_events(3, boss.ssin)

    items = body_of(client.http.get(TRAIL, headers=fas.headers(boss)))["items"]

    assert [item["event_id"] for item in items] == list(reversed(ids))


def test_main_access_manager_sees_actor_in_full(client, fas, boss):
    write_events(1, boss.ssin)

    items = body_of(client.http.get(TRAIL, headers=fas.headers(boss)))["items"]

    assert items[0]["actor"] == boss.ssin


def test_event_carries_before_and_after(client, fas, boss):
    write_events(1, boss.ssin)

    item = body_of(client.http.get(TRAIL, headers=fas.headers(boss)))["items"][0]

    assert item["before"] == {"status": "active"}
    assert item["after"] == {"status": "stopped"}
    assert item["action"] == "assignment.stopped"


def test_dpo_reads_with_ssins_masked(client, fas, boss):
    dpo, worker = new_person(), new_person()
    seed.assignment(ENTERPRISE, dpo, "dpo")
    seed.assignment(ENTERPRISE, worker, "social_worker", status="pending_approval")
    waiting = seed.assignment(ENTERPRISE, new_person(), "social_worker", status="pending_approval")
    client.http.post(f"/v1/organisations/{ENTERPRISE}/assignments/{waiting.assignment_id}/reject",
                     headers=fas.headers(boss), body=json.dumps({"reason": f"Dubbel met {worker.ssin}"}))

    response = client.http.get(TRAIL, headers=fas.headers(dpo))
    item = body_of(response)["items"][0]

    assert item["actor"] == mask_ssin(boss.ssin)
    assert item["after"]["ssin"] == mask_ssin(waiting.ssin)
    assert item["after"]["decided_by_ssin"] == mask_ssin(boss.ssin)
    assert item["after"]["reason"] == f"Dubbel met {mask_ssin(worker.ssin)}"
    assert boss.ssin not in response.body.decode()
    assert worker.ssin not in response.body.decode()


def test_dpo_sees_invitee_ssins_masked(client, fas, boss):
    dpo, invitee = new_person(), new_person()
    seed.assignment(ENTERPRISE, dpo, "dpo")
    invitees = [{"surname": invitee.surname, "given_name": invitee.given_name, "email": invitee.email,
                 "ssin": invitee.ssin}]
    client.http.post(f"/v1/organisations/{ENTERPRISE}/invitations", headers=fas.headers(boss),
                     body=json.dumps({"roles": ["dpo"], "invitees": invitees}))

    item = body_of(client.http.get(TRAIL, headers=fas.headers(dpo)))["items"][0]

    assert item["after"]["invitees"][0]["ssin"] == mask_ssin(invitee.ssin)
    assert item["after"]["created_by_ssin"] == mask_ssin(boss.ssin)


def test_dpo_who_is_main_access_manager_sees_ssins(client, fas, boss):
    seed.assignment(ENTERPRISE, boss, "dpo")
    write_events(1, boss.ssin)

    items = body_of(client.http.get(TRAIL, headers=fas.headers(boss)))["items"]

    assert items[0]["actor"] == boss.ssin


def test_pages_with_next_cursor(client, fas, boss):
    ids = write_events(5, boss.ssin)

    first = body_of(client.http.get(TRAIL + "?limit=2", headers=fas.headers(boss)))
    second = body_of(client.http.get(TRAIL + f"?limit=2&cursor={first['next']}", headers=fas.headers(boss)))
    third = body_of(client.http.get(TRAIL + f"?limit=2&cursor={second['next']}", headers=fas.headers(boss)))

    seen = [item["event_id"] for page in (first, second, third) for item in page["items"]]
    assert seen == list(reversed(ids))
    assert third["next"] is None


def test_default_page_holds_fifty_events(client, fas, boss):
    write_events(51, boss.ssin)

    page = body_of(client.http.get(TRAIL, headers=fas.headers(boss)))

    assert len(page["items"]) == 50
    assert page["next"] is not None


@pytest.mark.parametrize("query, code", [
    ("limit=201", "list_limit_invalid"),
    ("limit=-1", "list_limit_invalid"),
    ("cursor=%%%", "list_cursor_invalid"),
])
def test_rejects_invalid_paging(client, fas, boss, query, code):
    response = client.http.get(TRAIL + f"?{query}", headers=fas.headers(boss))

    assert response.status_code == 400
    assert code_of(response) == code


def test_rejects_cursor_of_other_organisation(client, fas, boss):
    stranger = new_person()
    seed.organisation(OTHER_ENTERPRISE, stranger, name="OCMW Mol")
    write_events(2, stranger.ssin, number=OTHER_ENTERPRISE)
    foreign = body_of(client.http.get(f"/v1/organisations/{OTHER_ENTERPRISE}/audit-events?limit=1",
                                      headers=fas.headers(stranger)))["next"]

    response = client.http.get(TRAIL + f"?cursor={foreign}", headers=fas.headers(boss))

    assert response.status_code == 400
    assert code_of(response) == "list_cursor_invalid"


def test_does_not_show_other_organisation(client, fas, boss):
    stranger = new_person()
    seed.organisation(OTHER_ENTERPRISE, stranger, name="OCMW Mol")
    write_events(1, stranger.ssin, number=OTHER_ENTERPRISE)

    items = body_of(client.http.get(TRAIL, headers=fas.headers(boss)))["items"]

    assert items == []


# Who may read


def test_social_security_access_manager_is_refused(client, fas, boss):
    manager = new_person()
    seed.manager(ENTERPRISE, manager, "social_security")

    response = client.http.get(TRAIL, headers=fas.headers(manager))

    assert response.status_code == 403
    assert code_of(response) == "audit_trail_forbidden"


def test_department_head_is_refused(client, fas, boss):
    head = new_person()
    seed.assignment(ENTERPRISE, head, "department_head")

    response = client.http.get(TRAIL, headers=fas.headers(head))

    assert response.status_code == 403
    assert code_of(response) == "audit_trail_forbidden"


def test_pending_dpo_is_refused(client, fas, boss):
    dpo = new_person()
    seed.assignment(ENTERPRISE, dpo, "dpo", status="pending_approval")

    response = client.http.get(TRAIL, headers=fas.headers(dpo))

    assert response.status_code == 403
    assert code_of(response) == "no_right_on_organisation"


def test_main_access_manager_of_other_organisation_is_refused(client, fas, boss):
    stranger = new_person()
    seed.organisation(OTHER_ENTERPRISE, stranger, name="OCMW Mol")

    response = client.http.get(TRAIL, headers=fas.headers(stranger))

    assert response.status_code == 403
    assert code_of(response) == "no_right_on_organisation"


def test_dpo_of_other_organisation_is_refused(client, fas, boss):
    dpo = new_person()
    seed.organisation(OTHER_ENTERPRISE, new_person(), name="OCMW Mol")
    seed.assignment(OTHER_ENTERPRISE, dpo, "dpo")

    response = client.http.get(TRAIL, headers=fas.headers(dpo))

    assert response.status_code == 403
    assert code_of(response) == "no_right_on_organisation"


def test_without_token_returns_401(client, boss):
    response = client.http.get(TRAIL)

    assert response.status_code == 401
