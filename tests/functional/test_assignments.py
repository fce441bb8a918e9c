"""Listing, exporting, approving, rejecting, changing and stopping role assignments (guide step 5)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from chalicelib import clock
from chalicelib.errors import Conflict
from chalicelib.identifiers import format_ssin, mask_ssin
from chalicelib.services import assignments
from chalicelib.services.permissions import Caller
from chalicelib.store.models import AuditEvent, RoleAssignment, audit_pk
from tests.support import seed
from tests.support.people import new_person

ENTERPRISE = seed.DEMO_ENTERPRISE
OTHER_ENTERPRISE = "0207001265"
NOW = seed.utc(2026, 3, 20, 10)


@pytest.fixture(autouse=True)
def frozen_clock(aws):
    clock.set_now(NOW)


@pytest.fixture
def boss():
    person = new_person("Els", "Maes")
    seed.organisation(ENTERPRISE, person)
    return person


def pending(person, role="social_worker", **fields):
    return seed.assignment(ENTERPRISE, person, role, status="pending_approval", **fields)


def listing(suffix=""):
    return f"/v1/organisations/{ENTERPRISE}/assignments{suffix}"


def target(assignment, action="", number=ENTERPRISE):
    path = f"/v1/organisations/{number}/assignments/{assignment.assignment_id}"
    return f"{path}/{action}" if action else path


def body_of(response):
    return json.loads(response.body)


def code_of(response):
    return json.loads(response.body).get("code")


def reread(assignment):
    return RoleAssignment.get(assignment.pk, assignment.sk, consistent_read=True)


def events(action):
    return [event for event in AuditEvent.query(audit_pk(ENTERPRISE), AuditEvent.sk.startswith("AUDIT#"))
            if event.action == action]


def manager_of_domain(domain):
    person = new_person("Tom", "Claes")
    seed.manager(ENTERPRISE, person, domain)
    return person


# Listing


def test_manager_sees_full_formatted_ssin(client, fas, boss):
    worker = new_person()
    seed.assignment(ENTERPRISE, worker, "social_worker")

    items = body_of(client.http.get(listing(), headers=fas.headers(boss)))["items"]

    assert items[0]["ssin"] == format_ssin(worker.ssin)


@pytest.mark.parametrize("reader_role", ["dpo", "department_head"])
def test_dpo_and_department_head_see_masked_ssin(client, fas, boss, reader_role):
    worker, reader = new_person(), new_person()
    seed.assignment(ENTERPRISE, worker, "social_worker")
    seed.assignment(ENTERPRISE, reader, reader_role)

    items = body_of(client.http.get(listing("?role=social_worker"), headers=fas.headers(reader)))["items"]

    assert items[0]["ssin"] == mask_ssin(worker.ssin)


def test_reader_sees_own_ssin_in_full(client, fas, boss):
    reader = new_person()
    seed.assignment(ENTERPRISE, reader, "dpo")

    items = body_of(client.http.get(listing(), headers=fas.headers(reader)))["items"]

    assert items[0]["ssin"] == format_ssin(reader.ssin)


def test_social_worker_may_not_list(client, fas, boss):
    worker = new_person()
    seed.assignment(ENTERPRISE, worker, "social_worker")

    response = client.http.get(listing(), headers=fas.headers(worker))

    assert response.status_code == 403
    assert code_of(response) == "assignments_read_forbidden"


def test_expired_dpo_may_not_list(client, fas, boss):
    reader = new_person()
    seed.assignment(ENTERPRISE, reader, "dpo", valid_until=date(2026, 3, 19))

    response = client.http.get(listing(), headers=fas.headers(reader))

    assert response.status_code == 403
    assert code_of(response) == "no_right_on_organisation"


def test_manager_of_other_organisation_may_not_list(client, fas, boss):
    stranger = new_person()
    seed.organisation(OTHER_ENTERPRISE, stranger, name="OCMW Mol")

    response = client.http.get(listing(), headers=fas.headers(stranger))

    assert response.status_code == 403
    assert code_of(response) == "no_right_on_organisation"


def test_manager_of_other_domain_may_not_list(client, fas, boss):
    response = client.http.get(listing(), headers=fas.headers(manager_of_domain("ehealth")))

    assert response.status_code == 403
    assert code_of(response) == "social_security_domain_required"


def test_list_filters_by_status(client, fas, boss):
    waiting = pending(new_person())
    seed.assignment(ENTERPRISE, new_person(), "social_worker")

    items = body_of(client.http.get(listing("?status=pending_approval"), headers=fas.headers(boss)))["items"]

    assert [item["assignment_id"] for item in items] == [waiting.assignment_id]


def test_list_shows_expired_before_the_sweep(client, fas, boss):
    over = seed.assignment(ENTERPRISE, new_person(), "social_worker", valid_until=date(2026, 3, 19))

    items = body_of(client.http.get(listing("?status=expired"), headers=fas.headers(boss)))["items"]

    assert [item["assignment_id"] for item in items] == [over.assignment_id]


def test_list_filters_by_role(client, fas, boss):
    seed.assignment(ENTERPRISE, new_person(), "social_worker")
    dpo = seed.assignment(ENTERPRISE, new_person(), "dpo")

    items = body_of(client.http.get(listing("?role=dpo"), headers=fas.headers(boss)))["items"]

    assert [item["assignment_id"] for item in items] == [dpo.assignment_id]


@pytest.mark.parametrize("query", ["q=wouters", "q=LIES", "q=lies.wouters"])
def test_list_searches_name_and_email(client, fas, boss, query):
    found = seed.assignment(ENTERPRISE, new_person("Lies", "Wouters"), "social_worker")
    seed.assignment(ENTERPRISE, new_person("Jan", "Smet"), "social_worker")

    items = body_of(client.http.get(listing(f"?{query}"), headers=fas.headers(boss)))["items"]

    assert [item["assignment_id"] for item in items] == [found.assignment_id]


def test_list_does_not_show_other_organisation(client, fas, boss):
    stranger = new_person()
    seed.organisation(OTHER_ENTERPRISE, stranger, name="OCMW Mol")
    seed.assignment(OTHER_ENTERPRISE, new_person(), "social_worker")

    items = body_of(client.http.get(listing(), headers=fas.headers(boss)))["items"]

    assert items == []


def test_list_pages_with_next_cursor(client, fas, boss):
    created = {seed.assignment(ENTERPRISE, new_person(), "social_worker").assignment_id for _ in range(5)}

    first = body_of(client.http.get(listing("?limit=2"), headers=fas.headers(boss)))
    second = body_of(client.http.get(listing(f"?limit=2&cursor={first['next']}"), headers=fas.headers(boss)))
    third = body_of(client.http.get(listing(f"?limit=2&cursor={second['next']}"), headers=fas.headers(boss)))

    seen = [item["assignment_id"] for page in (first, second, third) for item in page["items"]]
    assert sorted(seen) == sorted(created)
    assert third["next"] is None


@pytest.mark.parametrize("query, code", [
    ("status=approved", "list_filter_invalid"),
    ("role=mayor", "list_filter_invalid"),
    ("limit=500", "list_limit_invalid"),
    ("cursor=abc", "list_cursor_invalid"),
])
def test_list_rejects_invalid_parameters(client, fas, boss, query, code):
    response = client.http.get(listing(f"?{query}"), headers=fas.headers(boss))

    assert response.status_code == 400
    assert code_of(response) == code


# CSV export


def export(client, fas, person, language="nl", query=""):
    headers = dict(fas.headers(person, language=language), Accept="text/csv")
    return client.http.get(listing(query), headers=headers)


def csv_lines(response):
    return response.body.decode("utf-8").lstrip("\ufeff").splitlines()


def test_export_returns_csv_with_localized_headers(client, fas, boss):
    seed.assignment(ENTERPRISE, new_person(), "social_worker")

    response = export(client, fas, boss, language="fr")

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert csv_lines(response)[0] == "NISS;Nom;Prénom;Adresse e-mail;Rôle;Statut;Valable du;Valable jusqu'au"


def test_export_row_has_formatted_ssin_and_localized_role(client, fas, boss):
    worker = new_person("Lies", "Wouters")
    seed.assignment(ENTERPRISE, worker, "department_head", valid_until=date(2026, 12, 31))

    row = csv_lines(export(client, fas, boss, language="de"))[1].split(";")

    assert row == [format_ssin(worker.ssin), "Wouters", "Lies", worker.email, "ÖSHZ REMI Dienstleiter", "Aktiv",
                   "2020-01-01", "2026-12-31"]


def test_export_says_unlimited_in_callers_language(client, fas, boss):
    seed.assignment(ENTERPRISE, new_person(), "social_worker")

    row = csv_lines(export(client, fas, boss, language="nl"))[1].split(";")

    assert row[-1] == "onbeperkt"


def test_export_neutralizes_formulas(client, fas, boss):
    seed.assignment(ENTERPRISE, new_person("=HYPERLINK(1)", "Smet"), "social_worker")

    row = csv_lines(export(client, fas, boss))[1].split(";")

    assert row[2] == "'=HYPERLINK(1)"


def test_export_applies_filters(client, fas, boss):
    seed.assignment(ENTERPRISE, new_person(), "social_worker")
    seed.assignment(ENTERPRISE, new_person(), "dpo")

    lines = csv_lines(export(client, fas, boss, language="en", query="?role=dpo"))

    assert len(lines) == 2
    assert lines[1].split(";")[4] == "OCMW REMI DPO"


def test_export_is_for_access_managers_only(client, fas, boss):
    reader = new_person()
    seed.assignment(ENTERPRISE, reader, "dpo")

    response = export(client, fas, reader)

    assert response.status_code == 403
    assert code_of(response) == "access_manager_required"


def test_json_is_the_default_representation(client, fas, boss):
    headers = dict(fas.headers(boss), Accept="application/json, text/csv;q=0.5")

    response = client.http.get(listing(), headers=headers)

    assert response.headers["Content-Type"] == "application/json"


# Approving and rejecting


def test_approve_makes_pending_assignment_active(client, fas, boss):
    waiting = pending(new_person(), valid_until=date(2026, 6, 30))

    response = client.http.post(target(waiting, "approve"), headers=fas.headers(boss))

    assert response.status_code == 200
    assert body_of(response)["status"] == "active"
    assert reread(waiting).decided_by_ssin == boss.ssin


def test_approve_reschedules_sweep_at_end_of_validity(client, fas, boss):
    waiting = pending(new_person(), valid_until=date(2026, 6, 30))

    client.http.post(target(waiting, "approve"), headers=fas.headers(boss))

    assert reread(waiting).sweep_at == clock.end_of_day(date(2026, 6, 30))


def test_approve_unlimited_leaves_sweep_index(client, fas, boss):
    waiting = pending(new_person())

    client.http.post(target(waiting, "approve"), headers=fas.headers(boss))

    assert reread(waiting).sweep_partition is None


def test_approve_writes_audit_event_with_before_and_after(client, fas, boss):
    waiting = pending(new_person())

    client.http.post(target(waiting, "approve"), headers=fas.headers(boss))
    approved = events("assignment.approved")

    assert len(approved) == 1
    assert approved[0].before["status"] == "pending_approval"
    assert approved[0].after["status"] == "active"
    assert approved[0].actor == boss.ssin


def test_approve_active_assignment_returns_409(client, fas, boss):
    active = seed.assignment(ENTERPRISE, new_person(), "social_worker")

    response = client.http.post(target(active, "approve"), headers=fas.headers(boss))

    assert response.status_code == 409
    assert code_of(response) == "assignment_not_pending"


def test_approve_after_valid_until_returns_409(client, fas, boss):
    waiting = pending(new_person(), valid_until=date(2026, 3, 25))
    clock.set_now(seed.utc(2026, 3, 25, 23))

    response = client.http.post(target(waiting, "approve"), headers=fas.headers(boss))

    assert response.status_code == 409
    assert code_of(response) == "assignment_expired"


def test_approve_after_approval_period_returns_409(client, fas, boss):
    waiting = pending(new_person())
    clock.set_now(NOW + timedelta(days=30))

    response = client.http.post(target(waiting, "approve"), headers=fas.headers(boss))

    assert response.status_code == 409
    assert code_of(response) == "assignment_expired"


def test_approve_by_dpo_is_refused(client, fas, boss):
    reader = new_person()
    seed.assignment(ENTERPRISE, reader, "dpo")
    waiting = pending(new_person())

    response = client.http.post(target(waiting, "approve"), headers=fas.headers(reader))

    assert response.status_code == 403
    assert code_of(response) == "access_manager_required"


def test_approve_by_manager_of_other_domain_is_refused(client, fas, boss):
    waiting = pending(new_person())

    response = client.http.post(target(waiting, "approve"), headers=fas.headers(manager_of_domain("finance")))

    assert response.status_code == 403
    assert code_of(response) == "social_security_domain_required"
    assert reread(waiting).status == "pending_approval"


def test_approve_by_social_security_manager_succeeds(client, fas, boss):
    waiting = pending(new_person())

    response = client.http.post(target(waiting, "approve"), headers=fas.headers(manager_of_domain("social_security")))

    assert response.status_code == 200


def test_approve_through_other_organisation_returns_404(client, fas, boss):
    stranger = new_person()
    seed.organisation(OTHER_ENTERPRISE, stranger, name="OCMW Mol")
    waiting = pending(new_person())

    response = client.http.post(target(waiting, "approve", OTHER_ENTERPRISE), headers=fas.headers(stranger))

    assert response.status_code == 404
    assert code_of(response) == "assignment_not_found"
    assert reread(waiting).status == "pending_approval"


@pytest.mark.parametrize("assignment_id", ["0" * 32, "not-an-id"])
def test_approve_unknown_assignment_returns_404(client, fas, boss, assignment_id):
    response = client.http.post(listing(f"/{assignment_id}/approve"), headers=fas.headers(boss))

    assert response.status_code == 404
    assert code_of(response) == "assignment_not_found"


def test_reject_keeps_reason(client, fas, boss):
    waiting = pending(new_person())

    response = client.http.post(target(waiting, "reject"), headers=fas.headers(boss),
                                body=json.dumps({"reason": "Niet in dienst"}))

    assert response.status_code == 200
    assert body_of(response)["status"] == "rejected"
    assert reread(waiting).reason == "Niet in dienst"
    assert reread(waiting).sweep_partition is None


def test_reject_writes_audit_event(client, fas, boss):
    waiting = pending(new_person())

    client.http.post(target(waiting, "reject"), headers=fas.headers(boss), body=json.dumps({"reason": "Onbekend"}))
    rejected = events("assignment.rejected")

    assert len(rejected) == 1
    assert rejected[0].after["reason"] == "Onbekend"


@pytest.mark.parametrize("body", [{}, {"reason": "   "}])
def test_reject_without_reason_returns_400(client, fas, boss, body):
    waiting = pending(new_person())

    response = client.http.post(target(waiting, "reject"), headers=fas.headers(boss), body=json.dumps(body))

    assert response.status_code == 400
    assert code_of(response) == "field_missing"


def test_reject_with_overlong_reason_returns_400(client, fas, boss):
    waiting = pending(new_person())

    response = client.http.post(target(waiting, "reject"), headers=fas.headers(boss),
                                body=json.dumps({"reason": "x" * 501}))

    assert response.status_code == 400
    assert code_of(response) == "text_field_too_long"


def test_reject_active_assignment_returns_409(client, fas, boss):
    active = seed.assignment(ENTERPRISE, new_person(), "social_worker")

    response = client.http.post(target(active, "reject"), headers=fas.headers(boss),
                                body=json.dumps({"reason": "Dubbel"}))

    assert response.status_code == 409
    assert code_of(response) == "assignment_not_pending"


# Changing validity


def patch(client, fas, person, assignment, **fields):
    return client.http.patch(target(assignment), headers=fas.headers(person), body=json.dumps(fields))


def test_change_valid_until_reschedules_sweep(client, fas, boss):
    active = seed.assignment(ENTERPRISE, new_person(), "social_worker", valid_until=date(2026, 3, 31))

    response = patch(client, fas, boss, active, valid_until="2026-10-25")

    assert response.status_code == 200
    assert body_of(response)["valid_until"] == "2026-10-25"
    assert reread(active).sweep_at == seed.utc(2026, 10, 25, 23)


def test_change_to_unlimited_leaves_sweep_index(client, fas, boss):
    active = seed.assignment(ENTERPRISE, new_person(), "social_worker", valid_until=date(2026, 3, 31))
    active.schedule_sweep(clock.end_of_day(date(2026, 3, 31)))
    active.save()

    patch(client, fas, boss, active, valid_until=None)

    assert reread(active).valid_until is None
    assert reread(active).sweep_partition is None


def test_change_valid_from_keeps_valid_until(client, fas, boss):
    active = seed.assignment(ENTERPRISE, new_person(), "social_worker", valid_until=date(2026, 12, 31))

    patch(client, fas, boss, active, valid_from="2026-04-01")

    assert reread(active).valid_from == date(2026, 4, 1)
    assert reread(active).valid_until == date(2026, 12, 31)


def test_change_of_pending_keeps_approval_deadline(client, fas, boss):
    waiting = pending(new_person())

    patch(client, fas, boss, waiting, valid_until="2026-12-31")

    assert reread(waiting).sweep_at == NOW + timedelta(days=30)


def test_change_writes_audit_event(client, fas, boss):
    active = seed.assignment(ENTERPRISE, new_person(), "social_worker")

    patch(client, fas, boss, active, valid_until="2026-12-31")
    changed = events("assignment.validity_changed")

    assert changed[0].before["valid_until"] is None
    assert changed[0].after["valid_until"] == "2026-12-31"


@pytest.mark.parametrize("fields, code", [
    ({}, "field_missing"),
    ({"valid_until": "2026-03-19"}, "valid_until_in_past"),
    ({"valid_from": "2026-05-01", "valid_until": "2026-04-30"}, "valid_until_before_valid_from"),
    ({"valid_from": None}, "date_invalid"),
    ({"valid_until": "31/12/2026"}, "date_invalid"),
])
def test_change_rejects_invalid_dates(client, fas, boss, fields, code):
    active = seed.assignment(ENTERPRISE, new_person(), "social_worker")

    response = patch(client, fas, boss, active, **fields)

    assert response.status_code == 400
    assert code_of(response) == code


def test_change_of_stopped_assignment_returns_409(client, fas, boss):
    stopped = seed.assignment(ENTERPRISE, new_person(), "social_worker", status="stopped")

    response = patch(client, fas, boss, stopped, valid_until="2026-12-31")

    assert response.status_code == 409
    assert code_of(response) == "assignment_ended"


def test_change_of_expired_assignment_returns_409(client, fas, boss):
    over = seed.assignment(ENTERPRISE, new_person(), "social_worker", valid_until=date(2026, 3, 19))

    response = patch(client, fas, boss, over, valid_until="2026-12-31")

    assert response.status_code == 409
    assert code_of(response) == "assignment_expired"


# Stopping


def test_stop_ends_role_and_leaves_sweep_index(client, fas, boss):
    active = seed.assignment(ENTERPRISE, new_person(), "social_worker", valid_until=date(2026, 12, 31))
    active.schedule_sweep(clock.end_of_day(date(2026, 12, 31)))
    active.save()

    response = client.http.delete(target(active), headers=fas.headers(boss),
                                  body=json.dumps({"reason": "Uit dienst"}))

    assert response.status_code == 200
    assert reread(active).status == "stopped"
    assert reread(active).reason == "Uit dienst"
    assert reread(active).sweep_partition is None


def test_stop_without_body_succeeds(client, fas, boss):
    active = seed.assignment(ENTERPRISE, new_person(), "social_worker")
    headers = {key: value for key, value in fas.headers(boss).items() if key != "Content-Type"}

    response = client.http.delete(target(active), headers=headers)

    assert response.status_code == 200
    assert reread(active).status == "stopped"


def test_stop_writes_audit_event(client, fas, boss):
    active = seed.assignment(ENTERPRISE, new_person(), "social_worker")

    client.http.delete(target(active), headers=fas.headers(boss))
    stopped = events("assignment.stopped")

    assert stopped[0].before["status"] == "active"
    assert stopped[0].after["status"] == "stopped"


def test_stop_twice_returns_409(client, fas, boss):
    active = seed.assignment(ENTERPRISE, new_person(), "social_worker")
    client.http.delete(target(active), headers=fas.headers(boss))

    response = client.http.delete(target(active), headers=fas.headers(boss))

    assert response.status_code == 409
    assert code_of(response) == "assignment_ended"
    assert len(events("assignment.stopped")) == 1


def test_stop_by_department_head_is_refused(client, fas, boss):
    head = new_person()
    seed.assignment(ENTERPRISE, head, "department_head")
    active = seed.assignment(ENTERPRISE, new_person(), "social_worker")

    response = client.http.delete(target(active), headers=fas.headers(head))

    assert response.status_code == 403
    assert code_of(response) == "access_manager_required"


# Concurrent changes


def test_decision_on_stale_copy_returns_409(client, fas, boss, monkeypatch):
    waiting = pending(new_person())
    stale = reread(waiting)
    client.http.post(target(waiting, "reject"), headers=fas.headers(boss), body=json.dumps({"reason": "Nee"}))
    monkeypatch.setattr(assignments, "find_assignment", lambda number, assignment_id: stale)
    caller = Caller(ssin=boss.ssin, given_name=None, surname=None, email=None, language="nl")

    with pytest.raises(Conflict) as refusal:
        assignments.approve_assignment(caller, ENTERPRISE, waiting.assignment_id)

    assert refusal.value.code == "assignment_changed"
    assert reread(waiting).status == "rejected"
    assert events("assignment.approved") == []

