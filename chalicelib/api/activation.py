"""Routes for activation codes and app links: the staff member's side and the managers' side."""

from __future__ import annotations

import re
from typing import Any

from chalice import Response

from chalicelib.api.routing import ApiBlueprint, enterprise_number_from_path, json_response, no_content
from chalicelib.errors import BadRequest, NotFound
from chalicelib.identifiers import mask_ssin
from chalicelib.services import activation, app_links
from chalicelib.services.permissions import load_standing
from chalicelib.store import organisation_cache
from chalicelib.store.models import AppLink

blueprint = ApiBlueprint(__name__)

ORGANISATION_LINKS = "/v1/organisations/{enterprise_number}/app-links"

# Link ids are 128-bit hex (identity.secrets.new_id), so anything else cannot name a link.
_LINK_ID_PATTERN = re.compile(r"^[0-9a-f]{32}$")


@blueprint.route("/v1/me/activation-codes", methods=["POST"])
def create_activation_code() -> Response:
    caller = blueprint.caller()
    body = blueprint.json_body()
    value = body.get("enterprise_number")
    if value is None or value == "":
        raise BadRequest("field_missing", params={"field": "enterprise_number"})
    if not isinstance(value, str):
        raise BadRequest("enterprise_number_invalid", params={"field": "enterprise_number"})
    enterprise_number = enterprise_number_from_path(value)

    issued = activation.create_activation_code(caller, enterprise_number)
    return json_response(
        {"code": issued.code, "expires_at": issued.expires_at, "enterprise_number": issued.enterprise_number},
        status=201,
        headers={"Cache-Control": "no-store"},
    )


def _link_id(value: str) -> str:
    if not _LINK_ID_PATTERN.match(value or ""):
        raise NotFound("app_link_not_found", params={"link_id": value})
    return value


def _link_view(link: AppLink, organisation_name: str | None) -> dict[str, Any]:
    return {
        "link_id": link.link_id,
        "client_id": link.client_id,
        "vendor_name": link.vendor_name,
        "enterprise_number": link.enterprise_number,
        "organisation_name": organisation_name,
        "status": app_links.link_state(link),
        "created_at": link.created_at,
        "last_used_at": link.last_used_at,
        "expires_at": link.expires_at,
        "revoked_at": link.revoked_at,
        "revoked_reason": link.revoked_reason,
    }


@blueprint.route("/v1/me/app-links", methods=["GET"])
def list_my_app_links() -> Response:
    caller = blueprint.caller()
    links = app_links.list_person_links(caller.ssin)
    organisations = organisation_cache.get_many({link.enterprise_number for link in links})
    items = []
    for link in links:
        organisation = organisations.get(link.enterprise_number)
        items.append(_link_view(link, organisation.name if organisation else None))
    return json_response({"items": items})


@blueprint.route("/v1/me/app-links/{link_id}", methods=["DELETE"])
def revoke_my_app_link(link_id: str) -> Response:
    caller = blueprint.caller()
    app_links.revoke_own_link(caller, _link_id(link_id))
    return no_content()


@blueprint.route(ORGANISATION_LINKS, methods=["GET"])
def list_organisation_app_links(enterprise_number: str) -> Response:
    caller = blueprint.caller()
    number = enterprise_number_from_path(enterprise_number)
    standing = load_standing(caller.ssin, number)
    standing.require_manager_or_role("dpo")

    organisation = organisation_cache.get(number)
    organisation_name = organisation.name if organisation else None
    # Access managers see full national numbers; the DPO reads the list with masked ones.
    full_ssin = standing.manages_remi
    items = []
    for link in app_links.list_organisation_links(number):
        view = _link_view(link, organisation_name)
        view["person"] = {
            "ssin": link.ssin if full_ssin else mask_ssin(link.ssin),
            "given_name": link.given_name,
            "surname": link.surname,
        }
        items.append(view)
    return json_response({"items": items})


@blueprint.route(ORGANISATION_LINKS + "/{link_id}", methods=["DELETE"])
def revoke_organisation_app_link(enterprise_number: str, link_id: str) -> Response:
    caller = blueprint.caller()
    number = enterprise_number_from_path(enterprise_number)
    standing = load_standing(caller.ssin, number)
    app_links.revoke_organisation_link(standing, caller, _link_id(link_id))
    return no_content()
