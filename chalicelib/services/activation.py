"""Activation codes: what a staff member copies into a vendor application to link it.

Only a person with an active REMI role at an organisation whose contract is in force gets
a code. A code has 80 random bits in Crockford base32, lives `activation_code_minutes`, is
used once, and is stored only as the SHA-256 hash of its normalized form. A new code
replaces the person's previous unused one for the same organisation.

Timeline of one code's `status`:

    unused --exchange--> used
    unused --newer code--> replaced
    unused --sweep after expires_at--> expired

The pointer item in the person's partition (`ORG#<n>#ACTIVATION_CODE`) names the current
unused code, so `load_standing` returns it with the person's roles in the same query, and
the replacement needs no extra read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pynamodb.exceptions import TransactWriteError

from chalicelib import clock
from chalicelib.errors import Conflict, Forbidden
from chalicelib.identity.secrets import hash_activation_code, new_activation_code
from chalicelib.logs import logger, pseudonym
from chalicelib.services import audit
from chalicelib.services.permissions import Caller, load_standing
from chalicelib.settings import get_settings
from chalicelib.store import organisation_cache
from chalicelib.store.connection import transaction
from chalicelib.store.models import (
    ActivationCode,
    ActivationCodePointer,
    Organisation,
    activation_code_key,
    code_pointer_key,
    organisation_key,
)

UNUSED = "unused"
USED = "used"
REPLACED = "replaced"
EXPIRED = "expired"

# How long after its expiry DynamoDB may delete an unused code. A used code is kept as long
# as the link it made, so that a replay can still be recognised and revoke that link.
UNUSED_CODE_RETENTION = timedelta(days=1)


@dataclass(frozen=True)
class IssuedCode:
    """A new activation code, shown once: the grouped code and when it stops working."""

    code: str
    expires_at: datetime
    enterprise_number: str


def contract_active_condition(today: date):
    """Condition on the organisation item: a contract signed on or before `today` that has not ended."""
    return (
        Organisation.contract_signed_on.exists()
        & (Organisation.contract_signed_on <= today)
        & (Organisation.contract_ends_on.does_not_exist() | (Organisation.contract_ends_on >= today))
    )


def require_contract_active(organisation: Organisation, today: date) -> None:
    """Raise Forbidden unless the organisation's contract is in force today."""
    if organisation.contract_active(today):
        return
    if organisation.contract_ends_on is not None and organisation.contract_ends_on < today:
        raise Forbidden("contract_ended")
    raise Forbidden("contract_not_signed")


def code_is_unused(code: ActivationCode, moment: datetime) -> bool:
    return code.status == UNUSED and code.expires_at > moment


def create_activation_code(caller: Caller, enterprise_number: str) -> IssuedCode:
    """Issue a new code for the caller at this organisation, replacing their previous unused one.

    Two DynamoDB requests at most: the standing query (roles and the code pointer) and one
    TransactWrite. The organisation comes from the per-process cache, so the transaction
    checks its contract again in case the cached copy is stale.
    """
    standing = load_standing(caller.ssin, enterprise_number)
    if not standing.active_roles():
        raise Forbidden("no_active_role")
    today = clock.today_in_brussels()
    organisation = organisation_cache.get(enterprise_number)
    if organisation is not None and not organisation.contract_active(today):
        # The cached copy may predate the contract: refusing on it would turn a staff member
        # away for up to a cache lifetime after signing, so a refusal reads the item again.
        organisation_cache.forget(enterprise_number)
        organisation = organisation_cache.get(enterprise_number)
    if organisation is None:
        raise Forbidden("no_active_role")
    require_contract_active(organisation, today)

    now = clock.now()
    expires_at = now + timedelta(minutes=get_settings().activation_code_minutes)
    code = new_activation_code()
    code_hash = hash_activation_code(code)
    assert code_hash is not None

    item = ActivationCode(
        *activation_code_key(code_hash),
        enterprise_number=enterprise_number,
        ssin=caller.ssin,
        status=UNUSED,
        created_at=now,
        expires_at=expires_at,
        ttl=expires_at + UNUSED_CODE_RETENTION,
    )
    item.schedule_sweep(expires_at)
    pointer = ActivationCodePointer(
        *code_pointer_key(caller.ssin, enterprise_number),
        code_hash=code_hash,
        expires_at=expires_at,
        ttl=expires_at + UNUSED_CODE_RETENTION,
    )

    previous = standing.code_pointer
    # The pointer only names an unused code or one past its expiry, because an exchange
    # deletes the pointer in the same transaction that marks its code used.
    replaces_previous = previous is not None and previous.expires_at > now
    if previous is None:
        pointer_condition = ActivationCodePointer.pk.does_not_exist()
    else:
        pointer_condition = ActivationCodePointer.code_hash == previous.code_hash

    event = audit.new_event(
        enterprise_number, caller.ssin, "activation_code.created", "activation_code", code_reference(code_hash),
        after=audit.snapshot(item),
    )
    try:
        with transaction() as write:
            write.condition_check(Organisation, *organisation_key(enterprise_number),
                                  condition=contract_active_condition(today))
            write.save(item, condition=ActivationCode.pk.does_not_exist())
            write.save(pointer, condition=pointer_condition)
            audit.record(write, event)
            if replaces_previous:
                assert previous is not None
                write.update(
                    ActivationCode(*activation_code_key(previous.code_hash)),
                    actions=[
                        ActivationCode.status.set(REPLACED),
                        ActivationCode.sweep_partition.remove(),
                        ActivationCode.sweep_at.remove(),
                    ],
                    condition=(ActivationCode.status == UNUSED),
                )
    except TransactWriteError as error:
        _raise_for_cancelled_creation(error, enterprise_number)

    logger.info(
        "activation code created",
        extra={"enterprise_number": enterprise_number, "person": pseudonym(caller.ssin),
               "replaced_previous": replaces_previous},
    )
    return IssuedCode(code=code, expires_at=expires_at, enterprise_number=enterprise_number)


def _raise_for_cancelled_creation(error: TransactWriteError, enterprise_number: str) -> None:
    if error.cause_response_code != "TransactionCanceledException":
        raise error
    reasons = error.cancellation_reasons or []
    # pynamodb sends condition checks first, so the organisation's check is reason 0.
    if reasons and reasons[0] is not None and reasons[0].code == "ConditionalCheckFailed":
        organisation_cache.forget(enterprise_number)
        raise Forbidden("contract_not_signed") from None
    # Another request created or used the person's code at the same moment.
    raise Conflict("activation_code_conflict") from None


def code_reference(code_hash: str) -> str:
    """Shorten a code hash to a reference for audit events and logs, from which the code cannot be read back."""
    return code_hash[:16]
