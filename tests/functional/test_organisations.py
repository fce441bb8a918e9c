"""Registering an organisation and reading it, through the HTTP API."""

from __future__ import annotations

import json
from datetime import date

import pytest

from chalicelib import clock
from chalicelib.identifiers import format_ssin
from chalicelib.store.models import (
    AccessManager,
    AuditEvent,
    Organisation,
    RemiItem,
    audit_pk,
    manager_key,
    organisation_key,
)
from tests.support import seed
from tests.support.people import new_person

ENTERPRISE = seed.DEMO_ENTERPRISE
OTHER_ENTERPRISE = "0207501014"  # valid check digits, not in the register unless a test adds it
PROBLEM = "application/problem+json"


def registration_body(**overrides):
    body = {
        "enterprise_number": ENTERPRISE,
        "email": "directie@ocmw-geel.example",
        "phone": "+32 14 56 60 00",
        "main_access_manager": "self",
        "terms_confirmed": True,
    }
    body.update(overrides)
    return body


def post_registration(client, fas, person, body, language=None):
    return client.http.post("/v1/organisations", headers=fas.headers(person, language), body=json.dumps(body))


def stored(model, key):
    """The item at `key`, or None."""
    try:
        return model.get(*key, consistent_read=True)
    except model.DoesNotExist:
        return None


def audit_events(enterprise_number):
    return [item for item in RemiItem.query(audit_pk(enterprise_number), RemiItem.sk.startswith("AUDIT#"),
                                            consistent_read=True)
            if isinstance(item, AuditEvent)]


@pytest.fixture
def legal_rep():
    return new_person("Lies", "Janssens")


@pytest.fixture
def in_register(client, legal_rep):
    seed.register_enterprise(ENTERPRISE, "OCMW Geel", [legal_rep])
    return legal_rep


# POST /v1/organisations: success


def test_register_self_returns_201(client, fas, in_register):
    response = post_registration(client, fas, in_register, registration_body())
    assert response.status_code == 201


def test_register_returns_location_of_organisation(client, fas, in_register):
    response = post_registration(client, fas, in_register, registration_body())
    assert response.headers["Location"] == f"/v1/organisations/{ENTERPRISE}"


def test_register_takes_name_and_address_from_register(client, fas, in_register):
    document = post_registration(client, fas, in_register, registration_body()).json_body
    assert (document["name"], document["address"]) == ("OCMW Geel", "Kerkstraat 1, 2440 Geel")


def test_register_shows_enterprise_number_in_display_form(client, fas, in_register):
    document = post_registration(client, fas, in_register, registration_body()).json_body
    assert document["enterprise_number_display"] == "0409.667.028"


def test_register_shows_contract_not_signed(client, fas, in_register):
    document = post_registration(client, fas, in_register, registration_body()).json_body
    assert document["contract_state"] == "not_signed"


def test_register_self_shows_full_ssin(client, fas, in_register):
    document = post_registration(client, fas, in_register, registration_body()).json_body
    assert document["main_access_manager"]["ssin"] == in_register.ssin


def test_register_self_uses_names_from_token(client, fas, in_register):
    manager = post_registration(client, fas, in_register, registration_body()).json_body["main_access_manager"]
    assert (manager["given_name"], manager["surname"]) == ("Lies", "Janssens")


def test_register_self_reaches_manager_at_general_address(client, fas, in_register):
    manager = post_registration(client, fas, in_register, registration_body()).json_body["main_access_manager"]
    assert manager["email"] == "directie@ocmw-geel.example"


def test_register_self_next_steps_are_managers_invitations_contract(client, fas, in_register):
    document = post_registration(client, fas, in_register, registration_body()).json_body
    assert [step["code"] for step in document["next_steps"]] == [
        "appoint_access_managers", "invite_staff", "contract"]


