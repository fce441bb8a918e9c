"""GET /v1/me/status and GET /v1/me/assignments through the HTTP API, on moto."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from chalicelib import clock
from chalicelib.identifiers import format_ssin
from chalicelib.store.models import RoleAssignment, assignment_key
from tests.support import seed
from tests.support.people import new_person

ENTERPRISE = seed.DEMO_ENTERPRISE
OTHER_ENTERPRISE = "0207437468"
UNREGISTERED_ENTERPRISE = "0207502004"
PROBLEM = "application/problem+json"
# 2026-03-15 11:00 in Brussels.
NOW = datetime(2026, 3, 15, 10, 0, tzinfo=timezone.utc)
TODAY = date(2026, 3, 15)


@pytest.fixture(autouse=True)
def frozen_clock(aws):
    clock.set_now(NOW)
    yield
    clock.set_now(None)


@pytest.fixture
def main_manager():
    person = new_person("Hilde", "Janssens")
    seed.organisation(ENTERPRISE, person, name="OCMW Geel")
    return person


def get_status(client, fas, person, language=None, query=""):
    return client.http.get(f"/v1/me/status{query}", headers=fas.headers(person, language))


def codes(body):
    return [diagnosis["code"] for diagnosis in body["diagnosis"]]


def test_status_of_active_role_with_contract_is_green(client, fas, main_manager):
    seed.sign_contract(ENTERPRISE, date(2025, 6, 1))
    worker = new_person("Jan", "Maes")
    seed.assignment(ENTERPRISE, worker, "social_worker")

    response = get_status(client, fas, worker)

    assert response.status_code == 200
    body = response.json_body
    assert body["access"] == "granted"
    assert body["can_use_remi_now"] is True
    assert body["diagnosis"] == []
    assert body["person"] == {"given_name": "Jan", "surname": "Maes", "ssin": format_ssin(worker.ssin)}
    organisation = body["organisations"][0]
    assert organisation["enterprise_number"] == ENTERPRISE
    assert organisation["enterprise_number_display"] == "0409.667.028"
    assert organisation["name"] == "OCMW Geel"
    assert organisation["contract"] == {"signed": True, "signed_on": "2025-06-01", "ends_on": None, "active": True}
    assert organisation["roles"][0]["role"] == "social_worker"
    assert organisation["roles"][0]["name"] == "OCMW REMI Maatschappelijke assistent"
    assert organisation["roles"][0]["status"] == "active"


def test_status_without_contract_is_granted_but_not_usable(client, fas, main_manager):
    worker = new_person()
    seed.assignment(ENTERPRISE, worker, "social_worker")

    body = get_status(client, fas, worker).json_body

    assert body["access"] == "granted"
    assert body["can_use_remi_now"] is False
    assert codes(body) == ["contract_not_signed"]
    assert "OCMW Geel" in body["diagnosis"][0]["message"]


def test_status_of_unknown_person_is_no_organisation(client, fas):
    response = get_status(client, fas, new_person())

    assert response.status_code == 200
    assert response.json_body["access"] == "none"
    assert response.json_body["organisations"] == []
    assert codes(response.json_body) == ["no_organisation"]


def test_status_messages_follow_the_language(client, fas):
    person = new_person(language="nl")

    french = get_status(client, fas, person, language="fr").json_body["diagnosis"][0]["message"]
    german = get_status(client, fas, person, language="de").json_body["diagnosis"][0]["message"]
    dutch = get_status(client, fas, person).json_body["diagnosis"][0]["message"]

    assert "CPAS" in french
    assert "ÖSHZ" in german
    assert "OCMW" in dutch
    assert french != dutch


def test_pending_role_named_in_language(client, fas, main_manager):
    worker = new_person(language="fr")
    seed.assignment(ENTERPRISE, worker, "dpo", status="pending_approval")

    body = get_status(client, fas, worker).json_body

    assert body["access"] == "pending_approval"
    assert codes(body) == ["pending_approval"]
    assert "CPAS REMI DPO" in body["diagnosis"][0]["message"]
    assert body["diagnosis"][0]["role"] == "dpo"
    assert body["diagnosis"][0]["enterprise_number"] == ENTERPRISE


def test_status_of_role_starting_later_shows_the_date(client, fas, main_manager):
    worker = new_person()
    seed.assignment(ENTERPRISE, worker, "social_worker", valid_from=date(2026, 4, 1))

    body = get_status(client, fas, worker).json_body

    assert body["access"] == "none"
    assert codes(body) == ["role_not_yet_valid"]
    assert "01/04/2026" in body["diagnosis"][0]["message"]
    assert body["organisations"][0]["roles"][0]["status"] == "not_yet_valid"


def test_status_of_expired_role_asks_for_new_invitation(client, fas, main_manager):
    worker = new_person(language="en")
    seed.assignment(ENTERPRISE, worker, "social_worker", valid_until=date(2026, 3, 14))

    body = get_status(client, fas, worker).json_body

    assert body["access"] == "none"
    assert codes(body) == ["role_expired"]
    assert "14/03/2026" in body["diagnosis"][0]["message"]
    assert "new invitation link" in body["diagnosis"][0]["message"]


@pytest.mark.parametrize("stored, code", [("stopped", "role_stopped"), ("rejected", "role_rejected")])
def test_status_of_closed_role(client, fas, main_manager, stored, code):
    worker = new_person()
    seed.assignment(ENTERPRISE, worker, "social_worker", status=stored)

    body = get_status(client, fas, worker).json_body

    assert body["access"] == "none"
    assert codes(body) == [code]


def test_status_of_main_manager_without_role(client, fas, main_manager):
    body = get_status(client, fas, main_manager, language="en").json_body

    assert body["access"] == "none"
    assert codes(body) == ["manager_without_role"]
    assert "not the same as holding a REMI role" in body["diagnosis"][0]["message"]
    assert body["organisations"][0]["access_manager_domains"] == ["*"]


def test_status_of_manager_of_other_domain_only(client, fas, main_manager):
    finance = new_person()
    seed.manager(ENTERPRISE, finance, "finance")

    body = get_status(client, fas, finance).json_body

    assert codes(body) == ["access_manager_other_domain_only"]
    assert "Sociale Zekerheid" in body["diagnosis"][0]["message"]


def test_status_for_other_organisation(client, fas, main_manager):
    seed.organisation(OTHER_ENTERPRISE, new_person(), name="OCMW Mol")
    worker = new_person()
    seed.assignment(OTHER_ENTERPRISE, worker, "social_worker")

    body = get_status(client, fas, worker, query="?enterprise_number=0409.667.028").json_body

    assert body["access"] == "none"
    assert codes(body) == ["role_at_other_organisation"]
    assert "OCMW Mol" in body["diagnosis"][0]["message"]
    assert [organisation["name"] for organisation in body["organisations"]] == ["OCMW Geel"]


def test_status_for_unregistered_organisation(client, fas):
    body = get_status(client, fas, new_person(), query=f"?enterprise_number={UNREGISTERED_ENTERPRISE}").json_body

    assert codes(body) == ["organisation_not_registered", "no_organisation"]
    assert body["organisations"][0]["registered"] is False


def test_status_with_invalid_enterprise_number_is_400(client, fas):
    response = get_status(client, fas, new_person(), query="?enterprise_number=0409667029")

    assert response.status_code == 400
    assert response.headers["Content-Type"] == PROBLEM
    assert response.json_body["code"] == "enterprise_number_invalid"


def test_status_without_token_is_401(client):
    response = client.http.get("/v1/me/status")

    assert response.status_code == 401
    assert response.json_body["code"] == "token_missing"


def test_assignments_without_token_is_401(client):
    response = client.http.get("/v1/me/assignments")

    assert response.status_code == 401
    assert response.json_body["code"] == "token_missing"


def test_status_lists_every_organisation(client, fas, main_manager):
    seed.organisation(OTHER_ENTERPRISE, new_person(), name="OCMW Mol", contract_signed_on=date(2025, 1, 1))
    worker = new_person()
    seed.assignment(ENTERPRISE, worker, "social_worker", status="pending_approval")
    seed.assignment(OTHER_ENTERPRISE, worker, "department_head")

    body = get_status(client, fas, worker).json_body

    assert body["access"] == "granted"
    assert body["can_use_remi_now"] is True
    assert [organisation["access"] for organisation in body["organisations"]] == ["pending_approval", "granted"]
    assert codes(body) == ["pending_approval"]


def test_status_costs_two_requests_then_one_when_cached(client, fas, main_manager, dynamodb_calls):
    seed.organisation(OTHER_ENTERPRISE, new_person(), name="OCMW Mol")
    worker = new_person()
    seed.assignment(ENTERPRISE, worker, "social_worker")
    seed.assignment(OTHER_ENTERPRISE, worker, "dpo")
    seed.manager(ENTERPRISE, worker, "social_security")

    dynamodb_calls.reset()
    first = get_status(client, fas, worker)
    first_calls = dict(dynamodb_calls.operations)
    dynamodb_calls.reset()
    second = get_status(client, fas, worker)
    second_calls = dict(dynamodb_calls.operations)

    assert first.status_code == 200
    assert first_calls == {"Query": 1, "BatchGetItem": 1}
    assert second_calls == {"Query": 1}
    assert second.json_body == first.json_body


def test_status_of_unknown_person_costs_one_request(client, fas, dynamodb_calls):
    person = new_person()

    dynamodb_calls.reset()
    get_status(client, fas, person)

    assert dynamodb_calls.operations == {"Query": 1}


def test_recorded_contract_shows_at_once_in_this_process(client, fas, main_manager):
    worker = new_person()
    seed.assignment(ENTERPRISE, worker, "social_worker")
    assert get_status(client, fas, worker).json_body["can_use_remi_now"] is False

    from chalicelib.services import contracts

    contracts.record_contract(ENTERPRISE, date(2026, 1, 1))

    assert get_status(client, fas, worker).json_body["can_use_remi_now"] is True


def test_assignment_grant_shows_at_once(client, fas, main_manager):
    worker = new_person()
    seed.assignment(ENTERPRISE, worker, "social_worker", status="pending_approval")
    assert get_status(client, fas, worker).json_body["access"] == "pending_approval"

    item = RoleAssignment.get(*assignment_key(worker.ssin, ENTERPRISE, "social_worker"), consistent_read=True)
    item.update(actions=[RoleAssignment.status.set("active")])

    assert get_status(client, fas, worker).json_body["access"] == "granted"


def test_green_check_ends_at_brussels_midnight(client, fas, main_manager):
    seed.sign_contract(ENTERPRISE)
    worker = new_person()
    seed.assignment(ENTERPRISE, worker, "social_worker", valid_until=TODAY)
    assert get_status(client, fas, worker).json_body["access"] == "granted"

    # 23:00 UTC on 15 March is midnight in Brussels (CET, UTC+1).
    clock.set_now(datetime(2026, 3, 15, 22, 59, 59, tzinfo=timezone.utc))
    assert get_status(client, fas, worker).json_body["access"] == "granted"
    clock.set_now(datetime(2026, 3, 15, 23, 0, tzinfo=timezone.utc))
    assert get_status(client, fas, worker).json_body["access"] == "none"


# GET /v1/me/assignments


def test_assignments_lists_own_roles_across_organisations(client, fas, main_manager):
    seed.organisation(OTHER_ENTERPRISE, new_person(), name="OCMW Mol")
    worker = new_person(language="fr")
    seed.assignment(ENTERPRISE, worker, "social_worker")
    seed.assignment(OTHER_ENTERPRISE, worker, "dpo", valid_until=date(2026, 3, 1))
    seed.assignment(ENTERPRISE, new_person(), "dpo")

    response = client.http.get("/v1/me/assignments", headers=fas.headers(worker))

    assert response.status_code == 200
    listed = response.json_body["assignments"]
    assert [(entry["enterprise_number"], entry["role"]) for entry in listed] == [
        (OTHER_ENTERPRISE, "dpo"), (ENTERPRISE, "social_worker")]
    assert listed[0]["organisation_name"] == "OCMW Mol"
    assert listed[0]["status"] == "active"
    assert listed[0]["state"] == "expired"
    assert listed[0]["valid_until"] == "2026-03-01"
    assert listed[1]["role_name"] == "CPAS REMI Assistant social"
    assert listed[1]["state"] == "active"
    assert listed[1]["enterprise_number_display"] == "0409.667.028"


def test_assignments_of_person_without_roles_is_empty(client, fas, main_manager):
    response = client.http.get("/v1/me/assignments", headers=fas.headers(main_manager))

    assert response.status_code == 200
    assert response.json_body == {"assignments": []}


def test_assignments_costs_at_most_two_requests(client, fas, main_manager, dynamodb_calls):
    worker = new_person()
    seed.assignment(ENTERPRISE, worker, "social_worker")

    dynamodb_calls.reset()
    client.http.get("/v1/me/assignments", headers=fas.headers(worker))

    assert dynamodb_calls.operations == {"Query": 1, "BatchGetItem": 1}
