"""Audit events: append-only records written in the same transaction as the change.

Because the event is part of the change's transaction, a change that does not happen (a
failed condition, a second sweep run) writes no event, and an event never exists without
its change.
"""

from __future__ import annotations

from typing import Any

from pynamodb.transactions import TransactWrite

from chalicelib import clock
from chalicelib.identity.secrets import new_id
from chalicelib.store.models import AuditEvent, RemiItem, audit_pk, to_plain

SWEEP_ACTOR = "system:sweep"
OPERATOR_ACTOR = "operator"


def snapshot(item: RemiItem | None) -> dict[str, Any] | None:
    return to_plain(item) if item is not None else None


def new_event(
    enterprise_number: str,
    actor: str,
    action: str,
    target_type: str,
    target_id: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    moment = clock.now()
    event_id = new_id()
    return AuditEvent(
        audit_pk(enterprise_number),
        f"AUDIT#{moment.strftime('%Y-%m-%dT%H:%M:%S.%fZ')}#{event_id}",
        event_id=event_id,
        enterprise_number=enterprise_number,
        at=moment,
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=target_id,
        before=before,
        after=after,
    )


def record(transaction: TransactWrite, event: AuditEvent) -> None:
    """Add `event` to `transaction`; the condition keeps the trail append-only."""
    transaction.save(event, condition=AuditEvent.pk.does_not_exist())
