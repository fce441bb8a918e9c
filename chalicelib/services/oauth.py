"""The token and revocation endpoints' rules: client authentication, grants, rate limit.

Grant types (RFC 6749 section 4.5 allows an absolute URI as an extension grant type):

- `urn:remi:params:oauth:grant-type:activation-code` with parameter `code`: a REMI
  activation code. It is not an RFC 6749 authorization code (no redirect, no PKCE), so it
  has its own grant type rather than borrowing `authorization_code`.
- `refresh_token` with parameter `refresh_token` (`<link id>.<secret>`), which rotates on
  every use. Presenting a refresh token that was already used revokes the whole link.

Every refusal is an OAuthError with an RFC 6749 section 5.2 `error`. Failed exchanges
(any invalid_grant, and invalid_client for a known client id) are counted per vendor client
in a fixed window. From `exchange_failures_per_window` failures on, the client gets HTTP 429
with `Retry-After` and error `temporarily_unavailable` until the window ends. A success does
not reset the count, so guessing codes between real exchanges does not help.

Request budget of one exchange: a BatchGetItem (vendor, code or link, rate window), a
BatchGetItem (organisation and the person's three possible role assignments), one KMS Sign
and one TransactWriteItems.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Iterable

from pynamodb.exceptions import TransactWriteError

from chalicelib import clock
from chalicelib.errors import Forbidden, OAuthError, ServiceUnavailable, Unauthorized
from chalicelib.identity import vendor_tokens
from chalicelib.identity.secrets import (
    hash_activation_code,
    hash_secret,
    new_id,
    new_secret,
    secret_matches,
    split_token,
)
from chalicelib.logs import logger, pseudonym
from chalicelib.services import app_links, audit, vendors
from chalicelib.services.activation import (
    UNUSED,
    USED,
    REPLACED,
    code_is_unused,
    code_reference,
    contract_active_condition,
)
from chalicelib.services.permissions import REMI_ROLES, assignment_is_active
from chalicelib.settings import get_settings
from chalicelib.store.connection import transaction
from chalicelib.store.models import (
    SWEEP_PARTITION,
    ActivationCode,
    ActivationCodePointer,
    AppLink,
    Organisation,
    RateWindow,
    RemiItem,
    RoleAssignment,
    VendorClient,
    activation_code_key,
    app_link_key,
    assignment_key,
    code_pointer_key,
    organisation_key,
    person_pk,
    rate_window_key,
    vendor_key,
)

ACTIVATION_CODE_GRANT = "urn:remi:params:oauth:grant-type:activation-code"
REFRESH_TOKEN_GRANT = "refresh_token"
TOKEN_TYPE = "Bearer"

# How many of a link's used refresh-token hashes are kept for reuse detection.
USED_REFRESH_HASHES_KEPT = 50

# A rate window stays in the table this long after it ends, then DynamoDB may delete it.
RATE_WINDOW_RETENTION = timedelta(hours=1)

# An app link stays in the table this long after it stops working, so the person and the
# managers still see it as expired or revoked in their listings.
LINK_RETENTION = timedelta(days=90)

BASIC_CHALLENGE = {"WWW-Authenticate": 'Basic realm="remi", charset="UTF-8"'}


@dataclass(frozen=True)
class ClientCredentials:
    """The client id and secret a vendor presented, and whether it used HTTP Basic."""

    client_id: str
    client_secret: str
    via_basic: bool


@dataclass(frozen=True)
class TokenResponse:
    """The token endpoint's successful response (RFC 6749 section 5.1)."""

    access_token: str
    expires_in: int
    refresh_token: str
    link_id: str
    token_type: str = TOKEN_TYPE


@dataclass
class _FirstRead:
    vendor: VendorClient | None
    window: RateWindow | None
    target: RemiItem | None


@dataclass
class CodeExchange:
    """Everything a code exchange read and decided, ready to be committed."""

    vendor: VendorClient
    code: ActivationCode
    code_hash: str
    organisation: Organisation
    active_roles: list[RoleAssignment]
    link_id: str = field(default_factory=new_id)
    refresh_secret: str = field(default_factory=new_secret)


