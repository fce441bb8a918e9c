"""The frontend's origin may call the API from a browser (the preflight is tested end to end)."""

from chalicelib.api import FRONTEND_ORIGIN


def test_response_carries_allowed_origin(client):
    response = client.http.get("/v1/health", headers={"Origin": FRONTEND_ORIGIN})
    assert response.headers["Access-Control-Allow-Origin"] == FRONTEND_ORIGIN
