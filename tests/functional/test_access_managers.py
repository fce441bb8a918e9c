"""Co-main and domain access managers: list, add and remove, through the HTTP API."""

from __future__ import annotations

import json

import pytest

from chalicelib.errors import NotFound
from chalicelib.identifiers import format_ssin
from chalicelib.services import managers
from chalicelib.services.permissions import Caller
from chalicelib.store.models import AccessManager, AuditEvent, RemiItem, audit_pk, manager_key
from tests.support import seed
from tests.support.people import new_person

ENTERPRISE = seed.DEMO_ENTERPRISE
OTHER_ENTERPRISE = "0876211391"
PROBLEM = "application/problem+json"
MANAGERS = f"/v1/organisations/{ENTERPRISE}/access-managers"


def stored(model, key):
    try:
        return model.get(*key, consistent_read=True)
    except model.DoesNotExist:
        return None


def audit_events(enterprise_number=ENTERPRISE):
    items = RemiItem.query(audit_pk(enterprise_number), RemiItem.sk.startswith("AUDIT#"), consistent_read=True)
    return [item for item in items if isinstance(item, AuditEvent)]


def assert_problem(response, status, code):
    assert response.status_code == status, response.body
    assert response.headers["Content-Type"] == PROBLEM
    assert response.json_body["code"] == code


def manager_body(person, level="domain", domain="social_security", **overrides):
    body = {"ssin": format_ssin(person.ssin), "given_name": person.given_name, "surname": person.surname,
            "email": person.email, "language": "nl", "level": level}
    if domain is not None:
        body["domain"] = domain
    body.update(overrides)
    return body


def add(client, fas, caller, body, path=MANAGERS, language=None):
    return client.http.post(path, headers=fas.headers(caller, language), body=json.dumps(body))


def listing(client, fas, caller, path=MANAGERS, language=None):
    return client.http.get(path, headers=fas.headers(caller, language))


def remove(client, fas, caller, manager_id, path=MANAGERS):
    return client.http.delete(f"{path}/{manager_id}", headers=fas.headers(caller))


@pytest.fixture
def main_manager(client):
    person = new_person("Karel", "Peeters")
    seed.organisation(ENTERPRISE, person)
    return person


# POST .../access-managers


def test_add_domain_manager_returns_201(client, fas, main_manager):
    assert add(client, fas, main_manager, manager_body(new_person())).status_code == 201


def test_add_domain_manager_returns_record(client, fas, main_manager):
    person = new_person("Sara", "Maes")
    document = add(client, fas, main_manager, manager_body(person)).json_body
    assert (document["level"], document["domain"], document["ssin"]) == ("domain", "social_security", person.ssin)


def test_add_domain_manager_names_domain_in_callers_language(client, fas, main_manager):
    document = add(client, fas, main_manager, manager_body(new_person()), language="fr").json_body
    assert document["domain_name"] == "Sécurité sociale"


def test_add_domain_manager_stores_record_under_person(client, fas, main_manager):
    person = new_person("Sara", "Maes")
    document = add(client, fas, main_manager, manager_body(person, email="sara@ocmw.example", language="fr")).json_body
    record = stored(AccessManager, manager_key(person.ssin, ENTERPRISE, "social_security"))
    assert (record.manager_id, record.email, record.language) == (document["manager_id"], "sara@ocmw.example", "fr")


def test_add_domain_manager_records_who_appointed(client, fas, main_manager):
    person = new_person("Sara", "Maes")
    add(client, fas, main_manager, manager_body(person))
    record = stored(AccessManager, manager_key(person.ssin, ENTERPRISE, "social_security"))
    assert record.appointed_by_ssin == main_manager.ssin


def test_add_writes_audit_event(client, fas, main_manager):
    person = new_person("Sara", "Maes")
    document = add(client, fas, main_manager, manager_body(person)).json_body
    event = audit_events()[0]
    assert (event.action, event.actor, event.target_id) == ("access_manager_added", main_manager.ssin,
                                                           document["manager_id"])


