"""remi-admin: the operators' command line for REMI access."""
