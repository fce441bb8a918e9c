"""REMI access: the Chalice app. Routes live in chalicelib/api, the domain in chalicelib/services."""

from chalice import Chalice, Rate

from chalicelib.api import register
from chalicelib.api.schedule import run_sweep

app = Chalice(app_name="remi-access")
register(app)


@app.schedule(Rate(15, unit=Rate.MINUTES), name="expiry_sweep")
def expiry_sweep(event):
    """Expire invitations, assignments, pending approvals, codes and app links whose time is over."""
    return run_sweep(event)