@dataclass
class Refresh:
    """Everything a refresh read and decided, ready to be committed."""

    vendor: VendorClient
    link: AppLink
    presented_hash: str
    organisation: Organisation
    refresh_secret: str = field(default_factory=new_secret)


# --- the rate window -----------------------------------------------------------------


def window_start(moment: datetime) -> int:
    """Return the epoch second at which the fixed window containing `moment` began."""
    size = get_settings().exchange_window_seconds
    return int(moment.timestamp()) // size * size


def seconds_to_window_end(moment: datetime) -> int:
    end = window_start(moment) + get_settings().exchange_window_seconds
    return max(1, math.ceil(end - moment.timestamp()))


def count_failure(client_id: str) -> None:
    """Add one failure to the client's current window (an UpdateItem that creates it if needed)."""
    moment = clock.now()
    start = window_start(moment)
    window_end = datetime.fromtimestamp(start + get_settings().exchange_window_seconds, tz=moment.tzinfo)
    RateWindow(*rate_window_key(client_id, start)).update(
        actions=[
            RateWindow.failures.add(1),
            RateWindow.kind.set(RateWindow),
            RateWindow.ttl.set(window_end + RATE_WINDOW_RETENTION),
        ]
    )


def _refuse_when_rate_limited(window: RateWindow | None) -> None:
    limit = get_settings().exchange_failures_per_window
    if window is not None and (window.failures or 0) >= limit:
        raise OAuthError(
            "temporarily_unavailable",
            "oauth_rate_limited",
            status=429,
            headers={"Retry-After": str(seconds_to_window_end(clock.now()))},
        )


def _fail(client_id: str, error: str, description_code: str, **kwargs) -> OAuthError:
    """Count a failed exchange for `client_id` and return the error to raise."""
    count_failure(client_id)
    return OAuthError(error, description_code, **kwargs)


# --- reads and client authentication -----------------------------------------------------


def _first_read(client_id: str, target_key: tuple[str, str] | None) -> _FirstRead:
    """Read the vendor, the client's current rate window and the code or link in one BatchGetItem."""
    vendor_item_key = vendor_key(client_id)
    window_key = rate_window_key(client_id, window_start(clock.now()))
    keys = [vendor_item_key, window_key] + ([target_key] if target_key else [])
    found = {(item.pk, item.sk): item for item in RemiItem.batch_get(keys, consistent_read=True)}
    vendor = found.get(vendor_item_key)
    window = found.get(window_key)
    return _FirstRead(
        vendor=vendor if isinstance(vendor, VendorClient) else None,
        window=window if isinstance(window, RateWindow) else None,
        target=found.get(target_key) if target_key else None,
    )


def authenticate_client(credentials: ClientCredentials, read: _FirstRead) -> VendorClient:
    """Check the rate limit, then the client secret, then that the vendor is enabled."""
    _refuse_when_rate_limited(read.window)
    headers = BASIC_CHALLENGE if credentials.via_basic else {}
    if not vendors.client_secret_matches(read.vendor, credentials.client_secret):
        if read.vendor is None:
            raise OAuthError("invalid_client", "oauth_client_authentication_failed", status=401, headers=headers)
        # NOTE: a client id is not secret, so anyone can fill a vendor's window with wrong
        # secrets and block that vendor until the window ends. Counting these failures still
        # bounds guessing of secrets.
        raise _fail(credentials.client_id, "invalid_client", "oauth_client_authentication_failed",
                    status=401, headers=headers)
    assert read.vendor is not None
    if read.vendor.status != vendors.ACTIVE:
        raise OAuthError("unauthorized_client", "oauth_client_disabled")
    return read.vendor


def _person_read(ssin: str, enterprise_number: str) -> tuple[Organisation | None, list[RoleAssignment]]:
    """Read the organisation and the person's three possible role assignments in one BatchGetItem."""
    keys = [organisation_key(enterprise_number)] + [assignment_key(ssin, enterprise_number, role) for role in REMI_ROLES]
    organisation: Organisation | None = None
    assignments: list[RoleAssignment] = []
    for item in RemiItem.batch_get(keys, consistent_read=True):
        if isinstance(item, Organisation):
            organisation = item
        elif isinstance(item, RoleAssignment):
            assignments.append(item)
    return organisation, assignments


