"""Messages about organisations, managers, invitations, assignments and vendor links."""

MESSAGES: dict[str, dict[str, str]] = {}
