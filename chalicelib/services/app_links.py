"""App links: a vendor application acting for one person at one organisation.

A link is made when a vendor exchanges an activation code. The person lists and revokes
their own links. The organisation's access managers list and revoke all of them, and its
DPO lists them. Revoking is a conditional update from `active` to `revoked`, written with its
audit event in one transaction, so revoking twice changes nothing the second time.
"""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import TransactWriteError

from chalicelib import clock
from chalicelib.errors import Conflict, NotFound
from chalicelib.logs import logger, pseudonym
from chalicelib.services import audit
from chalicelib.services.permissions import Caller, Standing
from chalicelib.store.connection import transaction
from chalicelib.store.models import AppLink, app_link_key, person_pk

ACTIVE = "active"
REVOKED = "revoked"
EXPIRED = "expired"

# Reasons stored in `revoked_reason` and shown in listings and the audit trail.
REVOKED_BY_PERSON = "revoked_by_person"
REVOKED_BY_MANAGER = "revoked_by_manager"
REVOKED_BY_VENDOR = "revoked_by_vendor"
ACTIVATION_CODE_REPLAYED = "activation_code_replayed"
REFRESH_TOKEN_REUSED = "refresh_token_reused"

APP_LINK_SORT_PREFIX = "APP_LINK#"


def link_state(link: AppLink, moment: datetime | None = None) -> str:
    """Return `active`, `revoked` or `expired`, counting an active link past its expiry as expired."""
    if link.status == ACTIVE and link.expires_at <= (moment or clock.now()):
        return EXPIRED
    return link.status


def is_usable(link: AppLink, moment: datetime | None = None) -> bool:
    return link_state(link, moment) == ACTIVE


def usable_condition(moment: datetime):
    """Condition on an app link: still active and not past its expiry at `moment`."""
    return (AppLink.status == ACTIVE) & (AppLink.expires_at > moment)


def revoke(link: AppLink, actor: str, reason: str) -> bool:
    """Revoke `link` with an audit event, and return False when it was no longer active.

    One TransactWrite: the conditional update and the event. A link that another request
    revoked or that expired in the meantime fails the condition, and nothing is written.
    """
    moment = clock.now()
    # A link known only by its keys (a replayed code names its link) has no state to show.
    before = audit.snapshot(link) if link.status else None
    after = dict(before or {"link_id": link.link_id}, status=REVOKED, revoked_at=moment.isoformat(),
                 revoked_reason=reason)
    event = audit.new_event(link.enterprise_number, actor, "app_link.revoked", "app_link", link.link_id, before, after)
    try:
        with transaction() as write:
            write.update(
                link,
                actions=[
                    AppLink.status.set(REVOKED),
                    AppLink.revoked_at.set(moment),
                    AppLink.revoked_reason.set(reason),
                    AppLink.sweep_partition.remove(),
                    AppLink.sweep_at.remove(),
                ],
                condition=usable_condition(moment),
            )
            audit.record(write, event)
    except TransactWriteError as error:
        if error.cause_response_code != "TransactionCanceledException":
            raise
        return False
    logger.info(
        "app link revoked",
        extra={"link_id": link.link_id, "enterprise_number": link.enterprise_number, "reason": reason,
               "person": pseudonym(link.ssin)},
    )
    return True


def get_link(link_id: str) -> AppLink | None:
    try:
        return AppLink.get(*app_link_key(link_id), consistent_read=True)
    except AppLink.DoesNotExist:
        return None


def list_person_links(ssin: str) -> list[AppLink]:
    """List the person's app links, newest first, through the sparse by-person index."""
    items = AppLink.by_person.query(person_pk(ssin), AppLink.person_sk.startswith(APP_LINK_SORT_PREFIX))
    return _newest_first(items)


def list_organisation_links(enterprise_number: str) -> list[AppLink]:
    """List the organisation's app links, newest first, through the by-organisation index."""
    # NOTE: no paging yet. The estimate is tens of staff with a few links each per OCMW, which
    # fits in one 1 MB query page. pynamodb follows further pages itself if there are more.
    items = AppLink.by_organisation.query(enterprise_number, AppLink.org_sk.startswith(APP_LINK_SORT_PREFIX))
    return _newest_first(items)


def _newest_first(items) -> list[AppLink]:
    return sorted((item for item in items if isinstance(item, AppLink)), key=lambda link: link.created_at, reverse=True)


def _revoke_or_explain(link: AppLink, actor: str, reason: str) -> None:
    if not is_usable(link) or not revoke(link, actor, reason):
        raise Conflict("app_link_not_active", params={"link_id": link.link_id})


def revoke_own_link(caller: Caller, link_id: str) -> None:
    """Revoke one of the caller's own links. Another person's link is reported as not found."""
    link = get_link(link_id)
    if link is None or link.ssin != caller.ssin:
        raise NotFound("app_link_not_found", params={"link_id": link_id})
    _revoke_or_explain(link, caller.ssin, REVOKED_BY_PERSON)


def revoke_organisation_link(standing: Standing, caller: Caller, link_id: str) -> None:
    """Revoke a link of the organisation's staff, which only REMI access managers may do."""
    standing.require_remi_manager()
    link = get_link(link_id)
    if link is None or link.enterprise_number != standing.enterprise_number:
        raise NotFound("app_link_not_found", params={"link_id": link_id})
    _revoke_or_explain(link, caller.ssin, REVOKED_BY_MANAGER)
