"""Messages of the vendors area: key -> {"nl", "fr", "de", "en"}."""

MESSAGES: dict[str, dict[str, str]] = {}
