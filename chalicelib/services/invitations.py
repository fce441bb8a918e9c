"""Invitations for REMI roles: create, list, revoke and reissue them, preview and accept them.

An invitation link carries `<invitation id>.<secret>` in its URL fragment; the table keeps
only the secret's SHA-256 hash. Accepting writes, in one TransactWrite:

- an update of the invitation that adds one use, on condition that it is still active,
  unexpired, carries the same secret hash and has a use left, so concurrent accepts of a
  single-use link produce exactly one acceptance;
- the acceptance item `INVITATION#<id>` / `ACCEPTED#<ssin>`, which makes a second accept
  by the same person find the first one instead of writing again;
- one role assignment per role (a new item, or the person's existing one replaced), each
  with its audit event.

The accept path reads twice before that write: one consistent query of the invitation's
partition (the invitation and this person's acceptance) and the caller's standing.
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from pynamodb.constants import ALL_OLD
from pynamodb.exceptions import TransactWriteError

from chalicelib import clock
from chalicelib.errors import BadRequest, Conflict, Forbidden, Gone, NotFound, RemiError
from chalicelib.identity.secrets import hash_secret, new_id, new_secret, split_token
from chalicelib.logs import logger, pseudonym
from chalicelib.services import audit
from chalicelib.services.assignments import (
    Page,
    copy_assignment,
    index_key,
    query_organisation_items,
    schedule_assignment_sweep,
    take_page,
)
from chalicelib.services.permissions import REMI_ROLES, Caller, load_standing
from chalicelib.settings import get_settings
from chalicelib.store.connection import transaction
from chalicelib.store.models import (
    Invitation,
    InvitationAcceptance,
    Organisation,
    RemiItem,
    RoleAssignment,
    acceptance_key,
    assignment_key,
    invitation_key,
    organisation_key,
)

INVITATION_PREFIX = "INVITATION#"
MAX_INVITEES = 50
MAX_MESSAGE_LENGTH = 2000
MAX_SAVE_NAME_LENGTH = 100
MAX_SAVE_DESCRIPTION_LENGTH = 500
MAX_NAME_LENGTH = 100
MAX_USES_LIMIT = 10_000
# How long DynamoDB's TTL keeps an unsaved invitation and its acceptances after expiry.
RETENTION_AFTER_EXPIRY = timedelta(days=30)
INVITATION_STATES: tuple[str, ...] = ("active", "used_up", "expired", "revoked")
_INVITATION_ID = re.compile(r"[0-9a-f]{32}")

# Compared with a presented secret when the invitation id is unknown, so that an unknown
# id and a wrong secret take the same path.
_ABSENT_SECRET_HASH = hash_secret("no invitation has this secret")


@dataclass(frozen=True)
class Invitee:
    surname: str
    given_name: str
    email: str
    ssin: str | None = None

    def stored(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"surname": self.surname, "given_name": self.given_name, "email": self.email}
        if self.ssin:
            entry["ssin"] = self.ssin
        return entry


@dataclass(frozen=True)
class SaveAs:
    name: str
    description: str


@dataclass(frozen=True)
class InvitationDraft:
    """A create request as parsed from the body; None means the field was not sent.

    `max_uses_given` distinguishes an explicit `max_uses: null` (unlimited) from an absent field.
    """

    roles: tuple[str, ...]
    valid_from: date | None = None
    valid_until: date | None = None
    invitees: tuple[Invitee, ...] = ()
    message: str | None = None
    expires_on: date | None = None
    max_uses: int | None = None
    max_uses_given: bool = False
    requires_approval: bool | None = None
    save_as: SaveAs | None = None


@dataclass(frozen=True)
class ResolvedDraft:
    """A draft with every rule checked and every default filled in."""

    roles: tuple[str, ...]
    valid_from: date
    valid_until: date | None
    invitees: tuple[Invitee, ...]
    message: str | None
    expires_on: date
    max_uses: int | None
    requires_approval: bool
    save_as: SaveAs | None


@dataclass(frozen=True)
class IssuedInvitation:
    """An invitation together with its link token, which exists only in this response."""

    invitation: Invitation
    token: str

    @property
    def link(self) -> str:
        return f"{get_settings().invitation_link_base}#{self.token}"


@dataclass(frozen=True)
class OpenedInvitation:
    """An invitation whose link secret matched, and this person's acceptance of the current link."""

    invitation: Invitation
    acceptance: InvitationAcceptance | None
    invitee: dict[str, Any] | None