def test_register_next_steps_are_in_callers_language(client, fas, in_register):
    document = post_registration(client, fas, in_register, registration_body(), language="fr").json_body
    assert "Sécurité sociale" in document["next_steps"][0]["detail"]


def test_register_stores_organisation(client, fas, in_register):
    post_registration(client, fas, in_register, registration_body())
    stored = Organisation.get(*organisation_key(ENTERPRISE), consistent_read=True)
    assert (stored.email, stored.phone, stored.main_access_manager_ssin) == (
        "directie@ocmw-geel.example", "+32 14 56 60 00", in_register.ssin)


def test_register_records_terms_confirmation_time(client, fas, in_register):
    clock.set_now(seed.utc(2026, 3, 2, 9, 30))
    post_registration(client, fas, in_register, registration_body())
    stored = Organisation.get(*organisation_key(ENTERPRISE), consistent_read=True)
    assert stored.terms_confirmed_at == seed.utc(2026, 3, 2, 9, 30)


def test_register_stores_main_manager_for_all_domains(client, fas, in_register):
    document = post_registration(client, fas, in_register, registration_body()).json_body
    stored = AccessManager.get(*manager_key(in_register.ssin, ENTERPRISE, "*"), consistent_read=True)
    assert (stored.level, stored.manager_id) == ("main", document["main_access_manager"]["manager_id"])


def test_register_indexes_main_manager_under_organisation(client, fas, in_register):
    post_registration(client, fas, in_register, registration_body())
    stored = AccessManager.get(*manager_key(in_register.ssin, ENTERPRISE, "*"), consistent_read=True)
    assert (stored.org_pk, stored.org_sk) == (ENTERPRISE, f"MANAGER#{stored.manager_id}")


def test_register_writes_one_audit_event(client, fas, in_register):
    post_registration(client, fas, in_register, registration_body())
    assert [event.action for event in audit_events(ENTERPRISE)] == ["organisation_registered"]


def test_register_audit_event_names_actor_and_target(client, fas, in_register):
    post_registration(client, fas, in_register, registration_body())
    event = audit_events(ENTERPRISE)[0]
    assert (event.actor, event.target_type, event.target_id) == (in_register.ssin, "organisation", ENTERPRISE)


def test_register_audit_event_keeps_main_manager_after(client, fas, in_register):
    post_registration(client, fas, in_register, registration_body())
    event = audit_events(ENTERPRISE)[0]
    assert event.after["main_access_manager"]["ssin"] == in_register.ssin


def test_register_accepts_enterprise_number_with_be_prefix(client, fas, in_register):
    response = post_registration(client, fas, in_register, registration_body(enterprise_number="BE 0409.667.028"))
    assert response.json_body["enterprise_number"] == ENTERPRISE


def test_register_accepts_old_nine_digit_form(client, fas, in_register):
    response = post_registration(client, fas, in_register, registration_body(enterprise_number="409667028"))
    assert response.status_code == 201


def test_register_uses_at_most_two_dynamodb_requests(client, fas, in_register, dynamodb_calls):
    headers = fas.headers(in_register)
    dynamodb_calls.reset()
    client.http.post("/v1/organisations", headers=headers, body=json.dumps(registration_body()))
    assert dynamodb_calls.total <= 2, dynamodb_calls.operations


# POST /v1/organisations: another person as main access manager


def other_manager_body(person, **overrides):
    value = {"ssin": format_ssin(person.ssin), "given_name": person.given_name, "surname": person.surname,
             "email": person.email, "language": "fr"}
    value.update(overrides)
    return registration_body(main_access_manager=value)


def test_register_other_person_as_main_manager(client, fas, in_register):
    appointee = new_person("Marc", "Dubois")
    document = post_registration(client, fas, in_register, other_manager_body(appointee)).json_body
    assert document["main_access_manager"]["ssin"] == appointee.ssin


