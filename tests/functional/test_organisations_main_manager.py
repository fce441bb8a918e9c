"""Replacing the main access manager: PUT /v1/organisations/{n}/main-access-manager."""

from __future__ import annotations

import json

import pytest

from chalicelib.errors import Conflict
from chalicelib.services import onboarding
from chalicelib.services.managers import ManagerDetails
from chalicelib.services.permissions import Caller
from chalicelib.store.models import AccessManager, AuditEvent, Organisation, RemiItem, audit_pk, manager_key, organisation_key
from tests.support import seed
from tests.support.people import new_person

ENTERPRISE = seed.DEMO_ENTERPRISE
UNREGISTERED = "0876211391"
PROBLEM = "application/problem+json"
PATH = f"/v1/organisations/{ENTERPRISE}/main-access-manager"


def stored(model, key):
    try:
        return model.get(*key, consistent_read=True)
    except model.DoesNotExist:
        return None


def audit_actions(enterprise_number=ENTERPRISE):
    items = RemiItem.query(audit_pk(enterprise_number), RemiItem.sk.startswith("AUDIT#"), consistent_read=True)
    return [item.action for item in items if isinstance(item, AuditEvent)]


def appointee_body(person, language="nl"):
    return {"main_access_manager": {"ssin": person.ssin, "given_name": person.given_name,
                                    "surname": person.surname, "email": person.email, "language": language}}


def put_main_manager(client, fas, caller, body, path=PATH):
    return client.http.put(path, headers=fas.headers(caller), body=json.dumps(body))


def assert_problem(response, status, code):
    assert response.status_code == status, response.body
    assert response.headers["Content-Type"] == PROBLEM
    assert response.json_body["code"] == code


@pytest.fixture
def legal_rep():
    return new_person("Lies", "Janssens")


@pytest.fixture
def first_manager():
    return new_person("Karel", "Peeters")


@pytest.fixture
def registered(client, legal_rep, first_manager):
    """OCMW Geel with Karel as main access manager, appointed by its legal representative Lies."""
    seed.register_enterprise(ENTERPRISE, "OCMW Geel", [legal_rep])
    seed.organisation(ENTERPRISE, first_manager)
    return legal_rep


def test_replace_returns_200(client, fas, registered):
    assert put_main_manager(client, fas, registered, appointee_body(new_person())).status_code == 200


def test_replace_shows_new_main_manager_with_full_ssin(client, fas, registered):
    newcomer = new_person("Nora", "Nijs")
    document = put_main_manager(client, fas, registered, appointee_body(newcomer)).json_body
    assert document["main_access_manager"]["ssin"] == newcomer.ssin


def test_replace_updates_organisation(client, fas, registered):
    newcomer = new_person("Nora", "Nijs")
    put_main_manager(client, fas, registered, appointee_body(newcomer))
    assert stored(Organisation, organisation_key(ENTERPRISE)).main_access_manager_ssin == newcomer.ssin


def test_replace_deletes_old_main_manager_record(client, fas, registered, first_manager):
    put_main_manager(client, fas, registered, appointee_body(new_person()))
    assert stored(AccessManager, manager_key(first_manager.ssin, ENTERPRISE, "*")) is None


def test_replace_writes_new_main_manager_record(client, fas, registered):
    newcomer = new_person("Nora", "Nijs")
    put_main_manager(client, fas, registered, appointee_body(newcomer, language="de"))
    record = stored(AccessManager, manager_key(newcomer.ssin, ENTERPRISE, "*"))
    assert (record.level, record.language, record.appointed_by_ssin) == ("main", "de", registered.ssin)


def test_replace_writes_audit_event(client, fas, registered):
    put_main_manager(client, fas, registered, appointee_body(new_person()))
    assert audit_actions() == ["main_access_manager_replaced"]


def test_replace_audit_event_keeps_before_and_after(client, fas, registered, first_manager):
    newcomer = new_person("Nora", "Nijs")
    put_main_manager(client, fas, registered, appointee_body(newcomer))
    event = next(item for item in RemiItem.query(audit_pk(ENTERPRISE), RemiItem.sk.startswith("AUDIT#"))
                 if isinstance(item, AuditEvent))
    assert (event.before["main_access_manager_ssin"], event.after["main_access_manager_ssin"]) == (
        first_manager.ssin, newcomer.ssin)


def test_replace_audit_event_names_legal_representative(client, fas, registered):
    put_main_manager(client, fas, registered, appointee_body(new_person()))
    event = next(item for item in RemiItem.query(audit_pk(ENTERPRISE), RemiItem.sk.startswith("AUDIT#"))
                 if isinstance(item, AuditEvent))
    assert (event.actor, event.target_id) == (registered.ssin, ENTERPRISE)


def test_old_main_manager_loses_manager_rights(client, fas, registered, first_manager):
    put_main_manager(client, fas, registered, appointee_body(new_person()))
    response = client.http.get(f"/v1/organisations/{ENTERPRISE}/access-managers", headers=fas.headers(first_manager))
    assert_problem(response, 403, "no_right_on_organisation")


def test_new_main_manager_gains_manager_rights(client, fas, registered):
    newcomer = new_person("Nora", "Nijs")
    put_main_manager(client, fas, registered, appointee_body(newcomer))
    response = client.http.get(f"/v1/organisations/{ENTERPRISE}/access-managers", headers=fas.headers(newcomer))
    assert response.status_code == 200


def test_replace_by_self_makes_legal_representative_main_manager(client, fas, registered):
    document = put_main_manager(client, fas, registered, {"main_access_manager": "self"}).json_body
    assert document["main_access_manager"]["ssin"] == registered.ssin


