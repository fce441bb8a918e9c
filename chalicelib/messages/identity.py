"""Messages about FAS ID tokens, REMI vendor tokens and who the caller is."""

MESSAGES: dict[str, dict[str, str]] = {}
