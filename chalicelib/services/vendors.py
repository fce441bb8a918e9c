"""Vendor clients: the software companies whose applications exchange activation codes.

Operators register, disable, enable and list vendors with `remi-admin vendor`. A client
secret is shown once when it is made and only its SHA-256 hash is stored, so a lost secret
is replaced with `rotate_secret`, which stops the old one at once.
"""

from __future__ import annotations

import re

from chalicelib import clock
from chalicelib.errors import BadRequest, Conflict, NotFound
from chalicelib.identity.secrets import hash_secret, new_id, new_secret, secret_matches
from chalicelib.logs import logger
from chalicelib.store.models import VendorClient, vendor_key

CLIENT_ID_PREFIX = "remi-"
ACTIVE = "active"
DISABLED = "disabled"

# Vendors are listed through the by-organisation index under this partition, so listing
# them is a query and never a Scan. It cannot clash with an organisation, whose org_pk is
# a 10-digit enterprise number.
VENDOR_LISTING_PARTITION = "VENDORS"

MAX_NAME_LENGTH = 100
MAX_EMAIL_LENGTH = 254
_EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# Compared against when the client id is unknown, so that rejecting an unknown client takes
# about as long as rejecting a wrong secret.
_UNKNOWN_CLIENT_HASH = hash_secret("no client has this secret")


def new_client_id() -> str:
    return CLIENT_ID_PREFIX + new_id()[:20]


def _clean_name(name: str | None) -> str:
    cleaned = (name or "").strip()
    if not cleaned:
        raise BadRequest("field_missing", params={"field": "name"})
    if len(cleaned) > MAX_NAME_LENGTH:
        raise BadRequest("field_invalid", params={"field": "name"})
    return cleaned


def _clean_email(email: str | None) -> str:
    cleaned = (email or "").strip()
    if not cleaned:
        raise BadRequest("field_missing", params={"field": "contact_email"})
    if len(cleaned) > MAX_EMAIL_LENGTH or not _EMAIL_PATTERN.match(cleaned):
        raise BadRequest("email_invalid", params={"field": "contact_email"})
    return cleaned


def register_vendor(name: str, contact_email: str) -> tuple[VendorClient, str]:
    """Create a vendor client and return it with its secret, which is not stored and not shown again."""
    secret = new_secret()
    client_id = new_client_id()
    vendor = VendorClient(
        *vendor_key(client_id),
        client_id=client_id,
        name=_clean_name(name),
        contact_email=_clean_email(contact_email),
        secret_hash=hash_secret(secret),
        status=ACTIVE,
        created_at=clock.now(),
        org_pk=VENDOR_LISTING_PARTITION,
        org_sk=f"VENDOR#{client_id}",
    )
    vendor.save(condition=VendorClient.pk.does_not_exist())
    logger.info("vendor client registered", extra={"client_id": client_id})
    return vendor, secret


def get_vendor(client_id: str) -> VendorClient:
    try:
        return VendorClient.get(*vendor_key(client_id), consistent_read=True)
    except VendorClient.DoesNotExist:
        raise NotFound("vendor_not_found", params={"client_id": client_id}) from None


def _set_status(client_id: str, status: str) -> VendorClient:
    vendor = get_vendor(client_id)
    if vendor.status == status:
        raise Conflict(f"vendor_already_{status}", params={"client_id": client_id})
    vendor.update(actions=[VendorClient.status.set(status)], condition=VendorClient.pk.exists())
    logger.info("vendor client status changed", extra={"client_id": client_id, "status": status})
    return vendor


def disable_vendor(client_id: str) -> VendorClient:
    """Reject the vendor's client authentication from now on. Its app links stop working too."""
    return _set_status(client_id, DISABLED)


def enable_vendor(client_id: str) -> VendorClient:
    return _set_status(client_id, ACTIVE)


def rotate_secret(client_id: str) -> tuple[VendorClient, str]:
    """Replace the vendor's secret. The old one fails from the next request on."""
    vendor = get_vendor(client_id)
    secret = new_secret()
    vendor.update(
        actions=[VendorClient.secret_hash.set(hash_secret(secret)), VendorClient.secret_rotated_at.set(clock.now())],
        condition=VendorClient.pk.exists(),
    )
    logger.info("vendor client secret rotated", extra={"client_id": client_id})
    return vendor, secret


def list_vendors() -> list[VendorClient]:
    items = VendorClient.by_organisation.query(
        VENDOR_LISTING_PARTITION, VendorClient.org_sk.startswith("VENDOR#")
    )
    return sorted((item for item in items if isinstance(item, VendorClient)), key=lambda item: item.name.lower())


def client_secret_matches(vendor: VendorClient | None, secret: str) -> bool:
    """Check `secret` against the vendor's current secret in constant time, also when there is no vendor."""
    if vendor is None:
        secret_matches(secret, _UNKNOWN_CLIENT_HASH)
        return False
    return secret_matches(secret, vendor.secret_hash)
