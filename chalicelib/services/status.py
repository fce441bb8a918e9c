"""The login status check: whether a person sees the green check, and if not, why not.

Everything comes from one strongly consistent query of the person's own partition
(`PERSON#<ssin>`: their access-manager records, role assignments and activation-code
pointers at every organisation) plus the organisations from the short-lived organisation
cache. That is at most two DynamoDB requests, and one while the organisations are cached.

An assignment counts for the green check only while its status is `active` and today
(Brussels) lies within its validity. Expired, stopped and rejected assignments count as
absent even before the expiry sweep has changed their status, so the answer never waits
for the sweep.

Each diagnosis has a stable `code` for the frontend; its text is the message
`diagnosis_<code>`. An invitation the person has not accepted yet is not linked to the
person, so this check cannot see it: the `no_organisation` text tells the person to accept
their invitation link, and there is no separate `invitation_not_accepted` code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from chalicelib import clock
from chalicelib.identifiers import format_enterprise_number
from chalicelib.services.assignments import pending_deadline
from chalicelib.services.permissions import ALL_DOMAINS, REMI_DOMAIN, assignment_state
from chalicelib.store import organisation_cache
from chalicelib.store.models import AccessManager, Organisation, RemiItem, RoleAssignment, person_pk

ACCESS_GRANTED = "granted"
ACCESS_PENDING = "pending_approval"
ACCESS_NONE = "none"

# Every diagnosis code the check can return; the frontend relies on them staying stable.
DIAGNOSIS_CODES: tuple[str, ...] = (
    "no_organisation",
    "organisation_not_registered",
    "role_at_other_organisation",
    "pending_approval",
    "pending_approval_expired",
    "role_expired",
    "role_not_yet_valid",
    "role_stopped",
    "role_rejected",
    "manager_without_role",
    "access_manager_other_domain_only",
    "contract_not_signed",
    "contract_ended",
)

# `reason` of an assignment that the sweep expired because nobody approved it in time.
PENDING_APPROVAL_TIMEOUT = "pending_approval_timeout"

# Roles on their way to the green check: the person only has to wait.
_WAITING_STATES = ("pending_approval", "not_yet_valid")


@dataclass(frozen=True)
class Diagnosis:
    """One missing step: a stable code plus the values its message needs.

    `params` contains raw values: `date` is a `date`, `role` a role code and `organisations`
    a list of names; the HTTP layer localizes them.
    """

    code: str
    enterprise_number: str | None = None
    role: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code not in DIAGNOSIS_CODES:
            raise ValueError(f"unknown diagnosis code {self.code!r}; add it to DIAGNOSIS_CODES and its message")


@dataclass(frozen=True)
class RoleView:
    """A role assignment with its state at one moment.

    `state` is `active`, `pending_approval`, `not_yet_valid`, `expired`, `stopped` or
    `rejected`. `approval_lapsed` marks an `expired` state that comes from a pending
    approval nobody decided in time.
    """

    assignment: RoleAssignment
    state: str
    approval_lapsed: bool = False


@dataclass
class OrganisationStatus:
    enterprise_number: str
    organisation: Organisation | None
    access: str
    roles: list[RoleView]
    manager_domains: list[str]
    contract_active: bool
    can_use_remi_now: bool
    diagnoses: list[Diagnosis]

    @property
    def label(self) -> str:
        return organisation_label(self.enterprise_number, self.organisation)


@dataclass
class PersonStatus:
    access: str
    can_use_remi_now: bool
    organisations: list[OrganisationStatus]
    diagnoses: list[Diagnosis]


@dataclass
class PersonItems:
    """The person's partition, grouped by enterprise number."""

    managers: dict[str, list[AccessManager]] = field(default_factory=dict)
    assignments: dict[str, list[RoleAssignment]] = field(default_factory=dict)

    def enterprise_numbers(self) -> set[str]:
        return set(self.managers) | set(self.assignments)


@dataclass(frozen=True)
class AssignmentView:
    """One of the person's own assignments, for GET /v1/me/assignments."""

    assignment: RoleAssignment
    state: str
    organisation: Organisation | None


# Reading