def test_register_other_person_keeps_their_email_and_language(client, fas, in_register):
    appointee = new_person("Marc", "Dubois")
    post_registration(client, fas, in_register, other_manager_body(appointee))
    stored = AccessManager.get(*manager_key(appointee.ssin, ENTERPRISE, "*"), consistent_read=True)
    assert (stored.email, stored.language) == (appointee.email, "fr")


def test_register_other_person_names_are_optional(client, fas, in_register):
    appointee = new_person("Marc", "Dubois")
    body = other_manager_body(appointee)
    del body["main_access_manager"]["given_name"], body["main_access_manager"]["surname"]
    response = post_registration(client, fas, in_register, body)
    assert response.status_code == 201


def test_register_other_person_leaves_caller_unmanaged(client, fas, in_register):
    post_registration(client, fas, in_register, other_manager_body(new_person("Marc", "Dubois")))
    assert stored(AccessManager, manager_key(in_register.ssin, ENTERPRISE, "*")) is None


def test_register_other_person_next_step_informs(client, fas, in_register):
    document = post_registration(client, fas, in_register, other_manager_body(new_person("Marc", "Dubois")),
                                 language="en").json_body
    assert document["next_steps"][0]["code"] == "inform_main_access_manager"


def test_register_other_person_next_step_names_them(client, fas, in_register):
    document = post_registration(client, fas, in_register, other_manager_body(new_person("Marc", "Dubois")),
                                 language="en").json_body
    assert "Marc Dubois" in document["next_steps"][0]["detail"]


def test_appointed_main_manager_can_list_access_managers(client, fas, in_register):
    appointee = new_person("Marc", "Dubois")
    post_registration(client, fas, in_register, other_manager_body(appointee))
    response = client.http.get(f"/v1/organisations/{ENTERPRISE}/access-managers", headers=fas.headers(appointee))
    assert response.status_code == 200


# POST /v1/organisations: refusals


def assert_problem(response, status, code):
    assert response.status_code == status, response.body
    assert response.headers["Content-Type"] == PROBLEM
    assert response.json_body["code"] == code


def test_register_unknown_enterprise_is_404(client, fas, in_register):
    response = post_registration(client, fas, in_register, registration_body(enterprise_number=OTHER_ENTERPRISE))
    assert_problem(response, 404, "enterprise_not_in_register")


def test_register_unknown_enterprise_detail_names_number(client, fas, in_register):
    response = post_registration(client, fas, in_register, registration_body(enterprise_number=OTHER_ENTERPRISE),
                                 language="nl")
    assert "0207.501.014" in response.json_body["detail"]


def test_register_by_non_representative_is_403(client, fas, in_register):
    response = post_registration(client, fas, new_person("Tom", "Stranger"), registration_body())
    assert_problem(response, 403, "not_legal_representative")


def test_register_by_representative_of_other_enterprise_is_403(client, fas, in_register):
    other_rep = new_person("Eva", "Elders")
    seed.register_enterprise(OTHER_ENTERPRISE, "OCMW Mol", [other_rep])
    response = post_registration(client, fas, other_rep, registration_body())
    assert_problem(response, 403, "not_legal_representative")


def test_register_refusal_writes_nothing(client, fas, in_register):
    post_registration(client, fas, new_person("Tom", "Stranger"), registration_body())
    assert stored(Organisation, organisation_key(ENTERPRISE)) is None


def test_register_terms_false_is_400(client, fas, in_register):
    response = post_registration(client, fas, in_register, registration_body(terms_confirmed=False))
    assert_problem(response, 400, "terms_not_confirmed")


def test_register_terms_missing_is_400(client, fas, in_register):
    body = registration_body()
    del body["terms_confirmed"]
    assert_problem(post_registration(client, fas, in_register, body), 400, "terms_not_confirmed")


def test_register_terms_as_text_is_field_invalid(client, fas, in_register):
    response = post_registration(client, fas, in_register, registration_body(terms_confirmed="yes"))
    assert_problem(response, 400, "field_invalid")


