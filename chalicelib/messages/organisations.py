"""Messages of the organisations area: key -> {"nl", "fr", "de", "en"}."""

MESSAGES: dict[str, dict[str, str]] = {}