@dataclass(frozen=True)
class AcceptanceResult:
    invitation: Invitation
    assignments: list[RoleAssignment] = field(default_factory=list)
    already_accepted: bool = False


# Rules of the create request


def one_year_after(day: date) -> date:
    """Return the same calendar day one year later, or 28 February for 29 February."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def latest_expiry(today: date) -> date:
    """Return the last day an invitation link may work: one year after today."""
    return one_year_after(today)


def default_expiry(today: date) -> date:
    """Return the default expiry, one day short of a year, as the federal role-management wizard proposes."""
    return one_year_after(today) - timedelta(days=1)


def check_expiry(expires_on: date, today: date) -> None:
    if expires_on <= today or expires_on > latest_expiry(today):
        raise BadRequest("expires_on_out_of_range", params={
            "field": "expires_on", "first": (today + timedelta(days=1)).isoformat(),
            "last": latest_expiry(today).isoformat(),
        })


def check_validity(valid_from: date, valid_until: date | None) -> None:
    if valid_until is not None and valid_until < valid_from:
        raise BadRequest("valid_until_before_valid_from")


def _checked_roles(roles: tuple[str, ...]) -> tuple[str, ...]:
    if not roles or any(role not in REMI_ROLES for role in roles):
        raise BadRequest("invitation_roles_invalid", params={"roles": ", ".join(REMI_ROLES)})
    return tuple(role for role in REMI_ROLES if role in roles)


def _check_invitees(invitees: tuple[Invitee, ...]) -> None:
    if len(invitees) > MAX_INVITEES:
        raise BadRequest("invitees_too_many", params={"max": MAX_INVITEES})
    named = [invitee.ssin for invitee in invitees if invitee.ssin]
    if len(set(named)) != len(named):
        raise BadRequest("invitee_ssin_duplicate")
    if named and len(named) != len(invitees):
        raise BadRequest("invitees_ssin_mixed")


def resolve_draft(draft: InvitationDraft, today: date) -> ResolvedDraft:
    """Check a create request against the rules and fill in the defaults; no I/O."""
    roles = _checked_roles(draft.roles)

    valid_from = draft.valid_from or today
    if valid_from < today:
        raise BadRequest("valid_from_in_past", params={"field": "valid_from"})
    check_validity(valid_from, draft.valid_until)

    _check_invitees(draft.invitees)
    named_ssins = [invitee.ssin for invitee in draft.invitees if invitee.ssin]

    expires_on = draft.expires_on or default_expiry(today)
    check_expiry(expires_on, today)

    if draft.max_uses_given:
        max_uses = draft.max_uses
        if max_uses is not None and not 1 <= max_uses <= MAX_USES_LIMIT:
            raise BadRequest("max_uses_invalid", params={"max": MAX_USES_LIMIT})
    else:
        max_uses = len(named_ssins) or None

    if draft.requires_approval is None:
        requires_approval = not (draft.invitees and len(named_ssins) == len(draft.invitees))
    else:
        requires_approval = draft.requires_approval

    return ResolvedDraft(
        roles=roles,
        valid_from=valid_from,
        valid_until=draft.valid_until,
        invitees=draft.invitees,
        message=draft.message or None,
        expires_on=expires_on,
        max_uses=max_uses,
        requires_approval=requires_approval,
        save_as=draft.save_as,
    )


def invitation_state(invitation: Invitation, moment: datetime | None = None) -> str:
    """Return `revoked`, `expired` (also while the stored status is still active), `used_up` or `active`."""
    moment = moment or clock.now()
    if invitation.status == "revoked":
        return "revoked"
    if invitation.status == "expired" or invitation.expires_at <= moment:
        return "expired"
    if invitation.max_uses is not None and invitation.use_count >= invitation.max_uses:
        return "used_up"
    return "active"


def named_ssins(invitation: Invitation) -> set[str]:
    return {entry["ssin"] for entry in invitation.invitees or [] if entry.get("ssin")}


# Managing invitations


def _sort_stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _retention(expires_at: datetime, saved: bool) -> datetime | None:
    # A saved invitation is kept for reuse, so DynamoDB must not delete it after expiry.
    return None if saved else expires_at + RETENTION_AFTER_EXPIRY


def _organisation(enterprise_number: str) -> Organisation:
    try:
        return Organisation.get(*organisation_key(enterprise_number), consistent_read=True)
    except Organisation.DoesNotExist as exc:
        raise NotFound("organisation_not_found") from exc


def create_invitation(caller: Caller, enterprise_number: str, draft: InvitationDraft) -> IssuedInvitation:
    """Create an invitation with its audit event; the token is returned here and never again."""
    moment = clock.now()
    resolved = resolve_draft(draft, clock.today_in_brussels(moment))
    organisation = _organisation(enterprise_number)

    invitation_id = new_id()
    secret = new_secret()
    expires_at = clock.end_of_day(resolved.expires_on)
    saved = resolved.save_as is not None
    invitation = Invitation(
        *invitation_key(invitation_id),
        invitation_id=invitation_id,
        enterprise_number=enterprise_number,
        organisation_name=organisation.name,
        roles=list(resolved.roles),
        valid_from=resolved.valid_from,
        valid_until=resolved.valid_until,
        invitees=[invitee.stored() for invitee in resolved.invitees] or None,
        message=resolved.message,
        expires_on=resolved.expires_on,
        expires_at=expires_at,
        max_uses=resolved.max_uses,
        use_count=0,
        requires_approval=resolved.requires_approval,
        saved=saved,
        name=resolved.save_as.name if resolved.save_as else None,
        description=resolved.save_as.description if resolved.save_as else None,
        secret_hash=hash_secret(secret),
        status="active",
        created_by_ssin=caller.ssin,
        created_at=moment,
        updated_at=moment,
        issued_at=moment,
        org_pk=enterprise_number,
        org_sk=f"{INVITATION_PREFIX}{_sort_stamp(moment)}#{invitation_id}",
        ttl=_retention(expires_at, saved),
    )
    invitation.schedule_sweep(expires_at)

    event = audit.new_event(enterprise_number, caller.ssin, "invitation.created", "invitation", invitation_id,
                            after=audit.snapshot(invitation))
    with transaction() as write:
        write.save(invitation, condition=Invitation.pk.does_not_exist())
        audit.record(write, event)
    logger.info("invitation created", extra={"enterprise_number": enterprise_number,
                                             "invitation_id": invitation_id, "actor": pseudonym(caller.ssin)})
    return IssuedInvitation(invitation, f"{invitation_id}.{secret}")


def list_invitations(
    enterprise_number: str,
    *,
    state: str | None = None,
    saved_only: bool = False,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[Invitation]:
    """Return one page of the organisation's invitations, newest first, filtered by state and saved flag."""
    moment = clock.now()

    def wanted(invitation: Invitation) -> bool:
        if saved_only and not invitation.saved:
            return False
        return state is None or invitation_state(invitation, moment) == state

    results = query_organisation_items(enterprise_number, INVITATION_PREFIX, cursor=cursor,
                                       page_size=limit + 1, newest_first=True)
    return take_page((item for item in results if isinstance(item, Invitation)), limit, index_key, wanted)


