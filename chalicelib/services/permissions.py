"""Who may do what at one organisation.

A caller's standing at an organisation is read with one strongly consistent query on
their own partition (`PERSON#<ssin>`, sort keys under `ORG#<enterprise number>#`), so a
right granted a moment ago counts at once and a right at another organisation grants
nothing here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from chalicelib import clock
from chalicelib.errors import Forbidden
from chalicelib.store.models import (
    AccessManager,
    ActivationCodePointer,
    RemiItem,
    RoleAssignment,
    person_org_prefix,
    person_pk,
)

REMI_DOMAIN = "social_security"
ALL_DOMAINS = "*"
# The CSAM domains an access manager can be appointed for; only social_security grants REMI rights.
CSAM_DOMAINS: tuple[str, ...] = (
    "social_security",
    "ehealth",
    "finance",
    "mobility",
    "employer_nsso",
    "flemish_government",
    "walloon_region",
    "brussels_region",
)
REMI_ROLES: tuple[str, ...] = ("social_worker", "department_head", "dpo")


@dataclass(frozen=True)
class Caller:
    """The person behind a verified FAS ID token, identified by SSIN and never by e-mail."""

    ssin: str
    given_name: str | None
    surname: str | None
    email: str | None
    language: str


@dataclass
class Standing:
    """The caller's manager records, role assignments and code pointer at one organisation."""

    enterprise_number: str
    managers: list[AccessManager] = field(default_factory=list)
    assignments: list[RoleAssignment] = field(default_factory=list)
    code_pointer: ActivationCodePointer | None = None

    @property
    def is_main_access_manager(self) -> bool:
        """Main and co-main access managers: every domain, and the right to appoint managers."""
        return any(manager.domain == ALL_DOMAINS for manager in self.managers)

    @property
    def manages_remi(self) -> bool:
        return any(manager.domain in (ALL_DOMAINS, REMI_DOMAIN) for manager in self.managers)

    def active_roles(self, moment: datetime | None = None) -> list[RoleAssignment]:
        return [assignment for assignment in self.assignments if assignment_is_active(assignment, moment)]

    def has_active_role(self, *roles: str) -> bool:
        return any(assignment.role in roles for assignment in self.active_roles())

    def require_main_access_manager(self) -> None:
        """Allow main and co-main access managers. A caller with no right here at all gets no_right_on_organisation."""
        if self.is_main_access_manager:
            return
        if not self.managers and not self.active_roles():
            raise Forbidden("no_right_on_organisation")
        raise Forbidden("main_access_manager_required")

    def require_remi_manager(self) -> None:
        """Allow access managers of social_security and main access managers, and raise a code that says why for others."""
        if self.manages_remi:
            return
        if self.managers:
            raise Forbidden("social_security_domain_required")
        raise Forbidden("no_right_on_organisation")

    def require_manager_or_role(self, *roles: str) -> None:
        """Read access: REMI managers, or a person with one of `roles` active here."""
        if self.manages_remi or self.has_active_role(*roles):
            return
        if self.managers:
            raise Forbidden("social_security_domain_required")
        raise Forbidden("no_right_on_organisation")


def assignment_is_active(assignment: RoleAssignment, moment: datetime | None = None) -> bool:
    """Active status and today (Brussels) within the inclusive validity dates."""
    return assignment.status == "active" and clock.is_within(assignment.valid_from, assignment.valid_until, moment)


def assignment_state(assignment: RoleAssignment, today: date) -> str:
    """What an assignment means today: its status, or `expired`/`not_yet_valid` from its dates."""
    if assignment.status not in ("active", "pending_approval"):
        return assignment.status
    if assignment.valid_until is not None and assignment.valid_until < today:
        return "expired"
    if assignment.status == "active" and assignment.valid_from > today:
        return "not_yet_valid"
    return assignment.status


def load_standing(ssin: str, enterprise_number: str) -> Standing:
    """One strongly consistent query: everything the caller holds at this organisation."""
    standing = Standing(enterprise_number=enterprise_number)
    items = RemiItem.query(
        person_pk(ssin),
        RemiItem.sk.startswith(person_org_prefix(enterprise_number)),
        consistent_read=True,
    )
    for item in items:
        if isinstance(item, AccessManager):
            standing.managers.append(item)
        elif isinstance(item, RoleAssignment):
            standing.assignments.append(item)
        elif isinstance(item, ActivationCodePointer):
            standing.code_pointer = item
    return standing
