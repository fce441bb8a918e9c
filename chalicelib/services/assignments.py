"""Role assignments of an organisation, and the organisation's audit trail.

Access managers approve or reject pending assignments, change their validity and stop
them; managers, DPOs and department heads list them. Each change is a conditional put of
the whole item, in the same TransactWrite as its audit event. The condition is the status
and `updated_at` that the caller's decision was based on, so after a concurrent change
(another manager, the sweep) the second writer fails with `assignment_changed`.

An assignment is one item per person, organisation and role (`PERSON#<ssin>`,
`ORG#<n>#ROLE#<role>`); the by-organisation index finds it by id for the routes.

Listings are paged with an opaque cursor that holds the last returned item's key.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Callable, Generic, Iterable, Iterator, TypeVar

from pynamodb.exceptions import TransactWriteError

from chalicelib import clock
from chalicelib.errors import BadRequest, Conflict, Forbidden, NotFound
from chalicelib.identifiers import find_ssins, is_valid_ssin, mask_ssin
from chalicelib.services import audit
from chalicelib.services.permissions import Caller, Standing, load_standing
from chalicelib.settings import get_settings
from chalicelib.store.connection import transaction
from chalicelib.store.models import AuditEvent, RemiItem, RoleAssignment, audit_pk

T = TypeVar("T")

ASSIGNMENT_PREFIX = "ASSIGNMENT#"
AUDIT_PREFIX = "AUDIT#"
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_REASON_LENGTH = 500

# The statuses a listing shows: the stored status, or `expired`/`not_yet_valid` from the dates.
LISTED_STATUSES: tuple[str, ...] = (
    "pending_approval", "active", "not_yet_valid", "expired", "rejected", "stopped",
)
OPEN_STATUSES: tuple[str, ...] = ("pending_approval", "active")

_INDEX_KEY_NAMES = ("pk", "sk", "org_pk", "org_sk")
_TABLE_KEY_NAMES = ("pk", "sk")
_MAX_CURSOR_LENGTH = 1024


# Who may do what


def require_remi_manager(caller: Caller, enterprise_number: str) -> Standing:
    """Load the caller's standing and require a social_security or main access manager.

    A person with only a REMI role is told that this needs an access manager, and a
    manager of another domain that REMI needs the social_security domain.
    """
    standing = load_standing(caller.ssin, enterprise_number)
    if standing.manages_remi:
        return standing
    if standing.managers:
        raise Forbidden("social_security_domain_required")
    if standing.active_roles():
        raise Forbidden("access_manager_required")
    raise Forbidden("no_right_on_organisation")


def require_assignment_reader(caller: Caller, enterprise_number: str) -> Standing:
    """Load the caller's standing and require a REMI manager, an active DPO or department head."""
    standing = load_standing(caller.ssin, enterprise_number)
    if not standing.managers and standing.active_roles() and not standing.has_active_role("dpo", "department_head"):
        raise Forbidden("assignments_read_forbidden")
    standing.require_manager_or_role("dpo", "department_head")
    return standing


def require_audit_reader(caller: Caller, enterprise_number: str) -> Standing:
    """Load the caller's standing and require a main access manager or an active DPO."""
    standing = load_standing(caller.ssin, enterprise_number)
    if standing.is_main_access_manager or standing.has_active_role("dpo"):
        return standing
    if standing.managers or standing.active_roles():
        raise Forbidden("audit_trail_forbidden")
    raise Forbidden("no_right_on_organisation")


# Paging


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


def encode_cursor(key: dict[str, str]) -> str:
    """Make an opaque cursor from an item's key attributes (plain strings)."""
    raw = json.dumps(key, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, key_names: tuple[str, ...], partition: tuple[str, str]) -> dict[str, dict[str, str]]:
    """Turn a cursor back into DynamoDB's ExclusiveStartKey, or raise BadRequest `list_cursor_invalid`.

    The cursor must name exactly `key_names`, and its partition attribute must equal
    `partition`, so a cursor from another organisation's listing cannot be replayed here.
    """
    try:
        if len(cursor) > _MAX_CURSOR_LENGTH:
            raise ValueError("cursor too long")
        padded = cursor + "=" * (-len(cursor) % 4)
        key = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, UnicodeError, binascii.Error) as exc:
        raise BadRequest("list_cursor_invalid") from exc

    partition_name, partition_value = partition
    valid = (
        isinstance(key, dict)
        and set(key) == set(key_names)
        and all(isinstance(value, str) and value for value in key.values())
        and key[partition_name] == partition_value
    )
    if not valid:
        raise BadRequest("list_cursor_invalid")
    return {name: {"S": value} for name, value in key.items()}


