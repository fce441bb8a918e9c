"""Role assignments of an organisation (guide step 5) and its audit trail.

Access managers list, approve, reject, change and stop assignments and export the users
as CSV; DPOs and department heads read the list with SSINs masked. Main access managers
and the DPO read the audit trail, where SSINs are masked for the DPO.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any, Mapping

from chalice import Response

from chalicelib import clock
from chalicelib.api.context import current_language
from chalicelib.api.invitations import (
    optional_json_body,
    read_choice,
    read_date,
    read_page_request,
    read_text,
)
from chalicelib.api.routing import ApiBlueprint, enterprise_number_from_path, json_response, query_params
from chalicelib.errors import BadRequest
from chalicelib.i18n import role_name, translate
from chalicelib.identifiers import format_ssin, mask_ssin
from chalicelib.services import assignments
from chalicelib.services.assignments import AssignmentFilter
from chalicelib.services.permissions import REMI_ROLES, Caller, Standing
from chalicelib.store.models import AuditEvent, RoleAssignment

blueprint = ApiBlueprint(__name__)

ORGANISATION = "/v1/organisations/{enterprise_number}"
ASSIGNMENTS = ORGANISATION + "/assignments"
ASSIGNMENT = ASSIGNMENTS + "/{assignment_id}"

CSV_CONTENT_TYPE = "text/csv"
_MAX_SEARCH_LENGTH = 100
_CSV_COLUMNS = ("csv_ssin", "csv_surname", "csv_given_name", "csv_email", "csv_role", "csv_status",
                "csv_valid_from", "csv_valid_until")
# Spreadsheets run a cell that starts with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# Listing and export


@blueprint.route(ASSIGNMENTS, methods=["GET"])
def list_assignments(enterprise_number: str) -> Any:
    caller = blueprint.caller()
    number = enterprise_number_from_path(enterprise_number)
    wants_csv = prefers_csv(blueprint.current_request.headers.get("accept"))
    if wants_csv:
        standing = assignments.require_remi_manager(caller, number)
    else:
        standing = assignments.require_assignment_reader(caller, number)
    params = query_params(blueprint.current_request)
    filters = AssignmentFilter(
        status=read_choice(params, "status", assignments.LISTED_STATUSES),
        role=read_choice(params, "role", REMI_ROLES),
        text=_search_text(params),
    )
    language = current_language()

    if wants_csv:
        return _csv_export(number, assignments.all_assignments(number, filters), language)

    limit, cursor = read_page_request(params)
    page = assignments.list_assignments(number, filters, limit=limit, cursor=cursor)
    moment = clock.now()
    return json_response({
        "items": [assignment_document(item, caller, standing, language, moment) for item in page.items],
        "next": page.next_cursor,
    })


def prefers_csv(accept: str | None) -> bool:
    """Return whether an Accept header prefers text/csv to application/json (RFC 9110 section 12.5.1)."""
    weights: dict[str, float] = {}
    for media_range in (accept or "").split(","):
        parts = [part.strip() for part in media_range.split(";")]
        media_type = parts[0].lower()
        weight = 1.0
        for parameter in parts[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        weights[media_type] = max(weight, weights.get(media_type, 0.0))
    csv_weight = weights.get(CSV_CONTENT_TYPE, 0.0)
    return csv_weight > 0 and csv_weight > weights.get("application/json", 0.0)


def _search_text(params: Mapping[str, str]) -> str | None:
    text = (params.get("q") or "").strip()
    if len(text) > _MAX_SEARCH_LENGTH:
        raise BadRequest("text_field_too_long", params={"field": "q", "max": _MAX_SEARCH_LENGTH})
    return text or None


def _csv_export(enterprise_number: str, rows: list[RoleAssignment], language: str) -> Response:
    """Export the users as CSV for spreadsheets set up for Belgium: `;` separated, UTF-8 with a BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([translate(column, language) for column in _CSV_COLUMNS])
    moment = clock.now()
    unlimited = translate("csv_unlimited", language)
    for item in rows:
        writer.writerow([
            format_ssin(item.ssin),
            _cell(item.surname),
            _cell(item.given_name),
            _cell(item.email),
            role_name(item.role, language),
            translate(f"assignment_status_{assignments.effective_status(item, moment)}", language),
            item.valid_from.isoformat(),
            item.valid_until.isoformat() if item.valid_until else unlimited,
        ])
    filename = f"remi-users-{enterprise_number}.csv"
    return Response(
        body="\ufeff" + buffer.getvalue(),
        status_code=200,
        headers={
            "Content-Type": f"{CSV_CONTENT_TYPE}; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{filename}"',
        },
    )


def _cell(value: str | None) -> str:
    text = value or ""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


# Decisions and changes


