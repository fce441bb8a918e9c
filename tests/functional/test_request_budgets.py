"""DynamoDB request budgets that must not grow with the size of the table.

The per-route budgets (status check, acceptance, activation code, code and refresh
exchange, an empty sweep) are asserted next to each route's other tests. These check the
two claims about scale: the status check reads only the person's own partition, whatever
else the table holds, and the sweep spends requests on due items only.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from chalicelib import clock
from chalicelib.identifiers import generate_ssin
from chalicelib.services import sweep
from chalicelib.services.assignments import schedule_assignment_sweep
from chalicelib.store import organisation_cache
from chalicelib.store.models import RoleAssignment, assignment_key
from tests.support import seed
from tests.support.people import new_person

ENTERPRISE = seed.DEMO_ENTERPRISE
# 2026-03-15 11:00 in Brussels.
NOW = datetime(2026, 3, 15, 10, 0, tzinfo=timezone.utc)
ENDED = date(2026, 3, 1)
ENDS_LATER = date(2027, 12, 31)


@pytest.fixture(autouse=True)
def frozen_clock(aws):
    clock.set_now(NOW)
    yield
    clock.set_now(None)


@pytest.fixture
def worker():
    """A social worker with an active role at an OCMW whose contract is signed."""
    seed.organisation(ENTERPRISE, new_person("Hilde", "Janssens"), contract_signed_on=date(2025, 1, 1))
    person = new_person("Sam", "Smets")
    seed.assignment(ENTERPRISE, person, "social_worker")
    return person


def add_other_assignments(count: int, due: int) -> None:
    """Write `count` other people's active assignments at the OCMW; the first `due` ended before today."""
    with RoleAssignment.batch_write() as batch:
        for index in range(count):
            ssin = generate_ssin(date(1950, 1, 1) + timedelta(days=index // 997), index % 997 + 1)
            assignment_id = f"{index:032x}"
            item = RoleAssignment(
                *assignment_key(ssin, ENTERPRISE, "social_worker"),
                assignment_id=assignment_id,
                enterprise_number=ENTERPRISE,
                ssin=ssin,
                role="social_worker",
                status="active",
                valid_from=date(2025, 1, 1),
                valid_until=ENDED if index < due else ENDS_LATER,
                created_at=NOW,
                updated_at=NOW,
                org_pk=ENTERPRISE,
                org_sk=f"ASSIGNMENT#{assignment_id}",
            )
            schedule_assignment_sweep(item, NOW)
            batch.save(item)


def test_status_requests_ignore_other_assignments(client, fas, worker, dynamodb_calls):
    add_other_assignments(1_000, due=0)
    organisation_cache.clear()

    dynamodb_calls.reset()
    response = client.http.get("/v1/me/status", headers=fas.headers(worker))

    assert response.status_code == 200
    assert dict(dynamodb_calls.operations) == {"Query": 1, "BatchGetItem": 1}


def test_cached_status_requests_ignore_other_assignments(client, fas, worker, dynamodb_calls):
    add_other_assignments(1_000, due=0)
    client.http.get("/v1/me/status", headers=fas.headers(worker))

    dynamodb_calls.reset()
    response = client.http.get("/v1/me/status", headers=fas.headers(worker))

    assert response.status_code == 200
    assert dict(dynamodb_calls.operations) == {"Query": 1}


@pytest.mark.parametrize(("count", "due"), [(100, 1), (600, 6)])
def test_sweep_requests_follow_due_items(worker, dynamodb_calls, count, due):
    add_other_assignments(count, due=due)

    dynamodb_calls.reset()
    summary = sweep.run()

    assert summary["expired"]["role_assignment"] == due
    assert dict(dynamodb_calls.operations) == {"Query": 1, "TransactWriteItems": due}
