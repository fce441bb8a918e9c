"""Access managers of an organisation: co-main access managers and managers per domain.

The main access manager and co-main access managers hold domain `*`, which covers every
domain and lets them appoint and remove the others. Each manager record lives in the
person's own partition under `ORG#<enterprise number>#MANAGER#<domain>`, so a person can
manage several domains (one record each) and adding the same person and domain twice is
caught by a condition on that primary key. The `by-organisation` index lists them.
"""

from __future__ import annotations

from dataclasses import dataclass

from pynamodb.exceptions import TransactWriteError

from chalicelib import clock
from chalicelib.errors import Conflict, NotFound
from chalicelib.identity.secrets import new_id
from chalicelib.logs import logger, pseudonym
from chalicelib.services import audit
from chalicelib.services.permissions import ALL_DOMAINS, CSAM_DOMAINS, Caller
from chalicelib.store.connection import transaction
from chalicelib.store.models import AccessManager, RemiItem, manager_key

MAIN = "main"
CO_MAIN = "co_main"
DOMAIN = "domain"
LEVELS: tuple[str, ...] = (MAIN, CO_MAIN, DOMAIN)
# Levels that POST .../access-managers may create; the main access manager is appointed by
# a legal representative through registration or replacement only.
APPOINTABLE_LEVELS: tuple[str, ...] = (CO_MAIN, DOMAIN)

MANAGER_SORT_PREFIX = "MANAGER#"


@dataclass(frozen=True)
class ManagerDetails:
    """Person to appoint: the SSIN, the names when known, and the contact address and language."""

    ssin: str
    email: str
    language: str
    given_name: str | None = None
    surname: str | None = None


def manager_sort_key(manager_id: str) -> str:
    return f"{MANAGER_SORT_PREFIX}{manager_id}"


def new_manager(
    enterprise_number: str,
    details: ManagerDetails,
    *,
    level: str,
    domain: str,
    appointed_by: Caller,
) -> AccessManager:
    """Build (not save) a manager record, indexed under its organisation by its id."""
    manager_id = new_id()
    return AccessManager(
        *manager_key(details.ssin, enterprise_number, domain),
        manager_id=manager_id,
        enterprise_number=enterprise_number,
        ssin=details.ssin,
        domain=domain,
        level=level,
        given_name=details.given_name,
        surname=details.surname,
        email=details.email,
        language=details.language,
        appointed_at=clock.now(),
        appointed_by_ssin=appointed_by.ssin,
        org_pk=enterprise_number,
        org_sk=manager_sort_key(manager_id),
    )


def condition_failed(error: TransactWriteError) -> bool:
    """Return whether a transaction was cancelled because one of its conditions failed."""
    return any(reason is not None and reason.code == "ConditionalCheckFailed"
               for reason in error.cancellation_reasons)


def list_managers(enterprise_number: str) -> list[AccessManager]:
    """List the organisation's manager records: main first, then co-main, then by domain and name.

    NOTE: the `by-organisation` index is eventually consistent, so a manager added a moment
    ago can be missing from the list for a short while.
    """
    items = RemiItem.by_organisation.query(
        enterprise_number,
        RemiItem.org_sk.startswith(MANAGER_SORT_PREFIX),
    )
    managers = [item for item in items if isinstance(item, AccessManager)]
    return sorted(managers, key=_listing_order)


def _listing_order(manager: AccessManager) -> tuple[int, str, str, str, str]:
    level_rank = LEVELS.index(manager.level) if manager.level in LEVELS else len(LEVELS)
    return (
        level_rank,
        manager.domain,
        (manager.surname or "").casefold(),
        (manager.given_name or "").casefold(),
        manager.manager_id,
    )


def add_manager(
    caller: Caller,
    enterprise_number: str,
    details: ManagerDetails,
    *,
    level: str,
    domain: str | None,
) -> AccessManager:
    """Appoint a co-main access manager (domain `*`) or an access manager of one CSAM domain.

    The caller's right (main or co-main access manager) is checked by the caller of this
    function. Raises Conflict `access_manager_exists` when the person already manages that
    domain here, which includes a main or co-main access manager appointed as co-main again.
    """
    if level not in APPOINTABLE_LEVELS:
        raise ValueError(f"level {level!r} cannot be appointed here")
    record_domain = ALL_DOMAINS if level == CO_MAIN else domain
    if record_domain != ALL_DOMAINS and record_domain not in CSAM_DOMAINS:
        raise ValueError(f"domain {record_domain!r} is not a CSAM domain")

    manager = new_manager(enterprise_number, details, level=level, domain=record_domain,
                          appointed_by=caller)
    event = audit.new_event(enterprise_number, caller.ssin, "access_manager_added", "access_manager",
                            manager.manager_id, before=None, after=audit.snapshot(manager))
    try:
        with transaction() as writes:
            writes.save(manager, condition=AccessManager.pk.does_not_exist())
            audit.record(writes, event)
    except TransactWriteError as error:
        if condition_failed(error):
            raise Conflict("access_manager_exists") from error
        raise

    logger.info("access manager added", extra={
        "enterprise_number": enterprise_number, "manager_id": manager.manager_id,
        "level": level, "domain": record_domain, "actor": pseudonym(caller.ssin),
        "person": pseudonym(details.ssin),
    })
    return manager


def find_manager(enterprise_number: str, manager_id: str) -> AccessManager | None:
    """Find the organisation's manager record with this id through the `by-organisation` index."""
    items = RemiItem.by_organisation.query(
        enterprise_number,
        RemiItem.org_sk == manager_sort_key(manager_id),
    )
    for item in items:
        if isinstance(item, AccessManager) and item.manager_id == manager_id:
            return item
    return None


def remove_manager(caller: Caller, enterprise_number: str, manager_id: str) -> AccessManager:
    """Remove a co-main or domain access manager; return the record as it was.

    Raises NotFound `access_manager_not_found` for an unknown id (or one removed meanwhile),
    and Conflict `main_access_manager_not_removable` for the main access manager, who is
    replaced by a legal representative instead.
    """
    manager = find_manager(enterprise_number, manager_id)
    if manager is None:
        raise NotFound("access_manager_not_found")
    if manager.level == MAIN:
        raise Conflict("main_access_manager_not_removable")

    # The index read is eventually consistent: the condition on the primary key makes sure
    # the record is still this manager, and still not the main one, when it is deleted.
    event = audit.new_event(enterprise_number, caller.ssin, "access_manager_removed", "access_manager",
                            manager_id, before=audit.snapshot(manager), after=None)
    try:
        with transaction() as writes:
            writes.delete(manager, condition=(AccessManager.manager_id == manager_id)
                          & (AccessManager.level != MAIN))
            audit.record(writes, event)
    except TransactWriteError as error:
        if condition_failed(error):
            raise NotFound("access_manager_not_found") from error
        raise

    logger.info("access manager removed", extra={
        "enterprise_number": enterprise_number, "manager_id": manager_id,
        "level": manager.level, "domain": manager.domain, "actor": pseudonym(caller.ssin),
    })
    return manager
