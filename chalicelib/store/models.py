"""The pynamodb models of REMI's single table.

Every item kind shares one table and carries a `kind` discriminator, so a single query on
a person's partition returns their assignments, manager records and activation-code
pointer together, each as its own model class. docs/architecture.md lists the keys.

The table name and endpoint are not known when this module is imported; `bind()` in
`chalicelib.store.connection` sets them on `RemiItem.Meta` before the first request.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pynamodb.attributes import (
    Attribute,
    BooleanAttribute,
    DiscriminatorAttribute,
    JSONAttribute,
    ListAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.constants import STRING
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

SWEEP_PARTITION = "due"


class DateAttribute(Attribute[date]):
    """A calendar date stored as `YYYY-MM-DD`, which sorts and compares as text."""

    attr_type = STRING

    def serialize(self, value: date) -> str:
        return value.isoformat()

    def deserialize(self, value: str) -> date:
        return date.fromisoformat(value)


class ByOrganisationIndex(GlobalSecondaryIndex["RemiItem"]):
    """An organisation's managers, assignments, invitations and app links, by kind prefix."""

    class Meta:
        index_name = "by-organisation"
        projection = AllProjection()

    org_pk = UnicodeAttribute(hash_key=True)
    org_sk = UnicodeAttribute(range_key=True)


class DueForSweepIndex(GlobalSecondaryIndex["RemiItem"]):
    """Sparse: the items that can still expire, ordered by the instant they are due."""

    class Meta:
        index_name = "due-for-sweep"
        projection = AllProjection()

    sweep_partition = UnicodeAttribute(hash_key=True)
    sweep_at = UTCDateTimeAttribute(range_key=True)


class ByPersonIndex(GlobalSecondaryIndex["RemiItem"]):
    """Sparse: items keyed by their own id that belong to a person (their app links)."""

    class Meta:
        index_name = "by-person"
        projection = AllProjection()

    person_pk = UnicodeAttribute(hash_key=True)
    person_sk = UnicodeAttribute(range_key=True)


class RemiItem(Model):
    class Meta:
        table_name = "remi-access-local"
        region = "eu-west-1"
        billing_mode = "PAY_PER_REQUEST"

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    kind = DiscriminatorAttribute()
    # Epoch seconds after which DynamoDB may delete the item; reads never rely on it.
    ttl = TTLAttribute(null=True)

    org_pk = UnicodeAttribute(null=True)
    org_sk = UnicodeAttribute(null=True)
    sweep_partition = UnicodeAttribute(null=True)
    sweep_at = UTCDateTimeAttribute(null=True)
    person_pk = UnicodeAttribute(null=True)
    person_sk = UnicodeAttribute(null=True)

    by_organisation = ByOrganisationIndex()
    due_for_sweep = DueForSweepIndex()
    by_person = ByPersonIndex()

    def schedule_sweep(self, at: datetime | None) -> None:
        """Put the item in the sparse sweep index at `at`, or take it out with None."""
        self.sweep_partition = SWEEP_PARTITION if at else None
        self.sweep_at = at


# Key builders, so that no module spells a key by hand.

def organisation_key(enterprise_number: str) -> tuple[str, str]:
    return f"ORG#{enterprise_number}", "ORGANISATION"


def enterprise_key(enterprise_number: str) -> tuple[str, str]:
    return f"ENTERPRISE#{enterprise_number}", "ENTERPRISE"


def legal_representative_key(enterprise_number: str, ssin: str) -> tuple[str, str]:
    return f"ENTERPRISE#{enterprise_number}", f"LEGAL_REPRESENTATIVE#{ssin}"


def person_pk(ssin: str) -> str:
    return f"PERSON#{ssin}"


def person_org_prefix(enterprise_number: str) -> str:
    return f"ORG#{enterprise_number}#"


def manager_key(ssin: str, enterprise_number: str, domain: str) -> tuple[str, str]:
    return person_pk(ssin), f"ORG#{enterprise_number}#MANAGER#{domain}"


def assignment_key(ssin: str, enterprise_number: str, role: str) -> tuple[str, str]:
    return person_pk(ssin), f"ORG#{enterprise_number}#ROLE#{role}"


def code_pointer_key(ssin: str, enterprise_number: str) -> tuple[str, str]:
    return person_pk(ssin), f"ORG#{enterprise_number}#ACTIVATION_CODE"


def invitation_key(invitation_id: str) -> tuple[str, str]:
    return f"INVITATION#{invitation_id}", "INVITATION"