def active_roles(assignments: Iterable[RoleAssignment]) -> list[RoleAssignment]:
    ordered = sorted(assignments, key=lambda assignment: REMI_ROLES.index(assignment.role)
                     if assignment.role in REMI_ROLES else len(REMI_ROLES))
    return [assignment for assignment in ordered if assignment_is_active(assignment)]


def _check_person_standing(client_id: str, organisation: Organisation | None,
                           assignments: list[RoleAssignment]) -> tuple[Organisation, list[RoleAssignment]]:
    if organisation is None or not organisation.contract_active(clock.today_in_brussels()):
        raise _fail(client_id, "invalid_grant", "oauth_contract_not_active")
    roles = active_roles(assignments)
    if not roles:
        raise _fail(client_id, "invalid_grant", "oauth_role_not_active")
    return organisation, roles


def _cancelled_actions(error: TransactWriteError, labels: list[str]) -> set[str]:
    """Return the labels of the transaction actions whose condition failed, and re-raise other errors.

    `labels` must follow pynamodb's order: condition checks, deletes, puts, then updates.
    """
    if error.cause_response_code != "TransactionCanceledException":
        raise error
    reasons = error.cancellation_reasons or []
    return {label for label, reason in zip(labels, reasons)
            if reason is not None and reason.code == "ConditionalCheckFailed"}


def _vendor_actor(client_id: str) -> str:
    return f"vendor:{client_id}"


def _sign(vendor: VendorClient, link_id: str, enterprise_number: str) -> vendor_tokens.IssuedAccessToken:
    settings = get_settings()
    try:
        return vendor_tokens.issue_access_token(
            vendor_tokens.signer(),
            issuer=settings.token_issuer,
            audience=settings.token_audience,
            link_id=link_id,
            client_id=vendor.client_id,
            enterprise_number=enterprise_number,
            issued_at=clock.now(),
            lifetime_seconds=settings.access_token_seconds,
        )
    except vendor_tokens.SigningUnavailable:
        raise OAuthError("temporarily_unavailable", "oauth_signing_unavailable", status=503) from None


# --- the activation-code grant ---------------------------------------------------------


def prepare_code_exchange(credentials: ClientCredentials, code_text: str) -> CodeExchange:
    """Read and check everything a code exchange needs: two BatchGetItem requests.

    Raises OAuthError for a refused client or code. A code that was already used is a
    replay: the link it made is revoked before invalid_grant is raised.
    """
    code_hash = hash_activation_code(code_text)
    read = _first_read(credentials.client_id, activation_code_key(code_hash) if code_hash else None)
    vendor = authenticate_client(credentials, read)
    client_id = vendor.client_id

    code = read.target if isinstance(read.target, ActivationCode) else None
    if code_hash is None or code is None:
        raise _fail(client_id, "invalid_grant", "oauth_code_invalid")
    if code.status == USED:
        _revoke_replayed_code_link(code, client_id)
        raise _fail(client_id, "invalid_grant", "oauth_code_used")
    if code.status == REPLACED:
        raise _fail(client_id, "invalid_grant", "oauth_code_replaced")
    if not code_is_unused(code, clock.now()):
        raise _fail(client_id, "invalid_grant", "oauth_code_expired")

    organisation, roles = _check_person_standing(client_id, *_person_read(code.ssin, code.enterprise_number))
    return CodeExchange(vendor=vendor, code=code, code_hash=code_hash, organisation=organisation, active_roles=roles)


def _revoke_replayed_code_link(code: ActivationCode, client_id: str) -> None:
    link = AppLink(*app_link_key(code.link_id)) if code.link_id else None
    if link is None:
        return
    # Only the keys and the fields the audit event shows are needed for the conditional update.
    link.link_id = code.link_id
    link.enterprise_number = code.enterprise_number
    link.ssin = code.ssin
    revoked = app_links.revoke(link, _vendor_actor(client_id), app_links.ACTIVATION_CODE_REPLAYED)
    logger.warning(
        "activation code replayed",
        extra={"client_id": client_id, "code": code_reference(code.pk.split("#", 1)[1]),
               "link_id": code.link_id, "link_revoked": revoked, "person": pseudonym(code.ssin)},
    )


