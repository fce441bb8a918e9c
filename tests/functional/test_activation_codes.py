"""POST /v1/me/activation-codes through the HTTP API, on moto."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta, timezone

import pytest

from chalicelib import clock
from chalicelib.identity.secrets import hash_activation_code
from chalicelib.store import organisation_cache
from chalicelib.store.models import (
    ActivationCode,
    ActivationCodePointer,
    AuditEvent,
    Organisation,
    RemiItem,
    activation_code_key,
    audit_pk,
    code_pointer_key,
    organisation_key,
)
from tests.functional.test_vendor_setup import ENTERPRISE, OTHER_ENTERPRISE, make_world
from tests.support import seed
from tests.support.people import new_person

PROBLEM = "application/problem+json"
# 2026-03-15 11:00 in Brussels.
NOW = datetime(2026, 3, 15, 10, 0, tzinfo=timezone.utc)
GROUPED_CODE = r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$"


@pytest.fixture(autouse=True)
def frozen_clock(aws):
    clock.set_now(NOW)
    yield
    clock.set_now(None)


@pytest.fixture
def world(client):
    return make_world()


def post_code(client, fas, person, body=None, language=None):
    payload = {"enterprise_number": ENTERPRISE} if body is None else body
    return client.http.post("/v1/me/activation-codes", headers=fas.headers(person, language),
                            body=json.dumps(payload))


def load_code(code: str) -> ActivationCode:
    return ActivationCode.get(*activation_code_key(hash_activation_code(code)), consistent_read=True)


def audit_actions() -> list[str]:
    return [item.action for item in AuditEvent.query(audit_pk(ENTERPRISE), consistent_read=True)
            if isinstance(item, AuditEvent)]


def test_code_is_created_with_201(client, fas, world):
    response = post_code(client, fas, world.staff)
    assert response.status_code == 201


def test_code_is_grouped_crockford(client, fas, world):
    response = post_code(client, fas, world.staff)
    assert re.match(GROUPED_CODE, response.json_body["code"])


def test_code_response_names_expiry_and_organisation(client, fas, world):
    body = post_code(client, fas, world.staff).json_body
    assert body["expires_at"] == "2026-03-15T10:10:00Z"
    assert body["enterprise_number"] == ENTERPRISE


def test_code_response_is_not_cached(client, fas, world):
    response = post_code(client, fas, world.staff)
    assert response.headers["Cache-Control"] == "no-store"


def test_code_accepts_dotted_enterprise_number(client, fas, world):
    response = post_code(client, fas, world.staff, {"enterprise_number": "0409.667.028"})
    assert response.status_code == 201


def test_code_is_stored_only_as_hash(client, fas, world):
    code = post_code(client, fas, world.staff).json_body["code"]
    raw = RemiItem._get_connection().get_item(*activation_code_key(hash_activation_code(code)),
                                              consistent_read=True)
    assert code.replace("-", "") not in json.dumps(raw)


def test_code_is_stored_unused_with_expiry(client, fas, world):
    code = post_code(client, fas, world.staff).json_body["code"]
    item = load_code(code)
    assert item.status == "unused"
    assert item.expires_at == NOW + timedelta(minutes=10)


def test_code_is_scheduled_for_sweep_at_expiry(client, fas, world):
    code = post_code(client, fas, world.staff).json_body["code"]
    assert load_code(code).sweep_at == NOW + timedelta(minutes=10)


def test_code_has_ttl(client, fas, world):
    code = post_code(client, fas, world.staff).json_body["code"]
    assert load_code(code).ttl is not None


def test_code_creation_writes_audit_event(client, fas, world):
    post_code(client, fas, world.staff)
    assert "activation_code.created" in audit_actions()


def test_code_creation_sets_pointer(client, fas, world):
    code = post_code(client, fas, world.staff).json_body["code"]
    pointer = ActivationCodePointer.get(*code_pointer_key(world.staff.ssin, ENTERPRISE), consistent_read=True)
    assert pointer.code_hash == hash_activation_code(code)


def test_new_code_replaces_previous_unused_code(client, fas, world):
    first = post_code(client, fas, world.staff).json_body["code"]
    post_code(client, fas, world.staff)
    assert load_code(first).status == "replaced"


def test_new_code_stays_unused_after_replacing(client, fas, world):
    post_code(client, fas, world.staff)
    second = post_code(client, fas, world.staff).json_body["code"]
    assert load_code(second).status == "unused"


def test_replaced_code_leaves_sweep_index(client, fas, world):
    first = post_code(client, fas, world.staff).json_body["code"]
    post_code(client, fas, world.staff)
    assert load_code(first).sweep_partition is None


def test_new_code_after_expiry_leaves_expired_code_alone(client, fas, world):
    first = post_code(client, fas, world.staff).json_body["code"]
    clock.set_now(NOW + timedelta(minutes=11))
    response = post_code(client, fas, world.staff)
    assert response.status_code == 201
    assert load_code(first).status == "unused"


def test_code_at_other_organisation_does_not_replace(client, fas, world):
    seed.organisation(OTHER_ENTERPRISE, new_person(), contract_signed_on=date(2024, 1, 1))
    seed.assignment(OTHER_ENTERPRISE, world.staff, "dpo")
    first = post_code(client, fas, world.staff).json_body["code"]
    post_code(client, fas, world.staff, {"enterprise_number": OTHER_ENTERPRISE})
    assert load_code(first).status == "unused"


def test_code_without_role_is_403_no_active_role(client, fas, world):
    outsider = new_person("Olaf", "Outsider")
    response = post_code(client, fas, outsider)
    assert response.status_code == 403
    assert response.json_body["code"] == "no_active_role"


def test_code_for_manager_without_role(client, fas, world):
    response = post_code(client, fas, world.main_manager)
    assert response.status_code == 403
    assert response.json_body["code"] == "no_active_role"


def test_code_with_pending_role(client, fas, world):
    pending = new_person("Pia", "Pending")
    seed.assignment(ENTERPRISE, pending, "social_worker", status="pending_approval")
    response = post_code(client, fas, pending)
    assert response.status_code == 403
    assert response.json_body["code"] == "no_active_role"


def test_code_with_ended_role(client, fas, world):
    former = new_person("Fien", "Former")
    seed.assignment(ENTERPRISE, former, "social_worker", valid_until=date(2026, 3, 14))
    response = post_code(client, fas, former)
    assert response.status_code == 403
    assert response.json_body["code"] == "no_active_role"


def test_code_with_role_elsewhere(client, fas, world):
    seed.organisation(OTHER_ENTERPRISE, new_person(), contract_signed_on=date(2024, 1, 1))
    elsewhere = new_person("Eli", "Elders")
    seed.assignment(OTHER_ENTERPRISE, elsewhere, "social_worker")
    response = post_code(client, fas, elsewhere)
    assert response.status_code == 403
    assert response.json_body["code"] == "no_active_role"


def test_code_without_contract_is_403_contract_not_signed(client, fas):
    world = make_world(contract_signed_on=None)
    response = post_code(client, fas, world.staff)
    assert response.status_code == 403
    assert response.json_body["code"] == "contract_not_signed"


def test_contract_not_signed_detail(client, fas):
    world = make_world(contract_signed_on=None)
    response = post_code(client, fas, world.staff, language="en")
    assert "once the OCMW has signed the contract" in response.json_body["detail"]


def test_contract_not_signed_is_problem_json(client, fas):
    world = make_world(contract_signed_on=None)
    response = post_code(client, fas, world.staff)
    assert response.headers["Content-Type"] == PROBLEM


def test_code_with_contract_signed_tomorrow_is_403(client, fas):
    world = make_world(contract_signed_on=date(2026, 3, 16))
    response = post_code(client, fas, world.staff)
    assert response.status_code == 403
    assert response.json_body["code"] == "contract_not_signed"


def test_code_with_ended_contract_is_403_contract_ended(client, fas, world):
    organisation = Organisation.get(*organisation_key(ENTERPRISE))
    organisation.update(actions=[Organisation.contract_ends_on.set(date(2026, 3, 14))])
    organisation_cache.clear()
    response = post_code(client, fas, world.staff)
    assert response.status_code == 403
    assert response.json_body["code"] == "contract_ended"


def test_stale_cached_contract_is_caught_by_transaction(client, fas, world):
    post_code(client, fas, world.staff)  # caches the organisation with its signed contract
    organisation = Organisation.get(*organisation_key(ENTERPRISE))
    organisation.update(actions=[Organisation.contract_signed_on.remove()])

    response = post_code(client, fas, world.staff)

    assert response.status_code == 403
    assert response.json_body["code"] == "contract_not_signed"


def test_stale_cached_contract_writes_no_code(client, fas, world):
    first = post_code(client, fas, world.staff).json_body["code"]
    organisation = Organisation.get(*organisation_key(ENTERPRISE))
    organisation.update(actions=[Organisation.contract_signed_on.remove()])
    post_code(client, fas, world.staff)
    assert load_code(first).status == "unused"


def test_code_without_enterprise_number_is_400_field_missing(client, fas, world):
    response = post_code(client, fas, world.staff, {})
    assert response.status_code == 400
    assert response.json_body["code"] == "field_missing"


def test_code_with_invalid_enterprise_number_is_400(client, fas, world):
    response = post_code(client, fas, world.staff, {"enterprise_number": "0409667029"})
    assert response.status_code == 400
    assert response.json_body["code"] == "enterprise_number_invalid"


def test_code_with_numeric_enterprise_number_is_400(client, fas, world):
    response = post_code(client, fas, world.staff, {"enterprise_number": 409667028})
    assert response.status_code == 400
    assert response.json_body["code"] == "enterprise_number_invalid"


def test_code_without_fas_token_is_401(client, world):
    response = client.http.post("/v1/me/activation-codes", headers={"Content-Type": "application/json"},
                                body=json.dumps({"enterprise_number": ENTERPRISE}))
    assert response.status_code == 401
    assert response.json_body["code"] == "token_missing"


def test_concurrent_pointer_change_is_409(client, fas, world, monkeypatch):
    # Load the standing before another request writes a new pointer, then write with the stale one.
    from chalicelib.services import activation, permissions

    stale = permissions.load_standing(world.staff.ssin, ENTERPRISE)
    post_code(client, fas, world.staff)
    monkeypatch.setattr(activation, "load_standing", lambda ssin, number: stale)

    response = post_code(client, fas, world.staff)

    assert response.status_code == 409
    assert response.json_body["code"] == "activation_code_conflict"


def test_code_budget_is_two_requests_with_cached_organisation(client, fas, world, dynamodb_calls):
    organisation_cache.get(ENTERPRISE)
    post_code(client, fas, world.staff)  # a previous code, so the replacement path runs
    dynamodb_calls.reset()

    response = post_code(client, fas, world.staff)

    assert response.status_code == 201
    assert dynamodb_calls.total <= 2, dynamodb_calls.operations


def test_code_budget_uses_query_and_transaction(client, fas, world, dynamodb_calls):
    organisation_cache.get(ENTERPRISE)
    dynamodb_calls.reset()
    post_code(client, fas, world.staff)
    assert dict(dynamodb_calls.operations) == {"Query": 1, "TransactWriteItems": 1}