@blueprint.route(ASSIGNMENT + "/approve", methods=["POST"])
def approve_assignment(enterprise_number: str, assignment_id: str) -> Any:
    caller = blueprint.caller()
    number = enterprise_number_from_path(enterprise_number)
    standing = assignments.require_remi_manager(caller, number)

    assignment = assignments.approve_assignment(caller, number, assignment_id)

    return json_response(assignment_document(assignment, caller, standing, current_language()))


@blueprint.route(ASSIGNMENT + "/reject", methods=["POST"])
def reject_assignment(enterprise_number: str, assignment_id: str) -> Any:
    caller = blueprint.caller()
    number = enterprise_number_from_path(enterprise_number)
    standing = assignments.require_remi_manager(caller, number)
    body = blueprint.json_body()
    reason = read_text(body, "reason", assignments.MAX_REASON_LENGTH, required=True) or ""

    assignment = assignments.reject_assignment(caller, number, assignment_id, reason)

    return json_response(assignment_document(assignment, caller, standing, current_language()))


@blueprint.route(ASSIGNMENT, methods=["PATCH"])
def change_assignment(enterprise_number: str, assignment_id: str) -> Any:
    caller = blueprint.caller()
    number = enterprise_number_from_path(enterprise_number)
    standing = assignments.require_remi_manager(caller, number)
    body = blueprint.json_body()
    if "valid_from" not in body and "valid_until" not in body:
        raise BadRequest("field_missing", params={"field": "valid_from, valid_until"})
    if "valid_from" in body and body["valid_from"] is None:
        raise BadRequest("date_invalid", params={"field": "valid_from"})

    assignment = assignments.change_validity(
        caller, number, assignment_id,
        valid_from=read_date(body, "valid_from"),
        valid_until=read_date(body, "valid_until"),
        change_valid_until="valid_until" in body,
    )

    return json_response(assignment_document(assignment, caller, standing, current_language()))


@blueprint.route(ASSIGNMENT, methods=["DELETE"])
def stop_assignment(enterprise_number: str, assignment_id: str) -> Any:
    caller = blueprint.caller()
    number = enterprise_number_from_path(enterprise_number)
    standing = assignments.require_remi_manager(caller, number)
    body = optional_json_body()
    reason = read_text(body, "reason", assignments.MAX_REASON_LENGTH)

    assignment = assignments.stop_assignment(caller, number, assignment_id, reason)

    return json_response(assignment_document(assignment, caller, standing, current_language()))


# The audit trail


@blueprint.route(ORGANISATION + "/audit-events", methods=["GET"])
def list_audit_events(enterprise_number: str) -> Any:
    caller = blueprint.caller()
    number = enterprise_number_from_path(enterprise_number)
    standing = assignments.require_audit_reader(caller, number)
    limit, cursor = read_page_request(query_params(blueprint.current_request))

    page = assignments.list_audit_events(number, limit=limit, cursor=cursor)

    masked = not standing.is_main_access_manager
    return json_response({
        "items": [audit_event_document(event, masked=masked) for event in page.items],
        "next": page.next_cursor,
    })


# Response documents


def assignment_document(
    assignment: RoleAssignment,
    caller: Caller,
    standing: Standing,
    language: str,
    moment: datetime | None = None,
) -> dict[str, Any]:
    """Build an assignment document for a list reader, with the full SSIN only for REMI managers and the person."""
    full_ssin = standing.manages_remi or assignment.ssin == caller.ssin
    return {
        "assignment_id": assignment.assignment_id,
        "enterprise_number": assignment.enterprise_number,
        "ssin": format_ssin(assignment.ssin) if full_ssin else mask_ssin(assignment.ssin),
        "surname": assignment.surname,
        "given_name": assignment.given_name,
        "email": assignment.email,
        "role": assignment.role,
        "role_name": role_name(assignment.role, language),
        "status": assignments.effective_status(assignment, moment),
        "valid_from": assignment.valid_from,
        "valid_until": assignment.valid_until,
        "invitation_id": assignment.invitation_id,
        "pending_since": clock.isoformat(assignment.pending_since),
        "decided_at": clock.isoformat(assignment.decided_at),
        "reason": assignment.reason,
        "created_at": clock.isoformat(assignment.created_at),
        "updated_at": clock.isoformat(assignment.updated_at),
    }


def audit_event_document(event: AuditEvent, *, masked: bool) -> dict[str, Any]:
    document = {
        "event_id": event.event_id,
        "at": clock.isoformat(event.at),
        "actor": event.actor,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "before": event.before,
        "after": event.after,
    }
    if masked:
        document["actor"] = assignments.mask_actor(event.actor)
        document["before"] = assignments.mask_ssins(event.before)
        document["after"] = assignments.mask_ssins(event.after)
    return document