def commit_code_exchange(exchange: CodeExchange) -> TokenResponse:
    """Sign the access token, then use the code and create the link in one TransactWrite.

    The token is signed before the write: if KMS fails, the code stays unused and the vendor
    can retry, while a token signed for a link that is never written verifies nowhere,
    because every use of it reads the link.
    """
    now = clock.now()
    settings = get_settings()
    code = exchange.code
    vendor = exchange.vendor
    enterprise_number = code.enterprise_number
    access = _sign(vendor, exchange.link_id, enterprise_number)

    link_expires_at = now + timedelta(days=settings.refresh_token_days)
    person = exchange.active_roles[0]
    link = AppLink(
        *app_link_key(exchange.link_id),
        link_id=exchange.link_id,
        enterprise_number=enterprise_number,
        ssin=code.ssin,
        given_name=person.given_name,
        surname=person.surname,
        client_id=vendor.client_id,
        vendor_name=vendor.name,
        status=app_links.ACTIVE,
        created_at=now,
        expires_at=link_expires_at,
        last_used_at=now,
        refresh_token_hash=hash_secret(exchange.refresh_secret),
        used_refresh_hashes=[],
        ttl=link_expires_at + LINK_RETENTION,
        org_pk=enterprise_number,
        org_sk=f"{app_links.APP_LINK_SORT_PREFIX}{exchange.link_id}",
        person_pk=person_pk(code.ssin),
        person_sk=f"{app_links.APP_LINK_SORT_PREFIX}{exchange.link_id}",
    )
    link.schedule_sweep(link_expires_at)
    event = audit.new_event(enterprise_number, _vendor_actor(vendor.client_id), "app_link.created", "app_link",
                            exchange.link_id, after=audit.snapshot(link))

    labels = ["organisation", "pointer", "link", "event", "code"]
    try:
        with transaction() as write:
            write.condition_check(Organisation, *organisation_key(enterprise_number),
                                  condition=contract_active_condition(clock.today_in_brussels()))
            write.delete(
                ActivationCodePointer(*code_pointer_key(code.ssin, enterprise_number)),
                condition=(ActivationCodePointer.code_hash == exchange.code_hash)
                | ActivationCodePointer.pk.does_not_exist(),
            )
            write.save(link, condition=AppLink.pk.does_not_exist())
            audit.record(write, event)
            write.update(
                code,
                actions=[
                    ActivationCode.status.set(USED),
                    ActivationCode.used_at.set(now),
                    ActivationCode.used_by_client_id.set(vendor.client_id),
                    ActivationCode.link_id.set(exchange.link_id),
                    ActivationCode.ttl.set(link_expires_at),
                    ActivationCode.sweep_partition.remove(),
                    ActivationCode.sweep_at.remove(),
                ],
                condition=(ActivationCode.status == UNUSED) & (ActivationCode.expires_at > now),
            )
    except TransactWriteError as error:
        failed = _cancelled_actions(error, labels)
        if "organisation" in failed:
            raise _fail(vendor.client_id, "invalid_grant", "oauth_contract_not_active") from None
        # Another exchange of the same code won the race, or a newer code replaced it.
        raise _fail(vendor.client_id, "invalid_grant", "oauth_code_invalid") from None

    logger.info(
        "activation code exchanged",
        extra={"client_id": vendor.client_id, "link_id": exchange.link_id, "enterprise_number": enterprise_number,
               "person": pseudonym(code.ssin)},
    )
    return TokenResponse(
        access_token=access.token,
        expires_in=access.expires_in,
        refresh_token=f"{exchange.link_id}.{exchange.refresh_secret}",
        link_id=exchange.link_id,
    )


def exchange_activation_code(credentials: ClientCredentials, code_text: str) -> TokenResponse:
    return commit_code_exchange(prepare_code_exchange(credentials, code_text))


# --- the refresh-token grant -----------------------------------------------------------


