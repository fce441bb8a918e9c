"""Organisations and their access managers.

A legal representative registers the organisation and appoints or replaces its main
access manager. Main and co-main access managers appoint and remove the other access
managers. Every route under `/v1/organisations/{enterprise_number}` checks the caller's
right on that enterprise number before it reads the body or any other item.
"""

from __future__ import annotations

import re
from typing import Any

from chalicelib import clock
from chalicelib.api.context import current_language
from chalicelib.api.routing import ApiBlueprint, enterprise_number_from_path, json_response, no_content
from chalicelib.errors import BadRequest, NotFound
from chalicelib.i18n import LANGUAGES, role_name, translate
from chalicelib.identifiers import InvalidIdentifier, format_enterprise_number, format_ssin, parse_enterprise_number, parse_ssin
from chalicelib.services import managers, onboarding
from chalicelib.services.managers import ManagerDetails
from chalicelib.services.permissions import ALL_DOMAINS, CSAM_DOMAINS, REMI_ROLES, Caller, Standing, load_standing
from chalicelib.store.models import AccessManager

blueprint = ApiBlueprint(__name__)

ORGANISATION = "/v1/organisations/{enterprise_number}"

# Field limits: long enough for any real value, short enough to keep items and logs small.
_MAX_NAME_LENGTH = 100
_MAX_EMAIL_LENGTH = 254  # RFC 5321's limit on a forward path
_PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ./()\-]+$")
_PHONE_DIGITS = (8, 15)  # a Belgian fixed line has 8 national digits; E.164 allows at most 15
# One @, no spaces, a dot in the domain: the form check a sign-up form makes, not RFC 5322.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
_MANAGER_ID = re.compile(r"^[0-9a-f]{32}$")


# Routes


@blueprint.route("/v1/organisations", methods=["POST"])
def register_organisation() -> Any:
    caller = blueprint.caller()
    body = blueprint.json_body()
    registration = _registration(body)

    view = onboarding.register_organisation(caller, registration)

    number = registration.enterprise_number
    document = _organisation_document(view, show_ssin=True)
    document["next_steps"] = _next_steps(view, caller)
    return json_response(document, status=201, headers={"Location": f"/v1/organisations/{number}"})


@blueprint.route(ORGANISATION, methods=["GET"])
def read_organisation(enterprise_number: str) -> Any:
    caller = blueprint.caller()
    number = enterprise_number_from_path(enterprise_number)
    standing = load_standing(caller.ssin, number)
    standing.require_manager_or_role(*REMI_ROLES)

    view = onboarding.get_organisation(number, known_managers=standing.managers)

    document = _organisation_document(view, show_ssin=standing.manages_remi)
    document["caller"] = _caller_rights(standing)
    return json_response(document)


@blueprint.route(ORGANISATION + "/main-access-manager", methods=["PUT"])
def replace_main_access_manager(enterprise_number: str) -> Any:
    caller = blueprint.caller()
    number = enterprise_number_from_path(enterprise_number)
    organisation = onboarding.organisation_for_representative(caller, number)
    body = blueprint.json_body()
    appointee = _appointee(_require(body, "main_access_manager"), "main_access_manager")

    view = onboarding.replace_main_access_manager(caller, organisation, appointee)

    document = _organisation_document(view, show_ssin=True)
    document["next_steps"] = _next_steps(view, caller)
    return json_response(document)


@blueprint.route(ORGANISATION + "/access-managers", methods=["GET"])
def list_access_managers(enterprise_number: str) -> Any:
    caller = blueprint.caller()
    number = enterprise_number_from_path(enterprise_number)
    load_standing(caller.ssin, number).require_main_access_manager()

    records = managers.list_managers(number)

    return json_response({
        "enterprise_number": number,
        "access_managers": [_manager_document(record, show_ssin=True) for record in records],
    })


@blueprint.route(ORGANISATION + "/access-managers", methods=["POST"])
def add_access_manager(enterprise_number: str) -> Any:
    caller = blueprint.caller()
    number = enterprise_number_from_path(enterprise_number)
    load_standing(caller.ssin, number).require_main_access_manager()
    body = blueprint.json_body()
    details = _manager_details(body, "")
    level, domain = _level_and_domain(body)

    record = managers.add_manager(caller, number, details, level=level, domain=domain)

    return json_response(_manager_document(record, show_ssin=True), status=201)