def get_invitation(enterprise_number: str, invitation_id: str) -> Invitation:
    """Read one of this organisation's invitations strongly consistently, or raise `invitation_not_found`."""
    if not _INVITATION_ID.fullmatch(invitation_id):
        raise NotFound("invitation_not_found")
    try:
        invitation = Invitation.get(*invitation_key(invitation_id), consistent_read=True)
    except Invitation.DoesNotExist as exc:
        raise NotFound("invitation_not_found") from exc
    if invitation.enterprise_number != enterprise_number:
        raise NotFound("invitation_not_found")
    return invitation


def copy_invitation(invitation: Invitation) -> Invitation:
    return Invitation.from_raw_data(invitation.serialize())


def revoke_invitation(caller: Caller, enterprise_number: str, invitation_id: str) -> Invitation:
    """Revoke an invitation so its link stops working; revoking it again changes nothing."""
    moment = clock.now()
    before = get_invitation(enterprise_number, invitation_id)
    if before.status == "revoked":
        return before
    if before.status != "active":
        raise Gone("invitation_expired")

    after = copy_invitation(before)
    after.status = "revoked"
    after.updated_at = moment
    after.schedule_sweep(None)
    event = audit.new_event(enterprise_number, caller.ssin, "invitation.revoked", "invitation", invitation_id,
                            before=audit.snapshot(before), after=audit.snapshot(after))
    try:
        with transaction() as write:
            write.update(
                before,
                actions=[
                    Invitation.status.set("revoked"),
                    Invitation.updated_at.set(moment),
                    Invitation.sweep_partition.remove(),
                    Invitation.sweep_at.remove(),
                ],
                condition=Invitation.status == "active",
            )
            audit.record(write, event)
    except TransactWriteError as exc:
        raise Conflict("invitation_changed") from exc
    return after