def prepare_refresh(credentials: ClientCredentials, refresh_token: str) -> Refresh:
    """Read and check everything a refresh needs: two BatchGetItem requests.

    A refresh token that was already used revokes its link (reuse detection) before
    invalid_grant is raised, because one of the two parties holding it is not the vendor.
    """
    parts = split_token(refresh_token)
    read = _first_read(credentials.client_id, app_link_key(parts[0]) if parts else None)
    vendor = authenticate_client(credentials, read)
    client_id = vendor.client_id

    link = read.target if isinstance(read.target, AppLink) else None
    if parts is None or link is None:
        raise _fail(client_id, "invalid_grant", "oauth_refresh_token_invalid")
    if link.client_id != client_id:
        raise _fail(client_id, "invalid_grant", "oauth_grant_other_client")
    presented_hash = hash_secret(parts[1])
    if presented_hash in (link.used_refresh_hashes or []):
        revoked = app_links.revoke(link, _vendor_actor(client_id), app_links.REFRESH_TOKEN_REUSED)
        logger.warning("refresh token reused", extra={"client_id": client_id, "link_id": link.link_id,
                                                       "link_revoked": revoked})
        raise _fail(client_id, "invalid_grant", "oauth_refresh_token_reused")
    if not secret_matches(parts[1], link.refresh_token_hash):
        raise _fail(client_id, "invalid_grant", "oauth_refresh_token_invalid")
    if not app_links.is_usable(link):
        raise _fail(client_id, "invalid_grant", "oauth_link_not_active")

    organisation, _ = _check_person_standing(client_id, *_person_read(link.ssin, link.enterprise_number))
    return Refresh(vendor=vendor, link=link, presented_hash=presented_hash, organisation=organisation)


def commit_refresh(refresh: Refresh) -> TokenResponse:
    """Sign a new access token, then rotate the refresh token with a conditional update.

    The link's expiry slides: each refresh moves it `refresh_token_days` ahead, so a link in
    daily use keeps working while the role and the contract last, and an idle one expires.
    """
    now = clock.now()
    link = refresh.link
    vendor = refresh.vendor
    access = _sign(vendor, link.link_id, link.enterprise_number)

    expires_at = now + timedelta(days=get_settings().refresh_token_days)
    used = [refresh.presented_hash] + list(link.used_refresh_hashes or [])
    labels = ["organisation", "link"]
    try:
        with transaction() as write:
            write.condition_check(Organisation, *organisation_key(link.enterprise_number),
                                  condition=contract_active_condition(clock.today_in_brussels()))
            write.update(
                link,
                actions=[
                    AppLink.refresh_token_hash.set(hash_secret(refresh.refresh_secret)),
                    AppLink.used_refresh_hashes.set(used[:USED_REFRESH_HASHES_KEPT]),
                    AppLink.last_used_at.set(now),
                    AppLink.expires_at.set(expires_at),
                    AppLink.sweep_partition.set(SWEEP_PARTITION),
                    AppLink.sweep_at.set(expires_at),
                    AppLink.ttl.set(expires_at + LINK_RETENTION),
                ],
                condition=(AppLink.refresh_token_hash == refresh.presented_hash) & app_links.usable_condition(now),
            )
    except TransactWriteError as error:
        failed = _cancelled_actions(error, labels)
        if "organisation" in failed:
            raise _fail(vendor.client_id, "invalid_grant", "oauth_contract_not_active") from None
        # A concurrent refresh with the same token won, so this copy of the token is now used.
        raise _fail(vendor.client_id, "invalid_grant", "oauth_refresh_token_invalid") from None

    logger.info("refresh token rotated", extra={"client_id": vendor.client_id, "link_id": link.link_id})
    return TokenResponse(
        access_token=access.token,
        expires_in=access.expires_in,
        refresh_token=f"{link.link_id}.{refresh.refresh_secret}",
        link_id=link.link_id,
    )


def refresh_tokens(credentials: ClientCredentials, refresh_token: str) -> TokenResponse:
    return commit_refresh(prepare_refresh(credentials, refresh_token))


# --- revocation (RFC 7009) -------------------------------------------------------------


