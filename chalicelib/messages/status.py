"""Messages of the status area: key -> {"nl", "fr", "de", "en"}."""

MESSAGES: dict[str, dict[str, str]] = {}