def test_register_without_terms_writes_nothing(client, fas, in_register):
    post_registration(client, fas, in_register, registration_body(terms_confirmed=False))
    assert stored(Organisation, organisation_key(ENTERPRISE)) is None


@pytest.mark.parametrize("field", ["enterprise_number", "email", "phone", "main_access_manager"])
def test_register_missing_field_is_400(client, fas, in_register, field):
    body = registration_body()
    del body[field]
    assert_problem(post_registration(client, fas, in_register, body), 400, "field_missing")


def test_register_missing_field_detail_names_field(client, fas, in_register):
    body = registration_body()
    del body["phone"]
    response = post_registration(client, fas, in_register, body, language="en")
    assert response.json_body["detail"] == "The field phone is missing."


def test_register_invalid_enterprise_number_is_400(client, fas, in_register):
    response = post_registration(client, fas, in_register, registration_body(enterprise_number="0409.667.029"))
    assert_problem(response, 400, "enterprise_number_invalid")


@pytest.mark.parametrize("email", ["directie", "directie@ocmw", "two@@ocmw.example", "a b@ocmw.example", 42])
def test_register_invalid_email_is_400(client, fas, in_register, email):
    response = post_registration(client, fas, in_register, registration_body(email=email))
    assert response.status_code == 400
    assert response.json_body["code"] in ("email_invalid", "field_invalid")


def test_register_invalid_email_code_is_email_invalid(client, fas, in_register):
    response = post_registration(client, fas, in_register, registration_body(email="directie@ocmw"))
    assert_problem(response, 400, "email_invalid")


@pytest.mark.parametrize("phone", ["12345", "call me", "+32 14 56 60 00 00 00 00 00", 3214566000])
def test_register_invalid_phone_is_field_invalid(client, fas, in_register, phone):
    response = post_registration(client, fas, in_register, registration_body(phone=phone))
    assert_problem(response, 400, "field_invalid")


def test_register_main_manager_text_is_400(client, fas, in_register):
    response = post_registration(client, fas, in_register, registration_body(main_access_manager="me"))
    assert_problem(response, 400, "field_invalid")


def test_register_invalid_main_manager_ssin_is_400(client, fas, in_register):
    body = other_manager_body(new_person(), ssin="85.07.30-033.29")
    assert_problem(post_registration(client, fas, in_register, body), 400, "ssin_invalid")


def test_register_invalid_ssin_names_nested_field(client, fas, in_register):
    body = other_manager_body(new_person(), ssin="85.07.30-033.29")
    response = post_registration(client, fas, in_register, body, language="en")
    assert "main_access_manager.ssin" in response.json_body["detail"]


def test_register_invalid_ssin_is_not_echoed(client, fas, in_register):
    body = other_manager_body(new_person(), ssin="85073003329")
    response = post_registration(client, fas, in_register, body)
    assert "85073003329" not in response.body.decode()


def test_register_main_manager_without_email_is_400(client, fas, in_register):
    body = other_manager_body(new_person())
    del body["main_access_manager"]["email"]
    assert_problem(post_registration(client, fas, in_register, body), 400, "field_missing")


def test_register_main_manager_unknown_language_is_400(client, fas, in_register):
    body = other_manager_body(new_person(), language="it")
    assert_problem(post_registration(client, fas, in_register, body), 400, "field_invalid")


def test_register_twice_is_409(client, fas, in_register):
    post_registration(client, fas, in_register, registration_body())
    response = post_registration(client, fas, in_register, registration_body())
    assert_problem(response, 409, "organisation_already_registered")


def test_register_by_second_representative_after_first_is_409(client, fas, in_register):
    second_rep = new_person("Jan", "Claes")
    seed.register_enterprise(ENTERPRISE, "OCMW Geel", [in_register, second_rep])
    post_registration(client, fas, in_register, registration_body())
    response = post_registration(client, fas, second_rep, other_manager_body(new_person()))
    assert_problem(response, 409, "organisation_already_registered")