def test_replace_by_self_uses_general_address(client, fas, registered):
    put_main_manager(client, fas, registered, {"main_access_manager": "self"})
    record = stored(AccessManager, manager_key(registered.ssin, ENTERPRISE, "*"))
    assert record.email == "directie@ocmw.example"


def test_replace_promotes_co_main_manager(client, fas, registered):
    co_main = new_person("Cor", "Claes")
    seed.manager(ENTERPRISE, co_main, "*", level="co_main")
    put_main_manager(client, fas, registered, appointee_body(co_main))
    assert stored(AccessManager, manager_key(co_main.ssin, ENTERPRISE, "*")).level == "main"


def test_replace_leaves_one_main_manager_in_listing(client, fas, registered):
    co_main = new_person("Cor", "Claes")
    seed.manager(ENTERPRISE, co_main, "*", level="co_main")
    put_main_manager(client, fas, registered, appointee_body(co_main))
    listing = client.http.get(f"/v1/organisations/{ENTERPRISE}/access-managers", headers=fas.headers(co_main))
    levels = [manager["level"] for manager in listing.json_body["access_managers"]]
    assert levels == ["main"]


def test_replace_by_same_person_is_200(client, fas, registered, first_manager):
    response = put_main_manager(client, fas, registered, appointee_body(first_manager))
    assert response.status_code == 200


def test_replace_by_same_person_changes_nothing(client, fas, registered, first_manager):
    before = stored(AccessManager, manager_key(first_manager.ssin, ENTERPRISE, "*")).manager_id
    put_main_manager(client, fas, registered, appointee_body(first_manager))
    assert stored(AccessManager, manager_key(first_manager.ssin, ENTERPRISE, "*")).manager_id == before


def test_replace_by_same_person_writes_no_audit_event(client, fas, registered, first_manager):
    put_main_manager(client, fas, registered, appointee_body(first_manager))
    assert audit_actions() == []


def test_replace_by_non_representative_is_403(client, fas, registered, first_manager):
    response = put_main_manager(client, fas, first_manager, appointee_body(new_person()))
    assert_problem(response, 403, "not_legal_representative")


def test_replace_refusal_keeps_main_manager(client, fas, registered, first_manager):
    put_main_manager(client, fas, first_manager, appointee_body(new_person()))
    assert stored(Organisation, organisation_key(ENTERPRISE)).main_access_manager_ssin == first_manager.ssin


def test_replace_by_stranger_with_invalid_body_is_403(client, fas, registered):
    response = put_main_manager(client, fas, new_person(), {"main_access_manager": 7})
    assert_problem(response, 403, "not_legal_representative")


def test_replace_for_unregistered_organisation_is_404(client, fas, registered):
    seed.register_enterprise(UNREGISTERED, "OCMW Mol", [registered])
    response = put_main_manager(client, fas, registered, appointee_body(new_person()),
                                path=f"/v1/organisations/{UNREGISTERED}/main-access-manager")
    assert_problem(response, 404, "organisation_not_registered")


def test_replace_without_appointee_is_400(client, fas, registered):
    assert_problem(put_main_manager(client, fas, registered, {}), 400, "field_missing")


def test_replace_with_invalid_ssin_is_400(client, fas, registered):
    body = appointee_body(new_person())
    body["main_access_manager"]["ssin"] = "12345678901"
    assert_problem(put_main_manager(client, fas, registered, body), 400, "ssin_invalid")


def test_replace_with_invalid_email_is_400(client, fas, registered):
    body = appointee_body(new_person())
    body["main_access_manager"]["email"] = "nora.nijs"
    assert_problem(put_main_manager(client, fas, registered, body), 400, "email_invalid")


def test_replace_uses_at_most_three_dynamodb_requests(client, fas, registered, dynamodb_calls):
    headers = fas.headers(registered)
    body = json.dumps(appointee_body(new_person()))
    dynamodb_calls.reset()
    client.http.put(PATH, headers=headers, body=body)
    assert dynamodb_calls.total <= 3, dynamodb_calls.operations


def test_replace_from_stale_read_is_409(client, registered):
    caller = Caller(ssin=registered.ssin, given_name="Lies", surname="Janssens", email=None, language="nl")
    stale = onboarding.organisation_for_representative(caller, ENTERPRISE)
    first = new_person("Nora", "Nijs")
    onboarding.replace_main_access_manager(caller, onboarding.organisation_for_representative(caller, ENTERPRISE),
                                           ManagerDetails(ssin=first.ssin, email=first.email, language="nl"))
    second = new_person("Omer", "Oosterlinck")
    with pytest.raises(Conflict) as raised:
        onboarding.replace_main_access_manager(caller, stale,
                                               ManagerDetails(ssin=second.ssin, email=second.email, language="nl"))
    assert raised.value.code == "main_access_manager_changed"


def test_replace_from_stale_read_keeps_winner(client, registered):
    caller = Caller(ssin=registered.ssin, given_name="Lies", surname="Janssens", email=None, language="nl")
    stale = onboarding.organisation_for_representative(caller, ENTERPRISE)
    first = new_person("Nora", "Nijs")
    onboarding.replace_main_access_manager(caller, onboarding.organisation_for_representative(caller, ENTERPRISE),
                                           ManagerDetails(ssin=first.ssin, email=first.email, language="nl"))
    second = new_person("Omer", "Oosterlinck")
    with pytest.raises(Conflict):
        onboarding.replace_main_access_manager(caller, stale,
                                               ManagerDetails(ssin=second.ssin, email=second.email, language="nl"))
    assert stored(AccessManager, manager_key(second.ssin, ENTERPRISE, "*")) is None
