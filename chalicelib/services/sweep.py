"""The expiry sweep: expire what is past its time, once, however often it runs.

The sweep queries the sparse `due-for-sweep` index for items whose `sweep_at` has passed,
one page at a time and never with Scan. For each due item it decides from the copy it
read, and then writes with a condition that the item still has those values:

    read (index, eventually consistent)
      -> expire:     status := expired, sweep keys removed, plus one audit event,
                     in one TransactWrite
      -> reschedule: the item's own expiry is later than sweep_at, so sweep_at moves there
      -> unindex:    the item can no longer expire (revoked, used, stopped ...), or it is a
                     kind the sweep does not handle, so it leaves the index

Every write repeats the values the decision rests on (status, sweep_at and the fields the
expiry comes from) as its condition. A second or concurrent run that read the same item
therefore fails the condition, writes nothing and no audit event, and counts the item as
`skipped`. Items written by others set `sweep_at` when they can expire:

| kind | due when | becomes |
|---|---|---|
| invitation, status active | expires_at | expired |
| role assignment, status active | end of valid_until (Brussels) | expired |
| role assignment, status pending_approval | pending_since + pending_approval_days, or end of valid_until if earlier | expired, reason pending_approval_timeout |
| activation code, status unused | expires_at | expired |
| app link, status active | expires_at | expired |
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable

from pynamodb.constants import ITEMS, LAST_EVALUATED_KEY
from pynamodb.exceptions import PynamoDBException, TransactWriteError, UpdateError
from pynamodb.expressions.condition import Condition

from chalicelib import clock
from chalicelib.logs import logger
from chalicelib.services import audit
from chalicelib.services.activation import code_reference
from chalicelib.services.assignments import pending_deadline
from chalicelib.services.status import PENDING_APPROVAL_TIMEOUT
from chalicelib.store import connection
from chalicelib.store.models import (
    SWEEP_PARTITION,
    ActivationCode,
    AppLink,
    Invitation,
    RemiItem,
    RoleAssignment,
)

EXPIRED_KINDS: tuple[str, ...] = ("invitation", "role_assignment", "pending_approval", "activation_code", "app_link")

# Each failed write is logged up to this many times per run; the summary counts them all.
_MAX_LOGGED_FAILURES = 10


@dataclass
class Expire:
    """Set the item's status to expired; `kind` is the summary's counter, `action` the audit event's."""

    kind: str
    action: str
    target_type: str
    target_id: str
    extra_actions: list[Any] = field(default_factory=list)
    after_changes: dict[str, Any] = field(default_factory=dict)


@dataclass
class Reschedule:
    """Move sweep_at to the item's own, later expiry."""

    at: datetime


@dataclass
class Unindex:
    """Take the item out of the sweep index without changing it."""

    expected: bool  # False for a kind that has no business in the index: logged as a warning


Decision = Expire | Reschedule | Unindex


@dataclass
class Summary:
    expired: dict[str, int] = field(default_factory=lambda: {kind: 0 for kind in EXPIRED_KINDS})
    due: int = 0
    skipped: int = 0
    rescheduled: int = 0
    removed_from_index: int = 0
    failed: int = 0
    pages: int = 0

    def as_dict(self, duration_ms: int, dry_run: bool) -> dict[str, Any]:
        return {
            "dry_run": dry_run,
            "due": self.due,
            "expired": dict(self.expired),
            "skipped": self.skipped,
            "rescheduled": self.rescheduled,
            "removed_from_index": self.removed_from_index,
            "failed": self.failed,
            "pages": self.pages,
            "duration_ms": duration_ms,
        }


def run(now: datetime | None = None, page_size: int = 100, dry_run: bool = False) -> dict[str, Any]:
    """Handle every item due at `now` (default: the clock) and return the summary.

    With `dry_run`, the items are read and counted as they would be handled, but nothing
    is written. A write that fails for another reason than its condition is logged and
    counted as `failed`. Its item stays in the index, so the next run retries it.

    NOTE: one run handles everything due. A backlog longer than the Lambda timeout is cut
    off mid-way, and the next run continues with what is left, because every item is
    handled on its own.
    """
    if page_size < 1:
        raise ValueError(f"page_size must be at least 1, got {page_size}")
    moment = now or clock.now()
    started = time.perf_counter()
    summary = Summary()

    start_key: dict[str, Any] | None = None
    while True:
        page = _query_due(moment, page_size, start_key)
        summary.pages += 1
        for raw in page.get(ITEMS, []):
            summary.due += 1
            _handle(raw, moment, summary, dry_run)
        start_key = page.get(LAST_EVALUATED_KEY)
        if not start_key:
            break

    result = summary.as_dict(round((time.perf_counter() - started) * 1000), dry_run)
    logger.info("expiry sweep finished", extra={"sweep": result})
    return result