def take_page(
    results: Iterable[T],
    limit: int,
    key_of: Callable[[T], dict[str, str]],
    accept: Callable[[T], bool] = lambda item: True,
) -> Page[T]:
    """Collect up to `limit` accepted items; the cursor is set only when another one exists."""
    items: list[T] = []
    for item in results:
        if not accept(item):
            continue
        if len(items) == limit:
            return Page(items, encode_cursor(key_of(items[-1])))
        items.append(item)
    return Page(items, None)


def index_key(item: RemiItem) -> dict[str, str]:
    return {"pk": item.pk, "sk": item.sk, "org_pk": item.org_pk or "", "org_sk": item.org_sk or ""}


def query_organisation_items(
    enterprise_number: str,
    prefix: str,
    *,
    cursor: str | None = None,
    page_size: int | None = None,
    newest_first: bool = False,
) -> Iterator[RemiItem]:
    """Items of one kind at an organisation, through the by-organisation index."""
    start = decode_cursor(cursor, _INDEX_KEY_NAMES, ("org_pk", enterprise_number)) if cursor else None
    return RemiItem.by_organisation.query(
        enterprise_number,
        RemiItem.org_sk.startswith(prefix),
        scan_index_forward=not newest_first,
        last_evaluated_key=start,
        page_size=page_size,
    )


# What an assignment means now


def pending_deadline(assignment: RoleAssignment) -> datetime | None:
    """When a pending assignment stops waiting for approval, or None when it is not pending."""
    if assignment.status != "pending_approval":
        return None
    since = assignment.pending_since or assignment.created_at
    return since + timedelta(days=get_settings().pending_approval_days)


def effective_status(assignment: RoleAssignment, moment: datetime | None = None) -> str:
    """Return the stored status, or `expired` once its dates or approval deadline have passed.

    The sweep writes `expired` later, so every reader compares the dates itself.
    An active assignment whose first day is still to come is `not_yet_valid`.
    """
    moment = moment or clock.now()
    if assignment.status not in OPEN_STATUSES:
        return assignment.status
    today = clock.today_in_brussels(moment)
    if assignment.valid_until is not None and assignment.valid_until < today:
        return "expired"
    deadline = pending_deadline(assignment)
    if deadline is not None and deadline <= moment:
        return "expired"
    if assignment.status == "active" and assignment.valid_from > today:
        return "not_yet_valid"
    return assignment.status


def schedule_assignment_sweep(assignment: RoleAssignment, moment: datetime) -> None:
    """Put the assignment in the sweep index at the instant it can next expire.

    Pending: the end of the approval period. Active with an end date: the end of that
    Brussels day. Active without one, or closed: out of the index.
    """
    if assignment.status == "pending_approval":
        since = assignment.pending_since or moment
        assignment.schedule_sweep(since + timedelta(days=get_settings().pending_approval_days))
    elif assignment.status == "active" and assignment.valid_until is not None:
        assignment.schedule_sweep(clock.end_of_day(assignment.valid_until))
    else:
        assignment.schedule_sweep(None)


def copy_assignment(assignment: RoleAssignment) -> RoleAssignment:
    return RoleAssignment.from_raw_data(assignment.serialize())


# Listing and export


@dataclass(frozen=True)
class AssignmentFilter:
    status: str | None = None
    role: str | None = None
    text: str | None = None

    def matches(self, assignment: RoleAssignment, moment: datetime) -> bool:
        if self.role is not None and assignment.role != self.role:
            return False
        if self.status is not None and effective_status(assignment, moment) != self.status:
            return False
        if self.text:
            needle = self.text.casefold()
            haystack = " ".join(
                part for part in (assignment.given_name, assignment.surname, assignment.email) if part
            ).casefold()
            return needle in haystack
        return True