def test_add_audit_event_keeps_after_state(client, fas, main_manager):
    person = new_person("Sara", "Maes")
    add(client, fas, main_manager, manager_body(person))
    event = audit_events()[0]
    assert (event.before, event.after["ssin"], event.after["domain"]) == (None, person.ssin, "social_security")


def test_add_co_main_manager_holds_all_domains(client, fas, main_manager):
    person = new_person("Cor", "Claes")
    add(client, fas, main_manager, manager_body(person, level="co_main", domain=None))
    assert stored(AccessManager, manager_key(person.ssin, ENTERPRISE, "*")).level == "co_main"


def test_add_co_main_manager_accepts_star_domain(client, fas, main_manager):
    response = add(client, fas, main_manager, manager_body(new_person(), level="co_main", domain="*"))
    assert response.status_code == 201


def test_co_main_manager_can_add_managers(client, fas, main_manager):
    co_main = new_person("Cor", "Claes")
    add(client, fas, main_manager, manager_body(co_main, level="co_main", domain=None))
    assert add(client, fas, co_main, manager_body(new_person())).status_code == 201


def test_domain_manager_of_social_security_reads_organisation(client, fas, main_manager):
    person = new_person("Sara", "Maes")
    add(client, fas, main_manager, manager_body(person))
    response = client.http.get(f"/v1/organisations/{ENTERPRISE}", headers=fas.headers(person))
    assert response.status_code == 200


def test_person_can_manage_several_domains(client, fas, main_manager):
    person = new_person("Sara", "Maes")
    add(client, fas, main_manager, manager_body(person, domain="social_security"))
    response = add(client, fas, main_manager, manager_body(person, domain="ehealth"))
    assert response.status_code == 201


def test_person_with_several_domains_has_one_record_each(client, fas, main_manager):
    person = new_person("Sara", "Maes")
    add(client, fas, main_manager, manager_body(person, domain="social_security"))
    add(client, fas, main_manager, manager_body(person, domain="ehealth"))
    domains = sorted(manager["domain"] for manager in listing(client, fas, main_manager).json_body["access_managers"]
                     if manager["ssin"] == person.ssin)
    assert domains == ["ehealth", "social_security"]


def test_add_same_person_and_domain_again_is_409(client, fas, main_manager):
    person = new_person("Sara", "Maes")
    add(client, fas, main_manager, manager_body(person))
    assert_problem(add(client, fas, main_manager, manager_body(person)), 409, "access_manager_exists")


def test_add_conflict_keeps_first_record(client, fas, main_manager):
    person = new_person("Sara", "Maes")
    first = add(client, fas, main_manager, manager_body(person)).json_body
    add(client, fas, main_manager, manager_body(person, email="other@ocmw.example"))
    record = stored(AccessManager, manager_key(person.ssin, ENTERPRISE, "social_security"))
    assert (record.manager_id, record.email) == (first["manager_id"], person.email)


def test_add_conflict_writes_no_audit_event(client, fas, main_manager):
    person = new_person("Sara", "Maes")
    add(client, fas, main_manager, manager_body(person))
    add(client, fas, main_manager, manager_body(person))
    assert len(audit_events()) == 1


def test_add_main_manager_as_co_main_is_409(client, fas, main_manager):
    response = add(client, fas, main_manager, manager_body(main_manager, level="co_main", domain=None))
    assert_problem(response, 409, "access_manager_exists")


def test_add_level_main_is_400(client, fas, main_manager):
    response = add(client, fas, main_manager, manager_body(new_person(), level="main", domain=None))
    assert_problem(response, 400, "field_invalid")


def test_add_without_level_is_400(client, fas, main_manager):
    body = manager_body(new_person())
    del body["level"]
    assert_problem(add(client, fas, main_manager, body), 400, "field_missing")


def test_add_domain_level_without_domain_is_400(client, fas, main_manager):
    response = add(client, fas, main_manager, manager_body(new_person(), domain=None))
    assert_problem(response, 400, "field_missing")


def test_add_unknown_domain_is_400(client, fas, main_manager):
    response = add(client, fas, main_manager, manager_body(new_person(), domain="remi"))
    assert_problem(response, 400, "field_invalid")


