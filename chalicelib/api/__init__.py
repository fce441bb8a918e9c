"""HTTP layer: one blueprint per area, registered on the app by `register()`."""

from __future__ import annotations

from chalice import Chalice


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
    for area in (health, me, organisations, invitations, assignments, activation, oauth):
        app.register_blueprint(area.blueprint)
