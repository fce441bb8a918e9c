"""The expiry sweep on moto: the scheduled handler, idempotence, races, paging and cost."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import boto3
import pytest
from click.testing import CliRunner

from chalicelib import clock
from chalicelib.identity.secrets import hash_secret, new_id
from chalicelib.services import sweep
from chalicelib.services.assignments import schedule_assignment_sweep
from chalicelib.services.status import PENDING_APPROVAL_TIMEOUT
from chalicelib.store.models import (
    ActivationCode,
    AppLink,
    AuditEvent,
    Invitation,
    Organisation,
    RemiItem,
    RoleAssignment,
    activation_code_key,
    app_link_key,
    assignment_key,
    audit_pk,
    invitation_key,
    organisation_key,
)
from tests.support import seed
from tests.support.people import new_person

ENTERPRISE = seed.DEMO_ENTERPRISE
# 2026-03-15 11:00 in Brussels.
NOW = datetime(2026, 3, 15, 10, 0, tzinfo=timezone.utc)
TODAY = date(2026, 3, 15)
SCHEDULE_RULE = "arn:aws:events:eu-west-1:123456789012:rule/remi-sweep"


@pytest.fixture(autouse=True)
def frozen_clock(aws):
    clock.set_now(NOW)
    yield
    clock.set_now(None)


@pytest.fixture
def main_manager():
    person = new_person("Hilde", "Janssens")
    seed.organisation(ENTERPRISE, person, name="OCMW Geel", contract_signed_on=date(2025, 1, 1))
    return person


# Starting states, with the sweep keys their real writers set.


def invitation(expires_at: datetime, status: str = "active", save: bool = True) -> Invitation:
    invitation_id = new_id()
    item = Invitation(
        *invitation_key(invitation_id),
        invitation_id=invitation_id,
        enterprise_number=ENTERPRISE,
        organisation_name="OCMW Geel",
        roles=["social_worker"],
        valid_from=date(2026, 1, 1),
        expires_on=clock.today_in_brussels(expires_at),
        expires_at=expires_at,
        requires_approval=True,
        secret_hash=hash_secret(new_id()),
        status=status,
        created_by_ssin="85073003328",
        created_at=NOW - timedelta(days=30),
        updated_at=NOW - timedelta(days=30),
        org_pk=ENTERPRISE,
        org_sk=f"INVITATION#{invitation_id}",
    )
    item.schedule_sweep(expires_at)
    if save:
        item.save()
    return item


def assignment(person, role: str = "social_worker", **fields) -> RoleAssignment:
    item = seed.assignment(ENTERPRISE, person, role, **fields)
    schedule_assignment_sweep(item, clock.now())
    item.save()
    return item


def activation_code(person, expires_at: datetime, status: str = "unused") -> ActivationCode:
    item = ActivationCode(
        *activation_code_key(hash_secret(new_id())),
        enterprise_number=ENTERPRISE,
        ssin=person.ssin,
        status=status,
        created_at=expires_at - timedelta(minutes=10),
        expires_at=expires_at,
    )
    item.schedule_sweep(expires_at)
    item.save()
    return item


def app_link(person, expires_at: datetime) -> AppLink:
    link_id = new_id()
    item = AppLink(
        *app_link_key(link_id),
        link_id=link_id,
        enterprise_number=ENTERPRISE,
        ssin=person.ssin,
        client_id="cipal",
        vendor_name="CIPAL Schaubroeck",
        status="active",
        created_at=expires_at - timedelta(days=90),
        expires_at=expires_at,
        refresh_token_hash=hash_secret(new_id()),
    )
    item.schedule_sweep(expires_at)
    item.save()
    return item


def reread(item):
    return type(item).get(item.pk, item.sk, consistent_read=True)


def audit_events(enterprise_number: str = ENTERPRISE) -> list[AuditEvent]:
    return [event for event in RemiItem.query(audit_pk(enterprise_number), RemiItem.sk.startswith("AUDIT#"),
                                              consistent_read=True)
            if isinstance(event, AuditEvent)]


def sweep_events(enterprise_number: str = ENTERPRISE) -> list[AuditEvent]:
    return [event for event in audit_events(enterprise_number) if event.actor == "system:sweep"]


def invoke_schedule(client):
    event = client.events.generate_cw_event(
        source="aws.events",
        detail_type="Scheduled Event",
        detail={},
        resources=[SCHEDULE_RULE],
        region="eu-west-1",
    )
    return client.lambda_.invoke("expiry_sweep", event).payload


@pytest.fixture
def one_of_each_due(main_manager):
    """One due item of each kind the sweep expires."""
    worker = new_person()
    waiting = new_person()
    items = {
        "invitation": invitation(NOW - timedelta(minutes=1)),
        "role_assignment": assignment(worker, valid_until=TODAY - timedelta(days=1)),
        "activation_code": activation_code(worker, NOW - timedelta(seconds=1)),
        "app_link": app_link(worker, NOW - timedelta(hours=1)),
    }
    clock.set_now(NOW - timedelta(days=31))
    items["pending_approval"] = assignment(waiting, status="pending_approval")
    clock.set_now(NOW)
    return items


# The scheduled handler


def test_scheduled_sweep_expires_each_due_kind(client, one_of_each_due):
    summary = invoke_schedule(client)

    assert summary["expired"] == {
        "invitation": 1, "role_assignment": 1, "pending_approval": 1, "activation_code": 1, "app_link": 1,
    }
    assert summary["skipped"] == 0
    assert summary["failed"] == 0
    for item in one_of_each_due.values():
        current = reread(item)
        assert current.status == "expired", type(item).__name__
        assert current.sweep_partition is None, type(item).__name__
        assert current.sweep_at is None, type(item).__name__


def test_scheduled_sweep_writes_one_audit_event_per_change(client, one_of_each_due):
    invoke_schedule(client)

    actions = sorted(event.action for event in sweep_events())
    assert actions == [
        "activation_code.expired",
        "app_link.expired",
        "assignment.expired",
        "assignment.expired",
        "invitation.expired",
    ]


def test_scheduled_sweep_second_run_changes_nothing(client, one_of_each_due):
    invoke_schedule(client)
    after_first = {name: reread(item).to_simple_dict() for name, item in one_of_each_due.items()}
    events_after_first = len(audit_events())

    summary = invoke_schedule(client)

    assert summary["due"] == 0
    assert sum(summary["expired"].values()) == 0
    assert len(audit_events()) == events_after_first
    assert {name: reread(item).to_simple_dict() for name, item in one_of_each_due.items()} == after_first


def test_pending_approval_timeout_records_its_reason(client, one_of_each_due):
    invoke_schedule(client)

    assert reread(one_of_each_due["pending_approval"]).reason == PENDING_APPROVAL_TIMEOUT
    assert reread(one_of_each_due["role_assignment"]).reason is None


def test_expired_event_keeps_before_and_after(client, main_manager):
    item = invitation(NOW - timedelta(minutes=1))

    invoke_schedule(client)

    [event] = sweep_events()
    assert event.target_type == "invitation"
    assert event.target_id == item.invitation_id
    assert event.before["status"] == "active"
    assert event.after["status"] == "expired"


def test_scheduled_sweep_raises_when_writes_fail(client, main_manager, monkeypatch):
    from pynamodb.exceptions import PynamoDBException

    from chalicelib.api.schedule import SweepIncomplete

    item = invitation(NOW - timedelta(minutes=1))

    def failing_expire(item, decision):
        raise PynamoDBException("simulated DynamoDB failure")

    monkeypatch.setattr(sweep, "_expire", failing_expire)

    with pytest.raises(SweepIncomplete):
        invoke_schedule(client)
    assert reread(item).sweep_at is not None


# What is not due, or no longer expirable


def test_items_not_yet_due_are_untouched(main_manager):
    worker = new_person()
    future = [
        invitation(NOW + timedelta(minutes=1)),
        assignment(worker, valid_until=TODAY),
        activation_code(worker, NOW + timedelta(minutes=5)),
        app_link(worker, NOW + timedelta(days=1)),
        assignment(new_person(), status="pending_approval"),
    ]

    summary = sweep.run()

    assert summary["due"] == 0
    for item in future:
        assert reread(item).status == item.status, type(item).__name__
        assert reread(item).sweep_at == item.sweep_at, type(item).__name__


def test_assignment_valid_until_today_expires_at_brussels_midnight(main_manager):
    item = assignment(new_person(), valid_until=TODAY)

    before_midnight = sweep.run(now=datetime(2026, 3, 15, 22, 59, 59, tzinfo=timezone.utc))
    at_midnight = sweep.run(now=datetime(2026, 3, 15, 23, 0, tzinfo=timezone.utc))

    assert before_midnight["expired"]["role_assignment"] == 0
    assert at_midnight["expired"]["role_assignment"] == 1
    assert reread(item).status == "expired"


def test_revoked_invitation_leaves_index_silently(main_manager):
    item = invitation(NOW - timedelta(days=1), status="revoked")

    summary = sweep.run()

    assert summary["removed_from_index"] == 1
    assert reread(item).status == "revoked"
    assert reread(item).sweep_at is None
    assert sweep_events() == []


def test_unexpected_kind_in_index_is_removed(main_manager):
    organisation = Organisation.get(*organisation_key(ENTERPRISE), consistent_read=True)
    organisation.update(actions=[Organisation.sweep_partition.set("due"), Organisation.sweep_at.set(NOW)])

    summary = sweep.run()

    assert summary["removed_from_index"] == 1
    assert reread(organisation).sweep_at is None
    assert reread(organisation).contract_signed_on == date(2025, 1, 1)


def test_unknown_kind_in_index_is_removed(main_manager):
    dynamodb = boto3.client("dynamodb", region_name="eu-west-1")
    key = {"pk": {"S": "FUTURE#1"}, "sk": {"S": "FUTURE"}}
    sweep_at = RemiItem.sweep_at.serialize(NOW - timedelta(hours=1))
    dynamodb.put_item(TableName=RemiItem.Meta.table_name, Item={
        **key, "kind": {"S": "future_kind"}, "sweep_partition": {"S": "due"}, "sweep_at": {"S": sweep_at},
    })

    summary = sweep.run()

    assert summary["removed_from_index"] == 1
    stored = dynamodb.get_item(TableName=RemiItem.Meta.table_name, Key=key, ConsistentRead=True)["Item"]
    assert "sweep_at" not in stored
    assert stored["kind"] == {"S": "future_kind"}


def test_early_sweep_at_is_rescheduled(main_manager):
    item = assignment(new_person(), valid_until=TODAY + timedelta(days=10))
    item.update(actions=[RoleAssignment.sweep_at.set(NOW - timedelta(hours=1))])

    summary = sweep.run()

    assert summary["rescheduled"] == 1
    assert reread(item).status == "active"
    assert reread(item).sweep_at == clock.end_of_day(TODAY + timedelta(days=10))
    assert sweep_events() == []


def test_dry_run_counts_without_writing(one_of_each_due):
    summary = sweep.run(dry_run=True)

    assert summary["dry_run"] is True
    assert summary["expired"]["invitation"] == 1
    assert summary["expired"]["pending_approval"] == 1
    assert reread(one_of_each_due["invitation"]).status == "active"
    assert reread(one_of_each_due["invitation"]).sweep_at is not None
    assert sweep_events() == []


def test_page_size_below_one_is_rejected(aws):
    with pytest.raises(ValueError):
        sweep.run(page_size=0)


# Reads that treat expiry as absent, then the sweep


def test_expired_assignment_loses_green_check_before_sweep(client, fas, main_manager):
    worker = new_person()
    item = assignment(worker, valid_until=TODAY - timedelta(days=1))

    before = client.http.get("/v1/me/status", headers=fas.headers(worker)).json_body
    assert reread(item).status == "active"
    assert before["access"] == "none"
    assert [diagnosis["code"] for diagnosis in before["diagnosis"]] == ["role_expired"]

    invoke_schedule(client)

    assert reread(item).status == "expired"
    [event] = sweep_events()
    assert event.action == "assignment.expired"
    assert event.target_id == item.assignment_id
    after = client.http.get("/v1/me/status", headers=fas.headers(worker)).json_body
    assert after["access"] == "none"
    assert [diagnosis["code"] for diagnosis in after["diagnosis"]] == ["role_expired"]


# Races: two runs that read the same due items


def _stale_pages(monkeypatch):
    """Make every run see the due items as they were read now, like two runs started together."""
    page = sweep._query_due(clock.now(), 1000, None)
    monkeypatch.setattr(sweep, "_query_due", lambda moment, page_size, start_key: page)


def test_concurrent_runs_expire_each_item_once(one_of_each_due, monkeypatch):
    _stale_pages(monkeypatch)

    first = sweep.run()
    second = sweep.run()

    assert sum(first["expired"].values()) == 5
    assert sum(second["expired"].values()) == 0
    assert second["skipped"] == 5
    assert len(sweep_events()) == 5


def test_item_revoked_after_the_read_is_not_expired(main_manager, monkeypatch):
    item = invitation(NOW - timedelta(minutes=1))
    _stale_pages(monkeypatch)
    item.update(actions=[Invitation.status.set("revoked"), Invitation.sweep_partition.remove(),
                         Invitation.sweep_at.remove()])

    summary = sweep.run()

    assert summary["skipped"] == 1
    assert reread(item).status == "revoked"
    assert sweep_events() == []


def test_assignment_extended_after_the_read_is_not_expired(main_manager, monkeypatch):
    item = assignment(new_person(), valid_until=TODAY - timedelta(days=1))
    _stale_pages(monkeypatch)
    # An access manager extends the validity; the writer moves sweep_at along.
    item.valid_until = TODAY + timedelta(days=30)
    schedule_assignment_sweep(item, clock.now())
    item.save()

    summary = sweep.run()

    assert summary["skipped"] == 1
    assert reread(item).status == "active"
    assert sweep_events() == []


# Paging and cost


def test_sweep_handles_every_page(main_manager, dynamodb_calls):
    # Half of the items share one sweep_at, as assignments ending on the same day do.
    due_times = [NOW - timedelta(minutes=1, seconds=number) for number in range(60)] + [NOW - timedelta(hours=1)] * 60
    items = [invitation(due_at, save=False) for due_at in due_times]
    with Invitation.batch_write() as batch:
        for item in items:
            batch.save(item)

    dynamodb_calls.reset()
    summary = sweep.run(page_size=50)

    assert summary["expired"]["invitation"] == 120
    assert summary["pages"] == 3
    assert dynamodb_calls.operations["Query"] == 3
    assert all(reread(item).status == "expired" for item in items)
    assert len(sweep_events()) == 120


def test_nothing_due_among_ten_thousand_costs_one_query(main_manager, dynamodb_calls):
    with Invitation.batch_write() as batch:
        for number in range(10_000):
            batch.save(invitation(NOW + timedelta(days=1, seconds=number), save=False))

    dynamodb_calls.reset()
    summary = sweep.run()

    assert summary["due"] == 0
    assert dynamodb_calls.operations == {"Query": 1}


def test_scheduled_run_with_nothing_due_costs_one_query(client, main_manager, dynamodb_calls):
    invitation(NOW + timedelta(days=1))

    dynamodb_calls.reset()
    invoke_schedule(client)

    assert dynamodb_calls.operations == {"Query": 1}


# remi-admin sweep


def test_admin_sweep_dry_run_lists_counts(one_of_each_due):
    from remi_admin.cli import cli

    result = CliRunner().invoke(cli, ["sweep", "--dry-run"])

    assert result.exit_code == 0, result.output
    assert '"invitation": 1' in result.output
    assert reread(one_of_each_due["invitation"]).status == "active"


def test_admin_sweep_expires(one_of_each_due):
    from remi_admin.cli import cli

    result = CliRunner().invoke(cli, ["sweep"])

    assert result.exit_code == 0, result.output
    assert reread(one_of_each_due["invitation"]).status == "expired"
