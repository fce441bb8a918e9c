"""REMI contracts of organisations, recorded by operators.

An organisation can use REMI (activation codes, the vendor API) only on the days its
contract is active: from `contract_signed_on` through `contract_ends_on` inclusive, or
without end. Each change is one conditional update of the organisation plus an audit
event in the same TransactWrite. The condition repeats the contract dates that were read,
so two operators changing the same contract at once cannot overwrite each other unseen.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.condition import Condition

from chalicelib.errors import BadRequest, Conflict, NotFound
from chalicelib.identifiers import format_enterprise_number
from chalicelib.services import audit
from chalicelib.store import connection, organisation_cache
from chalicelib.store.models import Organisation, organisation_key


def load_organisation(enterprise_number: str) -> Organisation:
    """Read the organisation with a consistent read; raises NotFound when it is not registered."""
    try:
        return Organisation.get(*organisation_key(enterprise_number), consistent_read=True)
    except Organisation.DoesNotExist as exc:
        raise NotFound(
            "contract_organisation_not_found",
            params={"enterprise_number": format_enterprise_number(enterprise_number)},
        ) from exc


def record_contract(
    enterprise_number: str,
    signed_on: date,
    ends_on: date | None = None,
    actor: str = audit.OPERATOR_ACTOR,
) -> Organisation:
    """Record that the organisation signed the REMI contract on `signed_on`, ending after `ends_on`.

    Recording again replaces the dates, for instance to correct a typing error or to record
    a renewed contract. `ends_on=None` means the contract has no end date.
    """
    if ends_on is not None and ends_on < signed_on:
        raise BadRequest("contract_dates_invalid", params={"signed_on": signed_on, "ends_on": ends_on})
    organisation = load_organisation(enterprise_number)
    _write(organisation, signed_on, ends_on, actor, "contract.recorded")
    return load_organisation(enterprise_number)


def end_contract(enterprise_number: str, on: date, actor: str = audit.OPERATOR_ACTOR) -> Organisation:
    """End the organisation's contract after the day `on` (inclusive, Brussels calendar)."""
    organisation = load_organisation(enterprise_number)
    signed_on = organisation.contract_signed_on
    if signed_on is None:
        raise Conflict("contract_not_recorded",
                       params={"enterprise_number": format_enterprise_number(enterprise_number)})
    if on < signed_on:
        raise BadRequest("contract_dates_invalid", params={"signed_on": signed_on, "ends_on": on})
    _write(organisation, signed_on, on, actor, "contract.ended")
    return load_organisation(enterprise_number)


def contract_snapshot(organisation: Organisation) -> dict[str, Any]:
    """Return the contract dates as ISO text, for audit events and the command line."""
    return {
        "contract_signed_on": _iso(organisation.contract_signed_on),
        "contract_ends_on": _iso(organisation.contract_ends_on),
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _equals_or_absent(attribute: Any, value: Any) -> Condition:
    return attribute == value if value is not None else attribute.does_not_exist()


def _write(organisation: Organisation, signed_on: date, ends_on: date | None, actor: str, action: str) -> None:
    enterprise_number = organisation.enterprise_number
    before = contract_snapshot(organisation)
    after = {"contract_signed_on": _iso(signed_on), "contract_ends_on": _iso(ends_on)}

    condition = (
        Organisation.pk.exists()
        & _equals_or_absent(Organisation.contract_signed_on, organisation.contract_signed_on)
        & _equals_or_absent(Organisation.contract_ends_on, organisation.contract_ends_on)
    )
    actions = [Organisation.contract_signed_on.set(signed_on)]
    if ends_on is None:
        actions.append(Organisation.contract_ends_on.remove())
    else:
        actions.append(Organisation.contract_ends_on.set(ends_on))

    event = audit.new_event(enterprise_number, actor, action, "organisation", enterprise_number,
                            before=before, after=after)
    try:
        with connection.transaction() as transaction:
            transaction.update(organisation, actions, condition=condition)
            audit.record(transaction, event)
    except TransactWriteError as error:
        reasons = error.cancellation_reasons or []
        if any(reason is not None and reason.code == "ConditionalCheckFailed" for reason in reasons):
            raise Conflict("contract_changed_concurrently",
                           params={"enterprise_number": format_enterprise_number(enterprise_number)}) from error
        raise
    finally:
        # This process may have cached the old dates; other processes see the change once
        # their cache entry is older than organisation_cache_seconds.
        organisation_cache.forget(enterprise_number)
