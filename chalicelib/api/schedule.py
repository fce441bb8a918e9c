"""The scheduled expiry sweep's entry point."""

from __future__ import annotations

from typing import Any

from chalicelib.logs import logger
from chalicelib.store import connection


class SweepIncomplete(RuntimeError):
    """Some items could not be written; they stay due, and the next run retries them."""


def run_sweep(event: Any) -> dict[str, Any]:
    """Run one sweep; a failure is logged and raised so the Lambda error metric and alarm fire."""
    from chalicelib.services import sweep

    connection.bind()
    try:
        summary = sweep.run()
    except Exception:
        logger.exception("expiry sweep failed")
        raise
    if summary["failed"]:
        raise SweepIncomplete(f"expiry sweep could not write {summary['failed']} due items; see the warnings above")
    return summary