def load_person_items(ssin: str) -> PersonItems:
    """Read the person's whole partition with one strongly consistent query."""
    items = PersonItems()
    for item in RemiItem.query(person_pk(ssin), consistent_read=True):
        if isinstance(item, AccessManager):
            items.managers.setdefault(item.enterprise_number, []).append(item)
        elif isinstance(item, RoleAssignment):
            items.assignments.setdefault(item.enterprise_number, []).append(item)
    return items


def check_status(ssin: str, enterprise_number: str | None = None) -> PersonStatus:
    """Build the status check for the person; `enterprise_number` narrows it to one OCMW."""
    items = load_person_items(ssin)
    numbers = items.enterprise_numbers()
    if enterprise_number is not None:
        numbers.add(enterprise_number)
    organisations = organisation_cache.get_many(numbers) if numbers else {}
    return person_status(items, organisations, clock.now(), enterprise_number)


def list_assignments(ssin: str) -> list[AssignmentView]:
    """Return the person's own assignments at every organisation, with their state today."""
    items = load_person_items(ssin)
    numbers = set(items.assignments)
    organisations = organisation_cache.get_many(numbers) if numbers else {}
    moment = clock.now()
    views = [
        AssignmentView(assignment, role_state(assignment, moment), organisations.get(number))
        for number, assignments in items.assignments.items()
        for assignment in assignments
    ]
    return sorted(views, key=lambda view: (view.assignment.enterprise_number, view.assignment.role))


# Rules (no I/O)


def organisation_label(enterprise_number: str, organisation: Organisation | None) -> str:
    """Return the OCMW's name for messages, or its formatted enterprise number when the name is unknown."""
    if organisation is not None and organisation.name:
        return organisation.name
    return format_enterprise_number(enterprise_number)


def approval_timed_out(assignment: RoleAssignment, moment: datetime) -> bool:
    """Whether nobody approved the assignment in time, whether or not the sweep has run yet."""
    if assignment.status == "expired":
        return assignment.reason == PENDING_APPROVAL_TIMEOUT
    deadline = pending_deadline(assignment)
    return deadline is not None and deadline <= moment


def role_view(assignment: RoleAssignment, moment: datetime) -> RoleView:
    """Classify the assignment at `moment`; a lapsed pending approval counts as `expired`."""
    if approval_timed_out(assignment, moment):
        return RoleView(assignment, "expired", approval_lapsed=True)
    return RoleView(assignment, assignment_state(assignment, clock.today_in_brussels(moment)))


def role_state(assignment: RoleAssignment, moment: datetime) -> str:
    return role_view(assignment, moment).state


def organisation_status(
    enterprise_number: str,
    organisation: Organisation | None,
    managers: list[AccessManager],
    assignments: list[RoleAssignment],
    moment: datetime,
) -> OrganisationStatus:
    """Decide access and diagnoses at one organisation from the person's items there."""
    roles = sorted(
        (role_view(assignment, moment) for assignment in assignments),
        key=lambda view: view.assignment.role,
    )
    states = {view.state for view in roles}
    if "active" in states:
        access = ACCESS_GRANTED
    elif "pending_approval" in states:
        access = ACCESS_PENDING
    else:
        access = ACCESS_NONE

    today = clock.today_in_brussels(moment)
    contract_active = organisation is not None and organisation.contract_active(today)
    status = OrganisationStatus(
        enterprise_number=enterprise_number,
        organisation=organisation,
        access=access,
        roles=roles,
        manager_domains=sorted({manager.domain for manager in managers}),
        contract_active=contract_active,
        can_use_remi_now=access == ACCESS_GRANTED and contract_active,
        diagnoses=[],
    )
    if access == ACCESS_GRANTED:
        status.diagnoses.extend(_contract_diagnoses(status, today))
    else:
        status.diagnoses.extend(_role_diagnoses(status))
        status.diagnoses.extend(_manager_diagnoses(status))
    return status


