"""Liveness, and the public keys of REMI-issued vendor tokens."""

from __future__ import annotations

from chalicelib.api.routing import ApiBlueprint, json_response

blueprint = ApiBlueprint(__name__)


@blueprint.route("/v1/health", methods=["GET"])
def health():
    """Liveness only: it touches no table, so a slow dependency cannot make it fail."""
    return json_response({"status": "ok"})