def test_register_conflict_keeps_first_main_manager(client, fas, in_register):
    post_registration(client, fas, in_register, registration_body())
    post_registration(client, fas, in_register, other_manager_body(new_person()))
    stored = Organisation.get(*organisation_key(ENTERPRISE), consistent_read=True)
    assert stored.main_access_manager_ssin == in_register.ssin


def test_register_conflict_writes_no_audit_event(client, fas, in_register):
    post_registration(client, fas, in_register, registration_body())
    post_registration(client, fas, in_register, registration_body())
    assert len(audit_events(ENTERPRISE)) == 1


def test_register_without_token_is_401(client, in_register):
    response = client.http.post("/v1/organisations", headers={"Content-Type": "application/json"},
                                body=json.dumps(registration_body()))
    assert response.status_code == 401


def test_register_refusal_is_in_accept_language(client, fas, in_register):
    response = post_registration(client, fas, in_register, registration_body(terms_confirmed=False), language="de")
    assert "DSGVO" in response.json_body["detail"]


# GET /v1/organisations/{enterprise_number}


@pytest.fixture
def registered(client, in_register):
    """OCMW Geel, registered, with the legal representative as its main access manager."""
    seed.organisation(ENTERPRISE, in_register)
    return in_register


def get_organisation(client, fas, person, number=ENTERPRISE, language=None):
    return client.http.get(f"/v1/organisations/{number}", headers=fas.headers(person, language))


def test_read_by_main_manager_returns_200(client, fas, registered):
    assert get_organisation(client, fas, registered).status_code == 200


def test_read_shows_contact_details(client, fas, registered):
    document = get_organisation(client, fas, registered).json_body
    assert (document["email"], document["phone"]) == ("directie@ocmw.example", "+32 14 00 00 00")


def test_read_shows_main_manager_ssin_formatted_to_managers(client, fas, registered):
    document = get_organisation(client, fas, registered).json_body
    assert document["main_access_manager"]["ssin_display"] == format_ssin(registered.ssin)


def test_read_by_social_security_manager_shows_ssin(client, fas, registered):
    manager = new_person("Sara", "Maes")
    seed.manager(ENTERPRISE, manager, "social_security")
    document = get_organisation(client, fas, manager).json_body
    assert document["main_access_manager"]["ssin"] == registered.ssin


def test_read_by_role_holder_returns_200(client, fas, registered):
    worker = new_person("Wim", "Wouters")
    seed.assignment(ENTERPRISE, worker, "social_worker")
    assert get_organisation(client, fas, worker).status_code == 200


def test_read_by_role_holder_hides_main_manager_ssin(client, fas, registered):
    worker = new_person("Wim", "Wouters")
    seed.assignment(ENTERPRISE, worker, "social_worker")
    manager = get_organisation(client, fas, worker).json_body["main_access_manager"]
    assert "ssin" not in manager
    assert "ssin_display" not in manager


def test_read_by_role_holder_shows_main_manager_name(client, fas, registered):
    worker = new_person("Wim", "Wouters")
    seed.assignment(ENTERPRISE, worker, "dpo")
    manager = get_organisation(client, fas, worker).json_body["main_access_manager"]
    assert manager["surname"] == "Janssens"


def test_read_by_role_holder_omits_ssin_everywhere(client, fas, registered):
    worker = new_person("Wim", "Wouters")
    seed.assignment(ENTERPRISE, worker, "department_head")
    body = get_organisation(client, fas, worker).body.decode()
    assert registered.ssin not in body
    assert format_ssin(registered.ssin) not in body


def test_read_tells_caller_their_rights(client, fas, registered):
    worker = new_person("Wim", "Wouters")
    seed.assignment(ENTERPRISE, worker, "social_worker")
    rights = get_organisation(client, fas, worker).json_body["caller"]
    assert [role["role"] for role in rights["active_roles"]] == ["social_worker"]