def acceptance_key(invitation_id: str, ssin: str) -> tuple[str, str]:
    return f"INVITATION#{invitation_id}", f"ACCEPTED#{ssin}"


def activation_code_key(code_hash: str) -> tuple[str, str]:
    return f"ACTIVATION_CODE#{code_hash}", "ACTIVATION_CODE"


def app_link_key(link_id: str) -> tuple[str, str]:
    return f"APP_LINK#{link_id}", "APP_LINK"


def vendor_key(client_id: str) -> tuple[str, str]:
    return f"VENDOR#{client_id}", "VENDOR"


def rate_window_key(client_id: str, window_start: int) -> tuple[str, str]:
    return f"RATE#{client_id}#{window_start}", "RATE"


def audit_pk(enterprise_number: str) -> str:
    return f"ORG#{enterprise_number}"


class Organisation(RemiItem, discriminator="organisation"):
    """An OCMW registered by its legal representative (guide step 1)."""

    enterprise_number = UnicodeAttribute()
    name = UnicodeAttribute()
    address = UnicodeAttribute(null=True)
    email = UnicodeAttribute()
    phone = UnicodeAttribute()
    main_access_manager_ssin = UnicodeAttribute()
    registered_by_ssin = UnicodeAttribute()
    registered_at = UTCDateTimeAttribute()
    terms_confirmed_at = UTCDateTimeAttribute()
    contract_signed_on = DateAttribute(null=True)
    contract_ends_on = DateAttribute(null=True)

    def contract_active(self, today: date) -> bool:
        if self.contract_signed_on is None or self.contract_signed_on > today:
            return False
        return self.contract_ends_on is None or today <= self.contract_ends_on


class Enterprise(RemiItem, discriminator="enterprise"):
    """An enterprise from the imported legal-representative register (mirrors KBO)."""

    enterprise_number = UnicodeAttribute()
    name = UnicodeAttribute()
    address = UnicodeAttribute(null=True)
    imported_at = UTCDateTimeAttribute()


class LegalRepresentative(RemiItem, discriminator="legal_representative"):
    enterprise_number = UnicodeAttribute()
    ssin = UnicodeAttribute()
    imported_at = UTCDateTimeAttribute()


class AccessManager(RemiItem, discriminator="access_manager"):
    """A main, co-main or domain access manager of one organisation (guide step 2)."""

    manager_id = UnicodeAttribute()
    enterprise_number = UnicodeAttribute()
    ssin = UnicodeAttribute()
    # `*` for main and co-main access managers, otherwise a CSAM domain name.
    domain = UnicodeAttribute()
    level = UnicodeAttribute()  # main | co_main | domain
    given_name = UnicodeAttribute(null=True)
    surname = UnicodeAttribute(null=True)
    email = UnicodeAttribute()
    language = UnicodeAttribute()
    appointed_at = UTCDateTimeAttribute()
    appointed_by_ssin = UnicodeAttribute()


class RoleAssignment(RemiItem, discriminator="role_assignment"):
    """One REMI role of one person at one organisation; the key makes it unique."""

    assignment_id = UnicodeAttribute()
    enterprise_number = UnicodeAttribute()
    ssin = UnicodeAttribute()
    role = UnicodeAttribute()
    status = UnicodeAttribute()  # pending_approval | active | rejected | stopped | expired
    valid_from = DateAttribute()
    valid_until = DateAttribute(null=True)
    email = UnicodeAttribute(null=True)
    given_name = UnicodeAttribute(null=True)
    surname = UnicodeAttribute(null=True)
    invitation_id = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    pending_since = UTCDateTimeAttribute(null=True)
    decided_by_ssin = UnicodeAttribute(null=True)
    decided_at = UTCDateTimeAttribute(null=True)
    reason = UnicodeAttribute(null=True)


class ActivationCodePointer(RemiItem, discriminator="activation_code_pointer"):
    """The person's current unused activation code for one organisation."""

    code_hash = UnicodeAttribute()
    expires_at = UTCDateTimeAttribute()


