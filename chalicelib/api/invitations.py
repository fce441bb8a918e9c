"""Invitations (guide step 3) and their acceptance (guide step 4).

Access managers of the social_security domain, and main access managers, create, list,
revoke and reissue an organisation's invitations. Every route under
`/v1/organisations/{enterprise_number}` checks the caller's right there before it reads
the body. The invitee previews and accepts a link with its token in the request body,
because the link keeps the token in its URL fragment and no API URL may carry it.

The request helpers at the end are shared with the assignments routes.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Mapping

from chalicelib import clock
from chalicelib.api.context import current_language
from chalicelib.api.routing import ApiBlueprint, enterprise_number_from_path, json_response, query_params
from chalicelib.errors import BadRequest
from chalicelib.i18n import role_name
from chalicelib.identifiers import InvalidIdentifier, format_enterprise_number, format_ssin, parse_ssin
from chalicelib.services import invitations
from chalicelib.services.assignments import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, effective_status, require_remi_manager
from chalicelib.services.invitations import InvitationDraft, Invitee, SaveAs
from chalicelib.services.permissions import REMI_ROLES
from chalicelib.store.models import Invitation, RoleAssignment

blueprint = ApiBlueprint(__name__)

INVITATIONS = "/v1/organisations/{enterprise_number}/invitations"
INVITATION = INVITATIONS + "/{invitation_id}"

_MAX_EMAIL_LENGTH = 254  # RFC 5321's limit on a forward path
# One @, no spaces, a dot in the domain: the form check a sign-up form makes, not RFC 5322.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
_MAX_TOKEN_LENGTH = 200


# Routes for access managers


@blueprint.route(INVITATIONS, methods=["POST"])
def create_invitation(enterprise_number: str) -> Any:
    caller = blueprint.caller()
    number = enterprise_number_from_path(enterprise_number)
    require_remi_manager(caller, number)
    draft = _draft(blueprint.json_body())

    issued = invitations.create_invitation(caller, number, draft)

    document = invitation_document(issued.invitation)
    document["link"] = issued.link
    document["token"] = issued.token
    location = f"/v1/organisations/{number}/invitations/{issued.invitation.invitation_id}"
    return json_response(document, status=201, headers={"Location": location})


@blueprint.route(INVITATIONS, methods=["GET"])
def list_invitations(enterprise_number: str) -> Any:
    caller = blueprint.caller()
    number = enterprise_number_from_path(enterprise_number)
    require_remi_manager(caller, number)
    params = query_params(blueprint.current_request)
    state = read_choice(params, "status", invitations.INVITATION_STATES)
    saved_only = read_choice(params, "saved", ("true", "false")) == "true"
    limit, cursor = read_page_request(params)

    page = invitations.list_invitations(number, state=state, saved_only=saved_only, limit=limit, cursor=cursor)

    moment = clock.now()
    return json_response({
        "items": [invitation_document(item, moment) for item in page.items],
        "next": page.next_cursor,
    })


@blueprint.route(INVITATION, methods=["GET"])
def read_invitation(enterprise_number: str, invitation_id: str) -> Any:
    caller = blueprint.caller()
    number = enterprise_number_from_path(enterprise_number)
    require_remi_manager(caller, number)

    invitation = invitations.get_invitation(number, invitation_id)

    return json_response(invitation_document(invitation))


@blueprint.route(INVITATION, methods=["DELETE"])
def revoke_invitation(enterprise_number: str, invitation_id: str) -> Any:
    caller = blueprint.caller()
    number = enterprise_number_from_path(enterprise_number)
    require_remi_manager(caller, number)

    invitation = invitations.revoke_invitation(caller, number, invitation_id)

    return json_response(invitation_document(invitation))


@blueprint.route(INVITATION + "/reissue", methods=["POST"])
def reissue_invitation(enterprise_number: str, invitation_id: str) -> Any:
    caller = blueprint.caller()
    number = enterprise_number_from_path(enterprise_number)
    require_remi_manager(caller, number)
    body = optional_json_body()

    issued = invitations.reissue_invitation(
        caller, number, invitation_id,
        expires_on=read_date(body, "expires_on"),
        valid_from=read_date(body, "valid_from"),
        valid_until=read_date(body, "valid_until"),
        change_valid_until="valid_until" in body,
    )

    document = invitation_document(issued.invitation)
    document["link"] = issued.link
    document["token"] = issued.token
    return json_response(document)


# Routes for the invitee


@blueprint.route("/v1/invitations/preview", methods=["POST"])
def preview_invitation() -> Any:
    caller = blueprint.caller()
    body = blueprint.json_body()

    opened = invitations.preview_invitation(caller, _token(body))

    invitation = opened.invitation
    language = current_language()
    suggested_email = (opened.invitee or {}).get("email") or caller.email
    return json_response({
        "invitation_id": invitation.invitation_id,
        "organisation": organisation_document(invitation),
        "roles": role_documents(invitation.roles, language),
        "valid_from": invitation.valid_from,
        "valid_until": invitation.valid_until,
        "message": invitation.message,
        "expires_on": invitation.expires_on,
        "expires_at": clock.isoformat(invitation.expires_at),
        "requires_approval": invitation.requires_approval,
        "addressed_to_you": opened.invitee is not None,
        "already_accepted": opened.acceptance is not None,
        "suggested_email": suggested_email,
    })


@blueprint.route("/v1/invitations/accept", methods=["POST"])
def accept_invitation() -> Any:
    caller = blueprint.caller()
    body = blueprint.json_body()
    token = _token(body)
    email = read_email(body, "email", required=True)

    result = invitations.accept_invitation(caller, token, email)

    language = current_language()
    return json_response({
        "invitation_id": result.invitation.invitation_id,
        "organisation": organisation_document(result.invitation),
        "already_accepted": result.already_accepted,
        "assignments": [own_assignment_document(item, language) for item in result.assignments],
    }, status=200 if result.already_accepted else 201)


# Response documents


def role_documents(roles: list[str], language: str) -> list[dict[str, str]]:
    return [{"role": role, "name": role_name(role, language)} for role in roles]


def organisation_document(invitation: Invitation) -> dict[str, Any]:
    return {
        "enterprise_number": invitation.enterprise_number,
        "enterprise_number_display": format_enterprise_number(invitation.enterprise_number),
        "name": invitation.organisation_name,
    }


def invitation_document(invitation: Invitation, moment: Any = None) -> dict[str, Any]:
    """Build the invitation document for access managers, without its secret or the secret's hash."""
    moment = moment or clock.now()
    return {
        "invitation_id": invitation.invitation_id,
        "enterprise_number": invitation.enterprise_number,
        "organisation_name": invitation.organisation_name,
        "roles": role_documents(invitation.roles, current_language()),
        "valid_from": invitation.valid_from,
        "valid_until": invitation.valid_until,
        "invitees": [_invitee_document(entry) for entry in invitation.invitees or []],
        "message": invitation.message,
        "expires_on": invitation.expires_on,
        "expires_at": clock.isoformat(invitation.expires_at),
        "max_uses": invitation.max_uses,
        "use_count": invitation.use_count,
        "requires_approval": invitation.requires_approval,
        "saved": invitation.saved,
        "name": invitation.name,
        "description": invitation.description,
        "status": invitations.invitation_state(invitation, moment),
        "created_at": clock.isoformat(invitation.created_at),
        "issued_at": clock.isoformat(invitation.issued_at or invitation.created_at),
        "updated_at": clock.isoformat(invitation.updated_at),
    }