def list_assignments(
    enterprise_number: str,
    filters: AssignmentFilter,
    *,
    limit: int = DEFAULT_PAGE_SIZE,
    cursor: str | None = None,
) -> Page[RoleAssignment]:
    """Return one page of the organisation's assignments that match `filters`, in assignment-id order."""
    moment = clock.now()
    results = query_organisation_items(enterprise_number, ASSIGNMENT_PREFIX, cursor=cursor, page_size=limit + 1)
    return take_page(
        (item for item in results if isinstance(item, RoleAssignment)),
        limit,
        index_key,
        lambda assignment: filters.matches(assignment, moment),
    )


def all_assignments(enterprise_number: str, filters: AssignmentFilter) -> list[RoleAssignment]:
    """Return every matching assignment, sorted by surname, given name and role (the CSV export)."""
    moment = clock.now()
    results = query_organisation_items(enterprise_number, ASSIGNMENT_PREFIX)
    matching = [
        item for item in results
        if isinstance(item, RoleAssignment) and filters.matches(item, moment)
    ]
    return sorted(
        matching,
        key=lambda item: ((item.surname or "").casefold(), (item.given_name or "").casefold(), item.role),
    )


# Finding and changing one assignment


def find_assignment(enterprise_number: str, assignment_id: str) -> RoleAssignment:
    """Find an assignment of this organisation by id, then read it strongly consistently.

    The index read is eventually consistent, so it only supplies the item's key. The
    decision uses the consistent read, and the write's condition checks it is still true.
    """
    if not re.fullmatch(r"[0-9a-f]{32}", assignment_id):
        raise NotFound("assignment_not_found")
    hits = list(RemiItem.by_organisation.query(
        enterprise_number, RemiItem.org_sk == f"{ASSIGNMENT_PREFIX}{assignment_id}", limit=1,
    ))
    if not hits or not isinstance(hits[0], RoleAssignment):
        raise NotFound("assignment_not_found")
    try:
        return RoleAssignment.get(hits[0].pk, hits[0].sk, consistent_read=True)
    except RoleAssignment.DoesNotExist as exc:
        raise NotFound("assignment_not_found") from exc


def _commit_change(caller: Caller, before: RoleAssignment, after: RoleAssignment, action: str) -> RoleAssignment:
    """Put `after` on condition that the item still is `before`, with its audit event."""
    condition = (RoleAssignment.status == before.status) & (RoleAssignment.updated_at == before.updated_at)
    event = audit.new_event(
        before.enterprise_number, caller.ssin, action, "role_assignment", before.assignment_id,
        before=audit.snapshot(before), after=audit.snapshot(after),
    )
    try:
        with transaction() as write:
            write.save(after, condition=condition)
            audit.record(write, event)
    except TransactWriteError as exc:
        raise Conflict("assignment_changed") from exc
    return after


def _require_open(assignment: RoleAssignment, moment: datetime) -> None:
    status = effective_status(assignment, moment)
    if status == "expired":
        raise Conflict("assignment_expired")
    if status not in ("pending_approval", "active", "not_yet_valid"):
        raise Conflict("assignment_ended", params={"status": status})


def approve_assignment(caller: Caller, enterprise_number: str, assignment_id: str) -> RoleAssignment:
    """Make a pending assignment active; raise Conflict when it is not pending or its time is over."""
    moment = clock.now()
    before = find_assignment(enterprise_number, assignment_id)
    if before.status != "pending_approval":
        raise Conflict("assignment_not_pending")
    if effective_status(before, moment) == "expired":
        raise Conflict("assignment_expired")

    after = copy_assignment(before)
    after.status = "active"
    after.pending_since = None
    after.decided_by_ssin = caller.ssin
    after.decided_at = moment
    after.reason = None
    after.updated_at = moment
    schedule_assignment_sweep(after, moment)
    return _commit_change(caller, before, after, "assignment.approved")