def reissue_invitation(
    caller: Caller,
    enterprise_number: str,
    invitation_id: str,
    *,
    expires_on: date | None = None,
    valid_from: date | None = None,
    valid_until: date | None = None,
    change_valid_until: bool = False,
) -> IssuedInvitation:
    """Give a saved invitation a new link; the old link dies because the stored hash changes.

    Without `expires_on`, the new link lives as many days as the previous one did. The use
    count starts again at zero, and a revoked or expired saved invitation becomes active.
    """
    moment = clock.now()
    today = clock.today_in_brussels(moment)
    before = get_invitation(enterprise_number, invitation_id)
    if not before.saved:
        raise Conflict("invitation_not_saved")

    if valid_from is not None and valid_from < today:
        raise BadRequest("valid_from_in_past", params={"field": "valid_from"})
    new_from = valid_from or before.valid_from
    new_until = valid_until if change_valid_until else before.valid_until
    check_validity(new_from, new_until)
    if new_until is not None and new_until < today:
        if change_valid_until:
            raise BadRequest("valid_until_in_past", params={"field": "valid_until"})
        raise Conflict("reissue_validity_over", params={"valid_until": new_until.isoformat()})

    if expires_on is None:
        issued_on = clock.today_in_brussels(before.issued_at or before.created_at)
        duration = max(before.expires_on - issued_on, timedelta(days=1))
        expires_on = min(today + duration, latest_expiry(today))
    check_expiry(expires_on, today)

    secret = new_secret()
    expires_at = clock.end_of_day(expires_on)
    after = copy_invitation(before)
    after.valid_from = new_from
    after.valid_until = new_until
    after.expires_on = expires_on
    after.expires_at = expires_at
    after.secret_hash = hash_secret(secret)
    after.status = "active"
    after.use_count = 0
    after.issued_at = moment
    after.updated_at = moment
    after.ttl = _retention(expires_at, saved=True)
    after.schedule_sweep(expires_at)

    event = audit.new_event(enterprise_number, caller.ssin, "invitation.reissued", "invitation", invitation_id,
                            before=audit.snapshot(before), after=audit.snapshot(after))
    # The use count is in the condition because an accept changes it without touching updated_at.
    unchanged = (Invitation.updated_at == before.updated_at) & (Invitation.use_count == before.use_count)
    try:
        with transaction() as write:
            write.save(after, condition=unchanged)
            audit.record(write, event)
    except TransactWriteError as exc:
        raise Conflict("invitation_changed") from exc
    return IssuedInvitation(after, f"{invitation_id}.{secret}")


# Opening a link: preview and accept


def open_invitation(token: Any, ssin: str) -> OpenedInvitation:
    """Find the invitation of a link token and this person's acceptance, in one consistent query.

    An unknown id and a wrong secret get the same `invitation_not_found`, and the secret is
    compared in constant time either way.
    """
    parts = split_token(token) if isinstance(token, str) else None
    if parts is None:
        raise NotFound("invitation_not_found")
    invitation_id, secret = parts

    pk, invitation_sk = invitation_key(invitation_id)
    accepted_sk = acceptance_key(invitation_id, ssin)[1]
    # "ACCEPTED#..." sorts before "INVITATION", so this range contains both items. The filter
    # drops other people's acceptances that sort between them.
    items = RemiItem.query(
        pk,
        RemiItem.sk.between(accepted_sk, invitation_sk),
        filter_condition=(RemiItem.kind == Invitation) | (InvitationAcceptance.ssin == ssin),
        consistent_read=True,
    )
    invitation: Invitation | None = None
    acceptance: InvitationAcceptance | None = None
    for item in items:
        if isinstance(item, Invitation):
            invitation = item
        elif isinstance(item, InvitationAcceptance) and item.sk == accepted_sk:
            acceptance = item

    stored_hash = invitation.secret_hash if invitation else _ABSENT_SECRET_HASH
    if not hmac.compare_digest(hash_secret(secret), stored_hash) or invitation is None:
        raise NotFound("invitation_not_found")

    # An acceptance of an earlier link of a reissued invitation does not count for this one.
    if acceptance is not None and invitation.issued_at is not None and acceptance.accepted_at < invitation.issued_at:
        acceptance = None
    invitee = next((entry for entry in invitation.invitees or [] if entry.get("ssin") == ssin), None)
    return OpenedInvitation(invitation, acceptance, invitee)