@blueprint.route(ORGANISATION + "/access-managers/{manager_id}", methods=["DELETE"])
def remove_access_manager(enterprise_number: str, manager_id: str) -> Any:
    caller = blueprint.caller()
    number = enterprise_number_from_path(enterprise_number)
    load_standing(caller.ssin, number).require_main_access_manager()
    if not _MANAGER_ID.match(manager_id):
        raise NotFound("access_manager_not_found")

    managers.remove_manager(caller, number, manager_id)

    return no_content()


# Request bodies


def _field(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _require(body: dict[str, Any], name: str, prefix: str = "") -> Any:
    value = body.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise BadRequest("field_missing", params={"field": _field(prefix, name)})
    return value


def _text(body: dict[str, Any], name: str, prefix: str = "", *, required: bool, max_length: int) -> str | None:
    field = _field(prefix, name)
    value = _require(body, name, prefix) if required else body.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or len(value.strip()) > max_length:
        raise BadRequest("field_invalid", params={"field": field})
    return value.strip() or None


def _email(body: dict[str, Any], name: str, prefix: str = "") -> str:
    value = _require(body, name, prefix)
    field = _field(prefix, name)
    if not isinstance(value, str):
        raise BadRequest("field_invalid", params={"field": field})
    email = value.strip()
    if len(email) > _MAX_EMAIL_LENGTH or not _EMAIL.match(email):
        raise BadRequest("email_invalid", params={"field": field})
    return email


def _phone(body: dict[str, Any], name: str) -> str:
    value = _require(body, name)
    if not isinstance(value, str):
        raise BadRequest("field_invalid", params={"field": name})
    phone = " ".join(value.split())
    digit_count = sum(character.isdigit() for character in phone)
    if not _PHONE_CHARACTERS.match(phone) or not _PHONE_DIGITS[0] <= digit_count <= _PHONE_DIGITS[1]:
        raise BadRequest("field_invalid", params={"field": name})
    return phone


def _ssin(body: dict[str, Any], name: str, prefix: str = "") -> str:
    value = _require(body, name, prefix)
    field = _field(prefix, name)
    if not isinstance(value, str):
        raise BadRequest("ssin_invalid", params={"field": field})
    try:
        return parse_ssin(value)
    except InvalidIdentifier as error:
        raise BadRequest("ssin_invalid", params={"field": field}) from error


def _language(body: dict[str, Any], name: str, prefix: str = "") -> str:
    value = _require(body, name, prefix)
    if not isinstance(value, str) or value.strip().lower() not in LANGUAGES:
        raise BadRequest("field_invalid", params={"field": _field(prefix, name)})
    return value.strip().lower()


def _manager_details(body: dict[str, Any], prefix: str) -> ManagerDetails:
    """SSIN, e-mail, language and optional names of a person to appoint."""
    return ManagerDetails(
        ssin=_ssin(body, "ssin", prefix),
        given_name=_text(body, "given_name", prefix, required=False, max_length=_MAX_NAME_LENGTH),
        surname=_text(body, "surname", prefix, required=False, max_length=_MAX_NAME_LENGTH),
        email=_email(body, "email", prefix),
        language=_language(body, "language", prefix),
    )


def _appointee(value: Any, field: str) -> onboarding.Appointee:
    """`"self"`, or an object naming another person."""
    if value == onboarding.SELF:
        return onboarding.SELF
    if not isinstance(value, dict):
        raise BadRequest("field_invalid", params={"field": field})
    return _manager_details(value, field)


def _registration(body: dict[str, Any]) -> onboarding.Registration:
    raw_number = _require(body, "enterprise_number")
    try:
        number = parse_enterprise_number(raw_number)
    except InvalidIdentifier as error:
        raise BadRequest("enterprise_number_invalid", params={"field": "enterprise_number"}) from error

    registration = onboarding.Registration(
        enterprise_number=number,
        email=_email(body, "email"),
        phone=_phone(body, "phone"),
        main_access_manager=_appointee(_require(body, "main_access_manager"), "main_access_manager"),
    )

    confirmed = body.get("terms_confirmed")
    if confirmed is not None and not isinstance(confirmed, bool):
        raise BadRequest("field_invalid", params={"field": "terms_confirmed"})
    if confirmed is not True:
        raise BadRequest("terms_not_confirmed")
    return registration


def _level_and_domain(body: dict[str, Any]) -> tuple[str, str | None]:
    level = _require(body, "level")
    if level not in managers.APPOINTABLE_LEVELS:
        raise BadRequest("field_invalid", params={"field": "level"})

    domain = body.get("domain")
    if level == managers.CO_MAIN:
        # A co-main access manager manages every domain, so a named domain other than `*` is a mistake.
        if domain not in (None, ALL_DOMAINS):
            raise BadRequest("field_invalid", params={"field": "domain"})
        return level, ALL_DOMAINS

    domain = _require(body, "domain")
    if domain not in CSAM_DOMAINS:
        raise BadRequest("field_invalid", params={"field": "domain"})
    return level, domain


# Response documents


def _organisation_document(view: onboarding.OrganisationView, *, show_ssin: bool) -> dict[str, Any]:
    organisation = view.organisation
    return {
        "enterprise_number": organisation.enterprise_number,
        "enterprise_number_display": format_enterprise_number(organisation.enterprise_number),
        "name": organisation.name,
        "address": organisation.address,
        "email": organisation.email,
        "phone": organisation.phone,
        "registered_at": clock.isoformat(organisation.registered_at),
        "contract_signed_on": organisation.contract_signed_on,
        "contract_ends_on": organisation.contract_ends_on,
        "contract_state": onboarding.contract_state(organisation),
        "main_access_manager": _main_manager_document(organisation.main_access_manager_ssin,
                                                      view.main_access_manager, show_ssin=show_ssin),
    }


def _main_manager_document(ssin: str, record: AccessManager | None, *, show_ssin: bool) -> dict[str, Any]:
    if record is not None:
        return _manager_document(record, show_ssin=show_ssin)
    # The organisation names a main access manager whose record is missing: show what is known.
    document: dict[str, Any] = {"manager_id": None, "given_name": None, "surname": None}
    if show_ssin:
        document.update(ssin=ssin, ssin_display=format_ssin(ssin))
    return document


def _manager_document(record: AccessManager, *, show_ssin: bool) -> dict[str, Any]:
    language = current_language()
    document: dict[str, Any] = {
        "manager_id": record.manager_id,
        "level": record.level,
        "level_name": translate(f"access_manager_level_{record.level}", language),
        "domain": record.domain,
        "domain_name": translate(_domain_message_key(record.domain), language),
        "given_name": record.given_name,
        "surname": record.surname,
        "email": record.email,
        "language": record.language,
        "appointed_at": clock.isoformat(record.appointed_at),
    }
    if show_ssin:
        document["ssin"] = record.ssin
        document["ssin_display"] = format_ssin(record.ssin)
    return document


def _domain_message_key(domain: str) -> str:
    return "csam_domain_all" if domain == ALL_DOMAINS else f"csam_domain_{domain}"


def _caller_rights(standing: Standing) -> dict[str, Any]:
    """Summarize the caller's rights here, so the frontend shows only the screens that will work."""
    language = current_language()
    roles = sorted({assignment.role for assignment in standing.active_roles()})
    return {
        "is_main_access_manager": standing.is_main_access_manager,
        "manages_remi": standing.manages_remi,
        "domains": sorted({manager.domain for manager in standing.managers}),
        "active_roles": [{"role": role, "name": role_name(role, language)} for role in roles],
    }


def _next_steps(view: onboarding.OrganisationView, caller: Caller) -> list[dict[str, str]]:
    """List the next steps the frontend shows after registration or replacement, localized."""
    language = current_language()
    organisation = view.organisation
    steps: list[str] = []
    if organisation.main_access_manager_ssin == caller.ssin:
        steps += ["next_step_appoint_access_managers", "next_step_invite_staff"]
    else:
        steps.append("next_step_inform_main_access_manager")
    if onboarding.contract_state(organisation) != onboarding.CONTRACT_ACTIVE:
        steps.append("next_step_contract")

    record = view.main_access_manager
    name = " ".join(part for part in (record.given_name, record.surname) if part) if record else ""
    email = record.email if record else ""
    return [{"code": step.removeprefix("next_step_"),
             "detail": translate(step, language, name=name or email, email=email)}
            for step in steps]
