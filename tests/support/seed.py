"""Direct writes of starting states for functional tests, so each test sets up in one line.

These bypass the services on purpose: they build the state a test starts from, while the
behaviour under test always runs through the HTTP API or the service it exercises.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from chalicelib.identity.secrets import new_id
from chalicelib.store.models import (
    AccessManager,
    Enterprise,
    LegalRepresentative,
    Organisation,
    RoleAssignment,
    assignment_key,
    enterprise_key,
    legal_representative_key,
    manager_key,
    organisation_key,
)
from tests.support.people import Person

DEMO_ENTERPRISE = "0409667028"


def _now() -> datetime:
    from chalicelib import clock

    return clock.now()


def register_enterprise(enterprise_number: str, name: str, legal_representatives: list[Person]) -> None:
    Enterprise(*enterprise_key(enterprise_number), enterprise_number=enterprise_number, name=name,
               address="Kerkstraat 1, 2440 Geel", imported_at=_now()).save()
    for person in legal_representatives:
        LegalRepresentative(*legal_representative_key(enterprise_number, person.ssin),
                            enterprise_number=enterprise_number, ssin=person.ssin, imported_at=_now()).save()


def organisation(enterprise_number: str, main_manager: Person, name: str = "OCMW Geel",
                 contract_signed_on: date | None = None) -> Organisation:
    item = Organisation(
        *organisation_key(enterprise_number),
        enterprise_number=enterprise_number,
        name=name,
        address="Kerkstraat 1, 2440 Geel",
        email="directie@ocmw.example",
        phone="+32 14 00 00 00",
        main_access_manager_ssin=main_manager.ssin,
        registered_by_ssin=main_manager.ssin,
        registered_at=_now(),
        terms_confirmed_at=_now(),
        contract_signed_on=contract_signed_on,
    )
    item.save()
    manager(enterprise_number, main_manager, "*", level="main")
    return item


def manager(enterprise_number: str, person: Person, domain: str, level: str = "domain") -> AccessManager:
    manager_id = new_id()
    item = AccessManager(
        *manager_key(person.ssin, enterprise_number, domain),
        manager_id=manager_id,
        enterprise_number=enterprise_number,
        ssin=person.ssin,
        domain=domain,
        level=level,
        given_name=person.given_name,
        surname=person.surname,
        email=person.email,
        language=person.language,
        appointed_at=_now(),
        appointed_by_ssin=person.ssin,
        org_pk=enterprise_number,
        org_sk=f"MANAGER#{manager_id}",
    )
    item.save()
    return item


def assignment(enterprise_number: str, person: Person, role: str, status: str = "active",
               valid_from: date = date(2020, 1, 1), valid_until: date | None = None) -> RoleAssignment:
    assignment_id = new_id()
    moment = _now()
    item = RoleAssignment(
        *assignment_key(person.ssin, enterprise_number, role),
        assignment_id=assignment_id,
        enterprise_number=enterprise_number,
        ssin=person.ssin,
        role=role,
        status=status,
        valid_from=valid_from,
        valid_until=valid_until,
        email=person.email,
        given_name=person.given_name,
        surname=person.surname,
        created_at=moment,
        updated_at=moment,
        pending_since=moment if status == "pending_approval" else None,
        org_pk=enterprise_number,
        org_sk=f"ASSIGNMENT#{assignment_id}",
    )
    item.save()
    return item


def sign_contract(enterprise_number: str, signed_on: date = date(2024, 1, 1)) -> None:
    item = Organisation.get(*organisation_key(enterprise_number), consistent_read=True)
    item.update(actions=[Organisation.contract_signed_on.set(signed_on)])


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)