def check_usable(invitation: Invitation, ssin: str, moment: datetime) -> None:
    """Raise the refusal for a link this person cannot use now; an SSIN mismatch changes nothing."""
    state = invitation_state(invitation, moment)
    if state == "revoked":
        raise Gone("invitation_revoked")
    if state == "expired":
        raise Gone("invitation_expired")
    named = named_ssins(invitation)
    if named and ssin not in named:
        raise Forbidden("invitation_for_other_person")
    if state == "used_up":
        raise Gone("invitation_used_up")
    if invitation.valid_until is not None and invitation.valid_until < clock.today_in_brussels(moment):
        raise Gone("invitation_validity_over")


def preview_invitation(caller: Caller, token: Any) -> OpenedInvitation:
    """Return what a link offers the logged-in person, or raise the refusal they would get on accepting."""
    opened = open_invitation(token, caller.ssin)
    if opened.acceptance is None:
        check_usable(opened.invitation, caller.ssin, clock.now())
    return opened


def accept_invitation(caller: Caller, token: Any, email: str) -> AcceptanceResult:
    """Accept a link: one role assignment per role, or the earlier acceptance when there is one."""
    return _accept(caller, token, email, retry=True)


def _accept(caller: Caller, token: Any, email: str, *, retry: bool) -> AcceptanceResult:
    moment = clock.now()
    opened = open_invitation(token, caller.ssin)
    invitation = opened.invitation
    standing_at = invitation.enterprise_number

    if opened.acceptance is not None:
        standing = load_standing(caller.ssin, standing_at)
        accepted_ids = set(opened.acceptance.assignment_ids)
        earlier = [item for item in standing.assignments if item.assignment_id in accepted_ids]
        return AcceptanceResult(invitation, earlier, already_accepted=True)

    check_usable(invitation, caller.ssin, moment)
    standing = load_standing(caller.ssin, standing_at)
    existing = {item.role: item for item in standing.assignments}
    plans = [_plan_assignment(caller, invitation, opened.invitee, role, existing.get(role), email, moment)
             for role in invitation.roles]

    try:
        _commit_acceptance(caller, invitation, plans, moment)
    except TransactWriteError as exc:
        reasons = _AcceptReasons(exc.cancellation_reasons, len(plans))
        if reasons.acceptance is not None and retry:
            # The same person accepted at the same moment; the retry finds that acceptance.
            return _accept(caller, token, email, retry=False)
        raise _refusal_after_cancellation(reasons, invitation, moment) from exc

    logger.info("invitation accepted", extra={"enterprise_number": standing_at,
                                              "invitation_id": invitation.invitation_id,
                                              "person": pseudonym(caller.ssin)})
    return AcceptanceResult(invitation, [after for _, after in plans])