def revoke_token(credentials: ClientCredentials, token: str) -> None:
    """Revoke the app link behind a refresh or access token of this client.

    RFC 7009 section 2.2: an invalid, unknown or already revoked token is not an error, and
    a token of another client is left alone without saying so. Only client authentication
    can fail. The token's shape distinguishes the kinds (a JWT has three dot-separated parts),
    so `token_type_hint` is not needed.
    """
    link_id, secret = _link_of_token(token)
    read = _first_read(credentials.client_id, app_link_key(link_id) if link_id else None)
    vendor = authenticate_client(credentials, read)

    link = read.target if isinstance(read.target, AppLink) else None
    if link is None or link.client_id != vendor.client_id:
        return
    if secret is not None:
        presented_hash = hash_secret(secret)
        known = secret_matches(secret, link.refresh_token_hash) or presented_hash in (
            link.used_refresh_hashes or [])
        if not known:
            return
    app_links.revoke(link, _vendor_actor(vendor.client_id), app_links.REVOKED_BY_VENDOR)


def _link_of_token(token: str) -> tuple[str | None, str | None]:
    """Return the link id a token names and, for a refresh token, its secret, or (None, None)."""
    parts = split_token(token)
    if parts is not None:
        return parts
    settings = get_settings()
    try:
        claims = vendor_tokens.verify_access_token(
            token, vendor_tokens.signer().public_key(), issuer=settings.token_issuer,
            audience=settings.token_audience, now=clock.now(),
        )
    except vendor_tokens.InvalidAccessToken:
        return None, None
    except vendor_tokens.SigningUnavailable:
        raise OAuthError("temporarily_unavailable", "oauth_signing_unavailable", status=503) from None
    return claims.link_id, None


# --- the vendor API: who a link acts for -------------------------------------------------


@dataclass(frozen=True)
class LinkedPerson:
    """The content of `GET /v1/vendor/me`: the link, its vendor, the organisation and active roles."""

    link: AppLink
    vendor: VendorClient
    organisation: Organisation
    roles: list[RoleAssignment]

    @property
    def given_name(self) -> str | None:
        return next((role.given_name for role in self.roles if role.given_name), self.link.given_name)

    @property
    def surname(self) -> str | None:
        return next((role.surname for role in self.roles if role.surname), self.link.surname)


def linked_person(access_token: str) -> LinkedPerson:
    """Verify a REMI access token and return whom its link acts for, as of now.

    Two BatchGetItem requests: the link, its vendor and the organisation (all named by the
    token), then the person's three possible role assignments, whose keys need the SSIN
    that only the link holds. The SSIN is kept out of the token on purpose, because vendors
    and proxies may log tokens.

    Raises Unauthorized when the token or its link no longer works, and Forbidden when the
    person's role or the organisation's contract has ended.
    """
    settings = get_settings()
    try:
        claims = vendor_tokens.verify_access_token(
            access_token, vendor_tokens.signer().public_key(), issuer=settings.token_issuer,
            audience=settings.token_audience, now=clock.now(),
        )
    except vendor_tokens.InvalidAccessToken as error:
        raise Unauthorized(error.code) from None
    except vendor_tokens.SigningUnavailable:
        raise ServiceUnavailable("signing_unavailable") from None

    keys = [app_link_key(claims.link_id), vendor_key(claims.client_id), organisation_key(claims.enterprise_number)]
    found = {(item.pk, item.sk): item for item in RemiItem.batch_get(keys, consistent_read=True)}
    link = found.get(keys[0])
    vendor = found.get(keys[1])
    organisation = found.get(keys[2])

    if not isinstance(link, AppLink) or link.client_id != claims.client_id \
            or link.enterprise_number != claims.enterprise_number:
        raise Unauthorized("access_token_invalid")
    if not app_links.is_usable(link):
        raise Unauthorized("app_link_inactive")
    if not isinstance(vendor, VendorClient) or vendor.status != vendors.ACTIVE:
        raise Unauthorized("vendor_client_disabled")
    if not isinstance(organisation, Organisation) or not organisation.contract_active(clock.today_in_brussels()):
        raise Forbidden("linked_contract_not_active")

    keys = [assignment_key(link.ssin, link.enterprise_number, role) for role in REMI_ROLES]
    roles = active_roles(item for item in RemiItem.batch_get(keys, consistent_read=True)
                         if isinstance(item, RoleAssignment))
    if not roles:
        raise Forbidden("linked_person_no_active_role")
    return LinkedPerson(link=link, vendor=vendor, organisation=organisation, roles=roles)
