"""The status check's rules without I/O: model instances built in memory, time passed in."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from chalicelib.services.status import (
    ACCESS_GRANTED,
    ACCESS_NONE,
    ACCESS_PENDING,
    PENDING_APPROVAL_TIMEOUT,
    PersonItems,
    organisation_status,
    person_status,
    role_state,
)
from chalicelib.store.models import AccessManager, Organisation, RoleAssignment

ORG_A = "0409667028"
ORG_B = "0207437468"
SSIN = "85073003328"
# 2026-03-15 11:00 in Brussels (CET).
NOW = datetime(2026, 3, 15, 10, 0, tzinfo=timezone.utc)
TODAY = date(2026, 3, 15)


def organisation(number: str = ORG_A, name: str = "OCMW Geel", signed_on: date | None = date(2025, 1, 1),
                 ends_on: date | None = None) -> Organisation:
    return Organisation(
        f"ORG#{number}", "ORGANISATION", enterprise_number=number, name=name, email="a@b.example",
        phone="+32 14 00 00 00", main_access_manager_ssin=SSIN, registered_by_ssin=SSIN,
        registered_at=NOW, terms_confirmed_at=NOW, contract_signed_on=signed_on, contract_ends_on=ends_on,
    )


def assignment(role: str = "social_worker", status: str = "active", valid_from: date = date(2025, 1, 1),
               valid_until: date | None = None, number: str = ORG_A, pending_since: datetime | None = None,
               reason: str | None = None) -> RoleAssignment:
    return RoleAssignment(
        f"PERSON#{SSIN}", f"ORG#{number}#ROLE#{role}", assignment_id=f"id-{role}", enterprise_number=number,
        ssin=SSIN, role=role, status=status, valid_from=valid_from, valid_until=valid_until,
        created_at=NOW - timedelta(days=1), updated_at=NOW - timedelta(days=1),
        pending_since=pending_since if status != "pending_approval" else (pending_since or NOW - timedelta(days=1)),
        reason=reason,
    )


def manager(domain: str, number: str = ORG_A) -> AccessManager:
    return AccessManager(
        f"PERSON#{SSIN}", f"ORG#{number}#MANAGER#{domain}", manager_id=f"m-{domain}", enterprise_number=number,
        ssin=SSIN, domain=domain, level="main" if domain == "*" else "domain", email="a@b.example",
        language="nl", appointed_at=NOW, appointed_by_ssin=SSIN,
    )


def codes(status) -> list[str]:
    return [diagnosis.code for diagnosis in status.diagnoses]


def test_active_role_with_signed_contract_can_use_remi():
    status = organisation_status(ORG_A, organisation(), [], [assignment()], NOW)
    assert status.access == ACCESS_GRANTED
    assert status.can_use_remi_now is True
    assert codes(status) == []


def test_active_role_without_contract_not_usable():
    status = organisation_status(ORG_A, organisation(signed_on=None), [], [assignment()], NOW)
    assert status.access == ACCESS_GRANTED
    assert status.can_use_remi_now is False
    assert codes(status) == ["contract_not_signed"]


def test_contract_signed_in_future_counts_as_not_signed():
    status = organisation_status(ORG_A, organisation(signed_on=TODAY + timedelta(days=1)), [], [assignment()], NOW)
    assert codes(status) == ["contract_not_signed"]


def test_ended_contract_is_diagnosed_with_its_end_date():
    status = organisation_status(ORG_A, organisation(ends_on=TODAY - timedelta(days=1)), [], [assignment()], NOW)
    assert status.can_use_remi_now is False
    assert codes(status) == ["contract_ended"]
    assert status.diagnoses[0].params["date"] == TODAY - timedelta(days=1)


def test_contract_ending_today_is_still_active():
    status = organisation_status(ORG_A, organisation(ends_on=TODAY), [], [assignment()], NOW)
    assert status.can_use_remi_now is True


def test_role_valid_until_today_is_granted():
    status = organisation_status(ORG_A, organisation(), [], [assignment(valid_until=TODAY)], NOW)
    assert status.access == ACCESS_GRANTED


def test_role_past_valid_until_is_absent():
    status = organisation_status(ORG_A, organisation(), [], [assignment(valid_until=TODAY - timedelta(days=1))], NOW)
    assert status.access == ACCESS_NONE
    assert codes(status) == ["role_expired"]
    assert status.diagnoses[0].params["date"] == TODAY - timedelta(days=1)


def test_valid_until_uses_the_brussels_calendar_day():
    # 2026-03-15 23:30 UTC is already 2026-03-16 in Brussels, so a role valid until the 15th is over.
    late_evening = datetime(2026, 3, 15, 23, 30, tzinfo=timezone.utc)
    status = organisation_status(ORG_A, organisation(), [], [assignment(valid_until=TODAY)], late_evening)
    assert status.access == ACCESS_NONE


def test_role_starting_later_gives_start_date():
    start = TODAY + timedelta(days=10)
    status = organisation_status(ORG_A, organisation(), [], [assignment(valid_from=start)], NOW)
    assert status.access == ACCESS_NONE
    assert codes(status) == ["role_not_yet_valid"]
    assert status.diagnoses[0].params["date"] == start


def test_pending_role_gives_pending_access():
    status = organisation_status(ORG_A, organisation(), [], [assignment(status="pending_approval")], NOW)
    assert status.access == ACCESS_PENDING
    assert codes(status) == ["pending_approval"]
    assert status.diagnoses[0].role == "social_worker"


def test_pending_role_past_its_deadline_counts_as_expired(monkeypatch):
    monkeypatch.setenv("REMI_PENDING_APPROVAL_DAYS", "30")
    from chalicelib.settings import reset_settings

    reset_settings()
    try:
        old = assignment(status="pending_approval", pending_since=NOW - timedelta(days=31))
        status = organisation_status(ORG_A, organisation(), [], [old], NOW)
    finally:
        monkeypatch.delenv("REMI_PENDING_APPROVAL_DAYS")
        reset_settings()
    assert status.access == ACCESS_NONE
    assert codes(status) == ["pending_approval_expired"]


def test_swept_pending_role_keeps_its_timeout_diagnosis():
    swept = assignment(status="expired", reason=PENDING_APPROVAL_TIMEOUT)
    status = organisation_status(ORG_A, organisation(), [], [swept], NOW)
    assert codes(status) == ["pending_approval_expired"]


@pytest.mark.parametrize("stored, code", [("stopped", "role_stopped"), ("rejected", "role_rejected")])
def test_closed_role_is_absent_and_diagnosed(stored, code):
    status = organisation_status(ORG_A, organisation(), [], [assignment(status=stored)], NOW)
    assert status.access == ACCESS_NONE
    assert codes(status) == [code]


def test_one_active_role_outweighs_an_expired_one():
    roles = [assignment(), assignment(role="dpo", valid_until=TODAY - timedelta(days=1))]
    status = organisation_status(ORG_A, organisation(), [], roles, NOW)
    assert status.access == ACCESS_GRANTED
    assert codes(status) == []


@pytest.mark.parametrize("domain", ["*", "social_security"])
def test_remi_manager_without_role_diagnosed(domain):
    status = organisation_status(ORG_A, organisation(), [manager(domain)], [], NOW)
    assert status.access == ACCESS_NONE
    assert codes(status) == ["manager_without_role"]


def test_other_domain_manager_diagnosed():
    status = organisation_status(ORG_A, organisation(), [manager("ehealth")], [], NOW)
    assert codes(status) == ["access_manager_other_domain_only"]


def test_manager_with_pending_role_gets_no_manager_diagnosis():
    status = organisation_status(ORG_A, organisation(), [manager("*")], [assignment(status="pending_approval")], NOW)
    assert codes(status) == ["pending_approval"]


def test_manager_with_active_role_is_granted():
    status = organisation_status(ORG_A, organisation(), [manager("*")], [assignment()], NOW)
    assert status.access == ACCESS_GRANTED
    assert codes(status) == []


def test_role_state_names_each_state():
    assert role_state(assignment(), NOW) == "active"
    assert role_state(assignment(valid_from=TODAY + timedelta(days=1)), NOW) == "not_yet_valid"
    assert role_state(assignment(valid_until=TODAY - timedelta(days=1)), NOW) == "expired"
    assert role_state(assignment(status="stopped"), NOW) == "stopped"


def test_person_without_items_gets_no_organisation():
    result = person_status(PersonItems(), {}, NOW)
    assert result.access == ACCESS_NONE
    assert [diagnosis.code for diagnosis in result.diagnoses] == ["no_organisation"]
    assert result.organisations == []


def test_person_access_is_the_best_of_their_organisations():
    items = PersonItems(assignments={
        ORG_A: [assignment(status="pending_approval")],
        ORG_B: [assignment(number=ORG_B)],
    })
    orgs = {ORG_A: organisation(), ORG_B: organisation(ORG_B, name="OCMW Mol", signed_on=None)}
    result = person_status(items, orgs, NOW)
    assert result.access == ACCESS_GRANTED
    assert result.can_use_remi_now is False
    assert [status.enterprise_number for status in result.organisations] == [ORG_A, ORG_B]


def test_person_pending_everywhere_is_pending():
    items = PersonItems(assignments={ORG_A: [assignment(status="pending_approval")]})
    result = person_status(items, {ORG_A: organisation()}, NOW)
    assert result.access == ACCESS_PENDING


def test_role_elsewhere_is_named():
    items = PersonItems(assignments={ORG_B: [assignment(number=ORG_B)]})
    orgs = {ORG_A: organisation(), ORG_B: organisation(ORG_B, name="OCMW Mol")}
    result = person_status(items, orgs, NOW, enterprise_number=ORG_A)
    assert result.access == ACCESS_NONE
    assert [status.enterprise_number for status in result.organisations] == [ORG_A]
    assert [diagnosis.code for diagnosis in result.diagnoses] == ["role_at_other_organisation"]
    assert result.diagnoses[0].params["organisations"] == ["OCMW Mol"]


def test_asking_about_unregistered_organisation_says_so():
    result = person_status(PersonItems(), {}, NOW, enterprise_number=ORG_A)
    assert [diagnosis.code for diagnosis in result.diagnoses] == ["organisation_not_registered", "no_organisation"]


def test_asking_about_own_organisation_diagnoses_only_it():
    items = PersonItems(assignments={
        ORG_A: [assignment()],
        ORG_B: [assignment(number=ORG_B, status="stopped")],
    })
    orgs = {ORG_A: organisation(), ORG_B: organisation(ORG_B, name="OCMW Mol")}
    result = person_status(items, orgs, NOW, enterprise_number=ORG_A)
    assert result.can_use_remi_now is True
    assert result.diagnoses == []


def test_unknown_organisation_is_labelled_by_its_number():
    items = PersonItems(assignments={ORG_A: [assignment(status="stopped")]})
    result = person_status(items, {}, NOW)
    assert result.diagnoses[0].params["organisation"] == "0409.667.028"
