"""HTTP layer: one blueprint per area, registered on the app by `register()`."""

from __future__ import annotations

from chalice import Chalice, CORSConfig

# The REMI frontend calls the API from another origin. Chalice bakes this into the API
# Gateway OPTIONS responses at packaging time, so it is a constant and not a setting read
# at run time. infra/resources.yaml sets the same origin on the gateway's error responses.
FRONTEND_ORIGIN = "https://referencebudgets.be"
CORS = CORSConfig(
    allow_origin=FRONTEND_ORIGIN,
    allow_headers=["Authorization", "Content-Type", "Accept-Language"],
    expose_headers=["Content-Language", "Retry-After", "Location"],
    max_age=600,
)


def register(app: Chalice) -> None:
    """Install the middleware and every area's routes on `app`."""
    from chalicelib.api import (
        activation,
        assignments,
        health,
        invitations,
        me,
        middleware,
        oauth,
        organisations,
    )

    middleware.install(app)
    # Routes take the app's CORS default when their blueprint is registered, so set it first.
    app.api.cors = CORS
    for area in (health, me, organisations, invitations, assignments, activation, oauth):
        app.register_blueprint(area.blueprint)
