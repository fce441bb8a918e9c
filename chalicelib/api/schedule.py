"""The scheduled expiry sweep's entry point."""

from __future__ import annotations

from typing import Any

from chalicelib.logs import logger
from chalicelib.store import connection


def run_sweep(event: Any) -> dict[str, Any]:
    """Run one sweep; a failure is logged and raised so the Lambda error metric and alarm fire."""
    from chalicelib.services import sweep

    connection.bind()
    try:
        summary = sweep.run()
    except Exception:
        logger.exception("expiry sweep failed")
        raise
    return summary