def person_status(
    items: PersonItems,
    organisations: dict[str, Organisation],
    moment: datetime,
    enterprise_number: str | None = None,
) -> PersonStatus:
    """Combine the organisations into the overall access and the person-level diagnoses."""
    def status_at(number: str) -> OrganisationStatus:
        return organisation_status(
            number,
            organisations.get(number),
            items.managers.get(number, []),
            items.assignments.get(number, []),
            moment,
        )

    person_diagnoses: list[Diagnosis] = []
    if enterprise_number is None:
        statuses = [status_at(number) for number in items.enterprise_numbers()]
        if not statuses:
            person_diagnoses.append(Diagnosis("no_organisation"))
    else:
        target = status_at(enterprise_number)
        statuses = [target]
        if enterprise_number not in items.enterprise_numbers():
            person_diagnoses.extend(_absent_here_diagnoses(target, items, organisations))

    statuses.sort(key=lambda status: (status.label.casefold(), status.enterprise_number))
    accesses = {status.access for status in statuses}
    if ACCESS_GRANTED in accesses:
        access = ACCESS_GRANTED
    elif ACCESS_PENDING in accesses:
        access = ACCESS_PENDING
    else:
        access = ACCESS_NONE
    diagnoses = person_diagnoses + [diagnosis for status in statuses for diagnosis in status.diagnoses]
    return PersonStatus(
        access=access,
        can_use_remi_now=any(status.can_use_remi_now for status in statuses),
        organisations=statuses,
        diagnoses=diagnoses,
    )


def _absent_here_diagnoses(
    target: OrganisationStatus, items: PersonItems, organisations: dict[str, Organisation]
) -> list[Diagnosis]:
    """Why the person has nothing at the organisation they asked about."""
    diagnoses: list[Diagnosis] = []
    if target.organisation is None:
        diagnoses.append(Diagnosis(
            "organisation_not_registered",
            enterprise_number=target.enterprise_number,
            params={"organisation": target.label},
        ))
    elsewhere = sorted(
        organisation_label(number, organisations.get(number))
        for number, assignments in items.assignments.items()
        if assignments
    )
    if elsewhere:
        diagnoses.append(Diagnosis(
            "role_at_other_organisation",
            enterprise_number=target.enterprise_number,
            params={"organisation": target.label, "organisations": elsewhere},
        ))
    else:
        diagnoses.append(Diagnosis("no_organisation"))
    return diagnoses


def _contract_diagnoses(status: OrganisationStatus, today: date) -> list[Diagnosis]:
    if status.contract_active:
        return []
    organisation = status.organisation
    ends_on = organisation.contract_ends_on if organisation is not None else None
    signed_on = organisation.contract_signed_on if organisation is not None else None
    if signed_on is not None and signed_on <= today and ends_on is not None and ends_on < today:
        return [Diagnosis(
            "contract_ended",
            enterprise_number=status.enterprise_number,
            params={"organisation": status.label, "date": ends_on},
        )]
    return [Diagnosis(
        "contract_not_signed",
        enterprise_number=status.enterprise_number,
        params={"organisation": status.label},
    )]


def _role_diagnoses(status: OrganisationStatus) -> list[Diagnosis]:
    diagnoses = []
    for view in status.roles:
        assignment = view.assignment
        params: dict[str, Any] = {"organisation": status.label}
        if view.approval_lapsed:
            code = "pending_approval_expired"
        elif view.state == "expired":
            code = "role_expired"
            # An assignment only expires by its valid_until date or by the approval timeout.
            params["date"] = assignment.valid_until or clock.today_in_brussels(assignment.updated_at)
        elif view.state == "not_yet_valid":
            code = "role_not_yet_valid"
            params["date"] = assignment.valid_from
        elif view.state in ("pending_approval", "stopped", "rejected"):
            code = "pending_approval" if view.state == "pending_approval" else f"role_{view.state}"
        else:
            continue
        diagnoses.append(Diagnosis(code, enterprise_number=status.enterprise_number, role=assignment.role, params=params))
    return diagnoses


def _manager_diagnoses(status: OrganisationStatus) -> list[Diagnosis]:
    """Tell a manager without a usable role that managing access grants no REMI role."""
    if not status.manager_domains:
        return []
    if any(view.state in _WAITING_STATES for view in status.roles):
        return []
    params = {"organisation": status.label}
    if any(domain in (ALL_DOMAINS, REMI_DOMAIN) for domain in status.manager_domains):
        return [Diagnosis("manager_without_role", enterprise_number=status.enterprise_number, params=params)]
    return [Diagnosis("access_manager_other_domain_only", enterprise_number=status.enterprise_number, params=params)]