def _plan_assignment(
    caller: Caller,
    invitation: Invitation,
    invitee: dict[str, Any] | None,
    role: str,
    existing: RoleAssignment | None,
    email: str,
    moment: datetime,
) -> tuple[RoleAssignment | None, RoleAssignment]:
    """Build the (before, after) pair of one role: a new assignment, or the existing one replaced.

    NOTE: replacing follows the new invitation even when it needs approval, so a person
    whose role is active and who accepts such an invitation waits for approval again.
    """
    if existing is not None:
        after = copy_assignment(existing)
    else:
        assignment_id = new_id()
        after = RoleAssignment(
            *assignment_key(caller.ssin, invitation.enterprise_number, role),
            assignment_id=assignment_id,
            enterprise_number=invitation.enterprise_number,
            ssin=caller.ssin,
            role=role,
            created_at=moment,
            org_pk=invitation.enterprise_number,
            org_sk=f"ASSIGNMENT#{assignment_id}",
        )
    pending = invitation.requires_approval
    after.status = "pending_approval" if pending else "active"
    after.valid_from = invitation.valid_from
    after.valid_until = invitation.valid_until
    after.email = email
    after.given_name = caller.given_name or (invitee or {}).get("given_name")
    after.surname = caller.surname or (invitee or {}).get("surname")
    after.invitation_id = invitation.invitation_id
    after.updated_at = moment
    after.pending_since = moment if pending else None
    after.decided_by_ssin = None
    after.decided_at = None
    after.reason = None
    schedule_assignment_sweep(after, moment)
    return existing, after


def _commit_acceptance(
    caller: Caller,
    invitation: Invitation,
    plans: list[tuple[RoleAssignment | None, RoleAssignment]],
    moment: datetime,
) -> None:
    """Write the use, the acceptance, the assignments and their audit events together.

    pynamodb sends a TransactWrite's puts before its updates, whatever the call order, so
    the request contains: the acceptance, one put per assignment, the audit events, and last
    the invitation's update. `_AcceptReasons` reads the cancellation reasons in that order.
    """
    has_use_left = Invitation.max_uses.does_not_exist() | (Invitation.use_count < Invitation.max_uses)
    still_usable = (
        (Invitation.status == "active")
        & (Invitation.expires_at > moment)
        & (Invitation.secret_hash == invitation.secret_hash)
        & has_use_left
    )
    acceptance = InvitationAcceptance(
        *acceptance_key(invitation.invitation_id, caller.ssin),
        ssin=caller.ssin,
        accepted_at=moment,
        assignment_ids=[after.assignment_id for _, after in plans],
        ttl=invitation.ttl,
    )
    first_acceptance = InvitationAcceptance.pk.does_not_exist()
    if invitation.issued_at is not None:
        first_acceptance |= InvitationAcceptance.accepted_at < invitation.issued_at

    events = [
        audit.new_event(
            invitation.enterprise_number, caller.ssin,
            "assignment.replaced" if before is not None else "assignment.created",
            "role_assignment", after.assignment_id,
            before=audit.snapshot(before), after=audit.snapshot(after),
        )
        for before, after in plans
    ]
    with transaction() as write:
        write.save(acceptance, condition=first_acceptance)
        for before, after in plans:
            if before is None:
                write.save(after, condition=RoleAssignment.pk.does_not_exist())
            else:
                write.save(after, condition=(RoleAssignment.updated_at == before.updated_at)
                           & (RoleAssignment.status == before.status))
        for event in events:
            audit.record(write, event)
        write.update(invitation, actions=[Invitation.use_count.add(1)], condition=still_usable,
                     return_values=ALL_OLD)


class _AcceptReasons:
    """The cancellation reasons of an accept's TransactWrite, by the item they belong to.

    A reason is None for an item that did not cause the cancellation.
    """

    def __init__(self, reasons: list[Any], assignment_count: int) -> None:
        padded = list(reasons) or [None] * (assignment_count + 2)
        self.acceptance = padded[0]
        self.assignments = padded[1:1 + assignment_count]
        self.invitation = padded[-1]


def _refusal_after_cancellation(reasons: _AcceptReasons, invitation: Invitation, moment: datetime) -> RemiError:
    """Turn the reasons of a cancelled accept into the refusal the caller would get now."""
    invitation_reason = reasons.invitation
    if invitation_reason is not None:
        if invitation_reason.code != "ConditionalCheckFailed" or not invitation_reason.raw_item:
            return Conflict("invitation_changed")
        current = Invitation.from_raw_data(invitation_reason.raw_item)
        if current.secret_hash != invitation.secret_hash:
            return NotFound("invitation_not_found")
        state = invitation_state(current, moment)
        if state in ("revoked", "expired", "used_up"):
            return Gone(f"invitation_{state}")
        return Conflict("invitation_changed")
    if any(reason is not None for reason in reasons.assignments):
        return Conflict("assignment_changed")
    return Conflict("invitation_changed")