def reject_assignment(caller: Caller, enterprise_number: str, assignment_id: str, reason: str) -> RoleAssignment:
    """Reject a pending assignment with a reason the person and the audit trail keep."""
    moment = clock.now()
    before = find_assignment(enterprise_number, assignment_id)
    if before.status != "pending_approval":
        raise Conflict("assignment_not_pending")

    after = copy_assignment(before)
    after.status = "rejected"
    after.decided_by_ssin = caller.ssin
    after.decided_at = moment
    after.reason = reason
    after.updated_at = moment
    after.schedule_sweep(None)
    return _commit_change(caller, before, after, "assignment.rejected")


def change_validity(
    caller: Caller,
    enterprise_number: str,
    assignment_id: str,
    *,
    valid_from: date | None = None,
    valid_until: date | None = None,
    change_valid_until: bool = False,
) -> RoleAssignment:
    """Change the first and/or last day of a pending or active assignment.

    `change_valid_until` distinguishes a request that sets `valid_until` to None (unlimited)
    from one that leaves it unchanged.
    """
    moment = clock.now()
    today = clock.today_in_brussels(moment)
    before = find_assignment(enterprise_number, assignment_id)
    _require_open(before, moment)

    new_from = valid_from if valid_from is not None else before.valid_from
    new_until = valid_until if change_valid_until else before.valid_until
    if new_until is not None and new_until < today:
        raise BadRequest("valid_until_in_past", params={"field": "valid_until"})
    if new_until is not None and new_until < new_from:
        raise BadRequest("valid_until_before_valid_from")

    after = copy_assignment(before)
    after.valid_from = new_from
    after.valid_until = new_until
    after.updated_at = moment
    schedule_assignment_sweep(after, moment)
    return _commit_change(caller, before, after, "assignment.validity_changed")


def stop_assignment(
    caller: Caller, enterprise_number: str, assignment_id: str, reason: str | None,
) -> RoleAssignment:
    """End a pending or active assignment now; it leaves the sweep index."""
    moment = clock.now()
    before = find_assignment(enterprise_number, assignment_id)
    _require_open(before, moment)

    after = copy_assignment(before)
    after.status = "stopped"
    after.reason = reason
    after.updated_at = moment
    after.schedule_sweep(None)
    return _commit_change(caller, before, after, "assignment.stopped")


# The audit trail


def list_audit_events(
    enterprise_number: str,
    *,
    limit: int = DEFAULT_PAGE_SIZE,
    cursor: str | None = None,
) -> Page[AuditEvent]:
    """Return one page of the organisation's audit events, newest first."""
    partition = audit_pk(enterprise_number)
    start = decode_cursor(cursor, _TABLE_KEY_NAMES, ("pk", partition)) if cursor else None
    results = AuditEvent.query(
        partition,
        AuditEvent.sk.startswith(AUDIT_PREFIX),
        scan_index_forward=False,
        last_evaluated_key=start,
        page_size=limit + 1,
    )
    return take_page(results, limit, lambda event: {"pk": event.pk, "sk": event.sk})


_SSIN_FIELD = re.compile(r"(^|_)ssins?$")


def mask_ssins(value: Any, key: str = "") -> Any:
    """Return `value` with every SSIN masked: in fields named `ssin` or `*_ssin`, and in free text.

    Fields whose name ends in `_id` or `_ids` hold random identifiers, which can contain
    11-digit runs that look like SSINs, so they are left alone.
    """
    if isinstance(value, dict):
        return {name: mask_ssins(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [mask_ssins(item, key) for item in value]
    if not isinstance(value, str) or key.endswith(("_id", "_ids")):
        return value
    if _SSIN_FIELD.search(key) and is_valid_ssin(value):
        return mask_ssin(value)
    return _mask_ssins_in_text(value)


def _mask_ssins_in_text(text: str) -> str:
    for ssin in set(find_ssins(text)):
        groups = (ssin[0:2], ssin[2:4], ssin[4:6], ssin[6:9], ssin[9:11])
        pattern = r"(?<![0-9])" + r"[.\- ]?".join(groups) + r"(?![0-9])"
        text = re.sub(pattern, mask_ssin(ssin), text)
    return text


def mask_actor(actor: str) -> str:
    return mask_ssin(actor) if is_valid_ssin(actor) else actor
