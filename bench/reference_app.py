"""A Chalice app whose routes each send exactly one DynamoDB request: the benchmark's yardstick.

The routes use the product's table and pynamodb models, but none of its middleware, token
verification or domain rules. A product route's time divided by the time of one of these
shows how much the product costs beyond a single DynamoDB request. This app is never deployed.
"""

from __future__ import annotations

import itertools
from datetime import date

from chalice import Chalice

from chalicelib import clock
from chalicelib.store import connection
from chalicelib.store.models import AuditEvent, RemiItem, RoleAssignment, assignment_key, audit_pk

app = Chalice(app_name="remi-access-benchmark-reference")

# The partition that GET /reference/query reads. The benchmark sets it in process to the
# person whose status check it measures, so that no header or path carries an SSIN.
_query_target = {"pk": ""}
_serials = itertools.count(1)
_ENTERPRISE = "0409667028"


def point_query_at(pk: str) -> None:
    _query_target["pk"] = pk


@app.route("/reference/query", methods=["GET"])
def single_query() -> dict[str, int]:
    """Send one strongly consistent Query of a person's partition, like the status check's own."""
    connection.bind()
    items = list(RemiItem.query(_query_target["pk"], consistent_read=True))
    return {"items": len(items)}


@app.route("/reference/transaction", methods=["POST"])
def single_transaction() -> dict[str, str]:
    """Send one TransactWriteItems with two conditional puts, a new role assignment and its audit event.

    That pair is the smallest audited change in this product. Every call writes new keys,
    so the conditions hold.
    """
    connection.bind()
    serial = next(_serials)
    moment = clock.now()
    ssin = f"{serial:011d}"
    assignment_id = f"reference-{serial}"
    assignment = RoleAssignment(
        *assignment_key(ssin, _ENTERPRISE, "social_worker"),
        assignment_id=assignment_id,
        enterprise_number=_ENTERPRISE,
        ssin=ssin,
        role="social_worker",
        status="active",
        valid_from=date(2020, 1, 1),
        created_at=moment,
        updated_at=moment,
    )
    event = AuditEvent(
        audit_pk(_ENTERPRISE),
        f"AUDIT#{moment.isoformat()}#{assignment_id}",
        event_id=assignment_id,
        enterprise_number=_ENTERPRISE,
        at=moment,
        actor="benchmark",
        action="assignment.created",
        target_type="role_assignment",
        target_id=assignment_id,
    )
    with connection.transaction() as transaction:
        transaction.save(assignment, condition=RoleAssignment.pk.does_not_exist())
        transaction.save(event, condition=AuditEvent.pk.does_not_exist())
    return {"assignment_id": assignment_id}