def test_add_domain_level_with_star_domain_is_400(client, fas, main_manager):
    response = add(client, fas, main_manager, manager_body(new_person(), domain="*"))
    assert_problem(response, 400, "field_invalid")


def test_add_co_main_with_named_domain_is_400(client, fas, main_manager):
    response = add(client, fas, main_manager, manager_body(new_person(), level="co_main", domain="finance"))
    assert_problem(response, 400, "field_invalid")


def test_add_invalid_ssin_is_400(client, fas, main_manager):
    response = add(client, fas, main_manager, manager_body(new_person(), ssin="85.07.30-033.27"))
    assert_problem(response, 400, "ssin_invalid")


def test_add_without_ssin_is_400(client, fas, main_manager):
    body = manager_body(new_person())
    del body["ssin"]
    assert_problem(add(client, fas, main_manager, body), 400, "field_missing")


def test_add_invalid_email_is_400(client, fas, main_manager):
    response = add(client, fas, main_manager, manager_body(new_person(), email="sara at ocmw"))
    assert_problem(response, 400, "email_invalid")


def test_add_without_email_is_400(client, fas, main_manager):
    body = manager_body(new_person())
    del body["email"]
    assert_problem(add(client, fas, main_manager, body), 400, "field_missing")


@pytest.mark.parametrize("language", ["it", "", 1])
def test_add_invalid_language_is_400(client, fas, main_manager, language):
    response = add(client, fas, main_manager, manager_body(new_person(), language=language))
    assert response.status_code == 400
    assert response.json_body["code"] in ("field_invalid", "field_missing")


def test_add_accepts_uppercase_language(client, fas, main_manager):
    document = add(client, fas, main_manager, manager_body(new_person(), language="DE")).json_body
    assert document["language"] == "de"


def test_add_overlong_surname_is_400(client, fas, main_manager):
    response = add(client, fas, main_manager, manager_body(new_person(), surname="x" * 101))
    assert_problem(response, 400, "field_invalid")


def test_add_by_domain_manager_is_403(client, fas, main_manager):
    social = new_person("Sara", "Maes")
    seed.manager(ENTERPRISE, social, "social_security")
    assert_problem(add(client, fas, social, manager_body(new_person())), 403, "main_access_manager_required")


def test_add_by_other_domain_manager_is_403(client, fas, main_manager):
    finance = new_person("Frank", "Financien")
    seed.manager(ENTERPRISE, finance, "finance")
    assert_problem(add(client, fas, finance, manager_body(new_person())), 403, "main_access_manager_required")


def test_add_by_role_holder_is_403(client, fas, main_manager):
    worker = new_person("Wim", "Wouters")
    seed.assignment(ENTERPRISE, worker, "dpo")
    assert_problem(add(client, fas, worker, manager_body(new_person())), 403, "main_access_manager_required")


def test_add_by_stranger_is_403(client, fas, main_manager):
    assert_problem(add(client, fas, new_person(), manager_body(new_person())), 403, "no_right_on_organisation")


def test_add_by_stranger_with_invalid_body_is_403(client, fas, main_manager):
    assert_problem(add(client, fas, new_person(), {"level": "boss"}), 403, "no_right_on_organisation")


def test_add_refusal_writes_nothing(client, fas, main_manager):
    person = new_person("Sara", "Maes")
    add(client, fas, new_person(), manager_body(person))
    assert stored(AccessManager, manager_key(person.ssin, ENTERPRISE, "social_security")) is None


def test_add_uses_at_most_two_dynamodb_requests(client, fas, main_manager, dynamodb_calls):
    headers = fas.headers(main_manager)
    body = json.dumps(manager_body(new_person()))
    dynamodb_calls.reset()
    client.http.post(MANAGERS, headers=headers, body=body)
    assert dynamodb_calls.total <= 2, dynamodb_calls.operations


# GET .../access-managers


def test_list_returns_200(client, fas, main_manager):
    assert listing(client, fas, main_manager).status_code == 200


def test_list_starts_with_main_manager(client, fas, main_manager):
    seed.manager(ENTERPRISE, new_person("Sara", "Maes"), "social_security")
    seed.manager(ENTERPRISE, new_person("Cor", "Claes"), "*", level="co_main")
    levels = [manager["level"] for manager in listing(client, fas, main_manager).json_body["access_managers"]]
    assert levels == ["main", "co_main", "domain"]


