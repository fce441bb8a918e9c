"""Message catalogues: one module per area, each a dict of key -> {language: text}.

Add a new area module to CATALOGUES. A unit test fails when any key lacks one of the
four languages, so a message cannot ship in Dutch only.
"""

from chalicelib.messages import (
    access,
    common,
    identity,
)

CATALOGUES = [
    common.MESSAGES,
    identity.MESSAGES,
    access.MESSAGES,
]