class Invitation(RemiItem, discriminator="invitation"):
    """An invitation link for REMI roles (guide step 3); only its secret's hash is kept."""

    invitation_id = UnicodeAttribute()
    enterprise_number = UnicodeAttribute()
    organisation_name = UnicodeAttribute()
    roles = ListAttribute(of=UnicodeAttribute)
    valid_from = DateAttribute()
    valid_until = DateAttribute(null=True)
    invitees = JSONAttribute(null=True)
    message = UnicodeAttribute(null=True)
    expires_on = DateAttribute()
    expires_at = UTCDateTimeAttribute()
    max_uses = NumberAttribute(null=True)  # None: unlimited until expiry
    use_count = NumberAttribute(default=0)
    requires_approval = BooleanAttribute()
    saved = BooleanAttribute(default=False)
    name = UnicodeAttribute(null=True)
    description = UnicodeAttribute(null=True)
    secret_hash = UnicodeAttribute()
    status = UnicodeAttribute()  # active | revoked | expired
    created_by_ssin = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    # When the current link was issued: at creation, then at each reissue.
    issued_at = UTCDateTimeAttribute(null=True)


class InvitationAcceptance(RemiItem, discriminator="invitation_acceptance"):
    ssin = UnicodeAttribute()
    accepted_at = UTCDateTimeAttribute()
    assignment_ids = ListAttribute(of=UnicodeAttribute)


class ActivationCode(RemiItem, discriminator="activation_code"):
    """A short-lived, single-use code that links a vendor application (guide step 5)."""

    enterprise_number = UnicodeAttribute()
    ssin = UnicodeAttribute()
    status = UnicodeAttribute()  # unused | used | replaced | expired
    created_at = UTCDateTimeAttribute()
    expires_at = UTCDateTimeAttribute()
    used_at = UTCDateTimeAttribute(null=True)
    used_by_client_id = UnicodeAttribute(null=True)
    link_id = UnicodeAttribute(null=True)


class AppLink(RemiItem, discriminator="app_link"):
    """A vendor application acting for one person at one organisation."""

    link_id = UnicodeAttribute()
    enterprise_number = UnicodeAttribute()
    ssin = UnicodeAttribute()
    # The person's name from their role assignment, so listings name whose link it is.
    given_name = UnicodeAttribute(null=True)
    surname = UnicodeAttribute(null=True)
    client_id = UnicodeAttribute()
    vendor_name = UnicodeAttribute()
    status = UnicodeAttribute()  # active | revoked | expired
    created_at = UTCDateTimeAttribute()
    expires_at = UTCDateTimeAttribute()
    last_used_at = UTCDateTimeAttribute(null=True)
    refresh_token_hash = UnicodeAttribute()
    used_refresh_hashes = ListAttribute(of=UnicodeAttribute, default=list)
    revoked_at = UTCDateTimeAttribute(null=True)
    revoked_reason = UnicodeAttribute(null=True)


class VendorClient(RemiItem, discriminator="vendor_client"):
    client_id = UnicodeAttribute()
    name = UnicodeAttribute()
    contact_email = UnicodeAttribute()
    secret_hash = UnicodeAttribute()
    status = UnicodeAttribute()  # active | disabled
    created_at = UTCDateTimeAttribute()
    secret_rotated_at = UTCDateTimeAttribute(null=True)


class RateWindow(RemiItem, discriminator="rate_window"):
    """Failed code exchanges of one vendor client in one fixed time window."""

    failures = NumberAttribute(default=0)


class AuditEvent(RemiItem, discriminator="audit_event"):
    """Append-only record of one change: who did what to which target, before and after."""

    event_id = UnicodeAttribute()
    enterprise_number = UnicodeAttribute()
    at = UTCDateTimeAttribute()
    actor = UnicodeAttribute()  # an SSIN, or `system:sweep`, or `operator`
    action = UnicodeAttribute()
    target_type = UnicodeAttribute()
    target_id = UnicodeAttribute()
    before = JSONAttribute(null=True)
    after = JSONAttribute(null=True)


ALL_MODELS: tuple[type[RemiItem], ...] = (
    RemiItem,
    Organisation,
    Enterprise,
    LegalRepresentative,
    AccessManager,
    RoleAssignment,
    ActivationCodePointer,
    Invitation,
    InvitationAcceptance,
    ActivationCode,
    AppLink,
    VendorClient,
    RateWindow,
    AuditEvent,
)


def to_plain(item: RemiItem) -> dict[str, Any]:
    """The item's attributes as JSON-friendly values, for audit before/after snapshots."""
    plain: dict[str, Any] = {}
    for name in item.get_attributes():
        if name in {"pk", "sk", "kind", "ttl", "org_pk", "org_sk", "sweep_partition", "sweep_at",
                    "person_pk", "person_sk", "secret_hash", "refresh_token_hash",
                    "used_refresh_hashes", "code_hash"}:
            continue
        value = getattr(item, name)
        if isinstance(value, (datetime, date)):
            value = value.isoformat()
        plain[name] = value
    return plain