def test_read_by_pending_role_holder_is_403(client, fas, registered):
    applicant = new_person("Pia", "Peters")
    seed.assignment(ENTERPRISE, applicant, "social_worker", status="pending_approval")
    assert_problem(get_organisation(client, fas, applicant), 403, "no_right_on_organisation")


def test_read_by_expired_role_holder_is_403(client, fas, registered):
    former = new_person("Fien", "Fransen")
    seed.assignment(ENTERPRISE, former, "social_worker", valid_until=date(2021, 12, 31))
    assert_problem(get_organisation(client, fas, former), 403, "no_right_on_organisation")


def test_read_by_other_domain_manager_is_403(client, fas, registered):
    finance = new_person("Frank", "Financien")
    seed.manager(ENTERPRISE, finance, "finance")
    assert_problem(get_organisation(client, fas, finance), 403, "social_security_domain_required")


def test_read_by_stranger_is_403(client, fas, registered):
    assert_problem(get_organisation(client, fas, new_person()), 403, "no_right_on_organisation")


def test_read_by_plain_legal_representative_is_403(client, fas, registered):
    other_rep = new_person("Jan", "Claes")
    seed.register_enterprise(ENTERPRISE, "OCMW Geel", [registered, other_rep])
    assert_problem(get_organisation(client, fas, other_rep), 403, "no_right_on_organisation")


def test_read_unregistered_enterprise_is_403(client, fas, registered):
    assert_problem(get_organisation(client, fas, registered, number=OTHER_ENTERPRISE), 403,
                   "no_right_on_organisation")


def test_read_invalid_enterprise_number_is_400(client, fas, registered):
    assert_problem(get_organisation(client, fas, registered, number="0409667029"), 400,
                   "enterprise_number_invalid")


def test_read_accepts_dotted_enterprise_number(client, fas, registered):
    assert get_organisation(client, fas, registered, number="0409.667.028").status_code == 200


def test_read_shows_contract_active_once_signed(client, fas, registered):
    seed.sign_contract(ENTERPRISE, date(2024, 1, 1))
    document = get_organisation(client, fas, registered).json_body
    assert (document["contract_state"], document["contract_signed_on"]) == ("active", "2024-01-01")


def test_read_shows_contract_not_yet_active(client, fas, registered):
    clock.set_now(seed.utc(2026, 3, 1, 12))
    seed.sign_contract(ENTERPRISE, date(2026, 4, 1))
    assert get_organisation(client, fas, registered).json_body["contract_state"] == "not_yet_active"


def test_read_shows_contract_ended(client, fas, registered):
    clock.set_now(seed.utc(2026, 3, 1, 12))
    seed.sign_contract(ENTERPRISE, date(2024, 1, 1))
    stored = Organisation.get(*organisation_key(ENTERPRISE), consistent_read=True)
    stored.update(actions=[Organisation.contract_ends_on.set(date(2025, 12, 31))])
    assert get_organisation(client, fas, registered).json_body["contract_state"] == "ended"


def test_read_by_main_manager_uses_two_dynamodb_requests(client, fas, registered, dynamodb_calls):
    headers = fas.headers(registered)
    dynamodb_calls.reset()
    client.http.get(f"/v1/organisations/{ENTERPRISE}", headers=headers)
    assert dynamodb_calls.total == 2, dynamodb_calls.operations


def test_read_by_role_holder_uses_three_dynamodb_requests(client, fas, registered, dynamodb_calls):
    worker = new_person("Wim", "Wouters")
    seed.assignment(ENTERPRISE, worker, "social_worker")
    headers = fas.headers(worker)
    dynamodb_calls.reset()
    client.http.get(f"/v1/organisations/{ENTERPRISE}", headers=headers)
    assert dynamodb_calls.total == 3, dynamodb_calls.operations
