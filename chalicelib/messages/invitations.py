"""Messages of the invitations area: key -> {"nl", "fr", "de", "en"}."""

MESSAGES: dict[str, dict[str, str]] = {}
