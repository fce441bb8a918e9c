"""Recording and ending REMI contracts: the service and `remi-admin contract`, on moto."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest
from click.testing import CliRunner

from chalicelib import clock
from chalicelib.errors import BadRequest, Conflict, NotFound
from chalicelib.services import contracts
from chalicelib.store import organisation_cache
from chalicelib.store.models import AuditEvent, Organisation, RemiItem, audit_pk, organisation_key
from remi_admin.cli import cli
from tests.support import seed
from tests.support.people import new_person

ENTERPRISE = seed.DEMO_ENTERPRISE
UNREGISTERED_ENTERPRISE = "0207502004"
NOW = datetime(2026, 3, 15, 10, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def frozen_clock(aws):
    clock.set_now(NOW)
    yield
    clock.set_now(None)


@pytest.fixture
def registered():
    return seed.organisation(ENTERPRISE, new_person(), name="OCMW Geel")


def stored_organisation(enterprise_number: str = ENTERPRISE) -> Organisation:
    return Organisation.get(*organisation_key(enterprise_number), consistent_read=True)


def contract_events(enterprise_number: str = ENTERPRISE) -> list[AuditEvent]:
    return [event for event in RemiItem.query(audit_pk(enterprise_number), RemiItem.sk.startswith("AUDIT#"),
                                              consistent_read=True)
            if isinstance(event, AuditEvent) and event.action.startswith("contract.")]


def admin(*arguments: str):
    return CliRunner().invoke(cli, list(arguments))


# The service


def test_record_contract_sets_the_dates(registered):
    contracts.record_contract(ENTERPRISE, date(2026, 2, 1), date(2028, 12, 31))

    organisation = stored_organisation()
    assert organisation.contract_signed_on == date(2026, 2, 1)
    assert organisation.contract_ends_on == date(2028, 12, 31)
    assert organisation.contract_active(date(2026, 3, 15)) is True


def test_record_contract_writes_an_audit_event(registered):
    contracts.record_contract(ENTERPRISE, date(2026, 2, 1))

    [event] = contract_events()
    assert event.action == "contract.recorded"
    assert event.actor == "operator"
    assert event.target_type == "organisation"
    assert event.target_id == ENTERPRISE
    assert event.before == {"contract_signed_on": None, "contract_ends_on": None}
    assert event.after == {"contract_signed_on": "2026-02-01", "contract_ends_on": None}


def test_recording_again_replaces_the_dates(registered):
    contracts.record_contract(ENTERPRISE, date(2026, 2, 1), date(2026, 12, 31))
    contracts.record_contract(ENTERPRISE, date(2026, 2, 3))

    organisation = stored_organisation()
    assert organisation.contract_signed_on == date(2026, 2, 3)
    assert organisation.contract_ends_on is None
    assert len(contract_events()) == 2


def test_record_contract_for_unknown_organisation_is_not_found(aws):
    with pytest.raises(NotFound) as raised:
        contracts.record_contract(UNREGISTERED_ENTERPRISE, date(2026, 2, 1))

    assert raised.value.code == "contract_organisation_not_found"
    assert contract_events(UNREGISTERED_ENTERPRISE) == []


def test_record_contract_ending_before_signing_is_rejected(registered):
    with pytest.raises(BadRequest) as raised:
        contracts.record_contract(ENTERPRISE, date(2026, 2, 1), date(2026, 1, 31))

    assert raised.value.code == "contract_dates_invalid"
    assert stored_organisation().contract_signed_on is None


def test_end_contract_sets_the_last_day(registered):
    contracts.record_contract(ENTERPRISE, date(2026, 2, 1))

    contracts.end_contract(ENTERPRISE, date(2026, 6, 30))

    organisation = stored_organisation()
    assert organisation.contract_ends_on == date(2026, 6, 30)
    assert organisation.contract_active(date(2026, 6, 30)) is True
    assert organisation.contract_active(date(2026, 7, 1)) is False
    assert [event.action for event in contract_events()].count("contract.ended") == 1


def test_end_contract_without_contract_is_a_conflict(registered):
    with pytest.raises(Conflict) as raised:
        contracts.end_contract(ENTERPRISE, date(2026, 6, 30))

    assert raised.value.code == "contract_not_recorded"


def test_end_contract_before_signing_is_rejected(registered):
    contracts.record_contract(ENTERPRISE, date(2026, 2, 1))

    with pytest.raises(BadRequest) as raised:
        contracts.end_contract(ENTERPRISE, date(2026, 1, 1))

    assert raised.value.code == "contract_dates_invalid"


def test_contract_changed_since_the_read_is_a_conflict(registered, monkeypatch):
    stale = stored_organisation()
    contracts.record_contract(ENTERPRISE, date(2026, 2, 1))
    monkeypatch.setattr(contracts, "load_organisation", lambda enterprise_number: stale)

    with pytest.raises(Conflict) as raised:
        contracts.record_contract(ENTERPRISE, date(2026, 3, 1))

    assert raised.value.code == "contract_changed_concurrently"
    assert stored_organisation().contract_signed_on == date(2026, 2, 1)
    assert len(contract_events()) == 1


def test_record_contract_refreshes_the_organisation_cache(registered):
    assert organisation_cache.get(ENTERPRISE).contract_signed_on is None

    contracts.record_contract(ENTERPRISE, date(2026, 2, 1))

    assert organisation_cache.get(ENTERPRISE).contract_signed_on == date(2026, 2, 1)


# remi-admin contract


def test_admin_record_accepts_any_enterprise_number_form(registered):
    result = admin("contract", "record", "BE 0409.667.028", "--signed-on", "2026-02-01", "--ends-on", "2027-01-31")

    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["contract_ends_on"] == "2027-01-31"
    assert stored_organisation().contract_signed_on == date(2026, 2, 1)


def test_admin_end_sets_the_last_day(registered):
    admin("contract", "record", ENTERPRISE, "--signed-on", "2026-02-01")

    result = admin("contract", "end", "409667028", "--on", "2026-03-14")

    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["active_today"] is False
    assert stored_organisation().contract_ends_on == date(2026, 3, 14)


def test_admin_show_prints_the_contract(registered):
    contracts.record_contract(ENTERPRISE, date(2026, 2, 1))

    result = admin("contract", "show", "0409.667.028")

    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "enterprise_number": "0409.667.028",
        "name": "OCMW Geel",
        "contract_signed_on": "2026-02-01",
        "contract_ends_on": None,
        "active_today": True,
    }


def test_admin_record_with_invalid_enterprise_number_fails(registered):
    result = admin("contract", "record", "0409667029", "--signed-on", "2026-02-01")

    assert result.exit_code == 2
    assert "Invalid enterprise number" in result.output


def test_admin_record_with_invalid_date_fails(registered):
    result = admin("contract", "record", ENTERPRISE, "--signed-on", "01/02/2026")

    assert result.exit_code == 2
    assert stored_organisation().contract_signed_on is None


def test_admin_end_without_contract_explains_why(registered):
    result = admin("contract", "end", ENTERPRISE, "--on", "2026-06-30")

    assert result.exit_code == 1
    assert "No signed contract is recorded for 0409.667.028" in result.output


def test_admin_show_unknown_organisation_fails(aws):
    result = admin("contract", "show", UNREGISTERED_ENTERPRISE)

    assert result.exit_code == 1
    assert "No OCMW with enterprise number 0207.502.004" in result.output