def test_list_shows_formatted_ssin(client, fas, main_manager):
    first = listing(client, fas, main_manager).json_body["access_managers"][0]
    assert first["ssin_display"] == format_ssin(main_manager.ssin)


def test_list_names_levels_in_callers_language(client, fas, main_manager):
    first = listing(client, fas, main_manager, language="nl").json_body["access_managers"][0]
    assert first["level_name"] == "Hoofdtoegangsbeheerder"


def test_list_shows_only_this_organisation(client, fas, main_manager):
    elsewhere = new_person("Eva", "Elders")
    seed.organisation(OTHER_ENTERPRISE, elsewhere, name="OCMW Mol")
    ssins = [manager["ssin"] for manager in listing(client, fas, main_manager).json_body["access_managers"]]
    assert ssins == [main_manager.ssin]


def test_list_by_co_main_manager_returns_200(client, fas, main_manager):
    co_main = new_person("Cor", "Claes")
    seed.manager(ENTERPRISE, co_main, "*", level="co_main")
    assert listing(client, fas, co_main).status_code == 200


def test_list_by_social_security_manager_is_403(client, fas, main_manager):
    social = new_person("Sara", "Maes")
    seed.manager(ENTERPRISE, social, "social_security")
    assert_problem(listing(client, fas, social), 403, "main_access_manager_required")


def test_list_by_stranger_is_403(client, fas, main_manager):
    assert_problem(listing(client, fas, new_person()), 403, "no_right_on_organisation")


def test_list_uses_two_dynamodb_requests(client, fas, main_manager, dynamodb_calls):
    headers = fas.headers(main_manager)
    dynamodb_calls.reset()
    client.http.get(MANAGERS, headers=headers)
    assert dynamodb_calls.total == 2, dynamodb_calls.operations


# DELETE .../access-managers/{manager_id}


def test_remove_domain_manager_returns_204(client, fas, main_manager):
    record = seed.manager(ENTERPRISE, new_person("Sara", "Maes"), "social_security")
    assert remove(client, fas, main_manager, record.manager_id).status_code == 204


def test_remove_deletes_record(client, fas, main_manager):
    person = new_person("Sara", "Maes")
    record = seed.manager(ENTERPRISE, person, "social_security")
    remove(client, fas, main_manager, record.manager_id)
    assert stored(AccessManager, manager_key(person.ssin, ENTERPRISE, "social_security")) is None


def test_remove_keeps_other_domains_of_same_person(client, fas, main_manager):
    person = new_person("Sara", "Maes")
    record = seed.manager(ENTERPRISE, person, "social_security")
    seed.manager(ENTERPRISE, person, "ehealth")
    remove(client, fas, main_manager, record.manager_id)
    assert stored(AccessManager, manager_key(person.ssin, ENTERPRISE, "ehealth")) is not None


def test_remove_writes_audit_event_with_before(client, fas, main_manager):
    person = new_person("Sara", "Maes")
    record = seed.manager(ENTERPRISE, person, "social_security")
    remove(client, fas, main_manager, record.manager_id)
    event = audit_events()[0]
    assert (event.action, event.before["ssin"], event.after) == ("access_manager_removed", person.ssin, None)


def test_removed_manager_loses_rights(client, fas, main_manager):
    co_main = new_person("Cor", "Claes")
    record = seed.manager(ENTERPRISE, co_main, "*", level="co_main")
    remove(client, fas, main_manager, record.manager_id)
    assert_problem(listing(client, fas, co_main), 403, "no_right_on_organisation")


def test_co_main_manager_can_remove_themselves(client, fas, main_manager):
    co_main = new_person("Cor", "Claes")
    record = seed.manager(ENTERPRISE, co_main, "*", level="co_main")
    assert remove(client, fas, co_main, record.manager_id).status_code == 204


def test_remove_main_manager_is_409(client, fas, main_manager):
    main_record = stored(AccessManager, manager_key(main_manager.ssin, ENTERPRISE, "*"))
    assert_problem(remove(client, fas, main_manager, main_record.manager_id), 409,
                   "main_access_manager_not_removable")


