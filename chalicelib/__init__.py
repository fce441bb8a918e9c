"""REMI access backend: everything the Chalice app in app.py needs, and nothing local-only."""