def _query_due(moment: datetime, page_size: int, start_key: dict[str, Any] | None) -> dict[str, Any]:
    """Run one Query on the sparse index and return the raw page.

    Model.query would add a filter on the kinds registered in this code, so a kind written
    by a newer version would never be found and would stay in the index. The model's table
    connection carries the table's key schema, so no DescribeTable request is needed.
    `_get_connection` is private in pynamodb 6.1; the pinned version keeps it stable here.
    """
    return RemiItem._get_connection().query(
        SWEEP_PARTITION,
        range_key_condition=RemiItem.sweep_at <= moment,
        index_name=RemiItem.due_for_sweep.Meta.index_name,
        limit=page_size,
        exclusive_start_key=start_key,
    )


def _handle(raw: dict[str, Any], moment: datetime, summary: Summary, dry_run: bool) -> None:
    item, decision = _read(raw, moment)
    if isinstance(decision, Unindex) and not decision.expected:
        logger.warning("unexpected item kind in the sweep index; removing it from the index",
                       extra={"kind": raw.get("kind", {}).get("S")})
    if dry_run:
        _count(decision, summary)
        return

    try:
        if isinstance(decision, Expire):
            _expire(item, decision)
        elif isinstance(decision, Reschedule):
            _write_update(item, [RemiItem.sweep_at.set(decision.at)])
        else:
            _write_update(item, [RemiItem.sweep_partition.remove(), RemiItem.sweep_at.remove()])
    except _AlreadyHandled:
        summary.skipped += 1
        return
    except PynamoDBException as error:
        summary.failed += 1
        if summary.failed <= _MAX_LOGGED_FAILURES:
            logger.warning("sweep could not update an item; the next run retries it", extra={
                "kind": raw.get("kind", {}).get("S"),
                "target": _target_id(item),
                "error": getattr(error, "cause_response_code", None) or type(error).__name__,
            })
        return
    _count(decision, summary)


def _read(raw: dict[str, Any], moment: datetime) -> tuple[RemiItem, Decision]:
    """Build the model instance from a raw index item and decide what to do with it."""
    try:
        item = RemiItem.from_raw_data(raw)
    except ValueError:
        # An unregistered discriminator: a kind that this version of the code does not know.
        item = RemiItem(raw["pk"]["S"], raw["sk"]["S"])
        item.sweep_at = RemiItem.sweep_at.deserialize(raw["sweep_at"]["S"])
        return item, Unindex(expected=False)
    return item, decide(item, moment)


def _count(decision: Decision, summary: Summary) -> None:
    if isinstance(decision, Expire):
        summary.expired[decision.kind] += 1
    elif isinstance(decision, Reschedule):
        summary.rescheduled += 1
    else:
        summary.removed_from_index += 1


# Decisions (no I/O)


def decide(item: RemiItem, moment: datetime) -> Decision:
    """Decide what the sweep does with a due item, judged from the copy that was read."""
    handler = _DECIDERS.get(type(item))
    if handler is None:
        return Unindex(expected=False)
    return handler(item, moment)


def _by_expiry(expiry: datetime | None, moment: datetime, expire: Callable[[], Expire]) -> Decision:
    if expiry is None:
        return Unindex(expected=True)
    if expiry > moment:
        return Reschedule(expiry)
    return expire()


def _decide_invitation(item: Invitation, moment: datetime) -> Decision:
    if item.status != "active":
        return Unindex(expected=True)
    return _by_expiry(item.expires_at, moment, lambda: Expire(
        "invitation", "invitation.expired", "invitation", item.invitation_id,
        extra_actions=[Invitation.updated_at.set(moment)],
        after_changes={"updated_at": moment},
    ))


