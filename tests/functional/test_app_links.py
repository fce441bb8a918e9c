"""App links through the HTTP API: the person's own list and revocation, and the
organisation's list (managers and DPO) and revocation (managers)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from chalicelib import clock
from chalicelib.identifiers import mask_ssin
from chalicelib.store.models import AuditEvent, audit_pk
from tests.functional.test_vendor_setup import (  # noqa: F401 (fixtures: frozen_clock, world, tokens, kms_calls)
    NOW,
    frozen_clock,
    world,
    tokens,
    ENTERPRISE,
    OTHER_ENTERPRISE,
    link_id_of,
    load_link,
    oauth_error,
    refresh,
    vendor_me,
)

pytestmark = pytest.mark.usefixtures("frozen_clock")
from tests.support import seed
from tests.support.people import new_person

ORGANISATION_LINKS = f"/v1/organisations/{ENTERPRISE}/app-links"


def my_links(client, fas, person):
    return client.http.get("/v1/me/app-links", headers=fas.headers(person))


def organisation_links(client, fas, person):
    return client.http.get(ORGANISATION_LINKS, headers=fas.headers(person))


def audit_actions() -> list[str]:
    return [item.action for item in AuditEvent.query(audit_pk(ENTERPRISE), consistent_read=True)]


# --- the person's own links ---------------------------------------------------------------


def test_my_links_lists_the_link(client, fas, world, tokens):
    items = my_links(client, fas, world.staff).json_body["items"]
    assert [item["link_id"] for item in items] == [link_id_of(tokens)]


def test_my_links_shows_vendor_organisation_and_status(client, fas, world, tokens):
    item = my_links(client, fas, world.staff).json_body["items"][0]
    assert item["vendor_name"] == "CIPAL Schaubroeck"
    assert item["organisation_name"] == "OCMW Geel"
    assert item["status"] == "active"


def test_my_links_shows_created_and_last_used(client, fas, world, tokens):
    item = my_links(client, fas, world.staff).json_body["items"][0]
    assert item["created_at"] == "2026-03-15T10:00:00Z"
    assert item["last_used_at"] == "2026-03-15T10:00:00Z"


def test_my_links_shows_last_use_of_refresh(client, fas, world, tokens):
    clock.set_now(NOW + timedelta(hours=1))
    refresh(client, world, tokens["refresh_token"])
    item = my_links(client, fas, world.staff).json_body["items"][0]
    assert item["last_used_at"] == "2026-03-15T11:00:00Z"


def test_my_links_shows_expired_after_expiry(client, fas, world, tokens):
    clock.set_now(NOW + timedelta(days=90))
    item = my_links(client, fas, world.staff).json_body["items"][0]
    assert item["status"] == "expired"


def test_my_links_leaves_out_other_people(client, fas, world, tokens):
    colleague = new_person("Cas", "Claes")
    seed.assignment(ENTERPRISE, colleague, "social_worker")
    assert my_links(client, fas, colleague).json_body["items"] == []


def test_my_links_never_shows_secrets(client, fas, world, tokens):
    body = my_links(client, fas, world.staff).body.decode()
    assert tokens["refresh_token"].split(".", 1)[1] not in body


def test_my_links_without_token_is_401(client, world):
    response = client.http.get("/v1/me/app-links")
    assert response.status_code == 401
    assert response.json_body["code"] == "token_missing"


def test_revoke_own_link_returns_204(client, fas, world, tokens):
    response = client.http.delete(f"/v1/me/app-links/{link_id_of(tokens)}", headers=fas.headers(world.staff))
    assert response.status_code == 204


def test_revoke_own_link_marks_it_revoked(client, fas, world, tokens):
    client.http.delete(f"/v1/me/app-links/{link_id_of(tokens)}", headers=fas.headers(world.staff))
    link = load_link(link_id_of(tokens))
    assert link.status == "revoked"
    assert link.revoked_reason == "revoked_by_person"
    assert link.revoked_at == NOW


def test_revoke_own_link_removes_it_from_sweep(client, fas, world, tokens):
    client.http.delete(f"/v1/me/app-links/{link_id_of(tokens)}", headers=fas.headers(world.staff))
    assert load_link(link_id_of(tokens)).sweep_partition is None


def test_revoke_own_link_writes_audit_event(client, fas, world, tokens):
    client.http.delete(f"/v1/me/app-links/{link_id_of(tokens)}", headers=fas.headers(world.staff))
    assert "app_link.revoked" in audit_actions()


def test_revoke_own_link_stops_refresh(client, fas, world, tokens):
    client.http.delete(f"/v1/me/app-links/{link_id_of(tokens)}", headers=fas.headers(world.staff))
    assert oauth_error(refresh(client, world, tokens["refresh_token"])) == "invalid_grant"


def test_revoked_link_is_listed_as_revoked(client, fas, world, tokens):
    client.http.delete(f"/v1/me/app-links/{link_id_of(tokens)}", headers=fas.headers(world.staff))
    item = my_links(client, fas, world.staff).json_body["items"][0]
    assert item["status"] == "revoked"
    assert item["revoked_reason"] == "revoked_by_person"


def test_revoke_own_link_twice_is_409(client, fas, world, tokens):
    path = f"/v1/me/app-links/{link_id_of(tokens)}"
    client.http.delete(path, headers=fas.headers(world.staff))
    response = client.http.delete(path, headers=fas.headers(world.staff))
    assert response.status_code == 409
    assert response.json_body["code"] == "app_link_not_active"


def test_revoke_expired_link_is_409(client, fas, world, tokens):
    clock.set_now(NOW + timedelta(days=90))
    response = client.http.delete(f"/v1/me/app-links/{link_id_of(tokens)}", headers=fas.headers(world.staff))
    assert response.status_code == 409
    assert response.json_body["code"] == "app_link_not_active"


def test_revoke_someone_elses_link_is_404(client, fas, world, tokens):
    colleague = new_person("Cas", "Claes")
    response = client.http.delete(f"/v1/me/app-links/{link_id_of(tokens)}", headers=fas.headers(colleague))
    assert response.status_code == 404
    assert response.json_body["code"] == "app_link_not_found"


def test_revoke_someone_elses_link_leaves_it_active(client, fas, world, tokens):
    colleague = new_person("Cas", "Claes")
    client.http.delete(f"/v1/me/app-links/{link_id_of(tokens)}", headers=fas.headers(colleague))
    assert load_link(link_id_of(tokens)).status == "active"


def test_revoke_unknown_link_is_404(client, fas, world):
    response = client.http.delete(f"/v1/me/app-links/{'0' * 32}", headers=fas.headers(world.staff))
    assert response.status_code == 404
    assert response.json_body["code"] == "app_link_not_found"


def test_revoke_malformed_link_id_is_404(client, fas, world):
    response = client.http.delete("/v1/me/app-links/not-a-link", headers=fas.headers(world.staff))
    assert response.status_code == 404
    assert response.json_body["code"] == "app_link_not_found"


# --- the organisation's links -----------------------------------------------------------


def test_main_manager_lists_organisation_links(client, fas, world, tokens):
    items = organisation_links(client, fas, world.main_manager).json_body["items"]
    assert [item["link_id"] for item in items] == [link_id_of(tokens)]


def test_manager_sees_full_ssin_and_name(client, fas, world, tokens):
    item = organisation_links(client, fas, world.main_manager).json_body["items"][0]
    assert item["person"] == {"ssin": world.staff.ssin, "given_name": "Sam", "surname": "Smets"}


def test_social_security_manager_lists_organisation_links(client, fas, world, tokens):
    manager = new_person("Lot", "Lambrechts")
    seed.manager(ENTERPRISE, manager, "social_security")
    assert organisation_links(client, fas, manager).status_code == 200


def test_dpo_sees_masked_ssin(client, fas, world, tokens):
    dpo = new_person("Dirk", "Dewilde")
    seed.assignment(ENTERPRISE, dpo, "dpo")
    item = organisation_links(client, fas, dpo).json_body["items"][0]
    assert item["person"]["ssin"] == mask_ssin(world.staff.ssin)


def test_social_worker_cannot_list_organisation_links(client, fas, world, tokens):
    response = organisation_links(client, fas, world.staff)
    assert response.status_code == 403
    assert response.json_body["code"] == "no_right_on_organisation"


def test_manager_of_other_domain_cannot_list_organisation_links(client, fas, world, tokens):
    manager = new_person("Fien", "Financiën")
    seed.manager(ENTERPRISE, manager, "finance")
    response = organisation_links(client, fas, manager)
    assert response.status_code == 403
    assert response.json_body["code"] == "social_security_domain_required"


def test_manager_elsewhere_cannot_list_organisation_links(client, fas, world, tokens):
    seed.organisation(OTHER_ENTERPRISE, new_person(), contract_signed_on=date(2024, 1, 1))
    manager = new_person("Els", "Elsewhere")
    seed.manager(OTHER_ENTERPRISE, manager, "*", level="main")
    response = organisation_links(client, fas, manager)
    assert response.status_code == 403
    assert response.json_body["code"] == "no_right_on_organisation"


def test_organisation_links_leave_out_other_organisations(client, fas, world, tokens):
    seed.organisation(OTHER_ENTERPRISE, new_person(), contract_signed_on=date(2024, 1, 1))
    manager = new_person("Els", "Elsewhere")
    seed.manager(OTHER_ENTERPRISE, manager, "*", level="main")
    response = client.http.get(f"/v1/organisations/{OTHER_ENTERPRISE}/app-links", headers=fas.headers(manager))
    assert response.json_body["items"] == []


def test_organisation_links_with_invalid_enterprise_number_is_400(client, fas, world):
    response = client.http.get("/v1/organisations/123/app-links", headers=fas.headers(world.main_manager))
    assert response.status_code == 400
    assert response.json_body["code"] == "enterprise_number_invalid"


def test_manager_revokes_organisation_link(client, fas, world, tokens):
    response = client.http.delete(f"{ORGANISATION_LINKS}/{link_id_of(tokens)}", headers=fas.headers(world.main_manager))
    assert response.status_code == 204
    assert load_link(link_id_of(tokens)).revoked_reason == "revoked_by_manager"


def test_manager_revocation_stops_vendor_me(client, fas, world, tokens):
    client.http.delete(f"{ORGANISATION_LINKS}/{link_id_of(tokens)}", headers=fas.headers(world.main_manager))
    assert vendor_me(client, tokens["access_token"]).status_code == 401


def test_manager_revocation_records_manager_as_actor(client, fas, world, tokens):
    client.http.delete(f"{ORGANISATION_LINKS}/{link_id_of(tokens)}", headers=fas.headers(world.main_manager))
    events = [item for item in AuditEvent.query(audit_pk(ENTERPRISE), consistent_read=True)
              if item.action == "app_link.revoked"]
    assert events[0].actor == world.main_manager.ssin


def test_dpo_cannot_revoke_organisation_link(client, fas, world, tokens):
    dpo = new_person("Dirk", "Dewilde")
    seed.assignment(ENTERPRISE, dpo, "dpo")
    response = client.http.delete(f"{ORGANISATION_LINKS}/{link_id_of(tokens)}", headers=fas.headers(dpo))
    assert response.status_code == 403
    assert response.json_body["code"] == "no_right_on_organisation"


def test_dpo_refusal_leaves_link_active(client, fas, world, tokens):
    dpo = new_person("Dirk", "Dewilde")
    seed.assignment(ENTERPRISE, dpo, "dpo")
    client.http.delete(f"{ORGANISATION_LINKS}/{link_id_of(tokens)}", headers=fas.headers(dpo))
    assert load_link(link_id_of(tokens)).status == "active"


def test_manager_cannot_revoke_link_of_other_organisation(client, fas, world, tokens):
    seed.organisation(OTHER_ENTERPRISE, new_person(), contract_signed_on=date(2024, 1, 1))
    manager = new_person("Els", "Elsewhere")
    seed.manager(OTHER_ENTERPRISE, manager, "*", level="main")
    response = client.http.delete(f"/v1/organisations/{OTHER_ENTERPRISE}/app-links/{link_id_of(tokens)}",
                                  headers=fas.headers(manager))
    assert response.status_code == 404
    assert response.json_body["code"] == "app_link_not_found"


def test_manager_revoking_revoked_link_is_409(client, fas, world, tokens):
    path = f"{ORGANISATION_LINKS}/{link_id_of(tokens)}"
    client.http.delete(path, headers=fas.headers(world.main_manager))
    response = client.http.delete(path, headers=fas.headers(world.main_manager))
    assert response.status_code == 409
    assert response.json_body["code"] == "app_link_not_active"
