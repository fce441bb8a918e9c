"""The person's own routes: the login status check and their own role assignments.

Both return data about the person behind the FAS ID token to that same person, so the SSIN
is shown in full. Dates are ISO calendar dates; message texts are in the caller's language.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from chalicelib import clock
from chalicelib.api.context import current_language
from chalicelib.api.routing import ApiBlueprint, enterprise_number_from_path, json_response, query_params
from chalicelib.i18n import role_name, translate
from chalicelib.identifiers import format_enterprise_number, format_ssin
from chalicelib.services import status as status_service
from chalicelib.services.permissions import Caller
from chalicelib.services.status import AssignmentView, Diagnosis, OrganisationStatus, PersonStatus, RoleView
from chalicelib.store.models import Organisation

blueprint = ApiBlueprint(__name__)

# Date format inside a message sentence, per language.
_DATE_FORMATS = {"nl": "%d/%m/%Y", "fr": "%d/%m/%Y", "de": "%d.%m.%Y", "en": "%d/%m/%Y"}


@blueprint.route("/v1/me/status", methods=["GET"])
def get_status() -> Any:
    caller = blueprint.caller()
    raw_number = query_params(blueprint.current_request).get("enterprise_number")
    enterprise_number = enterprise_number_from_path(raw_number) if raw_number is not None else None
    result = status_service.check_status(caller.ssin, enterprise_number)
    return json_response(_status_body(caller, result, current_language()))


@blueprint.route("/v1/me/assignments", methods=["GET"])
def get_assignments() -> Any:
    caller = blueprint.caller()
    views = status_service.list_assignments(caller.ssin)
    language = current_language()
    return json_response({"assignments": [_assignment_body(view, language) for view in views]})


# Response shaping


def _status_body(caller: Caller, result: PersonStatus, language: str) -> dict[str, Any]:
    return {
        "person": {
            "given_name": caller.given_name,
            "surname": caller.surname,
            "ssin": format_ssin(caller.ssin),
        },
        "access": result.access,
        "can_use_remi_now": result.can_use_remi_now,
        "organisations": [_organisation_body(status, language) for status in result.organisations],
        "diagnosis": [_diagnosis_body(diagnosis, language) for diagnosis in result.diagnoses],
    }


def _organisation_body(status: OrganisationStatus, language: str) -> dict[str, Any]:
    organisation = status.organisation
    return {
        "enterprise_number": status.enterprise_number,
        "enterprise_number_display": format_enterprise_number(status.enterprise_number),
        "name": organisation.name if organisation is not None else None,
        "registered": organisation is not None,
        "access": status.access,
        "roles": [_role_body(view, language) for view in status.roles],
        "access_manager_domains": status.manager_domains,
        "contract": _contract_body(organisation, status.contract_active),
        "can_use_remi_now": status.can_use_remi_now,
        "diagnosis": [_diagnosis_body(diagnosis, language) for diagnosis in status.diagnoses],
    }


def _role_body(view: RoleView, language: str) -> dict[str, Any]:
    assignment = view.assignment
    return {
        "assignment_id": assignment.assignment_id,
        "role": assignment.role,
        "name": role_name(assignment.role, language),
        "status": view.state,
        "valid_from": assignment.valid_from,
        "valid_until": assignment.valid_until,
    }


def _contract_body(organisation: Organisation | None, active: bool) -> dict[str, Any]:
    signed_on = organisation.contract_signed_on if organisation is not None else None
    return {
        "signed": signed_on is not None,
        "signed_on": signed_on,
        "ends_on": organisation.contract_ends_on if organisation is not None else None,
        "active": active,
    }


def _diagnosis_body(diagnosis: Diagnosis, language: str) -> dict[str, Any]:
    return {
        "code": diagnosis.code,
        "message": translate(f"diagnosis_{diagnosis.code}", language, **_localized_params(diagnosis, language)),
        "enterprise_number": diagnosis.enterprise_number,
        "role": diagnosis.role,
    }


def _localized_params(diagnosis: Diagnosis, language: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for name, value in diagnosis.params.items():
        if isinstance(value, date):
            params[name] = value.strftime(_DATE_FORMATS[language])
        elif isinstance(value, list):
            params[name] = ", ".join(str(item) for item in value)
        else:
            params[name] = str(value)
    if diagnosis.role is not None:
        params["role"] = role_name(diagnosis.role, language)
    return params


def _assignment_body(view: AssignmentView, language: str) -> dict[str, Any]:
    assignment = view.assignment
    return {
        "assignment_id": assignment.assignment_id,
        "enterprise_number": assignment.enterprise_number,
        "enterprise_number_display": format_enterprise_number(assignment.enterprise_number),
        "organisation_name": view.organisation.name if view.organisation is not None else None,
        "role": assignment.role,
        "role_name": role_name(assignment.role, language),
        "status": assignment.status,
        "state": view.state,
        "valid_from": assignment.valid_from,
        "valid_until": assignment.valid_until,
        "created_at": clock.isoformat(assignment.created_at),
        "pending_since": clock.isoformat(assignment.pending_since),
        "decided_at": clock.isoformat(assignment.decided_at),
        "reason": assignment.reason,
    }