def _decide_assignment(item: RoleAssignment, moment: datetime) -> Decision:
    valid_until_end = clock.end_of_day(item.valid_until) if item.valid_until is not None else None
    if item.status == "active":
        return _by_expiry(valid_until_end, moment, lambda: Expire(
            "role_assignment", "assignment.expired", "role_assignment", item.assignment_id,
            extra_actions=[RoleAssignment.updated_at.set(moment)],
            after_changes={"updated_at": moment},
        ))
    if item.status != "pending_approval":
        return Unindex(expected=True)

    deadline = pending_deadline(item)
    candidates = [instant for instant in (deadline, valid_until_end) if instant is not None]
    expiry = min(candidates) if candidates else None
    timed_out = deadline is not None and deadline <= moment
    reason = PENDING_APPROVAL_TIMEOUT if timed_out else None
    actions = [RoleAssignment.updated_at.set(moment)]
    if reason:
        actions.append(RoleAssignment.reason.set(reason))
    return _by_expiry(expiry, moment, lambda: Expire(
        "pending_approval", "assignment.expired", "role_assignment", item.assignment_id,
        extra_actions=actions,
        after_changes={"updated_at": moment, "reason": reason or item.reason},
    ))


def _decide_activation_code(item: ActivationCode, moment: datetime) -> Decision:
    if item.status != "unused":
        return Unindex(expected=True)
    return _by_expiry(item.expires_at, moment, lambda: Expire(
        "activation_code", "activation_code.expired", "activation_code", _target_id(item),
    ))


def _decide_app_link(item: AppLink, moment: datetime) -> Decision:
    if item.status != "active":
        return Unindex(expected=True)
    return _by_expiry(item.expires_at, moment, lambda: Expire("app_link", "app_link.expired", "app_link", item.link_id))


_DECIDERS: dict[type[RemiItem], Callable[[Any, datetime], Decision]] = {
    Invitation: _decide_invitation,
    RoleAssignment: _decide_assignment,
    ActivationCode: _decide_activation_code,
    AppLink: _decide_app_link,
}


def _target_id(item: RemiItem) -> str | None:
    """Return the id that audit events and logs use for the item (for an activation code, a prefix of its hash)."""
    if isinstance(item, ActivationCode):
        return code_reference(item.pk.split("#", 1)[1])
    for name in ("invitation_id", "assignment_id", "link_id"):
        value = getattr(item, name, None)
        if value:
            return value
    return None


# Conditional writes


class _AlreadyHandled(Exception):
    """The item no longer has the values the decision rests on, because another run got there first."""


def _equals_or_absent(attribute: Any, value: Any) -> Condition:
    return attribute == value if value is not None else attribute.does_not_exist()


# The attributes an item's expiry is computed from, per kind.
_EXPIRY_FIELDS: dict[type[RemiItem], tuple[str, ...]] = {
    Invitation: ("status", "expires_at"),
    RoleAssignment: ("status", "valid_until", "pending_since"),
    ActivationCode: ("status", "expires_at"),
    AppLink: ("status", "expires_at"),
}


def _unchanged(item: RemiItem) -> Condition:
    """Build the condition that the item still has the sweep_at and expiry fields of the copy read."""
    condition = RemiItem.sweep_at == item.sweep_at
    attributes = type(item).get_attributes()
    for name in _EXPIRY_FIELDS.get(type(item), ()):
        condition &= _equals_or_absent(attributes[name], getattr(item, name))
    return condition


def _expire(item: RemiItem, decision: Expire) -> None:
    model = type(item)
    actions = [
        model.get_attributes()["status"].set("expired"),
        RemiItem.sweep_partition.remove(),
        RemiItem.sweep_at.remove(),
        *decision.extra_actions,
    ]
    before = audit.snapshot(item)
    after = dict(before or {})
    after["status"] = "expired"
    for name, value in decision.after_changes.items():
        after[name] = value.isoformat() if isinstance(value, datetime) else value
    event = audit.new_event(
        item.enterprise_number,
        audit.SWEEP_ACTOR,
        decision.action,
        decision.target_type,
        decision.target_id,
        before=before,
        after=after,
    )
    try:
        with connection.transaction() as transaction:
            transaction.update(item, actions, condition=_unchanged(item))
            audit.record(transaction, event)
    except TransactWriteError as error:
        reasons = error.cancellation_reasons or []
        if any(reason is not None and reason.code == "ConditionalCheckFailed" for reason in reasons):
            raise _AlreadyHandled() from error
        raise


def _write_update(item: RemiItem, actions: list[Any]) -> None:
    """Send one conditional UpdateItem by key.

    Model.update would read the result back into a model class, and that fails for a kind
    this code does not know.
    """
    try:
        RemiItem._get_connection().update_item(item.pk, item.sk, actions=actions, condition=_unchanged(item))
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            raise _AlreadyHandled() from error
        raise
