"""Onboarding: the legal-representative register, registering an organisation, and its main
access manager.

Only a legal representative of an enterprise, as listed in the register that operators
import from a KBO extract, may register that enterprise as an organisation and appoint or
replace its main access manager. The register lives in the table as one `Enterprise` item
per enterprise number plus one `LegalRepresentative` item per (enterprise, SSIN), so
"is this caller a legal representative of X" is a read by primary key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Literal

from pynamodb.exceptions import TransactWriteError

from chalicelib import clock
from chalicelib.errors import Conflict, Forbidden, NotFound
from chalicelib.identifiers import (
    InvalidIdentifier,
    format_enterprise_number,
    mask_ssin,
    parse_enterprise_number,
    parse_ssin,
)
from chalicelib.logs import logger, pseudonym
from chalicelib.services import audit
from chalicelib.services.managers import MAIN, ManagerDetails, condition_failed, new_manager
from chalicelib.services.permissions import ALL_DOMAINS, Caller
from chalicelib.store import organisation_cache
from chalicelib.store.connection import transaction
from chalicelib.store.models import (
    AccessManager,
    Enterprise,
    LegalRepresentative,
    Organisation,
    RemiItem,
    enterprise_key,
    legal_representative_key,
    manager_key,
    organisation_key,
)

SELF: Literal["self"] = "self"
Appointee = ManagerDetails | Literal["self"]

# Contract states shown with an organisation.
CONTRACT_NOT_SIGNED = "not_signed"
CONTRACT_NOT_YET_ACTIVE = "not_yet_active"
CONTRACT_ACTIVE = "active"
CONTRACT_ENDED = "ended"

_REPRESENTATIVE_PREFIX = "LEGAL_REPRESENTATIVE#"
_WHITESPACE = re.compile(r"\s+")


# The legal-representative register


@dataclass(frozen=True)
class RegisterRow:
    """One row of a register file: one legal representative of one enterprise.

    `line` is the row's line number in the file, used in reports. The values are as read,
    before validation.
    """

    line: int
    enterprise_number: str
    enterprise_name: str
    address: str
    legal_representative_ssin: str


@dataclass(frozen=True)
class RowProblem:
    """Why one row was rejected. `reason` is English for operators and never contains a full SSIN."""

    line: int
    column: str
    reason: str


@dataclass
class _RegisterEntry:
    enterprise_number: str
    name: str
    address: str | None
    first_line: int
    representatives: dict[str, int] = field(default_factory=dict)  # SSIN -> first line


@dataclass
class ImportReport:
    """Outcome of an import: counts, skipped duplicates and problems. Nothing is written when `problems` is not empty."""

    rows: int = 0
    enterprises: int = 0
    representatives: int = 0
    removed_representatives: int = 0
    # (enterprise number, masked SSIN) of each legal representative that `replace` removes.
    removed: list[tuple[str, str]] = field(default_factory=list)
    duplicate_lines: list[int] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    written: bool = False

    @property
    def valid(self) -> bool:
        return not self.problems


def _clean_text(value: str | None) -> str:
    return _WHITESPACE.sub(" ", value or "").strip()


def validate_register(rows: Iterable[RegisterRow]) -> tuple[list[_RegisterEntry], ImportReport]:
    """Check every row and group the valid ones by enterprise; list every problem found.

    A row needs a valid enterprise number, a non-empty enterprise name and a valid SSIN.
    Rows of the same enterprise must repeat the same name and address. A row that repeats
    an earlier (enterprise, SSIN) pair exactly is harmless and listed in `duplicate_lines`.
    """
    report = ImportReport()
    entries: dict[str, _RegisterEntry] = {}

    for row in rows:
        report.rows += 1
        problems = _row_problems(row)
        if problems:
            report.problems.extend(problems)
            continue

        number = parse_enterprise_number(row.enterprise_number)
        ssin = parse_ssin(row.legal_representative_ssin)
        name = _clean_text(row.enterprise_name)
        address = _clean_text(row.address) or None

        entry = entries.get(number)
        if entry is None:
            entry = entries[number] = _RegisterEntry(number, name, address, row.line)
        else:
            report.problems.extend(_consistency_problems(entry, row.line, name, address))

        if ssin in entry.representatives:
            report.duplicate_lines.append(row.line)
        else:
            entry.representatives[ssin] = row.line

    if report.rows == 0:
        report.problems.append(RowProblem(0, "", "the file has no data rows"))
    return list(entries.values()), report


def _row_problems(row: RegisterRow) -> list[RowProblem]:
    problems: list[RowProblem] = []
    try:
        parse_enterprise_number(row.enterprise_number)
    except InvalidIdentifier as error:
        problems.append(RowProblem(row.line, "enterprise_number", str(error)))
    if not _clean_text(row.enterprise_name):
        problems.append(RowProblem(row.line, "enterprise_name", "the enterprise name is empty"))
    if not _clean_text(row.legal_representative_ssin):
        problems.append(RowProblem(row.line, "legal_representative_ssin", "the SSIN is empty"))
    else:
        try:
            parse_ssin(row.legal_representative_ssin)
        except InvalidIdentifier as error:
            # InvalidIdentifier's message for an SSIN never repeats the value.
            problems.append(RowProblem(row.line, "legal_representative_ssin", str(error)))
    return problems


def _consistency_problems(entry: _RegisterEntry, line: int, name: str, address: str | None) -> list[RowProblem]:
    display_number = format_enterprise_number(entry.enterprise_number)
    problems: list[RowProblem] = []
    if name != entry.name:
        problems.append(RowProblem(
            line, "enterprise_name",
            f"enterprise {display_number} is named {name!r} here but {entry.name!r} on line {entry.first_line}; "
            "every row of one enterprise needs the same name"))
    if address != entry.address:
        problems.append(RowProblem(
            line, "address",
            f"enterprise {display_number} has address {address or ''!r} here but {entry.address or ''!r} "
            f"on line {entry.first_line}; every row of one enterprise needs the same address"))
    return problems


def import_register(rows: Iterable[RegisterRow], *, replace: bool = False, dry_run: bool = False) -> ImportReport:
    """Validate all rows, then upsert the register's enterprises and legal representatives.

    Nothing is written when any row is invalid. A rerun with the same rows writes the same
    items again (only `imported_at` changes). With `replace`, the stored legal
    representatives of the file's enterprises that the file no longer lists are removed.
    Enterprises that are not in the file keep theirs. With `dry_run` nothing is written, but
    the counts are those a real run would report.

    NOTE: BatchWriteItem is not a transaction. If the run stops halfway (throttling that
    outlasts pynamodb's retries, a lost connection), part of the file is written; rerunning
    the same file completes it.
    """
    entries, report = validate_register(rows)
    if not report.valid:
        return report

    moment = clock.now()
    stale = _stale_representatives(entries) if replace else []
    report.enterprises = len(entries)
    report.representatives = sum(len(entry.representatives) for entry in entries)
    report.removed_representatives = len(stale)
    report.removed = [(item.enterprise_number, mask_ssin(item.ssin)) for item in stale]
    if dry_run:
        return report

    with RemiItem.batch_write() as batch:
        for entry in entries:
            batch.save(Enterprise(*enterprise_key(entry.enterprise_number),
                                  enterprise_number=entry.enterprise_number, name=entry.name,
                                  address=entry.address, imported_at=moment))
            for ssin in entry.representatives:
                batch.save(LegalRepresentative(*legal_representative_key(entry.enterprise_number, ssin),
                                               enterprise_number=entry.enterprise_number, ssin=ssin,
                                               imported_at=moment))
        for representative in stale:
            batch.delete(representative)
    report.written = True

    logger.info("legal-representative register imported", extra={
        "enterprises": report.enterprises, "representatives": report.representatives,
        "removed_representatives": report.removed_representatives,
    })
    return report


def _stale_representatives(entries: list[_RegisterEntry]) -> list[LegalRepresentative]:
    """Find the stored legal representatives of these enterprises that the file no longer lists."""
    stale: list[LegalRepresentative] = []
    for entry in entries:
        stored = RemiItem.query(
            enterprise_key(entry.enterprise_number)[0],
            RemiItem.sk.startswith(_REPRESENTATIVE_PREFIX),
            consistent_read=True,
        )
        stale.extend(item for item in stored
                     if isinstance(item, LegalRepresentative) and item.ssin not in entry.representatives)
    return stale


def describe_problem(problem: RowProblem) -> str:
    """Format a problem as one line for operators: where it is and what is wrong."""
    where = f"line {problem.line}" if problem.line else "file"
    column = f", column {problem.column}" if problem.column else ""
    return f"{where}{column}: {problem.reason}"


# Registering an organisation and replacing its main access manager


@dataclass(frozen=True)
class Registration:
    """Registration data a legal representative enters: enterprise, contact details, main access manager."""

    enterprise_number: str
    email: str
    phone: str
    main_access_manager: Appointee


@dataclass
class OrganisationView:
    """An organisation with its main access manager record (None if that record is missing)."""

    organisation: Organisation
    main_access_manager: AccessManager | None


def _register_entry(enterprise_number: str, caller: Caller) -> tuple[Enterprise | None, bool]:
    """Read the register's enterprise and whether the caller represents it, in one BatchGetItem."""
    keys = [enterprise_key(enterprise_number), legal_representative_key(enterprise_number, caller.ssin)]
    enterprise: Enterprise | None = None
    is_representative = False
    for item in RemiItem.batch_get(keys, consistent_read=True):
        if isinstance(item, Enterprise):
            enterprise = item
        elif isinstance(item, LegalRepresentative):
            is_representative = True
    return enterprise, is_representative


def _appointee_details(appointee: Appointee, caller: Caller, organisation_email: str) -> ManagerDetails:
    """Resolve `self` to the caller, reached at the organisation's general address.

    CSAM also asks for a general address for the main access manager, so that mail still
    arrives when one person is away.
    """
    if appointee == SELF:
        return ManagerDetails(ssin=caller.ssin, email=organisation_email, language=caller.language,
                              given_name=caller.given_name, surname=caller.surname)
    assert isinstance(appointee, ManagerDetails)
    return appointee


def register_organisation(caller: Caller, registration: Registration) -> OrganisationView:
    """Register the enterprise as an organisation and appoint its main access manager.

    Raises NotFound `enterprise_not_in_register`, Forbidden `not_legal_representative`, or
    Conflict `organisation_already_registered`. The organisation, the main access manager
    record and the audit event are written in one transaction, and the organisation's key
    condition makes a second registration fail.
    """
    number = registration.enterprise_number
    display_number = format_enterprise_number(number)
    enterprise, is_representative = _register_entry(number, caller)
    if enterprise is None:
        raise NotFound("enterprise_not_in_register", params={"enterprise_number": display_number})
    if not is_representative:
        raise Forbidden("not_legal_representative", params={"enterprise_number": display_number})

    details = _appointee_details(registration.main_access_manager, caller, registration.email)
    manager = new_manager(number, details, level=MAIN, domain=ALL_DOMAINS, appointed_by=caller)
    moment = clock.now()
    organisation = Organisation(
        *organisation_key(number),
        enterprise_number=number,
        name=enterprise.name,
        address=enterprise.address,
        email=registration.email,
        phone=registration.phone,
        main_access_manager_ssin=details.ssin,
        registered_by_ssin=caller.ssin,
        registered_at=moment,
        terms_confirmed_at=moment,
    )
    event = audit.new_event(number, caller.ssin, "organisation_registered", "organisation", number,
                            before=None,
                            after={"organisation": audit.snapshot(organisation),
                                   "main_access_manager": audit.snapshot(manager)})

    try:
        with transaction() as writes:
            writes.save(organisation, condition=Organisation.pk.does_not_exist())
            writes.save(manager, condition=AccessManager.pk.does_not_exist())
            audit.record(writes, event)
    except TransactWriteError as error:
        if condition_failed(error):
            raise Conflict("organisation_already_registered", params={"enterprise_number": display_number}) from error
        raise
    organisation_cache.forget(number)

    logger.info("organisation registered", extra={
        "enterprise_number": number, "actor": pseudonym(caller.ssin),
        "main_access_manager": pseudonym(manager.ssin), "main_access_manager_is_caller": manager.ssin == caller.ssin,
    })
    return OrganisationView(organisation, manager)


def get_organisation(enterprise_number: str, known_managers: Iterable[AccessManager] = ()) -> OrganisationView:
    """Read the organisation and its main access manager, strongly consistently.

    `known_managers` are records the caller already read (their own standing); when the
    main access manager is among them, that saves a read.
    """
    try:
        organisation = Organisation.get(*organisation_key(enterprise_number), consistent_read=True)
    except Organisation.DoesNotExist:
        organisation = None
    if organisation is None:
        raise NotFound("organisation_not_registered",
                       params={"enterprise_number": format_enterprise_number(enterprise_number)})

    main_key = manager_key(organisation.main_access_manager_ssin, enterprise_number, ALL_DOMAINS)
    main = next((record for record in known_managers if (record.pk, record.sk) == main_key), None)
    if main is None:
        try:
            main = AccessManager.get(*main_key, consistent_read=True)
        except AccessManager.DoesNotExist:
            main = None
    return OrganisationView(organisation, main)


def organisation_for_representative(caller: Caller, enterprise_number: str) -> Organisation:
    """Read the registered organisation for one of its legal representatives, in one BatchGetItem.

    Raises Forbidden `not_legal_representative` first, so that other callers cannot learn
    whether the enterprise is registered, then NotFound `organisation_not_registered`.
    """
    keys = [organisation_key(enterprise_number), legal_representative_key(enterprise_number, caller.ssin)]
    organisation: Organisation | None = None
    is_representative = False
    for item in RemiItem.batch_get(keys, consistent_read=True):
        if isinstance(item, Organisation):
            organisation = item
        elif isinstance(item, LegalRepresentative):
            is_representative = True

    display_number = format_enterprise_number(enterprise_number)
    if not is_representative:
        raise Forbidden("not_legal_representative", params={"enterprise_number": display_number})
    if organisation is None:
        raise NotFound("organisation_not_registered", params={"enterprise_number": display_number})
    return organisation


def replace_main_access_manager(caller: Caller, organisation: Organisation, appointee: Appointee) -> OrganisationView:
    """Appoint another main access manager; `organisation` comes from organisation_for_representative.

    One transaction updates the organisation, on condition that it still names the main
    access manager that was read. The same transaction deletes the old main access manager's
    record, writes the new one and adds an audit event with the before and after. A co-main
    record of the new person becomes the main record. Appointing the current main access
    manager again changes nothing. Raises Conflict `main_access_manager_changed` when
    another replacement happened in between.
    """
    enterprise_number = organisation.enterprise_number
    details = _appointee_details(appointee, caller, organisation.email)
    old_ssin = organisation.main_access_manager_ssin
    if details.ssin == old_ssin:
        return get_organisation(enterprise_number)

    old_key = manager_key(old_ssin, enterprise_number, ALL_DOMAINS)
    new_key = manager_key(details.ssin, enterprise_number, ALL_DOMAINS)
    current = {(item.pk, item.sk): item
               for item in AccessManager.batch_get([old_key, new_key], consistent_read=True)}
    old_record = current.get(old_key)
    replaced_record = current.get(new_key)  # the new person's co-main record, if any

    new_record = new_manager(enterprise_number, details, level=MAIN, domain=ALL_DOMAINS, appointed_by=caller)
    before = {"main_access_manager_ssin": old_ssin,
              "main_access_manager": audit.snapshot(old_record),
              "appointee_record": audit.snapshot(replaced_record)}
    after = {"main_access_manager_ssin": details.ssin, "main_access_manager": audit.snapshot(new_record)}
    event = audit.new_event(enterprise_number, caller.ssin, "main_access_manager_replaced", "organisation",
                            enterprise_number, before=before, after=after)

    if replaced_record is None:
        new_condition = AccessManager.pk.does_not_exist()
    else:
        new_condition = AccessManager.manager_id == replaced_record.manager_id
    try:
        with transaction() as writes:
            writes.update(organisation,
                          actions=[Organisation.main_access_manager_ssin.set(details.ssin)],
                          condition=Organisation.main_access_manager_ssin == old_ssin)
            if old_record is not None:
                writes.delete(old_record, condition=AccessManager.manager_id == old_record.manager_id)
            writes.save(new_record, condition=new_condition)
            audit.record(writes, event)
    except TransactWriteError as error:
        if condition_failed(error):
            raise Conflict("main_access_manager_changed") from error
        raise
    organisation_cache.forget(enterprise_number)

    organisation.main_access_manager_ssin = details.ssin
    logger.info("main access manager replaced", extra={
        "enterprise_number": enterprise_number, "actor": pseudonym(caller.ssin),
        "previous": pseudonym(old_ssin), "current": pseudonym(details.ssin),
    })
    return OrganisationView(organisation, new_record)


def contract_state(organisation: Organisation, today: date | None = None) -> str:
    """Return `not_signed`, `not_yet_active` (signed, starts later), `active` or `ended` on a Brussels date."""
    today = today or clock.today_in_brussels()
    if organisation.contract_signed_on is None:
        return CONTRACT_NOT_SIGNED
    if organisation.contract_signed_on > today:
        return CONTRACT_NOT_YET_ACTIVE
    if organisation.contract_ends_on is not None and organisation.contract_ends_on < today:
        return CONTRACT_ENDED
    return CONTRACT_ACTIVE
