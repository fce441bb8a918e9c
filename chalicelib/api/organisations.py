"""Routes of this area; see docs/architecture.md for the layers."""

from chalicelib.api.routing import ApiBlueprint

blueprint = ApiBlueprint(__name__)