def _invitee_document(entry: Mapping[str, Any]) -> dict[str, Any]:
    ssin = entry.get("ssin")
    return {
        "surname": entry.get("surname"),
        "given_name": entry.get("given_name"),
        "email": entry.get("email"),
        "ssin": format_ssin(ssin) if ssin else None,
    }


def own_assignment_document(assignment: RoleAssignment, language: str) -> dict[str, Any]:
    """Build the document of a role assignment for its own person, after accepting."""
    return {
        "assignment_id": assignment.assignment_id,
        "enterprise_number": assignment.enterprise_number,
        "role": assignment.role,
        "role_name": role_name(assignment.role, language),
        "status": effective_status(assignment),
        "valid_from": assignment.valid_from,
        "valid_until": assignment.valid_until,
        "email": assignment.email,
    }


# Request parsing, shared with the assignments routes


def optional_json_body() -> dict[str, Any]:
    """Return the JSON object body, or an empty dict when the request has no body at all."""
    if not blueprint.current_request.raw_body:
        return {}
    return blueprint.json_body()


def read_text(body: Mapping[str, Any], field: str, max_length: int, *, required: bool = False,
              label: str | None = None) -> str | None:
    """Read a trimmed string field, where empty counts as absent. `label` names the field in errors."""
    label = label or field
    value = body.get(field)
    if value is not None and not isinstance(value, str):
        raise BadRequest("field_invalid", params={"field": label})
    text = (value or "").strip()
    if not text:
        if required:
            raise BadRequest("field_missing", params={"field": label})
        return None
    if len(text) > max_length:
        raise BadRequest("text_field_too_long", params={"field": label, "max": max_length})
    return text


