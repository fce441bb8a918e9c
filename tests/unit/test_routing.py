"""Views return failures as problem+json, whatever raised them."""

import json

from pynamodb.exceptions import CancellationReason, TransactWriteError, VerboseClientError

from chalicelib.api.context import begin_request
from chalicelib.api.routing import _answer_errors


def _cancelled(*codes: str | None) -> TransactWriteError:
    """The error pynamodb raises for a cancelled transaction; None marks an item that did not fail."""
    response = {"Error": {"Code": "TransactionCanceledException", "Message": "Transaction cancelled"}}
    reasons = [CancellationReason(code=code) if code else None for code in codes]
    cause = VerboseClientError(response, "TransactWriteItems", cancellation_reasons=reasons)
    return TransactWriteError("Failed to write transaction items", cause=cause)


def _answer(error: Exception):
    begin_request("en")

    def view():
        raise error

    return _answer_errors(view)()


def test_transaction_conflict_is_409():
    assert _answer(_cancelled(None, "TransactionConflict")).status_code == 409


def test_transaction_conflict_code_is_concurrent_change():
    body = json.loads(_answer(_cancelled("TransactionConflict")).body)
    assert body["code"] == "concurrent_change"


def test_transaction_conflict_asks_for_retry():
    assert _answer(_cancelled("TransactionConflict")).headers["Retry-After"] == "1"


def test_unmapped_condition_failure_is_500():
    assert _answer(_cancelled("ConditionalCheckFailed")).status_code == 500


def test_unexpected_error_is_500_problem():
    response = _answer(RuntimeError("boom"))
    assert json.loads(response.body)["code"] == "internal_error"


def test_unexpected_error_detail_hides_the_cause():
    response = _answer(RuntimeError("secret detail"))
    assert "secret detail" not in response.body