def test_remove_main_manager_keeps_record(client, fas, main_manager):
    main_record = stored(AccessManager, manager_key(main_manager.ssin, ENTERPRISE, "*"))
    remove(client, fas, main_manager, main_record.manager_id)
    assert stored(AccessManager, manager_key(main_manager.ssin, ENTERPRISE, "*")) is not None


def test_remove_unknown_id_is_404(client, fas, main_manager):
    assert_problem(remove(client, fas, main_manager, "0" * 32), 404, "access_manager_not_found")


def test_remove_malformed_id_is_404(client, fas, main_manager):
    assert_problem(remove(client, fas, main_manager, "not-an-id"), 404, "access_manager_not_found")


def test_remove_twice_is_404(client, fas, main_manager):
    record = seed.manager(ENTERPRISE, new_person("Sara", "Maes"), "social_security")
    remove(client, fas, main_manager, record.manager_id)
    assert_problem(remove(client, fas, main_manager, record.manager_id), 404, "access_manager_not_found")


def test_remove_manager_of_other_organisation_is_404(client, fas, main_manager):
    elsewhere = seed.manager(OTHER_ENTERPRISE, new_person("Eva", "Elders"), "social_security")
    assert_problem(remove(client, fas, main_manager, elsewhere.manager_id), 404, "access_manager_not_found")


def test_remove_manager_of_other_organisation_keeps_it(client, fas, main_manager):
    person = new_person("Eva", "Elders")
    elsewhere = seed.manager(OTHER_ENTERPRISE, person, "social_security")
    remove(client, fas, main_manager, elsewhere.manager_id)
    assert stored(AccessManager, manager_key(person.ssin, OTHER_ENTERPRISE, "social_security")) is not None


def test_remove_by_social_security_manager_is_403(client, fas, main_manager):
    social = new_person("Sara", "Maes")
    seed.manager(ENTERPRISE, social, "social_security")
    record = seed.manager(ENTERPRISE, new_person("Eric", "Eerdekens"), "ehealth")
    assert_problem(remove(client, fas, social, record.manager_id), 403, "main_access_manager_required")


def test_remove_uses_at_most_three_dynamodb_requests(client, fas, main_manager, dynamodb_calls):
    record = seed.manager(ENTERPRISE, new_person("Sara", "Maes"), "social_security")
    headers = fas.headers(main_manager)
    dynamodb_calls.reset()
    client.http.delete(f"{MANAGERS}/{record.manager_id}", headers=headers)
    assert dynamodb_calls.total <= 3, dynamodb_calls.operations


def test_remove_stale_lookup_is_404(client, main_manager, monkeypatch):
    """The index read may be stale: the delete's condition on the manager id catches that."""
    person = new_person("Sara", "Maes")
    stale = seed.manager(ENTERPRISE, person, "social_security")
    seed.manager(ENTERPRISE, person, "social_security")  # same key, new manager id
    monkeypatch.setattr(managers, "find_manager", lambda enterprise_number, manager_id: stale)
    caller = Caller(ssin=main_manager.ssin, given_name="Karel", surname="Peeters", email=None, language="nl")
    with pytest.raises(NotFound) as raised:
        managers.remove_manager(caller, ENTERPRISE, stale.manager_id)
    assert raised.value.code == "access_manager_not_found"


def test_remove_stale_lookup_keeps_new_record(client, main_manager, monkeypatch):
    person = new_person("Sara", "Maes")
    stale = seed.manager(ENTERPRISE, person, "social_security")
    current = seed.manager(ENTERPRISE, person, "social_security")
    monkeypatch.setattr(managers, "find_manager", lambda enterprise_number, manager_id: stale)
    caller = Caller(ssin=main_manager.ssin, given_name="Karel", surname="Peeters", email=None, language="nl")
    with pytest.raises(NotFound):
        managers.remove_manager(caller, ENTERPRISE, stale.manager_id)
    record = stored(AccessManager, manager_key(person.ssin, ENTERPRISE, "social_security"))
    assert record.manager_id == current.manager_id