def read_email(body: Mapping[str, Any], field: str, *, required: bool = False, label: str | None = None) -> str | None:
    label = label or field
    text = read_text(body, field, _MAX_EMAIL_LENGTH, required=required, label=label)
    if text is not None and not _EMAIL.match(text):
        raise BadRequest("email_invalid", params={"field": label})
    return text


def read_date(body: Mapping[str, Any], field: str) -> date | None:
    """Read a `YYYY-MM-DD` calendar date, or None when the field is absent or null."""
    value = body.get(field)
    if value is None:
        return None
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise BadRequest("date_invalid", params={"field": field})
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise BadRequest("date_invalid", params={"field": field}) from exc


def read_choice(params: Mapping[str, str], name: str, allowed: tuple[str, ...]) -> str | None:
    value = params.get(name)
    if value is None:
        return None
    if value not in allowed:
        raise BadRequest("list_filter_invalid", params={"field": name, "allowed": ", ".join(allowed)})
    return value


def read_page_request(params: Mapping[str, str]) -> tuple[int, str | None]:
    """Read the `limit` (default 50, at most 200) and `cursor` query parameters of a listing."""
    raw_limit = params.get("limit")
    limit = DEFAULT_PAGE_SIZE
    if raw_limit is not None:
        if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= MAX_PAGE_SIZE:
            raise BadRequest("list_limit_invalid", params={"max": MAX_PAGE_SIZE})
        limit = int(raw_limit)
    return limit, params.get("cursor") or None


def _token(body: Mapping[str, Any]) -> str:
    token = body.get("token")
    if token is None or token == "":
        raise BadRequest("field_missing", params={"field": "token"})
    if not isinstance(token, str) or len(token) > _MAX_TOKEN_LENGTH:
        raise BadRequest("field_invalid", params={"field": "token"})
    # A pasted link works as well as the bare token: keep what follows the fragment mark.
    return token.rpartition("#")[2].strip()


def _draft(body: Mapping[str, Any]) -> InvitationDraft:
    roles = body.get("roles")
    if not isinstance(roles, list) or not all(isinstance(role, str) for role in roles):
        raise BadRequest("invitation_roles_invalid", params={"roles": ", ".join(REMI_ROLES)})

    requires_approval = body.get("requires_approval")
    if requires_approval is not None and not isinstance(requires_approval, bool):
        raise BadRequest("field_invalid", params={"field": "requires_approval"})

    return InvitationDraft(
        roles=tuple(roles),
        valid_from=read_date(body, "valid_from"),
        valid_until=read_date(body, "valid_until"),
        invitees=_invitees(body.get("invitees")),
        message=read_text(body, "message", invitations.MAX_MESSAGE_LENGTH),
        expires_on=read_date(body, "expires_on"),
        max_uses=_max_uses(body.get("max_uses")),
        max_uses_given="max_uses" in body,
        requires_approval=requires_approval,
        save_as=_save_as(body.get("save")),
    )


def _max_uses(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadRequest("max_uses_invalid", params={"max": invitations.MAX_USES_LIMIT})
    return value


def _invitees(value: Any) -> tuple[Invitee, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise BadRequest("field_invalid", params={"field": "invitees"})
    if len(value) > invitations.MAX_INVITEES:
        raise BadRequest("invitees_too_many", params={"max": invitations.MAX_INVITEES})
    return tuple(_invitee(entry, f"invitees[{position}]") for position, entry in enumerate(value))


def _invitee(entry: Any, path: str) -> Invitee:
    if not isinstance(entry, dict):
        raise BadRequest("field_invalid", params={"field": path})
    limit = invitations.MAX_NAME_LENGTH
    surname = read_text(entry, "surname", limit, required=True, label=f"{path}.surname")
    given_name = read_text(entry, "given_name", limit, required=True, label=f"{path}.given_name")
    email = read_email(entry, "email", required=True, label=f"{path}.email")
    ssin = None
    raw_ssin = entry.get("ssin")
    if raw_ssin not in (None, ""):
        try:
            ssin = parse_ssin(raw_ssin)
        except InvalidIdentifier as exc:
            raise BadRequest("ssin_invalid", params={"field": f"{path}.ssin"}) from exc
    return Invitee(surname=surname or "", given_name=given_name or "", email=email or "", ssin=ssin)


def _save_as(value: Any) -> SaveAs | None:
    if value is None or value is False:
        return None
    if not isinstance(value, dict):
        raise BadRequest("field_invalid", params={"field": "save"})
    name = read_text(value, "name", invitations.MAX_SAVE_NAME_LENGTH, required=True, label="save.name")
    description = read_text(value, "description", invitations.MAX_SAVE_DESCRIPTION_LENGTH, required=True,
                            label="save.description")
    return SaveAs(name=name or "", description=description or "")
